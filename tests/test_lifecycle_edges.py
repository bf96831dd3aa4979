"""Edges of the lifecycle: stored events that cannot follow a group, rosters as values.

``evolve`` takes stored events as input like any other, so each way an event
can fail to follow a group is refused with an ``InvalidValue`` naming the
event's field; the group is unchanged. A group rebuilt from events can be full
while still open, and a join into it is refused as a full group.
"""

from __future__ import annotations

import pytest

import pintuan as pt
from _factories import at, campaign, check_error, cny, order
from pintuan.errors import CommandRejected, InvalidValue, Rejection
from pintuan.lifecycle import CampaignBook
from pintuan.lifecycle._roster import Roster
from pintuan.lifecycle.order import split_real


def _opened() -> pt.Group:
    leader = order("o1", "u1", role=pt.Role.LEADER)
    return pt.evolve(
        None,
        pt.GroupOpened(
            group_id="g1", campaign_id="c1", at=at(10), deadline=at(12), leader=leader, version=1
        ),
    )


def _with_members(n: int) -> pt.Group:
    group = _opened()
    for i in range(2, n + 1):
        group = pt.evolve(
            group, pt.MemberJoined(group_id="g1", at=at(10, i), order=order(f"o{i}", f"u{i}"))
        )
    return group


def test_a_group_opens_at_version_one():
    leader = order("o1", "u1", role=pt.Role.LEADER)
    event = pt.GroupOpened(
        group_id="g1", campaign_id="c1", at=at(10), deadline=at(12), leader=leader, version=2
    )
    with pytest.raises(InvalidValue) as info:
        pt.evolve(None, event)
    check_error(info, InvalidValue, "event.version")
    assert info.value.value == 2


def test_an_event_of_another_group_is_refused():
    with pytest.raises(InvalidValue) as info:
        pt.evolve(_opened(), pt.GroupSucceeded(group_id="g2", at=at(11)))
    check_error(info, InvalidValue, "event.group_id")
    assert info.value.value == "g2"


def test_a_leader_cannot_hand_over_to_themselves_as_they_leave():
    group = _with_members(2)
    event = pt.MemberLeft(group_id="g1", at=at(10, 30), order_id="o1", new_leader_id="o1")
    with pytest.raises(InvalidValue) as info:
        pt.evolve(group, event)
    check_error(info, InvalidValue, "event.new_leader_id")
    assert info.value.rule == "is leaving"


def test_the_new_leader_must_be_a_member():
    group = _with_members(2)
    event = pt.MemberLeft(group_id="g1", at=at(10, 30), order_id="o1", new_leader_id="o9")
    with pytest.raises(InvalidValue) as info:
        pt.evolve(group, event)
    check_error(info, InvalidValue, "event.new_leader_id")


def test_a_leader_leaving_hands_over_to_the_named_member():
    group = _with_members(2)
    event = pt.MemberLeft(group_id="g1", at=at(10, 30), order_id="o1", new_leader_id="o2")
    after = pt.evolve(group, event)
    assert after.leader_order_id == "o2"
    assert [o.order_id for o in after.orders] == ["o2"]
    assert after.version == group.version + 1


def test_a_second_order_of_a_member_is_refused():
    group = _with_members(2)
    again = order("o3", "u2")
    with pytest.raises(InvalidValue) as info:
        pt.evolve(group, pt.MemberJoined(group_id="g1", at=at(10, 30), order=again))
    check_error(info, InvalidValue, "event.order.user_id")
    assert info.value.value == "u2"


def test_an_order_of_another_group_is_refused():
    stray = pt.Order(
        order_id="o9",
        user_id="u9",
        group_id="g2",
        role=pt.Role.MEMBER,
        quantity=1,
        unit_price=cny("99.00"),
        paid=cny("99.00"),
        paid_at=at(10),
    )
    with pytest.raises(InvalidValue) as info:
        pt.evolve(_opened(), pt.MemberJoined(group_id="g1", at=at(10, 30), order=stray))
    check_error(info, InvalidValue, "event.order.group_id")


def test_a_join_into_a_full_forming_group_is_refused_as_full():
    # Three MemberJoined events with no GroupSucceeded: full, yet still forming.
    group = _with_members(3)
    assert group.status is pt.GroupStatus.FORMING
    command = pt.JoinGroup(group_id="g1", order_id="o4", user_id="u4", at=at(10, 40))
    with pytest.raises(CommandRejected) as info:
        pt.decide(campaign(), group, command)
    assert info.value.code is Rejection.GROUP_FULL
    assert info.value.field == "group_id"
    assert info.value.value == "g1"


