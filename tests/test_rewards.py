"""Reward plans and reward lines: bad configuration, hand-computed lines, the budget, properties.

The bad fields of gift plans are checked here, next to those of reward plans.
"""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from _factories import cny, fen, order, plans
from pintuan.campaign import (
    BudgetPolicy,
    ParticipationReward,
    ReferralReward,
    RegionalReward,
    RewardAmount,
    RewardPlan,
    RewardTiming,
    TeamReward,
)
from pintuan.errors import ConfigurationError, CurrencyMismatch, InvalidValue
from pintuan.gifts import GiftItem, GiftPlan
from pintuan.lifecycle import Role
from pintuan.money import Money
from pintuan.settlement import (
    RewardKind,
    RewardLine,
    apply_budget,
    clawback_lines,
    gift_lines,
    reward_lines,
)

# --- bad input ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda: RewardAmount(fixed=cny("-1.00")), "fixed"),
        (lambda: RewardAmount(bps=-1), "bps"),
        (lambda: RewardAmount(bps=10_001), "bps"),
        (lambda: RewardAmount(), "amount"),
        (lambda: RewardAmount(fixed=cny("1.00"), bps=5), "amount"),
        (lambda: ParticipationReward(amount=cny("-1.00")), "amount"),
        (lambda: ParticipationReward(amount=cny("0")), "amount"),
        (lambda: RegionalReward(bps=-5, agents=(("sh", "a1"),)), "bps"),
        (lambda: RegionalReward(bps=10_001, agents=(("sh", "a1"),)), "bps"),
        (lambda: RegionalReward(bps=100, agents=(("sh", "a1"), ("sh", "a2"))), "agents"),
        (lambda: RegionalReward(bps=100, agents=()), "agents"),
        (lambda: RegionalReward(bps=100, agents=(("sh", "virtual:g1:1"),)), "agents"),
        (lambda: ReferralReward(levels=()), "levels"),
        (lambda: ReferralReward(levels=[RewardAmount(bps=100)]), "levels"),  # a list, not a tuple
        (lambda: RewardPlan(budget=cny("-0.01")), "budget"),
        (lambda: GiftItem(product_id="sku-gift", quantity=0), "quantity"),
        (lambda: GiftPlan(), "gifts"),
        (lambda: GiftPlan(points=-1), "points"),
    ],
)
def test_bad_configuration_names_the_field(build, field):
    with pytest.raises(ConfigurationError) as err:
        build()
    assert err.value.field == field


def test_referral_deeper_than_three_levels_is_unlawful():
    with pytest.raises(ConfigurationError) as err:
        ReferralReward(levels=(RewardAmount(bps=100),) * 4)
    assert err.value.field == "levels"
    assert "three levels is unlawful in China" in err.value.rule
    assert len(ReferralReward(levels=(RewardAmount(bps=100),) * 3).levels) == 3


def test_mixed_currencies_and_budget_in_another_currency():
    usd = Money.parse("1.00 USD")
    with pytest.raises(CurrencyMismatch) as err:
        RewardPlan(
            participation=ParticipationReward(amount=cny("1.00")),
            referral=ReferralReward(levels=(RewardAmount(fixed=usd),)),
        )
    assert err.value.field == "referral.levels[0].fixed"
    with pytest.raises(CurrencyMismatch) as err:
        ReferralReward(levels=(RewardAmount(fixed=cny("1.00")), RewardAmount(fixed=usd)))
    assert err.value.field == "levels[1].fixed"
    with pytest.raises(CurrencyMismatch) as err:
        RewardPlan(participation=ParticipationReward(amount=cny("1.00")), budget=usd)
    assert err.value.field == "budget"
    with pytest.raises(CurrencyMismatch) as err:  # orders in CNY, net paid in USD
        reward_lines(
            RewardPlan(team=TeamReward(amount=RewardAmount(bps=100))),
            orders=[order("o1", "u1", role=Role.LEADER)],
            net_paid={"o1": usd},
            leader_user_id="u1",
            succeeded=True,
        )
    assert err.value.field == "net_paid['o1']"


