"""What the campaign book keeps of a finished group it retires, or forgets.

:meth:`pintuan.lifecycle.book.CampaignBook.retire` either keeps a slim copy of
the group (its status and the ids of its orders and users, enough for every
later decision about it) or, when the caller forgets it, drops it with its
order ids. These are the pieces of the group either way.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

import attrs

from pintuan._persistent import PMap
from pintuan._time import utc
from pintuan.lifecycle.group import Group, Roster
from pintuan.lifecycle.order import Order

if TYPE_CHECKING:
    from pintuan.lifecycle.book import CampaignBook

__all__ = ["forgotten", "slim"]


@attrs.frozen
class _Seat:
    """What a retired group keeps of an order: its ids."""

    order_id: str
    user_id: str


def _ids(orders: Roster[Order]) -> Roster[Order]:
    # A slim roster answers has_order, has_user and len() as the full one did.
    return Roster(_Seat(o.order_id, o.user_id) for o in orders)  # type: ignore[misc]


def slim(group: Group) -> Group:
    """``group`` with members and departed holding only their orders' ids."""
    return attrs.evolve(group, members=_ids(group.members), departed=_ids(group.departed))


def forgotten(book: CampaignBook, group: Group) -> CampaignBook:
    """``book`` without a trace of ``group``, and without the counts no limit reads.

    The group, its opening number, its order ids and its index entries go
    (a finished group has no seat and no deadline due, but they are removed
    all the same); ``stock_taken`` stays. A per-user count the campaign does
    not limit is no longer kept (``None``). The book's own fields, as
    :meth:`CampaignBook.retire` is the only caller.
    """
    gid, limits = group.group_id, book.campaign.limits
    key = (book._numbers.get(gid), gid)
    return attrs.evolve(
        book,
        groups=book._groups.remove(gid),
        numbers=book._numbers.remove(gid),
        opened=book._opened.remove(key),
        with_seat=book._with_seat.remove(key),
        deadlines=book._deadlines.remove((utc(group.deadline), gid)),
        orders=_without_orders(book._orders, group),
        joins=None if limits.max_groups_joined is None else book._joins,
        opens=None if limits.max_groups_opened is None else book._opens,
    )


def _without_orders(orders: PMap[str], group: Group) -> PMap[str]:
    """``orders`` (order id to group id) without the ids used in ``group``.

    Members and departed both: an order that left still held its id. An id
    the map gives to another group (a virtual member's, never recorded) stays.
    """
    for order in itertools.chain(group.members, group.departed):
        if orders.get(order.order_id) == group.group_id:
            orders = orders.remove(order.order_id)
    return orders
