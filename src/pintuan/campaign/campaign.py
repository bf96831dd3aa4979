"""Campaign configuration: one group-buy activity for one product.

A :class:`Campaign` holds every rule a group needs: the price, how many members
make a group succeed, how many it may hold, how long a group has to fill, when
the campaign is open, per-user limits, stock, and what to do at the edges (a
leader price, virtual completion, a payer who finds the group full), plus its
policies: a tier table, a draw, rewards, gifts. Its :attr:`~Campaign.kind` is
derived from those policies. Build one with a preset such as
:meth:`Campaign.normal` (see :mod:`pintuan.campaign.presets`); every field is
checked at construction and a bad one raises
:class:`~pintuan.errors.ConfigurationError`.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import attrs

from pintuan import _validators as v
from pintuan._time import require_aware
from pintuan.campaign._checks import check_campaign
from pintuan.campaign.deadlines import WindowDeadline, group_deadline
from pintuan.campaign.options import FullGroupPolicy, Kind, UserLimits, VirtualCompletion
from pintuan.campaign.presets import Presets
from pintuan.campaign.rewards import RewardPlan
from pintuan.campaign.tiers import TierPayment, TierTable
from pintuan.errors import ConfigurationError
from pintuan.gifts import GiftPlan
from pintuan.lottery import DrawPolicy
from pintuan.money import Money
from pintuan.schedule import Schedule

__all__ = ["Campaign"]

_CFG = ConfigurationError


def _of(kind: type) -> v.Validator:
    return v.instance_of(kind, error=_CFG)


def _optional(kind: type) -> v.Validator:
    return v.optional(v.instance_of(kind, error=_CFG))


@attrs.frozen(kw_only=True)
class Campaign(Presets):
    """One configured group-buy activity for one product.

    Attributes:
        campaign_id: Stable id of the campaign.
        product_id: The product or SKU sold.
        price: Unit price paid by members (``None`` for a tiered campaign).
        group_size: Paying members needed for a group to succeed, from 2 to
            ``MAX_GROUP_SIZE`` (100,000).
        capacity: Most members a group may hold, from group_size to
            ``MAX_GROUP_SIZE``. A group that succeeded keeps accepting members
            until it is full or its deadline.
        time_limit: How long a group has to fill, counted from its opening.
        schedule: When the campaign accepts opens and joins.
        limits: Per-user limits.
        stock: Units the campaign may sell in all, or ``None`` for no limit.
        leader_price: Unit price for the member who opens the group, if
            different (may be zero: "leader goes free"); at most ``price``.
        new_users_only: Only users who have never bought may take part.
        virtual_completion: Fill missing seats at the deadline, or ``None``.
        full_group_policy: What a payer who finds the group full gets.
        tiers: The tier table of a tiered campaign, which then sets the price,
            the group size (first tier), the capacity (top tier) and the stock.
        tier_payment: What a member of a tiered group pays when joining.
        draw: The draw of a lottery or pinshang campaign, or ``None``.
        rewards: Cash rewards paid from the promotion budget, or ``None``.
        gifts: Gifts to members of a successful group, or ``None``.
        window_deadline: How the time limit meets the daily windows
            (:class:`~pintuan.campaign.deadlines.WindowDeadline`; default
            ``ELAPSED``).
    """

    campaign_id: str = attrs.field(validator=v.text(error=_CFG))
    product_id: str = attrs.field(validator=v.text(error=_CFG))
    price: Money | None = attrs.field(
        default=None, validator=v.optional(v.money(positive=True, error=_CFG))
    )
    group_size: int = attrs.field(validator=v.group_size(error=_CFG))
    capacity: int = attrs.field(validator=v.group_size(error=_CFG))
    time_limit: timedelta = attrs.field(validator=_of(timedelta))
    schedule: Schedule = attrs.field(validator=_of(Schedule))
    limits: UserLimits = attrs.field(factory=UserLimits, validator=_of(UserLimits))
    stock: int | None = attrs.field(default=None, validator=v.optional(v.integer(1, error=_CFG)))
    leader_price: Money | None = attrs.field(
        default=None, validator=v.optional(v.money(error=_CFG))
    )
    new_users_only: bool = attrs.field(default=False, validator=v.flag(error=_CFG))
    virtual_completion: VirtualCompletion | None = attrs.field(
        default=None, validator=_optional(VirtualCompletion)
    )
    full_group_policy: FullGroupPolicy = attrs.field(
        default=FullGroupPolicy.REJECT, validator=_of(FullGroupPolicy)
    )
    tiers: TierTable | None = attrs.field(default=None, validator=_optional(TierTable))
    tier_payment: TierPayment = attrs.field(
        default=TierPayment.FIRST_TIER, validator=_of(TierPayment)
    )
    draw: DrawPolicy | None = attrs.field(default=None, validator=_optional(DrawPolicy))
    rewards: RewardPlan | None = attrs.field(default=None, validator=_optional(RewardPlan))
    gifts: GiftPlan | None = attrs.field(default=None, validator=_optional(GiftPlan))
    window_deadline: WindowDeadline = attrs.field(
        default=WindowDeadline.ELAPSED, validator=_of(WindowDeadline)
    )

    @time_limit.validator
    def _check_time_limit(self, _attribute: attrs.Attribute[timedelta], value: Any) -> None:
        if value <= timedelta(0):
            raise ConfigurationError("time_limit", value, "must be a timedelta greater than zero")

    def __attrs_post_init__(self) -> None:
        check_campaign(self)

    @property
    def kind(self) -> Kind:
        """Which of the five kinds the campaign is, derived from its policies."""
        if self.tiers is not None:
            return Kind.TIERED
        if self.draw is not None:
            return Kind.PINSHANG if self.draw.is_pinshang else Kind.LOTTERY
        if self.gifts is not None:
            return Kind.GIFT
        return Kind.NORMAL

    @property
    def base_price(self) -> Money:
        """The price a group succeeds at: the fixed price, or the first tier's."""
        if self.tiers is not None:
            return self.tiers.first.unit_price
        assert self.price is not None  # check_campaign: exactly one of price, tiers
        return self.price

    @property
    def currency(self) -> str:
        """The campaign's currency code."""
        return self.base_price.currency

    def deadline_for(self, opened_at: datetime) -> datetime:
        """The deadline, in UTC, of a group opened at ``opened_at``, per ``window_deadline``.

        Raises:
            NaiveDatetime: ``opened_at`` is not a time-zone aware datetime.
        """
        require_aware("opened_at", opened_at)
        return group_deadline(self.window_deadline, self.schedule, self.time_limit, opened_at)

    def unit_price(self, *, leader: bool, seat: int) -> Money:
        """Return the unit price paid when joining as member number ``seat``.

        A tiered campaign charges the first tier's price, or under
        ``TierPayment.CURRENT_TIER`` the price of the tier the group reaches
        with this member. A leader price applies when it is lower.
        """
        price = self.base_price
        if self.tiers is not None and self.tier_payment is TierPayment.CURRENT_TIER:
            price = self.tiers.price_for(seat) or price
        if leader and self.leader_price is not None:
            return min(price, self.leader_price)
        return price
