"""Orders: one member's paid place in one group."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

import attrs

from pintuan._time import aware_validator
from pintuan.errors import InvalidValue
from pintuan.money import Money

__all__ = ["VIRTUAL_PREFIX", "Order", "Role"]

#: Order and user ids of virtual seats start with this; buyers may not use it.
VIRTUAL_PREFIX = "virtual:"


class Role(enum.Enum):
    """A member's role in a group."""

    LEADER = "leader"
    MEMBER = "member"
    VIRTUAL = "virtual"


def instance_of(*kinds: type) -> Any:
    """Attrs validator: the value is one of ``kinds``, else :class:`InvalidValue`."""
    names = " or ".join(k.__name__ for k in kinds)

    def check(_inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, kinds):
            raise InvalidValue(attribute.name, value, f"must be a {names}")

    return check


def tuple_of(kind: type) -> Any:
    """Attrs validator: a tuple whose items are all ``kind``."""

    def check(_inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, tuple) or not all(isinstance(v, kind) for v in value):
            raise InvalidValue(attribute.name, value, f"must be a tuple of {kind.__name__}")

    return check


def non_empty_id(_inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Attrs validator: the value is a non-empty string id."""
    if not isinstance(value, str) or not value:
        raise InvalidValue(attribute.name, value, "must be a non-empty string")


def optional_id(inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Attrs validator: ``None`` or a non-empty string id."""
    if value is not None:
        non_empty_id(inst, attribute, value)


def referral_chain_validator(_inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Attrs validator: a tuple of non-empty user ids, none of them a virtual seat."""
    if not isinstance(value, tuple) or not all(isinstance(u, str) and u for u in value):
        raise InvalidValue(attribute.name, value, "must be a tuple of non-empty user ids")
    for user in value:
        if user.startswith(VIRTUAL_PREFIX):
            raise InvalidValue(
                attribute.name,
                value,
                f"{user!r}: ids starting with {VIRTUAL_PREFIX!r} are virtual seats, "
                "never referrers",
            )


@attrs.frozen(kw_only=True)
class Order:
    """A member's order in a group, as paid.

    Attributes:
        order_id: Unique id of the order (the payment's reference).
        user_id: The paying user.
        group_id: The group the order belongs to.
        role: Leader, member, or a virtual placeholder.
        quantity: Units bought (>= 1).
        unit_price: Price per unit at the time of paying.
        paid: Amount paid: ``unit_price * quantity``; zero for virtual members.
        paid_at: When the order was paid (aware).
        referral_chain: Who referred the buyer: the direct referrer first, then
            that referrer's referrer, and so on (user ids).
        region: The buyer's region code, for regional rewards.
    """

    order_id: str = attrs.field(validator=non_empty_id)
    user_id: str = attrs.field(validator=non_empty_id)
    group_id: str = attrs.field(validator=non_empty_id)
    role: Role = attrs.field(validator=instance_of(Role))
    quantity: int = attrs.field()
    unit_price: Money = attrs.field(validator=instance_of(Money))
    paid: Money = attrs.field(validator=instance_of(Money))
    paid_at: datetime = attrs.field(validator=aware_validator)
    referral_chain: tuple[str, ...] = attrs.field(default=(), validator=referral_chain_validator)
    region: str | None = attrs.field(default=None, validator=optional_id)

    @quantity.validator
    def _check_quantity(self, attribute: attrs.Attribute[int], value: Any) -> None:
        if type(value) is not int or value < 1:
            raise InvalidValue("quantity", value, "must be an int >= 1")

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
        return self.role is Role.VIRTUAL
