"""Paying a closed group's rewards and gifts from a campaign's plans."""

from __future__ import annotations

from pintuan._builder import Builder
from pintuan.gifts import GiftPlan, gift_lines
from pintuan.group import Group
from pintuan.money import Money
from pintuan.rewards import RewardLine, RewardPlan, apply_budget, reward_lines

__all__ = ["give_gifts", "pay_rewards"]


def _leader_user(group: Group) -> str:
    return next(o.user_id for o in group.members if o.order_id == group.leader_order_id)


def pay_rewards(
    out: Builder,
    plan: RewardPlan,
    group: Group,
    *,
    losers: frozenset[str],
    budget_left: Money | None,
) -> tuple[Money | None, tuple[RewardLine, ...]]:
    """Pay the group's reward lines within the budget; return (budget left, skipped lines).

    Net paid per order is what it paid less what the settlement refunded so far.
    """
    refunded = {st.order_id: st.refunded for st in out.statements}
    orders = group.orders
    net_paid = {o.order_id: o.paid - refunded.get(o.order_id, out.zero) for o in orders}
    lines = reward_lines(
        plan,
        orders=orders,
        net_paid=net_paid,
        leader_user_id=_leader_user(group),
        losers=losers,
        succeeded=True,
    )
    paid, skipped, remaining = apply_budget(plan, lines, budget_left)
    by_id = {o.order_id: o for o in orders}
    for line in paid:
        detail = f"{line.kind.value}:{line.level}"
        out.reward(by_id[line.order_id], line.beneficiary, line.amount, line.kind, detail)
    return remaining, skipped


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
