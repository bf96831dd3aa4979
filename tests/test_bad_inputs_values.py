"""The bad-input catalog, part 1: values and configuration.

Each case builds or computes something from bad input and must raise exactly
one :mod:`pintuan.errors` class whose ``field`` and ``value`` name the bad
input, in a message ``field=value: rule``, leaving every input unchanged.
Part 2 (``test_bad_inputs_actions.py``) covers commands, decisions and
settlement.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import attrs
import pytest

import pintuan as pt
from _factories import campaign, check_refused, cny, seed_schedule
from pintuan.errors import (
    ConfigurationError as Cfg,
)
from pintuan.errors import (
    CurrencyMismatch as Mismatch,
)
from pintuan.errors import (
    DrawError,
    MoneyError,
    NaiveDatetime,
    ScheduleError,
)
from pintuan.money import MAX_AMOUNT, minor_digits

USD = pt.Money.parse("1.00 USD")
PRICE = cny("99.00")
SCHEDULE = seed_schedule()
CAMPAIGN = campaign()
TABLE = pt.TierTable.of([(3, "99.00 CNY"), (5, "89.00 CNY")], stock=100)
COUPON = pt.Coupon(system_id="cpn")
PRODUCT = pt.Prize.product()
BACK = pt.Prize.money_back()
TERMS = pt.PinshangTerms(price=PRICE, group_size=10, winners=1, participation_reward=cny("1"))
ROWS = [(3, "99.00 CNY"), (5, 89.0)]
WEIGHTS = {"a": 1, "b": -1}
# Every case may read these; none may change them.
SHARED = (USD, PRICE, SCHEDULE, CAMPAIGN, TABLE, COUPON, TERMS, ROWS, WEIGHTS)


def money(**kw: Any) -> pt.Money:
    return pt.Money(**{"amount": 100, "currency": "CNY", **kw})


def schedule(**kw: Any) -> pt.Schedule:
    fields = attrs.asdict(SCHEDULE, recurse=False)
    fields = {k: fields[k] for k in ("timezone", "start_date", "end_date", "windows")}
    return pt.Schedule(**{**fields, **kw})


def normal(**kw: Any) -> pt.Campaign:
    fields: dict[str, Any] = {
        "campaign_id": "c1", "product_id": "p", "price": PRICE, "group_size": 3,
        "time_limit": timedelta(hours=2), "schedule": SCHEDULE,
    }  # fmt: skip
    return pt.Campaign.normal(**{**fields, **kw})


def evolved(**kw: Any) -> pt.Campaign:
    return attrs.evolve(CAMPAIGN, **kw)


def draw(**kw: Any) -> pt.DrawPolicy:
    fields = {"mode": pt.DrawMode.AT_GROUP_SUCCESS, "prizes": 1, "winner": PRODUCT, "loser": BACK}
    return pt.DrawPolicy(**{**fields, **kw})


def lottery(**kw: Any) -> pt.Campaign:
    return preset("lottery", **{"price": PRICE, "group_size": 3, "draw": draw(), **kw})


def preset(kind: str, **kw: Any) -> pt.Campaign:
    """``Campaign.<kind>`` with an id, a product, a time limit and a schedule."""
    fields = {"campaign_id": "c", "product_id": "p", "time_limit": timedelta(hours=1)}
    return getattr(pt.Campaign, kind)(**fields, schedule=SCHEDULE, **kw)


def terms(**kw: Any) -> pt.PinshangTerms:
    fields = {"price": PRICE, "group_size": 10, "winners": 1, "participation_reward": cny("1")}
    return pt.PinshangTerms(**{**fields, **kw})


def plan(**kw: Any) -> pt.RewardPlan:
    return pt.RewardPlan(**kw)


NAIVE = datetime(2020, 7, 1, 10)  # noqa: DTZ001 (the bad input)
LOSERS = pt.ParticipationReward(amount=cny("1"))
BIG = MAX_AMOUNT + 1
C = pytest.param

# fmt: off
CASES = [
    # --- Money --------------------------------------------------------------------
    C(lambda: money(amount=1.5), MoneyError, "amount", 1.5, id="money-float"),
    C(lambda: money(amount=Decimal("1")), MoneyError, "amount", Decimal("1"), id="money-decimal"),
    C(lambda: money(amount=True), MoneyError, "amount", True, id="money-bool"),
    C(lambda: money(amount="100"), MoneyError, "amount", "100", id="money-str"),
    C(lambda: money(amount=None), MoneyError, "amount", None, id="money-none"),
    C(lambda: money(amount=BIG), MoneyError, "amount", BIG, id="money-too-big"),
    C(lambda: money(amount=-BIG), MoneyError, "amount", -BIG, id="money-too-small"),
    C(lambda: money(currency="ABC"), MoneyError, "currency", "ABC", id="money-abc"),
    C(lambda: money(currency="XYZ"), MoneyError, "currency", "XYZ", id="money-xyz"),
    C(lambda: money(currency="cny"), MoneyError, "currency", "cny", id="money-lowercase"),
    C(lambda: money(currency="XAU"), MoneyError, "currency", "XAU", id="money-gold"),
    C(lambda: money(currency="HRK"), MoneyError, "currency", "HRK", id="money-withdrawn"),
    C(lambda: money(currency="CNYY"), MoneyError, "currency", "CNYY", id="money-four-letters"),
    C(lambda: money(currency=""), MoneyError, "currency", "", id="money-empty-currency"),
    C(lambda: money(currency=None), MoneyError, "currency", None, id="money-none-currency"),
    C(lambda: money(currency=156), MoneyError, "currency", 156, id="money-numeric-code"),
    C(lambda: money(currency=["CNY"]), MoneyError, "currency", ["CNY"], id="money-list-currency"),
    C(lambda: pt.Money.zero("ABC"), MoneyError, "currency", "ABC", id="zero-abc"),
    C(lambda: minor_digits("XYZ"), MoneyError, "currency", "XYZ", id="minor-digits-xyz"),
    C(lambda: minor_digits(None), MoneyError, "currency", None, id="minor-digits-none"),
    # Money.parse
    C(lambda: pt.Money.parse(99), MoneyError, "text", 99, id="parse-int"),
    C(lambda: pt.Money.parse(None), MoneyError, "text", None, id="parse-none"),
    C(lambda: pt.Money.parse("99.00"), MoneyError, "text", "99.00", id="parse-no-currency"),
    C(lambda: pt.Money.parse("99.001 CNY"), MoneyError, "text", "99.001 CNY", id="parse-extra"),
    C(lambda: pt.Money.parse("1.5 JPY"), MoneyError, "text", "1.5 JPY", id="parse-yen-decimals"),
    C(lambda: pt.Money.parse("1,00 CNY"), MoneyError, "text", "1,00 CNY", id="parse-comma"),
    C(lambda: pt.Money.parse("1e3 CNY"), MoneyError, "text", "1e3 CNY", id="parse-exponent"),
    C(lambda: pt.Money.parse("+1 CNY"), MoneyError, "text", "+1 CNY", id="parse-plus"),
    C(lambda: pt.Money.parse(". CNY"), MoneyError, "text", ". CNY", id="parse-dot"),
    C(lambda: pt.Money.parse("NaN CNY"), MoneyError, "text", "NaN CNY", id="parse-nan"),
    C(lambda: pt.Money.parse("1 ABC"), MoneyError, "currency", "ABC", id="parse-abc"),
    C(lambda: pt.Money.parse("1 CNY", "USD"), Mismatch, "currency", "CNY", id="parse-two-codes"),
    C(lambda: pt.Money.parse("1", "XYZ"), MoneyError, "currency", "XYZ", id="parse-arg-xyz"),
    C(lambda: pt.Money.parse("1" * 20 + " CNY"), MoneyError, "text", "1" * 20 + " CNY",
      id="parse-too-many-digits"),
    C(lambda: pt.Money.parse("10000000000000000.01 CNY"),
      MoneyError, "text", "10000000000000000.01 CNY", id="parse-over-max"),
    # arithmetic
    C(lambda: PRICE + USD, Mismatch, "currency", "USD", id="add-usd"),
    C(lambda: PRICE - USD, Mismatch, "currency", "USD", id="sub-usd"),
    C(lambda: PRICE < USD, Mismatch, "currency", "USD", id="lt-usd"),
    C(lambda: PRICE >= USD, Mismatch, "currency", "USD", id="ge-usd"),
    C(lambda: PRICE + 1, MoneyError, "other", 1, id="add-int"),
    C(lambda: PRICE - "1", MoneyError, "other", "1", id="sub-str"),
    C(lambda: PRICE > None, MoneyError, "other", None, id="gt-none"),
    C(lambda: PRICE * 1.5, MoneyError, "factor", 1.5, id="mul-float"),
    C(lambda: PRICE * True, MoneyError, "factor", True, id="mul-bool"),
    C(lambda: PRICE * Decimal(2), MoneyError, "factor", Decimal(2), id="mul-decimal"),
    C(lambda: money(amount=MAX_AMOUNT) + money(amount=1), MoneyError, "amount", BIG,
      id="add-overflow"),
    C(lambda: money(amount=MAX_AMOUNT) * 2, MoneyError, "amount", 2 * MAX_AMOUNT,
      id="mul-overflow"),
    # Rate and allocate
    C(lambda: pt.Rate(bps=10_001), MoneyError, "bps", 10_001, id="rate-over-100"),
    C(lambda: pt.Rate(bps=-1), MoneyError, "bps", -1, id="rate-negative"),
    C(lambda: pt.Rate(bps=0.5), MoneyError, "bps", 0.5, id="rate-float"),
    C(lambda: pt.Rate(bps=100).apply("1.00"), MoneyError, "amount", "1.00", id="rate-apply-str"),
    C(lambda: pt.Rate(bps=100).apply(None), MoneyError, "amount", None, id="rate-apply-none"),
    C(lambda: pt.Rate(bps=100).apply(-PRICE), MoneyError, "amount", -PRICE,
      id="rate-apply-negative"),
    C(lambda: pt.Rate(bps=100).remainder(5), MoneyError, "amount", 5, id="rate-remainder-int"),
    C(lambda: pt.allocate(PRICE, None), MoneyError, "weights", None, id="allocate-none"),
    C(lambda: pt.allocate(PRICE, [1, 2]), MoneyError, "weights", [1, 2], id="allocate-list"),
    C(lambda: pt.allocate(PRICE, WEIGHTS), MoneyError, "weights['b']", -1, id="allocate-negative"),
    C(lambda: pt.allocate(PRICE, {"a": 0.5}), MoneyError, "weights['a']", 0.5, id="allocate-float"),
    C(lambda: pt.allocate(PRICE, {"a": 0}), MoneyError, "weights", {"a": 0}, id="allocate-zero"),
    C(lambda: pt.allocate(PRICE, {1: 1}), MoneyError, "weights", 1, id="allocate-int-key"),
    C(lambda: pt.allocate(-PRICE, {"a": 1}), MoneyError, "total", -PRICE,
      id="allocate-negative-total"),
    C(lambda: pt.allocate(100, {"a": 1}), MoneyError, "total", 100, id="allocate-int-total"),
    # --- schedules ----------------------------------------------------------------
    C(lambda: schedule(timezone="Mars/Base"), ScheduleError, "timezone", "Mars/Base",
      id="schedule-zone"),
    C(lambda: schedule(timezone=8), ScheduleError, "timezone", 8, id="schedule-zone-int"),
    C(lambda: schedule(timezone=""), ScheduleError, "timezone", "", id="schedule-zone-empty"),
    C(lambda: schedule(start_date="2020-07-01"), ScheduleError, "start_date", "2020-07-01",
      id="schedule-start-str"),
    C(lambda: schedule(end_date=NAIVE),
      ScheduleError, "end_date", NAIVE, id="schedule-end-datetime"),
    C(lambda: schedule(start_date=date.min), ScheduleError, "start_date", date.min,
      id="schedule-date-min"),
    C(lambda: schedule(end_date=date(2020, 6, 1)), ScheduleError, "end_date", date(2020, 6, 1),
      id="schedule-end-before-start"),
    C(lambda: schedule(windows=[pt.DailyWindow.parse("10:00-12:00")]),
      ScheduleError, "windows", [pt.DailyWindow.parse("10:00-12:00")], id="schedule-windows-list"),
    C(lambda: schedule(windows=("10:00-12:00",)), ScheduleError, "windows", ("10:00-12:00",),
      id="schedule-windows-str"),
    C(lambda: schedule(recurrence="FREQ=HOURLY"), ScheduleError, "recurrence", "FREQ=HOURLY",
      id="schedule-hourly"),
    C(lambda: schedule(recurrence=7), ScheduleError, "recurrence", 7, id="schedule-rrule-int"),
    C(lambda: schedule(recurrence="FREQ=DAILY\nFREQ=DAILY"),
      ScheduleError, "recurrence", "FREQ=DAILY\nFREQ=DAILY", id="schedule-rrule-two-lines"),
    C(lambda: pt.DailyWindow.parse("10-12"), ScheduleError, "window", "10-12", id="window-text"),
    C(lambda: pt.DailyWindow.parse(1000), ScheduleError, "window", 1000, id="window-int"),
    C(lambda: pt.DailyWindow(start=time(12), end=time(12)), ScheduleError, "end", time(12),
      id="window-empty"),
    C(lambda: pt.DailyWindow(start="10:00", end=time(12)), ScheduleError, "start", "10:00",
      id="window-start-str"),
    C(lambda: SCHEDULE.is_open(NAIVE), NaiveDatetime, "at", NAIVE, id="is-open-naive"),
    C(lambda: SCHEDULE.next_open(NAIVE), NaiveDatetime, "at", NAIVE, id="next-open-naive"),
    C(lambda: SCHEDULE.window_at("10:00"), NaiveDatetime, "at", "10:00", id="window-at-str"),
    # --- campaigns ----------------------------------------------------------------
    C(lambda: normal(campaign_id=""), Cfg, "campaign_id", "", id="campaign-id-empty"),
    C(lambda: normal(campaign_id=" "), Cfg, "campaign_id", " ", id="campaign-id-blank"),
    C(lambda: normal(campaign_id=1), Cfg, "campaign_id", 1, id="campaign-id-int"),
    C(lambda: normal(product_id=None), Cfg, "product_id", None, id="product-id-none"),
    C(lambda: normal(price=99), Cfg, "price", 99, id="price-int"),
    C(lambda: normal(price="99.00 CNY"), Cfg, "price", "99.00 CNY", id="price-str"),
    C(lambda: normal(price=cny("0")), Cfg, "price", cny("0"), id="price-zero"),
    C(lambda: normal(price=-PRICE), Cfg, "price", -PRICE, id="price-negative"),
    C(lambda: normal(price=None), Cfg, "price", None, id="price-none"),
    C(lambda: normal(price=money(amount=MAX_AMOUNT)), Cfg, "price", "10000000000000000.00 CNY",
      id="price-times-quantity-over-max"),
    C(lambda: normal(price=money(amount=10**15), limits=pt.UserLimits(max_quantity=1001)), Cfg,
      "price", "10000000000000.00 CNY", id="price-times-limit-over-max"),
    C(lambda: normal(group_size=1), Cfg, "group_size", 1, id="group-size-1"),
    C(lambda: normal(group_size=0), Cfg, "group_size", 0, id="group-size-0"),
    C(lambda: normal(group_size=3.0), Cfg, "group_size", 3.0, id="group-size-float"),
    C(lambda: normal(group_size=True), Cfg, "group_size", True, id="group-size-bool"),
    C(lambda: normal(group_size=10**30), Cfg, "group_size", 10**30, id="group-size-huge"),
    C(lambda: normal(group_size=100_001), Cfg, "group_size", 100_001, id="group-size-over-max"),
    C(lambda: normal(capacity=2), Cfg, "capacity", 2, id="capacity-below-size"),
    C(lambda: normal(capacity=10**6), Cfg, "capacity", 10**6, id="capacity-over-max"),
    C(lambda: normal(time_limit=timedelta(0)), Cfg, "time_limit", timedelta(0),
      id="time-limit-zero"),
    C(lambda: normal(time_limit=timedelta(hours=-1)), Cfg, "time_limit", timedelta(hours=-1),
      id="time-limit-negative"),
    C(lambda: normal(time_limit=7200), Cfg, "time_limit", 7200, id="time-limit-int"),
    C(lambda: normal(schedule="daily"), Cfg, "schedule", "daily", id="schedule-str"),
    C(lambda: normal(limits={"max_quantity": 1}), Cfg, "limits", {"max_quantity": 1},
      id="limits-dict"),
    C(lambda: normal(stock=0), Cfg, "stock", 0, id="stock-zero"),
    C(lambda: normal(stock=2), Cfg, "stock", 2, id="stock-below-group"),
    C(lambda: normal(stock="10"), Cfg, "stock", "10", id="stock-str"),
    C(lambda: normal(leader_price=cny("100")), Cfg, "leader_price", "100.00 CNY",
      id="leader-price-above"),
    C(lambda: normal(leader_price=USD), Mismatch, "leader_price", "1.00 USD",
      id="leader-price-usd"),
    C(lambda: normal(leader_price=-PRICE), Cfg, "leader_price", -PRICE, id="leader-price-negative"),
    C(lambda: normal(new_users_only=1), Cfg, "new_users_only", 1, id="new-users-int"),
    C(lambda: normal(new_users_only="yes"), Cfg, "new_users_only", "yes", id="new-users-str"),
    C(lambda: normal(virtual_completion=pt.VirtualCompletion(min_real_members=3)),
      Cfg, "virtual_completion.min_real_members", 3, id="vc-needs-full-group"),
    C(lambda: normal(virtual_completion=1), Cfg, "virtual_completion", 1, id="vc-int"),
    C(lambda: normal(full_group_policy="reject"), Cfg, "full_group_policy", "reject",
      id="full-group-str"),
    C(lambda: normal(window_deadline="elapsed"), Cfg, "window_deadline", "elapsed",
      id="window-deadline-str"),
    C(lambda: normal(rewards={}), Cfg, "rewards", {}, id="rewards-dict"),
    C(lambda: normal(rewards=plan(participation=pt.ParticipationReward(amount=USD))),
      Mismatch, "rewards", "USD", id="rewards-usd"),
    C(lambda: normal(tiers=TABLE), Cfg, "tiers", TABLE, id="normal-tiers-option"),
    C(lambda: normal(draw=draw()), Cfg, "draw", draw(), id="normal-draw-option"),
    C(lambda: normal(price_=PRICE), Cfg, "price_", PRICE, id="normal-typo"),
    C(lambda: pt.Campaign.normal("c1"), Cfg, "args", ("c1",), id="normal-positional"),
    C(lambda: pt.Campaign.normal(campaign_id="c1"), Cfg, "product_id", None, id="normal-missing"),
    C(lambda: evolved(price=None), Cfg, "price", None, id="no-price-no-tiers"),
    C(lambda: evolved(tiers=TABLE, group_size=3, capacity=5, stock=100), Cfg, "price", "99.00 CNY",
      id="price-and-tiers"),
    C(lambda: evolved(price=None, tiers=TABLE, group_size=4, capacity=5, stock=100),
      Cfg, "group_size", 4, id="tiers-group-size"),
    C(lambda: evolved(price=None, tiers=TABLE, group_size=3, capacity=6, stock=100),
      Cfg, "capacity", 6, id="tiers-capacity"),
    C(lambda: evolved(price=None, tiers=TABLE, group_size=3, capacity=5, stock=99),
      Cfg, "stock", 99, id="tiers-stock"),
    C(lambda: evolved(tier_payment="first"), Cfg, "tier_payment", "first", id="tier-payment-str"),
    C(lambda: evolved(gifts=5), Cfg, "gifts", 5, id="gifts-int"),
    # presets
    C(lambda: preset("tiered", tiers=[(3, "9 CNY")]),
      Cfg, "tiers", [(3, "9 CNY")], id="tiered-rows-not-table"),
    C(lambda: preset("pinshang", terms=None),
      Cfg, "terms", None, id="pinshang-no-terms"),
    C(lambda: preset("gift", price=PRICE, group_size=3, gifts="pts"),
      Cfg, "gifts", "pts", id="gift-str"),
    C(lambda: preset("pinshang", terms=TERMS, gifts=None),
      Cfg, "gifts", None, id="pinshang-gifts-option"),
    C(lambda: lottery(draw="at_end"), Cfg, "draw", "at_end", id="lottery-draw-str"),
    C(lambda: lottery(draw=draw(prizes=4)), Cfg, "prizes", 4, id="lottery-mode2-prizes"),
    C(lambda: lottery(draw=draw(loser=pt.Prize.pinshang_consolation(USD))),
      Mismatch, "draw.loser.cash_reward", "1.00 USD", id="lottery-usd-reward"),
    C(lambda: lottery(rewards=plan(participation=LOSERS, timing=pt.RewardTiming.ON_SUCCESS)),
      Cfg, "rewards.timing", "on_success", id="lottery-losers-on-success"),
    # limits and virtual completion
    C(lambda: pt.UserLimits(max_quantity=0), Cfg, "max_quantity", 0, id="limit-quantity-0"),
    C(lambda: pt.UserLimits(max_quantity=10_001), Cfg, "max_quantity", 10_001,
      id="limit-quantity-over-max"),
    C(lambda: pt.UserLimits(max_groups_joined=-1), Cfg, "max_groups_joined", -1,
      id="limit-joined-negative"),
    C(lambda: pt.UserLimits(max_groups_opened="1"), Cfg, "max_groups_opened", "1",
      id="limit-opened-str"),
    C(lambda: pt.VirtualCompletion(min_real_members=0), Cfg, "min_real_members", 0, id="vc-zero"),
    # --- tiers --------------------------------------------------------------------
    C(lambda: pt.TierTable.of(ROWS, stock=100), Cfg, "rows[1].price", 89.0, id="of-float"),
    C(lambda: pt.TierTable.of([(3, None)], stock=100), Cfg, "rows[0].price", None,
      id="of-none-price"),
    C(lambda: pt.TierTable.of([(3, "9.001 CNY")], stock=100),
      MoneyError, "rows[0].price", "9.001 CNY", id="of-extra-precision"),
    C(lambda: pt.TierTable.of([(3, "9 ABC")], stock=100), MoneyError, "rows[0].price", "9 ABC",
      id="of-abc"),
    C(lambda: pt.TierTable.of([(1, "9 CNY")], stock=100), Cfg, "rows[0].size", 1, id="of-size-1"),
    C(lambda: pt.TierTable.of([(3.0, "9 CNY")], stock=100), Cfg, "rows[0].size", 3.0,
      id="of-size-float"),
    C(lambda: pt.TierTable.of([(3, "0 CNY")], stock=100), Cfg, "rows[0].price", cny("0"),
      id="of-free"),
    C(lambda: pt.TierTable.of([3], stock=100), Cfg, "rows[0]", 3, id="of-not-a-pair"),
    C(lambda: pt.TierTable.of([(3, "9 CNY", 1)], stock=100), Cfg, "rows[0]", (3, "9 CNY", 1),
      id="of-triple"),
    C(lambda: pt.TierTable.of(None, stock=100), Cfg, "rows", None, id="of-none"),
    C(lambda: pt.TierTable.of([], stock=100), Cfg, "tiers", (), id="of-empty"),
    C(lambda: pt.TierTable.of([(3, "9 CNY"), (3, "8 CNY")], stock=100), Cfg, "tiers[1].size", 3,
      id="of-duplicate-size"),
    C(lambda: pt.TierTable.of([(5, "9 CNY"), (3, "8 CNY")], stock=100), Cfg, "tiers[1].size", 3,
      id="of-descending"),
    C(lambda: pt.TierTable.of([(3, "8 CNY"), (5, "9 CNY")], stock=100),
      Cfg, "tiers[1].unit_price", "9.00 CNY", id="of-price-rises"),
    C(lambda: pt.TierTable.of([(3, "9 CNY"), (5, "8 USD")], stock=100),
      Mismatch, "tiers[1].unit_price", "8.00 USD", id="of-two-currencies"),
    C(lambda: pt.TierTable.of([(3, "9 CNY")], stock=2), Cfg, "stock", 2, id="of-stock-low"),
    C(lambda: pt.TierTable.of([(3, "9 CNY")], stock=None), Cfg, "stock", None, id="of-stock-none"),
    C(lambda: pt.TierTable(tiers=[pt.Tier(size=3, unit_price=PRICE)], stock=10),
      Cfg, "tiers", [pt.Tier(size=3, unit_price=PRICE)], id="table-list"),
    C(lambda: pt.Tier(size=100_001, unit_price=PRICE), Cfg, "size", 100_001, id="tier-over-max"),
    C(lambda: pt.Tier(size=3, unit_price="9 CNY"), Cfg, "unit_price", "9 CNY", id="tier-str"),
    # --- draws and pinshang -------------------------------------------------------
    C(lambda: draw(mode="at_group_success"), Cfg, "mode", "at_group_success", id="draw-mode"),
    C(lambda: draw(prizes=-1), Cfg, "prizes", -1, id="draw-prizes-negative"),
    C(lambda: draw(prizes=1.0), Cfg, "prizes", 1.0, id="draw-prizes-float"),
    C(lambda: draw(winner="product"), Cfg, "winner", "product", id="draw-winner-str"),
    C(lambda: draw(loser=None), Cfg, "loser", None, id="draw-loser-none"),
    C(lambda: draw(notify="no"), Cfg, "notify", "no", id="draw-notify-str"),
    C(lambda: pt.Prize(refund_bps=10_001), Cfg, "refund_bps", 10_001, id="prize-refund-over"),
    C(lambda: pt.Prize(points=-1), Cfg, "points", -1, id="prize-points-negative"),
    C(lambda: pt.Prize(ship="yes"), Cfg, "ship", "yes", id="prize-ship-str"),
    C(lambda: pt.Prize(cash_reward=cny("0")), Cfg, "cash_reward", cny("0"), id="prize-cash-zero"),
    C(lambda: pt.Prize(coupon="cpn"), Cfg, "coupon", "cpn", id="prize-coupon-str"),
    C(lambda: PRODUCT.refund_for(99), Cfg, "paid", 99, id="refund-for-int"),
    C(lambda: terms(group_size=1), Cfg, "group_size", 1, id="terms-size-1"),
    C(lambda: terms(group_size=10**30), Cfg, "group_size", 10**30, id="terms-size-huge"),
    C(lambda: terms(winners=10), Cfg, "winners", 10, id="terms-all-win"),
    C(lambda: terms(winners=0), Cfg, "winners", 0, id="terms-no-winner"),
    C(lambda: terms(participation_reward=-PRICE), Cfg, "participation_reward", -PRICE,
      id="terms-reward-negative"),
    C(lambda: terms(participation_reward=USD), Mismatch, "participation_reward", USD,
      id="terms-reward-usd"),
    C(lambda: pt.winners_for_rate(100, 10_001), Cfg, "win_rate", 10_001, id="rate-over"),
    C(lambda: pt.winners_for_rate(0, 300), Cfg, "group_size", 0, id="rate-size-0"),
    C(lambda: pt.winners_for_rate(100, 250), Cfg, "win_rate", 250, id="rate-not-whole"),
    # --- rewards ------------------------------------------------------------------
    C(lambda: pt.RewardAmount(), Cfg, "amount", (None, None), id="amount-neither"),
    C(lambda: pt.RewardAmount(fixed=PRICE, bps=1), Cfg, "amount", (PRICE, 1), id="amount-both"),
    C(lambda: pt.RewardAmount(bps=10_001), Cfg, "bps", 10_001, id="amount-bps-over"),
    C(lambda: pt.RewardAmount(fixed=-PRICE), Cfg, "fixed", -PRICE, id="amount-negative"),
    C(lambda: pt.ParticipationReward(amount=cny("0")), Cfg, "amount", cny("0"),
      id="participation-zero"),
    C(lambda: pt.ParticipationReward(amount=PRICE, losers_only=0), Cfg, "losers_only", 0,
      id="participation-flag-int"),
    C(lambda: pt.ReferralReward(levels=()), Cfg, "levels", (), id="referral-empty"),
    C(lambda: pt.ReferralReward(levels=[pt.RewardAmount(bps=1)]),
      Cfg, "levels", [pt.RewardAmount(bps=1)], id="referral-list"),
    C(lambda: pt.ReferralReward(levels=(pt.RewardAmount(bps=1),) * 4), Cfg, "levels", 4,
      id="referral-four-levels"),
    C(lambda: pt.ReferralReward(levels=(pt.RewardAmount(fixed=PRICE), pt.RewardAmount(fixed=USD))),
      Mismatch, "levels[1].fixed", "1.00 USD", id="referral-two-currencies"),
    C(lambda: pt.TeamReward(amount=100), Cfg, "amount", 100, id="team-int"),
    C(lambda: pt.RegionalReward(bps=100, agents=()), Cfg, "agents", (), id="regional-empty"),
    C(lambda: pt.RegionalReward(bps=100, agents=(("sh", ""),)), Cfg, "agents", ("sh", ""),
      id="regional-empty-agent"),
    C(lambda: pt.RegionalReward(bps=100, agents=(("sh", "a"), ("sh", "b"))), Cfg, "agents", "sh",
      id="regional-repeated-region"),
    C(lambda: pt.RegionalReward(bps=100, agents=(("sh", "virtual:1"),)), Cfg, "agents", "virtual:1",
      id="regional-virtual-agent"),
    C(lambda: pt.RegionalReward(bps=-1, agents=(("sh", "a"),)), Cfg, "bps", -1,
      id="regional-bps-negative"),
    C(lambda: plan(budget=-PRICE), Cfg, "budget", -PRICE, id="plan-budget-negative"),
    C(lambda: plan(participation=pt.ParticipationReward(amount=PRICE), budget=USD),
      Mismatch, "budget", "1.00 USD", id="plan-budget-usd"),
    C(lambda: plan(team="leader"), Cfg, "team", "leader", id="plan-team-str"),
    C(lambda: plan(timing="after_draw"), Cfg, "timing", "after_draw", id="plan-timing-str"),
    C(lambda: plan(budget_policy="skip"), Cfg, "budget_policy", "skip", id="plan-policy-str"),
    # --- gifts --------------------------------------------------------------------
    C(lambda: pt.Coupon(), Cfg, "coupon", (None, None), id="coupon-neither"),
    C(lambda: pt.Coupon(system_id="a", link="b"), Cfg, "coupon", ("a", "b"), id="coupon-both"),
    C(lambda: pt.Coupon(system_id=""), Cfg, "system_id", "", id="coupon-empty-id"),
    C(lambda: pt.GiftItem(product_id="g", quantity=0), Cfg, "quantity", 0, id="item-none"),
    C(lambda: pt.GiftItem(product_id="g", quantity=10**30), Cfg, "quantity", 10**30,
      id="item-huge"),
    C(lambda: pt.GiftItem(product_id=""), Cfg, "product_id", "", id="item-no-product"),
    C(lambda: pt.GiftPlan(), Cfg, "gifts", (0, None, None), id="gift-plan-empty"),
    C(lambda: pt.GiftPlan(points=-5), Cfg, "points", -5, id="gift-points-negative"),
    C(lambda: pt.GiftPlan(coupon="cpn"), Cfg, "coupon", "cpn", id="gift-coupon-str"),
    C(lambda: pt.GiftPlan(points=1, leader_only=None), Cfg, "leader_only", None,
      id="gift-leader-only-none"),
    # --- draw protocol ------------------------------------------------------------
    C(lambda: pt.select_winners(b"short", ["a"], 1), DrawError, "seed", "<5 bytes>",
      id="winners-short-seed"),
    C(lambda: pt.select_winners("x" * 32, ["a"], 1), DrawError, "seed", "str",
      id="winners-str-seed"),
    C(lambda: pt.select_winners(bytes(32), ["a", "a"], 1), DrawError, "entries[1]", "a",
      id="winners-duplicate"),
    C(lambda: pt.select_winners(bytes(32), ["a", ""], 1), DrawError, "entries[1]", "",
      id="winners-empty-entry"),
    C(lambda: pt.select_winners(bytes(32), ["a"], -1), DrawError, "k", -1, id="winners-negative-k"),
    C(lambda: pt.select_winners(bytes(32), "ab", 1), DrawError, "entries", "ab",
      id="winners-str-entries"),
    C(lambda: pt.commitment(None), DrawError, "seed", "NoneType", id="commitment-none"),
    C(lambda: pt.group_seed(bytes(32), ""), DrawError, "group_id", "", id="group-seed-empty"),
    C(lambda: pt.pool_digest([1]), DrawError, "entries[0]", 1, id="digest-int-entry"),
    C(lambda: pt.rank_entries(bytes(8), ["a"]), DrawError, "seed", "<8 bytes>", id="rank-short"),
]
# fmt: on


@pytest.mark.parametrize(("call", "error", "field", "value"), CASES)
def test_bad_input_is_refused(call, error, field, value):
    check_refused(call, error, field, value, SHARED)


def test_the_catalog_is_large():
    assert len(CASES) >= 120
    assert all(c.id for c in CASES)
    assert len({c.id for c in CASES}) == len(CASES)
