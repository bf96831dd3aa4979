"""Edges of money: currencies given as str subclasses, and the smallest amounts.

A currency code that is a ``str`` subclass is validated like any other and
compares equal to the plain code; it is simply not cached.
"""

from __future__ import annotations

import pytest

import pintuan as pt
from pintuan.errors import CurrencyMismatch, MoneyError


class Code(str):
    """A str subclass, as some ORMs and enums hand out."""

    __slots__ = ()


def test_a_currency_that_is_a_str_subclass_is_accepted():
    money = pt.Money(amount=1, currency=Code("JPY"))
    assert money == pt.Money(amount=1, currency="JPY")
    assert str(money).endswith("JPY")


def test_a_bad_currency_that_is_a_str_subclass_is_refused():
    with pytest.raises(MoneyError) as info:
        pt.Money(amount=1, currency=Code("jpy"))
    assert info.value.field == "currency"
    assert info.value.value == "jpy"


ONE = pt.Money.parse("1.00 CNY")


@pytest.mark.parametrize(
    "compare",
    [
        lambda a, b: a < b,
        lambda a, b: a <= b,
        lambda a, b: a > b,
        lambda a, b: a >= b,
    ],
)
def test_comparing_with_what_is_not_money_names_the_operation(compare):
    with pytest.raises(MoneyError) as info:
        compare(ONE, 100)
    assert (info.value.field, info.value.value) == ("other", 100)
    assert info.value.rule == "compare needs Money on both sides"


@pytest.mark.parametrize(
    "compare",
    [
        lambda a, b: a < b,
        lambda a, b: a <= b,
        lambda a, b: a > b,
        lambda a, b: a >= b,
    ],
)
def test_comparing_two_currencies_names_both(compare):
    with pytest.raises(CurrencyMismatch) as info:
        compare(ONE, pt.Money.parse("1.00 USD"))
    assert (info.value.field, info.value.value) == ("currency", "USD")
    assert info.value.rule == "cannot compare CNY and USD"


@pytest.mark.parametrize(
    ("total", "weights", "field", "value", "rule"),
    [
        ("1.00 CNY", {"a": 1}, "total", "1.00 CNY", "must be Money"),
        (
            pt.Money(amount=-1, currency="CNY"),
            {"a": 1},
            "total",
            pt.Money(amount=-1, currency="CNY"),
            "must not be negative",
        ),
        (ONE, {"a": 1, "b": -1}, "weights['b']", -1, "must be a non-negative int"),
        (ONE, {"a": 1.0}, "weights['a']", 1.0, "must be a non-negative int"),
        (ONE, {"a": 0, "b": 0}, "weights", {"a": 0, "b": 0}, "need at least one positive weight"),
    ],
)
def test_allocate_refusals_carry_the_value_and_the_rule(total, weights, field, value, rule):
    with pytest.raises(MoneyError) as info:
        pt.allocate(total, weights)
    assert (info.value.field, info.value.value, info.value.rule) == (field, value, rule)


def test_allocate_zero_and_one_minor_unit():
    zero = pt.Money.zero("CNY")
    assert pt.allocate(zero, {"a": 1, "b": 2}) == {"a": zero, "b": zero}
    fen = pt.Money(amount=1, currency="CNY")
    # One fen, equal weights: the tie goes to the smallest key, whatever the order.
    assert pt.allocate(fen, {"b": 1, "a": 1}) == {"a": fen, "b": zero}
    # A zero weight gets nothing even when it sorts first.
    assert pt.allocate(fen, {"a": 0, "b": 1}) == {"a": zero, "b": fen}


def test_a_rate_remainder_refuses_a_negative_amount():
    minus = pt.Money(amount=-1, currency="CNY")
    with pytest.raises(MoneyError) as info:
        pt.Rate(bps=300).remainder(minus)
    assert (info.value.field, info.value.value) == ("amount", minus)
    assert info.value.rule == "rates apply to non-negative amounts"
    assert pt.Rate(bps=300).remainder(pt.Money.zero("CNY")) == 0


@pytest.mark.parametrize(
    ("op", "word"), [(lambda a, b: a + b, "add"), (lambda a, b: a - b, "subtract")]
)
def test_arithmetic_refusals_name_the_operation(op, word):
    with pytest.raises(MoneyError) as info:
        op(ONE, 1)
    assert (info.value.field, info.value.value) == ("other", 1)
    assert info.value.rule == f"{word} needs Money on both sides"
    with pytest.raises(CurrencyMismatch) as info:
        op(ONE, pt.Money.parse("1.00 USD"))
    assert (info.value.field, info.value.value) == ("currency", "USD")
    assert info.value.rule == f"cannot {word} CNY and USD"


