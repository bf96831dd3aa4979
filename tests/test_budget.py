"""A shared reward budget is spent in budget order, whatever order groups come in.

GUIDE section 7, invariant 8: shuffling the input changes nothing. With a
reward budget, the groups compete for it, so :func:`pintuan.settle_groups`
spends it first come, first served by closing time, then group id
(:func:`pintuan.budget_order`): a list is sorted, a stream must be in order.
A draw's cash prizes are paid within the budget too.
"""

from __future__ import annotations

from datetime import timedelta

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _factories import (
    SEED,
    STAGGERED,
    budgeted_campaign,
    cny,
    full_group,
    of,
    seed_schedule,
    staggered_groups,
)
from pintuan import (
    Campaign,
    GroupStatus,
    InvalidValue,
    PayReward,
    PinshangTerms,
    budget_order,
    settle_group,
    settle_groups,
)
from pintuan.campaign import BudgetPolicy, ReferralReward, RewardAmount, RewardPlan, TeamReward


def paid_teams(settlements) -> dict[str, int]:
    return {s.group_id: sum(r.amount.amount for r in of(s, PayReward)) for s in settlements}


def test_the_budget_goes_to_the_groups_that_closed_first():
    c = budgeted_campaign()
    result = list(settle_groups(c, staggered_groups(c)))
    assert [s.group_id for s in result] == ["g5", "g2", "g3", "g6", "g1", "g4"]
    assert paid_teams(result) == {"g5": 100, "g2": 100, "g3": 0, "g6": 0, "g1": 0, "g4": 0}
    assert [s.budget_left for s in result][-1] == cny("0.50")
    # tie: by group id
    assert budget_order(staggered_groups(c)[1]) < budget_order(staggered_groups(c)[2])


@settings(max_examples=40, deadline=None)
@given(st.permutations(range(len(STAGGERED))))
def test_shuffling_the_groups_changes_nothing(order):
    c = budgeted_campaign()
    groups = staggered_groups(c)
    reference = list(settle_groups(c, groups))
    shuffled = list(settle_groups(c, tuple(groups[i] for i in order)))
    assert shuffled == reference
    total = sum(paid_teams(shuffled).values())
    assert total <= 250


def test_a_stream_in_budget_order_gives_the_same_result():
    c = budgeted_campaign()
    ordered = sorted(staggered_groups(c), key=budget_order)
    assert list(settle_groups(c, iter(ordered))) == list(settle_groups(c, ordered))
    # groups that spend nothing (failed, forming) may come anywhere in a stream
    failed = next(g for g in ordered if g.status is GroupStatus.FAILED)
    rest = [g for g in ordered if g is not failed]
    assert list(settle_groups(c, iter([*rest, failed])))[-1].group_id == failed.group_id


def test_a_stream_out_of_budget_order_is_refused_when_reached():
    c = budgeted_campaign()
    ordered = sorted(staggered_groups(c), key=budget_order)
    stream = settle_groups(c, iter(reversed(ordered)))
    first = next(stream)
    assert first.group_id == "g4"
    with pytest.raises(InvalidValue) as info:
        next(stream)
    assert info.value.field == "groups"
    assert "budget order" in str(info.value)


def test_without_a_budget_the_stream_order_is_kept():
    c = attrs.evolve(budgeted_campaign(), rewards=None)
    groups = list(reversed(staggered_groups(c)))
    assert [s.group_id for s in settle_groups(c, iter(groups))] == [g.group_id for g in groups]


def test_budget_caps_rewards_across_a_stream_of_groups():
    plan = RewardPlan(
        team=TeamReward(amount=RewardAmount(fixed=cny("5.00"))),
        budget=cny("12.00"),
        budget_policy=BudgetPolicy.CAP,
    )
    c = Campaign.normal(
        campaign_id="c1",
        product_id="p",
        price=cny("10.00"),
        group_size=2,
        time_limit=timedelta(hours=1),
        schedule=seed_schedule(),
        rewards=plan,
    )
    groups = [full_group(c, 2, gid=f"g{i}") for i in range(4)]
    settlements = list(settle_groups(c, groups))
    paid = [len(of(s, PayReward)) for s in settlements]
    assert paid == [1, 1, 0, 0]
    assert settlements[-1].budget_left == cny("2.00")
    assert len(settlements[2].skipped_rewards) == 1


def test_draw_cash_prizes_are_paid_within_the_budget():
    terms = PinshangTerms(
        price=cny("9.00"), group_size=4, winners=1, participation_reward=cny("1.00")
    )
    c = Campaign.pinshang(
        campaign_id="c1",
        product_id="p",
        terms=terms,
        time_limit=timedelta(hours=1),
        schedule=seed_schedule(),
        rewards=RewardPlan(budget=cny("2.00")),
    )
    group = full_group(c, 4)
    assert group.status is GroupStatus.CLOSED
    s = settle_group(c, group, seed=SEED, budget_left=cny("2.00"))
    assert len(of(s, PayReward)) == 2
    assert len(s.skipped_rewards) == 1
    assert s.budget_left == cny("0.00")


REPEATED = "a group id comes more than once; each group is settled once"


def test_a_stream_repeating_a_closed_group_is_refused_with_the_rule():
    c = budgeted_campaign()
    groups = {g.group_id: g for g in staggered_groups(c)}
    for stream in ([groups["g5"], groups["g5"]], [groups["g5"], groups["g6"], groups["g5"]]):
        # straight after itself, and after a failed group (caught by budget order)
        with pytest.raises(InvalidValue) as info:
            list(settle_groups(c, iter(stream)))
        assert type(info.value) is InvalidValue
        assert (info.value.field, info.value.value, info.value.rule) == ("groups", "g5", REPEATED)


def test_a_stream_out_of_budget_order_names_both_closing_times():
    c = budgeted_campaign()
    groups = {g.group_id: g for g in staggered_groups(c)}
    later, earlier = groups["g4"], groups["g1"]  # closing at 10:40:01 and 10:30:01
    with pytest.raises(InvalidValue) as info:
        list(settle_groups(c, iter([later, earlier])))
    assert (info.value.field, info.value.value) == ("groups", "g1")
    assert info.value.rule == (
        f"closed at {budget_order(earlier)[0].isoformat()}, after group g4 closed at "
        f"{budget_order(later)[0].isoformat()}: with a reward budget a stream of groups must "
        "come in budget order (closing time, then group id); pass a list to have it sorted"
    )


def test_a_group_whose_rewards_do_not_all_fit_gets_none_under_skip_group():
    plan = RewardPlan(
        team=TeamReward(amount=RewardAmount(fixed=cny("1.00"))),
        referral=ReferralReward(levels=(RewardAmount(fixed=cny("1.00")),)),
        budget=cny("10.00"),
        budget_policy=BudgetPolicy.SKIP_GROUP,
    )
    c = attrs.evolve(budgeted_campaign(), rewards=plan)
    group = full_group(c, 2, referred=frozenset({2}))  # a team and a referral line: 2.00
    s = settle_group(c, group, budget_left=cny("1.50"))
    assert of(s, PayReward) == []
    assert sorted((x.kind.value, x.amount) for x in s.skipped_rewards) == [
        ("referral", cny("1.00")), ("team", cny("1.00")),
    ]  # fmt: skip
    assert s.budget_left == cny("1.50")
