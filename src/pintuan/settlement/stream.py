"""Settling many groups: a lazy stream that spends a shared reward budget fairly.

:func:`settle_groups` settles one group at a time. Each group's settlement
ignores the others, except for a reward budget, which closed groups spend
first come, first served in :func:`budget_order`, so the result never depends
on the order the groups are given in: settling the same groups in any order
gives the same result.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Sequence
from datetime import datetime

from pintuan import _validators as v
from pintuan._time import utc
from pintuan.campaign import Campaign
from pintuan.errors import InvalidValue
from pintuan.lifecycle import Group, GroupStatus
from pintuan.money import Money
from pintuan.settlement.settle import GroupSettlement, settle_group

__all__ = ["budget_order", "settle_groups"]


def budget_order(group: Group) -> tuple[datetime, str]:
    """The order in which groups spend a shared reward budget.

    Rewards are earned when a group closes, so the budget goes first come,
    first served by closing (or latest-event) instant, in UTC so that DST does
    not reorder groups, then group id. Only closed groups spend the budget.

    Raises:
        InvalidValue: ``group`` is not a Group.
    """
    v.require("group", group, Group)
    return (utc(group.closed_at or group.updated_at), group.group_id)


def _in_budget_order(groups: Iterable[Group]) -> Iterator[Group]:
    if isinstance(groups, Sequence):
        yield from sorted(groups, key=budget_order)
        return
    last: tuple[datetime, str] | None = None
    for group in groups:
        if group.status is GroupStatus.CLOSED:
            key = budget_order(group)
            if key == last:
                raise _repeated(group.group_id)
            if last is not None and key < last:
                raise InvalidValue(
                    "groups",
                    group.group_id,
                    f"closed at {key[0].isoformat()}, after group {last[1]} closed at "
                    f"{last[0].isoformat()}: with a reward budget a stream of groups must come "
                    "in budget order (closing time, then group id); pass a list to have it sorted",
                )
            last = key
        yield group


def settle_groups(
    campaign: Campaign,
    groups: Iterable[Group],
    *,
    seed: bytes | None = None,
    winners: Collection[str] | None = None,
    budget_left: Money | None = None,
) -> Iterator[GroupSettlement]:
    """Settle groups lazily, one group in memory at a time.

    Each group's settlement ignores the others, except for a reward budget
    (``campaign.rewards.budget``), which closed groups spend first come, first
    served in :func:`budget_order` (closing time, then group id), so the
    result never depends on the order the groups are given in:

    * without a budget, settlements come in the order of ``groups``;
    * with one, a list or tuple is settled (and yielded) in budget order; any
      other iterable is streamed and must already be in budget order for its
      closed groups (others may come anywhere).

    ``budget_left`` defaults to the plan's whole budget. A group id may come
    only once: a group given twice would be paid, and spend the budget, twice.
    A list or tuple is checked for that in full; a stream, which is never held
    in memory, for a group repeated straight after itself and, with a budget,
    for a closed group repeated anywhere (budget order makes that a repeat of
    the last closed group).

    Raises:
        InvalidValue: ``groups`` is not an iterable of groups; a group id
            repeats; with a budget, a streamed closed group out of budget
            order. A list or tuple is checked before anything is settled; a
            stream when the bad group is reached (earlier settlements stand).
    """
    v.require("campaign", campaign, Campaign)
    in_memory = isinstance(groups, Sequence)
    checked: Iterable[Group] = _each_once(v.each("groups", groups, Group), remember=in_memory)
    if in_memory:
        checked = tuple(checked)  # all checked before anything is settled
    rewards = campaign.rewards
    if rewards is not None and rewards.budget is not None:
        checked = _in_budget_order(checked)
        if budget_left is None:
            budget_left = rewards.budget
    return _settle_each(campaign, checked, seed, winners, budget_left)


def _each_once(groups: Iterable[Group], *, remember: bool) -> Iterator[Group]:
    """The groups, none with the id of the one before it (nor, if ``remember``, of any)."""
    seen: set[str] = set()
    last = None
    for group in groups:
        gid = group.group_id
        if gid == last or gid in seen:
            raise _repeated(gid)
        if remember:
            seen.add(gid)
        last = gid
        yield group


def _repeated(group_id: str) -> InvalidValue:
    return InvalidValue(
        "groups", group_id, "a group id comes more than once; each group is settled once"
    )


def _settle_each(
    campaign: Campaign,
    groups: Iterable[Group],
    seed: bytes | None,
    winners: Collection[str] | None,
    budget_left: Money | None,
) -> Iterator[GroupSettlement]:
    for group in groups:
        settlement = settle_group(
            campaign, group, seed=seed, winners=winners, budget_left=budget_left
        )
        budget_left = settlement.budget_left
        yield settlement
