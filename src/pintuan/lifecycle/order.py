"""Orders: one member's paid place in one group."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING

import attrs

from pintuan import _validators as v
from pintuan._validators import VIRTUAL_PREFIX
from pintuan.errors import InvalidValue
from pintuan.money import Money

if TYPE_CHECKING:
    from pintuan.lifecycle.commands import JoinGroup, OpenGroup

__all__ = ["VIRTUAL_PREFIX", "Order", "Role", "split_real"]


class Role(enum.Enum):
    """A member's role in a group."""

    LEADER = "leader"
    MEMBER = "member"
    VIRTUAL = "virtual"


@attrs.frozen(kw_only=True)
class Order:
    """A member's order in a group, as paid.

    Attributes:
        order_id: Unique id of the order (the payment's reference).
        user_id: The paying user.
        group_id: The group the order belongs to.
        role: Leader, member, or a virtual placeholder.
        quantity: Units bought, 1 to ``MAX_QUANTITY`` (10,000).
        unit_price: Price per unit at the time of paying.
        paid: Amount paid: ``unit_price * quantity``; zero for virtual members.
        paid_at: When the order was paid (aware).
        referral_chain: Who referred the buyer: the direct referrer first, then
            that referrer's referrer, and so on (user ids).
        region: The buyer's region code, for regional rewards.
    """

    order_id: str = attrs.field(validator=v.text())
    user_id: str = attrs.field(validator=v.text())
    group_id: str = attrs.field(validator=v.text())
    role: Role = attrs.field(validator=v.instance_of(Role))
    quantity: int = attrs.field(validator=v.quantity())
    unit_price: Money = attrs.field(validator=v.instance_of(Money))
    paid: Money = attrs.field(validator=v.instance_of(Money))
    paid_at: datetime = attrs.field(validator=v.aware)
    referral_chain: tuple[str, ...] = attrs.field(default=(), validator=v.referral_chain)
    region: str | None = attrs.field(default=None, validator=v.optional(v.text()))

    def __attrs_post_init__(self) -> None:
        expected = (
            Money.zero(self.unit_price.currency)
            if self.virtual
            else (self.unit_price * self.quantity)
        )
        if self.paid != expected:
            raise InvalidValue(
                "paid", str(self.paid), f"must equal unit_price x quantity ({expected})"
            )

    @property
    def virtual(self) -> bool:
        """Whether this is a placeholder seat from virtual completion."""
        return self.role is _VIRTUAL


_VIRTUAL = Role.VIRTUAL  # a module name: Role.VIRTUAL is a Python-level lookup in 3.11


def order_from_command(command: OpenGroup | JoinGroup, role: Role, unit_price: Money) -> Order:
    """The :class:`Order` a validated command places, without checking its fields again.

    Every field comes from a command that :mod:`attrs` has already checked as
    strictly as :class:`Order` would (ids, quantity, instant, referral chain,
    region), or from the campaign (role, unit price); ``paid`` is
    ``unit_price * quantity``, as an order requires. Placing an order is the
    hot path of a campaign, so it skips the second check; the result equals
    ``Order(...)`` of the same fields.
    """
    quantity = command.quantity
    return _ORDER(
        order_id=command.order_id,
        user_id=command.user_id,
        group_id=command.group_id,
        role=role,
        quantity=quantity,
        unit_price=unit_price,
        paid=unit_price if quantity == 1 else unit_price * quantity,  # a value: shared
        paid_at=command.at,
        referral_chain=command.referral_chain,
        region=command.region,
    )


_ORDER = v.unchecked(Order)


def split_real(orders: Iterable[Order]) -> tuple[list[Order], frozenset[str]]:
    """Return a group's real orders sorted by id, and the user ids of its virtual seats.

    Raises:
        InvalidValue: An item is not an :class:`Order`, or order ids repeat.
    """
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
