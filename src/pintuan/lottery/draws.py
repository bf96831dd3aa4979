"""The draws of a lottery or pinshang campaign, on draw protocol v1.

A campaign that draws when each group succeeds (mode 2) draws every closed
group with :func:`draw_group`, seeded with ``group_seed(seed, group_id)``. A
campaign that draws at its end (mode 1) draws once over the real orders of all
its closed groups: :func:`draw_at_campaign_end` gives the winners in memory
O(prizes), :func:`campaign_end_record` the publishable record. Virtual members
(模拟成团 seats) never pay, so they never enter a draw.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from pintuan.draw import DrawRecord, draw, group_seed, select_winners_streaming
from pintuan.errors import ConfigurationError, DrawError, InvalidValue
from pintuan.lottery.policy import DrawMode, DrawPolicy

if TYPE_CHECKING:  # types only: campaigns and groups are built on this module
    from pintuan.campaign import Campaign
    from pintuan.lifecycle import Group

__all__ = ["campaign_end_record", "campaign_entries", "draw_at_campaign_end", "draw_group"]

_MISSING: Any = object()


def draw_group(
    policy: DrawPolicy, campaign_seed: bytes, group_id: str, order_ids: Iterable[str]
) -> DrawRecord:
    """Draw one succeeded group's winners (mode 2) and return the record.

    The group's seed is ``group_seed(campaign_seed, group_id)``, so the
    record's ``commitment`` is that of the group seed; an auditor recomputes
    it from the published campaign seed and the group id. ``policy.prizes``
    orders win (all of them if the group has fewer); every other order is
    kept as a reserve, in rank order. Leave virtual members out.

    Raises:
        ConfigurationError: The policy is not a mode-2 policy.
        DrawError: A bad seed, group id or order id (duplicate or empty).
    """
    if not isinstance(policy, DrawPolicy):
        raise DrawError("policy", policy, "must be a DrawPolicy")
    if policy.mode is not DrawMode.AT_GROUP_SUCCESS:
        raise ConfigurationError(
            "mode", policy.mode, "a group draw needs at_group_success; see draw_at_campaign_end"
        )
    return draw(group_seed(campaign_seed, group_id), order_ids, policy.prizes)


def campaign_entries(groups: Iterable[Group]) -> Iterator[str]:
    """The entries of a campaign-end draw: real orders of closed (successful) groups.

    Raises:
        InvalidValue: ``groups`` is not an iterable of groups.
    """
    if not isinstance(groups, Iterable) or isinstance(groups, str | bytes):
        raise InvalidValue("groups", groups, "must be an iterable of Group")
    return (
        order.order_id
        for group in groups
        if _is_group(group) and group.status.successful and group.status.terminal
        for order in group.members
        if not order.virtual
    )


def _is_group(group: Group) -> bool:
    # Groups are built on this module, so they are known by their status here.
    if not hasattr(group, "status") or not hasattr(group, "members"):
        raise InvalidValue("groups", group, "must hold Group values only")
    return True


def _campaign_end_policy(campaign: Campaign) -> DrawPolicy:
    # Campaigns are built on this module, so they are known by their draw here.
    policy: DrawPolicy | None = getattr(campaign, "draw", _MISSING)
    if policy is _MISSING:
        raise InvalidValue("campaign", campaign, "must be a Campaign")
    if policy is None or policy.mode is not DrawMode.AT_CAMPAIGN_END:
        raise ConfigurationError(
            "campaign.draw", None if policy is None else policy.mode.value,
            "needs a draw at the campaign's end",
        )  # fmt: skip
    return policy


def draw_at_campaign_end(
    campaign: Campaign, groups: Iterable[Group], seed: bytes
) -> tuple[str, ...]:
    """Draw the winners of a campaign-end (mode 1) lottery over all its groups.

    The entries are the real orders of every closed, successful group; the
    groups are streamed and memory stays O(number of prizes). The result
    equals ``select_winners(seed, entries, prizes)``; pass it to
    :func:`pintuan.settle_group` or :func:`pintuan.settle_groups` as
    ``winners``.

    Raises:
        ConfigurationError: The campaign has no campaign-end draw.
        DrawError: A bad seed, or an order id used twice.
    """
    policy = _campaign_end_policy(campaign)
    return select_winners_streaming(seed, campaign_entries(groups), policy.prizes)


def campaign_end_record(
    campaign: Campaign, groups: Iterable[Group], seed: bytes, *, reserves: int | None = None
) -> DrawRecord:
    """The publishable record of a campaign-end (mode 1) draw, for auditors.

    Its winners are those of :func:`draw_at_campaign_end` over the same
    groups; it adds the commitment, the pool digest and the reserves, so
    anyone can check it with :func:`pintuan.verify` (or ``pintuan verify``)
    from the seed and the list of entries. The pool digest needs every entry
    at once, so this costs memory O(entries), unlike the draw itself.

    Args:
        campaign: A campaign whose draw happens at its end.
        groups: All its groups, in any order.
        seed: The draw seed (at least 16 bytes).
        reserves: How many reserves to rank after the winners (``None``: all).

    Raises:
        ConfigurationError: The campaign has no campaign-end draw.
        DrawError: A bad seed, or an order id used twice.
    """
    policy = _campaign_end_policy(campaign)
    return draw(seed, campaign_entries(groups), policy.prizes, reserves=reserves)
