"""The settlement invariants of GUIDE section 7, over whole histories.

Random command logs are replayed and each settlement is checked; each test is
written against a specific way the code could break, so that the break makes
it fail:

* invariants 1 and 2 (postings balance; paid = refunds + merchant revenue +
  what waits in escrow), overall and per account (escrow, merchant, promotion,
  payers, wallets), including the account tier differences are refunded from;
* invariant 3, per order 0 <= refunded <= paid, one refund per reason;
* invariant 5, exactly one statement per member and departed order, and
  nothing at all for virtual members;
* invariant 8, settling again or in another group order changes nothing;
* invariant 10, every accepted order was placed inside the schedule.

Invariant 9 (a rejected command changes nothing) is checked in
``test_lifecycle.py``.
"""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

import pintuan as pt
from _factories import (
    CNY,
    FEW,
    SEED,
    VC,
    at,
    campaign,
    command_logs,
    full_group,
    lottery_with,
    pinshang_with,
    tables,
    tiered,
    tiered_group,
)
from pintuan import Refund, balances, settle_group, settle_groups, summarize
from pintuan.replay import replay
from pintuan.settlement.ledger import ESCROW, MERCHANT, PROMOTION, payer, wallet

# --- invariants over random command logs ---------------------------------------------


def _check_invariants(c, settlement, group):
    # 1. postings balance per currency
    totals = Counter()
    for (_account, currency), amount in balances(settlement.postings).items():
        totals[currency] += amount
    assert all(v == 0 for v in totals.values())
    # 2. paid = refunds + merchant revenue (+ what still waits in escrow)
    b = balances(settlement.postings)
    assert settlement.paid.amount == (
        settlement.refunded.amount + settlement.captured.amount + b.get(("escrow", CNY), 0)
    )
    if group.status.terminal:
        assert b.get(("escrow", CNY), 0) == 0
    # 3. per order 0 <= refunded <= paid; refunds > 0; one refund per (order, reason)
    refunds = [e for e in settlement.effects if isinstance(e, Refund)]
    assert all(r.amount.amount > 0 for r in refunds)
    assert len({(r.order_id, r.reason) for r in refunds}) == len(refunds)
    for st_ in settlement.statements:
        assert 0 <= st_.refunded.amount <= st_.paid.amount
    # 5. every member (and every departed order) ends in exactly one outcome
    ids = [s.order_id for s in settlement.statements]
    assert sorted(ids) == sorted(
        [o.order_id for o in group.orders] + [o.order_id for o in group.departed]
    )
    # keys are unique within a settlement
    keys = [e.key for e in settlement.effects] + [p.key for p in settlement.postings]
    assert len(keys) == len(set(keys))


@given(command_logs(max_size=50), st.integers(3, 4))
def test_invariants_hold_for_every_settlement(log, capacity):
    c = campaign(capacity=capacity)
    result = replay(c, log)
    for group, settlement in zip(result.groups, result.settlements, strict=True):
        _check_invariants(c, settlement, group)
        # 8. settling twice gives identical output
        assert settle_group(c, group) == settlement


@given(command_logs(max_size=40), st.randoms(use_true_random=False))
def test_group_order_in_the_stream_changes_nothing(log, rnd):
    c = campaign()
    result = replay(c, log)
    shuffled = list(result.groups)
    rnd.shuffle(shuffled)
    by_id = {s.group_id: s for s in settle_groups(c, shuffled)}
    assert by_id == {s.group_id: s for s in result.settlements}
    assert summarize(CNY, by_id.values()) == summarize(CNY, result.settlements)


@given(command_logs(max_size=40))
def test_only_commands_inside_the_windows_count(log):
    # 10. every accepted open or join happened inside a window of the schedule
    c = campaign()
    result = replay(c, log)
    for group in result.groups:
        for order in (*group.orders, *group.departed):
            if not order.virtual:
                assert c.schedule.is_open(order.paid_at)


