"""Campaign configuration: one group-buy activity for one product.

A :class:`Campaign` holds every rule a group needs: the price, how many members
make a group succeed, how many it may hold, how long a group has to fill, when
the campaign is open, per-user limits, stock, and what to do at the edges (a
leader price, virtual completion, a payer who finds the group full). Build one
with a preset such as :meth:`Campaign.normal`; every field is checked at
construction and a bad one raises :class:`~pintuan.errors.ConfigurationError`.
"""

from __future__ import annotations

import enum
from datetime import timedelta
from typing import Any

import attrs

from pintuan.errors import ConfigurationError, CurrencyMismatch
from pintuan.gifts import GiftPlan
from pintuan.lottery import DrawPolicy, PinshangTerms
from pintuan.money import Money
from pintuan.order import instance_of
from pintuan.rewards import RewardPlan
from pintuan.schedule import Schedule
from pintuan.tiers import TierPayment, TierTable

__all__ = ["Campaign", "FullGroupPolicy", "Kind", "UserLimits", "VirtualCompletion"]


class Kind(enum.Enum):
    """The preset a campaign was built from."""

    NORMAL = "normal"
    TIERED = "tiered"
    LOTTERY = "lottery"
    PINSHANG = "pinshang"
    GIFT = "gift"


class FullGroupPolicy(enum.Enum):
    """What happens when a payer tries to join a group that is already full.

    ``REJECT`` refuses the join. ``REDIRECT`` refuses it with a follow-up join
    into another group with a free seat (the caller names that group in the
    decision context). ``OPEN_NEW`` refuses it with a follow-up that opens a
    new group for the payer (the caller supplies the new group's id).
    """

    REJECT = "reject"
    REDIRECT = "redirect"
    OPEN_NEW = "open_new"


def _check_id(inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, str) or not value:
        raise ConfigurationError(attribute.name, value, "must be a non-empty string")


