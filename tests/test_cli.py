"""The `pintuan replay` command and its file format, for every kind of campaign."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest

from _factories import cny
from pintuan import (
    GroupStatus,
    JoinGroup,
    Money,
    PayReward,
    Refund,
    Rejection,
    RewardKind,
    Ship,
    group_seed,
    verify,
)
from pintuan.cli import main
from pintuan.cli._replay_file import parse_replay
from pintuan.errors import ReplayFileError
from pintuan.lottery import DrawMode
from pintuan.replay import ReplayResult, replay
from pintuan.settlement import AwardPoints, IssueCoupon, RefundReason

EXAMPLES = Path(__file__).parent.parent / "examples"
EXAMPLE = EXAMPLES / "normal_campaign.toml"
PINSHANG = EXAMPLES / "pinshang_campaign.toml"
GIFT = EXAMPLES / "gift_campaign.toml"
SEED_LINE = re.compile(r'^seed_hex = "[0-9a-f]+"$', re.MULTILINE)

LOTTERY = """
seed_hex = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"

[campaign]
kind = "lottery"
campaign_id = "draw-2020-07"
product_id = "sku-tea"
price = "9.90 CNY"
group_size = 2
time_limit = "1h"

[campaign.draw]
mode = "at_campaign_end"
prizes = 2
winner = "product"
loser = { refund_bps = 10000, coupon = { link = "https://example.com/c/5off" } }

[campaign.schedule]
timezone = "Asia/Shanghai"
start_date = 2020-07-01
end_date = 2020-07-30
windows = ["10:00-12:00"]

[[commands]]
type = "open"
group_id = "a"
order_id = "a-1"
user_id = "u1"
at = 2020-07-01T10:00:00+08:00

[[commands]]
type = "join"
group_id = "a"
order_id = "a-2"
user_id = "u2"
at = 2020-07-01T10:01:00+08:00

[[commands]]
type = "open"
group_id = "b"
order_id = "b-1"
user_id = "u3"
at = 2020-07-01T10:02:00+08:00

