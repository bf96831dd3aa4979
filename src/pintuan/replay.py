"""Replaying a command log against a campaign, in memory.

:func:`replay` is what a small service or a notebook needs to simulate a
campaign: it keeps the campaign-wide facts that :func:`pintuan.decide` takes as
its :class:`~pintuan.commands.DecisionContext` (per-user counts, stock left,
which groups have a free seat), runs each command, follows the follow-up of a
join refused because the group is full (redirect or open a new group), and
settles every group at the end. It is pure: the same log gives the same result.

Settlement follows the campaign: a draw in each group as it closes uses
``group_seed(seed, group_id)``; a campaign-end draw runs once over every
closed group, then each group is settled with its winners; a reward budget
is spent in :func:`pintuan.budget_order` (closing time, then group id).

Per-user counts include groups the user later left or that failed. Stock is
taken when an order is placed and given back when the order leaves or its
group fails. Order ids are unique across the campaign: an id used in one group
(even by an order that left) is refused in another.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from pintuan._time import utc
from pintuan.campaign import Campaign, FullGroupPolicy
from pintuan.draw import DrawRecord, commitment
from pintuan.errors import CommandRejected
from pintuan.lifecycle import (
    Command,
    DecisionContext,
    Event,
    Group,
    GroupFailed,
    GroupOpened,
    JoinGroup,
    MemberJoined,
    MemberLeft,
    OpenGroup,
    decide,
    evolve,
    has_seat,
    is_full,
)
from pintuan.lottery import DrawMode, campaign_end_record
from pintuan.settlement import GroupSettlement, settle_groups

__all__ = ["ReplayResult", "replay"]


@attrs.frozen(kw_only=True)
class ReplayResult:
    """What replaying a log produced.

    Attributes:
        groups: Every group, in the order they were opened.
        events: Every event, in order.
        rejections: Each refused command with the rejection it got.
        settlements: The settlement of every group, in the order of ``groups``.
        seed_commitment: SHA-256 (hex) of the campaign's draw seed, if one was
            given: what the operator published before the campaign.
        campaign_draw: The record of a campaign-end (mode 1) draw (winners in
            rank order, commitment, pool digest), which ``pintuan verify``
            checks; ``None`` when the campaign has no such draw or no seed.
    """

    groups: tuple[Group, ...]
    events: tuple[Event, ...]
    rejections: tuple[tuple[Command, CommandRejected], ...]
    settlements: tuple[GroupSettlement, ...]
    seed_commitment: str | None = None
    campaign_draw: DrawRecord | None = None

    @property
    def campaign_winners(self) -> tuple[str, ...] | None:
        """The winners of the campaign-end draw, in rank order, if there was one."""
        return None if self.campaign_draw is None else self.campaign_draw.winners


class _Books:
    """The campaign-wide facts a decision needs, kept while replaying.

    Every fact is kept up to date as events are recorded, so building a
    command's context costs O(1), except the search for a group
    with a free seat. That runs only when a join finds its group full under the
    redirect policy, over the groups not yet closed or failed that have a seat:
    groups past their deadline stay on that list until they are expired, so a
    log should expire groups when they are due.
    """

    def __init__(self, campaign: Campaign, returning_users: Iterable[str]) -> None:
        self.campaign = campaign
        self.returning = frozenset(returning_users)
        self.groups: dict[str, Group] = {}
        self.with_seat: dict[str, None] = {}  # open groups with a free seat, oldest first
        self.order_ids: set[str] = set()
        self.joined: dict[str, int] = {}
        self.opened: dict[str, int] = {}
        self.stock_taken = 0

    def context(self, command: Command) -> DecisionContext:
        if not isinstance(command, OpenGroup | JoinGroup):
            return DecisionContext()
        user = command.user_id
        stock = self.campaign.stock
        target = self.groups.get(command.group_id)
        return DecisionContext(
            user_groups_joined=self.joined.get(user, 0),
            user_groups_opened=self.opened.get(user, 0),
            stock_left=None if stock is None else max(stock - self.stock_taken, 0),
            user_is_new=user not in self.returning,
            group_with_seat=self._group_with_seat(command) if self._full(target) else None,
            order_id_taken=command.order_id in self.order_ids,
        )

    def _full(self, group: Group | None) -> bool:
        return (
            self.campaign.full_group_policy is FullGroupPolicy.REDIRECT
            and group is not None
            and is_full(self.campaign, group)
        )

    def _group_with_seat(self, command: OpenGroup | JoinGroup) -> str | None:
        for gid in self.with_seat:
            group = self.groups[gid]
            if (
                gid != command.group_id
                and utc(command.at) < utc(group.deadline)
                and not group.members.has_user(command.user_id)
            ):
                return gid
        return None

    def record(self, before: Group | None, event: Event) -> None:
        if isinstance(event, GroupOpened):
            self._count(self.opened, event.leader.user_id)
            self.order_ids.add(event.leader.order_id)
            self.stock_taken += event.leader.quantity
        elif isinstance(event, MemberJoined):
            self._count(self.joined, event.order.user_id)
            self.order_ids.add(event.order.order_id)
            self.stock_taken += event.order.quantity
        elif isinstance(event, MemberLeft) and before is not None:
            gone = next(o for o in before.members if o.order_id == event.order_id)
            self.stock_taken -= gone.quantity
        elif isinstance(event, GroupFailed) and before is not None:
            self.stock_taken -= sum(o.quantity for o in before.members)

    def store(self, group: Group) -> None:
        """Keep the group's new state, and whether it still has a free seat."""
        gid = group.group_id
        self.groups[gid] = group
        if has_seat(self.campaign, group):
            self.with_seat.setdefault(gid, None)
        else:
            self.with_seat.pop(gid, None)

    @staticmethod
    def _count(counts: dict[str, int], user: str) -> None:
        counts[user] = counts.get(user, 0) + 1


