"""The group lifecycle: orders, commands, events, the state table and the decider.

:func:`decide` turns a command into events (or a rejection that changes
nothing); :func:`evolve` applies one event to a group; :func:`handle` does
both. The state machine lives in one table, :mod:`pintuan.lifecycle._state`.
"""

from pintuan.lifecycle._eligibility import has_seat, is_full
from pintuan.lifecycle._state import COMMANDS, TRANSITIONS, GroupStatus
from pintuan.lifecycle.book import CampaignBook
from pintuan.lifecycle.commands import (
    CloseGroup,
    Command,
    DecisionContext,
    ExpireGroup,
    JoinGroup,
    LeaveGroup,
    OpenGroup,
)
from pintuan.lifecycle.decider import decide, handle
from pintuan.lifecycle.events import (
    Event,
    FailureReason,
    GroupClosed,
    GroupFailed,
    GroupOpened,
    GroupSucceeded,
    MemberJoined,
    MemberLeft,
    VirtualMembersAdded,
)
from pintuan.lifecycle.group import Group, evolve
from pintuan.lifecycle.order import VIRTUAL_PREFIX, Order, Role

__all__ = [
    "COMMANDS",
    "TRANSITIONS",
    "VIRTUAL_PREFIX",
    "CampaignBook",
    "CloseGroup",
    "Command",
    "DecisionContext",
    "Event",
    "ExpireGroup",
    "FailureReason",
    "Group",
    "GroupClosed",
    "GroupFailed",
    "GroupOpened",
    "GroupStatus",
    "GroupSucceeded",
    "JoinGroup",
    "LeaveGroup",
    "MemberJoined",
    "MemberLeft",
    "OpenGroup",
    "Order",
    "Role",
    "VirtualMembersAdded",
    "decide",
    "evolve",
    "handle",
    "has_seat",
    "is_full",
]
