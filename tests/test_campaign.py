"""Campaign configuration: every bad field of a campaign of any kind raises an error naming it."""

from __future__ import annotations

from datetime import timedelta

import pytest

from _factories import campaign, check_error, cny, lottery, pinshang, policy
from pintuan import (
    ConfigurationError,
    CurrencyMismatch,
    FullGroupPolicy,
    Kind,
    Money,
    MoneyError,
    ParticipationReward,
    RewardTiming,
    UserLimits,
    VirtualCompletion,
)
from pintuan.campaign import RewardPlan
from pintuan.lottery import DrawMode, DrawPolicy, Prize

USD = Money.parse("1.00 USD")


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"price": Money.parse("0.00 CNY")}, "price"),
        ({"price": Money.parse("-1.00 CNY")}, "price"),
        ({"group_size": 1}, "group_size"),
        ({"group_size": 3, "capacity": 2}, "capacity"),
        ({"time_limit": timedelta(0)}, "time_limit"),
        ({"time_limit": timedelta(minutes=-5)}, "time_limit"),
        ({"time_limit": 3600}, "time_limit"),
        ({"stock": 2}, "stock"),
        ({"stock": 0}, "stock"),
        ({"leader_price": Money.parse("100.00 CNY")}, "leader_price"),
        ({"limits": UserLimits(max_quantity=2), "new_users_only": "yes"}, "new_users_only"),
        (
            {"virtual_completion": VirtualCompletion(min_real_members=3)},
            "virtual_completion.min_real_members",
        ),
        ({"full_group_policy": "reject"}, "full_group_policy"),
        ({"campaign_id": ""}, "campaign_id"),
    ],
)
def test_bad_campaign_fields(overrides, field):
    with pytest.raises(ConfigurationError) as info:
        campaign(**overrides)
    assert info.value.field == field


def test_float_price_and_mixed_currency():
    with pytest.raises(MoneyError):
        campaign(price=Money(amount=99.0, currency="CNY"))
    with pytest.raises(CurrencyMismatch) as info:
        campaign(leader_price=Money.parse("1.00 USD"))
    assert info.value.field == "leader_price"


def test_user_limits_are_positive_ints_or_none():
    for bad in (0, -1, 1.5, True):
        with pytest.raises(ConfigurationError):
            UserLimits(max_groups_joined=bad)


def test_a_good_campaign():
    c = campaign(capacity=5, full_group_policy=FullGroupPolicy.REDIRECT)
    assert (c.kind, c.group_size, c.capacity, c.currency) == (Kind.NORMAL, 3, 5, "CNY")
    assert c.unit_price(leader=True, seat=1) == Money.parse("99.00 CNY")


# --- draws and rewards next to the campaign ------------------------------------------


@pytest.mark.parametrize(
    ("build", "error", "field"),
    [
        (
            lambda: lottery(
                price=cny("1.00"),
                group_size=3,
                draw=DrawPolicy(
                    mode=DrawMode.AT_GROUP_SUCCESS,
                    prizes=4,
                    winner=Prize.product(),
                    loser=Prize.money_back(),
                ),
            ),
            ConfigurationError,
            "prizes",
        ),
        (
            lambda: pinshang(rewards=RewardPlan(budget=Money.parse("10.00 USD"))),
            CurrencyMismatch,
            "rewards",
        ),
    ],
)
def test_bad_kind_configuration(build, error, field):
    with pytest.raises(error) as info:
        build()
    assert info.value.field == field


@pytest.mark.parametrize("side", ["winner", "loser"])
def test_a_draw_cash_prize_in_another_currency(side: str) -> None:
    prizes = {side: Prize(refund_bps=10_000 if side == "loser" else 0, cash_reward=USD)}
    with pytest.raises(CurrencyMismatch) as info:
        campaign(draw=policy(prizes=1, **prizes))
    check_error(info, CurrencyMismatch, f"draw.{side}.cash_reward")
    assert "USD" in str(info.value)


def test_losers_only_participation_needs_after_draw():
    with pytest.raises(ConfigurationError) as info:
        pinshang(
            rewards=RewardPlan(
                participation=ParticipationReward(amount=cny("1.00")),
                timing=RewardTiming.ON_SUCCESS,
            )
        )
    assert info.value.field == "rewards.timing"
