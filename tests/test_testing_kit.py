"""pintuan.testing: the strategies, ``from_type``, ``check_settlement`` both ways, the shares.

``check_settlement`` is shown to pass on real settlements of random campaigns
and logs, and to fail, naming the invariant, on settlements corrupted by hand:
each of its invariants has a corruption that breaks it.
"""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys
from collections import Counter
from collections.abc import Callable

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pintuan as pt
import pintuan.testing as ptt
from _factories import (
    FEW,
    budgeted_campaign,
    campaign_end_lottery,
    cny,
    full_group,
    of,
    staggered_groups,
)

# --- from_type and the entry point ------------------------------------------------------

REGISTERED = [
    pt.Money, pt.Schedule, pt.TierTable, pt.Campaign, pt.DrawPolicy, pt.PinshangTerms,
    pt.Prize, pt.RewardPlan, pt.GiftPlan, pt.Coupon,
]  # fmt: skip


def test_the_hypothesis_entry_point_is_installed() -> None:
    points = importlib.metadata.entry_points(group="hypothesis")
    assert [p.value for p in points if p.name == "pintuan"] == [
        "pintuan.testing._register:_hypothesis_setup_hook"
    ]


def test_pintuan_itself_needs_no_hypothesis() -> None:
    """``import pintuan`` never imports Hypothesis; only ``pintuan.testing`` does."""
    code = (
        "import sys, pintuan; assert 'hypothesis' not in sys.modules; "
        "import pintuan.testing; assert 'hypothesis' in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize("cls", REGISTERED, ids=lambda c: c.__name__)
@settings(max_examples=15, deadline=None)
@given(data=st.data())
def test_from_type_draws_every_registered_value(cls: type, data: st.DataObject) -> None:
    value = data.draw(st.from_type(cls))
    assert type(value) is cls
    assert attrs.evolve(value) == value  # validators pass again


# --- the strategies -------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(pt.Kind), ids=lambda k: k.value)
@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_campaigns_are_of_the_kinds_asked_for(kind: pt.Kind, data: st.DataObject) -> None:
    campaign = data.draw(ptt.campaigns(kinds=[kind]))
    assert campaign.kind is kind
    if kind is pt.Kind.TIERED:
        assert campaign.stock == campaign.tiers.stock


@given(ptt.campaigns(kinds=st.sampled_from([pt.Kind.LOTTERY]), options=False))
def test_lottery_campaigns_draw_in_both_modes(campaign: pt.Campaign) -> None:
    assert campaign.draw is not None
    assert campaign.kind is pt.Kind.LOTTERY
    if campaign.draw.mode is pt.DrawMode.AT_GROUP_SUCCESS:
        assert campaign.draw.prizes <= campaign.group_size


@given(ptt.tier_tables(min_size=2, max_size=5, min_group_size=3, max_group_size=9))
def test_tier_prices_never_rise_and_sizes_ascend(table: pt.TierTable) -> None:
    sizes = [t.size for t in table.tiers]
    prices = [t.unit_price.amount for t in table.tiers]
    assert 2 <= len(sizes) <= 5
    assert sizes == sorted(set(sizes))
    assert 3 <= sizes[0] <= sizes[-1] <= 9
    assert prices == sorted(prices, reverse=True)
    assert prices[-1] > 0
    assert table.stock >= sizes[0]


@given(ptt.moneys(min_value=cny("-1.00"), max_value=250), ptt.seeds(max_size=20))
def test_moneys_and_seeds_keep_their_bounds(money: pt.Money, seed: bytes) -> None:
    assert -100 <= money.amount <= 250
    assert money.currency == "CNY"
    assert 16 <= len(seed) <= 20


@given(ptt.moneys(currency=ptt.currencies()))
def test_moneys_take_a_strategy_of_currencies(money: pt.Money) -> None:
    assert money.currency in {"CNY", "USD", "EUR", "JPY", "KWD"}


@given(ptt.schedules(min_days=7, max_windows=3))
def test_schedules_open_on_some_day(schedule: pt.Schedule) -> None:
    assert schedule.is_open(schedule.opens_at)
    assert len(schedule.windows) <= 3
    assert schedule.timezone in ptt.ZONES
    assert (schedule.end_date - schedule.start_date).days >= 6


@given(ptt.pinshang_terms(group_sizes=st.integers(2, 100)))
def test_pinshang_terms_have_whole_winners(terms: pt.PinshangTerms) -> None:
    assert 1 <= terms.winners < terms.group_size
    assert terms.policy().is_pinshang


@given(ptt.aware_datetimes())
def test_aware_datetimes_are_aware(at) -> None:
    assert at.utcoffset() is not None


@pytest.mark.parametrize(
    "build",
    [
        lambda: ptt.moneys(min_value=5, max_value=4),
        lambda: ptt.moneys(min_value=pt.Money(amount=1, currency="USD")),
        lambda: ptt.seeds(min_size=8),
        lambda: ptt.schedules(min_days=0),
        lambda: ptt.tier_tables(min_size=3, min_group_size=2, max_group_size=3),
        lambda: ptt.campaigns(kinds=[]),
        lambda: ptt.command_logs(budgeted_campaign(), min_groups=0),
    ],
)
def test_bounds_that_allow_nothing_are_refused(build: Callable[[], object]) -> None:
    with pytest.raises(pt.InvalidValue):
        build()


# --- check_settlement passes on real settlements ------------------------------------------


@FEW
@given(st.data(), ptt.campaigns(), ptt.seeds())
def test_real_settlements_keep_every_invariant(data, campaign, seed) -> None:
    log = data.draw(ptt.command_logs(campaign))
    result = ptt.replay_log(campaign, log, seed=seed)
    assert len(result.settlements) == len(result.groups)
    ptt.check_settlement(campaign, result.settlements)
    # Replaying again gives the same settlements, so the same keys (invariant 8).
    assert ptt.replay_log(campaign, log, seed=seed).settlements == result.settlements


# --- check_settlement fails on corrupted settlements ----------------------------------------


def _run() -> tuple[pt.Campaign, list[pt.GroupSettlement]]:
    """Six groups of a budgeted campaign (five close, one fails), one product returned."""
    c = budgeted_campaign()
    settled = list(pt.settle_groups(c, staggered_groups(c)))
    first = next(i for i, s in enumerate(settled) if of(s, pt.PayReward))
    order = next(e.order_id for e in of(settled[first], pt.PayReward))
    settled[first] = pt.refund_after_success(
        settled[first], order_id=order, amount=cny("4.00"), return_id="r1"
    )
    return c, settled


def _where(settled: list[pt.GroupSettlement], kind: type) -> int:
    return next(i for i, s in enumerate(settled) if of(s, kind))


def _replace(s: pt.GroupSettlement, old: object, new: object) -> pt.GroupSettlement:
    effects = tuple(new if e is old else e for e in s.effects)
    return attrs.evolve(s, effects=effects)


def _refund_up(c, settled):
    i = _where(settled, pt.Refund)
    refund = of(settled[i], pt.Refund)[0]
    bigger = attrs.evolve(refund, amount=refund.amount + cny("0.01"))
    settled[i] = _replace(settled[i], refund, bigger)
    return c, settled


def _escrow_kept(c, settled):
    i = _where(settled, pt.Capture)
    postings = tuple(p for p in settled[i].postings if p.memo != "capture")
    settled[i] = attrs.evolve(settled[i], postings=postings)
    return c, settled


def _posting_currency(c, settled):
    s = settled[0]
    p = s.postings[0]
    odd = attrs.evolve(p, amount=pt.Money(amount=p.amount.amount, currency="USD"))
    settled[0] = attrs.evolve(s, postings=(odd, *s.postings[1:]))
    return c, settled


def _statement_twice(c, settled):
    s = settled[0]
    settled[0] = attrs.evolve(s, statements=(*s.statements, s.statements[0]))
    return c, settled


def _group_settled_twice(c, settled):
    return c, [*settled, settled[0]]


def _virtual_pays(c, settled):
    s = settled[0]
    first = s.statements[0]
    fake = attrs.evolve(first, outcome=pt.Outcome.VIRTUAL)
    settled[0] = attrs.evolve(s, statements=(fake, *s.statements[1:]))
    return c, settled


def _over_budget(c, settled):
    plan = attrs.evolve(c.rewards, budget=cny("1.00"))
    return attrs.evolve(c, rewards=plan), settled


def _reward_unposted(c, settled):
    i = _where(settled, pt.PayReward)
    postings = tuple(p for p in settled[i].postings if not p.memo.startswith("reward:"))
    settled[i] = attrs.evolve(settled[i], postings=postings)
    return c, settled


def _effect_key_reused(c, settled):
    s = settled[-1]
    first, second = s.effects[0], s.effects[1]
    settled[-1] = _replace(s, second, attrs.evolve(second, key=first.key))
    return c, settled


def _posting_key_across_groups(c, settled):
    a, b = settled[0], settled[1]
    settled[1] = attrs.evolve(
        b, postings=(attrs.evolve(b.postings[0], key=a.postings[0].key), *b.postings[1:])
    )
    return c, settled


def _captured_up(c, settled):
    i = _where(settled, pt.Capture)
    s = settled[i]
    first = s.statements[0]
    more = attrs.evolve(first, captured=first.captured + cny("0.01"))
    settled[i] = attrs.evolve(s, statements=(more, *s.statements[1:]))
    return c, settled


def _refund_given_twice(c, settled):
    i = _where(settled, pt.Refund)
    s = settled[i]
    settled[i] = attrs.evolve(s, effects=(*s.effects, of(s, pt.Refund)[0]))
    return c, settled


def _refund_down(c, settled):
    i = next(i for i, s in enumerate(settled) if any(r.amount.amount > 1 for r in of(s, pt.Refund)))
    refund = next(r for r in of(settled[i], pt.Refund) if r.amount.amount > 1)
    smaller = attrs.evolve(refund, amount=refund.amount - cny("0.01"))
    settled[i] = _replace(settled[i], refund, smaller)
    return c, settled


def _statement_dropped(c, settled):
    i = _where(settled, pt.Capture)
    s = settled[i]
    settled[i] = attrs.evolve(s, statements=s.statements[1:])
    return c, settled


def _waiting_in_an_ended_group(c, settled):
    lottery = campaign_end_lottery()
    waiting = pt.settle_group(lottery, full_group(lottery, 2))
    # Checked as if the campaign drew per group, these orders should have ended.
    draw = attrs.evolve(lottery.draw, mode=pt.DrawMode.AT_GROUP_SUCCESS, prizes=1)
    per_group = attrs.evolve(lottery, draw=draw)
    return per_group, [waiting]


def _clawback_changed(c, settled):
    i = _where(settled, pt.ClawBack)
    back = of(settled[i], pt.ClawBack)[0]
    settled[i] = _replace(settled[i], back, attrs.evolve(back, amount=back.amount + cny("0.01")))
    return c, settled


def _budget_left_negative(c, settled):
    settled[-1] = attrs.evolve(settled[-1], budget_left=cny("-0.01"))
    return c, settled


def _other_campaign(c, settled):
    settled[-1] = attrs.evolve(settled[-1], campaign_id="another-campaign")
    return c, settled


CORRUPTIONS = {
    "a refund raised by a fen": (_refund_up, "refunds"),
    "a capture posting dropped": (_escrow_kept, "balanced"),
    "a posting in another currency": (_posting_currency, "balanced"),
    "a statement given twice": (_statement_twice, "outcomes"),
    "a group settled twice": (_group_settled_twice, "outcomes"),
    "a paying order marked virtual": (_virtual_pays, "outcomes"),
    "a budget smaller than the rewards paid": (_over_budget, "budget"),
    "a reward without its posting": (_reward_unposted, "budget"),
    "an effect key reused": (_effect_key_reused, "keys"),
    "a posting key reused in another group": (_posting_key_across_groups, "keys"),
    "a statement capturing a fen more": (_captured_up, "balanced"),
    "a refund given twice": (_refund_given_twice, "refunds"),
    "a refund lowered by a fen": (_refund_down, "refunds"),
    "a statement dropped": (_statement_dropped, "outcomes"),
    "an order waiting in a group that has ended": (_waiting_in_an_ended_group, "outcomes"),
    "a clawback of another amount": (_clawback_changed, "budget"),
    "a budget left below zero": (_budget_left_negative, "budget"),
    "a settlement of another campaign": (_other_campaign, "outcomes"),
}


def test_the_uncorrupted_run_passes() -> None:
    c, settled = _run()
    assert Counter(s.status for s in settled) == {
        pt.GroupStatus.CLOSED: 5,
        pt.GroupStatus.FAILED: 1,
    }
    assert any(of(s, pt.ClawBack) for s in settled)
    ptt.check_settlement(c, settled)


@pytest.mark.parametrize("name", list(CORRUPTIONS))
def test_each_corruption_is_caught_by_its_invariant(name: str) -> None:
    corrupt, invariant = CORRUPTIONS[name]
    c, settled = corrupt(*_run())
    with pytest.raises(ptt.SettlementInvariantError) as info:
        ptt.check_settlement(c, settled)
    assert info.value.invariant == invariant
    assert isinstance(info.value, AssertionError)
    assert str(info.value).startswith(invariant)


def test_every_invariant_can_fail() -> None:
    assert {inv for _, inv in CORRUPTIONS.values()} == set(ptt.INVARIANTS)


# --- how often the logs reach each outcome ------------------------------------------------


def _reached(result) -> set[str]:
    found = set()
    statuses = {g.status for g in result.groups}
    if statuses & {pt.GroupStatus.SUCCEEDED, pt.GroupStatus.CLOSED}:
        found.add("success")
    if pt.GroupStatus.FAILED in statuses:
        found.add("failure")
    outcomes = {x.outcome for s in result.settlements for x in s.statements}
    if outcomes & {pt.Outcome.WON, pt.Outcome.LOST}:
        found.add("draw")
    reasons = {e.reason for s in result.settlements for e in of(s, pt.Refund)}
    if pt.RefundReason.RETURNED in reasons:
        found.add("return")
    return found


def test_command_logs_reach_every_outcome_in_a_useful_share() -> None:
    seen: Counter[str] = Counter()

    @settings(max_examples=120, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))  # fmt: skip
    @given(st.data(), ptt.campaigns(), ptt.seeds())
    def run(data, campaign, seed) -> None:
        result = ptt.replay_log(campaign, data.draw(ptt.command_logs(campaign)), seed=seed)
        seen["examples"] += 1
        seen["drawing"] += campaign.draw is not None
        seen.update(_reached(result))

    run()
    n = seen["examples"]
    assert seen["success"] >= 0.5 * n
    assert seen["failure"] >= 0.2 * n
    assert seen["return"] >= 0.3 * n
    assert seen["draw"] >= 0.5 * seen["drawing"] > 0
