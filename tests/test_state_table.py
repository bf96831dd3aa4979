"""The state table is consulted first, and a campaign's kind follows its policies."""

from __future__ import annotations

from datetime import timedelta

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from _factories import at, campaign
from pintuan import (
    CloseGroup,
    CommandRejected,
    ConfigurationError,
    Coupon,
    DrawMode,
    DrawPolicy,
    ExpireGroup,
    GiftPlan,
    GroupStatus,
    JoinGroup,
    Kind,
    LeaveGroup,
    Money,
    OpenGroup,
    PinshangTerms,
    Prize,
    Rejection,
    TierTable,
    decide,
    handle,
)
from pintuan.lifecycle import COMMANDS, has_seat, is_full
from pintuan.lifecycle._state import refusal

C = campaign(capacity=4, time_limit=timedelta(minutes=90))


def _groups():
    forming, _ = handle(C, None, OpenGroup(group_id="g1", order_id="o1", user_id="u1", at=at(10)))
    succeeded = forming
    for n in (2, 3):
        join = JoinGroup(group_id="g1", order_id=f"o{n}", user_id=f"u{n}", at=at(10, n))
        succeeded, _ = handle(C, succeeded, join)
    closed, _ = handle(C, succeeded, CloseGroup(group_id="g1", at=at(10, 40)))
    failed, _ = handle(C, forming, CloseGroup(group_id="g1", at=at(10, 40)))
    return {
        None: None,
        GroupStatus.FORMING: forming,
        GroupStatus.SUCCEEDED: succeeded,
        GroupStatus.CLOSED: closed,
        GroupStatus.FAILED: failed,
    }


GROUPS = _groups()


def _commands(version: int, minute: int):
    """One command of each type, with a stale version and an instant long past."""
    when = at(9, minute)  # before every group's latest event, outside the window
    return [
        OpenGroup(group_id="g1", order_id="ox", user_id="ux", at=when),
        JoinGroup(group_id="g1", order_id="ox", user_id="ux", at=when, expected_version=version),
        LeaveGroup(group_id="g1", order_id="o1", at=when, expected_version=version),
        ExpireGroup(group_id="g1", at=when, expected_version=version),
        CloseGroup(group_id="g1", at=when, expected_version=version),
    ]


@given(version=st.integers(0, 50), minute=st.integers(0, 59), data=st.data())
def test_an_illegal_pair_is_refused_for_its_state_before_version_or_time(
    version: int, minute: int, data: st.DataObject
) -> None:
    status = data.draw(st.sampled_from([None, *GroupStatus]))
    group = GROUPS[status]
    for command in _commands(version, minute):
        if type(command) in COMMANDS[status]:
            continue
        with pytest.raises(CommandRejected) as info:
            decide(C, group, command)
        assert info.value.code is refusal(status, command)


def test_refusal_codes_by_state() -> None:
    open_ = OpenGroup(group_id="g1", order_id="ox", user_id="ux", at=at(10))
    leave = LeaveGroup(group_id="g1", order_id="o1", at=at(10))
    assert refusal(None, leave) is Rejection.UNKNOWN_GROUP
    assert refusal(GroupStatus.FORMING, open_) is Rejection.GROUP_EXISTS
    assert refusal(GroupStatus.CLOSED, leave) is Rejection.ILLEGAL_IN_STATE


def test_a_join_into_a_closed_group_that_is_not_full_is_illegal_in_state() -> None:
    closed = GROUPS[GroupStatus.CLOSED]
    assert not is_full(C, closed)
    assert not has_seat(C, closed)
    join = JoinGroup(group_id="g1", order_id="o9", user_id="u9", at=at(10, 50))
    with pytest.raises(CommandRejected) as info:
        decide(C, closed, join)
    assert info.value.code is Rejection.ILLEGAL_IN_STATE


def test_a_join_into_a_full_group_says_so_even_with_a_stale_version() -> None:
    c = campaign(capacity=3)
    group, _ = handle(c, None, OpenGroup(group_id="g1", order_id="o1", user_id="u1", at=at(10)))
    for n in (2, 3):
        join = JoinGroup(group_id="g1", order_id=f"o{n}", user_id=f"u{n}", at=at(10, n))
        group, _ = handle(c, group, join)
    assert (group.status, is_full(c, group), has_seat(c, group)) == (
        GroupStatus.CLOSED,
        True,
        False,
    )
    late = JoinGroup(group_id="g1", order_id="o9", user_id="u9", at=at(10, 9), expected_version=1)
    with pytest.raises(CommandRejected) as info:
        decide(c, group, late)
    assert info.value.code is Rejection.GROUP_FULL


# --- the kind follows the policies ---------------------------------------------------

CNY = Money.parse("99.00 CNY")


def test_kind_is_derived_from_the_policies() -> None:
    base = campaign()
    assert base.kind is Kind.NORMAL
    gifts = GiftPlan(points=10)
    assert attrs.evolve(base, gifts=gifts).kind is Kind.GIFT
    lottery = DrawPolicy(
        mode=DrawMode.AT_GROUP_SUCCESS,
        prizes=1,
        winner=Prize.product(),
        loser=Prize.coupon_only(Coupon(system_id="c")),
    )
    assert attrs.evolve(base, draw=lottery, gifts=gifts).kind is Kind.LOTTERY
    pinshang = PinshangTerms(
        price=CNY, group_size=3, winners=1, participation_reward=Money.parse("1.00 CNY")
    ).policy()
    assert attrs.evolve(base, draw=pinshang).kind is Kind.PINSHANG
    money_back = attrs.evolve(pinshang, loser=Prize.money_back())
    assert attrs.evolve(base, draw=money_back).kind is Kind.PINSHANG
    at_end = attrs.evolve(pinshang, mode=DrawMode.AT_CAMPAIGN_END)
    assert attrs.evolve(base, draw=at_end).kind is Kind.LOTTERY
    table = TierTable.of([(3, "99.00 CNY"), (5, "89.00 CNY")], stock=100)
    tiered = attrs.evolve(base, price=None, tiers=table, capacity=5, stock=100, gifts=gifts)
    assert tiered.kind is Kind.TIERED


def test_a_preset_takes_only_its_own_options() -> None:
    # Regression: an unknown keyword was a raw TypeError; now a pintuan error naming it.
    base = campaign()
    with pytest.raises(ConfigurationError, match="tiers") as info:
        type(base).normal(  # type: ignore[call-arg]
            campaign_id="c",
            product_id="p",
            price=CNY,
            group_size=3,
            time_limit=timedelta(hours=1),
            schedule=base.schedule,
            tiers=TierTable.of([(3, "99.00 CNY")], stock=10),
        )
    assert info.value.field == "tiers"
