"""Deciding commands: ``decide(campaign, group, command, context) -> events``.

This is the decider half of the lifecycle; :func:`pintuan.evolve` is the other.
:func:`decide` is pure: it reads the campaign, the group's current state, the
command and a small :class:`~pintuan.commands.DecisionContext`, and returns the
events that follow, or raises :class:`~pintuan.errors.CommandRejected` and
changes nothing. Its cost is proportional to the group, never the campaign.
"""

from __future__ import annotations

from datetime import datetime
from typing import get_args

from pintuan import _validators as v
from pintuan._time import before
from pintuan.campaign import Campaign
from pintuan.errors import CommandRejected, InvalidValue, Rejection
from pintuan.lifecycle._eligibility import (
    check_buyer,
    check_newcomer,
    group_full,
    refused,
)
from pintuan.lifecycle._state import GroupStatus, command_allowed
from pintuan.lifecycle.commands import (
    CloseGroup,
    Command,
    DecisionContext,
    ExpireGroup,
    JoinGroup,
    LeaveGroup,
    OpenGroup,
)
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
from pintuan.lifecycle.group import Group, evolve, evolve_decided
from pintuan.lifecycle.order import VIRTUAL_PREFIX, Order, Role, order_from_command

__all__ = ["decide", "handle"]

_NO_CONTEXT = DecisionContext()
# An Enum member as a module name: in Python 3.11 reading one off its class
# (Role.MEMBER) is a Python-level descriptor call, on every join.
_MEMBER = Role.MEMBER


def decide(
    campaign: Campaign,
    group: Group | None,
    command: Command,
    context: DecisionContext = _NO_CONTEXT,
) -> tuple[Event, ...]:
    """Decide what ``command`` does to ``group``; return the resulting events.

    Args:
        campaign: The campaign the group belongs to.
        group: The group's current state, or ``None`` if it is not opened yet.
        command: What the caller asks for.
        context: Campaign-wide facts about the acting user and the stock.

    Raises:
        CommandRejected: The command is not allowed; ``code`` says why and
            nothing has changed.
        InvalidValue: An argument is not what it should be: not a campaign,
            a group of another campaign, not a command, not a context.
    """
    _check_arguments(campaign, group, command, context)
    status = None if group is None else group.status
    if group is not None and command.group_id != group.group_id:
        raise CommandRejected(
            Rejection.UNKNOWN_GROUP,
            "group_id",
            command.group_id,
            f"the command was decided against group {group.group_id}",
        )
    if not command_allowed(status, command):
        raise refused(campaign, group, command, context)
    if isinstance(command, OpenGroup):
        return _open(campaign, command, context)
    assert group is not None  # the table allows only OpenGroup before a group exists
    _check_version_and_time(group, command)
    if isinstance(command, JoinGroup):
        return _join(campaign, group, command, context)
    if isinstance(command, LeaveGroup):
        return _leave(group, command)
    if isinstance(command, ExpireGroup):
        return _expire(campaign, group, command)
    return _close(group, command)


def handle(
    campaign: Campaign,
    group: Group | None,
    command: Command,
    context: DecisionContext = _NO_CONTEXT,
) -> tuple[Group, tuple[Event, ...]]:
    """Decide ``command`` and apply the events; return the new group and the events."""
    events = decide(campaign, group, command, context)
    for event in events:
        # Events decide made for this very group: evolve_decided skips the
        # checks decide has made (same result as evolve, see its docs).
        group = evolve(group, event) if group is None else evolve_decided(group, event)
    assert group is not None
    return group, events


_COMMANDS = get_args(Command)


def _check_arguments(
    campaign: Campaign, group: Group | None, command: Command, context: DecisionContext
) -> None:
    """The arguments of :func:`decide` are what they claim, the group of this campaign."""
    # The exact types first: the check of every command (isinstance semantics kept).
    if type(campaign) is not Campaign:
        v.require("campaign", campaign, Campaign)
    if group is not None:
        if type(group) is not Group:
            v.require("group", group, Group)
        if group.campaign_id != campaign.campaign_id:
            raise InvalidValue(
                "group.campaign_id", group.campaign_id, f"is not campaign {campaign.campaign_id}"
            )
    if type(command) not in _COMMANDS:
        v.require("command", command, *_COMMANDS)
    if type(context) is not DecisionContext:
        v.require("context", context, DecisionContext)


def _check_version_and_time(
    group: Group, command: JoinGroup | LeaveGroup | ExpireGroup | CloseGroup
) -> None:
    """Check the expected version, and that the command is not before the group's latest event."""
    expected = command.expected_version
    if expected is not None and expected != group.version:
        raise CommandRejected(
            Rejection.VERSION_CONFLICT,
            "expected_version",
            expected,
            f"the group is at version {group.version}; reload it and decide again",
        )
    if before(command.at, group.updated_at):
        raise CommandRejected(
            Rejection.TIME_WENT_BACKWARDS,
            "at",
            command.at,
            f"is before the group's latest event at {group.updated_at.isoformat()}",
        )


