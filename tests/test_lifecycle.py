"""The group lifecycle: decide, evolve and the transition table.

Invariant 9 of GUIDE section 7, a rejected command changes nothing, is checked
strictly over random command logs: the group is snapshotted (rosters
materialised) *before* ``decide`` and compared with the group after; an
accepted command must be legal in the state it was decided in and move the
version by exactly the number of events.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

import attrs
import hypothesis
import pytest
from hypothesis import given
from hypothesis import strategies as st

import pintuan as pt
from _factories import FEW, all_day_schedule, at, campaign, command_logs, snapshot, tables
from pintuan import (
    CloseGroup,
    CommandRejected,
    DecisionContext,
    ExpireGroup,
    FailureReason,
    FullGroupPolicy,
    GroupClosed,
    GroupFailed,
    GroupStatus,
    GroupSucceeded,
    JoinGroup,
    LeaveGroup,
    MemberJoined,
    Money,
    NaiveDatetime,
    OpenGroup,
    Rejection,
    Role,
    UserLimits,
    VirtualCompletion,
    decide,
    evolve,
    handle,
)
from pintuan.errors import InvalidValue
from pintuan.lifecycle import COMMANDS, TRANSITIONS

NO_CTX = DecisionContext()


def opened(c=None, *, when=None, ctx=NO_CTX):
    c = c or campaign()
    cmd = OpenGroup(group_id="g1", order_id="o1", user_id="u1", at=when or at(10, 5))
    group, _ = handle(c, None, cmd, ctx)
    return c, group


def join(c, group, n, *, when=None, ctx=NO_CTX, **kw):
    cmd = JoinGroup(
        group_id=group.group_id, order_id=f"o{n}", user_id=f"u{n}", at=when or at(10, 10 + n), **kw
    )
    return handle(c, group, cmd, ctx)


def rejected(c, group, cmd, ctx=NO_CTX) -> CommandRejected:
    before = snapshot(group)
    with pytest.raises(CommandRejected) as info:
        decide(c, group, cmd, ctx)
    assert snapshot(group) == before
    return info.value


def test_open_makes_a_forming_group_with_the_leader_at_the_leader_price():
    _c, group = opened(campaign(leader_price=Money.parse("89.00 CNY")))
    assert group.status is GroupStatus.FORMING
    assert group.version == 1
    assert group.deadline == at(12, 5)
    (leader,) = group.orders
    assert leader.role is Role.LEADER
    assert leader.paid == Money.parse("89.00 CNY")


def test_group_succeeds_and_closes_when_size_reached():
    c, group = opened()
    group, events = join(c, group, 2)
    assert [type(e) for e in events] == [MemberJoined]
    group, events = join(c, group, 3)
    assert [type(e) for e in events] == [MemberJoined, GroupSucceeded, GroupClosed]
    assert group.status is GroupStatus.CLOSED
    assert group.version == 5
    assert [o.paid for o in group.orders] == [Money.parse("99.00 CNY")] * 3


def test_group_with_spare_capacity_keeps_accepting_after_success():
    c, group = opened(campaign(capacity=4))
    group, _ = join(c, group, 2)
    group, events = join(c, group, 3)
    assert group.status is GroupStatus.SUCCEEDED
    group, events = join(c, group, 4)
    assert events[-1] == GroupClosed(group_id="g1", at=at(10, 14), version=6)
    assert group.status is GroupStatus.CLOSED


def test_expire_before_deadline_is_not_due_and_after_fails():
    c, group = opened()
    assert rejected(c, group, ExpireGroup(group_id="g1", at=at(12, 4))).code is Rejection.NOT_DUE
    group, events = handle(c, group, ExpireGroup(group_id="g1", at=at(12, 5)))
    deadline = FailureReason.DEADLINE
    assert events == (GroupFailed(group_id="g1", at=at(12, 5), reason=deadline, version=2),)
    assert group.status is GroupStatus.FAILED


def test_close_fails_a_forming_group_and_closes_a_successful_one():
    c, group = opened(campaign(capacity=5))
    failed, _ = handle(c, group, CloseGroup(group_id="g1", at=at(10, 30)))
    assert failed.failure is FailureReason.CLOSED_BY_OPERATOR
    group, _ = join(c, group, 2)
    group, _ = join(c, group, 3)
    closed, _ = handle(c, group, CloseGroup(group_id="g1", at=at(10, 30)))
    assert closed.status is GroupStatus.CLOSED


def test_virtual_completion_fills_missing_seats_with_flagged_placeholders():
    c, group = opened(
        campaign(group_size=4, virtual_completion=VirtualCompletion(min_real_members=2))
    )
    group, _ = join(c, group, 2)
    group, _ = handle(c, group, ExpireGroup(group_id="g1", at=at(12, 5)))
    assert group.status is GroupStatus.CLOSED
    assert group.real_count == 2
    virtual = [o for o in group.orders if o.virtual]
    assert len(virtual) == 2
    assert all(o.paid.amount == 0 and o.role is Role.VIRTUAL for o in virtual)


def test_virtual_completion_needs_enough_real_members():
    c, group = opened(
        campaign(group_size=4, virtual_completion=VirtualCompletion(min_real_members=2))
    )
    group, _ = handle(c, group, ExpireGroup(group_id="g1", at=at(12, 5)))
    assert group.status is GroupStatus.FAILED


# --- bad commands: a specific rejection, nothing changed -------------------------------


def test_join_after_the_deadline_is_rejected():
    c, group = opened(campaign(schedule=all_day_schedule()))
    cmd = JoinGroup(group_id="g1", order_id="o2", user_id="u2", at=at(12, 5))
    assert rejected(c, group, cmd).code is Rejection.DEADLINE_PASSED


def test_join_outside_the_daily_window_is_rejected():
    c, group = opened(campaign(time_limit=timedelta(hours=30)))
    cmd = JoinGroup(group_id="g1", order_id="o2", user_id="u2", at=at(12, 0))
    err = rejected(c, group, cmd)
    assert (err.code, err.field) == (Rejection.OUTSIDE_SCHEDULE, "at")
    # the same instant given in UTC is just as closed; the next morning is open
    in_utc = at(12).astimezone(UTC)
    err = rejected(c, group, JoinGroup(group_id="g1", order_id="o2", user_id="u2", at=in_utc))
    assert err.code is Rejection.OUTSIDE_SCHEDULE
    handle(c, group, JoinGroup(group_id="g1", order_id="o2", user_id="u2", at=at(10, 0, day=2)))


def test_open_outside_the_campaign_is_rejected():
    c = campaign()
    cmd = OpenGroup(group_id="g1", order_id="o1", user_id="u1", at=at(10, day=31))
    assert rejected(c, None, cmd).code is Rejection.OUTSIDE_SCHEDULE


def _full_group(policy):
    c, group = opened(campaign(group_size=2, capacity=3, full_group_policy=policy))
    group, _ = join(c, group, 2)
    group, _ = join(c, group, 3)
    assert group.status is GroupStatus.CLOSED
    return c, group


def test_joining_a_full_group_is_rejected_under_the_reject_policy():
    c, group = _full_group(FullGroupPolicy.REJECT)
    cmd = JoinGroup(group_id="g1", order_id="o9", user_id="u9", at=at(10, 20), new_group_id="g8")
    err = rejected(c, group, cmd, DecisionContext(group_with_seat="g7"))
    assert (err.code, err.field, err.value) == (Rejection.GROUP_FULL, "group_id", "g1")
    assert err.follow_up is None


def test_full_group_rejection_carries_a_redirect_follow_up():
    c, group = _full_group(FullGroupPolicy.REDIRECT)
    cmd = JoinGroup(group_id="g1", order_id="o9", user_id="u9", at=at(10, 20))
    err = rejected(c, group, cmd, DecisionContext(group_with_seat="g7"))
    assert err.code is Rejection.GROUP_FULL
    assert err.follow_up == JoinGroup(group_id="g7", order_id="o9", user_id="u9", at=at(10, 20))
    assert rejected(c, group, cmd).follow_up is None  # no group with a seat: plain reject


def test_a_member_retrying_a_full_group_is_told_so_not_redirected():
    c, group = _full_group(FullGroupPolicy.REDIRECT)
    member = group.orders[1]
    cmd = JoinGroup(group_id="g1", order_id="o9", user_id=member.user_id, at=at(10, 20))
    err = rejected(c, group, cmd, DecisionContext(group_with_seat="g7"))
    assert (err.code, err.follow_up) == (Rejection.ALREADY_MEMBER, None)
    retry = JoinGroup(group_id="g1", order_id=member.order_id, user_id="u9", at=at(10, 20))
    assert rejected(c, group, retry).code is Rejection.DUPLICATE_ORDER


def test_full_group_rejection_can_open_a_new_group():
    c, group = _full_group(FullGroupPolicy.OPEN_NEW)
    cmd = JoinGroup(group_id="g1", order_id="o9", user_id="u9", at=at(10, 20), new_group_id="g8")
    err = rejected(c, group, cmd)
    assert err.follow_up == OpenGroup(group_id="g8", order_id="o9", user_id="u9", at=at(10, 20))


def test_same_user_twice_and_duplicate_order_are_rejected():
    c, group = opened()
    same_user = JoinGroup(group_id="g1", order_id="o2", user_id="u1", at=at(10, 6))
    assert rejected(c, group, same_user).code is Rejection.ALREADY_MEMBER
    same_order = JoinGroup(group_id="g1", order_id="o1", user_id="u2", at=at(10, 6))
    assert rejected(c, group, same_order).code is Rejection.DUPLICATE_ORDER


def test_an_order_id_used_in_another_group_is_rejected():
    c, group = opened()
    taken = DecisionContext(order_id_taken=True)
    cmd = JoinGroup(group_id="g1", order_id="o9", user_id="u9", at=at(10, 6))
    rejection = rejected(c, group, cmd, taken)
    assert rejection.code is Rejection.DUPLICATE_ORDER
    assert "another group" in str(rejection)
    with pytest.raises(CommandRejected) as info:
        decide(c, None, OpenGroup(group_id="g2", order_id="o9", user_id="u9", at=at(10, 6)), taken)
    assert info.value.code is Rejection.DUPLICATE_ORDER


def test_departed_orders_stay_known_and_block_reuse():
    c, group = opened(campaign(capacity=5))
    for n in range(2, 40):
        group, _ = join(c, group, n, when=at(10, 10))
        group, _ = handle(c, group, LeaveGroup(group_id="g1", order_id=f"o{n}", at=at(10, 10)))
    assert len(group.departed) == 38
    assert group.has_order("o17")
    cmd = JoinGroup(group_id="g1", order_id="o17", user_id="u99", at=at(10, 11))
    assert rejected(c, group, cmd).code is Rejection.DUPLICATE_ORDER


@pytest.mark.parametrize(
    ("limits", "ctx", "cmd_kw", "code"),
    [
        (
            UserLimits(max_groups_joined=2),
            DecisionContext(user_groups_joined=2),
            {},
            Rejection.JOIN_LIMIT,
        ),
        (UserLimits(max_quantity=2), DecisionContext(), {"quantity": 3}, Rejection.QUANTITY_LIMIT),
    ],
)
def test_per_user_limits_on_join(limits, ctx, cmd_kw, code):
    c, group = opened(campaign(limits=limits))
    cmd = JoinGroup(group_id="g1", order_id="o2", user_id="u2", at=at(10, 6), **cmd_kw)
    assert rejected(c, group, cmd, ctx).code is code


def test_open_limit_new_users_only_and_stock():
    cmd = OpenGroup(group_id="g1", order_id="o1", user_id="u1", at=at(10, 5))
    c = campaign(limits=UserLimits(max_groups_opened=1))
    assert (
        rejected(c, None, cmd, DecisionContext(user_groups_opened=1)).code is Rejection.OPEN_LIMIT
    )
    c = campaign(new_users_only=True)
    assert rejected(c, None, cmd, DecisionContext(user_is_new=False)).code is Rejection.NOT_NEW_USER
    handle(c, None, cmd, DecisionContext(user_is_new=True))
    c = campaign(stock=3)
    assert rejected(c, None, cmd, DecisionContext(stock_left=0)).code is Rejection.OUT_OF_STOCK
    with pytest.raises(InvalidValue) as info:
        decide(c, None, cmd)
    assert info.value.field == "context.stock_left"


def test_unknown_group_and_existing_group():
    c, group = opened()
    join_nothing = JoinGroup(group_id="g1", order_id="o2", user_id="u2", at=at(10, 6))
    assert rejected(c, None, join_nothing).code is Rejection.UNKNOWN_GROUP
    other = JoinGroup(group_id="g2", order_id="o2", user_id="u2", at=at(10, 6))
    assert rejected(c, group, other).code is Rejection.UNKNOWN_GROUP
    reopen = OpenGroup(group_id="g1", order_id="o2", user_id="u2", at=at(10, 6))
    assert rejected(c, group, reopen).code is Rejection.GROUP_EXISTS


def test_naive_datetimes_are_refused_in_commands():
    with pytest.raises(NaiveDatetime) as info:
        JoinGroup(group_id="g1", order_id="o2", user_id="u2", at=datetime(2020, 7, 1, 10))  # noqa: DTZ001
    assert info.value.field == "at"


def test_time_going_backwards_is_rejected():
    c, group = opened()
    cmd = JoinGroup(group_id="g1", order_id="o2", user_id="u2", at=at(10, 4))
    assert rejected(c, group, cmd).code is Rejection.TIME_WENT_BACKWARDS


def test_leave_after_success_is_illegal_and_unknown_order_is_not_a_member():
    c, group = opened(campaign(capacity=5))
    assert rejected(c, group, LeaveGroup(group_id="g1", order_id="o9", at=at(10, 6))).code is (
        Rejection.NOT_A_MEMBER
    )
    group, _ = join(c, group, 2)
    group, _ = join(c, group, 3)
    err = rejected(c, group, LeaveGroup(group_id="g1", order_id="o2", at=at(10, 30)))
    assert err.code is Rejection.ILLEGAL_IN_STATE
    assert group.status.successful


def test_last_member_leaving_fails_the_group():
    c, group = opened()
    group, _events = handle(c, group, LeaveGroup(group_id="g1", order_id="o1", at=at(10, 6)))
    assert group.status is GroupStatus.FAILED
    assert group.failure is FailureReason.EMPTY
    assert [o.order_id for o in group.departed] == ["o1"]


# --- regressions for bugs other systems shipped (GUIDE section 4) ----------------------


def test_regression_departed_leader_does_not_reset_the_deadline():
    c, group = opened(campaign(time_limit=timedelta(hours=1, minutes=30)))
    group, _ = join(c, group, 2)
    deadline = group.deadline
    group, events = handle(c, group, LeaveGroup(group_id="g1", order_id="o1", at=at(11)))
    assert group.deadline == deadline == at(11, 35)
    assert group.leader_order_id == "o2"
    assert events[0].new_leader_id == "o2"


def test_regression_deadline_is_clamped_by_campaign_end_as_seen_from_now():
    c = campaign(time_limit=timedelta(hours=5))
    _, early = opened(c, when=at(10, 5, day=1))
    assert early.deadline == at(15, 5, day=1)
    _, late = opened(c, when=at(11, 0, day=30))
    assert late.deadline == at(12, 0, day=30)  # the campaign ends before opening + limit


def test_regression_no_oversell_of_the_last_seat():
    c, group = opened()
    group, _ = join(c, group, 2)
    v = group.version
    a = JoinGroup(group_id="g1", order_id="oa", user_id="ua", at=at(10, 30), expected_version=v)
    b = JoinGroup(group_id="g1", order_id="ob", user_id="ub", at=at(10, 30), expected_version=v)
    # both payers decided against the same version: only the first may be applied
    decide(c, group, b)
    group, _ = handle(c, group, a)
    # The group is closed now: the state table refuses b before its version is read.
    assert rejected(c, group, b).code is Rejection.GROUP_FULL
    assert len(group.members) == 3


# --- the table ------------------------------------------------------------------------


_COMMAND_SAMPLES = {
    OpenGroup: OpenGroup(group_id="g1", order_id="ox", user_id="ux", at=at(11, 50)),
    JoinGroup: JoinGroup(group_id="g1", order_id="ox", user_id="ux", at=at(11, 50)),
    LeaveGroup: LeaveGroup(group_id="g1", order_id="o1", at=at(11, 50)),
    ExpireGroup: ExpireGroup(group_id="g1", at=at(11, 50)),
    CloseGroup: CloseGroup(group_id="g1", at=at(11, 50)),
}


def _groups_in_every_state():
    c = campaign(capacity=4, time_limit=timedelta(minutes=90))
    _, forming = opened(c)
    succeeded, _ = join(c, *join(c, forming, 2)[:1], 3)
    closed, _ = handle(c, succeeded, CloseGroup(group_id="g1", at=at(10, 40)))
    failed, _ = handle(c, forming, CloseGroup(group_id="g1", at=at(10, 40)))
    return c, {
        None: None,
        GroupStatus.FORMING: forming,
        GroupStatus.SUCCEEDED: succeeded,
        GroupStatus.CLOSED: closed,
        GroupStatus.FAILED: failed,
    }


@pytest.mark.parametrize("command_type", list(_COMMAND_SAMPLES))
@pytest.mark.parametrize("status", [None, *GroupStatus])
def test_every_state_and_command_pair_is_a_transition_or_a_clean_rejection(status, command_type):
    c, groups = _groups_in_every_state()
    group = groups[status]
    assert (group.status if group else None) == status
    command = _COMMAND_SAMPLES[command_type]
    before = snapshot(group)
    try:
        events = decide(c, group, command)
    except CommandRejected as err:
        if command_type not in COMMANDS[status]:
            assert err.code in {
                Rejection.ILLEGAL_IN_STATE,
                Rejection.GROUP_FULL,
                Rejection.UNKNOWN_GROUP,
                Rejection.GROUP_EXISTS,
            }
        assert snapshot(group) == before
        return
    assert command_type in COMMANDS[status]
    current = group
    for event in events:
        before = None if current is None else current.status
        current = evolve(current, event)
        assert TRANSITIONS[before, type(event)] is current.status


def test_evolve_refuses_an_event_the_table_does_not_allow():
    _c, groups = _groups_in_every_state()
    with pytest.raises(InvalidValue) as info:
        evolve(groups[GroupStatus.FAILED], GroupSucceeded(group_id="g1", at=at(11)))
    assert info.value.field == "event"


@given(command_logs(), st.booleans())
def test_random_logs_only_take_table_transitions_and_rejections_change_nothing(log, spare):
    c = campaign(capacity=4 if spare else 3)
    groups: dict = {}
    for command in log:
        group = groups.get(command.group_id)
        snapshot = group
        try:
            events = decide(c, group, command)
        except CommandRejected as err:
            assert groups.get(command.group_id) == snapshot
            assert err.field
            assert err.rule
            continue
        assert type(command) in COMMANDS[None if group is None else group.status]
        for event in events:
            before = None if group is None else group.status
            version = 0 if group is None else group.version
            group = evolve(group, event)
            assert group.status is TRANSITIONS[before, type(event)]
            assert group.version == version + 1
        assert len(group.members) <= c.capacity
        assert len({o.user_id for o in group.members}) == len(group.members)
        if group.status.successful:
            assert group.real_count + group.virtual_count >= c.group_size
        groups[group.group_id] = group


# --- invariant 9: a rejected command changes nothing -----------------------------------


# The state machine as GUIDE and _state's docstring state it, independent of the code.
F, S = pt.GroupStatus.FORMING, pt.GroupStatus.SUCCEEDED
LEGAL = {
    None: {pt.OpenGroup},
    F: {pt.JoinGroup, pt.LeaveGroup, pt.ExpireGroup, pt.CloseGroup},
    S: {pt.JoinGroup, pt.ExpireGroup, pt.CloseGroup},
    pt.GroupStatus.CLOSED: set(),
    pt.GroupStatus.FAILED: set(),
}


def test_the_command_table_is_the_documented_one():
    assert {status: set(types) for status, types in COMMANDS.items()} == LEGAL


contexts = st.builds(
    pt.DecisionContext,
    user_groups_joined=st.integers(0, 2),
    user_groups_opened=st.integers(0, 2),
    stock_left=st.sampled_from([0, 1, 10_000]),
    user_is_new=st.booleans(),
)
LIMITS = pt.UserLimits(max_groups_joined=2, max_groups_opened=2, max_quantity=1)


def _drive(c: pt.Campaign, log, data: st.DataObject) -> Counter:
    """Decide every command of ``log`` and check invariant 9 on each; count outcomes."""
    groups: dict[str, pt.Group] = {}
    seen: Counter = Counter()
    for command in log:
        group = groups.get(command.group_id)
        if group is not None and not isinstance(command, pt.OpenGroup):
            drift = data.draw(st.sampled_from([None, None, None, 0, -1, 1]))
            if drift is not None:
                version = max(group.version + drift, 0)
                command = attrs.evolve(command, expected_version=version)
            if data.draw(st.integers(0, 9)) == 0:
                command = attrs.evolve(command, at=group.updated_at - timedelta(minutes=1))
        ctx = data.draw(st.one_of(st.just(pt.DecisionContext(stock_left=10_000)), contexts))
        status = None if group is None else group.status
        before = snapshot(group)
        try:
            events = pt.decide(c, group, command, ctx)
        except pt.CommandRejected as err:
            assert snapshot(groups.get(command.group_id)) == before
            assert snapshot(group) == before
            assert err.field
            seen[err.code] += 1
            continue
        assert type(command) in LEGAL[status]
        assert events
        new = group
        for ev in events:
            was = None if new is None else new.status
            new = pt.evolve(new, ev)
            assert new.status is TRANSITIONS[was, type(ev)]
        assert new is not None
        assert new.version == (0 if group is None else group.version) + len(events)
        assert snapshot(group) == before  # evolve never touches its input either
        groups[new.group_id] = new
        seen["accepted"] += 1
    return seen


@FEW
@given(command_logs(max_size=30), st.booleans(), st.booleans(), st.data())
def test_normal_rejections_change_nothing_and_acceptances_follow_the_table(
    log, spare, limited, data
):
    c = campaign(
        capacity=4 if spare else 3,
        stock=50,
        limits=LIMITS if limited else pt.UserLimits(),
        new_users_only=limited,
        virtual_completion=pt.VirtualCompletion(min_real_members=2) if spare else None,
    )
    for outcome in _drive(c, log, data):
        hypothesis.event(str(outcome))


@FEW
@given(command_logs(max_size=30), tables, st.sampled_from(pt.TierPayment), st.data())
def test_tiered_rejections_change_nothing_and_acceptances_follow_the_table(
    log, table, payment, data
):
    c = pt.Campaign.tiered(
        campaign_id="c1",
        product_id="sku-1",
        tiers=table,
        time_limit=timedelta(hours=2),
        schedule=all_day_schedule(),
        tier_payment=payment,
    )
    for outcome in _drive(c, log, data):
        hypothesis.event(str(outcome))


# --- commands, contexts and events refuse bad values -----------------------------------


def test_virtual_id_prefix_is_reserved_for_placeholders():
    for field in ("order_id", "user_id"):
        kw = {"order_id": "o2", "user_id": "u2", field: "virtual:g1:1"}
        with pytest.raises(InvalidValue) as info:
            JoinGroup(group_id="g1", at=at(10, 6), **kw)
        assert info.value.field == field


def test_context_flags_must_be_bools():
    with pytest.raises(InvalidValue) as info:
        DecisionContext(user_is_new="no")
    assert info.value.field == "context.user_is_new"


def test_events_refuse_naive_instants_and_wrong_types():
    with pytest.raises(NaiveDatetime):
        GroupSucceeded(group_id="g1", at=datetime(2020, 7, 1, 10))  # noqa: DTZ001
    with pytest.raises(InvalidValue):
        GroupFailed(group_id="g1", at=at(10), reason="deadline")
    with pytest.raises(InvalidValue):
        MemberJoined(group_id="g1", at=at(10), order="o1")


def test_evolve_carries_every_field_of_the_group() -> None:
    """evolve builds the next Group field by field: a new field must be carried too."""
    import attrs

    from pintuan.lifecycle import group as group_module

    carried = {"group_id", "campaign_id", "status", "opened_at", "deadline", "leader_order_id",
               "members", "departed", "version", "updated_at", "closed_at", "failure",
               "virtual_count"}  # fmt: skip
    assert {f.name for f in attrs.fields(group_module.Group)} == carried


def test_orders_placed_by_commands_pass_the_checks_they_skip() -> None:
    """decide builds orders without re-checking the command's fields: rebuilding
    each one with Order's own checks gives an equal value (and raises nothing)."""
    import attrs

    from _factories import full_group, pinshang, tiered, tiered_group
    from pintuan import Order, TierPayment

    current = tiered(TierPayment.CURRENT_TIER)
    groups = [full_group(pinshang(), 100, referred=frozenset({3, 5})),
              tiered_group(current, 9, quantities={2: 3, 5: 2})]  # fmt: skip
    for group in groups:
        for order in group.orders:
            assert Order(**attrs.asdict(order, recurse=False)) == order
