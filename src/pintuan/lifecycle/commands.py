"""Commands: what a caller asks of a group, decided by :func:`pintuan.decide`.

Every command carries the instant it happens at (aware) and, optionally, the
group version the caller last saw, for optimistic concurrency. Ids are always
supplied by the caller; pintuan never invents them. An order buys 1 to
``MAX_QUANTITY`` (10,000) units.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

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


@attrs.frozen(kw_only=True, init=False)  # __init__ written out for speed: see _plain
class OpenGroup:
    """Open a new group; the opener becomes its leader and pays."""

    group_id: str = attrs.field(validator=_ID)
    order_id: str = attrs.field(validator=v.buyer_id)
    user_id: str = attrs.field(validator=v.buyer_id)
    at: datetime = attrs.field(validator=v.aware)
    quantity: int = attrs.field(default=1, validator=_QUANTITY)
    referral_chain: tuple[str, ...] = attrs.field(default=(), validator=v.referral_chain)
    region: str | None = attrs.field(default=None, validator=_OPTIONAL_ID)

    def __init__(
        self,
        *,
        group_id: str,
        order_id: str,
        user_id: str,
        at: datetime,
        quantity: int = 1,
        referral_chain: tuple[str, ...] = (),
        region: str | None = None,
    ) -> None:
        _FILL_OPEN(self, group_id, order_id, user_id, at, quantity, referral_chain, region)
        if not (
            _plain(group_id, order_id, user_id, at, quantity, referral_chain) and region is None
        ):
            attrs.validate(self)


@attrs.frozen(kw_only=True, init=False)  # __init__ written out for speed: see _plain
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

    def __init__(
        self,
        *,
        group_id: str,
        order_id: str,
        user_id: str,
        at: datetime,
        quantity: int = 1,
        expected_version: int | None = None,
        new_group_id: str | None = None,
        referral_chain: tuple[str, ...] = (),
        region: str | None = None,
    ) -> None:
        _FILL_JOIN(
            self, group_id, order_id, user_id, at, quantity, expected_version, new_group_id,
            referral_chain, region,
        )  # fmt: skip
        if not (
            _plain(group_id, order_id, user_id, at, quantity, referral_chain)
            and expected_version is None
            and new_group_id is None
            and region is None
        ):
            attrs.validate(self)


def _plain(
    group_id: object, order_id: object, user_id: object, at: object, quantity: object,
    referral_chain: object,
) -> bool:  # fmt: skip
    """Whether a buyer's command is the common case, which every validator accepts.

    A command is made per order, so :class:`OpenGroup` and :class:`JoinGroup`
    write their ``__init__`` out: attrs' own sets each field through
    ``object.__setattr__`` and calls every validator. Theirs set the fields at
    once and check this common case inline: ids plain ``str``, neither blank
    nor virtual, an aware ``datetime`` (a :class:`~zoneinfo.ZoneInfo` always
    gives an offset: no need to ask), a quantity in range, no referrer (and the other
    options at their defaults). Anything else runs the fields' validators, in
    field order, through :func:`attrs.validate`, as attrs' ``__init__`` would:
    the same errors for every bad input.
    """
    return (
        type(group_id) is str
        and group_id.strip() != ""
        and type(order_id) is str
        and order_id.strip() != ""
        and not order_id.startswith(v.VIRTUAL_PREFIX)
        and type(user_id) is str
        and user_id.strip() != ""
        and not user_id.startswith(v.VIRTUAL_PREFIX)
        and type(at) is datetime
        and (type(at.tzinfo) is ZoneInfo or at.utcoffset() is not None)  # a ZoneInfo: always
        and type(quantity) is int
        and 1 <= quantity <= v.MAX_QUANTITY
        and type(referral_chain) is tuple
        and not referral_chain
    )


_FILL_OPEN = v.filler(OpenGroup)
_FILL_JOIN = v.filler(JoinGroup)


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
