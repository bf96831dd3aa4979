"""Settling the members of a lottery or pinshang group once its draw is known."""

from __future__ import annotations

from collections.abc import Collection

from pintuan._builder import Builder
from pintuan.campaign import Campaign
from pintuan.draw import DrawRecord
from pintuan.effects import RefundReason, RewardKind
from pintuan.errors import InvalidValue
from pintuan.group import Group
from pintuan.lottery import DrawMode, DrawPolicy, draw_group, prize_for
from pintuan.rewards import RewardLine
from pintuan.statements import Outcome

__all__ = ["settle_draw"]


def settle_draw(
    out: Builder,
    campaign: Campaign,
    policy: DrawPolicy,
    group: Group,
    *,
    seed: bytes | None,
    winners: Collection[str] | None,
) -> tuple[DrawRecord | None, frozenset[str] | None, tuple[RewardLine, ...]]:
    """Emit every member's prize; return the draw record, the losers and the cash prizes.

    Cash prizes come back as reward lines, to be paid within the campaign's
    budget with its other rewards. Returns ``(None, None, ())`` and leaves the
    members waiting when the draw cannot happen yet (a mode-1 campaign before
    its end-of-campaign winners are known).
    """
    real = [o for o in group.members if not o.virtual]
    record = None
    if policy.mode is DrawMode.AT_GROUP_SUCCESS:
        if seed is None:
            raise InvalidValue(
                "seed", None, "settling a closed lottery group needs the campaign's draw seed"
            )
        record = draw_group(policy, seed, group.group_id, [o.order_id for o in real])
        won: Collection[str] = frozenset(record.winners)
    elif winners is None:
        words = "The group succeeded; the draw takes place at the campaign's end."
        for order in group.members:
            out.pay(order)
            out.state(order, Outcome.WAITING, words)
        return None, None, ()
    else:
        won = _checked_winners(winners, policy)
    losers = set()
    prize_lines: list[RewardLine] = []
    for order in group.members:
        if order.virtual:
            out.state(order, Outcome.VIRTUAL, "A virtual placeholder seat; it is never drawn.")
            continue
        is_winner = order.order_id in won
        if not is_winner:
            losers.add(order.order_id)
        prize = prize_for(policy, is_winner)
        refund = prize.refund_for(order.paid)
        keep = order.paid - refund
        out.pay(order)
        out.capture(order, keep)
        out.refund(order, refund, RefundReason.DRAW)
        if prize.ship:
            out.ship(order, campaign.product_id)
        if prize.coupon is not None:
            out.coupon(order, prize.coupon, "draw")
        out.points(order, prize.points, "draw")
        if prize.cash_reward is not None:
            kind = RewardKind.PRIZE if is_winner else RewardKind.PARTICIPATION
            prize_lines.append(
                RewardLine(
                    order_id=order.order_id,
                    beneficiary=order.user_id,
                    amount=prize.cash_reward,
                    kind=kind,
                )
            )
        verdict = "won" if is_winner else "did not win"
        words = f"The group succeeded and the order {verdict} the draw."
        outcome = Outcome.WON if is_winner else Outcome.LOST
        out.state(order, outcome, words, refunded=refund, captured=keep)
        if policy.notify:
            out.notify(order, "draw_won" if is_winner else "draw_lost")
    return record, frozenset(losers), tuple(prize_lines)


def _checked_winners(winners: Collection[str], policy: DrawPolicy) -> frozenset[str]:
    """The campaign-end winners as a set of order ids, at most ``policy.prizes`` of them."""
    if isinstance(winners, str | bytes) or not all(isinstance(w, str) and w for w in winners):
        raise InvalidValue("winners", winners, "must be a collection of order ids (not a string)")
    chosen = frozenset(winners)
    if len(chosen) > policy.prizes:
        raise InvalidValue(
            "winners", len(chosen), f"more winners than the draw's {policy.prizes} prizes"
        )
    return chosen
