"""Totals over many group settlements, folded in constant memory."""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from pintuan._state import GroupStatus
from pintuan.errors import InvalidValue
from pintuan.money import Money
from pintuan.settlement import GroupSettlement

__all__ = ["SettlementSummary", "summarize"]


@attrs.frozen(kw_only=True)
class SettlementSummary:
    """Totals over many group settlements.

    ``paid == refunded + captured + in_escrow`` always holds; once every group
    is terminal, ``in_escrow`` is zero. ``rewards`` come from the promotion
    budget and are not part of that identity.
    """

    groups: int
    orders: int
    succeeded: int
    failed: int
    paid: Money
    refunded: Money
    captured: Money
    in_escrow: Money
    rewards: Money


def summarize(currency: str, settlements: Iterable[GroupSettlement]) -> SettlementSummary:
    """Fold settlements into totals in constant memory (the input may be a stream).

    Raises:
        InvalidValue: A settlement is in another currency.
    """
    groups = orders = succeeded = failed = 0
    paid = refunded = captured = rewards = 0
    for s in settlements:
        groups += 1
        succeeded += s.status.successful
        failed += s.status is GroupStatus.FAILED
        for st in s.statements:
            if st.paid.currency != currency:
                raise InvalidValue("currency", st.paid.currency, f"the summary is in {currency}")
            orders += 1
            paid += st.paid.amount
            refunded += st.refunded.amount
            captured += st.captured.amount
            rewards += 0 if st.rewards is None else st.rewards.amount

    def money(amount: int) -> Money:
        return Money(amount=amount, currency=currency)

    return SettlementSummary(
        groups=groups,
        orders=orders,
        succeeded=succeeded,
        failed=failed,
        paid=money(paid),
        refunded=money(refunded),
        captured=money(captured),
        in_escrow=money(paid - refunded - captured),
        rewards=money(rewards),
    )
