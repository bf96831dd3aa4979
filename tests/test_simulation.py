"""The simulator: repeatable, executor-independent, and right against closed forms."""

from __future__ import annotations

import math
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from datetime import timedelta

import pytest

import pintuan as pt
from _factories import all_day_schedule, campaign, seed_schedule
from pintuan import ConfigurationError

SEED = bytes(range(32))
CNY99 = pt.Money.parse("99.00 CNY")


def seed_pinshang(**options) -> pt.Campaign:
    terms = pt.PinshangTerms.from_rate(CNY99, 100, 300, pt.Money.parse("1.00 CNY"))
    return pt.Campaign.pinshang(
        campaign_id="pin", product_id="sku", terms=terms, time_limit=timedelta(hours=2),
        schedule=seed_schedule(), **options,
    )  # fmt: skip


FAST = pt.Arrivals(per_hour=120, open_share=0.02)  # enough to fill groups of 100


def test_a_simulation_repeats_exactly_and_depends_on_its_seed() -> None:
    c = campaign(schedule=all_day_schedule(), time_limit=timedelta(hours=1))
    a = pt.Arrivals(per_hour=3, open_share=0.3, users=40, quantities=((1, 3.0), (2, 1.0)))
    first = pt.simulate(c, a, seed=SEED, runs=3)
    assert pt.simulate(c, a, seed=SEED, runs=3) == first
    assert pt.simulate(c, a, seed=bytes(32), runs=3) != first
    assert [r.run for r in first.runs] == [0, 1, 2]
    assert pt.simulate(c, a, seed=SEED, runs=2).runs == first.runs[:2]


def test_results_are_the_same_on_any_executor() -> None:
    c = campaign(schedule=all_day_schedule(), time_limit=timedelta(hours=1))
    a = pt.Arrivals(per_hour=2, open_share=0.3)
    serial = pt.simulate(c, a, seed=SEED, runs=4)
    with ProcessPoolExecutor(max_workers=2) as pool:
        assert pt.simulate(c, a, seed=SEED, runs=4, executor=pool) == serial
    seen: list[tuple[int, int]] = []
    with ThreadPoolExecutor(max_workers=2) as pool:
        threaded = pt.simulate(
            c, a, seed=SEED, runs=4, executor=pool, progress=lambda *p: seen.append(p)
        )
    assert threaded == serial
    assert seen == [(1, 4), (2, 4), (3, 4), (4, 4)]


def test_the_seed_pinshang_margin_is_exactly_200_yuan_per_filled_group() -> None:
    # 100 pay 99.00; 3 winners' 297.00 is kept; 97 losers are refunded and get
    # 1.00 each (97.00). So 200.00 a filled group, less 3 units of cost and the
    # fee on what is kept; a failed group refunds everything and costs nothing.
    cost = pt.Money.parse("60.00 CNY")
    economics = pt.Economics(unit_cost=cost, fee_bps=60, refunds_return_fee=True)
    result = pt.simulate(seed_pinshang(), FAST, seed=SEED, runs=2, economics=economics)
    for run in result.runs:
        assert run.groups_succeeded > 0
        fees = math.floor(run.gross_paid * 60 / 10_000) - math.floor(
            sum(amount for _, amount in run.refunds) * 60 / 10_000
        )
        assert run.fees == fees
        assert run.units_shipped == 3 * run.groups_succeeded
        assert run.merchant_revenue == 29_700 * run.groups_succeeded
        assert run.promotion_spend == 9_700 * run.groups_succeeded
        assert run.margin == (20_000 - 3 * 6_000) * run.groups_succeeded - fees
    summary = result.summary()
    expected = (20_000 - 18_000) * summary["groups_succeeded"].mean - summary["fees"].mean
    assert summary["margin"].mean == pytest.approx(expected, rel=1e-12)


def test_fill_rate_matches_a_poisson_process() -> None:
    # One group open at a time (open_share 0: an arrival opens only when no
    # group has a seat); joins arrive at 2 an hour; a group of 3 fills when
    # 2 joins come within its hour: P = 1 - e^-2 (1 + 2) = 0.594.
    c = campaign(group_size=3, schedule=all_day_schedule(), time_limit=timedelta(hours=1))
    result = pt.simulate(c, pt.Arrivals(per_hour=2, open_share=0.0), seed=SEED, runs=3)
    opened = sum(r.groups_opened for r in result.runs)
    filled = sum(r.groups_succeeded for r in result.runs)
    p = 1 - math.exp(-2) * 3
    sigma = math.sqrt(p * (1 - p) / opened)
    assert opened > 1000
    assert abs(filled / opened - p) < 4 * sigma  # stated tolerance: 4 standard errors


