"""Edges of money: currencies given as str subclasses, and the smallest amounts.

A currency code that is a ``str`` subclass is validated like any other and
compares equal to the plain code; it is simply not cached.
"""

from __future__ import annotations

import pytest

import pintuan as pt
from pintuan.errors import MoneyError


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
