"""The campaign book: campaign-wide facts, the expiry sweep, refusals that change nothing."""

from __future__ import annotations

from datetime import datetime, timedelta

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _factories import at, campaign, command_logs
from pintuan import (
    CampaignBook,
    CommandRejected,
    ExpireGroup,
    FailureReason,
    FullGroupPolicy,
    GroupFailed,
    GroupOpened,
    GroupStatus,
    InvalidValue,
    JoinGroup,
    MemberJoined,
    MemberLeft,
    NaiveDatetime,
    OpenGroup,
    UserLimits,
)
from pintuan._time import utc

C = campaign(
    capacity=4,
    stock=40,
    time_limit=timedelta(minutes=40),
    limits=UserLimits(max_groups_joined=3, max_groups_opened=2),
)


def _run(book: CampaignBook, log: list) -> tuple[CampaignBook, list]:
    events: list = []
    for command in log:
        try:
            new = book.decide(command)
        except CommandRejected:
            continue
        book = book.record(new)
        events += new
    return book, events


def _model(events: list) -> dict:
    """The facts, recomputed by brute force from the events."""
    groups: dict = {}
    opened: dict[str, int] = {}
    joined: dict[str, int] = {}
    orders: dict[str, str] = {}
    for event in events:
        if isinstance(event, GroupOpened):
            opened[event.leader.user_id] = opened.get(event.leader.user_id, 0) + 1
            orders[event.leader.order_id] = event.group_id
        if isinstance(event, MemberJoined):
            joined[event.order.user_id] = joined.get(event.order.user_id, 0) + 1
            orders[event.order.order_id] = event.group_id
        groups[event.group_id] = event.group_id
    return {"opened": opened, "joined": joined, "orders": orders}


@settings(max_examples=60)
@given(log=command_logs(groups=4, users=6, max_size=40), minute=st.integers(0, 240))
def test_the_book_agrees_with_a_brute_force_model(log: list, minute: int) -> None:
    book, events = _run(CampaignBook.start(C, returning_users={"u5"}), log)
    model = _model(events)
    groups = list(book.groups())
    assert [g.group_id for g in groups] == list(
        dict.fromkeys(e.group_id for e in events if isinstance(e, GroupOpened))
    )
    live = sum(o.quantity for g in groups if g.status is not GroupStatus.FAILED for o in g.members)
    assert book.stock_taken == live
    for user in (f"u{n}" for n in range(6)):
        probe = JoinGroup(group_id="g0", order_id="probe", user_id=user, at=at(10))
        context = book.context(probe)
        assert context.user_groups_opened == model["opened"].get(user, 0)
        assert context.user_groups_joined == model["joined"].get(user, 0)
        assert context.stock_left == C.stock - live
        assert context.user_is_new is (user != "u5")
    for order_id, gid in model["orders"].items():
        assert book.group_of_order(order_id) == gid
    now = at(10) + timedelta(minutes=minute)
    expected = sorted(
        (utc(g.deadline), g.group_id)
        for g in groups
        if not g.status.terminal and utc(g.deadline) <= utc(now)
    )
    due = book.due(now)
    assert [(utc(g.deadline), g.group_id) for g in map(book.group, [e.group_id for e in due])] == (
        expected
    )
    swept = book
    for expire in due:
        swept = swept.record(swept.decide(expire))
    assert swept.due(now) == ()
    assert all(swept.group(e.group_id).status.terminal for e in due)


def test_due_is_the_deadline_with_the_version_and_the_sweep_is_idempotent() -> None:
    book = CampaignBook.start(C)
    book = book.record(book.decide(OpenGroup(group_id="g1", order_id="o1", user_id="a", at=at(10))))
    book = book.record(
        book.decide(OpenGroup(group_id="g2", order_id="o2", user_id="b", at=at(10, 5)))
    )
    assert book.due(at(10, 39)) == ()
    (first,) = book.due(at(10, 41))
    assert first == ExpireGroup(group_id="g1", at=at(10, 40), expected_version=1)
    second = ExpireGroup(group_id="g2", at=at(10, 45), expected_version=1)
    assert book.due(at(11)) == (first, second)
    after = book.record(book.decide(first))
    assert after.group("g1").status is GroupStatus.FAILED
    assert book.group("g1").status is GroupStatus.FORMING  # the old book is still valid
    assert after.due(at(11)) == (second,)
    with pytest.raises(NaiveDatetime):
        book.due(datetime(2020, 7, 1, 11))  # noqa: DTZ001


def test_the_redirect_names_the_oldest_group_with_a_seat() -> None:
    c = campaign(group_size=2, capacity=2, full_group_policy=FullGroupPolicy.REDIRECT)
    book = CampaignBook.start(c)
    for n, gid in enumerate(["g1", "g2", "g3"]):
        opening = OpenGroup(group_id=gid, order_id=f"o{n}", user_id=f"u{n}", at=at(10, n))
        book = book.record(book.decide(opening))
    book = book.record(
        book.decide(JoinGroup(group_id="g1", order_id="o9", user_id="u9", at=at(10, 5)))
    )
    late = JoinGroup(group_id="g1", order_id="o8", user_id="u8", at=at(10, 6))
    assert book.context(late).group_with_seat == "g2"
    own = JoinGroup(group_id="g1", order_id="o7", user_id="u1", at=at(10, 6))
    assert book.context(own).group_with_seat == "g3"  # u1 leads g2


