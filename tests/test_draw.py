"""Tests of draw protocol v1 (pintuan.draw) and the draw/verify subcommands."""

from __future__ import annotations

import argparse
import hashlib
import hmac
import json
import struct
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pintuan.cli._draw import register
from pintuan.draw import (
    PROTOCOL,
    DrawRecord,
    Mismatch,
    Verification,
    commitment,
    draw,
    group_seed,
    pool_digest,
    rank_entries,
    score,
    select_winners,
    select_winners_streaming,
    verify,
)
from pintuan.errors import DrawError

# ---------------------------------------------------------------- independent reference
# A few lines straight from the protocol text, using hmac.new (not hmac.digest).


def ref_score(seed: bytes, entry: str) -> bytes:
    return hmac.new(seed, b"entry:" + entry.encode("utf-8"), hashlib.sha256).digest()


def ref_rank(seed: bytes, entries: list[str]) -> list[str]:
    return sorted(entries, key=lambda e: (ref_score(seed, e), e.encode("utf-8")))


def ref_pool_digest(entries: list[str]) -> str:
    h = hashlib.sha256()
    for raw in sorted(e.encode("utf-8") for e in entries):
        h.update(struct.pack(">I", len(raw)) + raw)
    return h.hexdigest()


# ---------------------------------------------------------------- published test vectors

SEED_1 = bytes.fromhex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f")
ENTRIES_1 = [f"order-{i:03d}" for i in range(1, 11)]
SEED_2 = b"pintuan draw v1 test vector #2!!"
ENTRIES_2 = ["订单-甲", "订单-乙", "Émile", "zoë", "a"]


def test_vector_1() -> None:
    assert commitment(SEED_1) == "630dcd2966c4336691125448bbb25b4ff412a49c732db2c8abc1b8581bd710dd"
    assert (
        pool_digest(ENTRIES_1) == "afe5b753b7c4bcebe090d5b9370050aaf7a374f09502fa7b6b4255821b9aee90"
    )
    assert (
        score(SEED_1, "order-001").hex()
        == "5628f2ad83a2d6beeedf04f2c9c8a2ba7c871ade06250b1efe403820b9d87b7e"
    )
    assert (
        group_seed(SEED_1, "group-42").hex()
        == "1db61fb812b263e1de85501249047c8b3a5de6fb8ea849b4b7476b639e2a5bf2"
    )
    assert rank_entries(SEED_1, ENTRIES_1) == (
        "order-002", "order-006", "order-005", "order-001", "order-009",
        "order-003", "order-010", "order-004", "order-008", "order-007",
    )  # fmt: skip
    assert select_winners(SEED_1, ENTRIES_1, 3) == ("order-002", "order-006", "order-005")


def test_vector_2_non_ascii() -> None:
    assert SEED_2.hex() == "70696e7475616e2064726177207631207465737420766563746f722023322121"
    assert commitment(SEED_2) == "3541f02cc8831953811e13e5c6e6aa89fbdfeafd37c58392589abe7131d4fe72"
    assert (
        pool_digest(ENTRIES_2) == "c4d7bb3089185e0f23798a24e508828ed0f34751293f41df2e179a057edc043c"
    )
    assert (
        score(SEED_2, "订单-乙").hex()
        == "52a3179269d69c59354831abb1baa8d9bd399f71654171bc3372ff675467fb2c"
    )
    assert rank_entries(SEED_2, ENTRIES_2) == ("订单-乙", "Émile", "a", "订单-甲", "zoë")
    record = draw(SEED_2, ENTRIES_2, 2)
    assert record.winners == ("订单-乙", "Émile")
    assert record.reserves == ("a", "订单-甲", "zoë")


def test_vectors_match_reference() -> None:
    for seed, entries in ((SEED_1, ENTRIES_1), (SEED_2, ENTRIES_2)):
        assert list(rank_entries(seed, entries)) == ref_rank(seed, entries)
        assert pool_digest(entries) == ref_pool_digest(entries)
        assert commitment(seed) == hashlib.sha256(seed).hexdigest()
        for entry in entries:
            assert score(seed, entry) == ref_score(seed, entry)


# ---------------------------------------------------------------- properties

seeds = st.binary(min_size=16, max_size=40)
entry_text = st.text(alphabet=st.characters(exclude_categories=("Cs",)), min_size=1, max_size=12)
pools = st.lists(entry_text, unique=True, max_size=30)
small_k = st.integers(min_value=0, max_value=35)


