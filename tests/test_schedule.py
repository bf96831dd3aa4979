"""Tests for pintuan.schedule: daily windows, recurrence, time zones and DST."""

from __future__ import annotations

import itertools
import pickle
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from pintuan.errors import NaiveDatetime, ScheduleError
from pintuan.schedule import DailyWindow, Schedule

SHANGHAI = ZoneInfo("Asia/Shanghai")
NEW_YORK = ZoneInfo("America/New_York")
BERLIN = ZoneInfo("Europe/Berlin")


def w(text: str) -> DailyWindow:
    return DailyWindow.parse(text)


def sched(*windows: str, **options: Any) -> Schedule:
    fields: dict[str, Any] = {
        "timezone": "Asia/Shanghai",
        "start_date": date(2020, 7, 1),
        "end_date": date(2020, 7, 30),
        "windows": tuple(w(text) for text in windows),
    }
    fields.update(options)
    return Schedule(**fields)


def sh(day: int, hour: int, minute: int = 0, second: int = 0, month: int = 7) -> datetime:
    return datetime(2020, month, day, hour, minute, second, tzinfo=SHANGHAI)


SEED = sched("10:00-12:00")


# --- the seed example -------------------------------------------------------


def test_seed_example() -> None:
    assert SEED.is_open(sh(1, 10))
    assert SEED.is_open(sh(1, 11, 59, 59))
    assert not SEED.is_open(sh(1, 12))
    assert not SEED.is_open(sh(1, 9, 59))
    assert not SEED.is_open(sh(30, 11, month=6))
    assert not SEED.is_open(sh(31, 11))
    assert SEED.is_open(sh(30, 11))
    assert SEED.next_open(sh(5, 13)) == sh(6, 10)
    assert SEED.opens_at == sh(1, 10)
    assert SEED.closes_at == sh(30, 12)
    assert SEED.closes_at.tzinfo is SHANGHAI
    assert SEED.window_at(sh(7, 11, 30)) == (sh(7, 10), sh(7, 12))
    assert SEED.window_at(sh(7, 12)) is None
    assert SEED.zone is SHANGHAI


def test_seed_example_with_instants_given_in_utc() -> None:
    for local in (sh(1, 10), sh(1, 11, 59, 59), sh(1, 12), sh(1, 9, 59), sh(31, 11), sh(5, 13)):
        utc = local.astimezone(UTC)
        assert SEED.is_open(utc) == SEED.is_open(local)
        assert SEED.window_at(utc) == SEED.window_at(local)
        assert SEED.next_open(utc) == SEED.next_open(local)
    assert SEED.is_open(datetime(2020, 7, 1, 2, tzinfo=UTC))  # 10:00 in Shanghai
    assert SEED.next_open(datetime(2020, 7, 5, 5, tzinfo=UTC)) == sh(6, 10)


def test_next_open_before_during_and_after_the_campaign() -> None:
    assert SEED.next_open(sh(1, 0, month=1)) == sh(1, 10)
    inside = datetime(2020, 7, 3, 3, tzinfo=UTC)  # 11:00 in Shanghai
    assert SEED.next_open(inside) == sh(3, 11)
    assert SEED.next_open(inside).tzinfo is SHANGHAI  # type: ignore[union-attr]
    assert SEED.next_open(sh(30, 12)) is None
    assert SEED.next_open(sh(1, 0, month=12)) is None


def test_whole_day_when_no_windows() -> None:
    schedule = sched()
    assert schedule.opens_at == sh(1, 0)
    assert schedule.closes_at == sh(31, 0)
    assert schedule.is_open(sh(15, 23, 59, 59))
    assert schedule.window_at(sh(15, 0)) == (sh(15, 0), sh(16, 0))
    assert not schedule.is_open(sh(31, 0))


# --- crossing midnight, recurrence, windows_between ---------------------------


