"""Cash rewards of a group buy: configuration and pure computation of reward lines.

A :class:`RewardPlan` combines up to four rewards, each paid from the
operator's promotion budget (never counted as a refund):

- :class:`ParticipationReward`: a fixed amount per losing (or every) order;
- :class:`ReferralReward`: to the referrers named on an order, up to 3 levels;
- :class:`TeamReward`: to the group's leader when the group succeeds;
- :class:`RegionalReward`: to the agent of the region an order comes from.

:func:`reward_lines` turns a plan and one settled group into
:class:`RewardLine` values; :func:`apply_budget` decides which of them the
remaining budget pays; :func:`clawback_lines` picks the lines to reverse when
an order is refunded after success. Nothing here moves money.

    >>> from pintuan.money import Money
    >>> RewardAmount(bps=500).amount_on(Money.parse("99.99 CNY"))
    Money(amount=499, currency='CNY')
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from pintuan.effects import RewardKind
from pintuan.errors import ConfigurationError, CurrencyMismatch, InvalidValue
from pintuan.money import Money, Rate
from pintuan.order import Order, non_empty_id

__all__ = [
    "BudgetPolicy",
    "ParticipationReward",
    "ReferralReward",
    "RegionalReward",
    "RewardAmount",
    "RewardLine",
    "RewardPlan",
    "RewardTiming",
    "TeamReward",
    "apply_budget",
    "clawback_lines",
    "reward_lines",
]

MAX_REFERRAL_LEVELS = 3
_KIND_RANK = {kind: rank for rank, kind in enumerate(RewardKind)}


def _check_bps(field: str, value: Any) -> None:
    if type(value) is not int:
        raise ConfigurationError(field, value, "must be an int of basis points")
    if value < 0:
        raise ConfigurationError(field, value, "negative rates are not allowed")
    if value > 10_000:
        raise ConfigurationError(field, value, "rates above 100% (10000 bps) are not allowed")


def _check_money(field: str, value: Any, *, positive: bool = False) -> None:
    if not isinstance(value, Money):
        raise ConfigurationError(field, value, "must be Money")
    if value.amount < 0:
        raise ConfigurationError(field, str(value), "negative amounts are not allowed")
    if positive and value.amount == 0:
        raise ConfigurationError(field, str(value), "must be greater than zero")


@attrs.frozen(kw_only=True)
class RewardAmount:
    """A reward size: exactly one of a fixed amount or a rate in basis points.

    Attributes:
        fixed: A fixed amount (>= 0), paid whatever the base.
        bps: A rate from 0 to 10000 (100%), applied to a base and rounded down.
    """

    fixed: Money | None = None
    bps: int | None = None

    def __attrs_post_init__(self) -> None:
        if (self.fixed is None) == (self.bps is None):
            raise ConfigurationError(
                "amount", (self.fixed, self.bps), "give exactly one of fixed or bps"
            )
        if self.fixed is not None:
            _check_money("fixed", self.fixed)
        else:
            _check_bps("bps", self.bps)

    def amount_on(self, base: Money) -> Money:
        """Return the reward on ``base``: the fixed amount, or ``base`` x rate rounded down."""
        if self.fixed is not None:
            if base.currency != self.fixed.currency:
                raise CurrencyMismatch("base", str(base), f"the reward is in {self.fixed.currency}")
            return self.fixed
        return Rate(bps=self.bps or 0).apply(base)

    def remainder_on(self, base: Money) -> int:
        """Return what rounding dropped, in ten-thousandths of a minor unit (0 if fixed)."""
        return 0 if self.fixed is not None else Rate(bps=self.bps or 0).remainder(base)


@attrs.frozen(kw_only=True)
class ParticipationReward:
    """A fixed cash amount per losing order (or per order, if ``losers_only`` is False)."""

    amount: Money
    losers_only: bool = True

    def __attrs_post_init__(self) -> None:
        _check_money("amount", self.amount, positive=True)
        if not isinstance(self.losers_only, bool):
            raise ConfigurationError("losers_only", self.losers_only, "must be a bool")


@attrs.frozen(kw_only=True)
class ReferralReward:
    """Rewards to the referrers on an order's referral chain, one amount per level.

    Level 1 is the direct referrer. A ``bps`` level is paid on the order's net
    paid amount; a ``fixed`` level is paid once per (real) order, whatever its
    net paid amount.
    """

    levels: tuple[RewardAmount, ...]

    def __attrs_post_init__(self) -> None:
        levels = self.levels
        if not isinstance(levels, tuple) or not all(isinstance(x, RewardAmount) for x in levels):
            raise ConfigurationError("levels", levels, "must be a tuple of RewardAmount")
        if not levels:
            raise ConfigurationError("levels", levels, "needs at least one level")
        if len(levels) > MAX_REFERRAL_LEVELS:
            raise ConfigurationError(
                "levels",
                len(levels),
                "at most 3 levels: distribution deeper than three levels is unlawful in China",
            )
        _one_currency([(f"levels[{i}].fixed", x.fixed) for i, x in enumerate(levels)])


@attrs.frozen(kw_only=True)
class TeamReward:
    """A reward to the group's leader when the group succeeds.

    A ``bps`` amount applies to the group's net sales: the sum of the net paid
    amounts of its real (non-virtual) orders.
    """

    amount: RewardAmount

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.amount, RewardAmount):
            raise ConfigurationError("amount", self.amount, "must be a RewardAmount")


@attrs.frozen(kw_only=True)
class RegionalReward:
    """Basis points of each order's net paid amount to the agent of the order's region.

    Attributes:
        bps: Rate from 0 to 10000.
        agents: Pairs of (region code, agent user id); region codes unique.
        require_agent: If set, an order whose region has no agent (or no
            region) is an error; otherwise such an order is skipped.
    """

    bps: int
    agents: tuple[tuple[str, str], ...]
    require_agent: bool = False

    def __attrs_post_init__(self) -> None:
        _check_bps("bps", self.bps)
        agents = self.agents
        if not isinstance(agents, tuple) or not agents:
            raise ConfigurationError("agents", agents, "must be a non-empty tuple of pairs")
        for i, pair in enumerate(agents):
            if not (
                isinstance(pair, tuple)
                and len(pair) == 2
                and all(isinstance(x, str) and x for x in pair)
            ):
                raise ConfigurationError("agents", pair, "each entry is (region, agent user id)")
            if any(pair[0] == other[0] for other in agents[:i]):
                raise ConfigurationError("agents", pair[0], "region codes must be unique")
        if not isinstance(self.require_agent, bool):
            raise ConfigurationError("require_agent", self.require_agent, "must be a bool")

    def agent_for(self, region: str | None) -> str | None:
        """Return the agent of ``region``, or None if it has none."""
        return next((agent for code, agent in self.agents if code == region), None)


class RewardTiming(enum.Enum):
    """When rewards are earned: when the group succeeds, or after its draw."""

    ON_SUCCESS = "on_success"
    AFTER_DRAW = "after_draw"


class BudgetPolicy(enum.Enum):
    """What :func:`apply_budget` does when the remaining budget is too small.

    ``CAP``: go through the lines in a fixed order (order id, then kind in
    :class:`RewardKind` order, then beneficiary, then level); pay each line
    the remaining budget covers in full and deduct it; skip a line it does not
    cover, and keep going, so a later, smaller line may still be paid. No line
    is ever paid in part.

    ``SKIP_GROUP``: pay all of the group's lines if their total fits in the
    remaining budget, otherwise pay none of them.
    """

    CAP = "cap"
    SKIP_GROUP = "skip_group"


def _one_currency(items: Iterable[tuple[str, Money | None]]) -> str | None:
    currency: str | None = None
    for field, money in items:
        if money is None:
            continue
        if currency is None:
            currency = money.currency
        elif money.currency != currency:
            raise CurrencyMismatch(field, str(money), f"all reward money must be in {currency}")
    return currency


def _optional(field: str, value: Any, kind: type) -> None:
    if value is not None and not isinstance(value, kind):
        raise ConfigurationError(field, value, f"must be None or a {kind.__name__}")


@attrs.frozen(kw_only=True)
class RewardPlan:
    """The rewards of a campaign, its reward timing and budget; all money in one currency."""

    participation: ParticipationReward | None = None
    referral: ReferralReward | None = None
    team: TeamReward | None = None
    regional: RegionalReward | None = None
    timing: RewardTiming = RewardTiming.ON_SUCCESS
    budget: Money | None = None
    budget_policy: BudgetPolicy = BudgetPolicy.CAP

    def __attrs_post_init__(self) -> None:
        _optional("participation", self.participation, ParticipationReward)
        _optional("referral", self.referral, ReferralReward)
        _optional("team", self.team, TeamReward)
        _optional("regional", self.regional, RegionalReward)
        if not isinstance(self.timing, RewardTiming):
            raise ConfigurationError("timing", self.timing, "must be a RewardTiming")
        if not isinstance(self.budget_policy, BudgetPolicy):
            raise ConfigurationError("budget_policy", self.budget_policy, "must be a BudgetPolicy")
        if self.budget is not None:
            _check_money("budget", self.budget)
        currency = _one_currency(self._reward_money())
        if self.budget is not None and currency is not None and self.budget.currency != currency:
            raise CurrencyMismatch("budget", str(self.budget), f"the rewards are in {currency}")

    def _reward_money(self) -> list[tuple[str, Money | None]]:
        items: list[tuple[str, Money | None]] = []
        if self.participation is not None:
            items.append(("participation.amount", self.participation.amount))
        if self.referral is not None:
            items += [
                (f"referral.levels[{i}].fixed", x.fixed) for i, x in enumerate(self.referral.levels)
            ]
        if self.team is not None:
            items.append(("team.amount.fixed", self.team.amount.fixed))
        return items

    @property
    def currency(self) -> str | None:
        """The plan's currency, or None if it configures no money (only rates)."""
        return _one_currency([*self._reward_money(), ("budget", self.budget)])


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
