"""Collects one group's effects, postings and statements while it is settled.

Every money movement goes through here, so that each has exactly one effect,
one balanced posting and one deterministic key.
"""

from __future__ import annotations

import attrs

from pintuan._keys import key_from, key_suffix, prefix_maker
from pintuan.benefits import Coupon, GiftItem
from pintuan.effects import (
    AwardPoints,
    Capture,
    Effect,
    IssueCoupon,
    Notify,
    PayReward,
    Refund,
    RefundReason,
    RewardKind,
    Ship,
    ShipGift,
)
from pintuan.ledger import ESCROW, MERCHANT, PROMOTION, Posting, payer, wallet
from pintuan.money import Money
from pintuan.order import Order
from pintuan.statements import Outcome, Statement

__all__ = ["Builder"]


class Builder:
    """Effects, postings and statements of one group, in the order they were made."""

    def __init__(self, campaign_id: str, group_id: str, currency: str) -> None:
        self.cid, self.gid = campaign_id, group_id
        self.zero = Money.zero(currency)
        self.effects: list[Effect] = []
        self.postings: list[Posting] = []
        self.statements: list[Statement] = []
        self._prefixes: dict[str, bytes] = {}
        self._prefix_of = prefix_maker(campaign_id, group_id)
        self._suffixes: dict[tuple[str, str], bytes] = {}
        self._rewards: dict[str, Money] = {}

    def key(self, kind: str, order: Order, detail: str = "") -> str:
        """The key of ``idempotency_key(kind, campaign, group, order, detail=detail)``."""
        prefix = self._prefixes.get(order.order_id)
        if prefix is None:
            prefix = self._prefixes[order.order_id] = self._prefix_of(order.order_id)
        suffix = self._suffixes.get((kind, detail))
        if suffix is None:  # a group uses a handful of (kind, detail) pairs
            suffix = self._suffixes[kind, detail] = key_suffix(kind, detail)
        return key_from(prefix, suffix, kind)

    def post(self, order: Order, source: str, destination: str, amount: Money, memo: str) -> None:
        """Record one balanced movement tied to ``order``."""
        self.postings.append(
            Posting(
                key=self.key("post", order, memo),
                source=source,
                destination=destination,
                amount=amount,
                memo=memo,
                order_id=order.order_id,
            )
        )

    def pay(self, order: Order) -> None:
        """The buyer's payment into escrow."""
        if order.paid.amount > 0:
            self.post(order, payer(order.user_id), ESCROW, order.paid, "payment")

    def refund(
        self, order: Order, amount: Money, reason: RefundReason, *, source: str = ESCROW
    ) -> None:
        """Money back to the original payment (from escrow, or from the merchant)."""
        if amount.amount <= 0:
            return
        self.effects.append(
            Refund(
                key=self.key("refund", order, reason.value),
                group_id=self.gid,
                order_id=order.order_id,
                amount=amount,
                reason=reason,
            )
        )
        self.post(order, source, payer(order.user_id), amount, f"refund:{reason.value}")

    def capture(self, order: Order, amount: Money) -> None:
        """Escrowed money becomes the merchant's revenue."""
        if amount.amount <= 0:
            return
        self.effects.append(
            Capture(
                key=self.key("capture", order),
                group_id=self.gid,
                order_id=order.order_id,
                amount=amount,
            )
        )
        self.post(order, ESCROW, MERCHANT, amount, "capture")

    def ship(self, order: Order, product_id: str) -> None:
        """Ship the order's units."""
        self.effects.append(
            Ship(
                key=self.key("ship", order),
                group_id=self.gid,
                order_id=order.order_id,
                product_id=product_id,
                quantity=order.quantity,
            )
        )

    def reward(
        self, order: Order, beneficiary: str, amount: Money, kind: RewardKind, source: str
    ) -> None:
        """A cash reward from the promotion budget, tied to ``order``.

        ``source`` tells apart rewards of the same kind to the same person
        (a draw's consolation and a reward plan's participation reward).
        """
        if amount.amount <= 0:
            return
        detail = f"{kind.value}:{source}:{beneficiary}"
        self.effects.append(
            PayReward(
                key=self.key("reward", order, detail),
                group_id=self.gid,
                order_id=order.order_id,
                beneficiary=beneficiary,
                amount=amount,
                kind=kind,
            )
        )
        self.post(order, PROMOTION, wallet(beneficiary), amount, f"reward:{detail}")
        self._rewards[order.order_id] = self._rewards.get(order.order_id, self.zero) + amount

    def coupon(self, order: Order, coupon: Coupon, detail: str = "") -> None:
        """Give the buyer a coupon."""
        self.effects.append(
            IssueCoupon(
                key=self.key("coupon", order, detail),
                group_id=self.gid,
                order_id=order.order_id,
                user_id=order.user_id,
                coupon=coupon,
            )
        )

    def points(self, order: Order, points: int, detail: str = "") -> None:
        """Credit points to the buyer."""
        if points > 0:
            self.effects.append(
                AwardPoints(
                    key=self.key("points", order, detail),
                    group_id=self.gid,
                    order_id=order.order_id,
                    user_id=order.user_id,
                    points=points,
                )
            )

    def gift_item(self, order: Order, item: GiftItem) -> None:
        """Ship a free gift item with the order."""
        self.effects.append(
            ShipGift(
                key=self.key("gift", order),
                group_id=self.gid,
                order_id=order.order_id,
                product_id=item.product_id,
                quantity=item.quantity,
            )
        )

    def notify(self, order: Order, topic: str) -> None:
        """Tell the buyer what happened."""
        self.effects.append(
            Notify(
                key=self.key("notify", order, topic),
                group_id=self.gid,
                order_id=order.order_id,
                user_id=order.user_id,
                topic=topic,
            )
        )

    def state(
        self,
        order: Order,
        outcome: Outcome,
        words: str,
        *,
        refunded: Money | None = None,
        captured: Money | None = None,
    ) -> None:
        """The order's statement."""
        self.statements.append(
            Statement(
                order_id=order.order_id,
                user_id=order.user_id,
                group_id=self.gid,
                outcome=outcome,
                paid=order.paid,
                refunded=refunded or self.zero,
                captured=captured or self.zero,
                reason=words,
            )
        )

    def finish_statements(self) -> tuple[Statement, ...]:
        """The statements, each with the rewards its order earned."""
        if not self._rewards:
            return tuple(self.statements)
        return tuple(
            attrs.evolve(st, rewards=self._rewards[st.order_id])
            if st.order_id in self._rewards
            else st
            for st in self.statements
        )
