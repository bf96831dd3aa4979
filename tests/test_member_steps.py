"""The one-call member steps equal the builder steps they stand for.

``ship_member`` and ``draw_member`` (``pintuan.settlement._member``) make a
member's effects, postings and statement in one call; each must give the very
values, in the very order, of the builder's ``pay``, ``capture``, ``refund``,
``ship``, ``state`` and ``notify``, so that keys and settlements stay
byte-identical.
"""

from __future__ import annotations

from unittest import mock

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests._factories import order

from pintuan._keys import fixed_key, key_prefix
from pintuan.gifts import Coupon
from pintuan.money import Money
from pintuan.settlement import _member
from pintuan.settlement._builder import Builder
from pintuan.settlement._member import (
    _back,
    draw_member,
    refund_in_full,
    ship_member,
)
from pintuan.settlement.effects import Refund, RefundReason
from pintuan.settlement.ledger import MERCHANT
from pintuan.settlement.statements import Outcome

ids = st.text(alphabet="abcxyz-0189é", min_size=1, max_size=8)
fen = st.integers(min_value=0, max_value=10_000)


def _made(out: Builder) -> tuple[object, ...]:
    return tuple(out.effects), tuple(out.postings), out.finish_statements()


@given(oid=ids, user=ids, quantity=st.integers(1, 3), price=st.integers(1, 10_000), cut=fen)
def test_ship_member_is_the_builders_steps(
    oid: str, user: str, quantity: int, price: int, cut: int
) -> None:
    buyer = order(oid, user, price=Money(amount=price, currency="CNY"), quantity=quantity)
    difference = Money(amount=min(cut, buyer.paid.amount), currency="CNY")
    captured = buyer.paid - difference
    words = "The group succeeded."
    steps, one = Builder("c1", "g1", "CNY"), Builder("c1", "g1", "CNY")
    steps.pay(buyer)
    steps.capture(buyer, buyer.paid)
    steps.ship(buyer, "sku-1")
    steps.refund(buyer, difference, RefundReason.TIER_DIFFERENCE, source=MERCHANT)
    steps.state(buyer, Outcome.SHIPPED, words, refunded=difference, captured=captured)
    steps.notify(buyer, "group_succeeded")
    ship_member(one, buyer, "sku-1", difference, captured, words)
    assert _made(one) == _made(steps)


@given(
    oid=ids,
    user=ids,
    price=st.integers(0, 10_000),
    back=fen,
    ship=st.booleans(),
    won=st.booleans(),
    notify=st.booleans(),
    coupon=st.none() | st.just(Coupon(system_id="cpn-1")),
    points=st.integers(0, 3),
)
def test_draw_member_is_the_builders_steps(
    oid: str, user: str, price: int, back: int, ship: bool, won: bool, notify: bool,
    coupon: Coupon | None, points: int,
) -> None:  # fmt: skip
    buyer = order(oid, user, price=Money(amount=price, currency="CNY"))
    refund = Money(amount=min(back, price), currency="CNY")
    keep = buyer.paid - refund
    stated = (Outcome.WON, "Won.") if won else (Outcome.LOST, "Lost.")
    topic = ("draw_won" if won else "draw_lost") if notify else None
    steps, one = Builder("c1", "g1", "CNY"), Builder("c1", "g1", "CNY")
    steps.pay(buyer)
    steps.capture(buyer, keep)
    steps.refund(buyer, refund, RefundReason.DRAW)
    if ship:
        steps.ship(buyer, "sku-1")
    if coupon is not None:
        steps.coupon(buyer, coupon, "draw")
    steps.points(buyer, points, "draw")  # (none when 0)
    steps.state(buyer, stated[0], stated[1], refunded=refund, captured=keep)
    if topic is not None:
        steps.notify(buyer, topic)
    shipped = "sku-1" if ship else None
    draw_member(one, buyer, refund, keep, shipped, stated, topic, coupon, points)
    assert _made(one) == _made(steps)
    assert [e.key for e in one.effects] == [e.key for e in steps.effects]


@given(
    members=st.lists(st.tuples(ids, ids, st.integers(0, 10_000)), max_size=4),
    reason=st.sampled_from(list(RefundReason)),
)
def test_refund_in_full_is_the_builders_steps(
    members: list[tuple[str, str, int]], reason: RefundReason
) -> None:
    orders = [
        order(f"{oid}-{n}", user, price=Money(amount=price, currency="CNY"))
        for n, (oid, user, price) in enumerate(members)
    ]
    words = "Refunded."
    steps, one = Builder("c1", "g1", "CNY"), Builder("c1", "g1", "CNY")
    for buyer in orders:
        steps.pay(buyer)
        steps.refund(buyer, buyer.paid, reason)
        steps.state(buyer, Outcome.REFUNDED, words, refunded=buyer.paid)
        steps.notify(buyer, reason.value)
    refund_in_full(one, orders, reason, words)
    assert _made(one) == _made(steps)


@pytest.mark.parametrize("reason", list(RefundReason))
def test_a_refund_reasons_record_gives_the_builders_refund(reason: RefundReason) -> None:
    buyer = order("o-1", "u-1", price=Money(amount=500, currency="CNY"))
    steps = Builder("c1", "g1", "CNY")
    steps.refund(buyer, buyer.paid, reason)
    (refund,), (posting,) = steps.effects, steps.postings
    assert isinstance(refund, Refund)
    back, prefix = _back(reason), key_prefix("c1", "g1", "o-1")
    assert back.reason is refund.reason is reason
    assert fixed_key(back.refund, prefix) == refund.key
    assert fixed_key(back.post, prefix) == posting.key
    assert back.memo == posting.memo == f"refund:{reason.value}"


@given(oid=ids, user=ids, topic=st.text(alphabet="abc_xyz", min_size=1, max_size=12))
def test_a_notice_of_any_topic_is_the_builders(oid: str, user: str, topic: str) -> None:
    # Each topic's fixed part is made the first time the topic is seen, then
    # kept: from an empty memo, the first notice makes it and the second reads it.
    buyer = order(oid, user, price=Money(amount=100, currency="CNY"))
    stated = (Outcome.LOST, "Lost.")
    steps, one = Builder("c1", "g1", "CNY"), Builder("c1", "g1", "CNY")
    with mock.patch.dict(_member._TOPICS, clear=True):
        for _ in range(2):
            steps.pay(buyer)
            steps.refund(buyer, buyer.paid, RefundReason.DRAW)
            steps.state(buyer, *stated, refunded=buyer.paid)
            steps.notify(buyer, topic)
            zero = Money(amount=0, currency="CNY")
            draw_member(one, buyer, buyer.paid, zero, None, stated, topic)
    assert _made(one) == _made(steps)
