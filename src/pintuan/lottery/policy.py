"""Lottery group buy (抽奖拼团) and pinshang (拼商): the draw policy as data.

A :class:`DrawPolicy` says when a campaign draws (:class:`DrawMode`), how many
prizes there are, and what a winner and a loser each receive (a :class:`Prize`).
:class:`PinshangTerms` builds the policy of the seed's lottery-refund mode.
The draws themselves are in :mod:`pintuan.lottery.draws`.

    >>> from pintuan.money import Money
    >>> terms = PinshangTerms.from_rate(
    ...     Money.parse("99.00 CNY"), 100, 300, Money.parse("1.00 CNY"))
    >>> terms.winners
    3
"""

from __future__ import annotations

import enum
from typing import Any

import attrs

from pintuan import _validators as v
from pintuan._validators import ALL_BPS
from pintuan.errors import ConfigurationError, CurrencyMismatch, DrawError
from pintuan.gifts import Coupon
from pintuan.money import Money, Rate

__all__ = ["DrawMode", "DrawPolicy", "PinshangTerms", "Prize", "prize_for", "winners_for_rate"]

_CFG = ConfigurationError


class DrawMode(enum.Enum):
    """When a lottery campaign draws. The values are stable strings."""

    #: Seed's mode 2: draw for each group as it succeeds, with
    #: ``group_seed(campaign_seed, group_id)`` as the group's seed.
    AT_GROUP_SUCCESS = "at_group_success"
    #: Seed's mode 1: one draw over all orders of all successful groups when
    #: the campaign ends.
    AT_CAMPAIGN_END = "at_campaign_end"


def _check_count(field: str, value: object, minimum: int = 0) -> int:
    if type(value) is not int:
        raise ConfigurationError(field, value, "must be an int")
    if value < minimum:
        raise ConfigurationError(field, value, f"must be at least {minimum}")
    return value


@attrs.frozen(kw_only=True)
class Prize:
    """What one order receives after a draw: a combination of outcomes.

    A prize that neither ships nor refunds (a coupon only, or nothing) keeps
    the whole payment as the merchant's revenue: the buyer paid for a chance,
    not for the product.

    Attributes:
        ship: The product is shipped and the payment captured, less any refund.
        refund_bps: Basis points of the order's paid amount refunded to the
            original payment, rounded down; 10000 refunds everything.
        coupon: A coupon given with the outcome, or ``None``.
        points: Loyalty points (积分) credited, ``>= 0``.
        cash_reward: Cash paid from the operator's promotion budget (never a
            refund, so never counted against what was paid), or ``None``.
    """

    ship: bool = attrs.field(default=False, validator=v.flag(error=_CFG))
    refund_bps: int = attrs.field(
        default=0,
        validator=v.bps(error=_CFG, why="an outcome cannot refund more than was paid"),
    )
    coupon: Coupon | None = attrs.field(
        default=None, validator=v.optional(v.instance_of(Coupon, error=_CFG))
    )
    points: int = attrs.field(default=0, validator=v.integer(0, error=_CFG))
    cash_reward: Money | None = attrs.field(
        default=None, validator=v.optional(v.money(positive=True, error=_CFG))
    )

    def refund_for(self, paid: Money) -> Money:
        """Return the refund of an order that paid ``paid``: never more than paid.

        >>> Prize(refund_bps=5000).refund_for(Money.parse("0.99 CNY"))
        Money(amount=49, currency='CNY')

        Raises:
            MoneyError: ``paid`` is negative.
            ConfigurationError: ``paid`` is not Money.
        """
        if not isinstance(paid, Money):
            raise ConfigurationError("paid", paid, "must be Money")
        return Rate(bps=self.refund_bps).apply(paid)

    @classmethod
    def product(cls) -> Prize:
        """Ship the product (the payment is captured)."""
        return cls(ship=True)

    @classmethod
    def money_back(cls) -> Prize:
        """Refund the whole payment to the original payment."""
        return cls(refund_bps=ALL_BPS)

    @classmethod
    def coupon_only(cls, coupon: Coupon) -> Prize:
        """Give a coupon; the payment stays with the merchant."""
        return cls(coupon=coupon)

    @classmethod
    def money_back_and_coupon(cls, coupon: Coupon) -> Prize:
        """Refund the whole payment and give a coupon."""
        return cls(refund_bps=ALL_BPS, coupon=coupon)

    @classmethod
    def nothing(cls) -> Prize:
        """An empty prize (空奖): the payment stays with the merchant."""
        return cls()

    @classmethod
    def pinshang_consolation(cls, reward: Money) -> Prize:
        """Refund the whole payment and pay ``reward`` from the promotion budget."""
        return cls(refund_bps=ALL_BPS, cash_reward=reward)


