"""Exact money: Money, Rate, allocate and minor_digits."""

from __future__ import annotations

import decimal
import pickle
import re
from decimal import Decimal
from fractions import Fraction

import attrs
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from _factories import cny
from pintuan.errors import CurrencyMismatch, MoneyError
from pintuan.money import MAX_AMOUNT, Money, Rate, allocate, minor_digits

# Currencies with 2 (the usual), 0 and 3 minor digits.
CURRENCIES = ["CNY", "USD", "EUR", "JPY", "KRW", "BHD", "KWD"]

NOT_INTS = [1.0, 0.5, float("nan"), True, False, Decimal("1"), Fraction(1), "1", None]


ANY_CURRENCY = st.sampled_from(CURRENCIES)


@st.composite
def moneys(draw, *, currencies=ANY_CURRENCY, min_value=-MAX_AMOUNT, max_value=MAX_AMOUNT):
    return Money(
        amount=draw(st.integers(min_value=min_value, max_value=max_value)),
        currency=draw(currencies),
    )


# ---------------------------------------------------------------------------
# minor digits


@pytest.mark.parametrize(
    ("currency", "digits"),
    [("CNY", 2), ("USD", 2), ("JPY", 0), ("KRW", 0), ("BHD", 3), ("KWD", 3), ("CLF", 4)],
)
def test_minor_digits(currency, digits):
    assert minor_digits(currency) == digits


@pytest.mark.parametrize("currency", ["XYZ", "ABC", "XAU", "HRK", "cny", "", None, 156])
def test_minor_digits_of_an_unknown_currency_raises(currency):
    # Regression: an unknown code used to default to 2 digits.
    with pytest.raises(MoneyError) as info:
        minor_digits(currency)
    assert (info.value.field, info.value.value) == ("currency", currency)


# ---------------------------------------------------------------------------
# construction


def test_money_holds_int_minor_units_and_currency():
    m = Money(amount=9900, currency="CNY")
    assert (m.amount, m.currency) == (9900, "CNY")
    assert Money.zero("JPY") == Money(amount=0, currency="JPY")


@pytest.mark.parametrize("amount", NOT_INTS)
def test_non_int_amounts_are_refused(amount):
    with pytest.raises(MoneyError) as info:
        Money(amount=amount, currency="CNY")
    assert info.value.field == "amount"
    assert info.value.value is amount


@pytest.mark.parametrize(
    "currency",
    ["cny", "Cny", "CN", "CNYY", "", "C1Y", "\uff23\uff2e\uff39", " CNY", None, 156],  # full-width
)
def test_bad_currency_codes_are_refused(currency):
    with pytest.raises(MoneyError) as info:
        Money(amount=1, currency=currency)
    assert info.value.field == "currency"
    assert info.value.value == currency


def test_money_is_frozen_and_hashable():
    m = cny("1.00")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        m.amount = 2  # type: ignore[misc]
    assert len({m, cny("1"), cny("1.0")}) == 1


def test_money_constructor_is_keyword_only():
    with pytest.raises(TypeError):
        Money(100, "CNY")  # type: ignore[misc]


@given(moneys())
def test_money_pickles(m):
    assert pickle.loads(pickle.dumps(m)) == m


# ---------------------------------------------------------------------------
# parsing and formatting


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("99.00 CNY", 9900, "CNY"),
        ("99 CNY", 9900, "CNY"),
        ("99.5 CNY", 9950, "CNY"),
        ("0.01 CNY", 1, "CNY"),
        ("-0.50 CNY", -50, "CNY"),
        ("  99.00   CNY  ", 9900, "CNY"),
        ("007.00 CNY", 700, "CNY"),
        ("1000 JPY", 1000, "JPY"),
        ("-3 JPY", -3, "JPY"),
        ("1.234 BHD", 1234, "BHD"),
        ("1.2 BHD", 1200, "BHD"),
        ("0.001 BHD", 1, "BHD"),
    ],
)
def test_parse_examples(text, amount, currency):
    assert Money.parse(text) == Money(amount=amount, currency=currency)


def test_parse_with_separate_currency():
    assert Money.parse("99.00", "CNY") == Money(amount=9900, currency="CNY")
    assert Money.parse("99.00 CNY", "CNY") == Money(amount=9900, currency="CNY")


