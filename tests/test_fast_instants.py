"""``_time.before``'s shortcuts (one fixed offset; a ZoneInfo asked directly) order as UTC does."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone, tzinfo

from hypothesis import given
from hypothesis import strategies as st

from _factories import aware_datetimes
from pintuan._time import before


class _Plus8(tzinfo):
    """A tzinfo of its own (neither ZoneInfo nor timezone): the general path."""

    def utcoffset(self, dt: datetime | None) -> timedelta:
        return timedelta(hours=8)

    def dst(self, dt: datetime | None) -> timedelta:
        return timedelta(0)


def _as_utc(a: datetime, b: datetime) -> bool:
    return a.astimezone(UTC) < b.astimezone(UTC)


@given(aware_datetimes(), aware_datetimes(), st.booleans())
def test_before_equals_the_utc_comparison(a: datetime, b: datetime, same_zone: bool) -> None:
    if same_zone:  # the wall clock of b in a's zone: the shortcuts' case
        b = b.replace(tzinfo=a.tzinfo)
    assert before(a, b) == _as_utc(a, b)
    assert before(b, a) == _as_utc(b, a)


@given(st.datetimes(), st.datetimes(), st.integers(-23, 23))
def test_fixed_offsets_and_other_tzinfos_order_as_utc(a: datetime, b: datetime, hours: int) -> None:
    for tz in (timezone(timedelta(hours=hours)), _Plus8(), UTC):
        x, y = a.replace(tzinfo=tz), b.replace(tzinfo=tz)
        if x.year in (1, 9999) or y.year in (1, 9999):
            continue  # UTC conversion may leave datetime's range
        assert before(x, y) == _as_utc(x, y)
