"""Bad documents: one CodecError naming the JSON path, the bad value and the rule.

Never a raw KeyError, TypeError or cattrs exception, and nothing is built.
The replay file shares the converter, so its friendly forms are read here too.
"""

from __future__ import annotations

import copy
import json
from datetime import timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import pintuan as pt
from _factories import at, campaign, fen
from pintuan import codec
from pintuan.errors import CodecError, ReplayFileError
from pintuan.lottery import Prize
from pintuan.replay import ReplayResult, replay


def _group() -> pt.Group:
    log = [
        pt.OpenGroup(group_id="g1", order_id="o1", user_id="u1", at=at(10)),
        pt.JoinGroup(group_id="g1", order_id="o2", user_id="u2", at=at(10, 5), quantity=2),
    ]
    return replay(campaign(), log).groups[0]


GROUP = codec.unstructure(_group())
CAMPAIGN = codec.unstructure(campaign())
JOINED = codec.unstructure(pt.MemberJoined(group_id="g1", at=at(10), order=_group().orders[1]))
RESULT = codec.unstructure(
    replay(
        campaign(),
        [
            pt.OpenGroup(group_id="g", order_id="o", user_id="u", at=at(9)),
            pt.OpenGroup(group_id="g", order_id="o", user_id="u", at=at(10)),
        ],
    )
)
_DROP = object()


def edited(doc: dict, path: tuple, value: Any) -> dict:
    """A deep copy of ``doc`` with ``value`` at ``path`` (``_DROP`` deletes the key)."""
    doc = copy.deepcopy(doc)
    *parents, last = path
    target = doc
    for step in parents:
        target = target[step]
    if value is _DROP:
        del target[last]
    else:
        target[last] = value
    return doc


def refused(data: Any, cls: Any) -> CodecError:
    with pytest.raises(CodecError) as info:
        codec.structure(data, cls)
    return info.value


PAID = ("members", 1, "paid")
AT = ("members", 1, "paid_at")

