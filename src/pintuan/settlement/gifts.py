"""Gift lines: the gifts each order of a closed group receives, and giving them.

:func:`gift_lines` lists a :class:`~pintuan.gifts.GiftPlan` per order;
:func:`give_gifts` issues the lines as effects (points, coupons, gift items)
through the settlement's builder. No money moves.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs

from pintuan import _validators as v
from pintuan.errors import InvalidValue
from pintuan.gifts import Coupon, GiftItem, GiftPlan
from pintuan.lifecycle import Group
from pintuan.lifecycle.order import Order, split_real
from pintuan.settlement._builder import Builder

__all__ = ["GiftLine", "gift_lines", "give_gifts"]


@attrs.frozen(kw_only=True)
class GiftLine:
    """The gifts one order receives; ``points`` may be 0, ``coupon``/``item`` None."""

    order_id: str = attrs.field(validator=v.text())
    user_id: str = attrs.field(validator=v.text())
    points: int = attrs.field(default=0, validator=v.integer(0))
    coupon: Coupon | None = attrs.field(default=None, validator=v.optional(v.instance_of(Coupon)))
    item: GiftItem | None = attrs.field(default=None, validator=v.optional(v.instance_of(GiftItem)))


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
    real, _ = split_real(orders)
    if not succeeded:
        return ()
    gift: dict[str, Any] = {"points": plan.points, "coupon": plan.coupon, "item": plan.item}
    return tuple(
        GiftLine(order_id=o.order_id, user_id=o.user_id, **gift)
        for o in real
        if not plan.leader_only or o.user_id == leader_user_id
    )


def give_gifts(out: Builder, plan: GiftPlan, group: Group) -> None:
    """Issue a closed group's gifts: points, a coupon or a gift item per member."""
    by_id = {o.order_id: o for o in group.orders}
    for line in gift_lines(plan, group.orders, group.leader.user_id, True):
        order = by_id[line.order_id]
        out.points(order, line.points, "gift")
        if line.coupon is not None:
            out.coupon(order, line.coupon, "gift")
        if line.item is not None:
            out.gift_item(order, line.item)
