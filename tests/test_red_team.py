"""Regressions for what the red team found (issue 12): one test per finding."""

from __future__ import annotations

from datetime import timedelta

import attrs
import pytest

import pintuan as pt
from _factories import (
    CTX,
    SEED,
    VC,
    at,
    budgeted_campaign,
    campaign,
    closing_group,
    cny,
    full_group,
    join_cmd,
    lottery,
    open_cmd,
    rewarded_settlement,
    seed_schedule,
    snapshot,
    staggered_groups,
)
from pintuan.errors import ConfigurationError, CurrencyMismatch, InvalidValue, MoneyError
from pintuan.money import MAX_AMOUNT
from pintuan.settlement import RewardLine, apply_budget


def _error(info: pytest.ExceptionInfo[pt.PintuanError], kind: type, field: str, value: object):
    assert type(info.value) is kind
    assert (info.value.field, info.value.value) == (field, value)
    assert str(info.value).startswith(f"{field}=")


# --- decide and a group of another campaign -------------------------------------------


def test_decide_refuses_a_group_of_another_campaign():
    # Regression: members were charged the other campaign's price.
    ours, theirs = campaign(), campaign(campaign_id="c2", price=cny("1.00"))
    group = full_group(ours, 2)
    before = snapshot(group)
    with pytest.raises(InvalidValue) as info:
        pt.decide(theirs, group, join_cmd(3), CTX)
    _error(info, InvalidValue, "group.campaign_id", "c1")
    assert "c2" in info.value.rule
    assert snapshot(group) == before


def test_decide_refuses_no_campaign():
    with pytest.raises(InvalidValue) as info:
        pt.decide(None, None, open_cmd(), CTX)  # type: ignore[arg-type]
    _error(info, InvalidValue, "campaign", None)


@pytest.mark.parametrize(
    ("command", "context", "field"),
    [
        ({"group_id": "g1"}, CTX, "command"),
        ("OpenGroup", CTX, "command"),
        (open_cmd(), {"stock_left": 1}, "context"),
        (open_cmd(), None, "context"),
    ],
    ids=["dict-command", "str-command", "dict-context", "none-context"],
)
def test_decide_refuses_what_is_not_a_command_or_a_context(command, context, field):
    # Regression: a raw AttributeError.
    with pytest.raises(InvalidValue) as info:
        pt.decide(campaign(), None, command, context)
    _error(info, InvalidValue, field, command if field == "command" else context)


# --- settle_groups with a group twice -------------------------------------------------


@pytest.mark.parametrize("shape", [list, tuple, iter])
def test_settle_groups_refuses_a_group_given_twice(shape):
    # Regression: it was settled twice (keys twice, paid counted twice, budget spent twice).
    c = budgeted_campaign()
    g = closing_group(c, "g1", 1)
    groups = shape([g, g])
    with pytest.raises(InvalidValue) as info:
        list(pt.settle_groups(c, groups))
    _error(info, InvalidValue, "groups", "g1")


def test_a_budgeted_stream_refuses_a_closed_group_given_again_later():
    # A stream is never held in memory, but budget order makes a repeat show.
    c = budgeted_campaign()
    g1 = closing_group(c, "g1", 1)
    waiting, _ = pt.handle(c, None, open_cmd(gid="g2"), CTX)
    with pytest.raises(InvalidValue) as info:
        list(pt.settle_groups(c, iter([g1, waiting, g1])))
    _error(info, InvalidValue, "groups", "g1")


def test_settle_groups_checks_a_list_before_settling_anything():
    c = campaign(group_size=2)
    g = full_group(c, 2)
    with pytest.raises(InvalidValue):
        pt.settle_groups(c, [g, full_group(c, 2, gid="g2"), g])  # raised before iterating


# --- upper bounds ---------------------------------------------------------------------


def test_quantity_is_bounded():
    assert pt.OpenGroup(group_id="g", order_id="o", user_id="u", at=at(10), quantity=10_000)
    with pytest.raises(InvalidValue) as info:
        pt.OpenGroup(group_id="g", order_id="o", user_id="u", at=at(10), quantity=10**30)
    _error(info, InvalidValue, "quantity", 10**30)
    assert "MAX_QUANTITY" in info.value.rule