CATALOG = [
    # (name, document, class, path, value, words in the rule)
    ("unknown type", edited(JOINED, ("type",), "MemberJumped"), pt.Event,
     "$.type", "MemberJumped", "must be one of: GroupOpened, MemberJoined"),
    ("missing type in a union", edited(JOINED, ("type",), _DROP), pt.Event,
     "$.type", None, "is required"),
    ("type of another class", edited(GROUP, ("type",), "Campaign"), pt.Group,
     "$.type", "Campaign", "must be 'Group'"),
    ("missing field", edited(GROUP, ("members", 1, "user_id"), _DROP), pt.Group,
     "$.members[1].user_id", None, "is required"),
    ("missing top-level field", edited(GROUP, ("deadline",), _DROP), pt.Group,
     "$.deadline", None, "is required"),
    ("unknown field", edited(GROUP, ("members", 1, "colour"), 1), pt.Group,
     "$.members[1]", ["colour"], "unknown field(s)"),
    ("unknown money field", edited(GROUP, (*PAID, "cents"), 1), pt.Group,
     "$.members[1].paid", ["cents"], "unknown field(s)"),
    ("float amount", edited(GROUP, (*PAID, "amount"), 19800.0), pt.Group,
     "$.members[1].paid.amount", 19800.0, "must be an int of minor units"),
    ("bool amount", edited(GROUP, (*PAID, "amount"), True), pt.Group,
     "$.members[1].paid.amount", True, "bools are never money"),
    ("string amount", edited(GROUP, (*PAID, "amount"), "19800"), pt.Group,
     "$.members[1].paid.amount", "19800", "must be an int of minor units"),
    ("missing currency", edited(GROUP, (*PAID, "currency"), _DROP), pt.Group,
     "$.members[1].paid.currency", None, "is required"),
    ("unknown currency", edited(GROUP, (*PAID, "currency"), "yuan"), pt.Group,
     "$.members[1].paid.currency", "yuan", "ISO 4217"),
    ("naive datetime", edited(GROUP, AT, "2020-07-01T10:05:00"), pt.Group,
     "$.members[1].paid_at", "2020-07-01T10:05:00", "naive datetimes are refused"),
    ("not a datetime", edited(GROUP, AT, "tomorrow"), pt.Group,
     "$.members[1].paid_at", "tomorrow", "ISO 8601 datetime"),
    ("bad zone", edited(GROUP, AT, "2020-07-01T10:05:00+08:00[Mars/Olympus]"), pt.Group,
     "$.members[1].paid_at", "2020-07-01T10:05:00+08:00[Mars/Olympus]", "IANA time zone"),
    ("offset and zone disagree", edited(GROUP, AT, "2020-07-01T10:05:00+09:00[Asia/Shanghai]"),
     pt.Group, "$.members[1].paid_at", "2020-07-01T10:05:00+09:00[Asia/Shanghai]",
     "the offset +09:00 is not Asia/Shanghai's offset"),
    ("format from the future", edited(GROUP, ("format",), 2), pt.Group,
     "$.format", 2, "from a newer pintuan"),
    ("missing format", edited(GROUP, ("format",), _DROP), pt.Group,
     "$.format", None, "is required"),
    ("format not an int", edited(GROUP, ("format",), "1"), pt.Group,
     "$.format", "1", "must be an int"),
    ("format zero", edited(GROUP, ("format",), 0), pt.Group, "$.format", 0, "at least 1"),
    ("object for a list", edited(GROUP, ("members",), {}), pt.Group,
     "$.members", {}, "must be a list, not dict"),
    ("list for an object", edited(GROUP, ("members", 0), []), pt.Group,
     "$.members[0]", [], "must be a table (a JSON object), not list"),
    ("string for an int", edited(GROUP, ("version",), "1"), pt.Group,
     "$.version", "1", "must be of type int, not str"),
    ("int for a bool", edited(CAMPAIGN, ("new_users_only",), 1), pt.Campaign,
     "$.new_users_only", 1, "must be of type bool"),
    ("unknown enum value", edited(GROUP, ("status",), "open"), pt.Group,
     "$.status", "open", "must be one of: forming, succeeded"),
    ("list for the document", [GROUP], pt.Group, "$", [GROUP], "must be a JSON object"),
    ("derived kind disagrees", edited(CAMPAIGN, ("kind",), "lottery"), pt.Campaign,
     "$.kind", "lottery", "must be 'normal'"),
    ("validator of a value", edited(CAMPAIGN, ("group_size",), 1), pt.Campaign,
     "$.group_size", 1, "must be an int from 2 to 100000"),
    ("cross-field rule", edited(CAMPAIGN, ("leader_price",), {"amount": 1, "currency": "USD"}),
     pt.Campaign, "$.leader_price", "0.01 USD", "campaign's currency CNY"),
    ("validator of a nested value", edited(JOINED, ("order", "quantity"), 0), pt.Event,
     "$.order.quantity", 0, "must be an int from 1 to 10000"),
    ("bad duration", edited(CAMPAIGN, ("time_limit",), "P1M"), pt.Campaign,
     "$.time_limit", "P1M", "must be a duration"),
    ("bad window", edited(CAMPAIGN, ("schedule", "windows", 0, "end"), "25:00"), pt.Campaign,
     "$.schedule.windows[0].end", "25:00", "ISO 8601 time"),
    ("empty window", edited(CAMPAIGN, ("schedule", "windows", 0), "10:00-10:00"), pt.Campaign,
     "$.schedule.windows[0]", "10:00-10:00", "empty window"),
    ("bad rejection code", edited(RESULT, ("rejections", 0, 1, "code"), "nope"), ReplayResult,
     "$.rejections[0][1].code", "nope", "must be one of: group_exists"),
    ("bad follow-up", edited(RESULT, ("rejections", 0, 1, "follow_up"), {"type": "Jump"}),
     ReplayResult, "$.rejections[0][1].follow_up.type", "Jump", "must be one of: OpenGroup"),
    ("rejection not a pair", edited(RESULT, ("rejections", 0), [1]), ReplayResult,
     "$.rejections[0]", [1], "must be a list of 2 items"),
    ("bad nested event", edited(RESULT, ("events", 0, "at"), 5), ReplayResult,
     "$.events[0].at", 5, "ISO 8601 datetime"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("document", "cls", "path", "value", "words"),
    [case[1:] for case in CATALOG],
    ids=[case[0] for case in CATALOG],
)
def test_bad_documents_name_the_path_the_value_and_the_rule(document, cls, path, value, words):
    err = refused(document, cls)
    assert (err.field, err.value) == (path, value)
    assert words in err.rule
    assert str(err).startswith(f"{path}=")


@pytest.mark.parametrize(
    ("text", "value", "words"),
    [
        ("{", "{", "is not valid JSON: Expecting property name"),
        ('{"format": 1,}', '{"format": 1,}', "is not valid JSON"),
        ("", "", "is not valid JSON: Expecting value at line 1 column 1"),
    ],
)
def test_text_that_is_not_json(text, value, words):
    with pytest.raises(CodecError) as info:
        codec.from_json(text, pt.Group)
    assert (info.value.field, info.value.value) == ("$", value)
    assert words in info.value.rule


def test_json_that_is_not_a_document():
    with pytest.raises(CodecError) as info:
        codec.from_json("null", pt.Group)
    assert (info.value.field, info.value.value) == ("$", None)
    with pytest.raises(CodecError) as info:
        codec.from_json(json.dumps(edited(GROUP, ("format",), 99)), pt.Group)
    assert (info.value.field, info.value.value) == ("$.format", 99)


def test_what_is_not_a_pintuan_value_or_class():
    with pytest.raises(CodecError, match="is not a pintuan value"):
        codec.unstructure({"amount": 1})
    with pytest.raises(CodecError, match="must be a pintuan value class"):
        codec.structure(GROUP, dict)
    with pytest.raises(CodecError, match="must be a pintuan value class"):
        codec.structure(GROUP, [pt.Group])


def _leaves(doc: Any, path: tuple = ()) -> list[tuple]:
    if isinstance(doc, dict):
        return [path] + [p for k, v in doc.items() for p in _leaves(v, (*path, k))]
    if isinstance(doc, list):
        return [path] + [p for i, v in enumerate(doc) for p in _leaves(v, (*path, i))]
    return [path]


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=2) | st.dictionaries(st.text(max_size=3), inner),
    max_leaves=4,
)
DOCUMENTS = [(GROUP, pt.Group), (CAMPAIGN, pt.Campaign), (JOINED, pt.Event), (RESULT, ReplayResult)]


