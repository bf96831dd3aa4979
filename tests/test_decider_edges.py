"""Edges of the decider: each rejection's code, field, value and rule, and the
exact events (versions, leaders, reasons) at the boundaries of the rules.
"""

from __future__ import annotations

from datetime import timedelta
from typing import get_args

import pytest

import pintuan as pt
from _factories import (
    at,
    campaign,
    check_error,
    cny,
    full_group,
    join_cmd,
    open_cmd,
    run_commands,
)
from pintuan.errors import CommandRejected, InvalidValue, Rejection


def rejected(c, group, command) -> CommandRejected:
    with pytest.raises(CommandRejected) as info:
        pt.decide(c, group, command)
    return info.value


def test_a_command_for_another_group_is_refused_with_its_group_id():
    c = campaign()
    group = run_commands(c, open_cmd())
    err = rejected(c, group, join_cmd(2, gid="g2"))
    assert (err.code, err.field, err.value) == (Rejection.UNKNOWN_GROUP, "group_id", "g2")
    assert err.rule == "the command was decided against group g1"


def test_a_join_before_any_group_is_an_unknown_group():
    err = rejected(campaign(), None, join_cmd(2))
    assert (err.code, err.field, err.value) == (Rejection.UNKNOWN_GROUP, "group_id", "g1")
    assert err.rule == "no such group has been opened"


def test_opening_an_open_group_again_is_refused():
    c = campaign()
    group = run_commands(c, open_cmd())
    err = rejected(c, group, open_cmd(2))
    assert (err.code, err.field, err.value) == (Rejection.GROUP_EXISTS, "group_id", "g1")
    assert err.rule == "a group with this id is open"


def test_a_command_the_state_does_not_allow_names_itself_and_the_status():
    c = campaign()
    group = run_commands(c, open_cmd(), pt.CloseGroup(group_id="g1", at=at(10, 30)))
    err = rejected(c, group, pt.LeaveGroup(group_id="g1", order_id="g1-o1", at=at(10, 40)))
    assert (err.field, err.value) == ("command", "LeaveGroup")
    assert err.rule == "is not allowed while the group is failed"


def test_a_stale_version_is_a_conflict():
    c = campaign()
    group = run_commands(c, open_cmd())
    err = rejected(c, group, join_cmd(2, expected_version=7))
    assert (err.code, err.field, err.value) == (Rejection.VERSION_CONFLICT, "expected_version", 7)
    assert err.rule == "the group is at version 1; reload it and decide again"
    events = pt.decide(c, group, join_cmd(2, expected_version=1))
    assert [e.version for e in events] == [2]


def test_time_cannot_go_backwards_but_may_stand_still():
    c = campaign()
    group = run_commands(c, open_cmd(t=at(10, 5)))
    earlier = at(10, 4)
    err = rejected(c, group, join_cmd(2, t=earlier))
    assert (err.code, err.field, err.value) == (Rejection.TIME_WENT_BACKWARDS, "at", earlier)
    assert err.rule.startswith("is before the group's latest event at 2020-07-01T10:05:00")
    assert len(pt.decide(c, group, join_cmd(2, t=at(10, 5)))) == 1


def test_a_join_at_the_deadline_is_too_late():
    c = campaign()
    group = run_commands(c, open_cmd(t=at(10)))
    err = rejected(c, group, join_cmd(2, t=at(12)))
    assert (err.code, err.field, err.value) == (Rejection.DEADLINE_PASSED, "at", at(12))
    assert err.rule.startswith("is at or after the group's deadline")
    last_moment = at(12) - timedelta(seconds=1)
    assert len(pt.decide(c, group, join_cmd(2, t=last_moment))) == 1


def test_leaving_needs_membership():
    c = campaign()
    group = run_commands(c, open_cmd())
    err = rejected(c, group, pt.LeaveGroup(group_id="g1", order_id="o9", at=at(10, 30)))
    assert (err.code, err.field, err.value) == (Rejection.NOT_A_MEMBER, "order_id", "o9")
    assert err.rule == "is not a member of this group"


def test_the_leader_leaving_hands_over_to_the_next_member():
    c = campaign()
    group = run_commands(c, open_cmd(), join_cmd(2))
    (left,) = pt.decide(c, group, pt.LeaveGroup(group_id="g1", order_id="g1-o1", at=at(10, 30)))
    assert (left.order_id, left.new_leader_id, left.version) == ("g1-o1", "g1-o2", 3)


def test_a_member_leaving_keeps_the_leader():
    c = campaign()
    group = run_commands(c, open_cmd(), join_cmd(2))
    (left,) = pt.decide(c, group, pt.LeaveGroup(group_id="g1", order_id="g1-o2", at=at(10, 30)))
    assert (left.order_id, left.new_leader_id) == ("g1-o2", None)


def test_the_last_member_leaving_fails_the_group_as_empty():
    c = campaign()
    group = run_commands(c, open_cmd())
    left, failed = pt.decide(c, group, pt.LeaveGroup(group_id="g1", order_id="g1-o1", at=at(11)))
    assert left.new_leader_id is None
    assert (failed.reason, failed.version, failed.at) == (pt.FailureReason.EMPTY, 3, at(11))


def test_expiring_before_the_deadline_is_not_due():
    c = campaign()
    group = run_commands(c, open_cmd(t=at(10)))
    early = at(11, 59)
    err = rejected(c, group, pt.ExpireGroup(group_id="g1", at=early))
    assert (err.code, err.field, err.value) == (Rejection.NOT_DUE, "at", early)
    assert err.rule.startswith("is before the group's deadline")
    (failed,) = pt.decide(c, group, pt.ExpireGroup(group_id="g1", at=at(12)))
    assert (failed.reason, failed.version) == (pt.FailureReason.DEADLINE, 2)