def _open(campaign: Campaign, command: OpenGroup, context: DecisionContext) -> tuple[Event, ...]:
    check_buyer(campaign, command, context, opening=True)
    # The deadline is clamped by the campaign's end as seen from *now*.
    # In UTC: elapsed time, right across DST; kept in the command's zone.
    deadline = campaign.deadline_for(command.at)
    unit = campaign.unit_price(leader=True, seat=1)
    return (
        GroupOpened(
            group_id=command.group_id,
            campaign_id=campaign.campaign_id,
            at=command.at,
            deadline=deadline.astimezone(command.at.tzinfo),
            leader=order_from_command(command, Role.LEADER, unit),
            version=1,
        ),
    )


def _join(
    campaign: Campaign, group: Group, command: JoinGroup, context: DecisionContext
) -> tuple[Event, ...]:
    if not before(command.at, group.deadline):
        raise CommandRejected(
            Rejection.DEADLINE_PASSED,
            "at",
            command.at,
            f"is at or after the group's deadline {group.deadline.isoformat()}",
        )
    check_newcomer(group, command)
    seats = len(group.members) + 1  # counted once: is_full(campaign, group) is seats > capacity
    if seats > campaign.capacity:
        raise group_full(campaign, group, command, context)
    check_buyer(campaign, command, context, opening=False)
    unit = campaign.unit_price(leader=False, seat=seats)
    order = order_from_command(command, _MEMBER, unit)
    gid, at, version = group.group_id, command.at, group.version + 1
    # Built from the checked command, the group and the campaign: no checks again.
    joined = _MEMBER_JOINED(group_id=gid, at=at, order=order, version=version)
    if seats < campaign.group_size and seats < campaign.capacity:
        return (joined,)
    events: list[Event] = [joined]
    if group.status is GroupStatus.FORMING and seats >= campaign.group_size:
        version += 1
        events.append(_GROUP_SUCCEEDED(group_id=gid, at=at, version=version))
    if seats >= campaign.capacity:
        events.append(_GROUP_CLOSED(group_id=gid, at=at, version=version + 1))
    return tuple(events)


_MEMBER_JOINED = v.unchecked(MemberJoined)
_GROUP_SUCCEEDED = v.unchecked(GroupSucceeded)
_GROUP_CLOSED = v.unchecked(GroupClosed)


def _leave(group: Group, command: LeaveGroup) -> tuple[Event, ...]:
    if not group.members.has_order(command.order_id):
        raise CommandRejected(
            Rejection.NOT_A_MEMBER, "order_id", command.order_id, "is not a member of this group"
        )
    new_leader = None
    if command.order_id == group.leader_order_id:
        # The next member in joining order leads; the deadline never moves.
        successor = group.members.first(excluding=command.order_id)
        new_leader = None if successor is None else successor.order_id
    gid, at, version = group.group_id, command.at, group.version + 1
    left = MemberLeft(
        group_id=gid, at=at, order_id=command.order_id, new_leader_id=new_leader, version=version
    )
    if len(group.members) == 1:
        empty = FailureReason.EMPTY
        return (left, GroupFailed(group_id=gid, at=at, reason=empty, version=version + 1))
    return (left,)


def _expire(campaign: Campaign, group: Group, command: ExpireGroup) -> tuple[Event, ...]:
    if before(command.at, group.deadline):
        raise CommandRejected(
            Rejection.NOT_DUE,
            "at",
            command.at,
            f"is before the group's deadline {group.deadline.isoformat()}",
        )
    gid, at, version = group.group_id, command.at, group.version + 1
    if group.status is GroupStatus.SUCCEEDED:
        return (GroupClosed(group_id=gid, at=at, version=version),)
    policy = campaign.virtual_completion
    if policy is not None and group.real_count >= policy.min_real_members:
        missing = campaign.group_size - len(group.members)
        placeholders = tuple(_virtual_order(campaign, group, n, at) for n in range(1, missing + 1))
        return (
            VirtualMembersAdded(group_id=gid, at=at, orders=placeholders, version=version),
            GroupSucceeded(group_id=gid, at=at, version=version + 1),
            GroupClosed(group_id=gid, at=at, version=version + 2),
        )
    return (GroupFailed(group_id=gid, at=at, reason=FailureReason.DEADLINE, version=version),)


def _close(group: Group, command: CloseGroup) -> tuple[Event, ...]:
    gid, at, version = group.group_id, command.at, group.version + 1
    if group.status is GroupStatus.SUCCEEDED:
        return (GroupClosed(group_id=gid, at=at, version=version),)
    reason = FailureReason.CLOSED_BY_OPERATOR
    return (GroupFailed(group_id=gid, at=at, reason=reason, version=version),)


def _virtual_order(campaign: Campaign, group: Group, seat: int, at: datetime) -> Order:
    placeholder = f"{VIRTUAL_PREFIX}{group.group_id}:{seat}"
    return Order(
        order_id=placeholder,
        user_id=placeholder,
        group_id=group.group_id,
        role=Role.VIRTUAL,
        quantity=1,
        unit_price=campaign.base_price,
        paid=campaign.base_price * 0,
        paid_at=at,
    )