def test_group_size_is_bounded():
    assert campaign(group_size=pt.campaign.MAX_GROUP_SIZE).group_size == 100_000
    with pytest.raises(ConfigurationError) as info:
        campaign(group_size=10**30)
    _error(info, ConfigurationError, "group_size", 10**30)
    with pytest.raises(ConfigurationError) as info:
        campaign(group_size=3, capacity=100_001)
    _error(info, ConfigurationError, "capacity", 100_001)


def test_money_is_bounded_so_that_it_always_formats():
    # Regression: Money(amount=10**5000) was accepted and str() broke.
    assert str(pt.Money(amount=MAX_AMOUNT, currency="CNY")) == "10000000000000000.00 CNY"
    with pytest.raises(MoneyError) as info:
        pt.Money(amount=10**5000, currency="CNY")
    assert info.value.field == "amount"
    assert str(info.value).startswith("amount=<an int of 16610 bits>: must be an int")
    with pytest.raises(MoneyError):
        pt.Money(amount=-MAX_AMOUNT, currency="CNY") - pt.Money(amount=1, currency="CNY")
    with pytest.raises(MoneyError) as info:
        pt.Money.parse("1" + "0" * 5000 + " CNY")
    assert info.value.field == "text"
    with pytest.raises(MoneyError) as info:
        pt.Money.parse("10000000000000000.01 CNY")
    assert info.value.field == "text"


# --- raw Python errors ----------------------------------------------------------------


def test_settle_group_of_none():
    with pytest.raises(InvalidValue) as info:
        pt.settle_group(campaign(), None)  # type: ignore[arg-type]
    _error(info, InvalidValue, "group", None)


def test_refund_after_success_of_none():
    with pytest.raises(InvalidValue) as info:
        pt.refund_after_success(None, order_id="o1", amount=cny("1.00"), return_id="r")  # type: ignore[arg-type]
    _error(info, InvalidValue, "settlement", None)


def test_balances_of_none():
    with pytest.raises(InvalidValue) as info:
        pt.balances([None])  # type: ignore[list-item]
    _error(info, InvalidValue, "postings", None)


def test_rate_apply_to_text():
    with pytest.raises(MoneyError) as info:
        pt.Rate(bps=100).apply("1.00")  # type: ignore[arg-type]
    _error(info, MoneyError, "amount", "1.00")


def test_allocate_with_no_weights():
    with pytest.raises(MoneyError) as info:
        pt.allocate(cny("1.00"), None)  # type: ignore[arg-type]
    _error(info, MoneyError, "weights", None)


def test_a_preset_with_an_unknown_keyword():
    with pytest.raises(ConfigurationError) as info:
        pt.Campaign.gift(  # type: ignore[call-arg]
            campaign_id="c",
            product_id="p",
            price=cny("1.00"),
            group_size=2,
            time_limit=timedelta(hours=1),
            schedule=seed_schedule(),
            gifts=pt.GiftPlan(points=1),
            draw=None,
        )
    _error(info, ConfigurationError, "draw", None)
    assert "Campaign.gift" in info.value.rule


# --- the right field named ------------------------------------------------------------


def test_tier_table_of_a_float_price_names_the_row():
    with pytest.raises(ConfigurationError) as info:
        pt.TierTable.of([(3, "99.00 CNY"), (5, 89.0)], stock=10)  # type: ignore[list-item]
    _error(info, ConfigurationError, "rows[1].price", 89.0)


def test_a_budget_left_in_another_currency_names_budget_left():
    c = budgeted_campaign()
    group = closing_group(c, "g1", 1)
    usd = pt.Money.parse("2.50 USD")
    with pytest.raises(CurrencyMismatch) as info:
        pt.settle_group(c, group, budget_left=usd)
    _error(info, CurrencyMismatch, "budget_left", "2.50 USD")
    line = RewardLine(order_id="o", beneficiary="u", amount=cny("1.00"), kind=pt.RewardKind.TEAM)
    with pytest.raises(CurrencyMismatch) as info:
        apply_budget(c.rewards, [line], usd)
    _error(info, CurrencyMismatch, "remaining", "2.50 USD")


