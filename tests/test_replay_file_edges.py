"""Edges of the replay file: each malformed entry is a ReplayFileError naming its path.

Written as JSON documents (the parser reads TOML and JSON alike), so each
case is the good file with one entry changed.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

import pintuan as pt
from pintuan.cli._replay_file import parse_replay
from pintuan.errors import ReplayFileError

SCHEDULE = {
    "timezone": "Asia/Shanghai",
    "start_date": "2020-07-01",
    "end_date": "2020-07-30",
    "windows": ["10:00-12:00"],
}
GOOD: dict[str, Any] = {
    "campaign": {
        "kind": "normal",
        "campaign_id": "c1",
        "product_id": "p",
        "price": "99.00 CNY",
        "group_size": 3,
        "time_limit": "2h",
        "schedule": SCHEDULE,
    },
    "commands": [
        {
            "type": "open",
            "group_id": "g1",
            "order_id": "o1",
            "user_id": "u1",
            "at": "2020-07-01T10:05:00+08:00",
        }
    ],
}
SEED = "00" * 16


def parse(doc: Any) -> Any:
    return parse_replay(json.dumps(doc), fmt="json")


def edited(**changes: Any) -> dict[str, Any]:
    doc = copy.deepcopy(GOOD)
    doc.update(changes)
    return doc


def with_campaign(**changes: Any) -> dict[str, Any]:
    doc = copy.deepcopy(GOOD)
    doc["campaign"].update(changes)
    return doc


def refused(doc: Any) -> ReplayFileError:
    with pytest.raises(ReplayFileError) as info:
        parse(doc)
    return info.value


def test_the_good_file_parses():
    parsed = parse(GOOD)
    assert parsed.campaign.kind is pt.Kind.NORMAL
    assert parsed.campaign.capacity == 3
    assert [type(c) for c in parsed.commands] == [pt.OpenGroup]
    assert parsed.returning_users == ()


@pytest.mark.parametrize(
    ("doc", "field", "value", "words"),
    [
        ([1, 2], "file", "list", "must hold a table at the top level"),
        (edited(extra=1, more=2), "file", ["extra", "more"], "unknown top-level keys"),
        (edited(campaign="normal"), "campaign", "normal", "must be a table"),
        (with_campaign(kind="raffle"), "campaign.kind", "raffle", "must be one of: normal"),
        (with_campaign(kind="lottery"), "campaign.kind", "lottery", "make it normal"),
        (edited(seed_hex=1234), "seed_hex", "int", "must be a string of hex digits"),
        (edited(commands={"type": "open"}), "commands", {"type": "open"}, "must be a list"),
        (edited(commands=["open"]), "commands[0]", "open", "must be a table with a 'type'"),
        (edited(returning_users="u1"), "returning_users", "u1", "must be a list of user ids"),
        (edited(returning_users=["u1", 2]), "returning_users", ["u1", 2], "must be a list"),
    ],
)
def test_a_bad_entry_is_named_by_its_path(doc, field, value, words):
    err = refused(doc)
    assert (err.field, err.value) == (field, value)
    assert words in err.rule


def _pinshang(**table: Any) -> dict[str, Any]:
    doc = copy.deepcopy(GOOD)
    campaign = doc["campaign"]
    del campaign["price"], campaign["group_size"]
    campaign["kind"] = "pinshang"
    campaign["pinshang"] = {"price": "99.00 CNY", "group_size": 10, **table}
    doc["seed_hex"] = SEED
    return doc


def test_a_pinshang_table_by_winner_count():
    parsed = parse(_pinshang(winners=2, participation_reward="1.00 CNY"))
    c = parsed.campaign
    assert c.kind is pt.Kind.PINSHANG
    assert (c.group_size, c.draw.prizes) == (10, 2)
    assert c.price == pt.Money.parse("99.00 CNY")
    assert parsed.seed == bytes(16)


@pytest.mark.parametrize("taken", ["price", "group_size"])
def test_a_pinshang_table_sets_price_and_group_size(taken):
    doc = _pinshang(winners=2)
    doc["campaign"][taken] = GOOD["campaign"][taken]
    err = refused(doc)
    assert (err.field, err.value) == (f"campaign.{taken}", GOOD["campaign"][taken])
    assert err.rule == "is set by [campaign.pinshang]; give it there"
