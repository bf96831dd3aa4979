"""When a campaign is open: a date range, daily windows, a time zone, a recurrence.

A :class:`Schedule` turns local wall-clock rules ("2020-07-01 to 2020-07-30,
every day 10:00-12:00, Asia/Shanghai") into instants. Windows are half-open
``[start, end)`` and belong to the day they start on, so a 22:00-02:00 window
on the last day ends at 02:00 the day after.

Wall times become instants through :mod:`zoneinfo` and UTC, one day at a time:
a wall time in a spring-forward gap maps to the first instant after the gap,
an ambiguous one (fall-back) to its first occurrence, and a window that comes
out empty is skipped. dateutil's rrule only ever picks *dates*.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

import attrs

from pintuan._time import require_aware
from pintuan._window import DailyWindow, Span, clock_offset, day_spans
from pintuan.errors import ScheduleError

__all__ = ["DailyWindow", "Schedule"]

_DAY = timedelta(days=1)
_Offsets = tuple[tuple[timedelta, timedelta], ...]


class _Near(NamedTuple):
    """The spans of a local day and its neighbours: bounds in the zone, then in UTC."""

    offset: timedelta | None  # the UTC offset of every bound, if they share one
    walls: tuple[tuple[datetime, datetime, Span], ...]  # (start, end) in the zone, the span


_DAY_FREQS = frozenset({"DAILY", "WEEKLY", "MONTHLY", "YEARLY"})
_TIME_PARTS = frozenset({"BYHOUR", "BYMINUTE", "BYSECOND"})


def _check_timezone(_inst: object, _attribute: object, value: Any) -> None:
    try:
        ZoneInfo(value)
    except Exception as exc:  # unknown key, bad path, wrong type: all mean "not a zone"
        raise ScheduleError(
            "timezone", value, "must be an IANA time zone name such as 'Asia/Shanghai'"
        ) from exc


def _check_date(_inst: object, attribute: attrs.Attribute[date], value: Any) -> None:
    if not isinstance(value, date) or isinstance(value, datetime):
        raise ScheduleError(attribute.name, value, "must be a datetime.date (not a datetime)")
    if value in (date.min, date.max):
        raise ScheduleError(attribute.name, value, "must leave a day of room before/after it")


def _check_windows(_inst: object, _attribute: object, value: Any) -> None:
    if not isinstance(value, tuple) or not all(isinstance(w, DailyWindow) for w in value):
        raise ScheduleError("windows", value, "must be a tuple of DailyWindow")
    spans = _offsets(value)
    for (start, end), (next_start, _) in itertools.pairwise(spans):
        if next_start <= start:
            raise ScheduleError("windows", value, "must be given in ascending order of start")
        if end > next_start:
            raise ScheduleError("windows", value, "must not overlap each other")
    if spans and spans[-1][1] - _DAY > spans[0][0]:
        raise ScheduleError("windows", value, "last window overlaps the next day's first window")


def _check_recurrence(_inst: object, _attribute: object, value: Any) -> None:
    if value is None:
        return
    if not isinstance(value, str) or "\n" in value or "\r" in value:
        raise ScheduleError("recurrence", value, "must be one RRULE body, e.g. 'FREQ=DAILY'")
    parts = dict(p.partition("=")[::2] for p in value.upper().removeprefix("RRULE:").split(";"))
    if parts.get("FREQ") not in _DAY_FREQS or _TIME_PARTS & parts.keys():
        raise ScheduleError(
            "recurrence", value, "must pick days: FREQ=DAILY/WEEKLY/MONTHLY/YEARLY, no BYHOUR etc."
        )


def _offsets(windows: tuple[DailyWindow, ...]) -> _Offsets:
    if not windows:
        return ((timedelta(0), _DAY),)
    return tuple(
        (clock_offset(w.start), clock_offset(w.end) + (_DAY if w.end < w.start else timedelta(0)))
        for w in windows
    )


@attrs.frozen(kw_only=True)
class Schedule:
    """When a campaign accepts opens and joins.

    Attributes:
        timezone: IANA zone name the dates and windows are read in.
        start_date: First day of the campaign.
        end_date: Last day of the campaign (inclusive).
        windows: Daily windows in ascending start order, not overlapping
            (also not across midnight). Empty means open all day.
        recurrence: Optional RRULE body choosing the active days, e.g.
            ``"FREQ=WEEKLY;BYDAY=SA,SU"``; its DTSTART is ``start_date``.

    Raises:
        ScheduleError: Any of the rules above is broken, ``end_date`` is before
            ``start_date``, or no day in the range is active.
    """

    timezone: str = attrs.field(validator=_check_timezone)
    start_date: date = attrs.field(validator=_check_date)
    end_date: date = attrs.field(validator=_check_date)
    windows: tuple[DailyWindow, ...] = attrs.field(default=(), validator=_check_windows)
    recurrence: str | None = attrs.field(default=None, validator=_check_recurrence)
    _zone: ZoneInfo = attrs.field(init=False, eq=False, repr=False)
    _spans: _Offsets = attrs.field(init=False, eq=False, repr=False)
    _active: frozenset[int] | None = attrs.field(init=False, eq=False, repr=False)
    _bounds: Span = attrs.field(init=False, eq=False, repr=False)
    # Per local day, the spans _find looks at: a memo of a pure function of the
    # fields above, filled lazily and only for days of the campaign (bounded).
    _near: dict[int, _Near] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        if self.end_date < self.start_date:
            raise ScheduleError("end_date", self.end_date, "must not be before start_date")
        object.__setattr__(self, "_zone", ZoneInfo(self.timezone))
        object.__setattr__(self, "_spans", _offsets(self.windows))
        object.__setattr__(self, "_active", self._active_days())
        first = next(self._scan(self.start_date.toordinal(), self.end_date.toordinal()), None)
        last = next(self._scan(self.end_date.toordinal(), self.start_date.toordinal(), -1), None)
        if first is None or last is None:
            raise ScheduleError("windows", self.windows, "no window exists on any active day")
        object.__setattr__(self, "_bounds", (first[0], last[1]))
        object.__setattr__(self, "_near", {})

    def _active_days(self) -> frozenset[int] | None:
        if self.recurrence is None:
            return None
        # Imported here: only a recurring schedule needs dateutil's rrule
        # (about 9 ms of pintuan's import, and objects every full GC scans).
        from dateutil.rrule import rrulestr

        stop = datetime.combine(self.end_date, time())
        days = set()
        try:
            rule = rrulestr(
                self.recurrence.upper(), dtstart=datetime.combine(self.start_date, time())
            )
            for occurrence in rule:
                if occurrence > stop:
                    break
                days.add(occurrence.toordinal())
        except Exception as exc:  # dateutil raises assorted errors for bad rules
            raise ScheduleError(
                "recurrence", self.recurrence, f"is not a valid RRULE: {exc}"
            ) from exc
        if not days:
            raise ScheduleError("recurrence", self.recurrence, "matches no day in the date range")
        return frozenset(days)

    def _is_active(self, ordinal: int) -> bool:
        if self._active is not None:
            return ordinal in self._active
        return self.start_date.toordinal() <= ordinal <= self.end_date.toordinal()

    def _scan(self, first: int, last: int, step: int = 1) -> Iterator[Span]:
        """UTC spans of the active days from ordinal ``first`` to ``last``, in step order."""
        for ordinal in range(first, last + step, step):
            if self._is_active(ordinal):
                spans = day_spans(self._zone, ordinal, self._spans)
                yield from spans if step > 0 else reversed(spans)

    def _local_ordinal(self, utc: datetime) -> int:
        return utc.astimezone(self._zone).toordinal()

    def _find(self, at: datetime) -> Span | None:
        zone = self._zone
        if type(at) is datetime and at.tzinfo is zone:
            # In the schedule's own zone (so aware): its date is the local day.
            day = at.toordinal()
            near = self._near.get(day) or self._near_of(day)
            if near.offset is not None and zone.utcoffset(at) == near.offset:
                # One UTC offset for the instant and every bound: their wall
                # clocks order them as their instants, no conversion needed.
                for start, end, span in near.walls:
                    if start <= at < end:
                        return span
                return None
            instant = at.astimezone(UTC)
        else:
            instant = require_aware("at", at).astimezone(UTC)
            day = self._local_ordinal(instant)
            near = self._near.get(day) or self._near_of(day)
        for _, _, span in near.walls:
            if span[0] <= instant < span[1]:
                return span
        return None

    def _near_of(self, day: int) -> _Near:
        # The day before holds midnight-crossing windows; the day after matters
        # only where clocks fall back across midnight (e.g. Asia/Beirut).
        walls = tuple(
            (span[0].astimezone(self._zone), span[1].astimezone(self._zone), span)
            for span in self._scan(day - 1, day + 1)
        )
        offsets = {bound.utcoffset() for start, end, _ in walls for bound in (start, end)}
        near = _Near(offsets.pop() if len(offsets) == 1 else None, walls)
        if self.start_date.toordinal() <= day <= self.end_date.toordinal():
            self._near[day] = near
        return near

    def _local(self, span: Span) -> Span:
        return span[0].astimezone(self._zone), span[1].astimezone(self._zone)

    @property
    def zone(self) -> ZoneInfo:
        """The :class:`zoneinfo.ZoneInfo` of :attr:`timezone`."""
        return self._zone

    @property
    def opens_at(self) -> datetime:
        """Start of the first window of the first active day, in :attr:`zone`."""
        return self._bounds[0].astimezone(self._zone)

    @property
    def closes_at(self) -> datetime:
        """End of the last window of the last active day: the campaign's end."""
        return self._bounds[1].astimezone(self._zone)

    def is_open(self, at: datetime) -> bool:
        """Whether the instant ``at`` (any zone) falls inside a window.

        Raises:
            NaiveDatetime: ``at`` has no time zone.
        """
        return self._find(at) is not None

    def window_at(self, at: datetime) -> tuple[datetime, datetime] | None:
        """The ``[start, end)`` window containing ``at``, or ``None`` if closed.

        Raises:
            NaiveDatetime: ``at`` has no time zone.
        """
        span = self._find(at)
        return None if span is None else self._local(span)

    def next_open(self, at: datetime) -> datetime | None:
        """``at`` itself (in :attr:`zone`) if open, else the next window's start.

        Returns:
            ``None`` when no window starts after ``at``.

        Raises:
            NaiveDatetime: ``at`` has no time zone.
        """
        if self._find(at) is not None:
            return at.astimezone(self._zone)
        following = next(self.windows_between(at, self._bounds[1]), None)
        return None if following is None else following[0]

    def windows_between(
        self, start: datetime, end: datetime
    ) -> Iterator[tuple[datetime, datetime]]:
        """The windows overlapping ``[start, end)``, in order and not clipped.

        The arguments are checked at once; the windows are produced lazily.

        Raises:
            NaiveDatetime: ``start`` or ``end`` has no time zone.
        """
        lo = require_aware("start", start).astimezone(UTC)
        hi = require_aware("end", end).astimezone(UTC)
        return self._between(lo, hi)

    def _between(self, lo: datetime, hi: datetime) -> Iterator[Span]:
        if hi <= lo:
            return
        first = max(self.start_date.toordinal(), self._local_ordinal(lo) - 2)
        last = min(self.end_date.toordinal(), self._local_ordinal(hi) + 1)
        for span in self._scan(first, last):
            if span[0] >= hi:  # instants grow with wall time, so nothing later fits
                return
            if span[1] > lo:
                yield self._local(span)
