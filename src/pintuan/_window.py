"""Daily windows in local wall-clock time, and the UTC spans they give on one day."""

from __future__ import annotations

import functools
import re
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import attrs

from pintuan.errors import ScheduleError

__all__ = ["DailyWindow", "Span", "clock_offset", "day_spans"]

Span = tuple[datetime, datetime]  # [start, end) in UTC

_CLOCK = r"(\d{1,2}):(\d{2})(?::(\d{2}))?"
_WINDOW_RE = re.compile(rf"\s*{_CLOCK}\s*[-~\u2013]\s*{_CLOCK}\s*")


def _check_clock(_inst: object, attribute: attrs.Attribute[time], value: Any) -> None:
    if not isinstance(value, time) or value.tzinfo is not None:
        raise ScheduleError(
            attribute.name, value, "must be a datetime.time without tzinfo (local wall time)"
        )


def clock_offset(clock: time) -> timedelta:
    """The time since midnight that a wall clock shows."""
    return timedelta(
        hours=clock.hour, minutes=clock.minute, seconds=clock.second, microseconds=clock.microsecond
    )


@attrs.frozen(kw_only=True)
class DailyWindow:
    """A daily opening window in local wall-clock time, ``[start, end)``.

    Attributes:
        start: Local time the window opens (no tzinfo).
        end: Local time the window closes (no tzinfo). An ``end`` earlier than
            ``start`` means the window crosses midnight into the next day.

    Raises:
        ScheduleError: A time is not a naive :class:`datetime.time`, or
            ``end == start``.
    """

    start: time = attrs.field(validator=_check_clock)
    end: time = attrs.field(validator=_check_clock)

    @end.validator
    def _check_end(self, attribute: attrs.Attribute[time], value: time) -> None:
        if value == self.start:
            raise ScheduleError("end", value, "must differ from start (an empty window)")

    @classmethod
    def parse(cls, text: str) -> DailyWindow:
        """Parse ``"HH:MM-HH:MM"`` (seconds optional; ``24:00`` allowed as an end).

        Args:
            text: For example ``"10:00-12:00"`` or ``"22:00-02:00"``.

        Returns:
            The window.

        Raises:
            ScheduleError: ``text`` is not a window (``field`` is ``"window"``).
        """
        match = _WINDOW_RE.fullmatch(text) if isinstance(text, str) else None
        if match is None:
            raise ScheduleError("window", text, "must look like 'HH:MM-HH:MM', e.g. '10:00-12:00'")
        numbers = [int(g) if g else 0 for g in match.groups()]
        clocks = []
        for (hour, minute, second), is_end in ((numbers[:3], False), (numbers[3:], True)):
            if is_end and (hour, minute, second) == (24, 0, 0):
                hour = 0
            if hour > 23 or minute > 59 or second > 59:
                raise ScheduleError("window", text, "has a time of day out of range")
            clocks.append(time(hour, minute, second))
        return cls(start=clocks[0], end=clocks[1])

    def __str__(self) -> str:
        def fmt(clock: time) -> str:
            return clock.isoformat("minutes" if not clock.second else "seconds")

        return f"{fmt(self.start)}-{fmt(self.end)}"


def _instant(wall: datetime, zone: ZoneInfo) -> datetime:
    """The UTC instant of a local wall time: gap -> end of gap, ambiguous -> first."""
    utc = wall.replace(tzinfo=zone).astimezone(UTC)
    if utc.astimezone(zone).replace(tzinfo=None) == wall:
        return utc
    lo = int(wall.replace(tzinfo=zone, fold=1).timestamp())  # before the gap
    hi = int(utc.timestamp()) + 1  # after the gap; transitions fall on whole seconds
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if datetime.fromtimestamp(mid, zone).replace(tzinfo=None) > wall:
            hi = mid
        else:
            lo = mid
    return datetime.fromtimestamp(hi, UTC)


@functools.lru_cache(maxsize=8192)
def day_spans(
    zone: ZoneInfo, ordinal: int, offsets: tuple[tuple[timedelta, timedelta], ...]
) -> tuple[Span, ...]:
    """The UTC ``[start, end)`` spans of a local day's windows, given from its midnight.

    Spans a DST gap swallows whole are left out.
    """
    midnight = datetime.combine(date.fromordinal(ordinal), time())
    spans = ((_instant(midnight + a, zone), _instant(midnight + b, zone)) for a, b in offsets)
    return tuple((a, b) for a, b in spans if b > a)