@given(seed=seeds, entries=pools)
def test_ranking_matches_independent_reference(seed: bytes, entries: list[str]) -> None:
    assert list(rank_entries(seed, entries)) == ref_rank(seed, entries)
    assert pool_digest(entries) == ref_pool_digest(entries)


@given(seed=seeds, entries=pools, k=small_k, data=st.data())
def test_result_ignores_input_order(
    seed: bytes, entries: list[str], k: int, data: st.DataObject
) -> None:
    shuffled = data.draw(st.permutations(entries))
    assert select_winners(seed, shuffled, k) == select_winners(seed, entries, k)
    assert draw(seed, shuffled, k) == draw(seed, entries, k)
    assert pool_digest(shuffled) == pool_digest(entries)


@given(seed=seeds, entries=pools, k=small_k, data=st.data())
def test_removing_a_non_winner_keeps_the_winners(
    seed: bytes, entries: list[str], k: int, data: st.DataObject
) -> None:
    winners = select_winners(seed, entries, k)
    losers = [e for e in entries if e not in winners]
    if not losers:
        return
    gone = data.draw(st.sampled_from(losers))
    assert select_winners(seed, [e for e in entries if e != gone], k) == winners


@given(seed=seeds, entries=pools, k=small_k)
def test_k_winners_are_a_prefix_of_k_plus_1(seed: bytes, entries: list[str], k: int) -> None:
    more = select_winners(seed, entries, k + 1)
    assert select_winners(seed, entries, k) == more[:k]


@given(seed=seeds, entries=pools, k=small_k)
def test_exactly_min_k_n_winners_and_a_permutation(seed: bytes, entries: list[str], k: int) -> None:
    record = draw(seed, entries, k)
    assert len(record.winners) == min(k, len(entries))
    assert sorted(record.winners + record.reserves) == sorted(entries)
    assert record.winners + record.reserves == rank_entries(seed, entries)


@given(seed=seeds, entries=pools, k=small_k, reserves=st.integers(0, 10))
def test_limited_reserves_are_a_prefix(
    seed: bytes, entries: list[str], k: int, reserves: int
) -> None:
    full = draw(seed, entries, k)
    short = draw(seed, entries, k, reserves=reserves)
    assert short.winners == full.winners
    assert short.reserves == full.reserves[:reserves]
    assert verify(short, seed, entries).ok


@given(seed=seeds, entries=pools, k=small_k)
def test_streaming_equals_select_winners(seed: bytes, entries: list[str], k: int) -> None:
    assert select_winners_streaming(seed, iter(entries), k) == select_winners(seed, entries, k)


@settings(max_examples=10)
@given(seed=seeds, k=st.integers(0, 40))
def test_streaming_equals_select_winners_past_the_buffer(seed: bytes, k: int) -> None:
    # More entries than k + 1024, so the candidate pool is pruned several times.
    entries = [f"o{i}" for i in range(3000)]
    assert select_winners_streaming(seed, iter(entries), k) == select_winners(seed, entries, k)


def test_streaming_large_k_prunes_and_matches() -> None:
    entries = [f"order-{i}" for i in range(6000)]
    assert select_winners_streaming(SEED_1, entries, 1500) == select_winners(SEED_1, entries, 1500)


def test_streaming_finds_a_duplicated_winner() -> None:
    entries = [f"o{i}" for i in range(3000)]
    first = select_winners(SEED_1, entries, 5)[0]
    with pytest.raises(DrawError) as info:
        select_winners_streaming(SEED_1, [*entries, first], 5)
    assert info.value.field == "entries[3000]"


def test_streaming_tolerates_only_duplicates_that_cannot_win() -> None:
    # Documented limit: a late duplicate of an entry already out of the running
    # may go unnoticed; the winners are then those of the distinct entries.
    entries = [f"o{i}" for i in range(3000)]
    last = rank_entries(SEED_1, entries)[-1]
    assert select_winners_streaming(SEED_1, [*entries, last], 5) == select_winners(
        SEED_1, entries, 5
    )


def test_group_seed_gives_independent_draws() -> None:
    g1, g2 = group_seed(SEED_1, "g1"), group_seed(SEED_1, "g2")
    assert len(g1) == 32
    assert g1 != g2
    assert g1 == hmac.new(SEED_1, b"group:g1", hashlib.sha256).digest()
    assert select_winners(g1, ENTRIES_1, 10) != select_winners(g2, ENTRIES_1, 10)


