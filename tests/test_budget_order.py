"""A shared reward budget is spent in budget order, whatever order groups come in.

GUIDE section 7, invariant 8: shuffling the input changes nothing. With a
reward budget, the groups compete for it, so :func:`pintuan.settle_groups`
spends it first come, first served by closing time, then group id
(:func:`pintuan.budget_order`): a list is sorted, a stream must be in order.
Also the publishable record of a campaign-end draw.
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
    at,
    budgeted_campaign,
    campaign_end_lottery,
    cny,
    of,
    staggered_groups,
)
from pintuan import (
    GroupStatus,
    InvalidValue,
    JoinGroup,
    OpenGroup,
    PayReward,
    budget_order,
    settle_groups,
    verify,
)
from pintuan.replay import replay

# Closing minutes chosen so that group id order and closing order disagree.


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


def test_replay_publishes_the_campaign_end_record_and_keeps_group_order():
    c = campaign_end_lottery()
    log = []
    for n, minute in ((1, 30), (2, 5), (3, 1)):
        start = at(10, minute)
        log.append(OpenGroup(group_id=f"g{n}", order_id=f"g{n}-1", user_id=f"g{n}-a", at=start))
        later = start + timedelta(seconds=1)
        log.append(JoinGroup(group_id=f"g{n}", order_id=f"g{n}-2", user_id=f"g{n}-b", at=later))
    result = replay(c, log, seed=SEED)
    assert [g.group_id for g in result.groups] == ["g1", "g2", "g3"]
    assert [s.group_id for s in result.settlements] == ["g1", "g2", "g3"]
    assert result.campaign_draw is not None
    assert result.campaign_winners == result.campaign_draw.winners
    entries = [o.order_id for g in result.groups for o in g.members]
    assert verify(result.campaign_draw, SEED, entries).ok
