"""The group: an immutable state value, and :func:`evolve` to apply events."""

from __future__ import annotations

import functools
from datetime import datetime
from typing import Any

import attrs

from pintuan import _validators as v
from pintuan._time import before
from pintuan.errors import InvalidValue
from pintuan.lifecycle._roster import Roster
from pintuan.lifecycle._state import GroupStatus, next_status
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
from pintuan.lifecycle.order import Order

__all__ = ["Group", "Roster", "evolve", "evolve_decided"]  # Roster: the type of Group.members


@attrs.frozen(kw_only=True)
class Group:
    """One group of a campaign, as of its latest event.

    Attributes:
        group_id: The group's id.
        campaign_id: The campaign it belongs to.
        status: Where the group is in its life.
        opened_at: When the leader opened it.
        deadline: When it stops accepting members: the earliest of opening plus
            the campaign's time limit and the campaign's end.
        leader_order_id: The current leader's order.
        members: Orders in the group, in joining order (virtual ones last).
        departed: Orders that left the group before it succeeded.
        version: Number of events applied; use it for optimistic concurrency.
        updated_at: Instant of the latest event.
        closed_at: When the group closed or failed, else ``None``.
        failure: Why the group failed, else ``None``.
    """

    group_id: str
    campaign_id: str
    status: GroupStatus
    opened_at: datetime
    deadline: datetime
    leader_order_id: str
    members: Roster[Order]
    departed: Roster[Order] = attrs.field(factory=Roster)
    version: int = 1
    updated_at: datetime
    closed_at: datetime | None = None
    failure: FailureReason | None = None
    virtual_count: int = 0

    @property
    def real_count(self) -> int:
        """Paying members (virtual placeholders excluded)."""
        return len(self.members) - self.virtual_count

    @property
    def orders(self) -> tuple[Order, ...]:
        """Orders in the group, in joining order."""
        return self.members.as_tuple()

    @property
    def leader(self) -> Order:
        """The current leader's order."""
        leader = self.members.get(self.leader_order_id)
        if leader is None:
            raise StopIteration(self.leader_order_id)  # as when it was a scan of the members
        return leader

    def has_order(self, order_id: str) -> bool:
        """Whether the order is, or was, in this group."""
        return self.members.has_order(order_id) or self.departed.has_order(order_id)


def evolve(state: Group | None, event: Event) -> Group:
    """Apply one event to a group and return the new group.

    ``state`` is ``None`` before the group is opened. Stored events are input
    like any other: an event that cannot follow ``state`` is refused and the
    group is unchanged.

    Raises:
        InvalidValue: The event cannot happen in the group's state, belongs to
            another group, is earlier than the group's latest event, carries a
            version that does not follow the group's, adds an order or a user
            already in the group, or removes an order that is not a member.
    """
    if state is not None and not isinstance(state, Group):
        raise InvalidValue("state", state, "must be a Group or None")
    status = next_status(None if state is None else state.status, event)
    if isinstance(event, GroupOpened):
        if event.version not in (None, 1):
            raise InvalidValue("event.version", event.version, "a group opens at version 1")
        _check_orders((event.leader,), event.group_id, Roster(), Roster())
        return Group(
            group_id=event.group_id,
            campaign_id=event.campaign_id,
            status=status,
            opened_at=event.at,
            deadline=event.deadline,
            leader_order_id=event.leader.order_id,
            members=Roster((event.leader,)),
            updated_at=event.at,
        )
    assert state is not None  # next_status admits only GroupOpened from None
    _check_follows(state, event)
    step = functools.partial(_step, state, status, event.at)
    if isinstance(event, MemberJoined):
        _check_orders((event.order,), state.group_id, state.members, state.departed)
        return step(members=state.members.appended(event.order))
    if isinstance(event, MemberLeft):
        gone = _member(state, event.order_id, "event.order_id")
        leader = state.leader_order_id
        if event.new_leader_id is not None:
            if event.new_leader_id == event.order_id:
                raise InvalidValue("event.new_leader_id", event.new_leader_id, "is leaving")
            _member(state, event.new_leader_id, "event.new_leader_id")
            leader = event.new_leader_id
        return step(
            members=state.members.without(event.order_id),
            departed=state.departed.appended(gone),
            leader_order_id=leader,
        )
    if isinstance(event, VirtualMembersAdded):
        _check_orders(event.orders, state.group_id, state.members, state.departed)
        members = state.members
        for order in event.orders:
            members = members.appended(order)
        return step(members=members, virtual_count=state.virtual_count + len(event.orders))
    if isinstance(event, GroupSucceeded):
        return step()
    if isinstance(event, GroupClosed):
        return step(closed_at=event.at)
    if isinstance(event, GroupFailed):
        return step(closed_at=event.at, failure=event.reason)
    raise InvalidValue("event", event, "is not a pintuan event")  # pragma: no cover


