"""Double-entry postings: every money movement between named accounts.

A :class:`Posting` moves a positive amount from one account to another. Since
each posting takes from one account exactly what it gives to another, the
balances of all accounts always sum to zero per currency; :func:`balances`
computes them, and settlement tests check it.

Account names are plain strings: ``payer:<user id>`` (the user's original
payment), ``wallet:<user id>`` (rewards paid to the user), ``escrow``,
``merchant`` and ``promotion`` (the operator's promotion budget).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import attrs

from pintuan import _validators as v
from pintuan.errors import MoneyError
from pintuan.money import Money

__all__ = ["ESCROW", "MERCHANT", "PROMOTION", "Posting", "balances", "payer", "wallet"]

ESCROW = "escrow"
MERCHANT = "merchant"
PROMOTION = "promotion"


def payer(user_id: str) -> str:
    """Return the account name of a paying user (their original payment)."""
    return f"payer:{user_id}"


def wallet(user_id: str) -> str:
    """Return the account name of a user's reward wallet."""
    return f"wallet:{user_id}"


@attrs.frozen(kw_only=True)
class Posting:
    """Move ``amount`` from ``source`` to ``destination``.

    Attributes:
        key: Deterministic idempotency key of the movement.
        source: Account the money leaves (credited).
        destination: Account the money reaches (debited).
        amount: A positive amount.
        memo: What the movement is for, e.g. ``"payment"`` or ``"refund"``.
        order_id: The order the movement belongs to.
    """

    key: str
    source: str
    destination: str
    amount: Money
    memo: str
    order_id: str

    def __attrs_post_init__(self) -> None:
        v.require("amount", self.amount, Money, error=MoneyError)
        if self.amount.amount <= 0:
            raise MoneyError("amount", str(self.amount), "a posting moves a positive amount")


def balances(postings: Iterable[Posting]) -> dict[tuple[str, str], int]:
    """Return each (account, currency) balance in minor units: inflows minus outflows.

    Raises:
        InvalidValue: ``postings`` is not an iterable of :class:`Posting`.
    """
    totals: dict[tuple[str, str], int] = defaultdict(int)
    for posting in v.each("postings", postings, Posting):
        cur = posting.amount.currency
        totals[posting.destination, cur] += posting.amount.amount
        totals[posting.source, cur] -= posting.amount.amount
    return dict(totals)
