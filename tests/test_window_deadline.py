"""How a group's time limit meets the daily windows: the four WindowDeadline rules."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from _factories import at, campaign
from pintuan import (
    CommandRejected,
    ConfigurationError,
    JoinGroup,
    OpenGroup,
    Rejection,
    WindowDeadline,
    handle,
)
from pintuan._time import utc


def _opened(rule: WindowDeadline, minute: int = 30, day: int = 1):
    c = campaign(time_limit=timedelta(hours=2), window_deadline=rule)
    opening = OpenGroup(group_id="g1", order_id="o1", user_id="u1", at=at(11, minute, day=day))
    group, _ = handle(c, None, opening)
    return c, group


@pytest.mark.parametrize(
    ("rule", "deadline"),
    [
        (WindowDeadline.ELAPSED, at(13, 30)),
        (WindowDeadline.CLAMP_TO_WINDOW, at(12)),
        (WindowDeadline.PAUSE_OUTSIDE_WINDOWS, at(11, 30, day=2)),
        (WindowDeadline.JOIN_ANY_TIME, at(13, 30)),
    ],
)
def test_a_group_opened_at_11_30_with_two_hours(rule: WindowDeadline, deadline) -> None:
    _, group = _opened(rule)
    assert group.deadline == deadline


def test_only_join_any_time_takes_a_join_outside_the_windows() -> None:
    late = JoinGroup(group_id="g1", order_id="o2", user_id="u2", at=at(12, 10))
    for rule in WindowDeadline:
        c, group = _opened(rule)
        if rule is WindowDeadline.JOIN_ANY_TIME:
            group, _ = handle(c, group, late)
            assert len(group.members) == 2
            continue
        with pytest.raises(CommandRejected) as info:
            handle(c, group, late)
        expected = (
            Rejection.DEADLINE_PASSED
            if rule is WindowDeadline.CLAMP_TO_WINDOW
            else Rejection.OUTSIDE_SCHEDULE
        )
        assert info.value.code is expected


def test_opening_still_needs_a_window_under_join_any_time() -> None:
    c = campaign(window_deadline=WindowDeadline.JOIN_ANY_TIME)
    with pytest.raises(CommandRejected) as info:
        handle(c, None, OpenGroup(group_id="g1", order_id="o1", user_id="u1", at=at(12, 10)))
    assert info.value.code is Rejection.OUTSIDE_SCHEDULE


def test_every_deadline_is_clamped_by_the_campaigns_end() -> None:
    for rule in WindowDeadline:
        _, group = _opened(rule, day=30)
        assert utc(group.deadline) <= utc(at(12, day=30))


@given(minute=st.integers(0, 119), limit=st.integers(1, 600), day=st.integers(1, 28))
def test_paused_time_counts_exactly_the_limit_of_open_window_time(
    minute: int, limit: int, day: int
) -> None:
    c = campaign(
        time_limit=timedelta(minutes=limit),
        window_deadline=WindowDeadline.PAUSE_OUTSIDE_WINDOWS,
    )
    opened_at = at(10, day=day) + timedelta(minutes=minute)
    group, _ = handle(c, None, OpenGroup(group_id="g", order_id="o", user_id="u", at=opened_at))
    counted = timedelta(0)
    for start, end in c.schedule.windows_between(opened_at, group.deadline):
        counted += min(utc(end), utc(group.deadline)) - max(utc(start), utc(opened_at))
    clamped = utc(group.deadline) == utc(c.schedule.closes_at)
    assert counted == timedelta(minutes=limit) or (clamped and counted <= timedelta(minutes=limit))


def test_a_bad_rule_is_refused() -> None:
    with pytest.raises(ConfigurationError) as info:
        campaign(window_deadline="pause")
    assert info.value.field == "window_deadline"