def test_window_crossing_midnight_belongs_to_its_start_day() -> None:
    schedule = sched("22:00-02:00", end_date=date(2020, 7, 3))
    assert not schedule.is_open(sh(1, 1))  # would belong to June 30
    assert schedule.is_open(sh(1, 23))
    assert schedule.window_at(sh(2, 1)) == (sh(1, 22), sh(2, 2))
    assert schedule.is_open(sh(4, 1, 59, 59))  # the last day's window runs into July 4
    assert not schedule.is_open(sh(4, 2))
    assert schedule.closes_at == sh(4, 2)
    assert schedule.next_open(sh(2, 3)) == sh(2, 22)


def test_several_windows_with_the_last_crossing_midnight() -> None:
    schedule = sched("08:00-09:00", "12:00-13:00", "23:00-08:00")
    assert schedule.is_open(sh(2, 7, 59))
    assert schedule.is_open(sh(2, 8))
    assert schedule.window_at(sh(2, 8, 30)) == (sh(2, 8), sh(2, 9))
    assert schedule.next_open(sh(2, 10)) == sh(2, 12)
    assert not schedule.is_open(sh(1, 7))


def test_weekends_only() -> None:
    weekends = sched("10:00-12:00", recurrence="FREQ=WEEKLY;BYDAY=SA,SU")
    assert weekends.opens_at == sh(4, 10)  # 2020-07-04 is a Saturday
    assert weekends.closes_at == sh(26, 12)
    assert weekends.is_open(sh(5, 11))
    assert not weekends.is_open(sh(6, 11))
    assert weekends.next_open(sh(6, 11)) == sh(11, 10)
    starts = [start for start, _ in weekends.windows_between(sh(1, 0), sh(31, 0))]
    assert [s.day for s in starts] == [4, 5, 11, 12, 18, 19, 25, 26]


def test_recurrence_is_case_insensitive_and_counts_from_start_date() -> None:
    every_other = sched(recurrence="freq=daily;interval=2;count=3")
    assert [s.day for s, _ in every_other.windows_between(sh(1, 0), sh(31, 0))] == [1, 3, 5]


def test_windows_between() -> None:
    got = list(SEED.windows_between(sh(1, 11), sh(3, 10)))
    assert got == [(sh(1, 10), sh(1, 12)), (sh(2, 10), sh(2, 12))]  # unclipped; [start, end)
    assert list(SEED.windows_between(sh(1, 12), sh(1, 23))) == []
    assert list(SEED.windows_between(sh(3, 10), sh(1, 10))) == []
    assert len(list(SEED.windows_between(sh(1, 0, month=1), sh(1, 0, month=12)))) == 30
    in_utc = list(SEED.windows_between(sh(1, 11).astimezone(UTC), sh(3, 10).astimezone(UTC)))
    assert in_utc == got


def test_equal_schedules_are_equal_and_hashable() -> None:
    again = sched("10:00-12:00")
    assert again == SEED
    assert hash(again) == hash(SEED)
    assert "_active" not in repr(SEED)
    assert pickle.loads(pickle.dumps(SEED)) == SEED
    assert attrs.evolve(SEED, end_date=date(2020, 7, 2)).closes_at == sh(2, 12)


# --- daylight saving time ------------------------------------------------------


def ny(month: int, day: int, hour: int, minute: int = 0, fold: int = 0) -> datetime:
    return datetime(2021, month, day, hour, minute, tzinfo=NEW_YORK, fold=fold)


def ny_schedule(day: date, *windows: str) -> Schedule:
    return sched(*windows, timezone="America/New_York", start_date=day, end_date=day)


