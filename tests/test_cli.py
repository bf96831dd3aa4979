"""The `pintuan replay` command and its file format."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from pintuan import GroupStatus, JoinGroup, Money, Rejection
from pintuan.cli import main
from pintuan.cli._replay_file import parse_replay
from pintuan.errors import ReplayFileError

EXAMPLE = Path(__file__).parent.parent / "examples" / "normal_campaign.toml"


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


def _replace(old: str, new: str) -> str:
    text = EXAMPLE.read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new, 1)


@pytest.mark.parametrize(
    ("old", "new", "path", "words"),
    [
        ("group_size = 3", "group_size = 1", "campaign.group_size", "must be an int >= 2"),
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
    from pintuan.replay import replay

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