def _optional_positive(_inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and (type(value) is not int or value < 1):
        raise ConfigurationError(attribute.name, value, "must be None (no limit) or an int >= 1")


@attrs.frozen(kw_only=True)
class UserLimits:
    """Per-user limits within one campaign; ``None`` means no limit.

    Attributes:
        max_groups_joined: Groups a user may join as a member (not as leader).
        max_groups_opened: Groups a user may open as leader.
        max_quantity: Units a user may buy in one order.
    """

    max_groups_joined: int | None = attrs.field(default=None, validator=_optional_positive)
    max_groups_opened: int | None = attrs.field(default=None, validator=_optional_positive)
    max_quantity: int | None = attrs.field(default=None, validator=_optional_positive)


@attrs.frozen(kw_only=True)
class VirtualCompletion:
    """Fill a group's missing seats with placeholders at its deadline.

    At the deadline, a group that has at least ``min_real_members`` paying
    members succeeds, its empty seats taken by virtual members. Virtual members
    are flagged, never pay, never win and never receive anything.
    """

    min_real_members: int = attrs.field()

    @min_real_members.validator
    def _check(self, attribute: attrs.Attribute[int], value: Any) -> None:
        if type(value) is not int or value < 1:
            raise ConfigurationError("min_real_members", value, "must be an int >= 1")


def _positive_int(minimum: int) -> Any:
    def check(_inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        if type(value) is not int or value < minimum:
            raise ConfigurationError(attribute.name, value, f"must be an int >= {minimum}")

    return check


def _positive_money(_inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, Money):
        raise ConfigurationError(attribute.name, value, "must be Money (see Money.parse)")
    if value.amount <= 0:
        raise ConfigurationError(attribute.name, str(value), "must be greater than zero")


@attrs.frozen(kw_only=True)
class Campaign:
    """One configured group-buy activity for one product.

    Attributes:
        campaign_id: Stable id of the campaign.
        product_id: The product or SKU sold.
        kind: The preset the campaign follows.
        price: Unit price paid by members (``None`` for a tiered campaign).
        group_size: Paying members needed for a group to succeed (>= 2).
        capacity: Most members a group may hold (>= group_size). A group that
            succeeded keeps accepting members until it is full or its deadline.
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
    """

    campaign_id: str = attrs.field(validator=_check_id)
    product_id: str = attrs.field(validator=_check_id)
    kind: Kind = attrs.field(validator=instance_of(Kind))
    price: Money | None = attrs.field(
        default=None, validator=attrs.validators.optional(_positive_money)
    )
    group_size: int = attrs.field(validator=_positive_int(2))
    capacity: int = attrs.field(validator=_positive_int(2))
    time_limit: timedelta = attrs.field()
    schedule: Schedule = attrs.field()
    limits: UserLimits = attrs.field(factory=UserLimits)
    stock: int | None = attrs.field(default=None, validator=_optional_positive)
    leader_price: Money | None = attrs.field(default=None)
    new_users_only: bool = attrs.field(default=False)
    virtual_completion: VirtualCompletion | None = attrs.field(default=None)
    full_group_policy: FullGroupPolicy = attrs.field(default=FullGroupPolicy.REJECT)
    tiers: TierTable | None = attrs.field(default=None)
    tier_payment: TierPayment = attrs.field(default=TierPayment.FIRST_TIER)
    draw: DrawPolicy | None = attrs.field(default=None)
    rewards: RewardPlan | None = attrs.field(default=None)
    gifts: GiftPlan | None = attrs.field(default=None)

    @time_limit.validator
    def _check_time_limit(self, attribute: attrs.Attribute[timedelta], value: Any) -> None:
        if not isinstance(value, timedelta) or value <= timedelta(0):
            raise ConfigurationError("time_limit", value, "must be a timedelta greater than zero")

    @schedule.validator
    def _check_schedule(self, attribute: attrs.Attribute[Schedule], value: Any) -> None:
        if not isinstance(value, Schedule):
            raise ConfigurationError("schedule", value, "must be a pintuan Schedule")

    def __attrs_post_init__(self) -> None:
        from pintuan._campaign_checks import check_policies, check_pricing, check_types

        check_types(self)
        check_pricing(self)
        check_policies(self)
        if self.capacity < self.group_size:
            raise ConfigurationError(
                "capacity", self.capacity, f"must be at least group_size ({self.group_size})"
            )
        if self.leader_price is not None:
            if not isinstance(self.leader_price, Money):
                raise ConfigurationError("leader_price", self.leader_price, "must be Money")
            if self.leader_price.currency != self.currency:
                raise CurrencyMismatch(
                    "leader_price",
                    str(self.leader_price),
                    f"must be in the campaign's currency {self.currency}",
                )
            if not 0 <= self.leader_price.amount <= self.base_price.amount:
                raise ConfigurationError(
                    "leader_price",
                    str(self.leader_price),
                    f"must be between 0 and the group price {self.base_price}",
                )
        vc = self.virtual_completion
        if vc is not None and vc.min_real_members >= self.group_size:
            raise ConfigurationError(
                "virtual_completion.min_real_members",
                vc.min_real_members,
                f"must be below group_size ({self.group_size}); a full group needs no filling",
            )
        if self.stock is not None and self.stock < self.group_size:
            raise ConfigurationError(
                "stock", self.stock, f"must cover at least one group of {self.group_size}"
            )

    @property
    def base_price(self) -> Money:
        """The price a group succeeds at: the fixed price, or the first tier's."""
        if self.tiers is not None:
            return self.tiers.first.unit_price
        assert self.price is not None  # _check_pricing: exactly one of price, tiers
        return self.price

    @property
    def currency(self) -> str:
        """The campaign's currency code."""
        return self.base_price.currency

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

    @classmethod
    def normal(
        cls,
        *,
        campaign_id: str,
        product_id: str,
        price: Money,
        group_size: int,
        time_limit: timedelta,
        schedule: Schedule,
        capacity: int | None = None,
        **options: Any,
    ) -> Campaign:
        """Build a normal group buy (普通拼团): a fixed price, N members to succeed.

        ``capacity`` defaults to ``group_size`` (the group closes when it
        succeeds). Other keyword options are the remaining fields of
        :class:`Campaign`.
        """
        return cls(
            campaign_id=campaign_id,
            product_id=product_id,
            kind=options.pop("kind", Kind.NORMAL),
            price=price,
            group_size=group_size,
            capacity=group_size if capacity is None else capacity,
            time_limit=time_limit,
            schedule=schedule,
            **options,
        )

    @classmethod
    def tiered(
        cls,
        *,
        campaign_id: str,
        product_id: str,
        tiers: TierTable,
        time_limit: timedelta,
        schedule: Schedule,
        tier_payment: TierPayment = TierPayment.FIRST_TIER,
        **options: Any,
    ) -> Campaign:
        """Build a tiered group buy (阶梯拼团) from a tier table.

        The group succeeds at the first tier's size, accepts members up to the
        top tier's size, and sells the table's stock. Other keyword options are
        the remaining fields of :class:`Campaign` (not ``price``).
        """
        if not isinstance(tiers, TierTable):
            raise ConfigurationError("tiers", tiers, "must be a TierTable")
        return cls(
            campaign_id=campaign_id,
            product_id=product_id,
            kind=Kind.TIERED,
            price=options.pop("price", None),
            group_size=options.pop("group_size", tiers.first.size),
            capacity=options.pop("capacity", tiers.top.size),
            time_limit=time_limit,
            schedule=schedule,
            stock=options.pop("stock", tiers.stock),
            tiers=tiers,
            tier_payment=tier_payment,
            **options,
        )

    @classmethod
    def lottery(
        cls,
        *,
        campaign_id: str,
        product_id: str,
        price: Money,
        group_size: int,
        time_limit: timedelta,
        schedule: Schedule,
        draw: DrawPolicy,
        **options: Any,
    ) -> Campaign:
        """Build a lottery group buy (抽奖拼团): groups succeed, then a draw decides.

        ``draw`` says when the draw happens (when each group closes, or once at
        the campaign's end), how many prizes there are and what winners and
        losers get. Other keyword options are the remaining fields.
        """
        return cls.normal(
            campaign_id=campaign_id,
            product_id=product_id,
            price=price,
            group_size=group_size,
            time_limit=time_limit,
            schedule=schedule,
            draw=draw,
            **{"kind": Kind.LOTTERY, **options},
        )

    @classmethod
    def pinshang(
        cls,
        *,
        campaign_id: str,
        product_id: str,
        terms: PinshangTerms,
        time_limit: timedelta,
        schedule: Schedule,
        **options: Any,
    ) -> Campaign:
        """Build a pinshang (拼商) campaign: a draw in every group that succeeds.

        A few winners get the product; the rest get their money back plus a
        participation reward paid from the promotion budget.

        The seed's example is ``PinshangTerms.from_rate(price=99.00 CNY,
        group_size=100, rate_bps=300, participation_reward=1.00 CNY)``. Daily
        windows come from ``schedule``.
        """
        return cls.normal(
            campaign_id=campaign_id,
            product_id=product_id,
            price=terms.price,
            group_size=terms.group_size,
            time_limit=time_limit,
            schedule=schedule,
            draw=terms.policy(),
            **{"kind": Kind.PINSHANG, **options},
        )

    @classmethod
    def gift(
        cls,
        *,
        campaign_id: str,
        product_id: str,
        price: Money,
        group_size: int,
        time_limit: timedelta,
        schedule: Schedule,
        gifts: GiftPlan,
        **options: Any,
    ) -> Campaign:
        """Build a gift group buy (赠送拼团): members of a successful group get gifts."""
        return cls.normal(
            campaign_id=campaign_id,
            product_id=product_id,
            price=price,
            group_size=group_size,
            time_limit=time_limit,
            schedule=schedule,
            gifts=gifts,
            **{"kind": Kind.GIFT, **options},
        )