def test_spring_forward_gap_maps_to_the_end_of_the_gap() -> None:
    day = date(2021, 3, 14)  # 02:00 EST jumps to 03:00 EDT
    through = ny_schedule(day, "01:00-03:30")
    assert through.window_at(ny(3, 14, 1, 30)) == (ny(3, 14, 1), ny(3, 14, 3, 30))
    assert through.closes_at - through.opens_at == timedelta(hours=2, minutes=30)  # walls
    assert through.closes_at.astimezone(UTC) - through.opens_at.astimezone(UTC) == timedelta(
        hours=1, minutes=30
    )
    late = ny_schedule(day, "02:30-04:00")
    assert late.opens_at == ny(3, 14, 3)
    assert late.opens_at.astimezone(UTC) == datetime(2021, 3, 14, 7, tzinfo=UTC)
    inside = ny_schedule(day, "01:00-01:30", "02:10-02:50", "05:00-06:00")
    assert [s.hour for s, _ in inside.windows_between(ny(3, 14, 0), ny(3, 15, 0))] == [1, 5]


def test_fall_back_takes_the_first_occurrence() -> None:
    day = date(2021, 11, 7)  # 02:00 EDT falls back to 01:00 EST
    schedule = ny_schedule(day, "01:00-02:00")
    start, end = schedule.opens_at.astimezone(UTC), schedule.closes_at.astimezone(UTC)
    assert (start, end) == (
        datetime(2021, 11, 7, 5, tzinfo=UTC),
        datetime(2021, 11, 7, 7, tzinfo=UTC),
    )
    assert schedule.is_open(ny(11, 7, 1, 30, fold=1))  # second 01:30 is still inside
    short = ny_schedule(day, "01:30-01:45")
    assert short.is_open(ny(11, 7, 1, 40))
    # Same zone object as the window, but a later instant: compared as instants.
    assert not short.is_open(ny(11, 7, 1, 35, fold=1))
    assert short.window_at(ny(11, 7, 1, 35, fold=1)) is None
    assert short.next_open(ny(11, 7, 1, 35, fold=1)) is None


def test_berlin_both_transitions() -> None:
    schedule = sched(
        "02:00-04:00",
        timezone="Europe/Berlin",
        start_date=date(2021, 3, 27),
        end_date=date(2021, 11, 1),
    )

    def hours(day: datetime) -> float:
        span = schedule.window_at(day)
        assert span is not None
        return (span[1].astimezone(UTC) - span[0].astimezone(UTC)).total_seconds() / 3600

    assert hours(datetime(2021, 3, 27, 3, tzinfo=BERLIN)) == 2
    assert hours(datetime(2021, 3, 28, 3, 30, tzinfo=BERLIN)) == 1
    assert hours(datetime(2021, 10, 31, 3, 30, tzinfo=BERLIN)) == 3
    assert schedule.is_open(datetime(2021, 10, 31, 2, 30, tzinfo=BERLIN, fold=1))
    assert schedule.next_open(datetime(2021, 3, 28, 1, tzinfo=BERLIN)) == datetime(
        2021, 3, 28, 3, tzinfo=BERLIN
    )


def test_no_window_survives_dst() -> None:
    with pytest.raises(ScheduleError) as err:
        ny_schedule(date(2021, 3, 14), "02:10-02:50")
    assert err.value.field == "windows"


# --- bad input ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "field"),
    [
        ({"start": time(10, tzinfo=UTC), "end": time(12)}, "start"),
        ({"start": time(10), "end": "12:00"}, "end"),
        ({"start": datetime(2020, 7, 1, 10), "end": time(12)}, "start"),  # noqa: DTZ001
        ({"start": time(10), "end": time(10)}, "end"),
    ],
)
def test_bad_daily_window(options: dict[str, Any], field: str) -> None:
    with pytest.raises(ScheduleError) as err:
        DailyWindow(**options)
    assert err.value.field == field


