"""Edges of tier tables and tier refunds, at the smallest amounts and boundaries.

A difference of exactly one fen is refunded; a difference of zero is not; a
virtual seat anywhere in the group is skipped without hiding the real orders
after it; every refusal carries the offending value.
"""

from __future__ import annotations

import pytest

import pintuan as pt
from _factories import at, check_error, cny, fen
from pintuan.errors import ConfigurationError, CurrencyMismatch

# 2 members: 1.00; 3 members: 0.99 (one fen less); 4 members: 0.99 as well.
TABLE = pt.TierTable.of([(2, "1.00 CNY"), (3, "0.99 CNY"), (4, "0.99 CNY")], stock=100)


def _order(oid: str, paid: pt.Money, *, quantity: int = 1, role=pt.Role.MEMBER) -> pt.Order:
    unit = pt.Money(amount=paid.amount // quantity, currency=paid.currency)
    return pt.Order(
        order_id=oid,
        user_id=f"u-{oid}",
        group_id="g1",
        role=role,
        quantity=quantity,
        unit_price=unit,
        paid=paid if role is not pt.Role.VIRTUAL else pt.Money.zero(paid.currency),
        paid_at=at(10),
    )


def _virtual(oid: str) -> pt.Order:
    return pt.Order(
        order_id=oid,
        user_id=f"virtual:{oid}",
        group_id="g1",
        role=pt.Role.VIRTUAL,
        quantity=1,
        unit_price=cny("1.00"),
        paid=cny("0.00"),
        paid_at=at(10),
    )


def test_a_one_fen_difference_is_refunded():
    orders = [_order("o1", cny("1.00")), _order("o2", cny("1.00"))]
    assert pt.tier_refunds(TABLE, orders, 3) == (("o1", fen(1)), ("o2", fen(1)))


def test_a_one_fen_difference_per_unit_is_refunded_per_unit():
    orders = [_order("o1", cny("3.00"), quantity=3)]
    assert pt.tier_refunds(TABLE, orders, 3) == (("o1", fen(3)),)


def test_no_difference_no_refund():
    orders = [_order("o1", cny("1.00")), _order("o2", cny("0.99"))]
    assert pt.tier_refunds(TABLE, orders, 2) == ()
    assert pt.tier_refunds(TABLE, orders, 3) == (("o1", fen(1)),)


def test_a_virtual_seat_is_skipped_and_the_orders_after_it_are_not():
    orders = [_virtual("o0"), _order("o1", cny("1.00")), _virtual("o2"), _order("o3", cny("1.00"))]
    assert pt.tier_refunds(TABLE, orders, 4) == (("o1", fen(1)), ("o3", fen(1)))


def test_a_leader_price_below_the_final_tier_refunds_the_leader_more():
    leader = _order("o1", cny("1.00"), role=pt.Role.LEADER)
    member = _order("o2", cny("1.00"))
    refunds = pt.tier_refunds(TABLE, [leader, member], 3, leader_price=cny("0.90"))
    assert refunds == (("o1", fen(10)), ("o2", fen(1)))


def test_a_leader_price_above_the_final_tier_is_not_charged():
    leader = _order("o1", cny("1.00"), role=pt.Role.LEADER)
    refunds = pt.tier_refunds(TABLE, [leader], 3, leader_price=fen(100))
    assert refunds == (("o1", fen(1)),)


def test_the_leader_price_applies_only_to_the_leader():
    member = _order("o2", cny("1.00"))
    assert pt.tier_refunds(TABLE, [member], 2, leader_price=fen(50)) == ()


@pytest.mark.parametrize("members", [0, 1])
def test_below_the_first_tier_there_is_no_final_price(members):
    with pytest.raises(ConfigurationError) as info:
        pt.tier_refunds(TABLE, [_order("o1", cny("1.00"))], members)
    check_error(info, ConfigurationError, "members_at_close")
    assert info.value.value == members
    assert "(2)" in info.value.rule


@pytest.mark.parametrize(
    ("members", "price"), [(1, None), (2, fen(100)), (3, fen(99)), (4, fen(99)), (99, fen(99))]
)
def test_the_price_for_each_member_count(members, price):
    assert TABLE.price_for(members) == price


def test_first_top_and_stock():
    assert (TABLE.first.size, TABLE.top.size, TABLE.stock) == (2, 4, 100)


@pytest.mark.parametrize(
    ("rows", "field", "value"),
    [
        ([(2, "1.00 CNY"), (2, "0.90 CNY")], "tiers[1].size", 2),
        ([(3, "1.00 CNY"), (2, "0.90 CNY")], "tiers[1].size", 2),
        ([(2, "1.00 CNY"), (3, "1.01 CNY")], "tiers[1].unit_price", "1.01 CNY"),
        ([(2, "1.00 CNY"), (3, "0.90 CNY"), (4, "0.91 CNY")], "tiers[2].unit_price", "0.91 CNY"),
    ],
)
def test_a_bad_row_is_named_with_its_value(rows, field, value):
    with pytest.raises(ConfigurationError) as info:
        pt.TierTable.of(rows, stock=100)
    check_error(info, ConfigurationError, field)
    assert info.value.value == value


def test_tiers_in_two_currencies_are_refused_with_the_odd_price():
    with pytest.raises(CurrencyMismatch) as info:
        pt.TierTable.of([(2, "1.00 CNY"), (3, "0.90 USD")], stock=100)
    check_error(info, CurrencyMismatch, "tiers[1].unit_price")
    assert info.value.value == "0.90 USD"
    assert "CNY" in info.value.rule


def test_an_empty_table_is_refused():
    with pytest.raises(ConfigurationError) as info:
        pt.TierTable(tiers=(), stock=100)
    check_error(info, ConfigurationError, "tiers")
    assert info.value.value == ()


@pytest.mark.parametrize("stock", [1, "100", 1.5])
def test_stock_is_an_int_of_at_least_the_first_tier(stock):
    with pytest.raises(ConfigurationError) as info:
        pt.TierTable.of([(2, "1.00 CNY")], stock=stock)
    check_error(info, ConfigurationError, "stock")
    assert info.value.value == stock


def test_stock_equal_to_the_first_tier_is_enough():
    assert pt.TierTable.of([(2, "1.00 CNY")], stock=2).stock == 2


@pytest.mark.parametrize(("size", "ok"), [(1, False), (2, True)])
def test_a_tier_has_at_least_two_members(size, ok):
    if ok:
        assert pt.Tier(size=size, unit_price=fen(1)).size == size
    else:
        with pytest.raises(ConfigurationError) as info:
            pt.Tier(size=size, unit_price=fen(1))
        check_error(info, ConfigurationError, "size")
        assert info.value.value == size


def test_a_table_of_money_rows_or_text_rows_is_the_same():
    from_money = pt.TierTable.of([(2, fen(100)), (3, fen(99))], stock=10)
    from_text = pt.TierTable.of([(2, "1.00 CNY"), (3, "0.99 CNY")], stock=10)
    assert from_money == from_text
    assert from_money.tiers[1].unit_price == fen(99)


@pytest.mark.parametrize(
    ("make", "field", "value", "rule"),
    [
        (lambda: pt.TierTable.of(5, stock=10), "rows", 5,
         "must be an iterable of (size, price) pairs"),
        (lambda: pt.TierTable.of([(3,)], stock=10), "rows[0]", (3,),
         "must be a (size, price) pair"),
        (lambda: pt.TierTable.of([(3, 5)], stock=10), "rows[0].price", 5,
         "must be Money or a string such as '99.00 CNY'"),
        (lambda: pt.TierTable.of([(3, "9.00 CNY")], stock=10).price_for("3"), "members", "3",
         "must be an int"),
    ],
)  # fmt: skip
def test_bad_tier_rows_and_members_are_refused_with_value_and_rule(make, field, value, rule):
    with pytest.raises(ConfigurationError) as info:
        make()
    check_error(info, ConfigurationError, field)
    assert (info.value.value, info.value.rule) == (value, rule)
