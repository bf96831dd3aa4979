"""Paying a draw's cash prizes: without a budget, as with a budget that covers them all.

Without a budget, ``pay_rewards`` pays a draw's cash prizes straight from the
draw's compact records; with one, it makes a ``RewardLine`` of each and lets
``apply_budget`` choose. The two paths must pay the same rewards in the same
order (line order: by order id), so a budget that covers every prize changes
nothing but ``budget_left``.
"""

from __future__ import annotations

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st
from tests._factories import fen, full_group, pinshang_with

import pintuan as pt
from pintuan.campaign import RewardPlan


@settings(max_examples=40, deadline=None)
@given(
    size=st.integers(2, 12),
    winners=st.integers(1, 3),
    reward=st.integers(1, 500),
    seed=st.binary(min_size=16, max_size=32),
)
def test_a_budget_that_covers_every_prize_pays_as_no_budget(
    size: int, winners: int, reward: int, seed: bytes
) -> None:
    campaign = pinshang_with(min(winners, size - 1), reward, size=size, vc=None)
    group = full_group(campaign, size)
    free = pt.settle_group(campaign, group, seed=seed)
    assert free.draw is not None  # the group closed and was drawn
    budget = fen(10**9)
    budgeted = attrs.evolve(campaign, rewards=RewardPlan(budget=budget))
    paid = pt.settle_group(budgeted, group, seed=seed, budget_left=budget)
    assert paid.effects == free.effects
    assert paid.postings == free.postings
    assert paid.statements == free.statements
    assert paid.skipped_rewards == free.skipped_rewards == ()
    prizes = [e for e in free.effects if isinstance(e, pt.PayReward)]
    assert len(prizes) == size - min(winners, size - 1)  # each loser's reward
    assert [e.order_id for e in prizes] == sorted(e.order_id for e in prizes)
    assert paid.budget_left == budget - fen(sum(e.amount.amount for e in prizes))
