"""One member's usual settlement in one call: the hot path of settling a group.

Settling a group that succeeded, or a drawn group, takes the same builder
steps for each member (pay, capture, refund, ship, statement, notice).
:func:`ship_member` and :func:`draw_member` take them in one call and make
each key from the order's prefix (computed once) and the fixed bytes of the
step, made at import. Their effects, postings and statements equal, in value
and order, those of the :class:`~pintuan.settlement._builder.Builder` steps
they stand for (``tests/test_member_steps.py``), so keys and settlements stay
byte-identical.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from pintuan import _validators as v
from pintuan._keys import Fixed, fixed_part
from pintuan._keys import fixed_key as _key
from pintuan.gifts import Coupon
from pintuan.lifecycle.order import Order
from pintuan.money import Money
from pintuan.settlement._builder import Builder
from pintuan.settlement.effects import Capture, Notify, Refund, RefundReason, Ship
from pintuan.settlement.ledger import ESCROW, MERCHANT, Posting, payer
from pintuan.settlement.statements import Outcome

__all__ = ["draw_member", "refund_in_full", "ship_member", "wait"]

_POSTING = v.unchecked(Posting)
_CAPTURE, _REFUND, _SHIP, _NOTIFY = (
    v.unchecked(Capture),
    v.unchecked(Refund),
    v.unchecked(Ship),
    v.unchecked(Notify),
)

_PAY, _TAKE, _TAKE_POST, _SEND = (
    fixed_part("post", "payment"),
    fixed_part("capture"),
    fixed_part("post", "capture"),
    fixed_part("ship"),
)


class _Back(NamedTuple):
    """A refund reason and what its refunds' keys and postings need, made once."""

    reason: RefundReason
    refund: Fixed  # the refund's key
    post: Fixed  # its posting's key
    memo: str  # its posting's memo


def _back(reason: RefundReason) -> _Back:
    memo = f"refund:{reason.value}"
    return _Back(reason, fixed_part("refund", reason.value), fixed_part("post", memo), memo)


# Module names, not attribute reads: an Enum member read off its class is a
# Python-level lookup in 3.11 (about 75 ns), and these are read per member.
_BACK = {reason: _back(reason) for reason in RefundReason}
_DRAW, _TIER = _BACK[RefundReason.DRAW], _BACK[RefundReason.TIER_DIFFERENCE]
_SHIPPED, _REFUNDED = Outcome.SHIPPED, Outcome.REFUNDED
_TOPICS: dict[str, Fixed] = {}  # notice topic -> its fixed part, filled as topics are seen


def _notice(topic: str) -> Fixed:
    fixed = _TOPICS.get(topic)
    if fixed is None:
        fixed = _TOPICS[topic] = fixed_part("notify", topic)
    return fixed


def _pay_and_capture(out: Builder, order: Order, prefix: bytes, keep: Money, account: str) -> None:
    """``out.pay(order)``, then ``out.capture(order, keep)``; ``account`` is the payer's."""
    oid, paid, gid = order.order_id, order.paid, out.gid
    postings = out.postings
    if paid.amount > 0:
        postings.append(
            _POSTING(key=_key(_PAY, prefix), source=account,
                     destination=ESCROW, amount=paid, memo="payment", order_id=oid)
        )  # fmt: skip
    if keep.amount > 0:
        out.effects.append(
            _CAPTURE(key=_key(_TAKE, prefix), group_id=gid, order_id=oid, amount=keep)
        )
        postings.append(
            _POSTING(key=_key(_TAKE_POST, prefix), source=ESCROW, destination=MERCHANT,
                     amount=keep, memo="capture", order_id=oid)
        )  # fmt: skip


