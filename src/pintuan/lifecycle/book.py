"""The campaign book: the campaign-wide facts a decision needs, as an immutable value.

:func:`pintuan.decide` looks at one group; a few of its rules look further
(:class:`~pintuan.lifecycle.commands.DecisionContext`): how many groups the user
has opened and joined, how much stock is left, whether an order id is used
elsewhere, whether the user is new, which other group has a seat. A
:class:`CampaignBook` keeps those facts and every group's latest state, and
says which groups are due for expiry:

    >>> book = CampaignBook.start(campaign)            # doctest: +SKIP
    >>> events = book.decide(command)                  # doctest: +SKIP
    >>> book = book.record(events)                     # doctest: +SKIP
    >>> for expire in book.due(now):                   # doctest: +SKIP
    ...     book = book.record(book.decide(expire))

A book never changes: :meth:`CampaignBook.record` returns a new book and every
older one stays valid. Recording an event costs O(log groups) (persistent
maps and sorted sets share all but the path they change), never a scan of the
campaign.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import get_args

import attrs

from pintuan import _validators as v
from pintuan._persistent import PMap, PSortedSet
from pintuan._time import require_aware, utc
from pintuan.campaign import Campaign, FullGroupPolicy
from pintuan.errors import InvalidValue
from pintuan.lifecycle._eligibility import has_seat, is_full
from pintuan.lifecycle._retire import forgotten, slim
from pintuan.lifecycle._seats import SeatIndex
from pintuan.lifecycle.commands import Command, DecisionContext, ExpireGroup, JoinGroup, OpenGroup
from pintuan.lifecycle.decider import decide
from pintuan.lifecycle.events import Event, GroupFailed, GroupOpened, MemberJoined, MemberLeft
from pintuan.lifecycle.group import Group, evolve

__all__ = ["CampaignBook"]


_Key = tuple[int, str]  # (opening number, group id)
_Due = tuple[datetime, str]  # (deadline in UTC, group id)


@attrs.frozen(kw_only=True, eq=False, repr=False)
class CampaignBook:
    """Every group of a campaign and the campaign-wide facts, as of the events recorded.

    Build one with :meth:`start`. Attributes other than ``campaign``,
    ``returning_users`` and ``stock_taken`` are internal.

    Attributes:
        campaign: The campaign.
        returning_users: Users who bought before (everyone else is new).
        stock_taken: Units held by orders in groups that have not failed.
    """

    campaign: Campaign
    returning_users: frozenset[str]
    stock_taken: int = 0
    _groups: PMap[Group] = attrs.field(factory=PMap)
    _numbers: PMap[int] = attrs.field(factory=PMap)
    _opened: PSortedSet[_Key] = attrs.field(factory=PSortedSet)
    _with_seat: SeatIndex = attrs.field(factory=SeatIndex)
    _deadlines: PSortedSet[_Due] = attrs.field(factory=PSortedSet)
    _count: int = 0  # groups ever opened: the next opening number
    _orders: PMap[str] = attrs.field(factory=PMap)
    _joins: PMap[int] | None = attrs.field(factory=PMap)  # None: not kept (no limit reads it)
    _opens: PMap[int] | None = attrs.field(factory=PMap)

    @classmethod
    def start(cls, campaign: Campaign, *, returning_users: Iterable[str] = ()) -> CampaignBook:
        """An empty book for ``campaign``.

        Raises:
            InvalidValue: ``campaign`` is not a Campaign, or a returning user
                is not a non-empty string.
        """
        if not isinstance(campaign, Campaign):
            raise InvalidValue("campaign", campaign, "must be a pintuan Campaign")
        if isinstance(returning_users, str):
            raise InvalidValue("returning_users", returning_users, "must be user ids, not a str")
        users = frozenset(returning_users)
        for user in users:
            if not isinstance(user, str) or not user:
                raise InvalidValue("returning_users", user, "must hold non-empty user ids")
        return cls(campaign=campaign, returning_users=users)

    # --- reading --------------------------------------------------------------------

    def group(self, group_id: str) -> Group | None:
        """The latest state of a group, or ``None`` if it was never opened."""
        found: Group | None = self._groups.get(group_id)
        return found

    def groups(self) -> Iterator[Group]:
        """Every group, in the order they were opened."""
        for _, gid in self._opened:
            yield self._groups.get(gid)

    def groups_with_seat(self) -> Iterator[Group]:
        """The groups that can still take a member (open, not full), oldest first."""
        for _, gid in self._with_seat:
            yield self._groups.get(gid)

    def __len__(self) -> int:
        return len(self._groups)

    def group_of_order(self, order_id: str) -> str | None:
        """The group an order id was used in (members who left included), or ``None``."""
        found: str | None = self._orders.get(order_id)
        return found

    def context(self, command: Command) -> DecisionContext:
        """The campaign-wide facts :func:`pintuan.decide` needs for ``command``.

        Raises:
            InvalidValue: ``command`` is not a command.
        """
        v.require("command", command, *get_args(Command))
        if not isinstance(command, OpenGroup | JoinGroup):
            return DecisionContext()
        user, stock = command.user_id, self.campaign.stock
        target = self.group(command.group_id)
        redirect = (
            self.campaign.full_group_policy is FullGroupPolicy.REDIRECT
            and target is not None
            and is_full(self.campaign, target)
        )
        return DecisionContext(
            user_groups_joined=0 if self._joins is None else self._joins.get(user, 0),
            user_groups_opened=0 if self._opens is None else self._opens.get(user, 0),
            stock_left=None if stock is None else max(stock - self.stock_taken, 0),
            user_is_new=user not in self.returning_users,
            group_with_seat=self._group_with_seat(command) if redirect else None,
            order_id_taken=command.order_id in self._orders,
        )

    def decide(self, command: Command) -> tuple[Event, ...]:
        """Decide ``command`` against its group with this book's facts (records nothing).

        Raises:
            CommandRejected: As :func:`pintuan.decide`; the book is unchanged.
            InvalidValue: ``command`` is not a command.
        """
        v.require("command", command, *get_args(Command))
        return decide(self.campaign, self.group(command.group_id), command, self.context(command))

    def due(self, at: datetime) -> tuple[ExpireGroup, ...]:
        """The expiry of every group whose deadline is at or before ``at``, earliest first.

        Each command expires its group at the deadline itself (or at the
        group's latest event, if that came later), with ``expected_version``
        set, so two sweeps give the same commands and a sweep racing another
        writer is refused rather than applied twice. Groups already closed or
        failed are never due.

        Raises:
            NaiveDatetime: ``at`` has no time zone.
        """
        now = utc(require_aware("at", at))
        due: list[ExpireGroup] = []
        for deadline, gid in self._deadlines:
            if deadline > now:
                break
            group: Group = self._groups.get(gid)
            when = max(group.deadline, group.updated_at, key=utc)
            due.append(ExpireGroup(group_id=gid, at=when, expected_version=group.version))
        return tuple(due)

    def _group_with_seat(self, command: OpenGroup | JoinGroup) -> str | None:
        """The oldest other group with a seat, before its deadline, without the user."""
        user, own = command.user_id, command.group_id

        def taken(gid: str) -> bool:
            return gid == own or self._groups.get(gid).members.has_user(user)

        return self._with_seat.first(utc(command.at), taken)

    def retire(self, group_id: str, *, forget: bool = False) -> CampaignBook:
        """Return the book with a finished (closed or failed) group let go (for long replays).

        By default the book keeps the group's status and its orders' and
        users' ids, so every later decision about it (a refused join, a
        redirect, an order id used twice) comes out as before; :meth:`group`
        gives a slim copy whose members and departed hold only those ids.

        With ``forget=True`` the group is dropped without a trace (:meth:`group`
        and :meth:`group_of_order` give ``None``, ``len`` and :meth:`groups`
        leave it out; the stock its orders took stays taken), and from then on
        the book keeps only the per-user counts the campaign limits
        (``limits.max_groups_opened``, ``max_groups_joined``; one it does not
        limit, which no decision reads, is 0 in :meth:`context`). Decisions
        come out as before as long as no later command names the group or
        uses one of its order ids: such a command is decided as if the group
        had never been (a join refused as for an unknown group; an open of its
        id, or a reused order id, accepted).

        Settle the group before retiring it. A group in flight, or one never
        opened, is left as it is.

        Raises:
            InvalidValue: ``group_id`` is not a string, or ``forget`` not a bool.
        """
        v.require("group_id", group_id, str)
        v.require("forget", forget, bool)
        group = self.group(group_id)
        if group is None or not group.status.terminal:
            return self
        if forget:
            return forgotten(self, group)
        return attrs.evolve(self, groups=self._groups.set(group_id, slim(group)))

    # --- recording ------------------------------------------------------------------

    def record(self, events: Iterable[Event]) -> CampaignBook:
        """Return the book with ``events`` applied, in order.

        Raises:
            InvalidValue: ``events`` is not an iterable of events, an event
                that cannot follow the book (see
                :func:`pintuan.evolve`), a group opened twice or for another
                campaign, an event for a group never opened, or an order id
                already used in another group. Nothing is recorded then: this
                book is unchanged, as always.
        """
        book = self
        for event in v.each("events", events, *get_args(Event)):
            book = book._recorded(event)
        return book

    def _recorded(self, event: Event) -> CampaignBook:
        before = self.group(event.group_id)
        if isinstance(event, GroupOpened):
            if before is not None:
                raise InvalidValue("event.group_id", event.group_id, "is already open")
            if event.campaign_id != self.campaign.campaign_id:
                raise InvalidValue(
                    "event.campaign_id",
                    event.campaign_id,
                    f"is not campaign {self.campaign.campaign_id}",
                )
        elif before is None:
            raise InvalidValue("event.group_id", event.group_id, "no such group has been opened")
        after = evolve(before, event)
        changes: dict[str, object] = {"stock_taken": self.stock_taken}
        if isinstance(event, GroupOpened | MemberJoined):
            order = event.leader if isinstance(event, GroupOpened) else event.order
            used = self._orders.get(order.order_id)
            if used is not None:
                raise InvalidValue(
                    "event.order.order_id", order.order_id, f"is already used in group {used}"
                )
            changes["orders"] = self._orders.set(order.order_id, event.group_id)
            counts, name = (
                (self._opens, "opens") if isinstance(event, GroupOpened) else (self._joins, "joins")
            )
            if counts is not None:
                changes[name] = counts.set(order.user_id, counts.get(order.user_id, 0) + 1)
            changes["stock_taken"] = self.stock_taken + order.quantity
        elif isinstance(event, MemberLeft) and before is not None:
            gone = before.members.get(event.order_id)
            assert gone is not None  # evolve refused a MemberLeft of a non-member
            changes["stock_taken"] = self.stock_taken - gone.quantity
        elif isinstance(event, GroupFailed) and before is not None:
            changes["stock_taken"] = self.stock_taken - sum(o.quantity for o in before.members)
        return self._stored(after, changes)

    def _stored(self, group: Group, changes: dict[str, object]) -> CampaignBook:
        gid = group.group_id
        number = self._numbers.get(gid)
        numbers, opened, count = self._numbers, self._opened, self._count
        if number is None:
            number, count = count, count + 1
            numbers, opened = numbers.set(gid, number), opened.add((number, gid))
        key, due = (number, gid), (utc(group.deadline), gid)
        seats = self._with_seat
        seats = seats.add(key, due[0]) if has_seat(self.campaign, group) else seats.remove(key)
        deadlines = self._deadlines
        deadlines = deadlines.remove(due) if group.status.terminal else deadlines.add(due)
        return attrs.evolve(
            self,
            groups=self._groups.set(gid, group),
            numbers=numbers,
            opened=opened,
            count=count,
            with_seat=seats,
            deadlines=deadlines,
            **changes,  # type: ignore[arg-type]
        )
