"""Commands: what a caller asks of a group, decided by :func:`pintuan.decide`.

Every command carries the instant it happens at (aware) and, optionally, the
group version the caller last saw, for optimistic concurrency. Ids are always
supplied by the caller; pintuan never invents them. An order buys 1 to
``MAX_QUANTITY`` (10,000) units.
"""

from __future__ import annotations

from datetime import datetime

import attrs

from pintuan import _validators as v

__all__ = [
    "CloseGroup",
    "Command",
    "DecisionContext",
    "ExpireGroup",
    "JoinGroup",
    "LeaveGroup",
    "OpenGroup",
]


_ID = v.text()
_OPTIONAL_ID = v.optional(_ID)
_QUANTITY = v.quantity()
_VERSION = v.optional(v.integer(0))


@attrs.frozen(kw_only=True)
class OpenGroup:
    """Open a new group; the opener becomes its leader and pays."""

    group_id: str = attrs.field(validator=_ID)
    order_id: str = attrs.field(validator=v.buyer_id)
    user_id: str = attrs.field(validator=v.buyer_id)
    at: datetime = attrs.field(validator=v.aware)
    quantity: int = attrs.field(default=1, validator=_QUANTITY)
    referral_chain: tuple[str, ...] = attrs.field(default=(), validator=v.referral_chain)
    region: str | None = attrs.field(default=None, validator=_OPTIONAL_ID)


@attrs.frozen(kw_only=True)
class JoinGroup:
    """Join an existing group and pay.

    ``referral_chain`` and ``region`` are copied onto the order (see
    :class:`~pintuan.order.Order`). ``new_group_id`` is the id to use if the
    group is full and the campaign's policy is to open a new group for the payer.
    """

    group_id: str = attrs.field(validator=_ID)
    order_id: str = attrs.field(validator=v.buyer_id)
    user_id: str = attrs.field(validator=v.buyer_id)
    at: datetime = attrs.field(validator=v.aware)
    quantity: int = attrs.field(default=1, validator=_QUANTITY)
    expected_version: int | None = attrs.field(default=None, validator=_VERSION)
    new_group_id: str | None = attrs.field(default=None, validator=_OPTIONAL_ID)
    referral_chain: tuple[str, ...] = attrs.field(default=(), validator=v.referral_chain)
    region: str | None = attrs.field(default=None, validator=_OPTIONAL_ID)


@attrs.frozen(kw_only=True)
class LeaveGroup:
    """Leave a group that has not succeeded yet; the order is refunded in full."""

    group_id: str = attrs.field(validator=_ID)
    order_id: str = attrs.field(validator=_ID)
    at: datetime = attrs.field(validator=v.aware)
    expected_version: int | None = attrs.field(default=None, validator=_VERSION)


@attrs.frozen(kw_only=True)
class ExpireGroup:
    """The group's deadline has come: fail it, complete it virtually, or close it."""

    group_id: str = attrs.field(validator=_ID)
    at: datetime = attrs.field(validator=v.aware)
    expected_version: int | None = attrs.field(default=None, validator=_VERSION)


@attrs.frozen(kw_only=True)
class CloseGroup:
    """An operator closes the group: a forming group fails, a successful one closes."""

    group_id: str = attrs.field(validator=_ID)
    at: datetime = attrs.field(validator=v.aware)
    expected_version: int | None = attrs.field(default=None, validator=_VERSION)


Command = OpenGroup | JoinGroup | LeaveGroup | ExpireGroup | CloseGroup


_COUNT = v.integer(0, prefix="context.")
_FLAG = v.flag(prefix="context.")


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

    user_groups_joined: int = attrs.field(default=0, validator=_COUNT)
    user_groups_opened: int = attrs.field(default=0, validator=_COUNT)
    stock_left: int | None = attrs.field(default=None, validator=v.optional(_COUNT))
    user_is_new: bool = attrs.field(default=False, validator=_FLAG)
    group_with_seat: str | None = attrs.field(default=None, validator=_OPTIONAL_ID)
    order_id_taken: bool = attrs.field(default=False, validator=_FLAG)
