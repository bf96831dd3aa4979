"""Shared pieces of the benchmark scripts: a campaign and a timer."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from pintuan import Campaign, Money, Schedule

SHANGHAI = ZoneInfo("Asia/Shanghai")
START = datetime(2020, 7, 1, 10, 0, tzinfo=SHANGHAI)


def campaign(*, group_size: int, capacity: int) -> Campaign:
    """A normal campaign open all day through July 2020, with a long time limit."""
    return Campaign.normal(
        campaign_id="bench",
        product_id="sku-bench",
        price=Money.parse("99.00 CNY"),
        group_size=group_size,
        capacity=capacity,
        time_limit=timedelta(days=20),
        schedule=Schedule(
            timezone="Asia/Shanghai", start_date=date(2020, 7, 1), end_date=date(2020, 7, 30)
        ),
    )


def timed(fn: Callable[[], Any], repeat: int = 3) -> float:
    """Best wall time of ``repeat`` calls, in seconds."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best