[[commands]]
type = "join"
group_id = "b"
order_id = "b-2"
user_id = "u4"
at = 2020-07-01T10:03:00+08:00
"""


def _run(capsys, path: Path) -> str:
    assert main(["replay", str(path)]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    return captured.out


def _effects(path: Path, kind: type) -> list:
    data = parse_replay(path.read_text(encoding="utf-8"), fmt="toml")
    result = replay(data.campaign, data.commands, seed=data.seed)
    return [e for s in result.settlements for e in s.effects if isinstance(e, kind)]


def _to_json(path: Path, tmp_path: Path) -> Path:
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    as_json = tmp_path / f"{path.stem}.json"
    as_json.write_text(json.dumps(raw, default=lambda v: v.isoformat()), encoding="utf-8")
    return as_json


def _bad(tmp_path: Path, text: str, capsys) -> str:
    bad = tmp_path / "bad.toml"
    bad.write_text(text, encoding="utf-8")
    assert main(["replay", str(bad)]) == 2
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    assert captured.out == ""
    return captured.err


def _edit(path: Path, old: str, new: str) -> str:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    return text.replace(old, new, 1)


def _replace(old: str, new: str) -> str:
    text = EXAMPLE.read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new, 1)


# --- normal and tiered campaigns ----------------------------------------------------


def test_replay_of_the_example(capsys):
    assert main(["replay", str(EXAMPLE)]) == 0
    out = capsys.readouterr().out
    assert "group g1: closed, 3 paying member(s)" in out
    assert "group g2: failed" in out
    assert "[group_full]" in out
    assert "[outside_schedule]" in out
    assert "198.00 CNY was captured" in out


def test_example_parses_to_the_expected_campaign():
    data = parse_replay(EXAMPLE.read_text(encoding="utf-8"), fmt="toml")
    assert data.campaign.price == Money.parse("99.00 CNY")
    assert data.campaign.leader_price == Money.parse("89.00 CNY")
    assert data.campaign.capacity == data.campaign.group_size == 3
    assert data.campaign.time_limit.total_seconds() == 7200
    assert isinstance(data.commands[1], JoinGroup)
    assert data.commands[1].quantity == 2


def test_json_and_toml_give_the_same_replay(tmp_path, capsys):
    raw = tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))
    as_json = tmp_path / "example.json"
    as_json.write_text(json.dumps(raw, default=lambda v: v.isoformat()), encoding="utf-8")
    assert main(["replay", str(EXAMPLE)]) == 0
    toml_out = capsys.readouterr().out
    assert main(["replay", str(as_json)]) == 0
    assert capsys.readouterr().out == toml_out


@pytest.mark.parametrize(
    ("old", "new", "path", "words"),
    [
        ("group_size = 3", "group_size = 1", "campaign.group_size", "from 2 to 100000"),
        ('price = "99.00 CNY"', 'price = "99.001 CNY"', "campaign.price", "extra precision"),
        ('price = "99.00 CNY"', "price = 99.0", "campaign.price", ""),
        ('time_limit = "2h"', 'time_limit = "soon"', "campaign.time_limit", "duration"),
        (
            'timezone = "Asia/Shanghai"',
            'timezone = "Mars/Olympus"',
            "campaign.schedule.timezone",
            "",
        ),
        (
            "at = 2020-07-01T10:05:00+08:00",
            "at = 2020-07-01T10:05:00",
            "commands[0].at",
            "time-zone aware",
        ),
        ('type = "open"', 'type = "teleport"', "commands[0].type", "must be one of"),
        ("group_size = 3", "group_size = 3\ncolour = 1", "campaign=['colour']", "unknown field"),
        ('user_id = "alice"', "user_id = 5", "commands[0].user_id", "must be of type str"),
        ("group_size = 3", 'group_size = "3"', "campaign.group_size", "must be of type int"),
        (
            "stock = 500",
            'stock = 500\nnew_users_only = "yes"',
            "campaign.new_users_only",
            "must be of type bool",
        ),
        (
            'windows = ["10:00-12:00"]',
            'windows = ["10:00-10:00"]',
            "campaign.schedule.windows[0]",
            "empty window",
        ),
        (
            'leader_price = "89.00 CNY"',
            'leader_price = "89.00 USD"',
            "campaign.leader_price",
            "currency",
        ),
    ],
)
def test_bad_files_name_the_path_and_exit_2(tmp_path, capsys, old, new, path, words):
    bad = tmp_path / "bad.toml"
    bad.write_text(_replace(old, new), encoding="utf-8")
    assert main(["replay", str(bad)]) == 2
    err = capsys.readouterr().err
    # The file first, then the path of the bad entry inside it.
    assert err.startswith(f"error: {bad}: {path}") or err.startswith(f"error: {path}={str(bad)!r}")
    assert words in err
    assert "Traceback" not in err


def test_not_toml_at_all(tmp_path, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_text("[campaign\n", encoding="utf-8")
    assert main(["replay", str(bad)]) == 2
    assert "is not valid TOML" in capsys.readouterr().err


def test_missing_file(tmp_path, capsys):
    assert main(["replay", str(tmp_path / "nope.toml")]) == 2
    assert "cannot be read" in capsys.readouterr().err


def test_parse_errors_are_replay_file_errors():
    with pytest.raises(ReplayFileError) as info:
        parse_replay('{"commands": []}', fmt="json")
    assert info.value.field == "campaign"


def test_replay_counts_rejections_and_statuses():
    data = parse_replay(EXAMPLE.read_text(encoding="utf-8"), fmt="toml")
    result = replay(data.campaign, data.commands)
    assert [g.status for g in result.groups] == [GroupStatus.CLOSED, GroupStatus.FAILED]
    assert [r.code for _, r in result.rejections] == [
        Rejection.GROUP_FULL,
        Rejection.OUTSIDE_SCHEDULE,
    ]


def test_replay_of_the_tiered_example(capsys):
    tiered = EXAMPLE.parent / "tiered_campaign.toml"
    assert main(["replay", str(tiered)]) == 0
    out = capsys.readouterr().out
    assert "group t1: closed, 6 paying member(s)" in out
    assert out.count("refund   o-") == 6
    assert "the difference of 20.00 CNY is refunded" in out


def test_tiered_file_with_a_fixed_price_is_refused(tmp_path, capsys):
    tiered = (EXAMPLE.parent / "tiered_campaign.toml").read_text(encoding="utf-8")
    bad = tmp_path / "bad.toml"
    bad.write_text(
        tiered.replace('time_limit = "2h"', 'time_limit = "2h"\nprice = "9.00 CNY"'),
        encoding="utf-8",
    )
    assert main(["replay", str(bad)]) == 2
    assert "campaign.price" in capsys.readouterr().err


# --- lottery, pinshang and gift campaigns -------------------------------------------


def test_pinshang_example_replays_the_seed_example(capsys):
    out = _run(capsys, PINSHANG)
    assert "group ps-1: closed, 100 paying member(s)" in out
    assert out.count("\n  ship     ps-1-o") == 3
    assert len(re.findall(r"\n  refund   ps-1-o\d+ 99\.00 CNY ", out)) == 97
    participation = r"\n  reward   ps-1-o\d+ 1\.00 CNY to buyer-\d+ \(participation\)"
    assert len(re.findall(participation, out)) == 97
    assert "kept by the merchant 297.00 CNY" in out
    assert "paid 9900.00 CNY, refunded 9603.00 CNY" in out
    # The draw is printed with its commitment and its winners.
    record = re.search(r"draw     pintuan-draw-v1 commitment ([0-9a-f]{64})", out)
    assert record is not None
    winners = re.search(r"winners  (.+)", out)
    assert winners is not None
    assert len(winners.group(1).split(", ")) == 3
    assert re.search(r"^draw seed commitment [0-9a-f]{64}$", out, re.MULTILINE)


def test_pinshang_example_effects_and_draw_check_out():
    data = parse_replay(PINSHANG.read_text(encoding="utf-8"), fmt="toml")
    assert data.campaign.draw is not None
    assert data.campaign.draw.prizes == 3
    assert data.seed is not None
    assert len(data.seed) == 32
    result = replay(data.campaign, data.commands, seed=data.seed)
    (settlement,) = result.settlements
    (group,) = result.groups
    ships = [e for e in settlement.effects if isinstance(e, Ship)]
    refunds = [e for e in settlement.effects if isinstance(e, Refund)]
    rewards = [e for e in settlement.effects if isinstance(e, PayReward)]
    assert len(ships) == 3
    assert {(r.amount, r.reason) for r in refunds} == {(cny("99.00"), RefundReason.DRAW)}
    assert len(refunds) == 97
    participation = [r for r in rewards if r.kind is RewardKind.PARTICIPATION]
    assert len(participation) == 97
    assert {r.amount for r in participation} == {cny("1.00")}
    assert settlement.captured == cny("297.00")
    # Team reward: 1% of the net sales 3 x 99.00; referral: 5% of a referred winner's 99.00.
    team = [(r.beneficiary, r.amount) for r in rewards if r.kind is RewardKind.TEAM]
    assert team == [("buyer-001", cny("2.97"))]
    winners = {e.order_id for e in ships}
    referred = {c.order_id: c.referral_chain[0] for c in data.commands if c.referral_chain}
    expected = sorted((o, referred[o], cny("4.95")) for o in winners & set(referred))
    referral = sorted(
        (r.order_id, r.beneficiary, r.amount) for r in rewards if r.kind is RewardKind.REFERRAL
    )
    assert referral == expected
    assert referral  # the example shows at least one referral reward
    assert settlement.draw is not None
    entries = [o.order_id for o in group.orders]
    assert verify(settlement.draw, group_seed(data.seed, group.group_id), entries).ok


def test_gift_example(capsys):
    out = _run(capsys, GIFT)
    assert "group h1: closed, 3 paying member(s)" in out
    assert "group h2: failed" in out
    assert out.count("\n  points   h-1") == 3
    assert "points   h-102 200 to lei" in out
    assert out.count("coupon   h-1") == 3
    assert "coupon   h-103 cpn-5off-next-order to fang" in out
    assert "h-201 200" not in out  # the failed group gets nothing
    assert len(_effects(GIFT, AwardPoints)) == 3
    assert len(_effects(GIFT, IssueCoupon)) == 3


@pytest.mark.parametrize("example", [PINSHANG, GIFT])
def test_json_and_toml_give_the_same_replay_for_pinshang_and_gift(tmp_path, capsys, example):
    toml_out = _run(capsys, example)
    assert _run(capsys, _to_json(example, tmp_path)) == toml_out


def test_campaign_end_lottery(tmp_path, capsys):
    path = tmp_path / "lottery.toml"
    path.write_text(LOTTERY, encoding="utf-8")
    data = parse_replay(LOTTERY, fmt="toml")
    assert data.campaign.draw is not None
    assert data.campaign.draw.mode is DrawMode.AT_CAMPAIGN_END
    out = _run(capsys, path)
    match = re.search(r"campaign-end draw winners: (.+)", out)
    assert match is not None
    winners = match.group(1).split(", ")
    assert len(winners) == 2
    assert sorted(re.findall(r"\n  ship     (\S+)", out)) == sorted(winners)
    assert out.count("\n  refund   ") == 2
    assert out.count("coupon   ") == 2
    assert "link https://example.com/c/5off" in out


def test_regional_agents_and_regions(tmp_path, capsys):
    text = PINSHANG.read_text(encoding="utf-8")
    text = text.replace(
        "team = { amount = { bps = 100 } }",
        "team = { amount = { bps = 100 } }\n"
        'regional = { bps = 100, agents = { "310000" = "agent-sh" } }',
    )
    text = re.sub(r'(user_id = "buyer-\d+")', r'\1\nregion = "310000"', text)
    data = parse_replay(text, fmt="toml")
    assert data.campaign.rewards is not None
    assert data.campaign.rewards.regional is not None
    assert data.campaign.rewards.regional.agents == (("310000", "agent-sh"),)
    assert {c.region for c in data.commands} == {"310000"}
    path = tmp_path / "regional.toml"
    path.write_text(text, encoding="utf-8")
    out = _run(capsys, path)
    # 1% of each winner's net 99.00; the 97 losers were refunded in full (net 0.00).
    assert len(re.findall(r"0\.99 CNY to agent-sh \(regional\)", out)) == 3


@pytest.mark.parametrize(
    ("text", "path", "words"),
    [
        (lambda: LOTTERY.replace('seed_hex = "00', '# seed_hex = "00'), "seed_hex", "is required"),
        (lambda: SEED_LINE.sub("", PINSHANG.read_text(encoding="utf-8")), "seed_hex", "required"),
        (
            lambda: SEED_LINE.sub('seed_hex = "00112233445566778899"', PINSHANG.read_text()),
            "seed_hex",
            "at least 16 bytes",
        ),
        (
            lambda: SEED_LINE.sub(f'seed_hex = "{"zz" * 32}"', PINSHANG.read_text()),
            "seed_hex",
            "is not hex",
        ),
        (
            lambda: _edit(PINSHANG, "group_size = 100", "group_size = 50"),
            "campaign.pinshang.win_rate_bps",
            "1.5 winners",
        ),
        (
            lambda: _edit(PINSHANG, "win_rate_bps = 300 ", "winners = 3\nwin_rate_bps = 300 "),
            "campaign.pinshang.win_rate_bps",
            "exactly one",
        ),
        (
            lambda: _edit(
                PINSHANG,
                "levels = [{ bps = 500 }]",
                "levels = [{ bps = 500 }, { bps = 200 }, { bps = 100 }, { bps = 50 }]",
            ),
            "campaign.rewards.referral.levels",
            "at most 3 levels",
        ),
        (
            lambda: _edit(
                PINSHANG,
                "team = { amount = { bps = 100 } }",
                'team = { amount = { fixed = "2.00 USD" } }\n'
                'participation = { amount = "1.00 CNY", losers_only = false }',
            ),
            "campaign.rewards.team.amount.fixed",
            "all reward money must be in CNY",
        ),
        (
            lambda: _edit(
                PINSHANG,
                "team = { amount = { bps = 100 } }",
                'team = { amount = { fixed = "2.00 USD" } }',
            ),
            "campaign.rewards",
            "campaign's currency CNY",
        ),
        (
            lambda: _edit(
                GIFT,
                'coupon = { system_id = "cpn-5off-next-order" }',
                'item = { product_id = "sku-honey-spoon", quantity = 0 }',
            ),
            "campaign.gifts.item.quantity",
            "must be an int from 1 to 10000",
        ),
        (
            lambda: _edit(GIFT, 'coupon = { system_id = "cpn-5off-next-order" }', 'coupon = "c"'),
            "campaign.gifts.coupon",
            "must be a table",
        ),
        (
            lambda: _edit(GIFT, "points = 200", "points = 200\ncolour = 1"),
            "campaign.gifts=['colour']",
            "unknown field",
        ),
        (
            lambda: _edit(PINSHANG, 'referral_chain = ["sharer-a"]', 'referral_chain = "sharer-a"'),
            "commands[",
            "must be a list, not str",
        ),
        (
            lambda: _edit(PINSHANG, 'referral_chain = ["sharer-a"]', "region = 310000"),
            "commands[",
            "must be of type str",
        ),
        (
            lambda: _edit(PINSHANG, "team = { amount = { bps = 100 } }", 'timing = "later"'),
            "campaign.rewards.timing",
            "must be one of: on_success, after_draw",
        ),
        (
            lambda: _edit(PINSHANG, 'kind = "pinshang"', 'kind = "gift"'),
            "campaign.pinshang",
            "only for kind = 'pinshang'",
        ),
        (
            lambda: LOTTERY.replace('winner = "product"', 'winner = "jackpot"'),
            "campaign.draw.winner",
            "presets: product, money_back, nothing",
        ),
        (
            lambda: LOTTERY.replace("prizes = 2", "prizes = 2\nrigged = true"),
            "campaign.draw=['rigged']",
            "unknown field",
        ),
    ],
)
def test_bad_lottery_reward_and_gift_files_name_the_path_and_exit_2(
    tmp_path, capsys, text, path, words
):
    err = _bad(tmp_path, text(), capsys)
    assert err.startswith(f"error: {tmp_path / 'bad.toml'}: {path}")
    assert words in err


def test_the_seed_is_never_repeated_in_an_error():
    short = "00112233445566778899aabbccdd"
    with pytest.raises(ReplayFileError) as info:
        parse_replay(SEED_LINE.sub(f'seed_hex = "{short}"', PINSHANG.read_text()), fmt="toml")
    assert info.value.field == "seed_hex"
    assert short not in str(info.value)


def test_replay_without_a_seed_leaves_campaign_end_groups_waiting():
    data = parse_replay(LOTTERY, fmt="toml")
    result = replay(data.campaign, data.commands)
    assert result.campaign_winners is None
    assert result.seed_commitment is None
    assert not [e for s in result.settlements for e in s.effects if isinstance(e, Ship)]


def test_version_is_the_installed_one(capsys):
    from importlib.metadata import version

    import pintuan

    assert pintuan.__version__ == version("pintuan")
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out.strip() == f"pintuan {pintuan.__version__}"


def test_a_file_that_is_not_toml_is_named_in_the_error(tmp_path, capsys):
    bad = tmp_path / "broken.toml"
    bad.write_text("[campaign\n", encoding="utf-8")
    assert main(["replay", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: file={str(bad)!r}: is not valid TOML")


def test_replay_json_prints_the_result_as_a_codec_document(capsys):
    from pintuan.codec import from_json

    assert main(["replay", str(EXAMPLE), "--json"]) == 0
    text = capsys.readouterr().out
    result = from_json(text, ReplayResult)
    data = parse_replay(EXAMPLE.read_text(encoding="utf-8"), fmt="toml")
    again = replay(data.campaign, data.commands, returning_users=data.returning_users)
    assert result.groups == again.groups
    assert result.settlements == again.settlements
    assert result.events == again.events
