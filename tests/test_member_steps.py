"""The one-call member steps equal the builder steps they stand for.

``ship_member`` and ``draw_member`` (``pintuan.settlement._member``) make a
member's effects, postings and statement in one call; each must give the very
values, in the very order, of the builder's ``pay``, ``capture``, ``refund``,
``ship``, ``state`` and ``notify``, so that keys and settlements stay
byte-identical.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from tests._factories import order

from pintuan.money import Money
from pintuan.settlement._builder import Builder
from pintuan.settlement._member import draw_member, refund_in_full, ship_member
from pintuan.settlement.effects import RefundReason
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
)
def test_draw_member_is_the_builders_steps(
    oid: str, user: str, price: int, back: int, ship: bool, won: bool, notify: bool
) -> None:
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
    steps.state(buyer, stated[0], stated[1], refunded=refund, captured=keep)
    if topic is not None:
        steps.notify(buyer, topic)
    draw_member(one, buyer, refund, keep, "sku-1" if ship else None, stated, topic)
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
