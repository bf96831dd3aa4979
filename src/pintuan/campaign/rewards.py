"""Cash rewards of a group buy: the configuration of a reward plan.

A :class:`RewardPlan` combines up to four rewards, each paid from the
operator's promotion budget (never counted as a refund):

- :class:`ParticipationReward`: a fixed amount per losing (or every) order;
- :class:`ReferralReward`: to the referrers named on an order, up to 3 levels;
- :class:`TeamReward`: to the group's leader when the group succeeds;
- :class:`RegionalReward`: to the agent of the region an order comes from.

Computing and paying the reward lines of a group is settlement's work
(:mod:`pintuan.settlement.rewards`). Nothing here moves money.

    >>> from pintuan.money import Money
    >>> RewardAmount(bps=500).amount_on(Money.parse("99.99 CNY"))
    Money(amount=499, currency='CNY')
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Iterable
from typing import Any

import attrs

from pintuan import _validators as v
from pintuan._validators import VIRTUAL_PREFIX
from pintuan.errors import ConfigurationError, CurrencyMismatch
from pintuan.money import Money, Rate

__all__ = [
    "BudgetPolicy",
    "ParticipationReward",
    "ReferralReward",
    "RegionalReward",
    "RewardAmount",
    "RewardPlan",
    "RewardTiming",
    "TeamReward",
    "one_currency",
]

_CFG = ConfigurationError

MAX_REFERRAL_LEVELS = 3


@attrs.frozen(kw_only=True)
class RewardAmount:
    """A reward size: exactly one of a fixed amount or a rate in basis points.

    Attributes:
        fixed: A fixed amount (>= 0), paid whatever the base.
        bps: A rate from 0 to 10000 (100%), applied to a base and rounded down.
    """

    fixed: Money | None = attrs.field(default=None, validator=v.optional(v.money(error=_CFG)))
    bps: int | None = attrs.field(default=None, validator=v.optional(v.bps(error=_CFG)))

    def __attrs_post_init__(self) -> None:
        if (self.fixed is None) == (self.bps is None):
            raise ConfigurationError(
                "amount", (self.fixed, self.bps), "give exactly one of fixed or bps"
            )

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

    amount: Money = attrs.field(validator=v.money(positive=True, error=_CFG))
    losers_only: bool = attrs.field(default=True, validator=v.flag(error=_CFG))


@attrs.frozen(kw_only=True)
class ReferralReward:
    """Rewards to the referrers on an order's referral chain, one amount per level.

    Level 1 is the direct referrer. A ``bps`` level is paid on the order's net
    paid amount; a ``fixed`` level is paid once per (real) order, whatever its
    net paid amount.
    """

    levels: tuple[RewardAmount, ...] = attrs.field(
        validator=v.tuple_of(RewardAmount, error=_CFG, non_empty=True)
    )

    @levels.validator
    def _check_levels(self, _attribute: attrs.Attribute[Any], levels: Any) -> None:
        if len(levels) > MAX_REFERRAL_LEVELS:
            raise ConfigurationError(
                "levels",
                len(levels),
                "at most 3 levels: distribution deeper than three levels is unlawful in China",
            )
        one_currency([(f"levels[{i}].fixed", x.fixed) for i, x in enumerate(levels)])


@attrs.frozen(kw_only=True)
class TeamReward:
    """A reward to the group's leader when the group succeeds.

    A ``bps`` amount applies to the group's net sales: the sum of the net paid
    amounts of its real (non-virtual) orders.
    """

    amount: RewardAmount = attrs.field(validator=v.instance_of(RewardAmount, error=_CFG))


@attrs.frozen(kw_only=True)
class RegionalReward:
    """Basis points of each order's net paid amount to the agent of the order's region.

    Attributes:
        bps: Rate from 0 to 10000.
        agents: Pairs of (region code, agent user id); region codes unique.
        require_agent: If set, an order whose region has no agent (or no
            region) is an error; otherwise such an order is skipped.
    """

    bps: int = attrs.field(validator=v.bps(error=_CFG))
    agents: tuple[tuple[str, str], ...] = attrs.field()
    require_agent: bool = attrs.field(default=False, validator=v.flag(error=_CFG))

    @agents.validator
    def _check_agents(self, _attribute: attrs.Attribute[Any], agents: Any) -> None:
        if not isinstance(agents, tuple) or not agents:
            raise ConfigurationError("agents", agents, "must be a non-empty tuple of pairs")
        regions: set[str] = set()
        for pair in agents:
            if not (
                isinstance(pair, tuple)
                and len(pair) == 2
                and all(isinstance(x, str) and x for x in pair)
            ):
                raise ConfigurationError("agents", pair, "each entry is (region, agent user id)")
            if pair[0] in regions:
                raise ConfigurationError("agents", pair[0], "region codes must be unique")
            if pair[1].startswith(VIRTUAL_PREFIX):
                raise ConfigurationError(
                    "agents", pair[1], f"ids starting with {VIRTUAL_PREFIX!r} are virtual seats"
                )
            regions.add(pair[0])

    @functools.cached_property
    def _by_region(self) -> dict[str, str]:
        return dict(self.agents)

    def agent_for(self, region: str | None) -> str | None:
        """Return the agent of ``region``, or None if it has none (O(1))."""
        return self._by_region.get(region) if isinstance(region, str) else None


class RewardTiming(enum.Enum):
    """When rewards are earned, and on which amounts.

    ``AFTER_DRAW`` (the default): once the group's outcome is final, after its
    draw if the campaign has one, on each order's net paid amount (what it paid
    less what the draw refunded); losers are known. ``ON_SUCCESS``: as soon as
    the group closes, before any draw, on what each order paid; no order is a
    loser yet, so a losers-only participation reward cannot use it. Without a
    draw both are the same.
    """

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


def one_currency(items: Iterable[tuple[str, Money | None]]) -> str | None:
    """The one currency of the amounts given (``None`` if none), else raise.

    Raises:
        CurrencyMismatch: Naming the first field in another currency.
    """
    currency: str | None = None
    for field, money in items:
        if money is None:
            continue
        if currency is None:
            currency = money.currency
        elif money.currency != currency:
            raise CurrencyMismatch(field, str(money), f"all reward money must be in {currency}")
    return currency


def _optional(kind: type) -> v.Validator:
    return v.optional(v.instance_of(kind, error=_CFG))


@attrs.frozen(kw_only=True)
class RewardPlan:
    """The rewards of a campaign, its reward timing and budget; all money in one currency."""

    participation: ParticipationReward | None = attrs.field(
        default=None, validator=_optional(ParticipationReward)
    )
    referral: ReferralReward | None = attrs.field(default=None, validator=_optional(ReferralReward))
    team: TeamReward | None = attrs.field(default=None, validator=_optional(TeamReward))
    regional: RegionalReward | None = attrs.field(default=None, validator=_optional(RegionalReward))
    timing: RewardTiming = attrs.field(
        default=RewardTiming.AFTER_DRAW, validator=v.instance_of(RewardTiming, error=_CFG)
    )
    budget: Money | None = attrs.field(default=None, validator=v.optional(v.money(error=_CFG)))
    budget_policy: BudgetPolicy = attrs.field(
        default=BudgetPolicy.CAP, validator=v.instance_of(BudgetPolicy, error=_CFG)
    )

    def __attrs_post_init__(self) -> None:
        currency = one_currency(self._reward_money())
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
        return one_currency([*self._reward_money(), ("budget", self.budget)])
