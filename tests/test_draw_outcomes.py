"""Property tests of what lottery draws pay out, order by order.

Mode 1 (one draw at the campaign's end): only the real orders of closed groups
enter the draw, the winners are exactly ``select_winners(seed, entries, k)``,
and settling with them gives every order one statement and balanced money.

Mode 2 (a draw per group as it closes): for random winner and loser prizes,
each order's effects are exactly what its prize says, no more and no less.

Groups are built directly as values (as in ``benchmarks/bench_settlement.py``)
so that closed and failed groups, departed orders and virtual seats can be
mixed freely.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

import pintuan as pt
from _factories import CNY, at, lottery
from pintuan._validators import VIRTUAL_PREFIX
from pintuan.lifecycle._roster import Roster

START = at(10)
STATUSES = [pt.GroupStatus.CLOSED, pt.GroupStatus.FAILED]
seeds = st.binary(min_size=16, max_size=32)


def member_order(gid: str, n: int, price: pt.Money, quantity: int = 1, *, virtual: bool = False):
    if virtual:
        oid = f"{VIRTUAL_PREFIX}{gid}:{n}"
        return pt.Order(
            order_id=oid, user_id=oid, group_id=gid, role=pt.Role.VIRTUAL, quantity=1,
            unit_price=price, paid=price * 0, paid_at=START,
        )  # fmt: skip
    return pt.Order(
        order_id=f"{gid}-o{n}", user_id=f"{gid}-u{n}", group_id=gid,
        role=pt.Role.LEADER if n == 0 else pt.Role.MEMBER, quantity=quantity,
        unit_price=price, paid=price * quantity, paid_at=START + timedelta(seconds=n),
    )  # fmt: skip


def make_group(c, gid, status, quantities, virtual=0, departed=0) -> pt.Group:
    price = c.base_price
    members = [member_order(gid, n, price, q) for n, q in enumerate(quantities)]
    members += [member_order(gid, n, price, virtual=True) for n in range(1, virtual + 1)]
    gone = [member_order(gid, 100 + n, price) for n in range(departed)]
    failed = status is pt.GroupStatus.FAILED
    return pt.Group(
        group_id=gid, campaign_id=c.campaign_id, status=status, opened_at=START,
        deadline=START + timedelta(hours=1), leader_order_id=members[0].order_id,
        members=Roster(members), departed=Roster(gone), version=len(members) + 2,
        updated_at=START + timedelta(minutes=5), closed_at=START + timedelta(minutes=5),
        failure=pt.FailureReason.DEADLINE if failed else None, virtual_count=virtual,
    )  # fmt: skip


def check_money(settlements) -> None:
    """Invariants 1-3 of GUIDE section 7, per order and overall."""
    postings = [p for s in settlements for p in s.postings]
    b = pt.balances(postings)
    assert sum(b.values()) == 0
    assert b.get(("escrow", CNY), 0) == 0  # every group here is terminal
    refunds: dict[str, int] = defaultdict(int)
    for s in settlements:
        for e in s.effects:
            if isinstance(e, pt.Refund):
                assert e.amount.amount > 0
                refunds[e.order_id] += e.amount.amount
    for s in settlements:
        for st_ in s.statements:
            assert 0 <= st_.refunded.amount <= st_.paid.amount
            assert st_.paid == st_.refunded + st_.captured
            assert refunds.get(st_.order_id, 0) == st_.refunded.amount


# ---------------------------------------------------------------- mode 1


@st.composite
def campaign_end_cases(draw):
    size = draw(st.integers(2, 4))
    price = pt.Money(amount=draw(st.integers(1, 20_000)), currency=CNY)
    k = draw(st.integers(0, 12))
    policy = pt.DrawPolicy(
        mode=pt.DrawMode.AT_CAMPAIGN_END, prizes=k,
        winner=pt.Prize.product(), loser=pt.Prize.money_back(),
    )  # fmt: skip
    c = lottery(price=price, group_size=size, draw=policy, product_id="sku-1")
    groups = []
    for g in range(draw(st.integers(1, 6))):
        status = draw(st.sampled_from(STATUSES))
        real = draw(st.integers(1, size))
        quantities = draw(st.lists(st.integers(1, 3), min_size=real, max_size=real))
        # Virtual seats fill a closed group up to its size (virtual completion).
        virtual = size - real if status is pt.GroupStatus.CLOSED else 0
        departed = draw(st.integers(0, 1))
        groups.append(make_group(c, f"g{g}", status, quantities, virtual, departed))
    return c, groups, k


@settings(max_examples=150)
@given(case=campaign_end_cases(), seed=seeds)
def test_campaign_end_draw_takes_only_real_orders_of_closed_groups(case, seed):
    c, groups, k = case
    winners = pt.draw_at_campaign_end(c, iter(groups), seed)

    closed = [g for g in groups if g.status is pt.GroupStatus.CLOSED]
    eligible = [o.order_id for g in closed for o in g.members if not o.virtual]
    assert winners == pt.select_winners(seed, eligible, k)
    assert len(winners) == min(k, len(eligible))
    failed_ids = {o.order_id for g in groups if g.status is pt.GroupStatus.FAILED for o in g.orders}
    virtual_ids = {o.order_id for g in groups for o in g.orders if o.virtual}
    departed_ids = {o.order_id for g in groups for o in g.departed}
    assert not set(winners) & (failed_ids | virtual_ids | departed_ids)

    settlements = list(pt.settle_groups(c, groups, winners=winners))
    every = [o.order_id for g in groups for o in (*g.orders, *g.departed)]
    stated = Counter(st_.order_id for s in settlements for st_ in s.statements)
    assert stated == Counter(every)  # each order exactly one statement

    expected = {}
    for g in groups:
        for o in g.departed:
            expected[o.order_id] = pt.Outcome.REFUNDED
        for o in g.orders:
            if g.status is pt.GroupStatus.FAILED:
                expected[o.order_id] = pt.Outcome.REFUNDED
            elif o.virtual:
                expected[o.order_id] = pt.Outcome.VIRTUAL
            else:
                won = o.order_id in winners
                expected[o.order_id] = pt.Outcome.WON if won else pt.Outcome.LOST
    assert {st_.order_id: st_.outcome for s in settlements for st_ in s.statements} == expected

    effects = [e for s in settlements for e in s.effects]
    assert sorted(e.order_id for e in effects if isinstance(e, pt.Ship)) == sorted(winners)
    assert not [e for e in effects if e.order_id in virtual_ids]
    assert not [p for s in settlements for p in s.postings if p.order_id in virtual_ids]
    check_money(settlements)


# ---------------------------------------------------------------- mode 2

coupons = st.sampled_from([pt.Coupon(system_id="cpn-1"), pt.Coupon(link="https://x.test/c")])
prizes = st.builds(
    pt.Prize,
    ship=st.booleans(),
    refund_bps=st.one_of(st.sampled_from([0, 1, 5000, 9999, 10_000]), st.integers(0, 10_000)),
    coupon=st.none() | coupons,
    points=st.sampled_from([0, 0, 1, 250]),
    cash_reward=st.none() | st.builds(pt.Money, amount=st.integers(1, 500), currency=st.just(CNY)),
)


@st.composite
def group_draw_cases(draw):
    size = draw(st.integers(2, 6))
    price = pt.Money(amount=draw(st.integers(1, 20_000)), currency=CNY)
    policy = pt.DrawPolicy(
        mode=pt.DrawMode.AT_GROUP_SUCCESS, prizes=draw(st.integers(0, size)),
        winner=draw(prizes), loser=draw(prizes), notify=draw(st.booleans()),
    )  # fmt: skip
    c = lottery(price=price, group_size=size, draw=policy, product_id="sku-1")
    real = draw(st.integers(1, size))
    quantities = draw(st.lists(st.integers(1, 3), min_size=real, max_size=real))
    group = make_group(c, "g1", pt.GroupStatus.CLOSED, quantities, virtual=size - real)
    return c, group


@settings(max_examples=150)
@given(case=group_draw_cases(), seed=seeds)
def test_each_order_gets_exactly_its_prize(case, seed):
    c, group = case
    policy = c.draw
    s = pt.settle_group(c, group, seed=seed)
    real = [o for o in group.orders if not o.virtual]
    record_winners = pt.select_winners(
        pt.group_seed(seed, group.group_id), [o.order_id for o in real], policy.prizes
    )
    assert s.draw is not None
    assert s.draw.winners == record_winners
    assert len(record_winners) == min(policy.prizes, len(real))

    by_order: dict[str, list] = defaultdict(list)
    for e in s.effects:
        by_order[e.order_id].append(e)
    statements = {st_.order_id: st_ for st_ in s.statements}
    assert set(statements) == {o.order_id for o in group.orders}
    rewards_total = 0
    for o in group.orders:
        effects = by_order.pop(o.order_id, [])
        if o.virtual:
            assert effects == []
            assert statements[o.order_id].outcome is pt.Outcome.VIRTUAL
            continue
        won = o.order_id in record_winners
        prize = policy.winner if won else policy.loser
        kinds = Counter(type(e) for e in effects)
        assert max(kinds.values()) == 1  # never two effects of one kind for one order

        def one(kind, effects=effects):
            return next((e for e in effects if isinstance(e, kind)), None)

        ship = one(pt.Ship)
        assert (ship is not None) == prize.ship
        if ship is not None:
            assert (ship.product_id, ship.quantity) == (c.product_id, o.quantity)
        refund = prize.refund_for(o.paid)
        r = one(pt.Refund)
        assert (r.amount if r else o.paid * 0) == refund
        assert r is None or r.reason is pt.RefundReason.DRAW
        cap = one(pt.Capture)
        assert (cap.amount if cap else o.paid * 0) == o.paid - refund
        points = one(pt.AwardPoints)
        assert (points.points if points else 0) == prize.points
        coupon = one(pt.IssueCoupon)
        assert (coupon.coupon if coupon else None) == prize.coupon
        assert coupon is None or coupon.user_id == o.user_id
        note = one(pt.Notify)
        assert (note is not None) == policy.notify
        if note is not None:
            assert note.topic == ("draw_won" if won else "draw_lost")
        reward = one(pt.PayReward)
        assert (reward.amount if reward else None) == prize.cash_reward
        if reward is not None:
            kind = pt.RewardKind.PRIZE if won else pt.RewardKind.PARTICIPATION
            assert (reward.kind, reward.beneficiary) == (kind, o.user_id)
            rewards_total += reward.amount.amount
        allowed = {pt.Ship, pt.Refund, pt.Capture, pt.AwardPoints, pt.IssueCoupon, pt.Notify}
        assert set(kinds) <= allowed | {pt.PayReward}
        statement = statements[o.order_id]
        assert statement.outcome is (pt.Outcome.WON if won else pt.Outcome.LOST)
        assert (statement.refunded, statement.captured) == (refund, o.paid - refund)
        assert statement.rewards == prize.cash_reward
    assert by_order == {}  # no effect for an order outside the group

    check_money([s])
    b = pt.balances(s.postings)
    assert b.get(("merchant", CNY), 0) == s.captured.amount
    assert -b.get(("promotion", CNY), 0) == rewards_total  # rewards never come from payments