def test_window_rules_change_how_many_late_groups_fill() -> None:
    rates = {}
    for rule in (pt.WindowDeadline.CLAMP_TO_WINDOW, pt.WindowDeadline.PAUSE_OUTSIDE_WINDOWS):
        c = campaign(group_size=5, time_limit=timedelta(hours=2), window_deadline=rule)
        r = pt.simulate(c, pt.Arrivals(per_hour=6, open_share=0.3), seed=SEED, runs=1).runs[0]
        rates[rule] = r.groups_succeeded / r.groups_opened
    assert rates[pt.WindowDeadline.PAUSE_OUTSIDE_WINDOWS] > rates[pt.WindowDeadline.CLAMP_TO_WINDOW]


def test_records_and_frame() -> None:
    result = pt.simulate(seed_pinshang(), FAST, seed=SEED, runs=2)
    records = result.to_records()
    assert len({frozenset(r) for r in records}) == 1  # the same keys in every record
    assert {"margin", "refunds_draw", "rewards_participation", "fill_p50_s"} <= set(records[0])
    pandas = pytest.importorskip("pandas")
    frame = result.to_frame()
    assert isinstance(frame, pandas.DataFrame)
    assert list(frame["margin"]) == [r["margin"] for r in records]


def test_a_sweep_marks_break_even_designs() -> None:
    base = seed_pinshang()
    rows = pt.sweep(
        base,
        {"win_rate_bps": [300, 1000], "participation_reward": [pt.Money.parse("1.00 CNY")]},
        FAST,
        seed=SEED,
        runs=1,
        economics=pt.Economics(unit_cost=pt.Money.parse("80.00 CNY")),
    )
    assert [dict(r.point)["win_rate_bps"] for r in rows] == [300, 1000]
    assert [r.campaign.draw.prizes for r in rows] == [3, 10]
    for row in rows:
        assert row.break_even is (row.summary["margin"].mean >= 0)
    # 3 winners: 297 - 97 - 3 x 80 = -40 a group; 10 winners: 990 - 90 - 800 = 100.
    assert [r.break_even for r in rows] == [False, True]


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: pt.simulate(campaign(), FAST, seed=SEED, runs=0), "runs"),
        (lambda: pt.simulate(campaign(), FAST, seed=b"short", runs=1), "seed"),
        (lambda: pt.simulate(campaign(), FAST, seed=SEED, runs=1, executor="pool"), "executor"),
        (lambda: pt.Arrivals(per_hour=-1.0), "per_hour"),
        (lambda: pt.Arrivals(per_hour=math.inf), "per_hour"),
        (lambda: pt.Arrivals(per_hour=math.nan), "per_hour"),
        (lambda: pt.Arrivals(per_hour=1, open_share=1.5), "open_share"),
        (lambda: pt.Arrivals(per_hour=1, referral_share=-0.1), "referral_share"),
        (lambda: pt.Arrivals(per_hour=1, hourly=(1.0,) * 23), "hourly"),
        (lambda: pt.Arrivals(per_hour=1, quantities=((0, 1.0),)), "quantities"),
        (lambda: pt.Economics(fee_bps=10_000), "fee_bps"),
        (lambda: pt.Economics(fee_bps=-1), "fee_bps"),
        (lambda: pt.sweep(campaign(), {}, FAST, seed=SEED, runs=1), "grid"),
        (lambda: pt.sweep(campaign(), {"group_size": []}, FAST, seed=SEED, runs=1), "grid"),
        (lambda: pt.sweep(campaign(), {"win_rate_bps": [300]}, FAST, seed=SEED, runs=1), "grid"),
        (lambda: pt.sweep(campaign(), {"colour": ["red"]}, FAST, seed=SEED, runs=1), "grid"),
    ],
)
def test_bad_input_is_named(call, field: str) -> None:
    with pytest.raises(ConfigurationError) as info:
        call()
    assert info.value.field == field