# --- invariants 1 and 2, account by account --------------------------------------------


def _check_accounts(s: pt.GroupSettlement) -> dict[str, int]:
    """Check every account of one settlement against its statements; return the balances."""
    b = pt.balances(s.postings)
    assert {cur for _, cur in b} <= {CNY}
    bal = {account: amount for (account, _), amount in b.items()}
    assert sum(bal.values()) == 0
    virtual = {st_.user_id for st_ in s.statements if st_.outcome is pt.Outcome.VIRTUAL}
    users = {st_.user_id for st_ in s.statements} - virtual
    known = {ESCROW, MERCHANT, PROMOTION} | {payer(u) for u in users} | {wallet(u) for u in users}
    rewards = [e for e in s.effects if isinstance(e, pt.PayReward)]
    known |= {wallet(r.beneficiary) for r in rewards}
    assert set(bal) <= known
    if s.status.terminal:
        assert bal.get(ESCROW, 0) == 0
    assert bal.get(MERCHANT, 0) == sum(st_.captured.amount for st_ in s.statements)
    paid_rewards = sum(r.amount.amount for r in rewards)
    assert bal.get(PROMOTION, 0) == -paid_rewards
    assert paid_rewards == sum(st_.rewards.amount for st_ in s.statements if st_.rewards)
    net: Counter = Counter()
    for st_ in s.statements:
        net[st_.user_id] += st_.paid.amount - st_.refunded.amount
    for user in users:
        assert bal.get(payer(user), 0) == -net[user]
    got: Counter = Counter()
    for r in rewards:
        got[r.beneficiary] += r.amount.amount
    for user, amount in got.items():
        assert bal.get(wallet(user), 0) == amount
    # GUIDE invariant 2: paid = refunds + merchant + what still waits in escrow
    paid = sum(st_.paid.amount for st_ in s.statements)
    refunded = sum(st_.refunded.amount for st_ in s.statements)
    assert paid == refunded + bal.get(MERCHANT, 0) + bal.get(ESCROW, 0)
    return bal


@FEW
@given(command_logs(max_size=30), st.integers(3, 4))
def test_accounts_of_normal_groups_in_every_state(log, capacity):
    c = campaign(capacity=capacity)
    result = replay(c, log)
    for group, s in zip(result.groups, result.settlements, strict=True):
        bal = _check_accounts(s)
        if group.status is pt.GroupStatus.FAILED:
            assert bal.get(MERCHANT, 0) == 0
        if group.status.successful:
            assert bal.get(MERCHANT, 0) == sum(o.paid.amount for o in group.orders)


@FEW
@given(tables, st.integers(1, 12), st.lists(st.integers(1, 3), min_size=12, max_size=12))
def test_accounts_of_tiered_groups_and_where_tier_differences_come_from(table, members, qty):
    c = tiered(pt.TierPayment.FIRST_TIER, tiers=table)
    members = min(members, table.top.size)
    group = tiered_group(c, members, quantities=dict(enumerate(qty, start=1)))
    s = pt.settle_group(c, group)
    bal = _check_accounts(s)
    if group.status is pt.GroupStatus.FAILED:
        assert bal.get(MERCHANT, 0) == 0
        return
    assert group.status is pt.GroupStatus.CLOSED
    final = table.price_for(members)
    units = sum(o.quantity for o in group.orders)
    assert bal[MERCHANT] == (final * units).amount == s.captured.amount
    # Payments were captured, so a tier difference goes back from the merchant.
    tier_posts = [p for p in s.postings if p.memo == "refund:tier_difference"]
    users = {o.order_id: o.user_id for o in group.orders}
    for p in tier_posts:
        assert (p.source, p.destination) == (MERCHANT, payer(users[p.order_id]))
    owed = {o.order_id for o in group.orders if o.paid > final * o.quantity}
    assert sorted(p.order_id for p in tier_posts) == sorted(owed)
    for o in group.orders:
        assert bal[payer(o.user_id)] == -(final * o.quantity).amount


