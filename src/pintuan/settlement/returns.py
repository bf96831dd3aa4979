"""Refunds after success: a returned product, and the rewards it takes back.

A group that succeeded stays succeeded. When a buyer later returns the
product, :func:`refund_after_success` adds to the group's settlement a refund
of up to what the merchant kept for that order and a :class:`ClawBack` of
every reward tied to the order (a referral reward for it, its participation
or prize reward, the team reward if it is the leader's order), and updates
the order's statement. It is pure and idempotent: the same ``return_id`` twice
with the same amount changes nothing the second time, and with another amount
is refused. An order is returned at most once (no order is refunded twice for
the same reason), so a partial return is one call with the whole amount going
back. The refund and the clawbacks go through the same builder as settlement,
so they get the same kind of keys and balanced postings.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from pintuan import _validators as v
from pintuan.errors import InvalidValue, MoneyError
from pintuan.lifecycle import GroupStatus
from pintuan.money import Money
from pintuan.settlement._builder import Builder
from pintuan.settlement.effects import ClawBack, PayReward, Refund, RefundReason
from pintuan.settlement.ledger import MERCHANT
from pintuan.settlement.rewards import RewardLine
from pintuan.settlement.settle import GroupSettlement
from pintuan.settlement.statements import Outcome, Statement

__all__ = ["clawback_lines", "refund_after_success"]

_SETTLED = (Outcome.SHIPPED, Outcome.WON, Outcome.LOST)


def _statement(settlement: GroupSettlement, order_id: str) -> Statement:
    for statement in settlement.statements:
        if statement.order_id == order_id:
            if statement.outcome not in _SETTLED:
                raise InvalidValue(
                    "order_id", order_id, f"is {statement.outcome.value}, not settled as a success"
                )
            return statement
    raise InvalidValue("order_id", order_id, f"is not an order of group {settlement.group_id}")


def _earlier_return(settlement: GroupSettlement, order_id: str) -> Refund | None:
    """The order's refund for a return, if it was already returned."""
    for effect in settlement.effects:
        if (
            isinstance(effect, Refund)
            and effect.order_id == order_id
            and effect.reason is RefundReason.RETURNED
        ):
            return effect
    return None


def refund_after_success(
    settlement: GroupSettlement, *, order_id: str, amount: Money, return_id: str
) -> GroupSettlement:
    """Refund ``amount`` of a settled order after success and claw back its rewards.

    Args:
        settlement: The group's settlement (of a group that succeeded).
        order_id: The order being returned.
        amount: What goes back to the original payment; at most what the
            merchant kept for the order.
        return_id: The caller's id of this return; it makes the keys.

    Returns:
        The settlement with the refund, the clawbacks and their postings added
        and the order's statement updated.

    Raises:
        InvalidValue: ``settlement`` is not a settlement, the group did not
            succeed, the order is not in the group,
            the amount is not positive, it exceeds what was kept, or
            ``return_id`` was already applied with another amount, or the
            order was already returned under another ``return_id``.
        MoneyError: ``amount`` is not Money in the settlement's currency.
    """
    v.require("settlement", settlement, GroupSettlement)
    if not isinstance(order_id, str) or not order_id:
        raise InvalidValue("order_id", order_id, "must be a non-empty string")
    if settlement.status is not GroupStatus.CLOSED:
        raise InvalidValue(
            "settlement.status",
            settlement.status.value,
            "only a group that succeeded and closed (its final price and draw fixed) refunds later",
        )
    if not isinstance(return_id, str) or not return_id:
        raise InvalidValue("return_id", return_id, "must be a non-empty string")
    statement = _statement(settlement, order_id)
    if not isinstance(amount, Money) or amount.currency != statement.paid.currency:
        raise MoneyError("amount", amount, f"must be Money in {statement.paid.currency}")
    cid, gid = settlement.campaign_id, settlement.group_id
    detail = f"{RefundReason.RETURNED.value}:{return_id}"
    out = Builder(cid, gid, amount.currency)
    refund_key = out.key("refund", statement, detail)
    earlier = _earlier_return(settlement, order_id)
    if earlier is not None:
        if earlier.key != refund_key:
            raise InvalidValue(
                "return_id",
                return_id,
                f"order {order_id} was already refunded for a return ({earlier.amount}); "
                "an order is refunded at most once for the same reason",
            )
        if earlier.amount != amount:
            raise InvalidValue(
                "amount",
                str(amount),
                f"return {return_id!r} was already applied with {earlier.amount}; "
                "a return id cannot be reused with another amount",
            )
        return settlement  # this return was already applied
    if amount.amount <= 0:
        raise InvalidValue("amount", str(amount), "a refund must be greater than zero")
    if amount > statement.captured:
        raise InvalidValue(
            "amount",
            str(amount),
            f"exceeds what was paid and not yet refunded ({statement.captured})",
        )
    out.refund(statement, amount, RefundReason.RETURNED, source=MERCHANT, note=return_id)
    done = {e.reward_key for e in settlement.effects if isinstance(e, ClawBack)}
    clawed = Money.zero(amount.currency)
    for reward in settlement.effects:
        if isinstance(reward, PayReward) and reward.order_id == order_id and reward.key not in done:
            out.claw_back(statement, reward)
            clawed = clawed + reward.amount
    rewards = None if statement.rewards is None else statement.rewards - clawed
    updated = attrs.evolve(
        statement,
        refunded=statement.refunded + amount,
        captured=statement.captured - amount,
        rewards=rewards,
        reason=f"{statement.reason} The product was returned ({return_id}): {amount} refunded"
        + (f", {clawed} of rewards taken back." if clawed.amount else "."),
    )
    return attrs.evolve(
        settlement,
        effects=(*settlement.effects, *out.effects),
        postings=(*settlement.postings, *out.postings),
        statements=tuple(updated if s is statement else s for s in settlement.statements),
    )


def clawback_lines(lines: Iterable[RewardLine], order_id: str) -> tuple[RewardLine, ...]:
    """Return the lines tied to ``order_id``, to reverse when that order is refunded.

    Only lines whose ``order_id`` matches are returned (the team reward is
    tied to the leader's order). The lines are returned as paid; the caller
    reverses them.
    """
    return tuple(sorted((x for x in lines if x.order_id == order_id), key=lambda x: x.sort_key))
