"""Commands: what a caller asks of a group, decided by :func:`pintuan.decide`.

Every command carries the instant it happens at (aware) and, optionally, the
group version the caller last saw, for optimistic concurrency. Ids are always
supplied by the caller; pintuan never invents them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import attrs

from pintuan._time import aware_validator
from pintuan.errors import InvalidValue
from pintuan.order import VIRTUAL_PREFIX, non_empty_id, optional_id, referral_chain_validator

__all__ = [
    "CloseGroup",
    "Command",
    "DecisionContext",
    "ExpireGroup",
    "JoinGroup",
    "LeaveGroup",
    "OpenGroup",
]


def _quantity(_inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if type(value) is not int or value < 1:
        raise InvalidValue(attribute.name, value, "must be an int >= 1")


def _version(_inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and (type(value) is not int or value < 0):
        raise InvalidValue(attribute.name, value, "must be None or an int >= 0")


def _flag(_inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if type(value) is not bool:
        raise InvalidValue(f"context.{attribute.name}", value, "must be True or False")


def _buyer_id(inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    non_empty_id(inst, attribute, value)
    if value.startswith(VIRTUAL_PREFIX):
        raise InvalidValue(
            attribute.name, value, f"ids starting with {VIRTUAL_PREFIX!r} are for virtual seats"
        )


@attrs.frozen(kw_only=True)
class OpenGroup:
    """Open a new group; the opener becomes its leader and pays."""

    group_id: str = attrs.field(validator=non_empty_id)
    order_id: str = attrs.field(validator=_buyer_id)
    user_id: str = attrs.field(validator=_buyer_id)
    at: datetime = attrs.field(validator=aware_validator)
    quantity: int = attrs.field(default=1, validator=_quantity)
    referral_chain: tuple[str, ...] = attrs.field(default=(), validator=referral_chain_validator)
    region: str | None = attrs.field(default=None, validator=optional_id)


@attrs.frozen(kw_only=True)
class JoinGroup:
    """Join an existing group and pay.

    ``referral_chain`` and ``region`` are copied onto the order (see
    :class:`~pintuan.order.Order`). ``new_group_id`` is the id to use if the
    group is full and the campaign's policy is to open a new group for the payer.
    """

    group_id: str = attrs.field(validator=non_empty_id)
    order_id: str = attrs.field(validator=_buyer_id)
    user_id: str = attrs.field(validator=_buyer_id)
    at: datetime = attrs.field(validator=aware_validator)
    quantity: int = attrs.field(default=1, validator=_quantity)
    expected_version: int | None = attrs.field(default=None, validator=_version)
    new_group_id: str | None = attrs.field(default=None, validator=optional_id)
    referral_chain: tuple[str, ...] = attrs.field(default=(), validator=referral_chain_validator)
    region: str | None = attrs.field(default=None, validator=optional_id)


@attrs.frozen(kw_only=True)
class LeaveGroup:
    """Leave a group that has not succeeded yet; the order is refunded in full."""

    group_id: str = attrs.field(validator=non_empty_id)
    order_id: str = attrs.field(validator=non_empty_id)
    at: datetime = attrs.field(validator=aware_validator)
    expected_version: int | None = attrs.field(default=None, validator=_version)


@attrs.frozen(kw_only=True)
class ExpireGroup:
    """The group's deadline has come: fail it, complete it virtually, or close it."""

    group_id: str = attrs.field(validator=non_empty_id)
    at: datetime = attrs.field(validator=aware_validator)
    expected_version: int | None = attrs.field(default=None, validator=_version)


@attrs.frozen(kw_only=True)
class CloseGroup:
    """An operator closes the group: a forming group fails, a successful one closes."""

    group_id: str = attrs.field(validator=non_empty_id)
    at: datetime = attrs.field(validator=aware_validator)
    expected_version: int | None = attrs.field(default=None, validator=_version)


Command = OpenGroup | JoinGroup | LeaveGroup | ExpireGroup | CloseGroup


def _count(_inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if type(value) is not int or value < 0:
        raise InvalidValue(f"context.{attribute.name}", value, "must be an int >= 0")


def _optional_count(_inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None:
        _count(_inst, attribute, value)


@attrs.frozen(kw_only=True)
class DecisionContext:
    """Campaign-wide facts a decision needs, supplied by the caller.

    Keeping these outside the group keeps every decision O(size of the group).

    Attributes:
        user_groups_joined: Groups this user has joined in this campaign so far.
        user_groups_opened: Groups this user has opened in this campaign so far.
        stock_left: Units the campaign can still sell; required when the
            campaign has a stock limit.
        user_is_new: Whether the user has never bought (for new-user campaigns).
        group_with_seat: Another group of this campaign with a free seat, used
            to redirect a payer who finds the group full.
        order_id_taken: Whether the command's order id is already used in this
            campaign (order ids are unique campaign-wide). The decider reports
            a reuse within the command's own group as such, before this flag.
    """

    user_groups_joined: int = attrs.field(default=0, validator=_count)
    user_groups_opened: int = attrs.field(default=0, validator=_count)
    stock_left: int | None = attrs.field(default=None, validator=_optional_count)
    user_is_new: bool = attrs.field(default=False, validator=_flag)
    group_with_seat: str | None = attrs.field(default=None, validator=optional_id)
    order_id_taken: bool = attrs.field(default=False, validator=_flag)
