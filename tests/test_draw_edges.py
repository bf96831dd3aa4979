"""Edges of the streaming draw: the pruning cutoff, exactly.

``select_winners_streaming`` keeps at most ``k + max(k, 1024)`` candidates;
when the pool fills it keeps the ``k`` best and skips every later entry whose
key is above the ``k``-th best (the cutoff). An entry equal to the cutoff can
only be its duplicate, which must be found; an entry between the ``k-1``-th
and the ``k``-th best must still win.
"""

from __future__ import annotations

import pytest

from pintuan.cli import main
from pintuan.draw.protocol import rank_entries, select_winners, select_winners_streaming
from pintuan.draw.record import Mismatch
from pintuan.errors import DrawError

SEED = bytes(range(32))
BUFFER = 1024


def _entries(n: int) -> list[str]:
    return [f"o{i}" for i in range(n)]


@pytest.mark.parametrize("k", [1, 2, 3])
def test_one_winner_survives_pruning(k):
    # One or a few winners: the pool is cut down to k candidates many times.
    entries = _entries(4 * (k + BUFFER))
    assert select_winners_streaming(SEED, iter(entries), k) == select_winners(SEED, entries, k)


@pytest.mark.parametrize("k", [1, 2, 5])
def test_a_duplicate_of_the_cutoff_entry_is_found(k):
    entries = _entries(k + BUFFER)  # the pool is pruned as the last of these arrives
    cutoff_entry = select_winners(SEED, entries, k)[-1]
    with pytest.raises(DrawError) as info:
        select_winners_streaming(SEED, [*entries, cutoff_entry], k)
    assert info.value.field == f"entries[{k + BUFFER}]"
    assert info.value.value == cutoff_entry
    assert info.value.rule.startswith("repeats an earlier entry")


@pytest.mark.parametrize("k", [2, 3, 5])
def test_an_entry_between_the_last_two_winners_still_wins(k):
    # Prune once, then add an entry whose score falls between the (k-1)-th and
    # the k-th best so far: it must take the k-th place.
    entries = _entries(k + BUFFER)
    ranked = rank_entries(SEED, entries)
    before, last = ranked[k - 2], ranked[k - 1]
    extra = next(
        e
        for e in (f"x{i}" for i in range(200_000))
        if rank_entries(SEED, [before, e, last]) == (before, e, last)
    )
    stream = [*entries, extra]
    expected = (*ranked[: k - 1], extra)
    assert select_winners(SEED, stream, k) == expected
    assert select_winners_streaming(SEED, iter(stream), k) == expected


def test_verify_names_the_line_of_a_repeated_entry(tmp_path, capsys):
    entries = tmp_path / "entries.txt"
    entries.write_text("alice\nbob\ncarol\n", encoding="utf-8")
    seed_hex = SEED.hex()
    assert main(["draw", "--seed-hex", seed_hex, "--winners", "1", str(entries)]) == 0
    record = tmp_path / "record.json"
    record.write_text(capsys.readouterr().out, encoding="utf-8")
    entries.write_text("alice\n\nbob\nalice\ncarol\n", encoding="utf-8")
    assert main(["verify", str(record), str(entries), "--seed-hex", seed_hex]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: {entries}:4=")
    assert "repeats" in err


def test_a_mismatch_of_equal_prefixes_says_the_lengths():
    same_start = Mismatch(field="reserves", recorded=("a", "b"), recomputed=("a", "b", "c"))
    assert same_start.describe() == "reserves: 2 recorded, 3 recomputed"
    differ = Mismatch(field="winners", recorded=("a", "b"), recomputed=("a", "c"))
    assert differ.describe() == (
        "winners: differ first at rank 2: recorded 'b', recomputed 'c' (2 recorded, 2 recomputed)"
    )


@pytest.mark.parametrize("entries", ["alice", b"alice"])
def test_streaming_refuses_a_single_string(entries):
    with pytest.raises(DrawError) as info:
        select_winners_streaming(SEED, entries, 1)
    assert (info.value.field, info.value.value) == ("entries", entries)
    assert info.value.rule == "must be an iterable of str, not a single string"


def test_a_repeated_entry_is_named_with_its_first_index():
    with pytest.raises(DrawError) as info:
        select_winners(SEED, ["a", "b", "c", "b"], 1)
    assert (info.value.field, info.value.value) == ("entries[3]", "b")
    assert info.value.rule.startswith("repeats entries[1]")


@pytest.mark.parametrize(
    ("entries", "field", "value", "rule"),
    [
        (["a", 5], "entries[1]", 5, "must be a str"),
        (["a", ""], "entries[1]", "", "must not be empty"),
        (["\ud800"], "entries[0]", "\ud800", "must be encodable as UTF-8 (no lone surrogates)"),
    ],
)
def test_a_bad_entry_is_named_with_its_value(entries, field, value, rule):
    for select in (select_winners, select_winners_streaming):
        with pytest.raises(DrawError) as info:
            select(SEED, entries, 1)
        assert (info.value.field, info.value.value, info.value.rule) == (field, value, rule)


@pytest.mark.parametrize(
    ("k", "rule"),
    [
        ("3", "must be an int"),
        (1.0, "must be an int"),
        (True, "must be an int"),
        (-1, "must not be negative"),
    ],
)
def test_a_bad_winner_count_is_named_with_its_value(k, rule):
    for select in (select_winners, select_winners_streaming):
        with pytest.raises(DrawError) as info:
            select(SEED, ["a"], k)
        assert (info.value.field, info.value.value, info.value.rule) == ("k", k, rule)


@pytest.mark.parametrize(
    ("seed", "value", "rule"),
    [
        ("00" * 16, "str", "must be bytes"),
        (bytes(15), "<15 bytes>", "must be at least 16 bytes long"),
    ],
)
def test_a_bad_seed_is_described_never_repeated(seed, value, rule):
    with pytest.raises(DrawError) as info:
        select_winners(seed, ["a"], 1)
    assert (info.value.field, info.value.value, info.value.rule) == ("seed", value, rule)
    assert select_winners(bytes(16), ["a"], 1) == ("a",)


@pytest.mark.parametrize(("entries", "value"), [("alice", "alice"), (b"al", b"al")])
def test_a_draw_refuses_a_single_string(entries, value):
    with pytest.raises(DrawError) as info:
        select_winners(SEED, entries, 1)
    assert (info.value.field, info.value.value) == ("entries", value)
    assert info.value.rule == "must be an iterable of str, not a single string"


def test_a_draw_refuses_what_is_not_iterable():
    with pytest.raises(DrawError) as info:
        select_winners(SEED, 42, 1)
    assert (info.value.field, info.value.value, info.value.rule) == (
        "entries",
        "int",
        "must be an iterable of str",
    )


def test_unhashable_entries_are_named_at_their_index():
    with pytest.raises(DrawError) as info:
        select_winners(SEED, ["a", ["b"]], 1)
    assert (info.value.field, info.value.value, info.value.rule) == (
        "entries[1]",
        ["b"],
        "must be a str",
    )
