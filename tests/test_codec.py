"""The JSON codec: every public value survives ``structure(unstructure(x))`` and JSON text.

Round trips are property-tested for campaigns of every kind, groups in every
state (built by replaying command logs), every command, event and effect,
postings, statements, settlements, draw records and replay results. The
document shape (``format``, ``type``, money, instants, durations, tagged
unions, the derived ``kind``) is pinned by examples.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, time, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pintuan as pt
from _factories import SEED, aware_datetimes, campaign, campaigns, coupons, fen, replays
from pintuan import codec
from pintuan.draw import draw
from pintuan.lifecycle.group import Roster
from pintuan.replay import ReplayResult, replay

SRC = Path(__file__).resolve().parents[1] / "src" / "pintuan"
ids = st.integers(0, 99).map(lambda n: f"id-{n}")
users = st.integers(0, 99).map(lambda n: f"u-{n}")
moneys = st.integers(1, 10**9).map(fen)
versions = st.none() | st.integers(0, 50)
chains = st.lists(users, max_size=3).map(tuple)
regions = st.none() | st.sampled_from(["r1", "r2"])
slow = settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])


def round_trips(value: object, cls: object = None) -> None:
    """``value`` comes back equal from a document and from JSON text, as its class and ``cls``."""
    for target in {type(value), cls or type(value)}:
        assert codec.structure(codec.unstructure(value), target) == value
        assert codec.from_json(codec.to_json(value), target) == value


@st.composite
def orders(draw_: st.DrawFn, group_id: str = "g1", virtual: bool = False) -> pt.Order:
    quantity = draw_(st.integers(1, 5))
    price = draw_(moneys)
    role = pt.Role.VIRTUAL if virtual else draw_(st.sampled_from([pt.Role.LEADER, pt.Role.MEMBER]))
    return pt.Order(
        order_id=draw_(ids),
        user_id=("virtual:" if virtual else "") + draw_(users),
        group_id=group_id,
        role=role,
        quantity=quantity,
        unit_price=price,
        paid=fen(0) if virtual else price * quantity,
        paid_at=draw_(aware_datetimes()),
        referral_chain=() if virtual else draw_(chains),
        region=draw_(regions),
    )


def _command(cls: type, **fields: st.SearchStrategy) -> st.SearchStrategy:
    return st.builds(cls, group_id=ids, at=aware_datetimes(), **fields)


commands = st.one_of(
    _command(pt.OpenGroup, order_id=ids, user_id=users, quantity=st.integers(1, 9),
             referral_chain=chains, region=regions),
    _command(pt.JoinGroup, order_id=ids, user_id=users, quantity=st.integers(1, 9),
             expected_version=versions, new_group_id=st.none() | ids, referral_chain=chains,
             region=regions),
    _command(pt.LeaveGroup, order_id=ids, expected_version=versions),
    _command(pt.ExpireGroup, expected_version=versions),
    _command(pt.CloseGroup, expected_version=versions),
)  # fmt: skip

events = st.one_of(
    _command(pt.GroupOpened, campaign_id=ids, deadline=aware_datetimes(), leader=orders()),
    _command(pt.MemberJoined, order=orders()),
    _command(pt.MemberLeft, order_id=ids, new_leader_id=st.none() | ids),
    _command(pt.VirtualMembersAdded, orders=st.lists(orders(virtual=True), max_size=3).map(tuple)),
    _command(pt.GroupSucceeded),
    _command(pt.GroupClosed),
    _command(pt.GroupFailed, reason=st.sampled_from(pt.FailureReason)),
)


def _effect(cls: type, **fields: st.SearchStrategy) -> st.SearchStrategy:
    return st.builds(cls, key=ids, group_id=ids, order_id=ids, **fields)


kinds = st.sampled_from(pt.RewardKind)
effects = st.one_of(
    _effect(pt.Capture, amount=moneys),
    _effect(pt.Refund, amount=moneys, reason=st.sampled_from(pt.RefundReason)),
    _effect(pt.Ship, product_id=ids, quantity=st.integers(1, 9)),
    _effect(pt.Notify, user_id=users, topic=st.sampled_from(["group_succeeded", "draw_lost"])),
    _effect(pt.PayReward, beneficiary=users, amount=moneys, kind=kinds),
    _effect(pt.IssueCoupon, user_id=users, coupon=coupons()),
    _effect(pt.AwardPoints, user_id=users, points=st.integers(0, 10**6)),
    _effect(pt.ShipGift, product_id=ids, quantity=st.integers(1, 9)),
    _effect(pt.ClawBack, beneficiary=users, amount=moneys, kind=kinds, reward_key=ids),
)
postings = st.builds(
    pt.Posting, key=ids, source=users.map(lambda u: f"payer:{u}"), destination=st.just("escrow"),
    amount=moneys, memo=st.sampled_from(["payment", "refund"]), order_id=ids,
)  # fmt: skip
statements = st.builds(
    pt.Statement, order_id=ids, user_id=users, group_id=ids, outcome=st.sampled_from(pt.Outcome),
    paid=moneys, refunded=moneys, captured=moneys, reason=st.sampled_from(["", "团购成功。"]),
    rewards=st.none() | moneys,
)  # fmt: skip


@given(campaigns())
def test_campaigns_of_every_kind_round_trip(value):
    round_trips(value)
    assert codec.unstructure(value)["kind"] == value.kind.value


@given(commands)
def test_every_command_round_trips(value):
    round_trips(value, pt.Command)


@given(events)
def test_every_event_round_trips(value):
    round_trips(value, pt.Event)


@given(effects)
def test_every_effect_round_trips(value):
    round_trips(value, pt.Effect)


@given(st.one_of(postings, statements, orders()))
def test_postings_statements_and_orders_round_trip(value):
    round_trips(value)


@slow
@given(replays())
def test_groups_settlements_and_draw_records_of_replays_round_trip(result):
    for value in (*result.groups, *result.events, *result.settlements):
        round_trips(value)
    for record in [result.campaign_draw, *(s.draw for s in result.settlements)]:
        if record is not None:
            round_trips(record)
            round_trips(pt.verify(record, SEED, record.winners + record.reserves))
    if result.settlements:
        round_trips(pt.summarize("CNY", result.settlements))
        round_trips(pt.campaign_pnl("CNY", result.settlements))


def _same_replay(back: ReplayResult, result: ReplayResult) -> None:
    assert back.groups == result.groups
    assert back.events == result.events
    assert back.settlements == result.settlements
    assert (back.seed_commitment, back.campaign_draw) == (
        result.seed_commitment,
        result.campaign_draw,
    )

    def seen(pairs):
        return [(cmd, r.code, r.field, r.rule, r.follow_up) for cmd, r in pairs]

    assert seen(back.rejections) == seen(result.rejections)


@slow
@given(replays())
def test_replay_results_round_trip_up_to_the_rejections_values(result):
    _same_replay(codec.structure(codec.unstructure(result), ReplayResult), result)
    _same_replay(codec.from_json(codec.to_json(result), ReplayResult), result)


def test_groups_in_every_state_round_trip():
    """One log per state, so every state is covered whatever Hypothesis draws."""
    c = campaign(virtual_completion=pt.VirtualCompletion(min_real_members=1))
    log = [
        pt.OpenGroup(group_id="a", order_id="a1", user_id="u1", at=_at(10)),
        pt.OpenGroup(group_id="b", order_id="b1", user_id="u2", at=_at(10)),
        pt.OpenGroup(group_id="c", order_id="c1", user_id="u3", at=_at(10)),
        pt.JoinGroup(group_id="a", order_id="a2", user_id="u4", at=_at(10, 5)),
        pt.LeaveGroup(group_id="b", order_id="b1", at=_at(10, 6)),
        pt.JoinGroup(group_id="a", order_id="a3", user_id="u5", at=_at(10, 7)),
        pt.JoinGroup(group_id="a", order_id="a4", user_id="u6", at=_at(10, 8)),
        pt.OpenGroup(group_id="d", order_id="d1", user_id="u7", at=_at(10, 9)),
        pt.CloseGroup(group_id="d", at=_at(10, 10)),
        pt.ExpireGroup(group_id="c", at=_at(12, 1)),
    ]
    result = replay(c, log)
    states = {g.status for g in result.groups}
    assert states == {pt.GroupStatus.CLOSED, pt.GroupStatus.FAILED}
    assert {type(e).__name__ for e in result.events} >= {"VirtualMembersAdded", "MemberLeft"}
    assert [r.code for _, r in result.rejections] == [pt.Rejection.GROUP_FULL]
    _same_replay(codec.from_json(codec.to_json(result), ReplayResult), result)
    forming = replay(c, log[:2]).groups[0]
    succeeded = replay(campaign(capacity=4), log[:6]).groups[0]
    assert (forming.status, succeeded.status) == (pt.GroupStatus.FORMING, pt.GroupStatus.SUCCEEDED)
    for group in (forming, succeeded, *result.groups):
        round_trips(group)
        back = codec.from_json(codec.to_json(group), pt.Group)
        assert isinstance(back.members, Roster)
        assert all(back.members.has_order(o.order_id) for o in group.orders)
        assert all(back.departed.has_user(o.user_id) for o in group.departed)


def _at(hour: int, minute: int = 0) -> datetime:
    return datetime(2020, 7, 1, hour, minute, tzinfo=ZoneInfo("Asia/Shanghai"))


@given(seed=st.binary(min_size=16, max_size=32), entries=st.sets(ids, max_size=20),
       k=st.integers(0, 5))  # fmt: skip
def test_draw_records_round_trip_and_match_to_dict(seed, entries, k):
    record = draw(seed, sorted(entries), k)
    round_trips(record)
    doc = codec.unstructure(record)
    assert doc.pop("format") == 1
    assert doc.pop("type") == "DrawRecord"
    assert doc == record.to_dict()
    assert pt.DrawRecord.from_dict(record.to_dict()) == record


# The document's shape.


def test_a_document_has_format_and_type_then_the_fields_in_order():
    doc = codec.unstructure(campaign())
    assert list(doc)[:5] == ["format", "type", "kind", "campaign_id", "product_id"]
    assert (doc["format"], doc["type"], doc["kind"]) == (codec.FORMAT_VERSION, "Campaign", "normal")
    assert "format" not in doc["schedule"]
    assert "type" not in doc["schedule"]


def test_money_instants_durations_and_enums_have_their_written_forms():
    c = campaign(leader_price=fen(8900), time_limit=timedelta(days=1, hours=2, microseconds=500))
    doc = codec.unstructure(c)
    assert doc["price"] == {"amount": 9900, "currency": "CNY"}
    assert doc["time_limit"] == "P1DT2H0.0005S"
    assert doc["schedule"]["windows"] == [{"start": "10:00:00", "end": "12:00:00"}]
    assert doc["schedule"]["start_date"] == "2020-07-01"
    assert doc["full_group_policy"] == "reject"
    opened = pt.OpenGroup(group_id="g", order_id="o", user_id="u", at=_at(10, 5))
    assert codec.unstructure(opened)["at"] == "2020-07-01T10:05:00+08:00[Asia/Shanghai]"
    fixed = attrs.evolve(opened, at=datetime(2020, 7, 1, 2, 5, tzinfo=UTC))
    assert codec.unstructure(fixed)["at"] == "2020-07-01T02:05:00+00:00"


@pytest.mark.parametrize(
    ("delta", "text"),
    [
        (timedelta(hours=2), "PT2H"),
        (timedelta(hours=2, minutes=30), "PT2H30M"),
        (timedelta(days=1, hours=12), "P1DT12H"),
        (timedelta(days=3), "P3D"),
        (timedelta(0), "PT0S"),
        (timedelta(seconds=0.5), "PT0.5S"),
        (-timedelta(minutes=5), "-PT5M"),
    ],
)
def test_durations_are_iso_8601(delta, text):
    conv = codec.converter()
    assert conv.unstructure(delta) == text
    assert conv.structure(text, timedelta) == delta


def test_the_offset_picks_the_fold_of_a_repeated_wall_time():
    new_york = ZoneInfo("America/New_York")
    first = datetime(2021, 11, 7, 1, 30, tzinfo=new_york)
    second = first.replace(fold=1)
    for value, text in ((first, "-04:00"), (second, "-05:00")):
        opened = pt.OpenGroup(group_id="g", order_id="o", user_id="u", at=value)
        assert codec.unstructure(opened)["at"] == f"2021-11-07T01:30:00{text}[America/New_York]"
        back = codec.from_json(codec.to_json(opened), pt.OpenGroup).at
        assert (back.fold, back.tzinfo, back.utcoffset()) == (
            value.fold,
            new_york,
            value.utcoffset(),
        )


@given(aware_datetimes())
def test_instants_keep_their_zone_kind_and_their_instant(value):
    opened = pt.OpenGroup(group_id="g", order_id="o", user_id="u", at=value)
    back = codec.from_json(codec.to_json(opened), pt.OpenGroup).at
    assert back == value
    assert back.utcoffset() == value.utcoffset()
    assert type(back.tzinfo) is type(value.tzinfo)
    if isinstance(value.tzinfo, ZoneInfo):
        assert back.tzinfo is value.tzinfo


def test_nested_commands_events_and_effects_carry_their_type():
    result = replay(campaign(), [pt.OpenGroup(group_id="g", order_id="o", user_id="u", at=_at(10))])
    doc = codec.unstructure(result)
    assert [e["type"] for e in doc["events"]] == ["GroupOpened"]
    assert "type" not in doc["events"][0]["leader"]
    assert {e["type"] for e in doc["settlements"][0]["effects"]} <= {"Notify"}
    assert doc["groups"][0]["members"][0]["order_id"] == "o"


def test_a_rejection_is_written_as_its_parts_and_read_back_as_one():
    log = [pt.OpenGroup(group_id="g", order_id="o", user_id="u", at=_at(9))]
    result = replay(campaign(), log)
    command_doc, rejection_doc = codec.unstructure(result)["rejections"][0]
    assert command_doc["type"] == "OpenGroup"
    assert rejection_doc == {
        "code": "outside_schedule",
        "field": "at",
        "value": "2020-07-01T09:00:00+08:00[Asia/Shanghai]",
        "rule": "is outside the campaign's open windows",
        "follow_up": None,
    }
    back = codec.structure(codec.unstructure(result), ReplayResult).rejections[0][1]
    assert isinstance(back, pt.CommandRejected)
    assert back.code is pt.Rejection.OUTSIDE_SCHEDULE


def test_json_text_is_one_line_in_field_order_and_not_ascii_escaped():
    c = campaign(product_id="蜂蜜-500g")
    text = codec.to_json(c)
    assert "\n" not in text
    assert "蜂蜜" in text
    assert text.startswith('{"format": 1, "type": "Campaign", "kind": "normal"')
    assert text == codec.to_json(c)
    assert json.loads(codec.to_json(c, indent=2)) == json.loads(text)


def test_unions_pick_the_member_by_its_type():
    opened = pt.OpenGroup(group_id="g", order_id="o", user_id="u", at=_at(10))
    assert codec.structure(codec.unstructure(opened), pt.Command) == opened
    failed = pt.GroupFailed(group_id="g", at=_at(12), reason=pt.FailureReason.DEADLINE)
    assert codec.from_json(codec.to_json(failed), pt.Event) == failed


def test_there_is_one_converter_and_the_replay_file_uses_it():
    made = [p for p in SRC.rglob("*.py") if re.search(r"cattrs\.(Base)?Converter\(", p.read_text())]
    assert [p.relative_to(SRC).as_posix() for p in made] == ["codec/_converter.py"]
    assert codec.converter() is codec.converter()
    replay_file = (SRC / "cli" / "_replay_file.py").read_text()
    assert "from pintuan.codec import structure_value" in replay_file


@pytest.mark.parametrize(
    "cls",
    # A campaign book is not stored: it is rebuilt by recording the stored events.
    [
        getattr(pt, n)
        for n in pt.__all__
        if attrs.has(getattr(pt, n)) and getattr(pt, n) is not pt.CampaignBook
    ],
    ids=lambda cls: cls.__name__,
)
def test_every_public_value_class_can_be_read(cls):
    assert codec.converter().get_structure_hook(cls)


def test_the_codec_is_public():
    assert pt.CodecError.__mro__[1] is pt.InvalidValue
    assert set(codec.__all__) >= {"unstructure", "structure", "to_json", "from_json", "converter"}
    assert all(getattr(codec, name).__doc__ for name in codec.__all__ if not name.isupper())


def test_dates_and_times_alone_use_iso_8601():
    conv = codec.converter()
    assert conv.unstructure(date(2020, 7, 1)) == "2020-07-01"
    assert conv.unstructure(time(10, 0, 30)) == "10:00:30"
    assert conv.structure("2020-07-01", date) == date(2020, 7, 1)
    assert conv.structure("10:00:30", time) == time(10, 0, 30)
    plus_eight = timezone(timedelta(hours=8))
    at = conv.structure("2020-07-01T10:05:00+08:00", datetime)
    assert at.tzinfo == plus_eight
    assert not isinstance(at.tzinfo, ZoneInfo)
