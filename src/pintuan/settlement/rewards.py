"""Reward lines: the cash rewards a closed group earns, and the budget that pays them.

:func:`reward_lines` turns a :class:`~pintuan.campaign.RewardPlan` and one
group into :class:`RewardLine` values; :func:`apply_budget` decides which of
them the remaining budget pays (:func:`pintuan.settlement.payout.pay_rewards`
pays a settled group's lines and its draw's cash prizes);
:func:`pintuan.settlement.returns.clawback_lines` picks the lines to reverse
when an order is refunded after success.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from pintuan import _validators as v
from pintuan.campaign.rewards import (
    MAX_REFERRAL_LEVELS,
    BudgetPolicy,
    RewardAmount,
    RewardPlan,
    one_currency,
)
from pintuan.errors import ConfigurationError, CurrencyMismatch, InvalidValue
from pintuan.lifecycle.order import Order, split_real
from pintuan.money import Money
from pintuan.settlement.effects import RewardKind

__all__ = [
    "RewardLine",
    "apply_budget",
    "reward_lines",
]

# By each kind's value: a str hashes in C, an enum member through Python.
_KIND_RANK = {kind._value_: rank for rank, kind in enumerate(RewardKind)}


@attrs.frozen(kw_only=True)
class RewardLine:
    """One cash reward to pay from the promotion budget, tied to the order that earned it.

    Attributes:
        order_id: The order the reward is tied to (the leader's order for a team reward).
        beneficiary: User id that receives the money.
        amount: Positive amount.
        kind: What the reward is for.
        level: Referral level (1 = direct referrer); 0 for other kinds.
        dropped_remainder: Ten-thousandths of a minor unit that rounding down
            dropped (0 to 9999); the operator keeps them.
    """

    order_id: str = attrs.field(validator=v.text())
    beneficiary: str = attrs.field(validator=v.text())
    amount: Money = attrs.field(validator=v.money(positive=True))
    kind: RewardKind = attrs.field(validator=v.instance_of(RewardKind))
    level: int = attrs.field(default=0)
    dropped_remainder: int = attrs.field(default=0, validator=v.integer(0, v.ALL_BPS - 1))

    @level.validator
    def _check_level(self, _attribute: attrs.Attribute[int], value: Any) -> None:
        low, top = (1, MAX_REFERRAL_LEVELS) if self.kind is RewardKind.REFERRAL else (0, 0)
        if type(value) is not int or not low <= value <= top:
            raise InvalidValue("level", value, "must be 1..3 for referral, 0 otherwise")

    @property
    def sort_key(self) -> tuple[str, int, str, int]:
        """The deterministic order of lines: order id, kind, beneficiary, level."""
        return _line_order(self)


def _line_order(line: RewardLine) -> tuple[str, int, str, int]:  # sort_key, for sorted()
    return (line.order_id, _KIND_RANK[line.kind._value_], line.beneficiary, line.level)


def reward_lines(
    plan: RewardPlan,
    *,
    orders: Sequence[Order],
    net_paid: Mapping[str, Money],
    leader_user_id: str,
    losers: frozenset[str] = frozenset(),
    succeeded: bool,
) -> tuple[RewardLine, ...]:
    """Compute the reward lines one group earns under ``plan``.

    Args:
        plan: The campaign's reward plan.
        orders: The group's orders, in any order (ids unique).
        net_paid: Per order id, what the order finally paid after refunds
            (a loser refunded in full has net paid zero). Needed for every
            real order that a rate (bps) reward applies to.
        leader_user_id: The group's current leader; receives the team reward.
        losers: Ids of the orders that lost the draw (participation reward).
        succeeded: Whether the group succeeded; a failed group earns nothing.

    Returns:
        Lines sorted by order id, kind, beneficiary and level. Virtual orders
        earn nothing, a user seen on a virtual order receives nothing, and
        zero amounts are left out. A referrer equal to the buyer, or named
        more than once on the order's chain, is skipped (the other levels keep
        their own numbers and rates); a chain longer than the configured
        levels stops there. The team reward is tied to the leader's real order
        (the lowest id if several).

    Raises:
        InvalidValue: Duplicate order ids, a loser that is not an order, a
            missing or bad ``net_paid`` entry, or a team reward for a leader
            with no real order.
        ConfigurationError: ``region``: an order's region has no agent and the
            regional reward requires one.
        CurrencyMismatch: Orders, net paid amounts and the plan disagree.
    """
    if not isinstance(plan, RewardPlan):
        raise InvalidValue("plan", plan, "must be a RewardPlan")
    real, virtual_users = split_real(orders)
    unknown = set(losers) - {o.order_id for o in orders}
    if unknown:
        raise InvalidValue("losers", sorted(unknown), "are not orders of this group")
    if not succeeded:
        return ()
    currency = one_currency(
        [("plan", Money.zero(plan.currency) if plan.currency else None)]
        + [(f"orders[{o.order_id!r}].paid", o.paid) for o in real]
    )

    def net(order: Order) -> Money:
        value, field = net_paid.get(order.order_id), f"net_paid[{order.order_id!r}]"
        if not isinstance(value, Money):
            raise InvalidValue(field, value, "every real order needs its net paid Money")
        if value.currency != currency:
            raise CurrencyMismatch(field, str(value), f"the group is in {currency}")
        if not 0 <= value.amount <= order.paid.amount:
            raise InvalidValue(field, str(value), f"must be between 0 and paid ({order.paid})")
        return value

    lines: list[RewardLine] = []

    def earn(
        oid: str, to: str, reward: RewardAmount, kind: RewardKind, level: int, base: Any
    ) -> None:
        if to in virtual_users:
            return
        money = reward.fixed if reward.fixed is not None else base()
        amount, rem = reward.amount_on(money), reward.remainder_on(money)
        if amount.amount > 0:
            lines.append(RewardLine(order_id=oid, beneficiary=to, amount=amount, kind=kind,
                                    level=level, dropped_remainder=rem))  # fmt: skip

    for order in real:
        oid, base = order.order_id, functools.partial(net, order)
        if plan.participation is not None and (not plan.participation.losers_only or oid in losers):
            fixed = RewardAmount(fixed=plan.participation.amount)
            earn(oid, order.user_id, fixed, RewardKind.PARTICIPATION, 0, base)
        if plan.referral is not None:
            chain = order.referral_chain
            for level, (referrer, reward) in enumerate(
                zip(chain, plan.referral.levels, strict=False), start=1
            ):
                if referrer != order.user_id and chain.count(referrer) == 1:
                    earn(oid, referrer, reward, RewardKind.REFERRAL, level, base)
        if plan.regional is not None:
            agent = plan.regional.agent_for(order.region)
            if agent is not None:
                rate = RewardAmount(bps=plan.regional.bps)
                earn(oid, agent, rate, RewardKind.REGIONAL, 0, base)
            elif plan.regional.require_agent:
                raise ConfigurationError("region", order.region, f"unknown region agent ({oid!r})")
    if plan.team is not None and leader_user_id not in virtual_users:
        own = [o.order_id for o in real if o.user_id == leader_user_id]
        if not own:
            raise InvalidValue("leader_user_id", leader_user_id, "has no real order in the group")

        def sales() -> Money:
            return Money(amount=sum(net(o).amount for o in real), currency=str(currency))

        earn(own[0], leader_user_id, plan.team.amount, RewardKind.TEAM, 0, sales)
    return tuple(sorted(lines, key=_line_order))


def apply_budget(
    plan: RewardPlan, lines: Iterable[RewardLine], remaining: Money | None
) -> tuple[tuple[RewardLine, ...], tuple[RewardLine, ...], Money | None]:
    """Split one group's lines into paid and skipped under the plan's budget policy.

    Args:
        plan: The plan whose ``budget_policy`` applies (see :class:`BudgetPolicy`).
        lines: The group's reward lines.
        remaining: What is left of the budget; ``None`` starts from
            ``plan.budget`` (``None`` there too means no budget at all).

    Returns:
        ``(paid, skipped, remaining_after)``, each tuple in line order. With
        no budget everything is paid and ``remaining_after`` is ``None``.
    """
    v.require("plan", plan, RewardPlan)
    ordered = tuple(sorted(v.each("lines", lines, RewardLine), key=_line_order))
    cap = remaining if remaining is not None else plan.budget
    if cap is None:
        return ordered, (), None
    if not isinstance(cap, Money) or cap.amount < 0:
        raise InvalidValue("remaining", cap, "must be non-negative Money or None")
    if plan.currency not in (None, cap.currency):
        raise CurrencyMismatch("remaining", str(cap), f"the plan is in {plan.currency}")
    for line in ordered:
        if line.amount.currency != cap.currency:
            # The budget handed in is the odd one out; the plan's own budget
            # is checked against the plan, so then the lines are.
            if remaining is not None:
                raise CurrencyMismatch(
                    "remaining", str(cap), f"the reward lines are in {line.amount.currency}"
                )
            raise CurrencyMismatch("lines", str(line.amount), f"the budget is in {cap.currency}")
    if plan.budget_policy is BudgetPolicy.SKIP_GROUP:
        total = sum(line.amount.amount for line in ordered)
        if total <= cap.amount:
            return ordered, (), Money(amount=cap.amount - total, currency=cap.currency)
        return (), ordered, cap
    paid: list[RewardLine] = []
    skipped: list[RewardLine] = []
    left = cap.amount
    for line in ordered:
        if line.amount.amount <= left:
            paid.append(line)
            left -= line.amount.amount
        else:
            skipped.append(line)
    return tuple(paid), tuple(skipped), Money(amount=left, currency=cap.currency)