def test_empty_pool_has_no_winners() -> None:
    assert select_winners(SEED_1, [], 3) == ()
    assert select_winners_streaming(SEED_1, [], 3) == ()
    record = draw(SEED_1, [], 3)
    assert (record.winners, record.reserves) == ((), ())
    assert record.pool_digest == hashlib.sha256(b"").hexdigest()


def test_k_zero_and_k_above_n() -> None:
    assert select_winners(SEED_1, ENTRIES_1, 0) == ()
    assert select_winners(SEED_1, ENTRIES_1, 50) == rank_entries(SEED_1, ENTRIES_1)


# ---------------------------------------------------------------- statistics


def test_each_entry_wins_about_k_over_n_of_the_time() -> None:
    # 3000 fixed seeds, 10 entries, 3 winners: each entry expects 900 wins.
    # Chi-square with 9 degrees of freedom; 27.88 is its 0.1 % critical value.
    # (Wins within a draw are negatively correlated, which only lowers the
    # statistic, so the test is conservative.) The first place is checked too.
    n, k, draws = 10, 3, 3000
    entries = [f"e{i}" for i in range(n)]
    wins = dict.fromkeys(entries, 0)
    firsts = dict.fromkeys(entries, 0)
    for i in range(draws):
        seed = hashlib.sha256(b"chi-square seed %d" % i).digest()
        winners = select_winners(seed, entries, k)
        firsts[winners[0]] += 1
        for winner in winners:
            wins[winner] += 1
    expected = draws * k / n
    chi2 = sum((w - expected) ** 2 / expected for w in wins.values())
    assert chi2 < 27.88, (chi2, wins)
    expected_first = draws / n
    chi2_first = sum((f - expected_first) ** 2 / expected_first for f in firsts.values())
    assert chi2_first < 27.88, (chi2_first, firsts)


# ---------------------------------------------------------------- records and verify


def test_record_round_trips_through_json() -> None:
    record = draw(SEED_1, ENTRIES_1, 3, reserves=2)
    data = json.loads(json.dumps(record.to_dict()))
    assert data == {
        "protocol": PROTOCOL,
        "commitment": commitment(SEED_1),
        "pool_digest": pool_digest(ENTRIES_1),
        "k": 3,
        "winners": ["order-002", "order-006", "order-005"],
        "reserves": ["order-001", "order-009"],
    }
    assert DrawRecord.from_dict(data) == record
    assert verify(record, SEED_1, ENTRIES_1) == Verification(ok=True, mismatches=())


def _fields(result: Verification) -> list[str]:
    return [m.field for m in result.mismatches]


def test_verify_reports_each_tampered_field() -> None:
    record = draw(SEED_1, ENTRIES_1, 3)
    swapped = (record.reserves[0], *record.winners[1:])
    rest = (record.winners[0], *record.reserves[1:])
    cases = {
        "protocol": attrs.evolve(record, protocol="pintuan-draw-v0"),
        "commitment": attrs.evolve(record, commitment="0" * 64),
        "pool_digest": attrs.evolve(record, pool_digest="f" * 64),
        "reserves": attrs.evolve(record, reserves=tuple(reversed(record.reserves))),
    }
    for field, tampered in cases.items():
        result = verify(tampered, SEED_1, ENTRIES_1)
        assert not result.ok
        assert _fields(result) == [field]
    both = verify(attrs.evolve(record, winners=swapped, reserves=rest), SEED_1, ENTRIES_1)
    assert _fields(both) == ["winners", "reserves"]
    assert both.mismatches[0] == Mismatch(
        field="winners", recorded=swapped, recomputed=record.winners
    )
    assert "rank 1" in both.mismatches[0].describe()


def test_verify_with_wrong_seed_or_pool() -> None:
    record = draw(SEED_1, ENTRIES_1, 3)
    wrong_seed = verify(record, SEED_2, ENTRIES_1)
    assert _fields(wrong_seed)[:1] == ["commitment"]
    fewer = verify(record, SEED_1, ENTRIES_1[:-1])
    assert "pool_digest" in _fields(fewer)
    described = [m.describe() for m in fewer.mismatches]
    assert any(d.startswith("pool_digest: recorded '") for d in described)


