"""Events: facts that happened to a group, produced by :func:`pintuan.decide`.

Events are small frozen values. A service may store them and rebuild a group
with :func:`pintuan.evolve`, or store only the resulting state.
"""

from __future__ import annotations

import enum
from datetime import datetime

import attrs

from pintuan.order import Order

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

    group_id: str
    campaign_id: str
    at: datetime
    deadline: datetime
    leader: Order


@attrs.frozen(kw_only=True)
class MemberJoined:
    """A member joined the group and paid."""

    group_id: str
    at: datetime
    order: Order


@attrs.frozen(kw_only=True)
class MemberLeft:
    """A member left a forming group; ``new_leader_id`` is set if the leader left."""

    group_id: str
    at: datetime
    order_id: str
    new_leader_id: str | None


@attrs.frozen(kw_only=True)
class VirtualMembersAdded:
    """Placeholders took the missing seats at the deadline (virtual completion)."""

    group_id: str
    at: datetime
    orders: tuple[Order, ...]


@attrs.frozen(kw_only=True)
class GroupSucceeded:
    """The group reached its size; its orders can be captured and shipped."""

    group_id: str
    at: datetime


@attrs.frozen(kw_only=True)
class GroupClosed:
    """A group that succeeded stopped accepting members (full, deadline, operator)."""

    group_id: str
    at: datetime


@attrs.frozen(kw_only=True)
class GroupFailed:
    """The group failed; every order still in it is to be refunded."""

    group_id: str
    at: datetime
    reason: FailureReason


Event = (
    GroupOpened
    | MemberJoined
    | MemberLeft
    | VirtualMembersAdded
    | GroupSucceeded
    | GroupClosed
    | GroupFailed
)
