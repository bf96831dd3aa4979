"""Tiered group buy: tier tables, growing groups, refunds of the difference."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from _factories import (
    STOCK,
    all_day_schedule,
    at,
    check_error,
    cny,
    command_logs,
    seed_table,
    snapshot,
    tables,
    tiered,
    tiered_group,
)
from pintuan import (
    CommandRejected,
    ConfigurationError,
    CurrencyMismatch,
    ExpireGroup,
    GroupStatus,
    Money,
    Refund,
    RefundReason,
    balances,
    decide,
    evolve,
    handle,
    settle_group,
)
from pintuan.campaign import Campaign, Kind, Tier, TierPayment, TierTable
from pintuan.lifecycle import COMMANDS, TRANSITIONS
from pintuan.replay import replay
from pintuan.settlement import tier_refunds


def refunds_of(settlement) -> dict[str, Money]:
    return {
        e.order_id: e.amount
        for e in settlement.effects
        if isinstance(e, Refund) and e.reason is RefundReason.TIER_DIFFERENCE
    }


def test_table_prices():
    table = seed_table()
    assert table.price_for(2) is None
    assert [str(table.price_for(n)) for n in (3, 4, 5, 7, 8, 9, 10)] == [
        "99.00 CNY",
        "99.00 CNY",
        "89.00 CNY",
        "89.00 CNY",
        "79.00 CNY",
        "79.00 CNY",
        "69.00 CNY",
    ]


def test_seed_example_pay_first_tier_and_get_the_difference_back():
    # 8 members at close: final price 79.00. Everyone paid 99.00 (member 4 bought 2).
    c = tiered()
    assert (c.kind, c.group_size, c.capacity, c.stock) == (Kind.TIERED, 3, 10, 1000)
    group = tiered_group(c, 8, quantities={4: 2})
    assert group.status is GroupStatus.CLOSED
    s = settle_group(c, group)
    expected = {f"o{n}": Money.parse("20.00 CNY") for n in range(1, 9)}
    expected["o4"] = Money.parse("40.00 CNY")  # 2 x (99.00 - 79.00)
    assert refunds_of(s) == expected
    assert s.paid == Money.parse("891.00 CNY")  # 9 units x 99.00
    assert s.captured == Money.parse("711.00 CNY")  # 9 units x 79.00
    text = next(st.text for st in s.statements if st.order_id == "o4")
    assert "final price is 158.00 CNY" in text
    assert "difference of 40.00 CNY is refunded to the original payment" in text


def test_seed_example_pay_the_current_tier():
    # Members 1-4 pay 99.00, 5-7 pay 89.00, 8 pays 79.00; all end at 79.00.
    c = tiered(TierPayment.CURRENT_TIER)
    group = tiered_group(c, 8)
    assert [o.paid.format() for o in group.orders] == ["99.00"] * 4 + ["89.00"] * 3 + ["79.00"]
    refunds = refunds_of(settle_group(c, group))
    assert refunds == {
        **{f"o{n}": Money.parse("20.00 CNY") for n in range(1, 5)},
        **{f"o{n}": Money.parse("10.00 CNY") for n in range(5, 8)},
    }


def test_full_top_tier_closes_at_once_and_never_refunds_negative():
    c = tiered()
    group = tiered_group(c, 10, close=False)
    assert group.status is GroupStatus.CLOSED
    assert set(refunds_of(settle_group(c, group)).values()) == {Money.parse("30.00 CNY")}


def test_group_below_first_tier_fails_and_refunds_everything():
    c = tiered()
    group = tiered_group(c, 2)
    assert group.status is GroupStatus.FAILED
    s = settle_group(c, group)
    assert {e.reason for e in s.effects if isinstance(e, Refund)} == {RefundReason.GROUP_FAILED}
    assert s.refunded == s.paid


def test_succeeded_but_open_group_ships_and_refunds_only_at_close():
    c = tiered()
    group = tiered_group(c, 6, close=False)
    assert group.status is GroupStatus.SUCCEEDED
    early = settle_group(c, group)
    assert refunds_of(early) == {}
    closed, _ = handle(c, group, ExpireGroup(group_id="g1", at=at(12)))
    late = settle_group(c, closed)
    assert set(refunds_of(late).values()) == {Money.parse("10.00 CNY")}
    assert {e.key for e in early.effects} < {e.key for e in late.effects}


def test_leader_price_with_tiers_is_the_lower_of_the_two():
    c = tiered(leader_price=Money.parse("85.00 CNY"))
    group = tiered_group(c, 5)
    leader = group.orders[0]
    assert leader.paid == Money.parse("85.00 CNY")  # min(99.00, 85.00) at opening
    refunds = refunds_of(settle_group(c, group))
    assert refunds == {**{f"o{n}": Money.parse("10.00 CNY") for n in range(2, 6)}}
    group = tiered_group(c, 8)
    assert refunds_of(settle_group(c, group))["o1"] == Money.parse("6.00 CNY")  # 85 -> 79


def test_tier_refunds_pure_function():
    c = tiered()
    group = tiered_group(c, 5)
    assert tier_refunds(seed_table(), group.orders, 5) == tuple(
        (f"o{n}", Money.parse("10.00 CNY")) for n in range(1, 6)
    )
    with pytest.raises(ConfigurationError) as info:
        tier_refunds(seed_table(), group.orders, 2)
    assert info.value.field == "members_at_close"


# --- bad configuration ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("rows", "stock", "field", "words"),
    [
        ([(5, "99.00 CNY"), (3, "89.00 CNY")], 100, "tiers[1].size", "ascend"),
        ([(3, "99.00 CNY"), (3, "89.00 CNY")], 100, "tiers[1].size", "duplicate"),
        ([(1, "99.00 CNY")], 100, "rows[0].size", "from 2 to 100000"),
        ([(3, "89.00 CNY"), (5, "99.00 CNY")], 100, "tiers[1].unit_price", "never pays more"),
        ([], 100, "tiers", "at least one tier"),
        ([(3, "99.00 CNY"), (5, "0.00 CNY")], 100, "rows[1].price", "Money > 0"),
        ([(3, "99.00 CNY")], 2, "stock", "first tier"),
    ],
)
def test_bad_tables(rows, stock, field, words):
    with pytest.raises(ConfigurationError) as info:
        TierTable.of(rows, stock=stock)
    assert info.value.field == field
    assert words in info.value.rule


def test_mixed_currencies_in_a_table():
    with pytest.raises(CurrencyMismatch) as info:
        TierTable.of([(3, "99.00 CNY"), (5, "89.00 USD")], stock=100)
    assert info.value.field == "tiers[1].unit_price"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"price": Money.parse("99.00 CNY")}, "price"),
        ({"capacity": 8}, "capacity"),
        ({"group_size": 2}, "group_size"),
        ({"stock": 50}, "stock"),
    ],
)
def test_bad_tiered_campaigns(overrides, field):
    with pytest.raises(ConfigurationError) as info:
        attrs.evolve(tiered(), **overrides)
    assert info.value.field == field


def test_a_tier_needs_money():
    with pytest.raises(ConfigurationError):
        Tier(size=3, unit_price=99.0)


TABLE = TierTable.of([(3, "99.00 CNY"), (5, "89.00 CNY")], stock=100)
BASE: dict[str, Any] = {
    "campaign_id": "c1",
    "product_id": "sku-1",
    "time_limit": timedelta(hours=2),
    "schedule": all_day_schedule(),
}


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (
            lambda: Campaign(
                price=cny("99.00"),
                tiers=TABLE,
                group_size=3,
                capacity=5,
                stock=100,
                **BASE,
            ),
            "price",
        ),
        (
            lambda: Campaign(tiers=TABLE, group_size=3, capacity=4, stock=100, **BASE),
            "capacity",
        ),
    ],
)
def test_tiers_with_a_fixed_price_or_capacity_below_the_top_tier(build: Any, field: str) -> None:
    with pytest.raises(ConfigurationError) as info:
        build()
    check_error(info, ConfigurationError, field)


# --- properties -----------------------------------------------------------------------


@given(
    tables,
    st.sampled_from(TierPayment),
    st.integers(1, 12),
    st.lists(st.integers(1, 3), min_size=12, max_size=12),
)
def test_net_payment_is_the_final_price_for_everyone(table, payment, members, qty):
    c = tiered(payment, tiers=table)
    members = min(members, table.top.size)
    group = tiered_group(c, members, quantities=dict(enumerate(qty, start=1)))
    s = settle_group(c, group)
    if members < table.first.size:
        assert group.status is GroupStatus.FAILED
        return
    final = table.price_for(members)
    refunds = refunds_of(s)
    total_qty = 0
    for order in group.orders:
        refund = refunds.get(order.order_id, Money.zero("CNY"))
        assert refund.amount >= 0
        assert order.paid - refund == final * order.quantity
        total_qty += order.quantity
    assert s.refunded == s.paid - final * total_qty
    assert all(v == 0 for v in _per_currency(balances(s.postings)).values())


def _per_currency(b):
    totals: dict[str, int] = {}
    for (_, cur), v in b.items():
        totals[cur] = totals.get(cur, 0) + v
    return totals


@given(tables, st.sampled_from(TierPayment), st.integers(2, 11))
def test_adding_a_member_never_raises_anyones_net_price(table, payment, members):
    c = tiered(payment, tiers=table)
    members = min(members, table.top.size - 1)
    if members < 1:
        return

    def nets(n):
        s = settle_group(c, tiered_group(c, n))
        refunds = refunds_of(s)
        return {
            st.order_id: (st.paid - refunds.get(st.order_id, Money.zero("CNY")))
            for st in s.statements
            if st.outcome.value == "shipped"
        }

    before, after = nets(members), nets(members + 1)
    for order_id, net in before.items():
        assert after[order_id] <= net


@given(command_logs(max_size=40), st.sampled_from(TierPayment))
def test_tiered_lifecycle_only_takes_table_transitions(log, payment):
    c = Campaign.tiered(
        campaign_id="c1",
        product_id="sku-1",
        tiers=TierTable.of([(2, "9.00 CNY"), (4, "8.00 CNY")], stock=1000),
        time_limit=timedelta(hours=2),
        schedule=all_day_schedule(),
        tier_payment=payment,
    )
    groups: dict = {}
    for command in log:
        group = groups.get(command.group_id)
        saved = snapshot(group)
        try:
            events = decide(c, group, command, STOCK)
        except CommandRejected:
            assert snapshot(group) == saved
            continue
        assert type(command) in COMMANDS[None if group is None else group.status]
        for event in events:
            before = None if group is None else group.status
            group = evolve(group, event)
            assert group.status is TRANSITIONS[before, type(event)]
        assert len(group.members) <= 4
        groups[group.group_id] = group
    result = replay(c, log)
    for g, s in zip(result.groups, result.settlements, strict=True):
        assert 0 <= s.refunded.amount <= s.paid.amount
        if g.status is GroupStatus.CLOSED:
            final = c.tiers.price_for(len(g.members))
            assert s.captured == final * sum(o.quantity for o in g.orders)
