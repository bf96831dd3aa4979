"""Edges of settlement: statements of a waiting group and a virtual seat, and bad input.

Each bad input is refused with the error type and the field it names; the
statements' text is checked word for word where it is short.
"""

from __future__ import annotations

from datetime import timedelta

import attrs
import pytest

import pintuan as pt
from _factories import (
    at,
    budgeted_campaign,
    campaign,
    check_error,
    closing_group,
    cny,
    full_group,
    order,
    rewarded_settlement,
    seed_schedule,
)
from pintuan._keys import idempotency_key
from pintuan.errors import CurrencyMismatch, InvalidValue, MoneyError
from pintuan.settlement import (
    Posting,
    RewardKind,
    RewardLine,
    apply_budget,
    gift_lines,
    reward_lines,
)


def test_a_waiting_order_can_still_be_refunded():
    c = campaign()
    group = full_group(c, 3, stop=1)  # two of three seats: still forming
    settlement = pt.settle_group(c, group)
    statement = settlement.statements[0]
    assert statement.outcome is pt.Outcome.WAITING
    assert statement.text.endswith("It can still be refunded and is not shipped yet.")
    assert statement.text.startswith(f"Order {statement.order_id} in group g1: paid 99.00 CNY.")


def test_a_virtual_seat_says_only_why():
    c = campaign(virtual_completion=pt.VirtualCompletion(min_real_members=2))
    group = full_group(c, 3, stop=1)
    group, _ = pt.handle(c, group, pt.ExpireGroup(group_id="g1", at=at(12)))
    settlement = pt.settle_group(c, group)
    virtual = [s for s in settlement.statements if s.outcome is pt.Outcome.VIRTUAL]
    assert len(virtual) == 1
    st = virtual[0]
    assert st.paid == st.refunded == st.captured == cny("0.00")
    assert st.text == (
        f"Order {st.order_id} in group g1: paid 0.00 CNY. "
        "A virtual placeholder seat; no money moves."
    )


def test_reports_refuse_another_currency():
    _, _, settlement = rewarded_settlement()
    with pytest.raises(InvalidValue) as info:
        pt.summarize("USD", [settlement])
    check_error(info, InvalidValue, "currency")
    assert info.value.value == "CNY"
    assert "summary is in USD" in info.value.rule
    with pytest.raises(InvalidValue) as info:
        pt.campaign_pnl("USD", [settlement])
    check_error(info, InvalidValue, "currency")
    assert "P&L is in USD" in info.value.rule


@pytest.mark.parametrize("amount", [0, -1])
def test_a_posting_moves_a_positive_amount(amount):
    with pytest.raises(MoneyError) as info:
        Posting(
            key="k",
            source="a",
            destination="b",
            amount=pt.Money(amount=amount, currency="CNY"),
            memo="m",
            order_id="o1",
        )
    check_error(info, MoneyError, "amount")


def test_gift_lines_need_a_gift_plan():
    with pytest.raises(InvalidValue) as info:
        gift_lines("plan", [order("o1", "u1")], "u1", True)
    check_error(info, InvalidValue, "plan")


def test_reward_lines_need_a_reward_plan():
    with pytest.raises(InvalidValue) as info:
        reward_lines(
            None, orders=[order("o1", "u1")], net_paid={}, leader_user_id="u1", succeeded=True
        )
    check_error(info, InvalidValue, "plan")


def _line(amount: str, currency: str = "CNY") -> RewardLine:
    return RewardLine(
        order_id="o1",
        beneficiary="u1",
        amount=pt.Money.parse(f"{amount} {currency}"),
        kind=RewardKind.TEAM,
        level=0,
    )


@pytest.mark.parametrize("remaining", [pt.Money.parse("-0.01 CNY"), "1.00 CNY"])
def test_a_budget_left_is_non_negative_money(remaining):
    with pytest.raises(InvalidValue) as info:
        apply_budget(pt.RewardPlan(), [_line("1.00")], remaining)
    check_error(info, InvalidValue, "remaining")


def test_reward_lines_in_another_currency_than_the_budget_are_refused():
    with pytest.raises(CurrencyMismatch) as info:
        apply_budget(pt.RewardPlan(), [_line("1.00", "USD")], cny("5.00"))
    # The lines agree with each other, so the budget handed in is the odd one out.
    check_error(info, CurrencyMismatch, "remaining")
    assert info.value.value == "5.00 CNY"
    assert info.value.rule == "the reward lines are in USD"


def test_a_budget_pays_lines_in_order_until_it_runs_out():
    plan = pt.RewardPlan()  # default policy: pay what fits, skip the rest
    lines = [_line("1.00"), _line("2.00")]
    paid, skipped, left = apply_budget(plan, lines, cny("1.50"))
    assert [line.amount for line in paid] == [cny("1.00")]
    assert [line.amount for line in skipped] == [cny("2.00")]
    assert left == cny("0.50")


@pytest.mark.parametrize("return_id", ["", None])
def test_a_return_needs_an_id(return_id):
    _, group, settlement = rewarded_settlement()
    assert group.status is pt.GroupStatus.CLOSED
    with pytest.raises(InvalidValue) as info:
        pt.refund_after_success(
            settlement, order_id="g1-o1", amount=cny("1.00"), return_id=return_id
        )
    check_error(info, InvalidValue, "return_id")


def test_the_pnl_counts_gift_items_and_points():
    c = pt.Campaign.gift(
        campaign_id="c1",
        product_id="p",
        price=cny("10.00"),
        group_size=2,
        time_limit=timedelta(hours=1),
        schedule=seed_schedule(),
        gifts=pt.GiftPlan(item=pt.GiftItem(product_id="cup", quantity=2), points=5),
    )
    pnl = pt.campaign_pnl("CNY", [pt.settle_group(c, full_group(c, 2))])
    assert (pnl.gift_items, pnl.points, pnl.coupons) == (4, 10, 0)  # 2 orders x 2 cups, x 5
    assert pnl.gross_paid == pnl.merchant_revenue == cny("20.00")


