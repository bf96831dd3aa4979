"""Strict checks of the settlement invariants of GUIDE section 7.

Each test here is written against a specific way the code could break, so that
the break makes it fail:

* invariant 9, a rejected command changes nothing: the group is snapshotted
  (rosters materialised) *before* ``decide`` and compared with the group after;
  an accepted command must be legal in the state it was decided in and move
  the version by exactly the number of events;
* the exact ``Notify`` topics each order receives;
* invariants 1 and 2 per account (escrow, merchant, promotion, payers,
  wallets), including the account tier differences are refunded from;
* invariant 5, exactly one statement per member and departed order, and
  nothing at all for virtual members.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import timedelta

import attrs
import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

import pintuan as pt
from _factories import (
    CNY,
    FEW,
    SEED,
    VC,
    all_day_schedule,
    at,
    campaign,
    command_logs,
    full_group,
    lottery_with,
    pinshang_with,
    snapshot,
    tables,
    tiered,
    tiered_group,
)
from pintuan.lifecycle import COMMANDS, TRANSITIONS
from pintuan.replay import replay
from pintuan.settlement.ledger import ESCROW, MERCHANT, PROMOTION, payer, wallet

# --- invariant 9: a rejected command changes nothing -----------------------------------


# The state machine as GUIDE and _state's docstring state it, independent of the code.
F, S = pt.GroupStatus.FORMING, pt.GroupStatus.SUCCEEDED
LEGAL = {
    None: {pt.OpenGroup},
    F: {pt.JoinGroup, pt.LeaveGroup, pt.ExpireGroup, pt.CloseGroup},
    S: {pt.JoinGroup, pt.ExpireGroup, pt.CloseGroup},
    pt.GroupStatus.CLOSED: set(),
    pt.GroupStatus.FAILED: set(),
}


def test_the_command_table_is_the_documented_one():
    assert {status: set(types) for status, types in COMMANDS.items()} == LEGAL


contexts = st.builds(
    pt.DecisionContext,
    user_groups_joined=st.integers(0, 2),
    user_groups_opened=st.integers(0, 2),
    stock_left=st.sampled_from([0, 1, 10_000]),
    user_is_new=st.booleans(),
)
LIMITS = pt.UserLimits(max_groups_joined=2, max_groups_opened=2, max_quantity=1)


def _drive(c: pt.Campaign, log, data: st.DataObject) -> Counter:
    """Decide every command of ``log`` and check invariant 9 on each; count outcomes."""
    groups: dict[str, pt.Group] = {}
    seen: Counter = Counter()
    for command in log:
        group = groups.get(command.group_id)
        if group is not None and not isinstance(command, pt.OpenGroup):
            drift = data.draw(st.sampled_from([None, None, None, 0, -1, 1]))
            if drift is not None:
                version = max(group.version + drift, 0)
                command = attrs.evolve(command, expected_version=version)
            if data.draw(st.integers(0, 9)) == 0:
                command = attrs.evolve(command, at=group.updated_at - timedelta(minutes=1))
        ctx = data.draw(st.one_of(st.just(pt.DecisionContext(stock_left=10_000)), contexts))
        status = None if group is None else group.status
        before = snapshot(group)
        try:
            events = pt.decide(c, group, command, ctx)
        except pt.CommandRejected as err:
            assert snapshot(groups.get(command.group_id)) == before
            assert snapshot(group) == before
            assert err.field
            seen[err.code] += 1
            continue
        assert type(command) in LEGAL[status]
        assert events
        new = group
        for ev in events:
            was = None if new is None else new.status
            new = pt.evolve(new, ev)
            assert new.status is TRANSITIONS[was, type(ev)]
        assert new is not None
        assert new.version == (0 if group is None else group.version) + len(events)
        assert snapshot(group) == before  # evolve never touches its input either
        groups[new.group_id] = new
        seen["accepted"] += 1
    return seen


@FEW
@given(command_logs(max_size=30), st.booleans(), st.booleans(), st.data())
def test_normal_rejections_change_nothing_and_acceptances_follow_the_table(
    log, spare, limited, data
):
    c = campaign(
        capacity=4 if spare else 3,
        stock=50,
        limits=LIMITS if limited else pt.UserLimits(),
        new_users_only=limited,
        virtual_completion=pt.VirtualCompletion(min_real_members=2) if spare else None,
    )
    for outcome in _drive(c, log, data):
        event(str(outcome))


@FEW
@given(command_logs(max_size=30), tables, st.sampled_from(pt.TierPayment), st.data())
def test_tiered_rejections_change_nothing_and_acceptances_follow_the_table(
    log, table, payment, data
):
    c = pt.Campaign.tiered(
        campaign_id="c1",
        product_id="sku-1",
        tiers=table,
        time_limit=timedelta(hours=2),
        schedule=all_day_schedule(),
        tier_payment=payment,
    )
    for outcome in _drive(c, log, data):
        event(str(outcome))


# --- Notify effects --------------------------------------------------------------------


def _build(c, *steps):
    """Apply ``(kind, n, minute)`` steps to group g1; order o<n> belongs to user u<n>."""
    group = None
    for kind, n, minute in steps:
        ids = {"group_id": "g1", "order_id": f"o{n}", "at": at(10, minute)}
        if kind == "leave":
            command = pt.LeaveGroup(**ids)
        else:
            command = (pt.OpenGroup if kind == "open" else pt.JoinGroup)(**ids, user_id=f"u{n}")
        group, _ = pt.handle(c, group, command)
    return group


def _topics(s: pt.GroupSettlement, group: pt.Group) -> dict[str, list[str]]:
    users = {o.order_id: o.user_id for o in (*group.orders, *group.departed)}
    out: dict[str, list[str]] = defaultdict(list)
    for e in s.effects:
        if isinstance(e, pt.Notify):
            assert (e.group_id, e.user_id) == (group.group_id, users[e.order_id])
            out[e.order_id].append(e.topic)
    keys = [e.key for e in s.effects if isinstance(e, pt.Notify)]
    assert len(keys) == len(set(keys))
    return {k: sorted(v) for k, v in out.items()}


def test_notify_topics_of_a_succeeded_group_and_a_departed_member():
    c = campaign()
    group = _build(
        c, ("open", 1, 5), ("join", 2, 6), ("leave", 2, 7), ("join", 3, 8), ("join", 4, 9)
    )
    assert group.status is pt.GroupStatus.CLOSED
    assert _topics(pt.settle_group(c, group), group) == {
        "o1": ["group_succeeded"],
        "o2": ["left_group"],
        "o3": ["group_succeeded"],
        "o4": ["group_succeeded"],
    }


def test_notify_topics_of_a_failed_and_a_forming_group():
    c = campaign()
    forming = _build(c, ("open", 1, 5), ("join", 2, 6), ("leave", 2, 7), ("join", 3, 8))
    # Waiting members are not told anything yet; the leaver is.
    assert _topics(pt.settle_group(c, forming), forming) == {"o2": ["left_group"]}
    failed, _ = pt.handle(c, forming, pt.ExpireGroup(group_id="g1", at=at(12, 5)))
    assert failed.status is pt.GroupStatus.FAILED
    assert _topics(pt.settle_group(c, failed), failed) == {
        "o1": ["group_failed"],
        "o2": ["left_group"],
        "o3": ["group_failed"],
    }


def test_notify_topics_of_a_draw_and_never_to_virtual_seats():
    c = lottery_with(1, pt.Prize.money_back())
    group = _build(c, ("open", 1, 5), ("join", 2, 6))
    group, _ = pt.handle(c, group, pt.ExpireGroup(group_id="g1", at=at(11, 5)))
    assert group.virtual_count == 1
    s = pt.settle_group(c, group, seed=SEED)
    (winner,) = s.draw.winners
    expected = {"o1": ["draw_lost"], "o2": ["draw_lost"], winner: ["draw_won"]}
    assert _topics(s, group) == expected


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