def test_money_is_multiplied_by_ints_only():
    with pytest.raises(MoneyError) as info:
        ONE * 1.5
    assert (info.value.field, info.value.value) == ("factor", 1.5)
    assert info.value.rule == "money is multiplied by ints only"


@pytest.mark.parametrize("bps", [-1, 10_001, 1.0, True, "300"])
def test_a_rate_is_an_int_of_basis_points(bps):
    with pytest.raises(MoneyError) as info:
        pt.Rate(bps=bps)
    assert (info.value.field, info.value.value) == ("bps", bps)
    assert info.value.rule == "must be an int of basis points from 0 to 10000 (100%)"


@pytest.mark.parametrize("bps", [0, 10_000])
def test_a_rate_from_none_to_all(bps):
    assert pt.Rate(bps=bps).apply(ONE) == pt.Money(amount=bps // 100, currency="CNY")


def test_a_rate_refuses_a_negative_amount():
    minus = pt.Money(amount=-1, currency="CNY")
    with pytest.raises(MoneyError) as info:
        pt.Rate(bps=300).apply(minus)
    assert (info.value.field, info.value.value) == ("amount", minus)
    assert info.value.rule == "rates apply to non-negative amounts"


@pytest.mark.parametrize(
    ("text", "currency", "error", "field", "value", "rule"),
    [
        (990, None, MoneyError, "text", 990, "must be a decimal string such as '99.00'"),
        ("9.90 USD", "CNY", CurrencyMismatch, "currency", "USD", "the text names USD, not CNY"),
        ("9.90", None, MoneyError, "text", "9.90", "needs a currency, as in '99.00 CNY'"),
        (
            "9,90 CNY",
            None,
            MoneyError,
            "text",
            "9,90 CNY",
            "must be a plain decimal such as '99.00'",
        ),
        ("1e3 CNY", None, MoneyError, "text", "1e3 CNY", "must be a plain decimal such as '99.00'"),
        (
            "9.901 CNY",
            None,
            MoneyError,
            "text",
            "9.901 CNY",
            "CNY has 2 decimal places; extra precision is not rounded",
        ),
        (
            "1.5 JPY",
            None,
            MoneyError,
            "text",
            "1.5 JPY",
            "JPY has 0 decimal places; extra precision is not rounded",
        ),
    ],
)
def test_parse_refusals_carry_the_text_and_the_rule(text, currency, error, field, value, rule):
    with pytest.raises(error) as info:
        pt.Money.parse(text, currency)
    assert type(info.value) is error
    assert (info.value.field, info.value.value, info.value.rule) == (field, value, rule)


def test_parse_refuses_more_digits_than_the_largest_amount():
    text = "1" * 5000 + " CNY"
    with pytest.raises(MoneyError) as info:
        pt.Money.parse(text)
    assert (info.value.field, info.value.value, info.value.rule) == (
        "text",
        text,
        "is more than the largest amount, 1000000000000000000 minor units",
    )


@pytest.mark.parametrize(
    ("text", "currency", "amount", "code"),
    [
        ("99 CNY", None, 9900, "CNY"),
        ("99.5", "CNY", 9950, "CNY"),
        ("99.50 CNY", "CNY", 9950, "CNY"),
        ("-0.01 CNY", None, -1, "CNY"),
        ("  7 JPY ", None, 7, "JPY"),
    ],
)
def test_parse_the_edges_that_are_accepted(text, currency, amount, code):
    assert pt.Money.parse(text, currency) == pt.Money(amount=amount, currency=code)


@pytest.mark.parametrize("amount", [1.0, True, "100"])
def test_an_amount_is_an_int_of_minor_units(amount):
    with pytest.raises(MoneyError) as info:
        pt.Money(amount=amount, currency="CNY")
    assert (info.value.field, info.value.value) == ("amount", amount)
    assert info.value.rule == (
        "must be an int of minor units from -1000000000000000000 to 1000000000000000000"
        " (floats, Decimals and bools are never money)"
    )


@pytest.mark.parametrize("currency", ["cny", "CN", "CNYY", 156, None])
def test_a_currency_is_an_active_iso_4217_code(currency):
    with pytest.raises(MoneyError) as info:
        pt.Money(amount=1, currency=currency)
    assert (info.value.field, info.value.value) == ("currency", currency)
    assert info.value.rule == (
        "must be an active ISO 4217 code with a minor unit, such as 'CNY'"
        " (see pintuan.money.minor_digits)"
    )
