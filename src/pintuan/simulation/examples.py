"""Built-in example data: the seed's pinshang campaign, ready to simulate."""

from __future__ import annotations

from datetime import date, timedelta

from pintuan.campaign import Campaign, WindowDeadline
from pintuan.lottery import PinshangTerms
from pintuan.money import Money
from pintuan.schedule import DailyWindow, Schedule

__all__ = ["seed_pinshang"]


def seed_pinshang(window_deadline: WindowDeadline = WindowDeadline.ELAPSED) -> Campaign:
    """The seed's pinshang example as a campaign: 99.00, groups of 100, 3% win, 1.00 back.

    Daily 10:00-12:00 (Asia/Shanghai) from 2020-07-01 to 2020-07-30, two hours
    to fill a group; ``window_deadline`` picks how those meet.
    """
    terms = PinshangTerms.from_rate(Money.parse("99.00 CNY"), 100, 300, Money.parse("1.00 CNY"))
    schedule = Schedule(
        timezone="Asia/Shanghai",
        start_date=date(2020, 7, 1),
        end_date=date(2020, 7, 30),
        windows=(DailyWindow.parse("10:00-12:00"),),
    )
    return Campaign.pinshang(
        campaign_id="seed-pinshang",
        product_id="sku-99",
        terms=terms,
        time_limit=timedelta(hours=2),
        schedule=schedule,
        window_deadline=window_deadline,
    )