_GROUP = v.unchecked(Group)  # Group has no checks of its own: the same value, made faster


def evolve_decided(state: Group, event: Event) -> Group:
    """Apply an event :func:`pintuan.decide` made for ``state`` itself; as :func:`evolve`.

    Decide has checked what :func:`evolve` checks of a stored event: the
    group, the time, the version and, for a join, the newcomer's order and
    user. So a join, a success or a close skips those checks here (the result
    equals :func:`evolve`'s); any other event goes through :func:`evolve`.
    """
    kind = type(event)
    if kind is MemberJoined:
        return _GROUP(
            group_id=state.group_id,
            campaign_id=state.campaign_id,
            status=next_status(state.status, event),
            opened_at=state.opened_at,
            deadline=state.deadline,
            leader_order_id=state.leader_order_id,
            members=state.members.appended(event.order),  # type: ignore[union-attr]
            departed=state.departed,
            version=state.version + 1,
            updated_at=event.at,
            closed_at=state.closed_at,
            failure=state.failure,
            virtual_count=state.virtual_count,
        )
    if kind is GroupSucceeded or kind is GroupClosed:
        closed_at = event.at if kind is GroupClosed else state.closed_at
        return _step(state, next_status(state.status, event), event.at, closed_at=closed_at)
    return evolve(state, event)


def _check_follows(state: Group, event: Event) -> None:
    """The event is for this group, not earlier than its latest, at the next version."""
    if event.group_id != state.group_id:
        raise InvalidValue("event.group_id", event.group_id, f"is not group {state.group_id}")
    if before(event.at, state.updated_at):
        raise InvalidValue(
            "event.at",
            event.at,
            f"is before the group's latest event at {state.updated_at.isoformat()}",
        )
    if event.version is not None and event.version != state.version + 1:
        raise InvalidValue(
            "event.version",
            event.version,
            f"does not follow the group's version {state.version} (expected {state.version + 1})",
        )


def _check_orders(
    orders: tuple[Order, ...], group_id: str, members: Roster[Order], departed: Roster[Order]
) -> None:
    """New orders are for this group, and neither they nor their users are in it yet."""
    seen_orders: set[str] = set()
    seen_users: set[str] = set()
    for order in orders:
        oid, uid = order.order_id, order.user_id
        if order.group_id != group_id:
            raise InvalidValue("event.order.group_id", order.group_id, f"is not group {group_id}")
        if oid in seen_orders or members.has_order(oid) or departed.has_order(oid):
            raise InvalidValue("event.order.order_id", oid, f"is already in group {group_id}")
        if uid in seen_users or members.has_user(uid):
            raise InvalidValue("event.order.user_id", uid, f"is already a member of {group_id}")
        seen_orders.add(oid)
        seen_users.add(uid)


def _member(state: Group, order_id: str, field: str) -> Order:
    order = state.members.get(order_id)
    if order is None:
        raise InvalidValue(field, order_id, f"is not a member of group {state.group_id}")
    return order


def _step(state: Group, status: GroupStatus, at: datetime, **changes: Any) -> Group:
    # The group's other fields as they are: Group's __init__ directly, without
    # attrs.evolve's per-call look-up of the fields (on every event of a group).
    fields: dict[str, Any] = {
        "members": state.members,
        "departed": state.departed,
        "leader_order_id": state.leader_order_id,
        "closed_at": state.closed_at,
        "failure": state.failure,
        "virtual_count": state.virtual_count,
    }
    fields.update(changes)
    return _GROUP(
        group_id=state.group_id,
        campaign_id=state.campaign_id,
        status=status,
        opened_at=state.opened_at,
        deadline=state.deadline,
        version=state.version + 1,
        updated_at=at,
        **fields,
    )