@given(st.sampled_from(DOCUMENTS), st.data(), json_values | st.just(_DROP))
def test_any_edit_gives_a_value_or_a_codec_error_and_nothing_else(case, data, value):
    doc, cls = case
    path = data.draw(st.sampled_from(_leaves(doc)[1:]))
    document = edited(doc, path, value)
    before = copy.deepcopy(document)
    try:
        codec.structure(document, cls)
    except CodecError as err:
        assert err.field.startswith("$")
        assert err.rule
    assert document == before  # reading never changes the document


# The replay file's friendly forms are read by the same converter.


def test_friendly_forms_of_the_replay_file_are_read_too():
    conv = codec.converter()
    assert conv.structure("99.00 CNY", pt.Money) == fen(9900)
    assert conv.structure("2h30m", timedelta) == timedelta(hours=2, minutes=30)
    assert conv.structure("10:00-12:00", pt.DailyWindow) == pt.DailyWindow.parse("10:00-12:00")
    assert conv.structure("money_back", Prize) == Prize.money_back()
    agents = {"bps": 100, "agents": {"r1": "a1"}}
    assert conv.structure(agents, pt.RegionalReward).agents == (("r1", "a1"),)
    doc = edited(CAMPAIGN, ("price",), "99.00 CNY")
    assert codec.structure(edited(doc, ("time_limit",), "2h"), pt.Campaign) == campaign()


def test_money_text_is_exact_and_never_rounded():
    err = refused(edited(CAMPAIGN, ("price",), "99.001 CNY"), pt.Campaign)
    assert (err.field, err.value) == ("$.price", "99.001 CNY")
    assert "extra precision is not rounded" in err.rule
    err = refused(edited(CAMPAIGN, ("price",), 99), pt.Campaign)
    assert err.rule.startswith('must be money: {"amount": 9900, "currency": "CNY"}')


def test_the_replay_file_reports_with_its_own_paths_and_error():
    with pytest.raises(ReplayFileError) as info:
        codec.structure_value(
            {"amount": 1.5, "currency": "CNY"},
            pt.Money,
            path="campaign.price",
            error=ReplayFileError,
        )
    assert info.value.field == "campaign.price.amount"
    assert not isinstance(info.value, CodecError)
