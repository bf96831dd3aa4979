"""Edges of reward lines: each refusal with its value and rule, and rewards that add up
on one order's statement.

The plan is ``rewarded_campaign``'s: referral rewards of 5% then 1.00, and a
1% team reward to the leader, on orders of 100.00 CNY.
"""

from __future__ import annotations

import pytest

import pintuan as pt
from _factories import (
    at,
    cny,
    order,
    rewarded_campaign,
    run_commands,
)
from pintuan.errors import CurrencyMismatch, InvalidValue
from pintuan.settlement import reward_lines

PLAN = rewarded_campaign().rewards
ORDERS = [
    order("o1", "u1", price=cny("100.00"), role=pt.Role.LEADER),
    order("o2", "u2", price=cny("100.00"), chain=("u1",)),
]
NET = {"o1": cny("100.00"), "o2": cny("100.00")}


def lines(**changes):
    args = {"orders": ORDERS, "net_paid": NET, "leader_user_id": "u1", "succeeded": True}
    args.update(changes)
    return reward_lines(PLAN, **args)


def test_the_lines_of_a_small_group():
    got = [(x.order_id, x.beneficiary, x.amount, x.kind, x.level) for x in lines()]
    assert got == [
        ("o1", "u1", cny("2.00"), pt.RewardKind.TEAM, 0),
        ("o2", "u1", cny("5.00"), pt.RewardKind.REFERRAL, 1),
    ]


def test_a_plan_is_required_with_its_value():
    with pytest.raises(InvalidValue) as info:
        reward_lines("plan", orders=ORDERS, net_paid=NET, leader_user_id="u1", succeeded=True)
    assert (info.value.field, info.value.value, info.value.rule) == (
        "plan",
        "plan",
        "must be a RewardPlan",
    )


def test_losers_must_be_orders_of_the_group():
    with pytest.raises(InvalidValue) as info:
        lines(losers=frozenset({"o9", "o8"}))
    assert (info.value.field, info.value.value, info.value.rule) == (
        "losers",
        ["o8", "o9"],
        "are not orders of this group",
    )


@pytest.mark.parametrize(
    ("net", "error", "value", "rule"),
    [
        ({"o1": cny("100.00")}, InvalidValue, None, "every real order needs its net paid Money"),
        (
            {**NET, "o2": pt.Money.parse("1.00 USD")},
            CurrencyMismatch,
            "1.00 USD",
            "the group is in CNY",
        ),
        (
            {**NET, "o2": cny("100.01")},
            InvalidValue,
            "100.01 CNY",
            "must be between 0 and paid (100.00 CNY)",
        ),
        (
            {**NET, "o2": pt.Money(amount=-1, currency="CNY")},
            InvalidValue,
            "-0.01 CNY",
            "must be between 0 and paid (100.00 CNY)",
        ),
    ],
)
def test_net_paid_entries_are_checked_with_their_values(net, error, value, rule):
    with pytest.raises(error) as info:
        lines(net_paid=net)
    assert type(info.value) is error
    assert (info.value.field, info.value.value, info.value.rule) == (
        "net_paid['o2']",
        value,
        rule,
    )


def test_a_team_reward_needs_the_leaders_real_order():
    with pytest.raises(InvalidValue) as info:
        lines(leader_user_id="u7")
    assert (info.value.field, info.value.value, info.value.rule) == (
        "leader_user_id",
        "u7",
        "has no real order in the group",
    )


def test_two_referral_levels_add_up_on_the_referred_orders_statement():
    c = rewarded_campaign()
    group = run_commands(
        c,
        pt.OpenGroup(group_id="g1", order_id="o1", user_id="u1", at=at(10)),
        pt.JoinGroup(
            group_id="g1", order_id="o2", user_id="u2", at=at(10, 1), referral_chain=("ra", "rb")
        ),
        pt.JoinGroup(group_id="g1", order_id="o3", user_id="u3", at=at(10, 2)),
    )
    s = pt.settle_group(c, group)
    (st,) = [x for x in s.statements if x.order_id == "o2"]
    assert st.rewards == cny("6.00")  # 5% of 100.00 to ra, then 1.00 to rb
    assert st.reason == "The group succeeded with 3 paying member(s)."


def test_a_net_paid_entry_that_is_not_money_is_refused_with_its_value():
    with pytest.raises(InvalidValue) as info:
        lines(net_paid={**NET, "o2": "100.00"})
    assert type(info.value) is InvalidValue
    assert (info.value.field, info.value.value, info.value.rule) == (
        "net_paid['o2']",
        "100.00",
        "every real order needs its net paid Money",
    )


def test_orders_in_another_currency_than_the_plan_are_refused():
    usd = pt.Money.parse("100.00 USD")
    orders = [
        order("o1", "u1", price=usd, role=pt.Role.LEADER),
        order("o2", "u2", price=usd, chain=("u1",)),
    ]
    with pytest.raises(CurrencyMismatch) as info:
        lines(orders=orders, net_paid={"o1": usd, "o2": usd})
    assert type(info.value) is CurrencyMismatch
    assert (info.value.field, info.value.value, info.value.rule) == (
        "orders['o1'].paid",
        "100.00 USD",
        "all reward money must be in CNY",  # the plan's fixed 1.00 CNY sets the currency
    )
