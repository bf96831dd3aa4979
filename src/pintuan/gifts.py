"""The gift group buy (赠送拼团 / 拼团有礼): points, a coupon or a gift item on success.

A :class:`GiftPlan` says what each member (or only the leader) receives when
the group succeeds; :func:`gift_lines` lists it per order. There is no draw and
no cash: gifts are points, a coupon (a system coupon id or an external link)
and/or a gift item shipped with the order.

    >>> from pintuan.benefits import Coupon
    >>> plan = GiftPlan(points=100, coupon=Coupon(system_id="cpn-5off"))
    >>> plan.points, plan.coupon.reference, plan.item
    (100, 'cpn-5off', None)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs

from pintuan.benefits import Coupon, GiftItem
from pintuan.errors import ConfigurationError, InvalidValue
from pintuan.order import Order, non_empty_id
from pintuan.reward_lines import _real_orders

__all__ = ["GiftLine", "GiftPlan", "gift_lines"]


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

    points: int = 0
    coupon: Coupon | None = None
    item: GiftItem | None = None
    leader_only: bool = False

    def __attrs_post_init__(self) -> None:
        if type(self.points) is not int or self.points < 0:
            raise ConfigurationError("points", self.points, "must be an int >= 0")
        if self.coupon is not None and not isinstance(self.coupon, Coupon):
            raise ConfigurationError("coupon", self.coupon, "must be None or a Coupon")
        if self.item is not None and not isinstance(self.item, GiftItem):
            raise ConfigurationError("item", self.item, "must be None or a GiftItem")
        if not isinstance(self.leader_only, bool):
            raise ConfigurationError("leader_only", self.leader_only, "must be a bool")
        if self.points == 0 and self.coupon is None and self.item is None:
            raise ConfigurationError(
                "gifts", (self.points, self.coupon, self.item),
                "a gift plan needs at least one of points, coupon or item",
            )  # fmt: skip


@attrs.frozen(kw_only=True)
class GiftLine:
    """The gifts one order receives; ``points`` may be 0, ``coupon``/``item`` None."""

    order_id: str = attrs.field(validator=non_empty_id)
    user_id: str = attrs.field(validator=non_empty_id)
    points: int = 0
    coupon: Coupon | None = None
    item: GiftItem | None = None

    def __attrs_post_init__(self) -> None:
        if type(self.points) is not int or self.points < 0:
            raise InvalidValue("points", self.points, "must be an int >= 0")


def gift_lines(
    plan: GiftPlan, orders: Sequence[Order], leader_user_id: str, succeeded: bool
) -> tuple[GiftLine, ...]:
    """List the gifts a group's orders receive, one line per order, sorted by order id.

    A failed group gets nothing; virtual orders get nothing; with
    ``leader_only`` only the real orders of ``leader_user_id`` get gifts.

    Raises:
        InvalidValue: ``plan`` is not a GiftPlan, or order ids repeat.
    """
    if not isinstance(plan, GiftPlan):
        raise InvalidValue("plan", plan, "must be a GiftPlan")
    real, _ = _real_orders(orders)
    if not succeeded:
        return ()
    gift: dict[str, Any] = {"points": plan.points, "coupon": plan.coupon, "item": plan.item}
    return tuple(
        GiftLine(order_id=o.order_id, user_id=o.user_id, **gift)
        for o in real
        if not plan.leader_only or o.user_id == leader_user_id
    )