def test_unknown_region_agent_when_required():
    orders = [order("o1", "u1", role=Role.LEADER, region="sh"), order("o2", "u2", region="bj")]
    net = {"o1": cny("99.00"), "o2": cny("99.00")}
    regional = RegionalReward(bps=200, agents=(("sh", "agent-sh"),))
    lines = reward_lines(
        RewardPlan(regional=regional), orders=orders, net_paid=net, leader_user_id="u1",
        succeeded=True,
    )  # fmt: skip
    assert [(x.order_id, x.beneficiary, x.amount) for x in lines] == [
        ("o1", "agent-sh", cny("1.98"))
    ]
    strict = RegionalReward(bps=200, agents=(("sh", "agent-sh"),), require_agent=True)
    with pytest.raises(ConfigurationError) as err:
        reward_lines(
            RewardPlan(regional=strict), orders=orders, net_paid=net, leader_user_id="u1",
            succeeded=True,
        )  # fmt: skip
    assert err.value.field == "region"
    assert err.value.value == "bj"
    assert "unknown region agent" in err.value.rule


def test_bad_group_inputs():
    plan = RewardPlan(team=TeamReward(amount=RewardAmount(bps=100)))
    o1 = order("o1", "u1", role=Role.LEADER)
    with pytest.raises(InvalidValue) as err:
        reward_lines(plan, orders=[o1, o1], net_paid={}, leader_user_id="u1", succeeded=True)
    assert err.value.field == "orders"
    with pytest.raises(InvalidValue) as err:
        reward_lines(plan, orders=[o1], net_paid={}, leader_user_id="u1", succeeded=True)
    assert err.value.field == "net_paid['o1']"
    with pytest.raises(InvalidValue) as err:
        reward_lines(
            plan, orders=[o1], net_paid={"o1": cny("99.01")}, leader_user_id="u1", succeeded=True
        )
    assert err.value.field == "net_paid['o1']"
    with pytest.raises(InvalidValue) as err:
        reward_lines(
            plan, orders=[o1], net_paid={"o1": cny("1")}, leader_user_id="nobody", succeeded=True
        )
    assert err.value.field == "leader_user_id"
    with pytest.raises(InvalidValue) as err:
        reward_lines(
            plan, orders=[o1], net_paid={}, leader_user_id="u1", losers=frozenset({"o9"}),
            succeeded=True,
        )  # fmt: skip
    assert err.value.field == "losers"
    with pytest.raises(InvalidValue) as err:
        RewardLine(order_id="o1", beneficiary="u1", amount=cny("1"), kind=RewardKind.REFERRAL)
    assert err.value.field == "level"


# --- the seed's pinshang example -----------------------------------------------------------------


def test_seed_pinshang_example_hand_computed():
    # 100 orders of 99.00 CNY, 3 winners (o005, o012, o017). The 97 losers are refunded
    # 99.00 each (by settlement, not here), so their net paid is 0.00; a winner keeps the
    # product and its net paid is 99.00. Orders o010..o019 were referred by ref-a (who was
    # referred by ref-b): 2 of them (o012, o017) are winners.
    orders = [
        order(
            f"o{i:03d}",
            f"u{i:03d}",
            role=Role.LEADER if i == 0 else Role.MEMBER,
            chain=("ref-a", "ref-b") if 10 <= i < 20 else (),
        )
        for i in range(100)
    ]
    winners = {"o005", "o012", "o017"}
    net = {o.order_id: cny("99.00" if o.order_id in winners else "0") for o in orders}
    plan = RewardPlan(
        participation=ParticipationReward(amount=cny("1.00")),
        referral=ReferralReward(levels=(RewardAmount(bps=500),)),  # 5%, one level
        team=TeamReward(amount=RewardAmount(bps=100)),  # 1% of net sales
        timing=RewardTiming.AFTER_DRAW,
    )
    losers = frozenset(o.order_id for o in orders) - winners
    lines = reward_lines(
        plan, orders=orders, net_paid=net, leader_user_id="u000", losers=losers, succeeded=True
    )
    by_kind: Counter[RewardKind] = Counter()
    for line in lines:
        by_kind[line.kind] += line.amount.amount
    # Participation: 97 losers x 100 fen = 9700 fen (97.00 CNY).
    assert by_kind[RewardKind.PARTICIPATION] == 97 * 100
    # Referral: 5% of 9900 fen = 495 fen on each referred winner (o012, o017); the eight
    # referred losers have net paid 0, so their 0-fen lines are left out; ref-b is level 2,
    # which the plan does not configure, so the chain stops at ref-a.
    referral = [x for x in lines if x.kind is RewardKind.REFERRAL]
    assert [(x.order_id, x.beneficiary, x.amount.amount, x.level) for x in referral] == [
        ("o012", "ref-a", 495, 1),
        ("o017", "ref-a", 495, 1),
    ]
    # Team: net sales 3 x 9900 = 29700 fen; 1% = 297 fen to the leader, tied to the leader's order.
    team = [x for x in lines if x.kind is RewardKind.TEAM]
    assert [(x.order_id, x.beneficiary, x.amount.amount) for x in team] == [("o000", "u000", 297)]
    # Everything divides exactly: nothing dropped by rounding.
    assert all(x.dropped_remainder == 0 for x in lines)
    total = sum(x.amount.amount for x in lines)
    assert total == 9700 + 990 + 297 == 10987  # 109.87 CNY
    # A 100.00 CNY budget cannot pay it all; CAP pays in (order id, kind, beneficiary) order.
    paid, skipped, left = apply_budget(plan, lines, cny("100.00"))
    assert sum(x.amount.amount for x in paid) + left.amount == 10000
    assert left.amount < min(x.amount.amount for x in skipped)
    nothing, everything, same = apply_budget(
        RewardPlan(budget_policy=BudgetPolicy.SKIP_GROUP), lines, cny("100.00")
    )
    assert (nothing, everything, same) == ((), lines, cny("100.00"))
    assert (
        reward_lines(plan, orders=orders, net_paid=net, leader_user_id="u000", succeeded=False)
        == ()
    )


