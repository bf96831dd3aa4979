"""Per-order statements: how each order ended, in numbers and plain words."""

from __future__ import annotations

import enum

import attrs

from pintuan.money import Money

__all__ = ["Outcome", "Statement"]


class Outcome(enum.Enum):
    """How one order ends (or stands, while its group or draw is pending)."""

    WAITING = "waiting"
    SHIPPED = "shipped"
    REFUNDED = "refunded"
    WON = "won"
    LOST = "lost"
    VIRTUAL = "virtual"


@attrs.frozen(kw_only=True)
class Statement:
    """One order's outcome, with the amounts and the reason in plain words.

    Attributes:
        order_id: The order.
        user_id: Its buyer.
        group_id: Its group.
        outcome: How it ended.
        paid: What the buyer paid.
        refunded: What went back to the original payment.
        captured: What the merchant keeps (paid less refunds).
        reason: Why, in plain words.
        rewards: Cash rewards paid from the promotion budget because of this
            order (to the buyer or to others, such as a referrer).
    """

    order_id: str
    user_id: str
    group_id: str
    outcome: Outcome
    paid: Money
    refunded: Money
    captured: Money
    reason: str
    rewards: Money | None = None

    @property
    def text(self) -> str:
        """The statement as one English paragraph for the customer or support."""
        head = f"Order {self.order_id} in group {self.group_id}: paid {self.paid}."
        body = self._body()
        if self.rewards is not None and self.rewards.amount:
            body += (
                f" Rewards of {self.rewards} tied to this order (to the buyer or to those who "
                "referred them) are paid from the promotion budget."
            )
        return f"{head} {self.reason} {body}".rstrip()

    def _body(self) -> str:
        refund = f"{self.refunded} is refunded to the original payment."
        if self.outcome is Outcome.SHIPPED:
            if self.refunded.amount:
                return (
                    f"The final price is {self.captured} and the product ships; the difference "
                    f"of {refund}"
                )
            return f"{self.captured} was captured and the product ships."
        if self.outcome is Outcome.REFUNDED:
            return refund
        if self.outcome is Outcome.WAITING:
            return "It can still be refunded and is not shipped yet."
        if self.outcome in (Outcome.WON, Outcome.LOST):
            parts = []
            if self.refunded.amount:
                parts.append(refund)
            if self.captured.amount:
                parts.append(f"The merchant keeps {self.captured}.")
            return " ".join(parts)
        return ""
