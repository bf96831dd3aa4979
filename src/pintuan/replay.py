"""Replaying a command log against a campaign, in memory.

:func:`replay` is what a small service or a notebook needs to simulate a
campaign: it keeps a :class:`~pintuan.lifecycle.book.CampaignBook` (the
campaign-wide facts :func:`pintuan.decide` needs), expires every group whose
deadline has passed before each command (so a log needs no ``ExpireGroup``
commands, though explicit ones still work), runs each command, follows the
follow-up of a join refused because the group is full (redirect or open a new
group), and settles every group at the end. It is pure: the same log gives the
same result.

Settlement follows the campaign: a draw in each group as it closes uses
``group_seed(seed, group_id)``; a campaign-end draw runs once over every
closed group, then each group is settled with its winners; a reward budget
is spent in :func:`pintuan.budget_order` (closing time, then group id).

:func:`replay` keeps everything (every group, event and settlement), which
is what a small log needs. For a long one, :func:`replay_stream` yields each
group's settlement as the group finishes and then lets its orders go, so
memory grows with the groups in flight (plus the ids the campaign-wide rules
need: every order id, each user's counts), not with the whole campaign. With
``forget_settled=True`` (the caller vouching that no later command names a
settled group or reuses its order ids) it drops a settled group whole, so
memory is O(groups in flight), plus each user's counts if the campaign
limits the groups a user may open or join.

Per-user counts include groups the user later left or that failed. Stock is
taken when an order is placed and given back when the order leaves or its
group fails. Order ids are unique across the campaign: an id used in one group
(even by an order that left) is refused in another.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from datetime import datetime

import attrs

from pintuan import _validators as v
from pintuan.campaign import Campaign
from pintuan.draw import DrawRecord, commitment
from pintuan.errors import CommandRejected
from pintuan.lifecycle import (
    CampaignBook,
    Command,
    Event,
    ExpireGroup,
    Group,
    GroupClosed,
    GroupFailed,
)
from pintuan.lottery import DrawMode, campaign_end_record
from pintuan.settlement import GroupSettlement, settle_group, settle_groups

__all__ = ["ReplayResult", "replay", "replay_stream"]

Rejected = tuple[Command, CommandRejected]


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


def _sweep(book: CampaignBook, command: Command) -> tuple[ExpireGroup, ...]:
    """The expiries due by ``command``'s instant, except for the command's own group.

    The command's own group is left to the command: an explicit expiry or close
    keeps its meaning, and a late join is refused as past the deadline.
    """
    return tuple(e for e in book.due(command.at) if e.group_id != command.group_id)


def _apply(
    book: CampaignBook, command: Command, events: list[Event], rejections: list[Rejected]
) -> CampaignBook:
    """Run one command (after the expiries due by then); collect what happened."""
    pending: list[Command] = [*_sweep(book, command), command]
    while pending:
        current = pending.pop(0)
        try:
            new_events = book.decide(current)
        except CommandRejected as rejection:
            # Kept without its traceback, whose frames would pin the books of
            # the time (and make a reference cycle for the collector).
            rejections.append((current, rejection.with_traceback(None)))
            if rejection.follow_up is not None:
                pending.insert(0, rejection.follow_up)
            continue
        book = book.record(new_events)
        events.extend(new_events)
    return book


def _expire_due(book: CampaignBook, until: datetime, events: list[Event]) -> CampaignBook:
    for expire in book.due(until):
        expired = book.decide(expire)
        book = book.record(expired)
        events.extend(expired)
    return book


def _campaign_draw(
    campaign: Campaign, groups: Iterable[Group], seed: bytes | None
) -> DrawRecord | None:
    policy = campaign.draw
    if policy is not None and policy.mode is DrawMode.AT_CAMPAIGN_END and seed is not None:
        return campaign_end_record(campaign, groups, seed, reserves=0)
    return None


def replay(
    campaign: Campaign,
    commands: Iterable[Command],
    *,
    returning_users: Iterable[str] = (),
    seed: bytes | None = None,
    until: datetime | None = None,
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
        until: If given, every group still due by this instant is expired
            after the log (the end of a simulation, say).

    Raises:
        InvalidValue: A closed group of a campaign that draws as each group
            succeeds, and no ``seed``.
        DrawError: A seed shorter than 16 bytes.
        NaiveDatetime: ``until`` has no time zone.
    """
    book = CampaignBook.start(campaign, returning_users=returning_users)
    events: list[Event] = []
    rejections: list[Rejected] = []
    for command in commands:
        book = _apply(book, command, events, rejections)
    if until is not None:
        book = _expire_due(book, until, events)
    groups = tuple(book.groups())
    record = _campaign_draw(campaign, groups, seed)
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


