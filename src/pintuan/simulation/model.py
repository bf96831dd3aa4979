"""What a simulation is given: how buyers arrive, and what the product costs.

:class:`Arrivals` describes the buyers: how many arrive per hour inside the
campaign's windows (constant, or per hour of the day), how many open a group
rather than join one, which group a joiner picks, what they buy, who referred
them, where they live, and how many distinct users there are (so per-user
limits and new-user rules bite). :class:`Economics` gives the unit cost of the
product and the payment fee. Rates and shares are floats: they describe a
random process, never an amount of money.
"""

from __future__ import annotations

import enum
import math
from typing import Any

import attrs

from pintuan import _validators as v
from pintuan.errors import ConfigurationError
from pintuan.money import Money

__all__ = ["Arrivals", "Economics", "JoinChoice"]

_CFG = ConfigurationError


class JoinChoice(enum.Enum):
    """Which group a buyer who joins picks among those with a free seat.

    ``OLDEST``: the oldest (a shop that lists groups about to close first).
    ``RANDOM``: any, uniformly. ``NEWEST``: the most recently opened, as when a
    buyer follows the share link of a group just opened (its leader is then
    their referrer).
    """

    OLDEST = "oldest"
    RANDOM = "random"
    NEWEST = "newest"


def _rate(_inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if type(value) not in (int, float) or not math.isfinite(value) or value < 0:
        raise ConfigurationError(attribute.name, value, "must be a finite number >= 0 per hour")


def _share(_inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if type(value) not in (int, float) or not 0 <= value <= 1:
        raise ConfigurationError(attribute.name, value, "must be a share from 0 to 1")


def _weights(_inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, tuple) or not value:
        raise ConfigurationError(attribute.name, value, "must be a non-empty tuple of pairs")
    for pair in value:
        if not isinstance(pair, tuple) or len(pair) != 2:
            raise ConfigurationError(attribute.name, pair, "each entry is (choice, weight)")
        _rate(None, attribute, pair[1])
    if sum(pair[1] for pair in value) <= 0:
        raise ConfigurationError(attribute.name, value, "the weights must not all be zero")


@attrs.frozen(kw_only=True)
class Arrivals:
    """How buyers arrive during a simulated campaign.

    Attributes:
        per_hour: Buyers arriving per hour while the campaign is open.
        hourly: Optional 24 rates, one per local hour of the day, used instead
            of ``per_hour``.
        open_share: Share of arriving buyers who open a group rather than
            join one (a joiner who finds no group with a seat opens one).
        choice: Which group a joiner picks.
        quantities: ``(units, weight)`` pairs: how many units an order buys.
        users: Distinct users; each arrival is one of them, drawn uniformly,
            so per-user limits apply. ``None``: every arrival is a new user.
        returning_share: Share of the users who bought before (not new).
        referral_share: Share of joiners referred by the leader of the group
            they join (referral rewards are paid on these).
        regions: ``(region code, weight)`` pairs for regional rewards, or
            ``()`` for no region.
    """

    per_hour: float = attrs.field(validator=_rate)
    hourly: tuple[float, ...] | None = attrs.field(default=None)
    open_share: float = attrs.field(default=0.2, validator=_share)
    choice: JoinChoice = attrs.field(
        default=JoinChoice.OLDEST, validator=v.instance_of(JoinChoice, error=_CFG)
    )
    quantities: tuple[tuple[int, float], ...] = attrs.field(default=((1, 1.0),), validator=_weights)
    users: int | None = attrs.field(default=None, validator=v.optional(v.integer(1, error=_CFG)))
    returning_share: float = attrs.field(default=0.0, validator=_share)
    referral_share: float = attrs.field(default=0.0, validator=_share)
    regions: tuple[tuple[str, float], ...] = attrs.field(default=())

    @hourly.validator
    def _check_hourly(self, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is None:
            return
        if not isinstance(value, tuple) or len(value) != 24:
            raise ConfigurationError("hourly", value, "must be a tuple of 24 rates, or None")
        for rate in value:
            _rate(None, attribute, rate)

    @quantities.validator
    def _check_quantities(self, _attribute: attrs.Attribute[Any], value: Any) -> None:
        for units, _ in value:
            if type(units) is not int or units < 1:
                raise ConfigurationError("quantities", units, "units must be an int >= 1")

    @regions.validator
    def _check_regions(self, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value == ():
            return
        _weights(self, attribute, value)
        for code, _ in value:
            if not isinstance(code, str) or not code:
                raise ConfigurationError("regions", code, "region codes are non-empty strings")

    def rate_at(self, local_hour: int) -> float:
        """Buyers per hour at ``local_hour`` (0-23) of the campaign's time zone."""
        return self.per_hour if self.hourly is None else self.hourly[local_hour]

    @property
    def peak(self) -> float:
        """The highest rate of any hour."""
        return self.per_hour if self.hourly is None else max(self.hourly)


@attrs.frozen(kw_only=True)
class Economics:
    """What the operator pays besides refunds and rewards.

    Attributes:
        unit_cost: Cost of one unit of the product shipped (and of one gift
            item, if the campaign gives them), or ``None`` for no cost.
        fee_bps: Payment fee on what buyers pay, in basis points (60 = 0.6%),
            rounded down; below 10000.
        refunds_return_fee: Whether a refund gets its fee back from the
            payment provider.
    """

    unit_cost: Money | None = attrs.field(default=None, validator=v.optional(v.money(error=_CFG)))
    fee_bps: int = attrs.field(default=0, validator=v.integer(0, 9_999, error=_CFG))
    refunds_return_fee: bool = attrs.field(default=True, validator=v.flag(error=_CFG))
