"""Campaign configuration: every bad field raises a ConfigurationError naming it."""

from __future__ import annotations

from datetime import timedelta

import pytest

from _factories import campaign
from pintuan import (
    ConfigurationError,
    CurrencyMismatch,
    FullGroupPolicy,
    Kind,
    Money,
    MoneyError,
    UserLimits,
    VirtualCompletion,
)


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
