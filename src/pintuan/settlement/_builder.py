"""Collects one group's effects, postings and statements while it is settled.

Every money movement goes through here, settling a group or a later return, so
that each has exactly one effect, one balanced posting and one deterministic
key, ``idempotency_key(kind, campaign_id, group_id, order_id, detail=...)``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Protocol

from pintuan import _validators as v
from pintuan._keys import GroupKeys, fixed_part, tailed_key
from pintuan.gifts import Coupon, GiftItem
from pintuan.lifecycle.order import Order
from pintuan.money import Money
from pintuan.settlement.effects import (
    AwardPoints,
    Capture,
    ClawBack,
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
from pintuan.settlement.ledger import ESCROW, MERCHANT, PROMOTION, Posting, payer, wallet
from pintuan.settlement.statements import Outcome, Statement

__all__ = ["Builder", "Buyer"]


# Values without checks of their own (a posting's is made in post): equal, made faster.
_POSTING, _STATEMENT = v.unchecked(Posting), v.unchecked(Statement)
_CAPTURE, _REFUND, _SHIP = v.unchecked(Capture), v.unchecked(Refund), v.unchecked(Ship)
_NOTIFY, _PAY_REWARD = v.unchecked(Notify), v.unchecked(PayReward)
_REWARD, _REWARD_POST = fixed_part("reward"), fixed_part("post", "reward:")


class Buyer(Protocol):
    """Who an effect is for: an :class:`Order`, or the :class:`Statement` of one."""

    @property
    def order_id(self) -> str: ...

    @property
    def user_id(self) -> str: ...


class Builder:
    """Effects, postings and statements of one group, in the order they were made."""

    __slots__ = (
        "_key",
        "_rewards",
        "cid",
        "effects",
        "gid",
        "keys",
        "postings",
        "stated",
        "zero",
    )

    def __init__(self, campaign_id: str, group_id: str, currency: str) -> None:
        self.cid, self.gid = campaign_id, group_id
        self.zero = Money.zero(currency)
        self.effects: list[Effect] = []
        self.postings: list[Posting] = []
        # Each statement's fields, made into a Statement once its rewards are known.
        self.stated: list[tuple[Order, Outcome, str, Money, Money]] = []
        self.keys = GroupKeys(campaign_id, group_id)
        self._key = self.keys.make  # (kind, order_id, detail) -> key
        self._rewards: dict[str, Money] = {}

    def key(self, kind: str, order: Buyer, detail: str = "") -> str:
        """``idempotency_key(kind, campaign, group, order, detail=detail)``."""
        return self._key(kind, order.order_id, detail)

    def post(self, order: Buyer, source: str, destination: str, amount: Money, memo: str) -> None:
        """Record one balanced movement tied to ``order``."""
        trusted = type(amount) is Money and amount.amount > 0  # else Posting's own check
        self._move(
            order.order_id, source, destination, amount, memo, _POSTING if trusted else Posting
        )

    def _move(
        self, order_id: str, source: str, destination: str, amount: Money, memo: str,
        make: Callable[..., Posting] = _POSTING,
    ) -> None:  # fmt: skip
        """:meth:`post` for ``order_id``, of Money > 0 (unless ``make`` checks it)."""
        self.postings.append(
            make(
                key=self._key("post", order_id, memo),
                source=source,
                destination=destination,
                amount=amount,
                memo=memo,
                order_id=order_id,
            )
        )

    def pay(self, order: Order) -> None:
        """The buyer's payment into escrow."""
        if order.paid.amount > 0:
            self._move(order.order_id, payer(order.user_id), ESCROW, order.paid, "payment")

    def refund(
        self,
        order: Buyer,
        amount: Money,
        reason: RefundReason,
        *,
        source: str = ESCROW,
        note: str | None = None,
    ) -> None:
        """Money back to the original payment (from escrow, or from the merchant).

        ``note`` tells apart refunds of one order for the same reason (the
        return id of a returned product).
        """
        if amount.amount <= 0:
            return
        # _value_: the member's value as a plain attribute (.value is a Python-level property)
        detail = reason._value_ if note is None else f"{reason._value_}:{note}"
        self.effects.append(
            _REFUND(
                key=self._key("refund", order.order_id, detail),
                group_id=self.gid,
                order_id=order.order_id,
                amount=amount,
                reason=reason,
            )
        )
        self._move(order.order_id, source, payer(order.user_id), amount, f"refund:{detail}")

    def claw_back(self, order: Buyer, reward: PayReward) -> None:
        """Take back a reward paid earlier for ``order`` (its product was returned)."""
        memo = f"clawback:{reward.key}"
        self.effects.append(
            ClawBack(
                key=self._key("clawback", order.order_id, reward.key),
                group_id=self.gid,
                order_id=order.order_id,
                beneficiary=reward.beneficiary,
                amount=reward.amount,
                kind=reward.kind,
                reward_key=reward.key,
            )
        )
        self.post(order, wallet(reward.beneficiary), PROMOTION, reward.amount, memo)

    def capture(self, order: Buyer, amount: Money) -> None:
        """Escrowed money becomes the merchant's revenue."""
        if amount.amount <= 0:
            return
        self.effects.append(
            _CAPTURE(
                key=self._key("capture", order.order_id),
                group_id=self.gid,
                order_id=order.order_id,
                amount=amount,
            )
        )
        self._move(order.order_id, ESCROW, MERCHANT, amount, "capture")

    def ship(self, order: Order, product_id: str) -> None:
        """Ship the order's units."""
        self.effects.append(
            _SHIP(
                key=self._key("ship", order.order_id),
                group_id=self.gid,
                order_id=order.order_id,
                product_id=product_id,
                quantity=order.quantity,
            )
        )

    def reward(
        self, order_id: str, beneficiary: str, amount: Money, kind: RewardKind, source: str
    ) -> None:
        """A cash reward from the promotion budget, tied to the order ``order_id``.

        ``source`` tells apart rewards of the same kind to the same person
        (a draw's consolation and a reward plan's participation reward).
        """
        self.rewards(((order_id, beneficiary, amount, kind),), source)

    def rewards(self, paid: Iterable[tuple[str, str, Money, RewardKind]], source: str) -> None:
        """:meth:`reward` of each ``(order_id, beneficiary, amount, kind)``, in turn."""
        effects, postings, earned, gid = self.effects, self.postings, self._rewards, self.gid
        prefix_of = self.keys.prefix
        for order_id, beneficiary, amount, kind in paid:
            if amount.amount <= 0:
                continue
            detail = f"{kind._value_}:{source}:{beneficiary}"
            # The effect's key and its posting's (detail "reward:" + detail), the
            # detail encoded once: make("reward", ...) and make("post", ...).
            prefix, tail = prefix_of(order_id), detail.encode("utf-8", "surrogatepass")
            effects.append(
                _PAY_REWARD(key=tailed_key(_REWARD, prefix, tail), group_id=gid,
                            order_id=order_id, beneficiary=beneficiary, amount=amount, kind=kind)
            )  # fmt: skip
            postings.append(
                _POSTING(key=tailed_key(_REWARD_POST, prefix, tail), source=PROMOTION,
                         destination=wallet(beneficiary), amount=amount, memo="reward:" + detail,
                         order_id=order_id)
            )  # fmt: skip
            before = earned.get(order_id)
            earned[order_id] = amount if before is None else before + amount

    def coupon(self, order: Order, coupon: Coupon, detail: str = "") -> None:
        """Give the buyer a coupon."""
        self.effects.append(
            IssueCoupon(
                key=self._key("coupon", order.order_id, detail),
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
                    key=self._key("points", order.order_id, detail),
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
                key=self._key("gift", order.order_id),
                group_id=self.gid,
                order_id=order.order_id,
                product_id=item.product_id,
                quantity=item.quantity,
            )
        )

    def notify(self, order: Order, topic: str) -> None:
        """Tell the buyer what happened."""
        self.effects.append(
            _NOTIFY(
                key=self._key("notify", order.order_id, topic),
                group_id=self.gid,
                order_id=order.order_id,
                user_id=order.user_id,
                topic=topic,
            )
        )

    def state(
        self, order: Order, outcome: Outcome, words: str, *,
        refunded: Money | None = None, captured: Money | None = None,
    ) -> None:  # fmt: skip
        """The order's statement."""
        zero = self.zero
        self.stated.append((order, outcome, words, refunded or zero, captured or zero))

    def finish_statements(self) -> tuple[Statement, ...]:
        """The statements, each with the rewards its order earned."""
        rewards, gid = self._rewards, self.gid
        return tuple(
            [  # a list, then a tuple: faster than a tuple from a generator
                _STATEMENT(
                    order_id=order.order_id,
                    user_id=order.user_id,
                    group_id=gid,
                    outcome=outcome,
                    paid=order.paid,
                    refunded=refunded,
                    captured=captured,
                    reason=words,
                    rewards=rewards.get(order.order_id),
                )
                for order, outcome, words, refunded, captured in self.stated
            ]
        )
