"""Events: facts that happened to a group, produced by :func:`pintuan.decide`.

Events are small frozen values, checked when built (aware instants, ids,
orders), so stored events replayed through :func:`pintuan.evolve` are checked
too. Each event the decider makes carries ``version``: the group's version
once the event is applied (1 for the opening), so :func:`pintuan.evolve` can
refuse a stored event that does not follow; an event built by hand may leave
it ``None``. A service may store them and rebuild a group
with :func:`pintuan.evolve`, or store only the resulting state.
"""

from __future__ import annotations

import enum
from datetime import datetime

import attrs

from pintuan import _validators as v
from pintuan.lifecycle.order import Order

_ID = v.text()
_ORDER = v.instance_of(Order)
_VERSION = v.optional(v.integer(1))

__all__ = [
    "Event",
    "FailureReason",
    "GroupClosed",
    "GroupFailed",
    "GroupOpened",
    "GroupSucceeded",
    "MemberJoined",
    "MemberLeft",
    "VirtualMembersAdded",
]


class FailureReason(enum.Enum):
    """Why a group failed."""

    DEADLINE = "deadline"
    CLOSED_BY_OPERATOR = "closed_by_operator"
    EMPTY = "empty"


@attrs.frozen(kw_only=True)
class GroupOpened:
    """A leader opened a group and paid; the group is forming."""

    group_id: str = attrs.field(validator=_ID)
    campaign_id: str = attrs.field(validator=_ID)
    at: datetime = attrs.field(validator=v.aware)
    deadline: datetime = attrs.field(validator=v.aware)
    leader: Order = attrs.field(validator=_ORDER)
    version: int | None = attrs.field(default=None, validator=_VERSION)


@attrs.frozen(kw_only=True)
class MemberJoined:
    """A member joined the group and paid."""

    group_id: str = attrs.field(validator=_ID)
    at: datetime = attrs.field(validator=v.aware)
    order: Order = attrs.field(validator=_ORDER)
    version: int | None = attrs.field(default=None, validator=_VERSION)


@attrs.frozen(kw_only=True)
class MemberLeft:
    """A member left a forming group; ``new_leader_id`` is set if the leader left."""

    group_id: str = attrs.field(validator=_ID)
    at: datetime = attrs.field(validator=v.aware)
    order_id: str = attrs.field(validator=_ID)
    new_leader_id: str | None = attrs.field(validator=v.optional(_ID))
    version: int | None = attrs.field(default=None, validator=_VERSION)


@attrs.frozen(kw_only=True)
class VirtualMembersAdded:
    """Placeholders took the missing seats at the deadline (virtual completion)."""

    group_id: str = attrs.field(validator=_ID)
    at: datetime = attrs.field(validator=v.aware)
    orders: tuple[Order, ...] = attrs.field(validator=v.tuple_of(Order))
    version: int | None = attrs.field(default=None, validator=_VERSION)


@attrs.frozen(kw_only=True)
class GroupSucceeded:
    """The group reached its size; its orders can be captured and shipped."""

    group_id: str = attrs.field(validator=_ID)
    at: datetime = attrs.field(validator=v.aware)
    version: int | None = attrs.field(default=None, validator=_VERSION)


@attrs.frozen(kw_only=True)
class GroupClosed:
    """A group that succeeded stopped accepting members (full, deadline, operator)."""

    group_id: str = attrs.field(validator=_ID)
    at: datetime = attrs.field(validator=v.aware)
    version: int | None = attrs.field(default=None, validator=_VERSION)


@attrs.frozen(kw_only=True)
class GroupFailed:
    """The group failed; every order still in it is to be refunded."""

    group_id: str = attrs.field(validator=_ID)
    at: datetime = attrs.field(validator=v.aware)
    reason: FailureReason = attrs.field(validator=v.instance_of(FailureReason))
    version: int | None = attrs.field(default=None, validator=_VERSION)


Event = (
    GroupOpened
    | MemberJoined
    | MemberLeft
    | VirtualMembersAdded
    | GroupSucceeded
    | GroupClosed
    | GroupFailed
)