def test_virtual_completion_needs_exactly_the_minimum_of_real_members():
    c = campaign(virtual_completion=pt.VirtualCompletion(min_real_members=2), group_size=4)
    one = run_commands(c, open_cmd(t=at(10)))
    (failed,) = pt.decide(c, one, pt.ExpireGroup(group_id="g1", at=at(12)))
    assert failed.reason is pt.FailureReason.DEADLINE
    two = run_commands(c, open_cmd(t=at(10)), join_cmd(2))
    added, succeeded, closed = pt.decide(c, two, pt.ExpireGroup(group_id="g1", at=at(12)))
    assert [o.order_id for o in added.orders] == ["virtual:g1:1", "virtual:g1:2"]
    assert all(o.role is pt.Role.VIRTUAL and o.paid == cny("0.00") for o in added.orders)
    assert all(o.unit_price == cny("99.00") for o in added.orders)
    assert all(o.quantity == 1 and o.group_id == "g1" for o in added.orders)
    assert [e.version for e in (added, succeeded, closed)] == [3, 4, 5]


def test_a_succeeded_group_closes_at_its_deadline_or_by_the_operator():
    c = campaign(capacity=4)
    group = run_commands(c, open_cmd(), join_cmd(2), join_cmd(3))
    assert group.status is pt.GroupStatus.SUCCEEDED
    (closed,) = pt.decide(c, group, pt.ExpireGroup(group_id="g1", at=at(12, 5)))
    assert isinstance(closed, pt.GroupClosed)
    assert closed.version == group.version + 1
    (closed,) = pt.decide(c, group, pt.CloseGroup(group_id="g1", at=at(11)))
    assert isinstance(closed, pt.GroupClosed)
    assert (closed.version, closed.at) == (group.version + 1, at(11))


def test_the_operator_closing_a_forming_group_fails_it():
    c = campaign()
    group = run_commands(c, open_cmd())
    (failed,) = pt.decide(c, group, pt.CloseGroup(group_id="g1", at=at(11)))
    assert (failed.reason, failed.version) == (pt.FailureReason.CLOSED_BY_OPERATOR, 2)


def test_the_seat_that_fills_the_group_succeeds_and_closes_it():
    c = campaign()
    group = run_commands(c, open_cmd(), join_cmd(2))
    joined, succeeded, closed = pt.decide(c, group, join_cmd(3))
    assert [e.version for e in (joined, succeeded, closed)] == [3, 4, 5]
    assert joined.order.role is pt.Role.MEMBER
    assert joined.order.paid == cny("99.00")


def test_a_join_past_the_size_but_below_capacity_does_not_succeed_again():
    c = campaign(capacity=5)
    group = run_commands(c, open_cmd(), join_cmd(2), join_cmd(3))
    events = pt.decide(c, group, join_cmd(4))
    assert [type(e) for e in events] == [pt.MemberJoined]
    group = full_group(c, 4)
    joined, closed = pt.decide(c, group, join_cmd(5, gid="g1"))
    assert isinstance(closed, pt.GroupClosed)
    assert closed.version == joined.version + 1


def test_an_opened_group_starts_at_version_one_with_the_campaigns_deadline():
    c = campaign()
    (opened,) = pt.decide(c, None, open_cmd(t=at(10, 30)))
    # Two hours after opening (elapsed time: not clamped to the 12:00 window end).
    assert (opened.version, opened.deadline, opened.campaign_id) == (1, at(12, 30), "c1")
    assert opened.deadline.tzinfo == at(10, 30).tzinfo
    assert opened.leader.role is pt.Role.LEADER


def test_a_full_forming_group_redirects_to_the_group_with_a_seat():
    c = campaign(full_group_policy=pt.FullGroupPolicy.REDIRECT)
    # Three MemberJoined events without GroupSucceeded: full, yet still forming.
    group = run_commands(c, open_cmd(), join_cmd(2))
    third = pt.decide(c, group, join_cmd(3))[0]
    group = pt.evolve(group, third)
    assert group.status is pt.GroupStatus.FORMING
    context = pt.DecisionContext(group_with_seat="g7")
    with pytest.raises(CommandRejected) as info:
        pt.decide(c, group, join_cmd(4), context)
    assert info.value.code is Rejection.GROUP_FULL
    follow = info.value.follow_up
    assert (type(follow), follow.group_id, follow.order_id) == (pt.JoinGroup, "g7", "g1-o4")


def test_decide_names_the_type_each_argument_must_be():
    c = campaign()
    cmd = pt.OpenGroup(group_id="g1", order_id="o1", user_id="u1", at=at(10))
    ctx = pt.DecisionContext(stock_left=10)
    group, _ = pt.handle(c, None, cmd, ctx)
    commands = ", ".join(t.__name__ for t in get_args(pt.Command))
    for args, field, rule in [
        (("c1", None, cmd, ctx), "campaign", "must be a Campaign"),
        ((c, "g1", cmd, ctx), "group", "must be a Group"),
        ((c, None, "open", ctx), "command", f"must be one of {commands}"),
        ((c, group, cmd, 10), "context", "must be a DecisionContext"),
    ]:
        with pytest.raises(InvalidValue) as info:
            pt.decide(*args)
        check_error(info, InvalidValue, field)
        assert info.value.rule == rule