@attrs.frozen(kw_only=True)
class DrawPolicy:
    """How a lottery campaign draws and what each outcome receives.

    Attributes:
        mode: When the draw happens.
        prizes: Number of winners: per group in mode 2
            (:attr:`DrawMode.AT_GROUP_SUCCESS`), in total in mode 1.
        winner: What each winning order receives.
        loser: What each losing order receives.
        notify: Whether participants are told the result.
    """

    mode: DrawMode = attrs.field(validator=v.instance_of(DrawMode, error=_CFG))
    prizes: int = attrs.field(validator=v.integer(0, error=_CFG))
    winner: Prize = attrs.field(validator=v.instance_of(Prize, error=_CFG))
    loser: Prize = attrs.field(validator=v.instance_of(Prize, error=_CFG))
    notify: bool = attrs.field(default=True, validator=v.flag(error=_CFG))

    @property
    def is_pinshang(self) -> bool:
        """Whether this is the seed's pinshang draw.

        That is: a draw in every group that ships the product to winners and
        refunds losers in full, with at most a cash reward on top.
        """
        loser = self.loser
        return (
            self.mode is DrawMode.AT_GROUP_SUCCESS
            and self.winner == Prize.product()
            and loser.refund_bps == ALL_BPS
            and not loser.ship
            and loser.coupon is None
            and loser.points == 0
        )

    def check_group_size(self, group_size: int) -> None:
        """Check the policy against the campaign's group size.

        Raises:
            ConfigurationError: In mode 2, more prizes than ``group_size``
                (field ``prizes``); or ``group_size`` is not an int >= 1.
        """
        size = _check_count("group_size", group_size, 1)
        if self.mode is DrawMode.AT_GROUP_SUCCESS and self.prizes > size:
            raise ConfigurationError(
                "prizes",
                self.prizes,
                f"mode-2 draws cannot have more prizes than the group's size ({size})",
            )


def winners_for_rate(group_size: int, rate_bps: int) -> int:
    """Return the number of winners a win rate gives: never rounded.

    >>> winners_for_rate(100, 300)
    3

    Raises:
        ConfigurationError: ``group_size`` is not an int >= 1, or the rate
            (field ``win_rate``) is not 0 to 10000 basis points or does not
            give a whole number of winners (3% of 50 is 1.5).
    """
    size = _check_count("group_size", group_size, 1)
    if type(rate_bps) is not int or not 0 <= rate_bps <= ALL_BPS:
        raise ConfigurationError("win_rate", rate_bps, "must be an int from 0 to 10000 bps")
    winners, rest = divmod(size * rate_bps, ALL_BPS)
    if rest:
        raise ConfigurationError(
            "win_rate",
            rate_bps,
            f"{rate_bps} bps of {size} is {size * rate_bps / ALL_BPS:g} winners; "
            "it must give a whole number (it is never rounded)",
        )
    return winners


@attrs.frozen(kw_only=True)
class PinshangTerms:
    """The seed's pinshang (拼商) lottery-refund mode.

    Every group of ``group_size`` pays ``price`` each; when it succeeds,
    ``winners`` orders get the product and every other order gets its money
    back plus ``participation_reward`` from the promotion budget.

    Attributes:
        price: What each member pays.
        group_size: Members per group, ``>= 2``.
        winners: Winners per group, ``1`` to ``group_size - 1``.
        participation_reward: Cash reward per loser, ``>= 0``, in the price's
            currency (zero means money back only).
    """

    price: Money = attrs.field(validator=v.money(positive=True, error=_CFG))
    group_size: int = attrs.field(validator=v.group_size(error=_CFG))
    winners: int = attrs.field()
    participation_reward: Money = attrs.field()

    @winners.validator
    def _check_winners(self, _attribute: attrs.Attribute[int], value: Any) -> None:
        top = self.group_size - 1
        if type(value) is not int or not 1 <= value <= top:
            raise ConfigurationError(
                "winners", value, f"must be an int from 1 to {top} (group_size - 1)"
            )

    @participation_reward.validator
    def _check_reward(self, _attribute: attrs.Attribute[Money], value: Any) -> None:
        if not isinstance(value, Money) or value.amount < 0:
            raise ConfigurationError("participation_reward", value, "must be Money >= 0")
        if value.currency != self.price.currency:
            raise CurrencyMismatch(
                "participation_reward",
                value,
                f"must be in the price's currency {self.price.currency}",
            )

    @classmethod
    def from_rate(
        cls, price: Money, group_size: int, rate_bps: int, participation_reward: Money
    ) -> PinshangTerms:
        """Build the terms from a win rate in basis points (300 = 3%).

        Raises:
            ConfigurationError: The rate does not give a whole number of
                winners from 1 to ``group_size - 1`` (field ``win_rate``), or
                any other term is invalid.
        """
        size = _check_count("group_size", group_size, 2)
        winners = winners_for_rate(size, rate_bps)
        if not 1 <= winners < size:
            raise ConfigurationError(
                "win_rate",
                rate_bps,
                f"gives {winners} of {size} winners; pinshang needs 1 to {size - 1}",
            )
        return cls(
            price=price,
            group_size=size,
            winners=winners,
            participation_reward=participation_reward,
        )

    def policy(self) -> DrawPolicy:
        """Return the draw policy: mode 2, the product to winners, money back to losers."""
        reward = self.participation_reward
        return DrawPolicy(
            mode=DrawMode.AT_GROUP_SUCCESS,
            prizes=self.winners,
            winner=Prize.product(),
            loser=Prize.pinshang_consolation(reward) if reward.amount else Prize.money_back(),
        )


def prize_for(policy: DrawPolicy, won: bool) -> Prize:
    """Return what an order receives: ``policy.winner`` if it won, else ``policy.loser``.

    Raises:
        DrawError: ``won`` is not a bool.
    """
    v.require("policy", policy, DrawPolicy, error=DrawError)
    if type(won) is not bool:
        raise DrawError("won", won, "must be True or False")
    return policy.winner if won else policy.loser
