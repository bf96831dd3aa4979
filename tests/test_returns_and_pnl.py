"""Refunds after success with clawback of rewards, and the campaign P&L."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _factories import (
    SEED,
    all_day_schedule,
    at,
    cny,
    full_group,
    of,
    pinshang,
    rewarded_campaign,
    rewarded_settlement,
    seed_schedule,
)
from pintuan import (
    Campaign,
    ClawBack,
    CloseGroup,
    Coupon,
    DecisionContext,
    GiftPlan,
    GroupStatus,
    InvalidValue,
    JoinGroup,
    MoneyError,
    OpenGroup,
    Outcome,
    PayReward,
    PinshangTerms,
    ReferralReward,
    Refund,
    RefundReason,
    RewardAmount,
    RewardKind,
    RewardPlan,
    RewardTiming,
    TeamReward,
    TierTable,
    balances,
    campaign_pnl,
    handle,
    refund_after_success,
    settle_group,
    settle_groups,
)


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


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 2), st.integers(1, 10_000))
def test_clawback_returns_every_reward_of_the_order_and_nothing_else(index, amount):
    _, group, s = rewarded_settlement()
    order_id = group.orders[index].order_id
    after = refund_after_success(s, order_id=order_id, amount=cny("0.01") * amount, return_id="r")
    tied = {e.key for e in of(s, PayReward) if e.order_id == order_id}
    assert {c.reward_key for c in of(after, ClawBack)} == tied
    assert sum(balances(after.postings).values()) == 0


def test_pnl_of_the_seed_pinshang_campaign():
    c = pinshang()
    s = settle_group(c, full_group(c, 100), seed=SEED)
    pnl = campaign_pnl("CNY", [s])
    assert pnl.gross_paid == cny("9900.00")
    assert pnl.refunds == (("draw", cny("9603.00")),)
    assert pnl.rewards == (("participation", cny("97.00")),)
    assert pnl.merchant_revenue == cny("297.00")
    assert pnl.promotion_spend == cny("97.00")
    assert pnl.clawed_back == cny("0.00")


def test_pnl_after_a_return_and_with_gifts():
    _c, _, s = rewarded_settlement()
    after = refund_after_success(s, order_id="g1-o2", amount=cny("100.00"), return_id="r")
    pnl = campaign_pnl("CNY", [after])
    assert pnl.gross_paid == cny("300.00")
    assert pnl.refunds == (("returned", cny("100.00")),)
    assert dict(pnl.rewards) == {"referral": cny("5.00"), "team": cny("3.00")}
    assert pnl.clawed_back == cny("5.00")
    assert pnl.merchant_revenue == cny("200.00")
    assert pnl.promotion_spend == cny("3.00")
    g = Campaign.gift(
        campaign_id="c1",
        product_id="p",
        price=cny("1.00"),
        group_size=2,
        time_limit=timedelta(hours=1),
        schedule=seed_schedule(),
        gifts=GiftPlan(points=10, coupon=Coupon(link="https://example.test/c")),
    )
    pnl = campaign_pnl("CNY", settle_groups(g, [full_group(g, 2)]))
    assert (pnl.coupons, pnl.points, pnl.gift_items) == (2, 20, 0)
    assert RewardKind.TEAM.value == "team"


# --- found in review -------------------------------------------------------------------


def test_draw_cash_prizes_are_paid_within_the_budget():
    terms = PinshangTerms(
        price=cny("9.00"), group_size=4, winners=1, participation_reward=cny("1.00")
    )
    c = Campaign.pinshang(
        campaign_id="c1",
        product_id="p",
        terms=terms,
        time_limit=timedelta(hours=1),
        schedule=seed_schedule(),
        rewards=RewardPlan(budget=cny("2.00")),
    )
    group = full_group(c, 4)
    assert group.status is GroupStatus.CLOSED
    s = settle_group(c, group, seed=SEED)
    assert len(of(s, PayReward)) == 2
    assert len(s.skipped_rewards) == 1
    assert s.budget_left == cny("0.00")


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


def test_reward_timing_on_success_uses_paid_amounts_before_the_draw():
    plan = RewardPlan(
        referral=ReferralReward(levels=(RewardAmount(bps=500),)), timing=RewardTiming.ON_SUCCESS
    )
    c = pinshang(rewards=plan)
    s = settle_group(c, full_group(c, 100, referred=frozenset(range(90, 100))), seed=SEED)
    referral = [r for r in of(s, PayReward) if r.kind is RewardKind.REFERRAL]
    # on success, every referred order earns 5% of the 99.00 it paid, winner or not
    assert len(referral) == 10
    assert {r.amount for r in referral} == {cny("4.95")}


def test_rounding_left_by_rate_rewards_is_recorded():
    plan = RewardPlan(team=TeamReward(amount=RewardAmount(bps=333)))
    c = Campaign.normal(
        campaign_id="c1",
        product_id="p",
        price=cny("1.00"),
        group_size=3,
        time_limit=timedelta(hours=1),
        schedule=seed_schedule(),
        rewards=plan,
    )
    s = settle_group(c, full_group(c, 3))
    # 3.33% of 3.00 is 9.99 fen: 9 fen paid, 0.99 fen (9900 ten-thousandths) kept
    assert [r.amount for r in of(s, PayReward)] == [cny("0.09")]
    assert s.rounding_kept == 9_900
    assert campaign_pnl("CNY", [s]).rounding_kept == 9_900