@FEW
@given(
    st.integers(2, 8),
    st.data(),
    st.integers(1, 10_000),
    st.integers(1, 500),
    st.binary(min_size=16, max_size=32),
)
def test_accounts_of_pinshang_with_a_participation_reward(size, data, price, reward, seed):
    winners = data.draw(st.integers(1, size - 1))
    c = pinshang_with(winners, reward, price=price, size=size, vc=None)
    group = full_group(c, size)
    assert group.status is pt.GroupStatus.CLOSED
    s = pt.settle_group(c, group, seed=seed)
    bal = _check_accounts(s)
    assert bal[MERCHANT] == winners * price
    assert bal[PROMOTION] == -(size - winners) * reward
    won = set(s.draw.winners)
    for o in group.orders:
        if o.order_id in won:
            assert (bal[payer(o.user_id)], bal.get(wallet(o.user_id), 0)) == (-price, 0)
        else:
            assert (bal.get(payer(o.user_id), 0), bal[wallet(o.user_id)]) == (0, reward)


# --- invariant 5: every member ends in exactly one outcome -----------------------------


CAMPAIGNS = {
    "normal": st.builds(
        lambda cap: campaign(capacity=cap, virtual_completion=VC), st.integers(3, 4)
    ),
    "tiered": st.builds(lambda table: tiered(tiers=table, virtual_completion=VC), tables),
    "lottery": st.builds(
        lottery_with,
        st.integers(0, 3),
        st.sampled_from([pt.Prize.money_back(), pt.Prize.nothing(), pt.Prize.product()]),
    ),
    "pinshang": st.builds(pinshang_with, st.integers(1, 2), st.integers(0, 100)),
}


def _expire_all(log: list) -> list:
    """End the log with every group's expiry, so groups close, fill virtually or fail."""
    late = at(10, day=2)
    gids = dict.fromkeys(cmd.group_id for cmd in log)
    return [*log, *(pt.ExpireGroup(group_id=gid, at=late) for gid in gids)]


@pytest.mark.parametrize("kind", list(CAMPAIGNS))
@settings(max_examples=25, deadline=None)
@given(data=st.data(), log=command_logs(max_size=30), expire=st.booleans())
def test_every_order_ends_in_exactly_one_outcome(kind, data, log, expire):
    c = data.draw(CAMPAIGNS[kind])
    if expire:
        log = _expire_all(log)
    result = replay(c, log, seed=SEED)
    for group, s in zip(result.groups, result.settlements, strict=True):
        event(f"{group.status.value}, virtual={bool(group.virtual_count)}")
        ids = [st_.order_id for st_ in s.statements]
        assert len(ids) == len(set(ids))
        expected = [o.order_id for o in (*group.orders, *group.departed)]
        assert sorted(ids) == sorted(expected)
        virtual = {o.order_id for o in group.orders if o.virtual}
        assert len(virtual) == group.virtual_count
        outcomes = {st_.order_id: st_.outcome for st_ in s.statements}
        assert {outcomes[v] for v in virtual} <= {pt.Outcome.VIRTUAL}
        assert pt.Outcome.VIRTUAL not in {outcomes[i] for i in set(ids) - virtual}
        assert not [e for e in s.effects if e.order_id in virtual]
        assert not [p for p in s.postings if p.order_id in virtual]
        accounts = {p.source for p in s.postings} | {p.destination for p in s.postings}
        assert not {a for a in accounts if a.split(":", 1)[-1] in virtual}
        if group.status.terminal:
            assert pt.Outcome.WAITING not in outcomes.values()
        if c.draw is not None and group.status is pt.GroupStatus.CLOSED:
            won = Counter(outcomes.values())[pt.Outcome.WON]
            assert won == min(c.draw.prizes, group.real_count)
        _check_accounts(s)