def test_from_dict_names_the_bad_key() -> None:
    good = draw(SEED_1, ENTRIES_1, 3).to_dict()
    bad_values = {
        "commitment": "ABC",
        "pool_digest": 7,
        "k": -1,
        "winners": "order-002",
        "reserves": [1],
        "protocol": "",
    }
    for key, value in bad_values.items():
        with pytest.raises(DrawError) as info:
            DrawRecord.from_dict({**good, key: value})
        assert info.value.field.split("[")[0] == key, key
    with pytest.raises(DrawError) as info:
        DrawRecord.from_dict({k: v for k, v in good.items() if k != "k"})
    assert info.value.field == "k"
    with pytest.raises(DrawError) as info:
        DrawRecord.from_dict({**good, "extra": 1})
    assert info.value.field == "extra"
    with pytest.raises(DrawError) as info:
        DrawRecord.from_dict({**good, "k": True})
    assert info.value.field == "k"
    with pytest.raises(DrawError) as info:
        DrawRecord.from_dict({**good, "k": 1})
    assert info.value.field == "winners"
    with pytest.raises(DrawError) as info:
        DrawRecord.from_dict({**good, "reserves": [good["winners"][0]]})
    assert info.value.field == "reserves"
    with pytest.raises(DrawError) as info:
        DrawRecord.from_dict({**good, "winners": ["a", "a"]})
    assert info.value.field == "winners[1]"
    with pytest.raises(DrawError) as info:
        DrawRecord.from_dict([1, 2])  # type: ignore[arg-type]
    assert info.value.field == "record"


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: select_winners(SEED_1, ["a", "b", "a"], 1), "entries[2]"),
        (lambda: select_winners(SEED_1, ["a", ""], 1), "entries[1]"),
        (lambda: select_winners(SEED_1, ["a", 3], 1), "entries[1]"),
        (lambda: select_winners(SEED_1, [b"a"], 1), "entries[0]"),
        (lambda: select_winners(SEED_1, [["a"]], 1), "entries[0]"),
        (lambda: select_winners(SEED_1, ["a", "\ud800"], 1), "entries[1]"),
        (lambda: select_winners(SEED_1, "abc", 1), "entries"),
        (lambda: select_winners(SEED_1, 5, 1), "entries"),
        (lambda: select_winners(b"short", ["a"], 1), "seed"),
        (lambda: select_winners("0" * 32, ["a"], 1), "seed"),
        (lambda: select_winners(bytearray(32), ["a"], 1), "seed"),
        (lambda: select_winners(SEED_1, ["a"], -1), "k"),
        (lambda: select_winners(SEED_1, ["a"], 1.0), "k"),
        (lambda: select_winners(SEED_1, ["a"], True), "k"),
        (lambda: select_winners_streaming(SEED_1, iter(["a", "b", "a"]), 2), "entries[2]"),
        (lambda: select_winners_streaming(SEED_1, iter(["a", ""]), 0), "entries[1]"),
        (lambda: select_winners_streaming(SEED_1, iter(["a", None]), 1), "entries[1]"),
        (lambda: select_winners_streaming(SEED_1, "ab", 1), "entries"),
        (lambda: select_winners_streaming(b"x" * 15, ["a"], 1), "seed"),
        (lambda: select_winners_streaming(SEED_1, ["a"], -3), "k"),
        (lambda: rank_entries(SEED_1, ["x", "x"]), "entries[1]"),
        (lambda: pool_digest(["x", "x"]), "entries[1]"),
        (lambda: pool_digest(["x", 1]), "entries[1]"),
        (lambda: draw(SEED_1, ["x"], 1, reserves=-1), "reserves"),
        (lambda: draw(SEED_1, ["x", "x"], 1), "entries[1]"),
        (lambda: draw(b"", ["x"], 1), "seed"),
        (lambda: verify(draw(SEED_1, ["x"], 1), SEED_1, ["x", "x"]), "entries[1]"),
        (lambda: verify(draw(SEED_1, ["x"], 1), b"s", ["x"]), "seed"),
        (lambda: score(SEED_1, ""), "entry"),
        (lambda: score(b"s", "a"), "seed"),
        (lambda: group_seed(SEED_1, 7), "group_id"),
        (lambda: commitment(b"0123456789abcde"), "seed"),
    ],
)
def test_bad_input_names_the_field(call: object, field: str) -> None:
    with pytest.raises(DrawError) as info:
        call()  # type: ignore[operator]
    assert info.value.field == field
    assert isinstance(info.value, ValueError)
    assert field in str(info.value)


