"""Exact money: integer minor units with a currency.

A :class:`Money` is an ``int`` of minor units (fen for CNY) and an ISO 4217
currency code. There is no float anywhere: floats are refused, decimal strings
with more precision than the currency has are refused rather than rounded, and
amounts in different currencies never meet.

    >>> from pintuan.money import Money
    >>> price = Money.parse("99.00 CNY")
    >>> price.amount, price.currency
    (9900, 'CNY')
    >>> str(price * 3)
    '297.00 CNY'
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import attrs

from pintuan.errors import CurrencyMismatch, MoneyError

__all__ = ["Money", "Rate", "allocate", "minor_digits"]

# ISO 4217 minor-unit exponents that differ from the usual 2.
_MINOR_DIGITS = {
    "BHD": 3, "CLP": 0, "IQD": 3, "ISK": 0, "JOD": 3, "JPY": 0, "KRW": 0,
    "KWD": 3, "LYD": 3, "OMR": 3, "PYG": 0, "TND": 3, "UGX": 0, "VND": 0,
}  # fmt: skip
_CURRENCY = re.compile(r"[A-Z]{3}")
_DECIMAL = re.compile(r"(?P<sign>-?)(?P<int>[0-9]+)(?:\.(?P<frac>[0-9]+))?")


def minor_digits(currency: str) -> int:
    """Return how many decimal digits the currency's minor unit has (CNY: 2)."""
    return _MINOR_DIGITS.get(currency, 2)


def _check_amount(_inst: object, _attr: object, value: Any) -> None:
    if type(value) is not int:
        raise MoneyError(
            "amount",
            value,
            "must be an int of minor units (floats, Decimals and bools are never money)",
        )


_KNOWN_CURRENCIES: set[str] = set()  # codes already validated (a cache, not state)


def _check_currency(_inst: object, _attr: object, value: Any) -> None:
    if type(value) is str and value in _KNOWN_CURRENCIES:
        return
    if not isinstance(value, str) or not _CURRENCY.fullmatch(value):
        raise MoneyError("currency", value, "must be a three-letter ISO 4217 code such as 'CNY'")
    if type(value) is str:
        _KNOWN_CURRENCIES.add(value)


@attrs.frozen(kw_only=True, order=False)
class Money:
    """An exact amount of one currency, in integer minor units.

    Attributes:
        amount: Minor units (fen for CNY); may be negative for differences.
        currency: ISO 4217 code, three upper-case letters.
    """

    amount: int = attrs.field(validator=_check_amount)
    currency: str = attrs.field(validator=_check_currency)

    @classmethod
    def zero(cls, currency: str) -> Money:
        """Return zero in ``currency``."""
        return cls(amount=0, currency=currency)

    @classmethod
    def parse(cls, text: str, currency: str | None = None) -> Money:
        """Parse ``"99.00 CNY"`` or ``("99.00", "CNY")`` into exact money.

        Fewer decimals than the currency has are fine (``"99"``, ``"99.5"``);
        more are refused, never rounded.

        Raises:
            MoneyError: The text is not a plain decimal, has too many decimals,
                or the currency is missing or malformed.
        """
        if not isinstance(text, str):
            raise MoneyError("text", text, "must be a decimal string such as '99.00'")
        number, _, code = text.strip().partition(" ")
        code = code.strip()
        if code and currency is not None and code != currency:
            raise CurrencyMismatch("currency", code, f"the text names {code}, not {currency}")
        cur = code or currency
        if cur is None:
            raise MoneyError("text", text, "needs a currency, as in '99.00 CNY'")
        _check_currency(None, None, cur)
        match = _DECIMAL.fullmatch(number)
        if match is None:
            raise MoneyError("text", text, "must be a plain decimal such as '99.00'")
        digits = minor_digits(cur)
        frac = match["frac"] or ""
        if len(frac) > digits:
            raise MoneyError(
                "text", text, f"{cur} has {digits} decimal places; extra precision is not rounded"
            )
        try:
            units = int(match["int"]) * 10**digits + int(frac.ljust(digits, "0") or "0")
        except ValueError:  # more digits than int() converts (sys.get_int_max_str_digits)
            raise MoneyError("text", text, "has too many digits") from None
        return cls(amount=-units if match["sign"] else units, currency=cur)

    def format(self) -> str:
        """Return the amount as a decimal string without the currency: ``"99.00"``."""
        # Integer arithmetic: Decimal would round to the thread's context
        # precision (28 digits by default, less if a caller lowered it).
        digits = minor_digits(self.currency)
        sign = "-" if self.amount < 0 else ""
        whole, frac = divmod(abs(self.amount), 10**digits)
        return f"{sign}{whole}.{frac:0{digits}d}" if digits else f"{sign}{whole}"

    def __str__(self) -> str:
        return f"{self.format()} {self.currency}"

    def _other(self, other: object, op: str) -> Money:
        if not isinstance(other, Money):
            raise MoneyError("other", other, f"{op} needs Money on both sides")
        if other.currency != self.currency:
            raise CurrencyMismatch(
                "currency", other.currency, f"cannot {op} {self.currency} and {other.currency}"
            )
        return other

    def __add__(self, other: Money) -> Money:
        return Money(amount=self.amount + self._other(other, "add").amount, currency=self.currency)

    def __sub__(self, other: Money) -> Money:
        return Money(
            amount=self.amount - self._other(other, "subtract").amount, currency=self.currency
        )

    def __neg__(self) -> Money:
        return Money(amount=-self.amount, currency=self.currency)

    def __mul__(self, factor: int) -> Money:
        if type(factor) is not int:
            raise MoneyError("factor", factor, "money is multiplied by ints only")
        if factor == 1:
            return self  # immutable: sharing it saves an allocation per order
        return Money(amount=self.amount * factor, currency=self.currency)

    __rmul__ = __mul__

    def __lt__(self, other: Money) -> bool:
        return self.amount < self._other(other, "compare").amount

    def __le__(self, other: Money) -> bool:
        return self.amount <= self._other(other, "compare").amount

    def __gt__(self, other: Money) -> bool:
        return self.amount > self._other(other, "compare").amount

    def __ge__(self, other: Money) -> bool:
        return self.amount >= self._other(other, "compare").amount

    def __bool__(self) -> bool:
        return self.amount != 0