def replay_stream(
    campaign: Campaign,
    commands: Iterable[Command],
    *,
    returning_users: Iterable[str] = (),
    seed: bytes | None = None,
    until: datetime | None = None,
    forget_settled: bool = False,
) -> Iterator[GroupSettlement | Rejected | DrawRecord]:
    """Run ``commands`` as :func:`replay` does, yielding results as they become final.

    Yields each refused command as a ``(command, rejection)`` pair when it is
    refused, and each group's :class:`~pintuan.settlement.GroupSettlement` as
    soon as the group has closed or failed; after the log, the settlements of
    the groups still in flight. Nothing is kept: once settled, a group's
    orders are let go (:meth:`CampaignBook.retire`) and no event is stored, so
    memory grows with the groups in flight, not with the campaign, except for
    what later decisions need (a slim copy of each settled group, every order
    id, each user's counts). Each settlement equals the one :func:`replay`
    gives for the group.

    With ``forget_settled=True`` the caller vouches that no later command
    names a settled group or uses one of its order ids (a log whose ids are
    fresh, say), and a settled group is dropped whole
    (:meth:`CampaignBook.retire` with ``forget=True``): memory is then
    O(groups in flight), plus, if the campaign limits the groups a user may
    open or join (``limits.max_groups_opened``, ``max_groups_joined``), that
    count for every user (O(users)). On a log that keeps the promise the
    results are those without it. On one that breaks it they may differ: a
    command naming a settled group is decided as if the group had never been
    (a join refused as for an unknown group, an open of its id accepted), and
    an order id of a settled group is accepted again instead of refused.

    A campaign that draws at its end, or spends a reward budget, cannot
    settle a group before the others: its groups are kept and settled after
    the log, as :func:`replay` settles them, the campaign-end
    :class:`~pintuan.draw.DrawRecord` (if any) yielded first
    (``forget_settled`` changes nothing there).

    Raises:
        InvalidValue: A closed group of a campaign that draws as each group
            succeeds, and no ``seed`` (raised when the group closes);
            ``forget_settled`` is not a bool.
        DrawError: A seed shorter than 16 bytes.
        NaiveDatetime: ``until`` has no time zone.
    """
    v.require("forget_settled", forget_settled, bool)
    if seed is not None:
        commitment(seed)  # a short seed is refused before anything runs
    policy, rewards = campaign.draw, campaign.rewards
    hold = (policy is not None and policy.mode is DrawMode.AT_CAMPAIGN_END) or (
        rewards is not None and rewards.budget is not None
    )
    book = CampaignBook.start(campaign, returning_users=returning_users)
    tail: tuple[None, ...] = () if until is None else (None,)
    for command in itertools.chain(commands, tail):
        events: list[Event] = []
        rejections: list[Rejected] = []
        if command is None:
            assert until is not None
            book = _expire_due(book, until, events)
        else:
            book = _apply(book, command, events, rejections)
        yield from rejections
        if hold:
            continue
        for event in events:
            if isinstance(event, GroupClosed | GroupFailed):
                group = book.group(event.group_id)
                assert group is not None
                yield settle_group(campaign, group, seed=seed)
                book = book.retire(event.group_id, forget=forget_settled)
    if hold:
        groups = tuple(book.groups())
        record = _campaign_draw(campaign, groups, seed)
        if record is not None:
            yield record
        winners = None if record is None else record.winners
        yield from settle_groups(campaign, groups, seed=seed, winners=winners)
    else:
        in_flight = [g for g in book.groups() if not g.status.terminal]
        yield from settle_groups(campaign, in_flight, seed=seed)
