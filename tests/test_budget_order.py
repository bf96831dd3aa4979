"""A shared reward budget is spent in budget order, whatever order groups come in.

GUIDE section 7, invariant 8: shuffling the input changes nothing. With a
reward budget, the groups compete for it, so :func:`pintuan.settle_groups`
spends it first come, first served by closing time, then group id
(:func:`pintuan.budget_order`): a list is sorted, a stream must be in order.
Also the publishable record of a campaign-end draw.
"""

from __future__ import annotations

from datetime import timedelta

from _factories import SEED, at, campaign_end_lottery
from pintuan import JoinGroup, OpenGroup, verify
from pintuan.replay import replay

# Closing minutes chosen so that group id order and closing order disagree.


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