@pytest.mark.parametrize(
    "text", ["99.001 CNY", "0.001 CNY", "99.000 CNY", "1.5 JPY", "1.0 JPY", "1.2345 BHD"]
)
def test_parse_refuses_extra_precision_instead_of_rounding(text):
    with pytest.raises(MoneyError) as info:
        Money.parse(text)
    assert info.value.field == "text"
    assert info.value.value == text


@pytest.mark.parametrize(
    "text",
    [
        "",
        "CNY",
        "abc CNY",
        "1e3 CNY",
        "+1 CNY",
        "1,000.00 CNY",
        "1_000 CNY",
        ".5 CNY",
        "5. CNY",
        "- 5 CNY",
        "--5 CNY",
        "NaN CNY",
        "Infinity CNY",
        "\uff11\uff12 CNY",  # full-width digits
        "٣ CNY",  # Arabic-Indic digit
        "99.00CNY",
        "0x10 CNY",
    ],
)
def test_parse_refuses_anything_but_a_plain_decimal(text):
    with pytest.raises(MoneyError):
        Money.parse(text)


@pytest.mark.parametrize("text", [99, 99.0, Decimal("99.00"), None, b"99.00 CNY"])
def test_parse_refuses_non_strings(text):
    with pytest.raises(MoneyError) as info:
        Money.parse(text)  # type: ignore[arg-type]
    assert info.value.field == "text"


def test_parse_needs_a_currency():
    with pytest.raises(MoneyError) as info:
        Money.parse("99.00")
    assert info.value.field == "text"


@pytest.mark.parametrize("text", ["99.00 cny", "99.00 CN", "99.00 CNY extra"])
def test_parse_refuses_bad_currency_codes(text):
    with pytest.raises(MoneyError) as info:
        Money.parse(text)
    assert info.value.field == "currency"


def test_parse_refuses_a_text_currency_that_contradicts_the_argument():
    with pytest.raises(CurrencyMismatch) as info:
        Money.parse("99.00 USD", "CNY")
    assert (info.value.field, info.value.value) == ("currency", "USD")


def test_parse_of_absurdly_long_numbers_is_a_money_error():
    # Regression: int() refuses > 4300 digits with a bare ValueError.
    with pytest.raises(MoneyError):
        Money.parse("1" * 5000 + " CNY")


@pytest.mark.parametrize(
    ("amount", "currency", "text"),
    [
        (9900, "CNY", "99.00 CNY"),
        (0, "CNY", "0.00 CNY"),
        (1, "CNY", "0.01 CNY"),
        (-1, "CNY", "-0.01 CNY"),
        (-50, "CNY", "-0.50 CNY"),
        (-9900, "CNY", "-99.00 CNY"),
        (0, "JPY", "0 JPY"),
        (1500, "JPY", "1500 JPY"),
        (-7, "JPY", "-7 JPY"),
        (1, "BHD", "0.001 BHD"),
        (-1234567, "BHD", "-1234.567 BHD"),
        (10**18, "CNY", "1" + "0" * 16 + ".00 CNY"),
        (-(10**18), "JPY", "-1" + "0" * 18 + " JPY"),
    ],
)
def test_format_examples(amount, currency, text):
    m = Money(amount=amount, currency=currency)
    assert str(m) == text
    assert m.format() == text.split(" ")[0]


def test_format_does_not_depend_on_the_decimal_context():
    # Regression: formatting went through Decimal and failed (InvalidOperation)
    # for amounts beyond the context precision (28 digits, or fewer if a caller
    # lowered it).
    with decimal.localcontext() as ctx:
        ctx.prec = 4
        assert str(Money(amount=123456, currency="CNY")) == "1234.56 CNY"
    assert str(Money(amount=10**18, currency="JPY")) == "1" + "0" * 18 + " JPY"


@given(moneys())
def test_parse_format_round_trip(m):
    assert Money.parse(str(m)) == m
    assert Money.parse(m.format(), m.currency) == m


@given(moneys())
def test_format_has_exactly_the_currency_digits(m):
    text = m.format()
    digits = minor_digits(m.currency)
    if digits:
        assert re.fullmatch(rf"-?(0|[1-9][0-9]*)\.[0-9]{{{digits}}}", text)
    else:
        assert re.fullmatch(r"-?(0|[1-9][0-9]*)", text)
    assert text.startswith("-") == (m.amount < 0)


