"""Edges of campaign configuration: presets given the wrong value, tables, rewards, deadlines.

Each bad configuration is refused with a ``ConfigurationError`` (or a
currency mismatch) naming the field; the valid edge cases compute a small,
hand-checked result.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

import pintuan as pt
from _factories import (
    all_day_schedule,
    at,
    campaign,
    check_error,
    cny,
    policy,
    seed_schedule,
    seed_table,
)
from pintuan.errors import ConfigurationError, CurrencyMismatch, NaiveDatetime

_COMMON = {
    "campaign_id": "c1",
    "product_id": "p",
    "time_limit": timedelta(hours=1),
    "schedule": all_day_schedule(),
}


def test_tiered_preset_needs_a_tier_table():
    with pytest.raises(ConfigurationError) as info:
        pt.Campaign.tiered(tiers=[(3, "99.00 CNY")], **_COMMON)
    check_error(info, ConfigurationError, "tiers")


def test_pinshang_preset_needs_pinshang_terms():
    with pytest.raises(ConfigurationError) as info:
        pt.Campaign.pinshang(terms=policy(), **_COMMON)
    check_error(info, ConfigurationError, "terms")


def test_gift_preset_needs_a_gift_plan():
    with pytest.raises(ConfigurationError) as info:
        pt.Campaign.gift(price=cny("9.90"), group_size=2, gifts={"points": 10}, **_COMMON)
    check_error(info, ConfigurationError, "gifts")


def test_a_draw_does_not_combine_with_tiers():
    with pytest.raises(ConfigurationError) as info:
        campaign(tiers=seed_table(), price=None, capacity=10, stock=1000, draw=policy(prizes=1))
    check_error(info, ConfigurationError, "draw")
    assert "tiers" in info.value.rule


@pytest.mark.parametrize("tiers", [[pt.Tier(size=3, unit_price=cny("9.00"))], ("3 at 9.00",)])
def test_a_tier_table_holds_a_tuple_of_tiers(tiers):
    with pytest.raises(ConfigurationError) as info:
        pt.TierTable(tiers=tiers, stock=10)
    check_error(info, ConfigurationError, "tiers")


def test_a_tier_table_has_one_currency():
    assert seed_table().currency == "CNY"
    usd = pt.TierTable.of([(2, "5.00 USD"), (4, "4.00 USD")], stock=8)
    assert usd.currency == "USD"


def test_a_fixed_reward_on_a_base_in_another_currency_is_refused():
    amount = pt.RewardAmount(fixed=cny("1.00"))
    with pytest.raises(CurrencyMismatch) as info:
        amount.amount_on(pt.Money.parse("10.00 USD"))
    check_error(info, CurrencyMismatch, "base")
    assert info.value.value == "10.00 USD"
    assert amount.amount_on(cny("10.00")) == cny("1.00")


@pytest.mark.parametrize(
    "agents",
    [
        (("north",),),  # not a pair
        (("north", ""),),  # an empty agent id
        ["north", "agent"],  # not a tuple of pairs
    ],
)
def test_regional_agents_are_region_agent_pairs(agents):
    with pytest.raises(ConfigurationError) as info:
        pt.RegionalReward(bps=100, agents=agents)
    check_error(info, ConfigurationError, "agents")


@pytest.mark.parametrize(("system_id", "link"), [(None, None), ("cpn", "https://x.example/c")])
def test_a_coupon_is_a_system_id_or_a_link(system_id, link):
    with pytest.raises(ConfigurationError) as info:
        pt.Coupon(system_id=system_id, link=link)
    check_error(info, ConfigurationError, "coupon")
    assert info.value.value == (system_id, link)


def test_clamp_to_window_outside_a_window_keeps_the_time_limit():
    c = campaign(window_deadline=pt.WindowDeadline.CLAMP_TO_WINDOW)
    # Inside the 10:00-12:00 window the 2-hour limit is clamped to its end...
    assert c.deadline_for(at(11)) == at(12)
    # ...outside any window there is nothing to clamp to: opened_at + 2 hours.
    assert c.deadline_for(at(13)) == at(15)


def test_the_campaign_end_clamps_every_deadline():
    c = campaign()
    end = c.schedule.closes_at
    late = end - timedelta(minutes=30)
    assert c.deadline_for(late) == end


def test_a_schedule_question_needs_an_aware_datetime():
    with pytest.raises(NaiveDatetime) as info:
        seed_schedule().is_open("2020-07-01T10:00")
    check_error(info, NaiveDatetime, "at")
    with pytest.raises(NaiveDatetime) as info:
        seed_schedule().is_open(datetime(2020, 7, 1, 10))  # noqa: DTZ001 - naive on purpose
    check_error(info, NaiveDatetime, "at")


def test_a_referral_chain_is_a_tuple_of_user_ids():
    with pytest.raises(pt.InvalidValue) as info:
        pt.JoinGroup(group_id="g1", order_id="o2", user_id="u2", at=at(10), referral_chain=["u1"])
    check_error(info, pt.InvalidValue, "referral_chain")
    with pytest.raises(pt.InvalidValue) as info:
        pt.JoinGroup(group_id="g1", order_id="o2", user_id="u2", at=at(10), referral_chain=("",))
    check_error(info, pt.InvalidValue, "referral_chain")


def test_a_campaign_without_tiers_needs_a_price():
    with pytest.raises(ConfigurationError) as info:
        campaign(price=None)
    check_error(info, ConfigurationError, "price")
    assert info.value.value is None
    assert info.value.rule == "a campaign without tiers needs a price"