def _check_bps(_inst: object, _attr: object, value: Any) -> None:
    if type(value) is not int or not 0 <= value <= 10_000:
        raise MoneyError("bps", value, "must be an int of basis points from 0 to 10000 (100%)")


@attrs.frozen(kw_only=True)
class Rate:
    """A rate in basis points (1 bp = 0.01%), applied rounding down.

    >>> Rate(bps=300).apply(Money.parse("0.99 CNY"))
    Money(amount=2, currency='CNY')
    """

    bps: int = attrs.field(validator=_check_bps)

    def apply(self, amount: Money) -> Money:
        """Return ``amount`` times the rate, rounded down to the minor unit.

        What rounding drops stays with whoever funds the payment;
        :meth:`remainder` reports it exactly.
        """
        if amount.amount < 0:
            raise MoneyError("amount", amount, "rates apply to non-negative amounts")
        return Money(amount=amount.amount * self.bps // 10_000, currency=amount.currency)

    def remainder(self, amount: Money) -> int:
        """Return what rounding down dropped, in ten-thousandths of a minor unit.

        ``apply(amount).amount * 10000 + remainder(amount)`` equals
        ``amount.amount * bps`` exactly, so a caller can record the leftover
        that stays with the operator without inventing a fractional fen.

        >>> Rate(bps=300).remainder(Money.parse("0.99 CNY"))
        9700
        """
        if amount.amount < 0:
            raise MoneyError("amount", amount, "rates apply to non-negative amounts")
        return amount.amount * self.bps % 10_000


def allocate(total: Money, weights: Mapping[str, int]) -> dict[str, Money]:
    """Split ``total`` across keys in proportion to integer weights.

    Uses the largest-remainder method: each key gets the floor of its exact
    share, and the minor units left over go one each to the keys with the
    largest remainders, ties broken by the key itself (never by position), so
    the result does not depend on the order of ``weights``. The parts always
    add up to ``total`` exactly.

    Examples:
        >>> parts = allocate(Money.parse("1.00 CNY"), {"a": 1, "b": 1, "c": 1})
        >>> [str(parts[k]) for k in ("a", "b", "c")]
        ['0.34 CNY', '0.33 CNY', '0.33 CNY']

    Raises:
        MoneyError: ``total`` is negative, a weight is not a non-negative int,
            or all weights are zero.
    """
    if not isinstance(total, Money):
        raise MoneyError("total", total, "must be Money")
    if total.amount < 0:
        raise MoneyError("total", total, "must not be negative")
    whole = 0
    for key, weight in weights.items():
        if type(weight) is not int or weight < 0:
            raise MoneyError(f"weights[{key!r}]", weight, "must be a non-negative int")
        whole += weight
    if whole == 0:
        raise MoneyError("weights", dict(weights), "need at least one positive weight")
    shares: dict[str, int] = {}
    remainders: list[tuple[int, str]] = []
    for key, weight in weights.items():
        share, rem = divmod(total.amount * weight, whole)
        shares[key] = share
        remainders.append((-rem, key))
    left = total.amount - sum(shares.values())
    remainders.sort()
    for _, key in remainders[:left]:
        shares[key] += 1
    return {key: Money(amount=shares[key], currency=total.currency) for key in sorted(shares)}
