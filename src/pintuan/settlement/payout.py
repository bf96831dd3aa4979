"""Paying one settled group's rewards: the plan's lines, then the draw's cash prizes.

:func:`pay_rewards` is the step of :func:`~pintuan.settle_group` after the
members are settled: it computes the reward plan's lines for the group (per
the plan's timing), lets the budget decide which of them and of the draw's
cash prizes are paid (:func:`~pintuan.settlement.rewards.apply_budget`), and
pays them through the settlement's builder, the plan's lines first.
"""

from __future__ import annotations

import operator
from collections.abc import Mapping

import attrs

from pintuan import _validators as v
from pintuan.campaign.rewards import RewardPlan, RewardTiming
from pintuan.lifecycle import Group
from pintuan.money import Money
from pintuan.settlement._builder import Builder
from pintuan.settlement.effects import RewardKind
from pintuan.settlement.rewards import RewardLine, apply_budget, reward_lines

__all__ = ["CashPrize", "RewardPayout", "pay_rewards"]

#: A draw's cash prize: the order, who receives it, the amount (Money > 0), the kind.
CashPrize = tuple[str, str, Money, RewardKind]

_NO_PLAN = RewardPlan()  # frozen: no budget, pays every line
_LINE = v.unchecked(RewardLine)
_ORDER_ID = operator.itemgetter(0)


@attrs.frozen(kw_only=True)
class RewardPayout:
    """What paying one group's rewards left behind.

    Attributes:
        budget_left: What is left of the reward budget (``None``: no budget).
        skipped: Lines the budget could not cover.
        rounding_kept: What rounding rates down left with the operator, in
            ten-thousandths of a minor unit.
    """

    budget_left: Money | None
    skipped: tuple[RewardLine, ...]
    rounding_kept: int


def pay_rewards(
    out: Builder,
    plan: RewardPlan | None,
    group: Group,
    *,
    refunded: Mapping[str, Money],
    losers: frozenset[str] | None,
    cash_prizes: tuple[CashPrize, ...],
    budget_left: Money | None,
) -> RewardPayout:
    """Pay the plan's reward lines, then the draw's cash prizes, within the budget.

    The plan's lines are computed per its timing (see :class:`RewardTiming`):
    after the draw on net paid amounts (paid less ``refunded``), or on
    success on paid amounts. ``losers`` is ``None`` while a draw is pending,
    when only ``ON_SUCCESS`` rewards are due.
    """
    lines: tuple[RewardLine, ...] = ()
    on_success = plan is not None and plan.timing is RewardTiming.ON_SUCCESS
    if plan is not None and (losers is not None or on_success):
        orders = group.orders
        zero = Money.zero(group.leader.paid.currency)
        net_paid = {
            o.order_id: o.paid if on_success else o.paid - refunded.get(o.order_id, zero)
            for o in orders
        }
        lines = reward_lines(
            plan, orders=orders, net_paid=net_paid, leader_user_id=group.leader.user_id,
            losers=frozenset() if on_success or losers is None else losers, succeeded=True,
        )  # fmt: skip
    budget_plan = plan if plan is not None else _NO_PLAN
    paid, skipped, budget_left = apply_budget(budget_plan, lines, budget_left)
    for line in paid:
        source = f"{line.kind.value}:{line.level}"
        out.reward(line.order_id, line.beneficiary, line.amount, line.kind, source)
    skipped_prizes: tuple[RewardLine, ...] = ()
    if budget_left is None:
        # No budget: every prize is paid, in line order, which is order id order
        # (a draw gives an order one prize at most): no RewardLine needed.
        out.rewards(sorted(cash_prizes, key=_ORDER_ID), "draw")
    else:
        prize_lines = tuple(
            _LINE(order_id=order_id, beneficiary=beneficiary, amount=amount, kind=kind)
            for order_id, beneficiary, amount, kind in cash_prizes
        )  # from checked parts: a Prize's cash reward is Money > 0
        paid_prizes, skipped_prizes, budget_left = apply_budget(
            budget_plan, prize_lines, budget_left
        )
        out.rewards(((p.order_id, p.beneficiary, p.amount, p.kind) for p in paid_prizes), "draw")
    return RewardPayout(
        budget_left=budget_left,
        skipped=(*skipped, *skipped_prizes),
        rounding_kept=sum(line.dropped_remainder for line in paid),
    )
