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

Per-user counts include groups the user later left or that failed. Stock is
taken when an order is placed and given back when the order leaves or its
group fails. Order ids are unique across the campaign: an id used in one group
(even by an order that left) is refused in another.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import attrs

from pintuan.campaign import Campaign
from pintuan.draw import DrawRecord, commitment
from pintuan.errors import CommandRejected
from pintuan.lifecycle import CampaignBook, Command, Event, ExpireGroup, Group
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


def _sweep(book: CampaignBook, command: Command) -> tuple[ExpireGroup, ...]:
    """The expiries due by ``command``'s instant, except for the command's own group.

    The command's own group is left to the command: an explicit expiry or close
    keeps its meaning, and a late join is refused as past the deadline.
    """
    return tuple(e for e in book.due(command.at) if e.group_id != command.group_id)


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
    rejections: list[tuple[Command, CommandRejected]] = []
    for command in commands:
        pending: list[Command] = [*_sweep(book, command), command]
        while pending:
            current = pending.pop(0)
            try:
                new_events = book.decide(current)
            except CommandRejected as rejection:
                rejections.append((current, rejection))
                if rejection.follow_up is not None:
                    pending.insert(0, rejection.follow_up)
                continue
            book = book.record(new_events)
            events.extend(new_events)
    if until is not None:
        for expire in book.due(until):
            expired = book.decide(expire)
            book = book.record(expired)
            events.extend(expired)
    groups = tuple(book.groups())
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
