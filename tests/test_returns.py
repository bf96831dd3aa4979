"""Refunds after success (returns): the refund, the clawback of the order's rewards.

A return refunds the order and takes back exactly the rewards tied to it; the
same return applied twice changes nothing; an order is returned at most once;
only a closed group's orders can be returned. Each bad return raises an error
naming the field and leaves the settlement as it was.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _factories import (
    all_day_schedule,
    at,
    campaign,
    check_error,
    cny,
    full_group,
    of,
    rewarded_campaign,
    rewarded_settlement,
)
from pintuan import (
    Campaign,
    ClawBack,
    CloseGroup,
    DecisionContext,
    ExpireGroup,
    Group,
    GroupStatus,
    InvalidValue,
    JoinGroup,
    Money,
    MoneyError,
    OpenGroup,
    Outcome,
    PayReward,
    Refund,
    RefundReason,
    TierTable,
    VirtualCompletion,
    balances,
    handle,
    refund_after_success,
    settle_group,
)

USD = Money.parse("1.00 USD")


def test_return_refunds_and_claws_back_exactly_the_orders_rewards():
    _, _group, s = rewarded_settlement()
    order_rewards = [e for e in of(s, PayReward) if e.order_id == "g1-o2"]
    assert [(r.beneficiary, r.amount) for r in order_rewards] == [("ref-2", cny("5.00"))]
    after = refund_after_success(s, order_id="g1-o2", amount=cny("100.00"), return_id="ret-1")
    (refund,) = [e for e in of(after, Refund) if e.reason is RefundReason.RETURNED]
    assert (refund.order_id, refund.amount) == ("g1-o2", cny("100.00"))
    claws = of(after, ClawBack)
    assert [(c.reward_key, c.amount) for c in claws] == [(r.key, r.amount) for r in order_rewards]
    # the group stays succeeded; its statement shows the refund
    assert after.status is GroupStatus.CLOSED
    statement = next(st for st in after.statements if st.order_id == "g1-o2")
    assert (statement.refunded, statement.captured) == (cny("100.00"), cny("0.00"))
    assert statement.outcome is Outcome.SHIPPED
    assert "returned (ret-1)" in statement.text
    b = balances(after.postings)
    assert b[("wallet:ref-2", "CNY")] == 0
    assert sum(b.values()) == 0
    # the team reward belongs to the leader's order and stays
    assert b[("wallet:g1-u1", "CNY")] == 300


def test_the_same_return_twice_changes_nothing():
    _, _, s = rewarded_settlement()
    once = refund_after_success(s, order_id="g1-o2", amount=cny("40.00"), return_id="ret-1")
    assert (
        refund_after_success(once, order_id="g1-o2", amount=cny("40.00"), return_id="ret-1") == once
    )
    assert len(of(once, ClawBack)) == 1  # a reward is taken back once


def test_an_order_is_returned_at_most_once():
    _, _, s = rewarded_settlement()
    once = refund_after_success(s, order_id="g1-o2", amount=cny("40.00"), return_id="ret-1")
    with pytest.raises(InvalidValue) as info:
        refund_after_success(once, order_id="g1-o2", amount=cny("60.00"), return_id="ret-2")
    assert info.value.field == "return_id"
    assert "at most once for the same reason" in str(info.value)
    # another order of the group can still be returned
    other = refund_after_success(once, order_id="g1-o1", amount=cny("1.00"), return_id="ret-2")
    returned = [e.order_id for e in of(other, Refund) if e.reason is RefundReason.RETURNED]
    assert returned == ["g1-o2", "g1-o1"]


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 2), st.integers(1, 10_000))
def test_clawback_returns_every_reward_of_the_order_and_nothing_else(index, amount):
    _, group, s = rewarded_settlement()
    order_id = group.orders[index].order_id
    after = refund_after_success(s, order_id=order_id, amount=cny("0.01") * amount, return_id="r")
    tied = {e.key for e in of(s, PayReward) if e.order_id == order_id}
    assert {c.reward_key for c in of(after, ClawBack)} == tied
    assert sum(balances(after.postings).values()) == 0


# --- returns that are refused -------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "error", "field"),
    [
        ({"order_id": "nope", "amount": cny("1.00")}, InvalidValue, "order_id"),
        ({"order_id": "g1-o2", "amount": cny("100.01")}, InvalidValue, "amount"),
        ({"order_id": "g1-o2", "amount": cny("0.00")}, InvalidValue, "amount"),
        ({"order_id": "g1-o2", "amount": 5}, MoneyError, "amount"),
    ],
)
def test_bad_returns(kwargs, error, field):
    _, _, s = rewarded_settlement()
    with pytest.raises(error) as info:
        refund_after_success(s, return_id="r", **kwargs)
    assert info.value.field == field


def test_a_failed_group_cannot_refund_after_success():
    c = rewarded_campaign()
    group = full_group(c, 2)
    group, _ = handle(c, group, CloseGroup(group_id="g1", at=at(11)))
    with pytest.raises(InvalidValue) as info:
        refund_after_success(
            settle_group(c, group), order_id="g1-o1", amount=cny("1.00"), return_id="r"
        )
    assert info.value.field == "settlement.status"


def test_a_tiered_group_refunds_after_success_only_once_closed():
    c = Campaign.tiered(
        campaign_id="c1",
        product_id="p",
        tiers=TierTable.of([(2, "99.00 CNY"), (3, "79.00 CNY")], stock=100),
        time_limit=timedelta(hours=1),
        schedule=all_day_schedule(),
    )
    ctx = DecisionContext(stock_left=100)
    group, _ = handle(
        c, None, OpenGroup(group_id="g1", order_id="o0", user_id="u0", at=at(10)), ctx
    )
    group, _ = handle(
        c, group, JoinGroup(group_id="g1", order_id="o1", user_id="u1", at=at(10, 1)), ctx
    )
    assert group.status is GroupStatus.SUCCEEDED
    with pytest.raises(InvalidValue) as info:
        refund_after_success(
            settle_group(c, group), order_id="o0", amount=cny("99.00"), return_id="r"
        )
    assert info.value.field == "settlement.status"


@pytest.fixture
def settled() -> tuple[Campaign, Group]:
    """A group of 3 at 99.00 CNY that closed with 2 paying members and 1 virtual seat."""
    c = campaign(virtual_completion=VirtualCompletion(min_real_members=2))
    group = full_group(c, 2)
    group, _ = handle(c, group, ExpireGroup(group_id="g1", at=at(12, 30)))
    assert group.virtual_count == 1
    return c, group


@pytest.mark.parametrize(
    ("order", "amount", "error", "field"),
    [
        ("virtual", cny("1.00"), InvalidValue, "order_id"),
        ("g1-o1", cny("-1.00"), InvalidValue, "amount"),
        ("g1-o1", USD, MoneyError, "amount"),
        ("g1-o1", cny("99.01"), InvalidValue, "amount"),
    ],
    ids=["virtual-seat", "negative", "other-currency", "over-paid"],
)
def test_bad_refunds_after_success_change_nothing(
    settled: tuple[Campaign, Group], order: str, amount: Money, error: type, field: str
) -> None:
    c, group = settled
    if order == "virtual":
        order = next(o.order_id for o in group.members if o.virtual)
    before = settle_group(c, group)
    with pytest.raises(error) as info:
        refund_after_success(before, order_id=order, amount=amount, return_id="ret-1")
    check_error(info, error, field)
    assert before == settle_group(c, group)


@pytest.mark.parametrize("again", ["100.00", "10.00"], ids=["beyond-paid", "within-paid"])
def test_a_reused_return_id_with_another_amount_is_refused(
    settled: tuple[Campaign, Group], again: str
) -> None:
    c, group = settled
    once = refund_after_success(
        settle_group(c, group), order_id="g1-o1", amount=cny("60.00"), return_id="ret-1"
    )
    with pytest.raises(InvalidValue) as info:
        refund_after_success(once, order_id="g1-o1", amount=cny(again), return_id="ret-1")
    check_error(info, InvalidValue, "amount")
    assert "already applied with 60.00 CNY" in str(info.value)
    same = refund_after_success(once, order_id="g1-o1", amount=cny("60.00"), return_id="ret-1")
    assert same == once
