"""Reward lines of a group buy: pure computation from a :class:`RewardPlan`.

:func:`reward_lines` turns a plan (see :mod:`pintuan.rewards`) and one settled
group into :class:`RewardLine` values; :func:`apply_budget` decides which of
them the remaining budget pays; :func:`clawback_lines` picks the lines to
reverse when an order is refunded after success. Nothing here moves money.
All four names are also importable from :mod:`pintuan.rewards`.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from pintuan.effects import RewardKind
from pintuan.errors import ConfigurationError, CurrencyMismatch, InvalidValue
from pintuan.money import Money
from pintuan.order import Order, non_empty_id

__all__ = ["RewardLine", "apply_budget", "clawback_lines", "reward_lines"]

_KIND_RANK = {kind: rank for rank, kind in enumerate(RewardKind)}


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

    order_id: str = attrs.field(validator=non_empty_id)
    beneficiary: str = attrs.field(validator=non_empty_id)
    amount: Money
    kind: RewardKind
    level: int = 0
    dropped_remainder: int = 0

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.amount, Money) or self.amount.amount <= 0:
            raise InvalidValue("amount", self.amount, "must be positive Money")
        if not isinstance(self.kind, RewardKind):
            raise InvalidValue("kind", self.kind, "must be a RewardKind")
        low, top = (1, MAX_REFERRAL_LEVELS) if self.kind is RewardKind.REFERRAL else (0, 0)
        if type(self.level) is not int or not low <= self.level <= top:
            raise InvalidValue("level", self.level, "must be 1..3 for referral, 0 otherwise")
        if type(self.dropped_remainder) is not int or not 0 <= self.dropped_remainder < 10_000:
            raise InvalidValue("dropped_remainder", self.dropped_remainder, "must be 0..9999")

    @property
    def sort_key(self) -> tuple[str, int, str, int]:
        """The deterministic order of lines: order id, kind, beneficiary, level."""
        return (self.order_id, _KIND_RANK[self.kind], self.beneficiary, self.level)


def _real_orders(orders: Sequence[Order]) -> tuple[list[Order], frozenset[str]]:
    """Return the real orders sorted by id and the user ids seen on virtual orders."""
    seen: set[str] = set()
    real: list[Order] = []
    virtual_users: set[str] = set()
    for order in orders:
        if not isinstance(order, Order):
            raise InvalidValue("orders", order, "must hold Order values")
        if order.order_id in seen:
            raise InvalidValue("orders", order.order_id, "order ids must be unique")
        seen.add(order.order_id)
        if order.virtual:
            virtual_users.add(order.user_id)
        else:
            real.append(order)
    real.sort(key=lambda o: o.order_id)
    return real, frozenset(virtual_users)


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
    real, virtual_users = _real_orders(orders)
    unknown = set(losers) - {o.order_id for o in orders}
    if unknown:
        raise InvalidValue("losers", sorted(unknown), "are not orders of this group")
    if not succeeded:
        return ()
    currency = _one_currency(
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
    return tuple(sorted(lines, key=lambda line: line.sort_key))


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
    ordered = tuple(sorted(lines, key=lambda line: line.sort_key))
    cap = remaining if remaining is not None else plan.budget
    if cap is None:
        return ordered, (), None
    if not isinstance(cap, Money) or cap.amount < 0:
        raise InvalidValue("remaining", cap, "must be non-negative Money or None")
    if plan.currency not in (None, cap.currency):
        raise CurrencyMismatch("remaining", str(cap), f"the plan is in {plan.currency}")
    for line in ordered:
        if line.amount.currency != cap.currency:
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


def clawback_lines(lines: Iterable[RewardLine], order_id: str) -> tuple[RewardLine, ...]:
    """Return the lines tied to ``order_id``, to reverse when that order is refunded.

    Only lines whose ``order_id`` matches are returned (the team reward is
    tied to the leader's order). The lines are returned as paid; the caller
    reverses them.
    """
    return tuple(sorted((x for x in lines if x.order_id == order_id), key=lambda x: x.sort_key))


# pintuan.rewards re-exports this module's public names from its last lines, so
# each module imports the other only after defining its own names: then either
# can be imported first (pintuan.gifts loads this one before pintuan.rewards).
# The names below are only used inside functions, at call time.
from pintuan.rewards import (  # noqa: E402
    MAX_REFERRAL_LEVELS,
    BudgetPolicy,
    RewardAmount,
    RewardPlan,
    _one_currency,
)