def test_rounding_down_keeps_the_remainder():
    lines = reward_lines(
        RewardPlan(referral=ReferralReward(levels=(RewardAmount(bps=500), RewardAmount(bps=300)))),
        orders=[order("o1", "u1", price=cny("99.99"), chain=("r1", "r2"))],
        net_paid={"o1": cny("99.99")},
        leader_user_id="u1",
        succeeded=True,
    )
    # 9999 x 500 = 4_999_500 -> 499 fen, 9500 dropped; 9999 x 300 = 2_999_700 -> 299 fen, 9700.
    assert [(x.beneficiary, x.level, x.amount.amount, x.dropped_remainder) for x in lines] == [
        ("r1", 1, 499, 9500),
        ("r2", 2, 299, 9700),
    ]


def test_self_referral_and_repeated_referrers_are_skipped():
    plan = RewardPlan(referral=ReferralReward(levels=(RewardAmount(fixed=cny("1.00")),) * 3))
    orders = [
        order("o1", "u1", chain=("u1", "r2", "r3")),  # self at level 1
        order("o2", "u2", chain=("r1", "r2", "r1")),  # r1 twice: never paid
        order("o3", "u3", chain=("r1", "r2", "r3", "r4")),  # stops at level 3
    ]
    lines = reward_lines(plan, orders=orders, net_paid={}, leader_user_id="u1", succeeded=True)
    assert [(x.order_id, x.beneficiary, x.level) for x in lines] == [
        ("o1", "r2", 2),
        ("o1", "r3", 3),
        ("o2", "r2", 2),
        ("o3", "r1", 1),
        ("o3", "r2", 2),
        ("o3", "r3", 3),
    ]


def test_budget_cap_skips_a_line_and_continues():
    lines = [
        RewardLine(order_id=oid, beneficiary="u", amount=cny(a), kind=RewardKind.PARTICIPATION)
        for oid, a in [("o3", "1.00"), ("o1", "6.00"), ("o2", "5.00")]
    ]
    paid, skipped, left = apply_budget(RewardPlan(), lines, cny("7.00"))
    assert [x.order_id for x in paid] == ["o1", "o3"]
    assert [x.order_id for x in skipped] == ["o2"]
    assert left == cny("0")
    plan = RewardPlan(budget=cny("12.00"), budget_policy=BudgetPolicy.SKIP_GROUP)
    paid, skipped, left = apply_budget(plan, lines, None)  # None: start from plan.budget
    assert (len(paid), skipped, left) == (3, (), cny("0"))
    assert apply_budget(RewardPlan(), lines, None) == (
        tuple(sorted(paid, key=lambda x: x.sort_key)),
        (),
        None,
    )
    with pytest.raises(CurrencyMismatch) as err:
        apply_budget(plan, lines, Money.parse("7.00 USD"))
    assert err.value.field == "remaining"


# --- properties -------------------------------------------------------------------------------


USERS = ("u0", "u1", "u2", "u3", "r0", "r1", "v0", "v1")
REGIONS = ("sh", "bj", "gz", None)


