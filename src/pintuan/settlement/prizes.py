"""Settling the members of a closed lottery or pinshang group once its draw is known."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from types import MappingProxyType
from typing import NamedTuple

import attrs

from pintuan.campaign import Campaign
from pintuan.draw import DrawRecord
from pintuan.errors import InvalidValue
from pintuan.lifecycle import Group
from pintuan.lottery import DrawMode, DrawPolicy, Prize, draw_group
from pintuan.money import Money
from pintuan.settlement._builder import Builder
from pintuan.settlement._member import draw_member
from pintuan.settlement.effects import RewardKind
from pintuan.settlement.payout import CashPrize
from pintuan.settlement.statements import Outcome

__all__ = ["DrawOutcome", "settle_draw"]


@attrs.frozen(kw_only=True)
class DrawOutcome:
    """What a group's draw decided, for the rewards that follow it.

    Attributes:
        record: The group's draw record (mode 2), or ``None`` (mode 1: the
            campaign's record covers every group).
        refunded: What the draw refunded, per order id (only where the
            campaign has a reward plan, the one reader: else empty).
        losers: The orders that did not win.
        cash_prizes: The cash prizes, to pay from the promotion budget with
            the campaign's other rewards.
    """

    record: DrawRecord | None
    refunded: Mapping[str, Money]
    losers: frozenset[str]
    cash_prizes: tuple[CashPrize, ...]


def settle_draw(
    out: Builder,
    campaign: Campaign,
    policy: DrawPolicy,
    group: Group,
    *,
    seed: bytes | None,
    winners: Collection[str] | None,
) -> DrawOutcome | None:
    """Emit every member's prize and return what the draw decided.

    Returns ``None``, emitting nothing, when the draw cannot happen yet: a
    campaign-end (mode 1) draw before its winners are known.

    Raises:
        InvalidValue: A mode-2 draw without a seed, or bad campaign-end winners.
    """
    record = None
    if policy.mode is DrawMode.AT_GROUP_SUCCESS:
        if seed is None:
            raise InvalidValue(
                "seed", None, "settling a closed lottery group needs the campaign's draw seed"
            )
        real = _real_ids(group)
        record = draw_group(policy, seed, group.group_id, real)
        won: Collection[str] = frozenset(record.winners)
    elif winners is None:
        return None
    else:
        won = _checked_winners(winners, policy)
        real = _real_ids(group)
    # What the draw refunded is asked only by a reward plan (its net paid amounts).
    refunds_asked = campaign.rewards is not None
    refunded: dict[str, Money] = {}
    cash: list[CashPrize] = []
    sides = (_side(campaign, policy, False), _side(campaign, policy, True))  # by is_winner
    splits: dict[tuple[bool, int, str], tuple[Money, Money]] = {}
    last: tuple[Money, bool, tuple[Money, Money]] | None = None  # the split looked up last
    for order in group.members:
        if order.virtual:  # each order's role: virtual_count is not checked against it
            out.state(order, Outcome.VIRTUAL, "A virtual placeholder seat; it is never drawn.")
            continue
        is_winner = order.order_id in won
        prize, topic, shipped, stated, kind = sides[is_winner]
        paid = order.paid
        if last is not None and last[0] is paid and last[1] is is_winner:
            split = last[2]  # the members of a group mostly paid the same Money
        else:
            case = (is_winner, paid.amount, paid.currency)  # ints and strs hash in C
            found = splits.get(case)
            split = splits[case] = _split(prize, paid) if found is None else found
            last = (paid, is_winner, split)
        refund, keep = split
        if refunds_asked:
            refunded[order.order_id] = refund
        draw_member(out, order, refund, keep, shipped, stated, topic, prize.coupon, prize.points)
        if prize.cash_reward is not None:
            cash.append((order.order_id, order.user_id, prize.cash_reward, kind))
    return DrawOutcome(
        record=record,
        refunded=MappingProxyType(refunded),
        losers=frozenset(real).difference(won),
        cash_prizes=tuple(cash),
    )


_WON = (Outcome.WON, "The group succeeded and the order won the draw.")
_LOST = (Outcome.LOST, "The group succeeded and the order did not win the draw.")


class _Side(NamedTuple):
    """What every winner (or every loser) of one draw gets, read once per group."""

    prize: Prize
    topic: str | None  # the notice's topic, if the policy notifies
    shipped: str | None  # the product shipped, if the prize ships it
    stated: tuple[Outcome, str]
    kind: RewardKind  # the kind of its cash reward, if any


def _side(campaign: Campaign, policy: DrawPolicy, won: bool) -> _Side:
    prize = policy.winner if won else policy.loser  # prize_for, without its checks
    return _Side(
        prize=prize,
        topic=("draw_won" if won else "draw_lost") if policy.notify else None,
        shipped=campaign.product_id if prize.ship else None,
        stated=_WON if won else _LOST,
        kind=RewardKind.PRIZE if won else RewardKind.PARTICIPATION,
    )


def _real_ids(group: Group) -> list[str]:
    """The order ids of the group's real (not virtual) members, in joining order."""
    return [order.order_id for order in group.members if not order.virtual]


def _split(prize: Prize, paid: Money) -> tuple[Money, Money]:
    """What the prize refunds of ``paid``, and what the merchant keeps."""
    refund = prize.refund_for(paid)
    return refund, paid - refund


# The last campaign-end winners checked and the set they gave. Settling a
# campaign's groups one by one with the same winners (an immutable tuple or
# frozenset: the very object) then checks them once per campaign, not once per
# group. A cache of a pure function's result, not state.
_last_checked: tuple[Collection[str], frozenset[str]] | None = None


def _checked_winners(winners: Collection[str], policy: DrawPolicy) -> frozenset[str]:
    """The campaign-end winners as a set of order ids, at most ``policy.prizes`` of them."""
    global _last_checked
    last = _last_checked
    if last is not None and last[0] is winners:
        chosen = last[1]
    else:
        if (
            isinstance(winners, str | bytes)
            or not isinstance(winners, Collection)
            or not all(isinstance(w, str) and w for w in winners)
        ):
            raise InvalidValue(
                "winners", winners, "must be a collection of order ids (not a string)"
            )
        chosen = frozenset(winners)
        if type(winners) in (tuple, frozenset):
            _last_checked = (winners, chosen)
    if len(chosen) > policy.prizes:
        raise InvalidValue(
            "winners", len(chosen), f"more winners than the draw's {policy.prizes} prizes"
        )
    return chosen
