"""Tiered group buy (阶梯拼团): bigger groups pay lower prices.

A :class:`TierTable` lists rows of (members needed, unit price). A tiered group
succeeds when it reaches the first tier, keeps accepting members up to the top
tier's size until its deadline, and its **final tier is fixed by the member
count when it closes**. Everyone then pays the final tier's price; whoever paid
more at joining is refunded the difference to the original payment.

    >>> from pintuan.money import Money
    >>> table = TierTable.of([(3, "99.00 CNY"), (5, "89.00 CNY"), (8, "79.00 CNY")], stock=1000)
    >>> str(table.price_for(6))
    '89.00 CNY'
    >>> table.price_for(2) is None
    True
"""

from __future__ import annotations

import enum
import itertools
from collections.abc import Iterable
from typing import Any

import attrs

from pintuan import _validators as v
from pintuan.errors import ConfigurationError, CurrencyMismatch, MoneyError
from pintuan.money import Money

__all__ = ["Tier", "TierPayment", "TierTable"]


class TierPayment(enum.Enum):
    """What a member pays when joining a tiered group.

    Both settle to the same final unit price; they differ in how much is
    refunded at close.

    ``FIRST_TIER``: everyone pays the first tier's price and gets the
    difference back at close (the seed's rule). ``CURRENT_TIER``: a member pays
    the price of the tier the group reaches with them; earlier, dearer payers
    get the difference back at close.
    """

    FIRST_TIER = "first_tier"
    CURRENT_TIER = "current_tier"


@attrs.frozen(kw_only=True)
class Tier:
    """One row of a tier table: at ``size`` members or more, pay ``unit_price``."""

    size: int = attrs.field(validator=v.group_size(error=ConfigurationError))
    unit_price: Money = attrs.field(validator=v.money(positive=True, error=ConfigurationError))


@attrs.frozen(kw_only=True)
class TierTable:
    """The tiers of a tiered campaign, and the stock it sells.

    Attributes:
        tiers: Rows with strictly ascending sizes and non-increasing prices
            (a bigger group never pays more), all in one currency.
        stock: Units the campaign may sell; at least the first tier's size.
    """

    tiers: tuple[Tier, ...] = attrs.field()
    stock: int = attrs.field()

    @tiers.validator
    def _check_tiers(self, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, tuple) or not all(isinstance(t, Tier) for t in value):
            raise ConfigurationError("tiers", value, "must be a tuple of Tier")
        if not value:
            raise ConfigurationError("tiers", value, "a tier table needs at least one tier")
        currency = value[0].unit_price.currency
        for i, (lower, upper) in enumerate(itertools.pairwise(value), start=1):
            if upper.unit_price.currency != currency:
                raise CurrencyMismatch(
                    f"tiers[{i}].unit_price", str(upper.unit_price), f"all tiers must be {currency}"
                )
            if upper.size == lower.size:
                raise ConfigurationError(f"tiers[{i}].size", upper.size, "duplicate tier size")
            if upper.size < lower.size:
                raise ConfigurationError(
                    f"tiers[{i}].size", upper.size, f"sizes must ascend (after {lower.size})"
                )
            if upper.unit_price > lower.unit_price:
                raise ConfigurationError(
                    f"tiers[{i}].unit_price",
                    str(upper.unit_price),
                    f"a bigger group never pays more (the tier of {lower.size} pays "
                    f"{lower.unit_price})",
                )

    @stock.validator
    def _check_stock(self, attribute: attrs.Attribute[int], value: Any) -> None:
        if type(value) is not int or value < self.tiers[0].size:
            raise ConfigurationError(
                "stock", value, f"must be an int of at least the first tier's {self.tiers[0].size}"
            )

    @classmethod
    def of(cls, rows: Iterable[tuple[int, str | Money]], *, stock: int) -> TierTable:
        """Build a table from ``(size, price)`` rows; prices may be ``"99.00 CNY"`` strings.

        Raises:
            ConfigurationError: A row is not a ``(size, price)`` pair, or the
                table breaks a rule of :class:`TierTable`; a bad row is named
                by its index, as ``rows[1].price``.
            MoneyError: A price string is not exact money.
        """
        if not isinstance(rows, Iterable):
            raise ConfigurationError("rows", rows, "must be an iterable of (size, price) pairs")
        return cls(tiers=tuple(_tier(i, row) for i, row in enumerate(rows)), stock=stock)

    @property
    def first(self) -> Tier:
        """The smallest tier: reaching it makes the group succeed."""
        return self.tiers[0]

    @property
    def top(self) -> Tier:
        """The largest tier: reaching it fills and closes the group."""
        return self.tiers[-1]

    @property
    def currency(self) -> str:
        """The currency of every tier."""
        return self.first.unit_price.currency

    def price_for(self, members: int) -> Money | None:
        """Return the unit price for a group of ``members``, or ``None`` below the first tier.

        Raises:
            ConfigurationError: ``members`` is not an int.
        """
        if type(members) is not int:
            raise ConfigurationError("members", members, "must be an int")
        price = None
        for tier in self.tiers:
            if members < tier.size:
                break
            price = tier.unit_price
        return price


def _tier(index: int, row: Any) -> Tier:
    """Row ``index`` of :meth:`TierTable.of` as a tier; a bad row is named ``rows[index]``."""
    where = f"rows[{index}]"
    if not isinstance(row, tuple | list) or len(row) != 2:
        raise ConfigurationError(where, row, "must be a (size, price) pair")
    size, price = row
    if isinstance(price, str):
        try:
            price = Money.parse(price)
        except MoneyError as exc:
            raise type(exc)(f"{where}.price", price, exc.rule) from None
    elif not isinstance(price, Money):
        raise ConfigurationError(
            f"{where}.price", price, "must be Money or a string such as '99.00 CNY'"
        )
    try:
        return Tier(size=size, unit_price=price)
    except ConfigurationError as exc:
        field = "price" if exc.field == "unit_price" else exc.field
        raise ConfigurationError(f"{where}.{field}", exc.value, exc.rule) from None
