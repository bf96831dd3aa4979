"""Edges of the simulator: arrival models refused, join choices, draws at
the campaign's end, payment fees on refunds, and sweeps over pinshang terms and tiers.

Runs are short (one day's window, a few buyers), so each test checks a small,
countable result: orders accepted, groups opened, fees.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

import pintuan as pt
from _factories import campaign, check_error, cny, policy, seed_table
from pintuan.errors import ConfigurationError
from pintuan.simulation.results import stats_of

SEED = bytes(range(16))
TWO_DAYS = pt.Schedule(
    timezone="Asia/Shanghai",
    start_date=date(2020, 7, 1),
    end_date=date(2020, 7, 2),
    windows=(pt.DailyWindow.parse("10:00-12:00"),),
)
ONE_DAY = pt.Schedule(
    timezone="Asia/Shanghai",
    start_date=date(2020, 7, 1),
    end_date=date(2020, 7, 1),
    windows=(pt.DailyWindow.parse("10:00-12:00"),),
)


def one_day(**overrides) -> pt.Campaign:
    return campaign(schedule=ONE_DAY, **overrides)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"quantities": ()}, "quantities"),
        ({"quantities": ((1,),)}, "quantities"),
        ({"quantities": ((1, 0.0), (2, 0.0))}, "quantities"),
        ({"hourly": (1.0,) * 23}, "hourly"),
        ({"regions": (("", 1.0),)}, "regions"),
        ({"regions": (("north", -1.0),)}, "regions"),
    ],
)
def test_bad_arrival_models_are_refused(fields, field):
    with pytest.raises(ConfigurationError) as info:
        pt.Arrivals(per_hour=10, **fields)
    check_error(info, ConfigurationError, field)


def test_an_hourly_profile_sets_the_rate_and_the_peak():
    hourly = tuple(float(h) for h in range(24))
    arrivals = pt.Arrivals(per_hour=1, hourly=hourly, regions=(("north", 1.0),))
    assert arrivals.rate_at(10) == 10.0
    assert arrivals.peak == 23.0


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (("campaign", pt.Arrivals(per_hour=1), pt.Economics()), "campaign"),
        ((one_day(), 1.0, pt.Economics()), "arrivals"),
        ((one_day(), pt.Arrivals(per_hour=1), 0), "economics"),
    ],
)
def test_simulate_names_a_bad_argument(args, field):
    c, arrivals, economics = args
    with pytest.raises(ConfigurationError) as info:
        pt.simulate(c, arrivals, seed=SEED, runs=1, economics=economics)
    check_error(info, ConfigurationError, field)


def test_progress_is_reported_after_each_run():
    seen = []
    result = pt.simulate(
        one_day(), pt.Arrivals(per_hour=0), seed=SEED, runs=2, progress=lambda *a: seen.append(a)
    )
    assert seen == [(1, 2), (2, 2)]
    assert [r.arrivals for r in result.runs] == [0, 0]


def test_no_buyers_no_fill_times_and_no_frame_without_pandas():
    result = pt.simulate(one_day(), pt.Arrivals(per_hour=0), seed=SEED, runs=1)
    summary = result.summary()
    assert "fill_p50_s" not in summary
    assert summary["orders"].mean == 0
    assert stats_of([]) is None


def test_to_frame_needs_pandas():
    try:
        import pandas  # noqa: F401
    except ModuleNotFoundError:
        result = pt.simulate(one_day(), pt.Arrivals(per_hour=0), seed=SEED, runs=1)
        with pytest.raises(ModuleNotFoundError):
            result.to_frame()
    else:  # pandas is not part of any extra
        pytest.skip("pandas is installed")


@pytest.mark.parametrize("choice", [pt.JoinChoice.NEWEST, pt.JoinChoice.RANDOM])
def test_every_join_choice_fills_groups(choice):
    arrivals = pt.Arrivals(per_hour=30, open_share=0.3, choice=choice)
    run = pt.simulate(one_day(), arrivals, seed=SEED, runs=1).runs[0]
    assert run.orders > 0
    assert run.groups_succeeded > 0
    assert run.orders <= run.arrivals


def test_joins_outside_windows_never_open_groups():
    # Joins any time: buyers arrive all day, but outside 10:00-12:00 only a
    # group with a seat takes them; with nothing to join they leave.
    arrivals = pt.Arrivals(per_hour=2, open_share=0.0)
    anytime = campaign(
        schedule=TWO_DAYS, window_deadline=pt.WindowDeadline.JOIN_ANY_TIME, group_size=50
    )
    windowed = campaign(schedule=TWO_DAYS, group_size=50)
    run = pt.simulate(anytime, arrivals, seed=SEED, runs=1).runs[0]
    inside = pt.simulate(windowed, arrivals, seed=SEED, runs=1).runs[0]
    assert run.arrivals > inside.arrivals
    assert run.orders < run.arrivals


def test_a_campaign_end_draw_settles_every_group():
    c = pt.Campaign.lottery(
        campaign_id="c1",
        product_id="p",
        price=cny("10.00"),
        group_size=2,
        time_limit=timedelta(hours=1),
        schedule=ONE_DAY,
        draw=policy(pt.DrawMode.AT_CAMPAIGN_END, prizes=1),
    )
    run = pt.simulate(c, pt.Arrivals(per_hour=20), seed=SEED, runs=1).runs[0]
    assert run.groups_succeeded > 0
    assert run.units_shipped == 1  # one prize for the whole campaign


def test_fees_on_refunds_stay_with_the_provider_unless_returned():
    c = one_day(group_size=50)  # nobody fills a group of 50: every order is refunded
    arrivals = pt.Arrivals(per_hour=10)
    kept = pt.Economics(fee_bps=100, refunds_return_fee=False)
    returned = pt.Economics(fee_bps=100, refunds_return_fee=True)
    lost = pt.simulate(c, arrivals, seed=SEED, runs=1, economics=kept).runs[0]
    back = pt.simulate(c, arrivals, seed=SEED, runs=1, economics=returned).runs[0]
    assert lost.groups_succeeded == 0
    assert lost.gross_paid > 0
    assert lost.fees == lost.gross_paid // 100  # 1%, rounded down
    assert back.fees == 0


def test_a_sweep_rebuilds_pinshang_terms_from_a_win_rate():
    base = pt.Campaign.pinshang(
        campaign_id="c1",
        product_id="p",
        terms=pt.PinshangTerms.from_rate(cny("10.00"), 10, 1000, cny("0.50")),
        time_limit=timedelta(hours=1),
        schedule=ONE_DAY,
    )
    rows = pt.sweep(
        base, {"win_rate_bps": [1000, 2000]}, pt.Arrivals(per_hour=5), seed=SEED, runs=1
    )
    assert [row.campaign.draw.prizes for row in rows] == [1, 2]
    assert [row.point for row in rows] == [(("win_rate_bps", 1000),), (("win_rate_bps", 2000),)]


def test_a_sweep_rebuilds_pinshang_terms_from_a_winner_count():
    base = pt.Campaign.pinshang(
        campaign_id="c1",
        product_id="p",
        terms=pt.PinshangTerms(
            price=cny("10.00"), group_size=10, winners=1, participation_reward=cny("0.50")
        ),
        time_limit=timedelta(hours=1),
        schedule=ONE_DAY,
    )
    rows = pt.sweep(
        base, {"winners": [2, 3], "group_size": [12]}, pt.Arrivals(per_hour=5), seed=SEED, runs=1
    )
    assert [(r.campaign.group_size, r.campaign.draw.prizes) for r in rows] == [(12, 2), (12, 3)]
    assert rows[0].campaign.draw.loser.cash_reward == cny("0.50")


def test_a_sweep_over_tier_tables_sets_sizes_and_stock():
    base = pt.Campaign.tiered(
        campaign_id="c1",
        product_id="p",
        tiers=seed_table(),
        time_limit=timedelta(hours=1),
        schedule=ONE_DAY,
    )
    small = pt.TierTable.of([(2, "9.00 CNY"), (4, "8.00 CNY")], stock=40)
    rows = pt.sweep(base, {"tiers": [small]}, pt.Arrivals(per_hour=5), seed=SEED, runs=1)
    design = rows[0].campaign
    assert (design.group_size, design.capacity, design.stock) == (2, 4, 40)
