"""The group state machine, in one place.

Everything that decides which command is legal in which state, and which
state an event leads to, lives in the two tables below. :func:`pintuan.decide`
consults :data:`COMMANDS` before it looks at anything else, and
:func:`pintuan.evolve` consults :data:`TRANSITIONS` for every event; a pair
missing from a table is an error, never a silent no-op.

    None ──GroupOpened──▶ FORMING ──GroupSucceeded──▶ SUCCEEDED ──GroupClosed──▶ CLOSED
                             │
                             └──GroupFailed──▶ FAILED

``None`` is the state of a group that does not exist yet. ``SUCCEEDED`` means
the group reached its size and may still accept members (up to its capacity,
until its deadline); ``CLOSED`` and ``FAILED`` are terminal.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping

from pintuan.errors import InvalidValue, Rejection
from pintuan.lifecycle.commands import CloseGroup, ExpireGroup, JoinGroup, LeaveGroup, OpenGroup
from pintuan.lifecycle.events import (
    GroupClosed,
    GroupFailed,
    GroupOpened,
    GroupSucceeded,
    MemberJoined,
    MemberLeft,
    VirtualMembersAdded,
)

__all__ = [
    "COMMANDS", "TRANSITIONS", "GroupStatus", "command_allowed", "next_status", "refusal",
]  # fmt: skip


class GroupStatus(enum.Enum):
    """Where a group is in its life."""

    FORMING = "forming"
    SUCCEEDED = "succeeded"
    CLOSED = "closed"
    FAILED = "failed"

    # Members are singletons, so identity is equality: hashed in C, not by
    # Enum's Python-level __hash__ (the tables below are read on every event).
    __hash__ = object.__hash__

    @property
    def terminal(self) -> bool:
        """Whether nothing more can happen to the group."""
        return self in (GroupStatus.CLOSED, GroupStatus.FAILED)

    @property
    def successful(self) -> bool:
        """Whether the group reached its size (it stays successful once it has)."""
        return self in (GroupStatus.SUCCEEDED, GroupStatus.CLOSED)


_FORMING, _SUCCEEDED = GroupStatus.FORMING, GroupStatus.SUCCEEDED

#: Commands legal in each state (``None``: the group does not exist yet).
COMMANDS: Mapping[GroupStatus | None, frozenset[type]] = {
    None: frozenset({OpenGroup}),
    _FORMING: frozenset({JoinGroup, LeaveGroup, ExpireGroup, CloseGroup}),
    _SUCCEEDED: frozenset({JoinGroup, ExpireGroup, CloseGroup}),
    GroupStatus.CLOSED: frozenset(),
    GroupStatus.FAILED: frozenset(),
}

#: (state, event type) -> next state. Anything missing is illegal.
TRANSITIONS: Mapping[tuple[GroupStatus | None, type], GroupStatus] = {
    (None, GroupOpened): _FORMING,
    (_FORMING, MemberJoined): _FORMING,
    (_FORMING, MemberLeft): _FORMING,
    (_FORMING, VirtualMembersAdded): _FORMING,
    (_FORMING, GroupSucceeded): _SUCCEEDED,
    (_FORMING, GroupFailed): GroupStatus.FAILED,
    (_SUCCEEDED, MemberJoined): _SUCCEEDED,
    (_SUCCEEDED, GroupClosed): GroupStatus.CLOSED,
}


def command_allowed(status: GroupStatus | None, command: object) -> bool:
    """Whether ``command`` may be decided in ``status`` at all."""
    return type(command) in COMMANDS[status]


def refusal(status: GroupStatus | None, command: object) -> Rejection:
    """Why ``command`` is not allowed in ``status``: the code of its rejection.

    ``UNKNOWN_GROUP`` for a command to a group that does not exist,
    ``GROUP_EXISTS`` for opening one that does, else ``ILLEGAL_IN_STATE``
    (which the decider words more precisely for a join into a full group).
    """
    if status is None:
        return Rejection.UNKNOWN_GROUP
    if isinstance(command, OpenGroup):
        return Rejection.GROUP_EXISTS
    return Rejection.ILLEGAL_IN_STATE


def next_status(status: GroupStatus | None, event: object) -> GroupStatus:
    """Return the state ``event`` leads to from ``status``.

    Raises:
        InvalidValue: The event cannot happen in that state.
    """
    try:
        return TRANSITIONS[status, type(event)]
    except KeyError:
        name = None if status is None else status.value
        raise InvalidValue(
            "event", type(event).__name__, f"cannot happen to a group in state {name}"
        ) from None
