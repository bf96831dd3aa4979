"""Gifts: what a member can be given besides money, and the gift plan.

A gift is never cash: loyalty points (积分), a :class:`Coupon` (a system coupon
id or an external coupon link) or a :class:`GiftItem` shipped with the order
(in effect, buy one, get one). A draw's :class:`~pintuan.lottery.Prize` may
include a coupon; a :class:`GiftPlan` gives gifts to the members of every
group that succeeds (the gift group buy, 赠送拼团 / 拼团有礼). Cash paid from the
promotion budget is a *reward* (:mod:`pintuan.campaign.rewards`).

    >>> plan = GiftPlan(points=100, coupon=Coupon(system_id="cpn-5off"))
    >>> plan.points, plan.coupon.reference, plan.item
    (100, 'cpn-5off', None)
"""

from __future__ import annotations

import attrs

from pintuan import _validators as v
from pintuan.errors import ConfigurationError

__all__ = ["Coupon", "GiftItem", "GiftPlan"]

_CFG = ConfigurationError


@attrs.frozen(kw_only=True)
class Coupon:
    """A coupon: a system coupon id, or an external coupon link (exactly one).

    >>> Coupon(system_id="cpn-10off")
    Coupon(system_id='cpn-10off', link=None)
    """

    system_id: str | None = attrs.field(default=None, validator=v.optional(v.text(error=_CFG)))
    link: str | None = attrs.field(default=None, validator=v.optional(v.text(error=_CFG)))

    def __attrs_post_init__(self) -> None:
        if (self.system_id is None) == (self.link is None):
            raise ConfigurationError(
                "coupon", (self.system_id, self.link), "give exactly one of system_id or link"
            )

    @property
    def reference(self) -> str:
        """The system id or the link, whichever is set."""
        return self.system_id if self.system_id is not None else str(self.link)


@attrs.frozen(kw_only=True)
class GiftItem:
    """A product shipped free with an order (buy one, get one)."""

    product_id: str = attrs.field(validator=v.text(error=_CFG))
    quantity: int = attrs.field(default=1, validator=v.quantity(error=_CFG))


@attrs.frozen(kw_only=True)
class GiftPlan:
    """What a successful group gives: points, a coupon and/or a gift item, per order.

    Attributes:
        points: Loyalty points (积分) per order, >= 0.
        coupon: A coupon per order, or None.
        item: A gift item shipped with each order, or None (its quantity is
            per order, whatever the order's quantity).
        leader_only: Give only to the leader's orders instead of every member's.

    At least one of ``points``, ``coupon`` or ``item`` must be given.
    """

    points: int = attrs.field(default=0, validator=v.integer(0, error=_CFG))
    coupon: Coupon | None = attrs.field(
        default=None, validator=v.optional(v.instance_of(Coupon, error=_CFG))
    )
    item: GiftItem | None = attrs.field(
        default=None, validator=v.optional(v.instance_of(GiftItem, error=_CFG))
    )
    leader_only: bool = attrs.field(default=False, validator=v.flag(error=_CFG))

    def __attrs_post_init__(self) -> None:
        if self.points == 0 and self.coupon is None and self.item is None:
            raise ConfigurationError(
                "gifts", (self.points, self.coupon, self.item),
                "a gift plan needs at least one of points, coupon or item",
            )  # fmt: skip