def test_duplicate_error_names_both_positions_and_hides_the_seed() -> None:
    with pytest.raises(DrawError, match=r"repeats entries\[0\]"):
        select_winners(SEED_1, ["a", "b", "a"], 1)
    with pytest.raises(DrawError) as info:
        select_winners(b"secret-seed", ["a"], 1)
    assert "secret" not in str(info.value)
    assert "16 bytes" in str(info.value)


# ---------------------------------------------------------------- command line


def _run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="pintuan")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    code: int = args.func(args)
    return code


@pytest.fixture
def entries_file(tmp_path: Path) -> Path:
    path = tmp_path / "entries.txt"
    path.write_text("\n".join(f"  {e}  " for e in ENTRIES_1) + "\n\n", encoding="utf-8")
    return path


def test_cli_draw_then_verify(
    tmp_path: Path, entries_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(["draw", "--seed-hex", SEED_1.hex(), "--winners", "3", str(entries_file)]) == 0
    out = capsys.readouterr().out
    data = json.loads(out)
    assert data == draw(SEED_1, ENTRIES_1, 3).to_dict()
    record = tmp_path / "record.json"
    record.write_text(out, encoding="utf-8")
    assert _run(["verify", str(record), str(entries_file), "--seed-hex", SEED_1.hex()]) == 0
    assert capsys.readouterr().out.startswith("ok: 3 winner(s)")


def test_cli_draw_with_reserves(entries_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["draw", "--seed-hex", SEED_1.hex(), "--winners", "2", "--reserves", "1"]
    assert _run([*argv, str(entries_file)]) == 0
    assert json.loads(capsys.readouterr().out)["reserves"] == ["order-005"]


def test_cli_verify_reports_mismatches(
    tmp_path: Path, entries_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = draw(SEED_1, ENTRIES_1, 3).to_dict()
    data["winners"][0], data["reserves"][0] = data["reserves"][0], data["winners"][0]
    record = tmp_path / "record.json"
    record.write_text(json.dumps(data), encoding="utf-8")
    assert _run(["verify", str(record), str(entries_file), "--seed-hex", SEED_1.hex()]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("mismatch: winners: differ first at rank 1")
    assert out[1].startswith("mismatch: reserves:")
    assert _run(["verify", str(record), str(entries_file), "--seed-hex", SEED_2.hex()]) == 1
    assert "mismatch: commitment" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("kind", "needle"),
    [
        ("bad_hex", "--seed-hex"),
        ("short_seed", "seed="),
        ("missing_entries", "ENTRIES_FILE="),
        ("duplicate", "dup.txt:4="),
        ("not_utf8", "ENTRIES_FILE="),
        ("negative_k", "k=-1"),
    ],
)
def test_cli_draw_bad_input(
    tmp_path: Path,
    entries_file: Path,
    capsys: pytest.CaptureFixture[str],
    kind: str,
    needle: str,
) -> None:
    seed_hex, path, k = SEED_1.hex(), str(entries_file), "3"
    if kind == "bad_hex":
        seed_hex = "zz"
    elif kind == "short_seed":
        seed_hex = "00ff"
    elif kind == "missing_entries":
        path = str(tmp_path / "nope.txt")
    elif kind == "duplicate":
        (tmp_path / "dup.txt").write_text("a\n\nb\na\n", encoding="utf-8")
        path = str(tmp_path / "dup.txt")
    elif kind == "not_utf8":
        (tmp_path / "latin.txt").write_bytes(b"caf\xe9\n")
        path = str(tmp_path / "latin.txt")
    else:
        k = "-1"
    assert _run(["draw", "--seed-hex", seed_hex, "--winners", k, path]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("error: ")
    assert needle in captured.err
    assert "Traceback" not in captured.err


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        ("{not json", "RECORD="),
        ("[]", "record="),
        ('{"protocol": "pintuan-draw-v1"}', "commitment="),
        (None, "RECORD="),
    ],
)
def test_cli_verify_bad_record(
    tmp_path: Path,
    entries_file: Path,
    capsys: pytest.CaptureFixture[str],
    content: str | None,
    needle: str,
) -> None:
    record = tmp_path / "record.json"
    if content is not None:
        record.write_text(content, encoding="utf-8")
    assert _run(["verify", str(record), str(entries_file), "--seed-hex", SEED_1.hex()]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ")
    assert needle in err