def replay(
    campaign: Campaign,
    commands: Iterable[Command],
    *,
    returning_users: Iterable[str] = (),
    seed: bytes | None = None,
) -> ReplayResult:
    """Run ``commands`` in order against ``campaign`` and settle every group.

    Args:
        campaign: The campaign.
        commands: The command log, in the order the commands happened.
        returning_users: Users who have bought before (for new-user campaigns);
            everyone else counts as new.
        seed: The campaign's draw seed (at least 16 bytes); needed to settle
            the closed groups of a lottery or pinshang campaign. Without it a
            campaign-end draw does not happen and its groups stay waiting.

    Raises:
        InvalidValue: A closed group of a campaign that draws as each group
            succeeds, and no ``seed``.
        DrawError: A seed shorter than 16 bytes.
    """
    books = _Books(campaign, returning_users)
    events: list[Event] = []
    rejections: list[tuple[Command, CommandRejected]] = []
    for command in commands:
        pending: Command | None = command
        while pending is not None:
            current, pending = pending, None
            group = books.groups.get(current.group_id)
            try:
                new_events = decide(campaign, group, current, books.context(current))
            except CommandRejected as rejection:
                rejections.append((current, rejection))
                pending = rejection.follow_up
                continue
            for event in new_events:
                books.record(group, event)
                group = evolve(group, event)
            assert group is not None
            books.store(group)
            events.extend(new_events)
    groups = tuple(books.groups.values())
    policy = campaign.draw
    record: DrawRecord | None = None
    if policy is not None and policy.mode is DrawMode.AT_CAMPAIGN_END and seed is not None:
        record = campaign_end_record(campaign, groups, seed, reserves=0)
    winners = None if record is None else record.winners
    settled = settle_groups(campaign, groups, seed=seed, winners=winners)
    by_id = {settlement.group_id: settlement for settlement in settled}
    return ReplayResult(
        groups=groups,
        events=tuple(events),
        rejections=tuple(rejections),
        settlements=tuple(by_id[g.group_id] for g in groups),
        seed_commitment=None if seed is None else commitment(seed),
        campaign_draw=record,
    )