@pytest.mark.parametrize(
    "text",
    [
        "",
        "10:00",
        "10-12",
        "10:00-10:00",
        "24:00-02:00",
        "10:60-11:00",
        "25:00-26:00",
        "10:00-24:01",
        10,
    ],
)
def test_bad_window_text(text: Any) -> None:
    with pytest.raises(ScheduleError) as err:
        DailyWindow.parse(text)
    assert err.value.field in {"window", "end"}


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("10:00-12:00", time(10), time(12)),
        (" 9:05 - 9:30 ", time(9, 5), time(9, 30)),
        ("22:00-02:00", time(22), time(2)),
        ("22:00-24:00", time(22), time(0)),
        ("10:00:30~12:00", time(10, 0, 30), time(12)),
        ("10:00\u201312:00", time(10), time(12)),
    ],
)
def test_window_text(text: str, start: time, end: time) -> None:
    window = DailyWindow.parse(text)
    assert (window.start, window.end) == (start, end)
    assert DailyWindow.parse(str(window)) == window


@pytest.mark.parametrize(
    ("options", "field"),
    [
        ({"timezone": "Mars/Olympus_Mons"}, "timezone"),
        ({"timezone": ""}, "timezone"),
        ({"timezone": None}, "timezone"),
        ({"timezone": "../etc/passwd"}, "timezone"),
        ({"start_date": datetime(2020, 7, 1, tzinfo=UTC)}, "start_date"),
        ({"start_date": "2020-07-01"}, "start_date"),
        ({"end_date": date.max}, "end_date"),
        ({"end_date": date(2020, 6, 30)}, "end_date"),
        ({"windows": [w("10:00-12:00")]}, "windows"),
        ({"windows": ("10:00-12:00",)}, "windows"),
        ({"windows": (w("12:00-13:00"), w("10:00-11:00"))}, "windows"),
        ({"windows": (w("10:00-12:00"), w("10:00-11:00"))}, "windows"),
        ({"windows": (w("10:00-12:00"), w("11:00-13:00"))}, "windows"),
        ({"windows": (w("08:00-09:00"), w("22:00-08:30"))}, "windows"),
        ({"windows": (w("20:00-02:00"), w("22:00-23:00"))}, "windows"),
        ({"recurrence": "FREQ=FOO"}, "recurrence"),
        ({"recurrence": "BYDAY=SA"}, "recurrence"),
        ({"recurrence": "FREQ=HOURLY"}, "recurrence"),
        ({"recurrence": "FREQ=DAILY;BYHOUR=3"}, "recurrence"),
        ({"recurrence": "FREQ=WEEKLY;BYDAY=XX"}, "recurrence"),
        ({"recurrence": "FREQ=DAILY;UNTIL=20200705T000000Z"}, "recurrence"),
        ({"recurrence": "DTSTART:20200101T000000\nRRULE:FREQ=DAILY"}, "recurrence"),
        ({"recurrence": ""}, "recurrence"),
        ({"recurrence": 7}, "recurrence"),
        ({"recurrence": "FREQ=YEARLY;BYMONTH=2"}, "recurrence"),  # no active day in July
    ],
)
def test_bad_schedule(options: dict[str, Any], field: str) -> None:
    with pytest.raises(ScheduleError) as err:
        sched("10:00-12:00", **options) if "windows" not in options else sched(**options)
    assert err.value.field == field
    assert isinstance(err.value, ValueError)


def test_unordered_windows_say_so() -> None:
    with pytest.raises(ScheduleError, match="ascending order"):
        sched("12:00-13:00", "10:00-11:00")


@pytest.mark.parametrize("method", ["is_open", "window_at", "next_open"])
def test_naive_instants_are_refused(method: str) -> None:
    with pytest.raises(NaiveDatetime) as err:
        getattr(SEED, method)(datetime(2020, 7, 1, 10))  # noqa: DTZ001
    assert err.value.field == "at"


def test_windows_between_checks_arguments_at_once() -> None:
    naive = datetime(2020, 7, 1, 10)  # noqa: DTZ001
    with pytest.raises(NaiveDatetime) as err:
        SEED.windows_between(naive, sh(2, 0))
    assert err.value.field == "start"
    with pytest.raises(NaiveDatetime) as err:
        SEED.windows_between(sh(1, 0), naive)
    assert err.value.field == "end"