@given(
    st.sampled_from(CURRENCIES).flatmap(
        lambda cur: st.tuples(
            st.just(cur),
            st.from_regex(rf"-?[0-9]{{1,15}}(\.[0-9]{{1,{minor_digits(cur)}}})?", fullmatch=True)
            if minor_digits(cur)
            else st.from_regex(r"-?[0-9]{1,18}", fullmatch=True),
        )
    )
)
def test_parse_is_exact_for_every_valid_decimal(args):
    currency, text = args
    m = Money.parse(text, currency)
    assert Decimal(m.amount).scaleb(-minor_digits(currency), decimal.Context(prec=100)) == Decimal(
        text
    )


# ---------------------------------------------------------------------------
# arithmetic and comparison


HALF = MAX_AMOUNT // 2


@given(
    moneys(currencies=st.just("CNY"), min_value=-HALF, max_value=HALF),
    moneys(currencies=st.just("CNY"), min_value=-HALF, max_value=HALF),
)
def test_add_sub_neg_are_exact(a, b):
    assert (a + b).amount == a.amount + b.amount
    assert (a - b).amount == a.amount - b.amount
    assert (a + b) - b == a
    neg = -a
    assert neg.amount == -a.amount
    assert -neg == a
    assert a - a == Money.zero("CNY")
    assert (a + b).currency == "CNY"