@st.composite
def groups(draw):
    """(orders, net_paid, losers, leader): a random group with referrals, regions, virtuals."""
    n = draw(st.integers(1, 8))
    orders = []
    for i in range(n):
        virtual = i > 0 and draw(st.booleans())
        user = draw(st.sampled_from(("v0", "v1") if virtual else USERS[:6]))
        orders.append(
            order(
                f"o{i}",
                user,
                price=fen(draw(st.integers(1, 20_000))),
                quantity=draw(st.integers(1, 3)),
                role=Role.VIRTUAL if virtual else (Role.LEADER if i == 0 else Role.MEMBER),
                chain=tuple(draw(st.lists(st.sampled_from(USERS), max_size=5))),
                region=draw(st.sampled_from(REGIONS)),
            )
        )
    net = {o.order_id: fen(draw(st.integers(0, o.paid.amount))) for o in orders if not o.virtual}
    losers = frozenset(draw(st.sets(st.sampled_from([o.order_id for o in orders]))))
    return orders, net, losers, orders[0].user_id


def compute(plan, group, *, succeeded=True):
    orders, net, losers, leader = group
    return reward_lines(
        plan, orders=orders, net_paid=net, leader_user_id=leader, losers=losers,
        succeeded=succeeded,
    )  # fmt: skip


@given(plans, groups())
def test_no_self_referral_and_no_virtual_beneficiary(plan, group):
    orders = {o.order_id: o for o in group[0]}
    virtual_users = {o.user_id for o in group[0] if o.virtual}
    for line in compute(plan, group):
        buyer = orders[line.order_id]
        assert not buyer.virtual
        assert line.beneficiary not in virtual_users
        assert line.amount.amount > 0
        if line.kind is RewardKind.REFERRAL:
            assert line.beneficiary != buyer.user_id
            assert buyer.referral_chain.count(line.beneficiary) == 1
            assert buyer.referral_chain[line.level - 1] == line.beneficiary
    assert compute(plan, group, succeeded=False) == ()


@given(plans, groups())
def test_rate_lines_neither_lose_nor_invent_a_fen(plan, group):
    _, net, _, _ = group
    for line in compute(plan, group):
        if line.kind is RewardKind.REFERRAL:
            reward, base = plan.referral.levels[line.level - 1], net[line.order_id].amount
        elif line.kind is RewardKind.REGIONAL:
            reward, base = RewardAmount(bps=plan.regional.bps), net[line.order_id].amount
        elif line.kind is RewardKind.TEAM:
            reward, base = plan.team.amount, sum(m.amount for m in net.values())
        else:
            reward, base = RewardAmount(fixed=plan.participation.amount), 0
        if reward.bps is None:
            assert (line.amount, line.dropped_remainder) == (reward.fixed, 0)
        else:
            assert line.amount.amount * 10_000 + line.dropped_remainder == base * reward.bps


@given(plans, groups(), st.none() | st.integers(0, 5_000).map(fen))
def test_rewards_never_exceed_the_budget(plan, group, remaining):
    lines = compute(plan, group)
    paid, skipped, left = apply_budget(plan, lines, remaining)
    assert Counter(paid + skipped) == Counter(lines)
    cap = remaining if remaining is not None else plan.budget
    spent = sum(x.amount.amount for x in paid)
    if cap is None:
        assert (paid, skipped, left) == (lines, (), None)
    else:
        assert spent <= cap.amount
        assert left == fen(cap.amount - spent)
        if plan.budget_policy is BudgetPolicy.SKIP_GROUP:
            assert paid == () or skipped == ()
        else:
            assert all(x.amount.amount > left.amount for x in skipped)


@given(plans, groups())
def test_clawback_returns_exactly_the_orders_lines(plan, group):
    lines = compute(plan, group)
    seen = []
    for o in group[0]:
        back = clawback_lines(lines, o.order_id)
        assert all(x.order_id == o.order_id for x in back)
        assert len(back) == sum(1 for x in lines if x.order_id == o.order_id)
        seen += back
    assert Counter(seen) == Counter(lines)
    assert clawback_lines(lines, "not-an-order") == ()


@given(plans, groups(), st.randoms(use_true_random=False))
def test_output_is_independent_of_input_order(plan, group, rnd):
    orders, net, losers, leader = group
    shuffled = list(orders)
    rnd.shuffle(shuffled)
    assert compute(plan, group) == compute(plan, (shuffled, net, losers, leader))
    reversed_lines = tuple(reversed(compute(plan, group)))
    assert apply_budget(plan, reversed_lines, None) == apply_budget(
        plan, compute(plan, group), None
    )
    gifts = GiftPlan(points=10)
    assert gift_lines(gifts, orders, leader, True) == gift_lines(gifts, shuffled, leader, True)