@given(st.text(alphabet="FREQ=DAILYWEKBYMONTHSU;,0123456789-", max_size=40))
def test_any_recurrence_text_is_valid_or_a_schedule_error(text: str) -> None:
    error: ScheduleError | None = None
    try:
        sched(recurrence=text, end_date=date(2020, 7, 3))
    except ScheduleError as err:
        error = err
    assert error is None or error.field == "recurrence"


# --- properties --------------------------------------------------------------------

ZONES = ["Asia/Shanghai", "America/New_York", "Europe/Berlin", "Asia/Beirut", "America/Sao_Paulo"]
NEAR_DST = [date(2021, 3, 13), date(2021, 3, 27), date(2021, 10, 30), date(2021, 11, 6)]
NEAR_DST += [date(2018, 2, 16), date(2018, 11, 3), date(2020, 7, 1)]
RULES = [None, "FREQ=WEEKLY;BYDAY=SA,SU", "FREQ=DAILY;INTERVAL=2", "FREQ=WEEKLY;BYDAY=MO,SU"]
QUARTERS = 96  # windows start and end on quarter hours, to hit DST edges often


@st.composite
def schedules(draw: st.DrawFn) -> Schedule:
    count = draw(st.integers(0, 3))
    points = sorted(
        draw(st.sets(st.integers(0, 2 * QUARTERS - 1), min_size=2 * count, max_size=2 * count))
    )
    assume(all(p < QUARTERS for p in points[::2]))  # every window starts within the day
    assume(not points or points[-1] - QUARTERS <= points[0])  # no overlap with the next day
    assume(count != 1 or points[1] - points[0] != QUARTERS)

    def clock(quarter: int) -> time:
        return time((quarter % QUARTERS) // 4, 15 * (quarter % 4))

    windows = tuple(
        DailyWindow(start=clock(a), end=clock(b))
        for a, b in zip(points[::2], points[1::2], strict=True)
    )
    start = draw(st.sampled_from(NEAR_DST)) + timedelta(days=draw(st.integers(-2, 2)))
    try:
        return Schedule(
            timezone=draw(st.sampled_from(ZONES)),
            start_date=start,
            end_date=start + timedelta(days=draw(st.integers(0, 6))),
            windows=windows,
            recurrence=draw(st.sampled_from(RULES)),
        )
    except ScheduleError:
        assume(False)
        raise


@st.composite
def instants(draw: st.DrawFn, schedule: Schedule) -> datetime:
    lo = schedule.opens_at.astimezone(UTC) - timedelta(days=2)
    seconds = draw(st.integers(0, 86400 * 14))
    seconds -= draw(st.sampled_from([0, 0, 1, seconds % 900]))  # land on edges often
    return lo + timedelta(seconds=seconds)


def expressed(t: datetime, zone: str) -> datetime:
    if zone == "fixed":
        return t.astimezone(timezone(timedelta(hours=-3, minutes=-30)))
    return t.astimezone(ZoneInfo(zone))


def in_utc(span: tuple[datetime, datetime] | None) -> tuple[datetime, datetime] | None:
    # Datetimes sharing one tzinfo compare and subtract by wall time, so the
    # property tests compare instants in UTC.
    return None if span is None else (span[0].astimezone(UTC), span[1].astimezone(UTC))


def all_windows(schedule: Schedule) -> list[tuple[datetime, datetime]]:
    far = timedelta(days=30)
    spans = schedule.windows_between(schedule.opens_at - far, schedule.closes_at + far)
    return [(a.astimezone(UTC), b.astimezone(UTC)) for a, b in spans]


@given(st.data())
def test_is_open_matches_window_at_and_windows_between(data: st.DataObject) -> None:
    schedule = data.draw(schedules())
    spans = all_windows(schedule)
    assert (spans[0][0], spans[-1][1]) == in_utc((schedule.opens_at, schedule.closes_at))
    for (a, b), (c, _) in itertools.pairwise(spans):
        assert a < b <= c  # ordered, non-empty, non-overlapping
    for a, b in spans:
        assert schedule.is_open(a)
        assert schedule.is_open(b - timedelta(microseconds=1))
        assert not schedule.is_open(b) or any(s == b for s, _ in spans)
        assert in_utc(schedule.window_at(a + (b - a) / 2)) == (a, b)
    t = data.draw(instants(schedule))
    window = schedule.window_at(t)
    assert schedule.is_open(t) == (window is not None)
    if window is not None:
        assert window[0].tzinfo is schedule.zone
        assert window[1].tzinfo is schedule.zone
    assert in_utc(window) == next((s for s in spans if s[0] <= t < s[1]), None)  # oracle
    later = t + timedelta(hours=30)
    overlapping = [in_utc(s) for s in schedule.windows_between(t, later)]
    assert overlapping == [s for s in spans if s[0] < later and s[1] > t]


@given(st.data())
def test_next_open_is_open_and_not_before(data: st.DataObject) -> None:
    schedule = data.draw(schedules())
    t = data.draw(instants(schedule))
    found = schedule.next_open(t)
    if found is None:
        assert t >= schedule.closes_at
    else:
        assert found.tzinfo is schedule.zone
        assert found >= t
        assert schedule.is_open(found)
        assert not any(t <= s < found for s, _ in all_windows(schedule))
        if schedule.is_open(t):
            assert found == t


@given(st.data())
def test_results_do_not_depend_on_the_zone_of_the_argument(data: st.DataObject) -> None:
    schedule = data.draw(schedules())
    t = data.draw(instants(schedule))
    other = expressed(t, data.draw(st.sampled_from([*ZONES, "UTC", "fixed"])))
    assert schedule.is_open(other) == schedule.is_open(t)
    assert in_utc(schedule.window_at(other)) == in_utc(schedule.window_at(t))
    assert schedule.next_open(other) == schedule.next_open(t)
    end = t + timedelta(days=1)
    assert [in_utc(s) for s in schedule.windows_between(other, end)] == [
        in_utc(s) for s in schedule.windows_between(t, end)
    ]


@given(st.data())
def test_an_instant_in_the_schedules_own_zone_is_found_as_its_utc_instant(
    data: st.DataObject,
) -> None:
    # In the schedule's own zone, _find may compare wall clocks (when the
    # instant and every nearby bound share one UTC offset): the same answers
    # as in UTC, across DST changes, for both folds of an ambiguous wall time.
    schedule = data.draw(schedules())
    t = data.draw(instants(schedule))
    local = t.astimezone(schedule.zone)
    assert local.tzinfo is schedule.zone
    spans = all_windows(schedule)
    oracle = next((s for s in spans if s[0] <= t < s[1]), None)
    assert in_utc(schedule.window_at(local)) == oracle
    assert schedule.is_open(local) == (oracle is not None)
    # Every window's edges too, a second and an hour either side, in the
    # zone, both folds: where a DST change puts an instant and a bound on
    # different offsets.
    edges = [bound + shift for span in spans for bound in span for shift in _NEAR_EDGE]
    for at in (t, *edges):
        local = at.astimezone(schedule.zone)
        for wall in (local.replace(fold=0), local.replace(fold=1)):
            instant = wall.astimezone(UTC)
            assert schedule.is_open(wall) == any(s[0] <= instant < s[1] for s in spans)


_NEAR_EDGE = [timedelta(seconds=n) for n in (-3600, -1, 0, 1, 3600)]


SECONDS = st.integers(0, 86399).map(lambda s: time(s // 3600, s // 60 % 60, s % 60))


@given(SECONDS, SECONDS)
def test_window_text_round_trips(start: time, end: time) -> None:
    assume(start != end)
    window = DailyWindow(start=start, end=end)
    assert DailyWindow.parse(str(window)) == window