# --- virtual seats of a group waiting for a campaign-end draw -------------------------


def test_virtual_seats_waiting_for_a_campaign_end_draw_are_virtual():
    draw = pt.DrawPolicy(
        mode=pt.DrawMode.AT_CAMPAIGN_END, prizes=1, winner=pt.Prize.product(),
        loser=pt.Prize.money_back(),
    )  # fmt: skip
    c = lottery(price=cny("10.00"), group_size=3, draw=draw, virtual_completion=VC)
    group, _ = pt.handle(c, None, open_cmd(), CTX)
    group, _ = pt.handle(c, group, pt.ExpireGroup(group_id="g1", at=at(12)))
    assert group.status is pt.GroupStatus.CLOSED
    assert group.virtual_count == 2
    outcomes = {s.order_id: s.outcome for s in pt.settle_group(c, group).statements}
    assert outcomes == {
        "g1-o1": pt.Outcome.WAITING,
        "virtual:g1:1": pt.Outcome.VIRTUAL,
        "virtual:g1:2": pt.Outcome.VIRTUAL,
    }
    drawn = pt.settle_group(c, group, winners=["g1-o1"])
    assert [s.outcome for s in drawn.statements].count(pt.Outcome.VIRTUAL) == 2


# --- a budget settled group by group --------------------------------------------------


def test_settling_a_budgeted_campaign_group_by_group_needs_budget_left():
    # Regression: each group spent the whole budget again, so a later shared-budget
    # settlement took rewards back.
    c = budgeted_campaign()
    groups = staggered_groups(c)
    with pytest.raises(InvalidValue) as info:
        pt.settle_group(c, groups[0])
    _error(info, InvalidValue, "budget_left", None)
    assert "settle_groups" in info.value.rule
    left = c.rewards.budget
    one_by_one = []
    for group in sorted(groups, key=pt.budget_order):
        settlement = pt.settle_group(c, group, budget_left=left)
        left = settlement.budget_left
        one_by_one.append(settlement)
    assert one_by_one == list(pt.settle_groups(c, groups))
    paid = sum(len([e for e in s.effects if isinstance(e, pt.PayReward)]) for s in one_by_one)
    assert paid == 2  # a 2.50 budget pays two 1.00 team rewards


def test_a_settlement_without_a_budget_needs_no_budget_left():
    _, _, settlement = rewarded_settlement()  # rewards, but no budget
    assert settlement.budget_left is None
    assert any(isinstance(e, pt.PayReward) for e in settlement.effects)


def test_a_lottery_group_settles_with_its_seed():
    # Sanity for the fixes above: a closed mode-2 group still settles.
    c = lottery(
        price=cny("9.90"),
        group_size=2,
        draw=pt.DrawPolicy(
            mode=pt.DrawMode.AT_GROUP_SUCCESS, prizes=1, winner=pt.Prize.product(),
            loser=pt.Prize.money_back(),
        ),
    )  # fmt: skip
    assert pt.settle_group(c, full_group(c, 2), seed=SEED).draw is not None


def test_the_dearest_order_a_campaign_takes_is_still_money():
    # With quantity and amounts bounded, price x MAX_QUANTITY must fit MAX_AMOUNT too,
    # or a decision would fail with a MoneyError deep inside.
    top = pt.Money(amount=MAX_AMOUNT // pt.campaign.MAX_QUANTITY, currency="CNY")
    c = campaign(price=top, group_size=2)
    group, _ = pt.handle(c, None, attrs.evolve(open_cmd(), quantity=10_000), CTX)
    assert group.leader.paid.amount == MAX_AMOUNT
    with pytest.raises(ConfigurationError) as info:
        campaign(price=top + cny("0.01"), group_size=2)
    assert info.value.field == "price"
