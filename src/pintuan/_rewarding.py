"""Paying a closed group's rewards and gifts from a campaign's plans."""

from __future__ import annotations

from pintuan._builder import Builder
from pintuan.gifts import GiftPlan, gift_lines
from pintuan.group import Group
from pintuan.money import Money
from pintuan.rewards import RewardLine, RewardPlan, RewardTiming, apply_budget, reward_lines

__all__ = ["give_gifts", "pay_rewards"]


def _leader_user(group: Group) -> str:
    return next(o.user_id for o in group.members if o.order_id == group.leader_order_id)


def pay_rewards(
    out: Builder,
    plan: RewardPlan | None,
    group: Group,
    *,
    losers: frozenset[str] | None,
    prize_lines: tuple[RewardLine, ...],
    drawn: bool,
    budget_left: Money | None,
) -> tuple[Money | None, tuple[RewardLine, ...], int]:
    """Pay the plan's reward lines, then the draw's cash prizes, within the budget.

    The plan's lines are computed per its timing (see :class:`RewardTiming`):
    after the draw on net paid amounts, or on success on paid amounts. Returns
    the budget left, the lines the budget could not cover, and what rounding
    rates down left with the operator (ten-thousandths of a minor unit).
    """
    lines: tuple[RewardLine, ...] = ()
    if plan is not None and (drawn or plan.timing is RewardTiming.ON_SUCCESS):
        orders = group.orders
        if plan.timing is RewardTiming.ON_SUCCESS:
            net_paid = {o.order_id: o.paid for o in orders}
            losers = frozenset()
        else:
            refunded = {st.order_id: st.refunded for st in out.statements}
            net_paid = {o.order_id: o.paid - refunded.get(o.order_id, out.zero) for o in orders}
        lines = reward_lines(
            plan,
            orders=orders,
            net_paid=net_paid,
            leader_user_id=_leader_user(group),
            losers=losers or frozenset(),
            succeeded=True,
        )
    budget_plan = plan if plan is not None else RewardPlan()
    paid, skipped, budget_left = apply_budget(budget_plan, lines, budget_left)
    paid_prizes, skipped_prizes, budget_left = apply_budget(budget_plan, prize_lines, budget_left)
    by_id = {o.order_id: o for o in group.orders}
    for line in paid:
        source = f"{line.kind.value}:{line.level}"
        out.reward(by_id[line.order_id], line.beneficiary, line.amount, line.kind, source)
    for line in paid_prizes:
        out.reward(by_id[line.order_id], line.beneficiary, line.amount, line.kind, "draw")
    dropped = sum(line.dropped_remainder for line in paid)
    return budget_left, (*skipped, *skipped_prizes), dropped


def give_gifts(out: Builder, plan: GiftPlan, group: Group) -> None:
    """Issue the group's gifts: points, a coupon or a gift item per member."""
    by_id = {o.order_id: o for o in group.orders}
    for line in gift_lines(plan, group.orders, _leader_user(group), True):
        order = by_id[line.order_id]
        out.points(order, line.points, "gift")
        if line.coupon is not None:
            out.coupon(order, line.coupon, "gift")
        if line.item is not None:
            out.gift_item(order, line.item)