@given(moneys(min_value=-HALF // 1000, max_value=HALF // 1000), st.integers(-1000, 1000))
def test_multiply_by_int_on_either_side(m, n):
    assert (m * n).amount == m.amount * n
    assert n * m == m * n


@pytest.mark.parametrize("factor", NOT_INTS)
def test_multipliers_must_be_ints(factor):
    m = cny("99.00")
    with pytest.raises(MoneyError) as info:
        m * factor
    assert info.value.field == "factor"
    with pytest.raises(MoneyError):
        factor * m


@given(moneys(currencies=st.just("CNY")), moneys(currencies=st.just("CNY")))
def test_comparison_follows_amounts_within_a_currency(a, b):
    assert (a < b) == (a.amount < b.amount)
    assert (a <= b) == (a.amount <= b.amount)
    assert (a > b) == (a.amount > b.amount)
    assert (a >= b) == (a.amount >= b.amount)
    assert (a == b) == (a.amount == b.amount)


def test_bool_is_non_zero():
    assert not Money.zero("CNY")
    assert cny("0.01")
    assert cny("-0.01")


OPERATIONS = {
    "add": lambda a, b: a + b,
    "sub": lambda a, b: a - b,
    "lt": lambda a, b: a < b,
    "le": lambda a, b: a <= b,
    "gt": lambda a, b: a > b,
    "ge": lambda a, b: a >= b,
}


@pytest.mark.parametrize("op", OPERATIONS.values(), ids=OPERATIONS.keys())
def test_mixed_currencies_never_meet(op):
    with pytest.raises(CurrencyMismatch) as info:
        op(cny("1.00"), Money(amount=100, currency="USD"))
    assert (info.value.field, info.value.value) == ("currency", "USD")


@given(st.data())
def test_mixed_currencies_never_meet_property(data):
    a = data.draw(moneys())
    b = data.draw(moneys(currencies=ANY_CURRENCY.filter(lambda c: c != a.currency)))
    for op in OPERATIONS.values():
        with pytest.raises(CurrencyMismatch):
            op(a, b)
    # Equality is not an operation on amounts: different currencies are unequal.
    assert a != b


@pytest.mark.parametrize("op", OPERATIONS.values(), ids=OPERATIONS.keys())
@pytest.mark.parametrize("other", [1, 1.0, Decimal("1"), "1.00 CNY", None])
def test_money_only_meets_money(op, other):
    with pytest.raises(MoneyError) as info:
        op(cny("1.00"), other)
    assert info.value.field == "other"


# ---------------------------------------------------------------------------
# allocate


@st.composite
def weight_maps(draw, *, min_size=1, max_size=12, max_weight=1000):
    """Mappings of distinct keys to non-negative int weights, at least one positive."""
    keys = draw(st.lists(st.text(max_size=6), min_size=min_size, max_size=max_size, unique=True))
    weights = draw(
        st.lists(
            st.integers(min_value=0, max_value=max_weight), min_size=len(keys), max_size=len(keys)
        )
    )
    assume(any(weights))
    return dict(zip(keys, weights, strict=True))


totals = moneys(min_value=0, max_value=10**12)


def test_allocate_docstring_example():
    parts = allocate(cny("1.00"), {"a": 1, "b": 1, "c": 1})
    assert {k: str(v) for k, v in parts.items()} == {
        "a": "0.34 CNY",
        "b": "0.33 CNY",
        "c": "0.33 CNY",
    }


def test_allocate_ties_go_to_the_smallest_keys_whatever_the_order():
    expected = {"a": 1, "b": 1, "c": 0}
    for weights in ({"a": 1, "b": 1, "c": 1}, {"c": 1, "b": 1, "a": 1}, {"b": 1, "c": 1, "a": 1}):
        parts = allocate(Money(amount=2, currency="CNY"), weights)
        assert {k: v.amount for k, v in parts.items()} == expected


def test_allocate_tie_break_is_plain_string_order_not_natural_order():
    # "o10" < "o2" < "o9" as strings; callers who want numeric order must pad ids.
    parts = allocate(Money(amount=2, currency="CNY"), {"o9": 1, "o2": 1, "o10": 1})
    assert {k: v.amount for k, v in parts.items()} == {"o10": 1, "o2": 1, "o9": 0}


def test_allocate_larger_remainder_beats_smaller_key():
    # Exact shares 3.33.. and 6.66..: the spare unit goes to "b" (remainder 2/3),
    # not to "a" (remainder 1/3), although "a" sorts first.
    parts = allocate(Money(amount=10, currency="CNY"), {"a": 1, "b": 2})
    assert {k: v.amount for k, v in parts.items()} == {"a": 3, "b": 7}


def test_allocate_zero_weight_gets_zero():
    parts = allocate(Money(amount=5, currency="CNY"), {"a": 0, "b": 1, "c": 1})
    assert {k: v.amount for k, v in parts.items()} == {"a": 0, "b": 3, "c": 2}


def test_allocate_zero_total_gives_zeros():
    parts = allocate(Money.zero("JPY"), {"a": 1, "b": 2})
    assert parts == {"a": Money.zero("JPY"), "b": Money.zero("JPY")}


def test_allocate_does_not_change_its_input():
    weights = {"b": 1, "a": 2}
    allocate(cny("1.00"), weights)
    assert list(weights.items()) == [("b", 1), ("a", 2)]


@given(totals, weight_maps())
def test_allocate_parts_sum_exactly_to_the_total(total, weights):
    parts = allocate(total, weights)
    assert set(parts) == set(weights)
    assert all(p.currency == total.currency for p in parts.values())
    assert sum(p.amount for p in parts.values()) == total.amount


@given(totals, weight_maps())
def test_allocate_each_part_is_within_one_unit_of_its_exact_share(total, weights):
    parts = allocate(total, weights)
    whole = sum(weights.values())
    for key, weight in weights.items():
        exact_times_whole = total.amount * weight
        # floor(exact) <= part <= ceil(exact), i.e. |part - exact| < 1.
        assert abs(parts[key].amount * whole - exact_times_whole) < whole
        assert parts[key].amount >= 0


@given(totals, weight_maps())
def test_allocate_zero_weights_get_zero(total, weights):
    parts = allocate(total, weights)
    for key, weight in weights.items():
        if weight == 0:
            assert parts[key].amount == 0


@given(totals, weight_maps(), st.randoms(use_true_random=False))
def test_allocate_does_not_depend_on_insertion_order(total, weights, rnd):
    items = list(weights.items())
    rnd.shuffle(items)
    shuffled = dict(items)
    assert list(allocate(total, shuffled).items()) == list(allocate(total, weights).items())


@given(totals, weight_maps(), st.data())
def test_allocate_does_not_depend_on_insertion_order_permutations(total, weights, data):
    shuffled = dict(data.draw(st.permutations(list(weights.items()))))
    assert allocate(total, shuffled) == allocate(total, weights)


@given(totals, weight_maps())
def test_allocate_extra_units_go_by_largest_remainder_then_smallest_key(total, weights):
    parts = allocate(total, weights)
    whole = sum(weights.values())
    floors = {k: total.amount * w // whole for k, w in weights.items()}
    rems = {k: total.amount * w % whole for k, w in weights.items()}
    got_extra = {k for k in weights if parts[k].amount == floors[k] + 1}
    assert all(parts[k].amount == floors[k] for k in weights if k not in got_extra)
    for winner in got_extra:
        for other in set(weights) - got_extra:
            assert (-rems[winner], winner) < (-rems[other], other)


@given(totals, weight_maps(), st.text(max_size=6))
def test_allocate_adding_a_zero_weight_key_changes_nothing_else(total, weights, extra):
    assume(extra not in weights)
    before = allocate(total, weights)
    after = allocate(total, {**weights, extra: 0})
    assert after.pop(extra).amount == 0
    assert after == before


@given(totals, st.integers(min_value=1, max_value=50))
def test_allocate_equal_weights_differ_by_at_most_one_unit(total, n):
    parts = allocate(total, {f"k{i:03d}": 1 for i in range(n)})
    amounts = [p.amount for p in parts.values()]  # in key order
    assert max(amounts) - min(amounts) <= 1
    assert amounts == sorted(amounts, reverse=True)


def test_allocate_refuses_negative_total():
    with pytest.raises(MoneyError) as info:
        allocate(cny("-0.01"), {"a": 1})
    assert info.value.field == "total"


@pytest.mark.parametrize("total", [100, 1.0, Decimal("1.00"), "1.00 CNY"])
def test_allocate_refuses_a_total_that_is_not_money(total):
    with pytest.raises(MoneyError) as info:
        allocate(total, {"a": 1})  # type: ignore[arg-type]
    assert info.value.field == "total"


def test_allocate_refuses_negative_weights():
    with pytest.raises(MoneyError) as info:
        allocate(cny("1.00"), {"a": 1, "b": -1})
    assert (info.value.field, info.value.value) == ("weights['b']", -1)


@pytest.mark.parametrize("weight", NOT_INTS)
def test_allocate_refuses_non_int_weights(weight):
    with pytest.raises(MoneyError) as info:
        allocate(cny("1.00"), {"a": 1, "b": weight})
    assert info.value.field == "weights['b']"


@pytest.mark.parametrize("weights", [{}, {"a": 0}, {"a": 0, "b": 0}])
def test_allocate_refuses_all_zero_weights(weights):
    with pytest.raises(MoneyError) as info:
        allocate(cny("1.00"), weights)
    assert info.value.field == "weights"


# ---------------------------------------------------------------------------
# Rate


@pytest.mark.parametrize("bps", [-1, 10_001, 10**9, *NOT_INTS])
def test_rate_refuses_bad_basis_points(bps):
    with pytest.raises(MoneyError) as info:
        Rate(bps=bps)
    assert info.value.field == "bps"


@pytest.mark.parametrize("bps", [0, 1, 300, 10_000])
def test_rate_accepts_0_to_10000(bps):
    assert Rate(bps=bps).bps == bps


def test_rate_rounds_down():
    # 3% of 0.99 is 2.97 fen: 2 fen paid, 0.97 fen (9700/10000) stays with the operator.
    rate = Rate(bps=300)
    assert rate.apply(cny("0.99")) == cny("0.02")
    assert rate.remainder(cny("0.99")) == 9700
    assert Rate(bps=1).apply(cny("99.99")) == Money.zero("CNY")
    assert Rate(bps=9999).apply(cny("0.01")) == Money.zero("CNY")


def test_rate_bounds():
    x = cny("123.45")
    assert Rate(bps=0).apply(x) == Money.zero("CNY")
    assert Rate(bps=10_000).apply(x) == x
    assert Rate(bps=10_000).remainder(x) == 0


def test_rate_refuses_negative_amounts():
    with pytest.raises(MoneyError):
        Rate(bps=100).apply(cny("-1.00"))
    with pytest.raises(MoneyError):
        Rate(bps=100).remainder(cny("-1.00"))


@given(st.integers(min_value=0, max_value=10_000), moneys(min_value=0))
def test_rate_apply_plus_remainder_is_exact(bps, x):
    rate = Rate(bps=bps)
    applied = rate.apply(x)
    remainder = rate.remainder(x)
    assert applied.currency == x.currency
    assert applied.amount * 10_000 + remainder == x.amount * bps
    assert 0 <= remainder < 10_000
    assert Money.zero(x.currency) <= applied <= x