def test_an_order_paid_other_than_price_times_quantity_is_refused():
    with pytest.raises(InvalidValue) as info:
        pt.Order(
            order_id="o1",
            user_id="u1",
            group_id="g1",
            role=pt.Role.MEMBER,
            quantity=2,
            unit_price=cny("99.00"),
            paid=cny("99.00"),
            paid_at=at(10),
        )
    check_error(info, InvalidValue, "paid")
    assert info.value.value == "99.00 CNY"


def test_split_real_refuses_what_is_not_an_order():
    with pytest.raises(InvalidValue) as info:
        split_real([order("o1", "u1"), "o2"])
    check_error(info, InvalidValue, "orders")
    assert info.value.value == "o2"


def test_rosters_are_values():
    a, b = order("o1", "u1"), order("o2", "u2")
    one = Roster((a, b))
    same = Roster((a,)).appended(b)
    assert one == same
    assert hash(one) == hash(same)
    assert one != Roster((b, a))
    assert one != Roster((a,))
    assert one != (a, b)  # a roster is not a tuple
    assert (one == (a, b)) is False
    assert repr(Roster((a,))) == f"Roster([{a!r}])"


def test_a_book_counts_its_groups():
    c = campaign()
    book = CampaignBook.start(c)
    assert len(book) == 0
    for gid, user in (("g1", "u1"), ("g2", "u2")):
        command = pt.OpenGroup(group_id=gid, order_id=f"{gid}-o", user_id=user, at=at(10, 5))
        book = book.record(book.decide(command))
    assert len(book) == 2
    assert [g.group_id for g in book.groups()] == ["g1", "g2"]


def test_an_event_earlier_than_the_latest_is_refused_with_its_instant():
    group = _with_members(2)  # latest event at 10:02
    with pytest.raises(InvalidValue) as info:
        pt.evolve(group, pt.GroupSucceeded(group_id="g1", at=at(10, 1)))
    check_error(info, InvalidValue, "event.at")
    assert info.value.value == at(10, 1)
    assert info.value.rule == "is before the group's latest event at 2020-07-01T10:02:00+08:00"
    same = pt.evolve(group, pt.GroupSucceeded(group_id="g1", at=at(10, 2)))
    assert same.status is pt.GroupStatus.SUCCEEDED


@pytest.mark.parametrize("version", [2, 4])
def test_an_event_must_carry_the_next_version(version):
    group = _with_members(2)  # version 2
    with pytest.raises(InvalidValue) as info:
        pt.evolve(group, pt.GroupSucceeded(group_id="g1", at=at(11), version=version))
    check_error(info, InvalidValue, "event.version")
    assert info.value.value == version
    assert info.value.rule == "does not follow the group's version 2 (expected 3)"
    assert pt.evolve(group, pt.GroupSucceeded(group_id="g1", at=at(11), version=3)).version == 3


def test_refusals_of_orders_carry_the_order_and_the_group():
    group = _with_members(2)
    again = order("o2", "u9")
    with pytest.raises(InvalidValue) as info:
        pt.evolve(group, pt.MemberJoined(group_id="g1", at=at(11), order=again))
    assert (info.value.field, info.value.value) == ("event.order.order_id", "o2")
    assert info.value.rule == "is already in group g1"
    with pytest.raises(InvalidValue) as info:
        pt.evolve(group, pt.MemberJoined(group_id="g1", at=at(11), order=order("o9", "u2")))
    assert info.value.rule == "is already a member of g1"
    with pytest.raises(InvalidValue) as info:
        pt.evolve(group, pt.MemberLeft(group_id="g1", at=at(11), order_id="o9", new_leader_id=None))
    assert (info.value.field, info.value.value) == ("event.order_id", "o9")
    assert info.value.rule == "is not a member of group g1"


def test_an_order_that_left_cannot_come_back():
    group = _with_members(2)
    group = pt.evolve(
        group, pt.MemberLeft(group_id="g1", at=at(11), order_id="o2", new_leader_id=None)
    )
    assert group.leader_order_id == "o1"
    assert [o.order_id for o in group.departed] == ["o2"]
    with pytest.raises(InvalidValue) as info:
        pt.evolve(group, pt.MemberJoined(group_id="g1", at=at(11), order=order("o2", "u2")))
    assert (info.value.field, info.value.value) == ("event.order.order_id", "o2")


