"""Edges of the codec: built values passed through, scalars, pairs, unions, JSON text.

Every refusal is one ``CodecError`` with the JSON path, the bad value and the
rule; values that are already built are returned as they are.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import cattrs
import pytest
from cattrs.errors import AttributeValidationNote

import pintuan as pt
from _factories import at, cny
from pintuan import codec
from pintuan.codec._errors import failure, join
from pintuan.draw.record import Mismatch
from pintuan.errors import CodecError
from pintuan.lifecycle._roster import Roster


def refused(raw, cls) -> CodecError:
    with pytest.raises(CodecError) as info:
        codec.structure_value(raw, cls)
    return info.value


@pytest.mark.parametrize(
    ("value", "cls"),
    [
        (date(2020, 7, 1), date),
        (time(10, 30), time),
        (timedelta(hours=2), timedelta),
        (pt.GroupSucceeded(group_id="g1", at=at(11)), pt.Event),
        (
            pt.CommandRejected(pt.Rejection.GROUP_FULL, "group_id", "g1", "is full"),
            pt.CommandRejected,
        ),
    ],
)
def test_a_built_value_passes_through(value, cls):
    assert codec.structure_value(value, cls) is value


def test_a_built_roster_passes_through():
    roster = Roster(())
    assert codec.converter().structure(roster, Roster) is roster


@pytest.mark.parametrize(
    ("raw", "cls", "rule"),
    [
        ("2020-13-01", date, "must be an ISO 8601 date such as '2020-07-01'"),
        (20200701, date, "must be an ISO 8601 date such as '2020-07-01'"),
        (1000, time, "must be an ISO 8601 time of day such as '10:00:00'"),
        ("25:00", time, "must be an ISO 8601 time of day such as '10:00:00'"),
        ("P99999999999D", timedelta, "is too long a duration"),
        ("99999999999d", timedelta, "is too long a duration"),
    ],
)
def test_bad_scalars_are_refused_with_the_rule(raw, cls, rule):
    err = refused(raw, cls)
    assert (err.field, err.value, err.rule) == ("$", raw, rule)


def test_a_mismatch_side_is_a_string_or_a_list_of_strings():
    built = codec.structure_value(
        {"field": "winners", "recorded": ["a", "b"], "recomputed": "c"}, Mismatch
    )
    assert built == Mismatch(field="winners", recorded=("a", "b"), recomputed="c")
    err = refused({"field": "winners", "recorded": [1], "recomputed": "c"}, Mismatch)
    assert (err.field, err.value) == ("$.recorded", [1])
    assert err.rule == "must be a string or a list of strings"


def test_regional_agents_are_pairs_of_strings_or_a_table():
    built = codec.structure_value({"bps": 100, "agents": {"north": "agent-n"}}, pt.RegionalReward)
    assert built.agents == (("north", "agent-n"),)
    err = refused({"bps": 100, "agents": [["north"]]}, pt.RegionalReward)
    assert (err.field, err.value) == ("$.agents", [["north"]])
    assert "pairs" in err.rule
    err = refused({"bps": 100, "agents": [["north", 1]]}, pt.RegionalReward)
    assert (err.field, err.rule) == ("$.agents", "keys and values must be strings")


def test_a_union_needs_a_table():
    err = refused(5, pt.Event)
    assert (err.field, err.value) == ("$", 5)
    assert err.rule == 'must be a table (a JSON object) with a "type", not int'


def test_a_rejection_needs_a_table_of_known_keys():
    err = refused([1], pt.CommandRejected)
    assert (err.field, err.value) == ("$", [1])
    assert err.rule == "must be a table (a JSON object), not list"
    doc = codec.converter().unstructure(
        pt.CommandRejected(pt.Rejection.GROUP_FULL, "group_id", "g1", "is full")
    )
    err = refused({**doc, "extra": 1}, pt.CommandRejected)
    assert (err.field, err.value, err.rule) == ("$", ["extra"], "unknown field(s)")


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ([1, "a", None], [1, "a", None]),
        ((True, 2), [True, 2]),
        (date(2020, 7, 1), "2020-07-01"),
        (cny("1.00"), {"amount": 100, "currency": "CNY"}),
        (frozenset(), "frozenset()"),  # unknown to the codec: its repr
    ],
)
def test_a_rejection_value_is_written_as_json(value, written):
    rejection = pt.CommandRejected(pt.Rejection.GROUP_FULL, "group_id", value, "is full")
    assert codec.converter().unstructure(rejection)["value"] == written


def test_a_rejection_value_that_is_a_pintuan_value_is_written_by_the_codec():
    event = pt.GroupSucceeded(group_id="g1", at=datetime(2020, 7, 1, 2, tzinfo=UTC))
    rejection = pt.CommandRejected(pt.Rejection.GROUP_FULL, "group_id", event, "is full")
    assert codec.converter().unstructure(rejection)["value"] == codec.converter().unstructure(event)


def test_a_document_needs_its_type():
    with pytest.raises(CodecError) as info:
        codec.structure({"format": codec.FORMAT_VERSION}, pt.Group)
    err = info.value
    assert (err.field, err.value) == ("$.type", None)
    assert err.rule == "is required: 'Group' for this document"


@pytest.mark.parametrize(
    ("text", "value", "words"),
    [
        (5, 5, "must be JSON text, not int"),
        (b"\x80\x81", "bytes", "is not valid JSON"),
        ("[" * 100_000, "str", "is not valid JSON"),
    ],
)
def test_what_is_not_json_text_is_refused(text, value, words):
    with pytest.raises(CodecError) as info:
        codec.from_json(text, pt.Group)
    assert (info.value.field, info.value.value) == ("$", value)
    assert info.value.rule.startswith(words)


@pytest.mark.parametrize(
    ("path", "step", "joined"),
    [
        ("$", "members", "$.members"),
        ("$", 3, "$[3]"),
        ("$", "a b", '$["a b"]'),
        ("$.x", "中", '$.x["中"]'),
    ],
)
def test_paths_quote_keys_that_are_not_plain_names(path, step, joined):
    assert join(path, step) == joined


@pytest.mark.parametrize(
    ("raw", "cls", "value", "rule"),
    [
        (
            {"system_id": None, "link": None},
            pt.Coupon,
            (None, None),
            "give exactly one of system_id or link",
        ),
        (
            {"fixed": {"amount": 1, "currency": "CNY"}, "bps": 1},
            pt.RewardAmount,
            (cny("0.01"), 1),
            "give exactly one of fixed or bps",
        ),
    ],
)
def test_a_value_refusing_itself_is_reported_at_its_own_path(raw, cls, value, rule):
    err = refused(raw, cls)
    assert (err.field, err.value, err.rule) == ("$", value, rule)


def _noted(exc: Exception, name: str) -> cattrs.ClassValidationError:
    exc.add_note(AttributeValidationNote(f"Structuring @ attribute {name}", name, int))
    exc.add_note("a plain note, not cattrs's")  # read first, and skipped
    return cattrs.ClassValidationError("While structuring", [exc], pt.Campaign)


def test_an_unexpected_error_is_worded_at_its_path_with_the_raw_value():
    assert failure(_noted(ValueError("boom"), "price"), {"price": 5}, "$") == (
        "$.price",
        5,
        "boom",
    )
    # The raw value is looked up as far as it goes; past that it is None.
    assert failure(_noted(TypeError(), "price"), {}, "$") == ("$.price", None, "TypeError")
    assert failure(_noted(TypeError(), "price"), 7, "$") == ("$.price", None, "TypeError")


def test_a_pintuan_error_outside_a_class_keeps_its_whole_field():
    err = pt.InvalidValue("event.version", 3, "bad")
    assert failure(err, {}, "$.log[2]") == ("$.log[2].event.version", 3, "bad")
