"""Instants across a DST fall-back are compared and shifted as instants.

On 2026-11-01 New York's clocks go from 01:59 EDT back to 01:00 EST, so the
wall-clock hour 01:00-02:00 happens twice (``fold=0`` then ``fold=1``). Python
compares two datetimes sharing a ``tzinfo`` by wall clock and adds a timedelta
to the wall clock; pintuan must not: deadlines are elapsed time, and "before"
means earlier in real time.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given as for_all
from hypothesis import settings
from hypothesis import strategies as st

from pintuan import (
    Campaign,
    CommandRejected,
    DailyWindow,
    ExpireGroup,
    JoinGroup,
    Money,
    OpenGroup,
    Rejection,
    RewardAmount,
    RewardPlan,
    Schedule,
    TeamReward,
    budget_order,
    decide,
    handle,
    settle_groups,
)
from pintuan._time import before

NY = ZoneInfo("America/New_York")


def ny(hour: int, minute: int, *, fold: int = 0, day: int = 1) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=NY, fold=fold)


def ny_campaign(**options) -> Campaign:
    return Campaign.normal(
        campaign_id="c1",
        product_id="p",
        price=Money.parse("10.00 USD"),
        group_size=2,
        time_limit=timedelta(hours=2),
        schedule=Schedule(timezone="America/New_York", start_date=date(2026, 10, 30),
                          end_date=date(2026, 11, 3)),
        **options,
    )  # fmt: skip


def test_the_sample_instants_are_what_the_module_says():
    assert ny(1, 45).astimezone(UTC).hour == 5  # EDT, UTC-4
    assert ny(1, 45, fold=1).astimezone(UTC).hour == 6  # EST, UTC-5


def test_a_deadline_is_elapsed_time_across_the_fall_back():
    c = ny_campaign()
    group, _ = handle(c, None, OpenGroup(group_id="g1", order_id="o1", user_id="u1", at=ny(0, 30)))
    # 00:30 EDT (04:30Z) + 2 h = 06:30Z = 01:30 EST, not the wall clock's 02:30 EST
    assert group.deadline.astimezone(UTC) == datetime(2026, 11, 1, 6, 30, tzinfo=UTC)
    assert group.deadline.tzinfo is NY
    assert group.deadline.fold == 1


def test_joins_before_and_after_the_deadline_by_real_time():
    c = ny_campaign()
    group, _ = handle(c, None, OpenGroup(group_id="g1", order_id="o1", user_id="u1", at=ny(0, 30)))
    # 01:45 EST (06:45Z) is after the deadline, though its wall clock is like 01:45 EDT's.
    late = JoinGroup(group_id="g1", order_id="o2", user_id="u2", at=ny(1, 45, fold=1))
    with pytest.raises(CommandRejected) as info:
        decide(c, group, late)
    assert info.value.code is Rejection.DEADLINE_PASSED
    # 01:45 EDT (05:45Z) is before it: accepted, and the group succeeds.
    on_time = JoinGroup(group_id="g1", order_id="o2", user_id="u2", at=ny(1, 45))
    joined, _ = handle(c, group, on_time)
    assert joined.status.successful


def test_an_expiry_is_due_by_real_time():
    c = ny_campaign()
    group, _ = handle(c, None, OpenGroup(group_id="g1", order_id="o1", user_id="u1", at=ny(0, 30)))
    with pytest.raises(CommandRejected) as info:  # 01:20 EST is 06:20Z: not yet due
        decide(c, group, ExpireGroup(group_id="g1", at=ny(1, 20, fold=1)))
    assert info.value.code is Rejection.NOT_DUE
    failed, _ = handle(c, group, ExpireGroup(group_id="g1", at=ny(1, 30, fold=1)))
    assert failed.status.terminal


def test_a_later_instant_with_an_earlier_wall_clock_is_not_time_going_back():
    c = ny_campaign(capacity=3)
    group, _ = handle(c, None, OpenGroup(group_id="g1", order_id="o1", user_id="u1", at=ny(1, 50)))
    # 01:10 EST (06:10Z) comes after 01:50 EDT (05:50Z).
    later = JoinGroup(group_id="g1", order_id="o2", user_id="u2", at=ny(1, 10, fold=1))
    joined, _ = handle(c, group, later)
    assert len(joined.members) == 2
    earlier = JoinGroup(group_id="g1", order_id="o3", user_id="u3", at=ny(1, 5, fold=1))
    with pytest.raises(CommandRejected) as info:
        decide(c, joined, earlier)
    assert info.value.code is Rejection.TIME_WENT_BACKWARDS


def test_the_budget_goes_to_the_group_that_closed_first_in_real_time():
    plan = RewardPlan(
        team=TeamReward(amount=RewardAmount(fixed=Money.parse("1.00 USD"))),
        budget=Money.parse("1.00 USD"),
    )
    c = ny_campaign(rewards=plan)
    groups = []
    for gid, opened, closed in (
        ("gA", ny(1, 40), ny(1, 50)),
        ("gB", ny(1, 0, fold=1), ny(1, 10, fold=1)),
    ):
        group, _ = handle(
            c, None, OpenGroup(group_id=gid, order_id=f"{gid}1", user_id=f"{gid}u1", at=opened)
        )
        group, _ = handle(
            c, group, JoinGroup(group_id=gid, order_id=f"{gid}2", user_id=f"{gid}u2", at=closed)
        )
        groups.append(group)
    a, b = groups
    assert budget_order(a) < budget_order(b)  # gA closed at 05:50Z, gB at 06:10Z
    for given in ([a, b], [b, a]):
        paid = {s.group_id: len(s.skipped_rewards) == 0 for s in settle_groups(c, given)}
        assert paid == {"gA": True, "gB": False}
    in_real_order = [s.group_id for s in settle_groups(c, iter([a, b]))]
    assert in_real_order == ["gA", "gB"]  # a stream in real closing order is accepted


_INSTANTS = st.datetimes(
    min_value=datetime(2026, 3, 1),  # noqa: DTZ001 (hypothesis takes naive bounds)
    max_value=datetime(2026, 12, 1),  # noqa: DTZ001
    timezones=st.sampled_from([UTC, NY, ZoneInfo("Europe/London"), ZoneInfo("Asia/Shanghai")]),
    allow_imaginary=True,
)


@settings(max_examples=400, deadline=None)
@for_all(_INSTANTS, _INSTANTS, st.booleans())
def test_before_orders_instants_as_utc_does(a, b, near):
    if near:  # around New York's fall-back, folds included
        a = datetime(2026, 11, 1, 1, a.minute, tzinfo=NY, fold=a.second % 2)
        b = datetime(2026, 11, 1, 1, b.minute, tzinfo=NY, fold=b.second % 2)
    assert before(a, b) == (a.astimezone(UTC) < b.astimezone(UTC))


def test_before_converts_when_the_fold_makes_the_wall_clock_lie():
    first = datetime(2026, 11, 1, 1, 50, tzinfo=NY)  # 05:50 UTC
    second = datetime(2026, 11, 1, 1, 10, tzinfo=NY, fold=1)  # 06:10 UTC
    assert before(first, second)
    assert not before(second, first)
    assert second < first  # what a plain comparison says


_NY_SCHEDULE = Schedule(
    timezone="America/New_York",
    start_date=date(2026, 10, 30),
    end_date=date(2026, 11, 3),
    windows=(DailyWindow.parse("00:30-01:30"), DailyWindow.parse("22:00-23:59")),
)


@settings(max_examples=300, deadline=None)
@for_all(st.integers(0, 6 * 24 * 60), st.integers(0, 1))
def test_a_schedule_answers_alike_in_its_own_zone_and_in_utc(minutes, fold):
    wall = datetime(2026, 10, 29, 22, 0) + timedelta(minutes=minutes)  # noqa: DTZ001
    local = wall.replace(tzinfo=NY, fold=fold)  # the schedule's own zone: its fast path
    assert local.tzinfo is _NY_SCHEDULE.zone
    assert _NY_SCHEDULE.is_open(local) == _NY_SCHEDULE.is_open(local.astimezone(UTC))