def test_a_clawback_names_the_reward_it_reverses_and_has_its_own_key():
    _, group, settlement = rewarded_settlement()
    # o2 was referred by ref-2: returning it takes the referral reward back.
    after = pt.refund_after_success(
        settlement, order_id="g1-o2", amount=cny("100.00"), return_id="r1"
    )
    paid = {e.key: e for e in after.effects if isinstance(e, pt.PayReward)}
    claws = [e for e in after.effects if isinstance(e, pt.ClawBack)]
    assert claws
    for claw in claws:
        reward = paid[claw.reward_key]
        assert (claw.group_id, claw.order_id) == ("g1", reward.order_id)
        assert (claw.beneficiary, claw.amount, claw.kind) == (
            reward.beneficiary,
            reward.amount,
            reward.kind,
        )
        assert claw.key == idempotency_key(
            "clawback", "c1", "g1", claw.order_id, detail=claw.reward_key
        )
    assert group.group_id == "g1"


def test_a_stream_out_of_budget_order_names_the_late_group():
    c = budgeted_campaign()
    early, late = closing_group(c, "ga", 5), closing_group(c, "gb", 10)
    stream = pt.settle_groups(c, iter([late, early]))
    assert next(stream).group_id == "gb"
    with pytest.raises(InvalidValue) as info:
        next(stream)
    check_error(info, InvalidValue, "groups")
    assert info.value.value == "ga"
    assert "after group gb closed at" in info.value.rule


def test_a_posting_of_one_minor_unit_is_allowed():
    posting = Posting(
        key="k", source="a", destination="b", amount=pt.Money(amount=1, currency="CNY"),
        memo="m", order_id="o1",
    )  # fmt: skip
    assert posting.amount == cny("0.01")


def test_a_posting_of_nothing_says_why():
    with pytest.raises(MoneyError) as info:
        Posting(key="k", source="a", destination="b", amount=cny("0.00"), memo="m", order_id="o1")
    assert (info.value.field, info.value.value, info.value.rule) == (
        "amount",
        "0.00 CNY",
        "a posting moves a positive amount",
    )


def test_a_negative_remaining_budget_is_refused_with_the_rule():
    with pytest.raises(InvalidValue) as info:
        apply_budget(budgeted_campaign().rewards, [], -cny("1.00"))
    check_error(info, InvalidValue, "remaining")
    assert info.value.value == -cny("1.00")
    assert info.value.rule == "must be non-negative Money or None"


def test_lines_in_another_currency_than_the_plans_own_budget_are_refused():
    plan = pt.RewardPlan(budget=cny("5.00"))
    with pytest.raises(CurrencyMismatch) as info:
        apply_budget(plan, [_line("1.00", "USD")], None)  # None: the plan's budget
    check_error(info, CurrencyMismatch, "lines")
    assert (info.value.value, info.value.rule) == ("1.00 USD", "the budget is in CNY")


def test_a_budget_left_in_another_currency_than_the_plan_is_refused():
    plan = pt.RewardPlan(budget=cny("5.00"))
    with pytest.raises(CurrencyMismatch) as info:
        apply_budget(plan, [_line("1.00")], pt.Money.parse("5.00 USD"))
    check_error(info, CurrencyMismatch, "remaining")
    assert (info.value.value, info.value.rule) == ("5.00 USD", "the plan is in CNY")


def test_a_budgeted_group_needs_what_is_left_of_the_budget_with_the_rule():
    c = budgeted_campaign()
    group = closing_group(c, "g1", 1)
    with pytest.raises(InvalidValue) as info:
        pt.settle_group(c, group)
    check_error(info, InvalidValue, "budget_left")
    assert info.value.value is None
    assert info.value.rule == (
        "is required: the reward plan has a budget of 2.50 CNY; pass what is left of it "
        "(the whole budget for the first group, then each settlement's budget_left), "
        "or settle the groups with settle_groups"
    )
    with pytest.raises(InvalidValue) as info:
        pt.settle_group(c, group, budget_left=-cny("0.01"))
    check_error(info, InvalidValue, "budget_left")
    assert (info.value.value, info.value.rule) == (-cny("0.01"), "must be Money >= 0 or None")
    with pytest.raises(CurrencyMismatch) as info:
        pt.settle_group(c, group, budget_left=pt.Money.parse("1.00 USD"))
    check_error(info, CurrencyMismatch, "budget_left")
    assert (info.value.value, info.value.rule) == ("1.00 USD", "the campaign is in CNY")


def test_a_settlements_totals_are_its_statements_added():
    c = campaign()
    settlement = pt.settle_group(c, full_group(c, 3))
    for total, field in ((settlement.paid, "paid"), (settlement.refunded, "refunded"),
                         (settlement.captured, "captured")):  # fmt: skip
        stepwise = cny("0.00")
        for statement in settlement.statements:
            stepwise = stepwise + getattr(statement, field)
        assert total == stepwise
    assert settlement.paid == cny("297.00")


def test_totals_of_statements_in_two_currencies_are_refused():
    c = campaign()
    settlement = pt.settle_group(c, full_group(c, 3))
    odd = attrs.evolve(settlement.statements[0], paid=pt.Money.parse("1.00 USD"))
    mixed = attrs.evolve(settlement, statements=(*settlement.statements, odd))
    with pytest.raises(CurrencyMismatch):
        _ = mixed.paid
