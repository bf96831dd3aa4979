"""Strategies for the plain values: money, instants, schedules, tier tables, seeds.

Each follows Hypothesis's own style: a plural name, keyword-only bounds named
``min_value``/``max_value`` or ``min_size``/``max_size``, and arguments that
take strategies where a caller may want to narrow a part of the value.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo

from hypothesis import strategies as st

from pintuan.campaign.tiers import Tier, TierTable
from pintuan.errors import InvalidValue, ScheduleError
from pintuan.money import Money
from pintuan.schedule import DailyWindow, Schedule

__all__ = [
    "ZONES",
    "aware_datetimes",
    "currencies",
    "moneys",
    "schedules",
    "seeds",
    "tier_tables",
]

#: IANA zones the default schedules use: no DST, two DST rules, a half-hour offset.
ZONES = ("Asia/Shanghai", "Europe/London", "America/New_York", "Asia/Kolkata", "UTC")

_MAX_MONEY = 10**12


def currencies() -> st.SearchStrategy[str]:
    """ISO 4217 codes with 0, 2 and 3 minor digits (``CNY``, ``JPY``, ``KWD``...)."""
    return st.sampled_from(("CNY", "USD", "EUR", "JPY", "KWD"))


def _minor(name: str, value: Money | int, currency: str | None) -> int:
    if isinstance(value, Money):
        if currency is not None and value.currency != currency:
            raise InvalidValue(name, str(value), f"must be in {currency}")
        return value.amount
    if type(value) is not int:
        raise InvalidValue(name, value, "must be an int of minor units or Money")
    return value


def moneys(
    *,
    min_value: Money | int = 0,
    max_value: Money | int = 1_000_000,
    currency: str | st.SearchStrategy[str] = "CNY",
) -> st.SearchStrategy[Money]:
    """Exact amounts from ``min_value`` to ``max_value`` minor units, inclusive.

    Args:
        min_value: The least amount, as minor units or Money (may be negative).
        max_value: The greatest amount, as minor units or Money.
        currency: A currency code, or a strategy of codes (see :func:`currencies`).

    Raises:
        InvalidValue: A bound is not an int or Money, is in another currency, or
            ``min_value > max_value``.
    """
    fixed = currency if isinstance(currency, str) else None
    low, high = _minor("min_value", min_value, fixed), _minor("max_value", max_value, fixed)
    if low > high:
        raise InvalidValue("min_value", low, f"must not exceed max_value ({high})")
    codes = st.just(currency) if isinstance(currency, str) else currency
    return st.builds(
        lambda amount, code: Money(amount=amount, currency=code),
        st.integers(low, high),
        codes,
    )


def _offsets() -> st.SearchStrategy[tzinfo]:
    return st.integers(-14 * 60, 14 * 60).map(lambda m: timezone(timedelta(minutes=m)))


def aware_datetimes(
    *,
    min_value: datetime = datetime(1900, 1, 1),  # noqa: DTZ001 (bounds are naive, as in Hypothesis)
    max_value: datetime = datetime(2200, 1, 1),  # noqa: DTZ001
    timezones: st.SearchStrategy[tzinfo] | None = None,
) -> st.SearchStrategy[datetime]:
    """Time-zone aware instants; never naive.

    Args:
        min_value: Least local wall time (naive, as for ``st.datetimes``).
        max_value: Greatest local wall time (naive).
        timezones: Zones to attach; by default any IANA zone (skipped and
            repeated wall times included), a fixed offset, or UTC.
    """
    zones = (
        timezones if timezones is not None else st.one_of(st.timezones(), _offsets(), st.just(UTC))
    )
    return st.datetimes(min_value=min_value, max_value=max_value, timezones=zones)


def seeds(*, min_size: int = 16, max_size: int = 32) -> st.SearchStrategy[bytes]:
    """Draw seeds: random bytes, at least 16 of them (the protocol's minimum).

    Raises:
        InvalidValue: ``min_size`` below 16 or above ``max_size``.
    """
    if min_size < 16 or min_size > max_size:
        raise InvalidValue("min_size", min_size, f"must be 16 to max_size ({max_size})")
    return st.binary(min_size=min_size, max_size=max_size)


@st.composite
def _windows(draw: st.DrawFn, max_windows: int) -> tuple[DailyWindow, ...]:
    count = draw(st.integers(0, max_windows))
    if count == 0:
        return ()
    # Half-hour marks, paired in order; rotated, the last window crosses midnight.
    marks = sorted(draw(st.sets(st.integers(0, 47), min_size=2 * count, max_size=2 * count)))
    clocks = [time(m // 2, 30 * (m % 2)) for m in marks]
    if draw(st.booleans()):
        clocks = [*clocks[1:], clocks[0]]
    return tuple(DailyWindow(start=clocks[i], end=clocks[i + 1]) for i in range(0, len(clocks), 2))


@st.composite
def _schedules(
    draw: st.DrawFn,
    timezones: st.SearchStrategy[str],
    min_days: int,
    max_days: int,
    max_windows: int,
    recurrences: bool,
) -> Schedule:
    zone = draw(timezones)
    start = draw(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 1, 1)))
    days = draw(st.integers(min_days, max_days))
    windows = draw(_windows(max_windows))
    recurrence = None
    if recurrences and days >= 7 and draw(st.booleans()):
        picked = draw(
            st.sets(st.sampled_from(("MO", "TU", "WE", "TH", "FR", "SA", "SU")), min_size=1)
        )
        recurrence = "FREQ=WEEKLY;BYDAY=" + ",".join(sorted(picked))
    try:
        return Schedule(
            timezone=zone,
            start_date=start,
            end_date=start + timedelta(days=days - 1),
            windows=windows,
            recurrence=recurrence,
        )
    except ScheduleError:  # pragma: no cover - a window lost to a DST gap on every day
        return Schedule(timezone=zone, start_date=start, end_date=start + timedelta(days=days - 1))


def schedules(
    *,
    timezones: st.SearchStrategy[str] | None = None,
    min_days: int = 1,
    max_days: int = 45,
    max_windows: int = 2,
    recurrences: bool = True,
) -> st.SearchStrategy[Schedule]:
    """Campaign schedules: a date range, 0 to ``max_windows`` daily windows, a recurrence.

    Windows sit on half-hour marks; some cross midnight. A weekly recurrence
    (``FREQ=WEEKLY;BYDAY=...``) is drawn only for ranges of a week or more, so
    every schedule has an active day.

    Args:
        timezones: IANA zone names; by default :data:`ZONES`.
        min_days: Fewest days in the range (>= 1).
        max_days: Most days in the range.
        max_windows: Most daily windows (0 means always open all day).
        recurrences: Whether to draw weekly recurrences.

    Raises:
        InvalidValue: ``min_days`` below 1 or above ``max_days``, or a negative
            ``max_windows`` (at most 12).
    """
    if not 1 <= min_days <= max_days:
        raise InvalidValue("min_days", min_days, f"must be 1 to max_days ({max_days})")
    if not 0 <= max_windows <= 12:
        raise InvalidValue("max_windows", max_windows, "must be 0 to 12")
    zones = timezones if timezones is not None else st.sampled_from(ZONES)
    return _schedules(zones, min_days, max_days, max_windows, recurrences)


@st.composite
def _tier_tables(
    draw: st.DrawFn,
    min_size: int,
    max_size: int,
    min_group_size: int,
    max_group_size: int,
    prices: st.SearchStrategy[Money],
) -> TierTable:
    top = max_group_size - min_group_size + 1
    count = draw(st.integers(min_size, min(max_size, top)))
    sizes = sorted(
        draw(st.sets(st.integers(min_group_size, max_group_size), min_size=count, max_size=count))
    )
    first = draw(prices)
    # Prices never rise with the size: each tier cuts 0 or more from the last.
    units, unit = [first], first.amount
    for _ in sizes[1:]:
        unit -= draw(st.integers(0, max(unit - 1, 0) // 2))
        units.append(Money(amount=unit, currency=first.currency))
    stock = draw(st.integers(sizes[0], max(sizes[-1] * 50, sizes[0])))
    return TierTable(
        tiers=tuple(Tier(size=s, unit_price=u) for s, u in zip(sizes, units, strict=True)),
        stock=stock,
    )


def tier_tables(
    *,
    min_size: int = 1,
    max_size: int = 4,
    min_group_size: int = 2,
    max_group_size: int = 10,
    prices: st.SearchStrategy[Money] | None = None,
) -> st.SearchStrategy[TierTable]:
    """Tier tables of ``min_size`` to ``max_size`` tiers whose prices never rise.

    Sizes ascend strictly within ``min_group_size..max_group_size``; each
    price is at most the one before; the stock covers the first tier at least.

    Args:
        min_size: Fewest tiers (>= 1).
        max_size: Most tiers.
        min_group_size: Least size of a tier (>= 2).
        max_group_size: Greatest size of a tier.
        prices: The first tier's price (positive); by default 1.00 to 999.00 CNY.

    Raises:
        InvalidValue: Bounds that allow no table.
    """
    if not 1 <= min_size <= max_size:
        raise InvalidValue("min_size", min_size, f"must be 1 to max_size ({max_size})")
    if not 2 <= min_group_size <= max_group_size:
        raise InvalidValue("min_group_size", min_group_size, "must be 2 to max_group_size")
    if max_group_size - min_group_size + 1 < min_size:
        raise InvalidValue("min_size", min_size, "more tiers than sizes between the bounds")
    firsts = prices if prices is not None else moneys(min_value=100, max_value=99_900)
    return _tier_tables(min_size, max_size, min_group_size, max_group_size, firsts)
