"""Exact money: integer minor units with a currency.

A :class:`Money` is an ``int`` of minor units (fen for CNY) and an active ISO
4217 currency code. There is no float anywhere: floats are refused, decimal
strings with more precision than the currency has are refused rather than
rounded, and amounts in different currencies never meet. An amount is at most
:data:`MAX_AMOUNT` minor units either way.

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
from typing import Any, Final

import attrs

from pintuan._currencies import MINOR_DIGITS
from pintuan.errors import CurrencyMismatch, MoneyError

__all__ = ["MAX_AMOUNT", "Money", "Rate", "allocate", "minor_digits"]

#: The largest amount, in minor units, either way: 10**18 (10**16 yuan in
#: CNY), far above any real payment and safely inside a signed 64-bit column.
MAX_AMOUNT: Final = 10**18
_AMOUNT_RULE = (
    f"must be an int of minor units from -{MAX_AMOUNT} to {MAX_AMOUNT} "
    "(floats, Decimals and bools are never money)"
)
_CODES: Final = frozenset(MINOR_DIGITS)  # membership only: a little faster than the mapping
_DECIMAL = re.compile(r"(?P<sign>-?)(?P<int>[0-9]+)(?:\.(?P<frac>[0-9]+))?")


def minor_digits(currency: str) -> int:
    """Return how many decimal digits the currency's minor unit has (CNY: 2, JPY: 0).

    Raises:
        MoneyError: ``currency`` is not an active ISO 4217 code with a minor unit.
    """
    _check_currency(None, None, currency)
    return MINOR_DIGITS[currency]


def _check_amount(_inst: object, _attr: object, value: Any) -> None:
    if type(value) is not int or not -MAX_AMOUNT <= value <= MAX_AMOUNT:
        raise MoneyError("amount", value, _AMOUNT_RULE)


def _check_currency(_inst: object, _attr: object, value: Any) -> None:
    if not isinstance(value, str) or value not in _CODES:
        raise MoneyError(
            "currency",
            value,
            "must be an active ISO 4217 code with a minor unit, such as 'CNY' "
            "(see pintuan.money.minor_digits)",
        )


@attrs.frozen(kw_only=True, order=False)
class Money:
    """An exact amount of one currency, in integer minor units.

    Attributes:
        amount: Minor units (fen for CNY); may be negative for differences.
            At most :data:`MAX_AMOUNT` (10**18) either way; an operation whose
            result would be larger raises :class:`~pintuan.errors.MoneyError`.
        currency: An active ISO 4217 code that has a minor unit, such as
            ``"CNY"``; ``"ABC"`` or gold (``"XAU"``) are refused.
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
        whole = match["int"].lstrip("0")
        units = 0 if len(whole) > 19 else int(whole or "0") * 10**digits
        units += int(frac.ljust(digits, "0") or "0")
        if len(whole) > 19 or units > MAX_AMOUNT:  # also spares int() a huge string
            raise MoneyError(
                "text", text, f"is more than the largest amount, {MAX_AMOUNT} minor units"
            )
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
        if type(other) is Money and other.currency == self.currency:
            return _made(self.amount + other.amount, self.currency)
        return Money(amount=self.amount + self._other(other, "add").amount, currency=self.currency)

    def __sub__(self, other: Money) -> Money:
        if type(other) is Money and other.currency == self.currency:
            return _made(self.amount - other.amount, self.currency)
        return Money(
            amount=self.amount - self._other(other, "subtract").amount, currency=self.currency
        )

    def __neg__(self) -> Money:
        return _made(-self.amount, self.currency)

    def __mul__(self, factor: int) -> Money:
        if type(factor) is not int:
            raise MoneyError("factor", factor, "money is multiplied by ints only")
        if factor == 1:
            return self  # immutable: sharing it saves an allocation per order
        return _made(self.amount * factor, self.currency)

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


_new = object.__new__
_slot: Any = Money.__dict__  # the slots' descriptors set the fields, as __init__ does
_set_amount, _set_currency = _slot["amount"].__set__, _slot["currency"].__set__


def _made(amount: int, currency: str) -> Money:
    """``Money(amount=amount, currency=currency)``, ``currency`` an operand's (checked).

    Arithmetic is the hot path of settlement: the amount's range is checked
    here, inline, and the constructor's own checks are skipped when it holds.
    """
    if -MAX_AMOUNT <= amount <= MAX_AMOUNT:
        money: Money = _new(Money)
        _set_amount(money, amount)
        _set_currency(money, currency)
        return money
    return Money(amount=amount, currency=currency)  # raises, naming the amount


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
        _check_rated(amount)
        return Money(amount=amount.amount * self.bps // 10_000, currency=amount.currency)

    def remainder(self, amount: Money) -> int:
        """Return what rounding down dropped, in ten-thousandths of a minor unit.

        ``apply(amount).amount * 10000 + remainder(amount)`` equals
        ``amount.amount * bps`` exactly, so a caller can record the leftover
        that stays with the operator without inventing a fractional fen.

        >>> Rate(bps=300).remainder(Money.parse("0.99 CNY"))
        9700
        """
        _check_rated(amount)
        return amount.amount * self.bps % 10_000


def _check_rated(amount: Any) -> None:
    if not isinstance(amount, Money):
        raise MoneyError("amount", amount, "must be Money (see Money.parse)")
    if amount.amount < 0:
        raise MoneyError("amount", amount, "rates apply to non-negative amounts")


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
        MoneyError: ``total`` is not Money or is negative, ``weights`` is not
            a mapping, a weight is not a non-negative int, or all weights are
            zero.
    """
    if not isinstance(total, Money):
        raise MoneyError("total", total, "must be Money")
    if total.amount < 0:
        raise MoneyError("total", total, "must not be negative")
    if not isinstance(weights, Mapping):
        raise MoneyError("weights", weights, "must be a mapping of keys to int weights")
    whole = 0
    for key, weight in weights.items():
        if not isinstance(key, str):
            raise MoneyError("weights", key, "keys must be strings (they break ties)")
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