def _refund(
    out: Builder, order: Order, prefix: bytes, amount: Money, back: _Back, source: str,
    account: str,
) -> None:  # fmt: skip
    """``out.refund(order, amount, back.reason, source=source)``, to the payer's ``account``."""
    if amount.amount <= 0:
        return
    oid = order.order_id
    out.effects.append(
        _REFUND(key=_key(back.refund, prefix), group_id=out.gid, order_id=oid, amount=amount,
                reason=back.reason)
    )  # fmt: skip
    out.postings.append(
        _POSTING(key=_key(back.post, prefix), source=source, destination=account,
                 amount=amount, memo=back.memo, order_id=oid)
    )  # fmt: skip


def _ship(out: Builder, order: Order, prefix: bytes, product_id: str) -> None:
    out.effects.append(
        _SHIP(key=_key(_SEND, prefix), group_id=out.gid, order_id=order.order_id,
              product_id=product_id, quantity=order.quantity)
    )  # fmt: skip


def _notify(out: Builder, order: Order, prefix: bytes, topic: str) -> None:
    out.effects.append(
        _NOTIFY(key=_key(_notice(topic), prefix), group_id=out.gid, order_id=order.order_id,
                user_id=order.user_id, topic=topic)
    )  # fmt: skip


def ship_member(
    out: Builder, order: Order, product_id: str, difference: Money, captured: Money, words: str
) -> None:
    """A paying member of a group that succeeded: what ``_ship_all`` does per member.

    ``pay``, ``capture`` of the payment, ``ship``, the tier ``difference``
    refunded from the merchant, the statement (``captured`` is paid less the
    difference), and the ``group_succeeded`` notice.
    """
    prefix, account = out.keys.prefix(order.order_id), payer(order.user_id)
    _pay_and_capture(out, order, prefix, order.paid, account)
    _ship(out, order, prefix, product_id)
    _refund(out, order, prefix, difference, _TIER, MERCHANT, account)
    out.stated.append((order, _SHIPPED, words, difference, captured))
    _notify(out, order, prefix, "group_succeeded")


def draw_member(
    out: Builder,
    order: Order,
    refund: Money,
    keep: Money,
    product_id: str | None,
    stated: tuple[Outcome, str],
    topic: str | None,
    coupon: Coupon | None = None,
    points: int = 0,
) -> None:
    """A drawn member: what its prize gives, in the builder's order of steps.

    ``pay``; ``capture`` of what the merchant keeps; the ``refund`` for the
    draw; ``ship`` when ``product_id`` is given; the prize's ``coupon`` and
    ``points``, if any; the statement (outcome and words); and the notice of
    ``topic`` when given.
    """
    prefix, account = out.keys.prefix(order.order_id), payer(order.user_id)
    _pay_and_capture(out, order, prefix, keep, account)
    _refund(out, order, prefix, refund, _DRAW, ESCROW, account)
    if product_id is not None:
        _ship(out, order, prefix, product_id)
    if coupon is not None:
        out.coupon(order, coupon, "draw")
    if points > 0:
        out.points(order, points, "draw")
    out.stated.append((order, stated[0], stated[1], refund, keep))
    if topic is not None:
        _notify(out, order, prefix, topic)


def refund_in_full(out: Builder, orders: Iterable[Order], reason: RefundReason, words: str) -> None:
    """Each order's payment, its whole refund, its statement and its notice."""
    back = _BACK[reason]
    for order in orders:
        prefix, account, paid = out.keys.prefix(order.order_id), payer(order.user_id), order.paid
        _pay_and_capture(out, order, prefix, out.zero, account)
        _refund(out, order, prefix, paid, back, ESCROW, account)
        out.stated.append((order, _REFUNDED, words, paid, out.zero))
        _notify(out, order, prefix, reason._value_)


def wait(out: Builder, orders: Iterable[Order], words: str) -> None:
    """Paid, waiting for the group or its draw: refundable, not shippable.

    A virtual placeholder seat waits for nothing: it is stated as virtual.
    """
    for order in orders:
        if order.virtual:
            out.state(order, Outcome.VIRTUAL, "A virtual placeholder seat; no money moves.")
            continue
        out.pay(order)
        out.state(order, Outcome.WAITING, words)
