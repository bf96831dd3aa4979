"""The ISO 4217 table behind Money, cross-checked against CLDR (babel's data)."""

from __future__ import annotations

import pytest

from pintuan._currencies import MINOR_DIGITS
from pintuan.errors import MoneyError
from pintuan.money import Money, minor_digits

# Active in CLDR but not money here: CNH (offshore yuan) and XAD are not ISO
# codes; the rest have no minor unit in ISO 4217 ("N.A."): metals, the SDR and
# other units of account, the testing code and "no currency".
NOT_MONEY = frozenset(
    {"CNH", "XAD", "XAG", "XAU", "XBA", "XBB", "XBC", "XBD", "XDR", "XPD", "XPT", "XSU", "XTS"}
    | {"XUA", "XXX"}
)
# ISO 4217 still lists the Salvadoran colon; CLDR ended it when El Salvador
# took the US dollar.
ISO_ONLY = frozenset({"SVC"})
# CLDR's digits are a display precision and differ from ISO's minor unit here
# (ISO first): CLDR shows no decimals for these.
CLDR_DIGITS_DIFFER = {
    "AFN": (2, 0), "ALL": (2, 0), "COP": (2, 0), "HUF": (2, 0), "IDR": (2, 0),
    "IQD": (3, 0), "IRR": (2, 0), "KPW": (2, 0), "LAK": (2, 0), "LBP": (2, 0),
    "MGA": (2, 0), "MMK": (2, 0), "SOS": (2, 0), "SYP": (2, 0), "YER": (2, 0),
}  # fmt: skip


def _cldr() -> tuple[set[str], dict[str, tuple[int, ...]]]:
    core = pytest.importorskip("babel.core")
    territories = core.get_global("territory_currencies")
    active = {code for spans in territories.values() for code, _, end, _ in spans if end is None}
    return active, core.get_global("currency_fractions")


def test_the_table_lists_every_active_currency_cldr_knows() -> None:
    active, _ = _cldr()
    assert active - NOT_MONEY == set(MINOR_DIGITS) - ISO_ONLY


def test_the_minor_units_agree_with_cldr_where_cldr_follows_iso() -> None:
    _, fractions = _cldr()
    default = fractions["DEFAULT"][0]
    for code, digits in MINOR_DIGITS.items():
        cldr = fractions.get(code, (default,))[0]
        if code in CLDR_DIGITS_DIFFER:
            assert (digits, cldr) == CLDR_DIGITS_DIFFER[code], code
        else:
            assert digits == cldr, code


def test_the_table_is_well_formed() -> None:
    assert len(MINOR_DIGITS) >= 150
    for code, digits in MINOR_DIGITS.items():
        assert len(code) == 3
        assert code.isascii()
        assert code.isupper()
        assert digits in (0, 2, 3, 4)
        assert minor_digits(code) == digits
        assert Money.zero(code).currency == code


@pytest.mark.parametrize("code", ["ABC", "XYZ", "XAU", "XXX", "HRK", "CNH", "cny", "RMB"])
def test_codes_not_on_the_list_are_refused(code: str) -> None:
    # Regression: "ABC" was accepted as a currency (any three capitals were).
    with pytest.raises(MoneyError) as info:
        Money(amount=1, currency=code)
    assert (info.value.field, info.value.value) == ("currency", code)
    assert "ISO 4217" in info.value.rule
    with pytest.raises(MoneyError):
        Money.parse(f"1 {code}")