@settings(max_examples=60, deadline=None)
@given(
    openings=st.lists(st.tuples(st.integers(0, 119), st.integers(0, 5)), min_size=1, max_size=40),
    minute=st.integers(0, 240),
    user=st.integers(0, 5),
)
def test_the_redirect_skips_past_deadlines_and_the_payers_groups(openings, minute, user) -> None:
    """Groups not yet swept past their deadline are skipped as a scan would skip them."""
    c = campaign(group_size=3, capacity=3, full_group_policy=FullGroupPolicy.REDIRECT,
                 time_limit=timedelta(minutes=30))  # fmt: skip
    book = CampaignBook.start(c)
    full = [OpenGroup(group_id="full", order_id="f0", user_id="f0", at=at(10))] + [
        JoinGroup(group_id="full", order_id=f"f{n}", user_id=f"f{n}", at=at(10)) for n in (1, 2)
    ]
    for command in full:
        book = book.record(book.decide(command))
    for n, (opened, leader) in enumerate(openings):
        opening = OpenGroup(group_id=f"g{n}", order_id=f"o{n}", user_id=f"u{leader}",
                            at=at(10) + timedelta(minutes=opened))  # fmt: skip
        try:
            book = book.record(book.decide(opening))
        except CommandRejected:
            continue  # outside the daily window
    now = at(10) + timedelta(minutes=minute)
    late = JoinGroup(group_id="full", order_id="late", user_id=f"u{user}", at=now)
    expected = next(
        (g.group_id for g in book.groups_with_seat()
         if utc(now) < utc(g.deadline) and not g.members.has_user(f"u{user}")),
        None,
    )  # fmt: skip
    assert book.context(late).group_with_seat == expected


def _opened_book() -> CampaignBook:
    book = CampaignBook.start(C)
    for n, gid in enumerate(["g1", "g2"]):
        opening = OpenGroup(group_id=gid, order_id=f"o{n}", user_id=f"u{n}", at=at(10, n))
        book = book.record(book.decide(opening))
    return book


def _bad_events() -> list[tuple[str, object]]:
    book = _opened_book()
    g1 = book.group("g1")
    leader = g1.leader
    joined = book.decide(JoinGroup(group_id="g1", order_id="o5", user_id="u5", at=at(10, 5)))[0]
    other = campaign(campaign_id="c2")
    opening = CampaignBook.start(other).decide(
        OpenGroup(group_id="g9", order_id="o9", user_id="u9", at=at(10))
    )[0]
    again = CampaignBook.start(C).decide(
        OpenGroup(group_id="g1", order_id="o7", user_id="u7", at=at(10))
    )[0]
    reused = book.decide(JoinGroup(group_id="g2", order_id="o6", user_id="u6", at=at(10, 5)))[0]
    reused = MemberJoined(
        group_id="g2", at=at(10, 5), order=_with(reused.order, order_id="o0"), version=2
    )
    return [
        ("event.campaign_id", opening),
        ("event.group_id", again),
        ("event.group_id", GroupFailed(group_id="g7", at=at(10, 9), reason=FailureReason.EMPTY)),
        (
            "event.order_id",
            MemberLeft(group_id="g1", at=at(10, 6), order_id="nobody", new_leader_id=None),
        ),
        ("event.order.order_id", MemberJoined(group_id="g1", at=at(10, 6), order=leader)),
        ("event.order.order_id", reused),
        ("event.version", _with(joined, version=5)),
        ("event.at", _with(joined, at=at(9, 59))),
        ("event.order.group_id", _with(joined, order=_with(joined.order, group_id="g2"))),
    ]


def _with(value, **changes):
    return attrs.evolve(value, **changes)


@pytest.mark.parametrize(("field", "event"), _bad_events())
def test_an_impossible_event_is_refused_and_changes_nothing(field: str, event) -> None:
    book = _opened_book()
    before = [(g.group_id, g.version, len(g.members)) for g in book.groups()]
    with pytest.raises(InvalidValue) as info:
        book.record([event])
    assert info.value.field == field
    assert [(g.group_id, g.version, len(g.members)) for g in book.groups()] == before


def test_a_batch_with_one_bad_event_records_none_of_it() -> None:
    book = _opened_book()
    good = book.decide(JoinGroup(group_id="g1", order_id="o5", user_id="u5", at=at(10, 5)))
    bad = MemberLeft(group_id="g1", at=at(10, 6), order_id="nobody", new_leader_id=None)
    with pytest.raises(InvalidValue):
        book.record([*good, bad])
    assert len(book.group("g1").members) == 1


def test_start_refuses_bad_input() -> None:
    with pytest.raises(InvalidValue) as info:
        CampaignBook.start("campaign")  # type: ignore[arg-type]
    assert info.value.field == "campaign"
    with pytest.raises(InvalidValue) as info:
        CampaignBook.start(C, returning_users="alice")
    assert info.value.field == "returning_users"
    with pytest.raises(InvalidValue):
        CampaignBook.start(C, returning_users=["alice", ""])