def test_virtual_members_are_counted_and_kept_in_order():
    group = _with_members(2)
    seats = tuple(
        pt.Order(
            order_id=f"virtual:g1:{n}",
            user_id=f"virtual:g1:{n}",
            group_id="g1",
            role=pt.Role.VIRTUAL,
            quantity=1,
            unit_price=cny("99.00"),
            paid=cny("0.00"),
            paid_at=at(12),
        )
        for n in (1, 2)
    )
    after = pt.evolve(group, pt.VirtualMembersAdded(group_id="g1", at=at(12), orders=seats))
    assert after.virtual_count == 2
    assert [o.order_id for o in after.orders][-2:] == ["virtual:g1:1", "virtual:g1:2"]
    assert after.version == group.version + 1
    with pytest.raises(InvalidValue) as info:
        pt.evolve(group, pt.VirtualMembersAdded(group_id="g1", at=at(12), orders=seats[:1] * 2))
    assert (info.value.field, info.value.value) == ("event.order.order_id", "virtual:g1:1")


def test_terminal_events_stamp_the_closing_instant():
    group = _with_members(3)
    ok = pt.evolve(
        pt.evolve(group, pt.GroupSucceeded(group_id="g1", at=at(11))),
        pt.GroupClosed(group_id="g1", at=at(11, 30)),
    )
    assert (ok.status, ok.closed_at, ok.failure) == (pt.GroupStatus.CLOSED, at(11, 30), None)
    failed = pt.evolve(
        group, pt.GroupFailed(group_id="g1", at=at(12), reason=pt.FailureReason.DEADLINE)
    )
    assert (failed.status, failed.closed_at, failed.failure) == (
        pt.GroupStatus.FAILED,
        at(12),
        pt.FailureReason.DEADLINE,
    )
    assert failed.updated_at == at(12)


def test_an_event_the_state_table_forbids_names_the_state():
    with pytest.raises(InvalidValue) as info:
        pt.evolve(None, pt.GroupSucceeded(group_id="g1", at=at(10)))
    assert (info.value.field, info.value.value) == ("event", "GroupSucceeded")
    assert info.value.rule == "cannot happen to a group in state None"
    failed = pt.evolve(
        _opened(), pt.GroupFailed(group_id="g1", at=at(12), reason=pt.FailureReason.DEADLINE)
    )
    with pytest.raises(InvalidValue) as info:
        pt.evolve(failed, pt.MemberJoined(group_id="g1", at=at(12), order=order("o2", "u2")))
    assert (info.value.field, info.value.value) == ("event", "MemberJoined")
    assert info.value.rule == "cannot happen to a group in state failed"


def test_an_opened_group_keeps_the_opening_event():
    group = _opened()
    assert (group.opened_at, group.updated_at, group.deadline) == (at(10), at(10), at(12))
    assert (group.leader_order_id, group.version, group.campaign_id) == ("o1", 1, "c1")


def test_refusal_values_of_leaders_and_foreign_orders():
    group = _with_members(2)
    event = pt.MemberLeft(group_id="g1", at=at(10, 30), order_id="o1", new_leader_id="o1")
    with pytest.raises(InvalidValue) as info:
        pt.evolve(group, event)
    assert info.value.value == "o1"
    stray = order("o9", "u9")
    stray = pt.Order(
        order_id="o9",
        user_id="u9",
        group_id="g2",
        role=pt.Role.MEMBER,
        quantity=1,
        unit_price=stray.unit_price,
        paid=stray.paid,
        paid_at=stray.paid_at,
    )
    with pytest.raises(InvalidValue) as info:
        pt.evolve(group, pt.MemberJoined(group_id="g1", at=at(11), order=stray))
    assert (info.value.value, info.value.rule) == ("g2", "is not group g1")
    leader = order("o1", "u1", role=pt.Role.LEADER)
    opened = pt.GroupOpened(
        group_id="g1", campaign_id="c1", at=at(10), deadline=at(12), leader=leader, version=3
    )
    with pytest.raises(InvalidValue) as info:
        pt.evolve(None, opened)
    assert info.value.rule == "a group opens at version 1"


def test_one_event_cannot_seat_a_user_twice():
    seats = tuple(
        pt.Order(
            order_id=f"virtual:g1:{n}",
            user_id="virtual:g1:same",
            group_id="g1",
            role=pt.Role.VIRTUAL,
            quantity=1,
            unit_price=cny("99.00"),
            paid=cny("0.00"),
            paid_at=at(12),
        )
        for n in (1, 2)
    )
    with pytest.raises(InvalidValue) as info:
        pt.evolve(_opened(), pt.VirtualMembersAdded(group_id="g1", at=at(12), orders=seats))
    assert (info.value.field, info.value.value) == ("event.order.user_id", "virtual:g1:same")


def test_evolve_refuses_a_state_that_is_not_a_group_with_the_rule():
    event = pt.GroupClosed(group_id="g1", at=at(10))
    with pytest.raises(InvalidValue) as info:
        pt.evolve("g1", event)
    check_error(info, InvalidValue, "state")
    assert (info.value.value, info.value.rule) == ("g1", "must be a Group or None")
