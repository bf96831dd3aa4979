"""Settling lottery and pinshang groups: the draw, and what each order gets from it.

Mode 2 (a draw per group as it closes): the seed's pinshang example, the seed
the draw needs, virtual members kept out of the draw; for random winner and
loser prizes, each order's effects are exactly what its prize says, no more
and no less.

Mode 1 (one draw at the campaign's end): only the real orders of closed groups
enter the draw, the winners are exactly ``select_winners(seed, entries, k)``,
the draw's record is published and verifiable, and settling with the winners
gives every order one statement and balanced money.

For the property tests, groups are built directly as values (as in
``benchmarks/bench_settlement.py``) so that closed and failed groups, departed
orders and virtual seats can be mixed freely.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import timedelta

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import pintuan as pt
from _factories import (
    CNY,
    SEED,
    at,
    budgeted_campaign,
    campaign,
    campaign_end_lottery,
    check_error,
    cny,
    full_group,
    lottery,
    of,
    pinshang,
    policy,
    seed_schedule,
    staggered_groups,
)
from pintuan import (
    Campaign,
    Capture,
    ConfigurationError,
    DrawError,
    ExpireGroup,
    GroupStatus,
    InvalidValue,
    Outcome,
    PayReward,
    Refund,
    RefundReason,
    RewardKind,
    Ship,
    VirtualCompletion,
    balances,
    campaign_end_record,
    group_seed,
    handle,
    select_winners,
    settle_group,
    settle_groups,
    verify,
)
from pintuan._validators import VIRTUAL_PREFIX
from pintuan.lifecycle._roster import Roster
from pintuan.lottery import DrawMode, DrawPolicy, Prize, draw_at_campaign_end
from pintuan.settlement import prizes as prizes_module

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


def _group_seed(group_id):
    return group_seed(SEED, group_id)


# --- mode 2: a draw per group as it closes --------------------------------------------


def test_seed_pinshang_example():
    c = pinshang()
    group = full_group(c, 100)
    assert group.status is GroupStatus.CLOSED
    s = settle_group(c, group, seed=SEED)
    assert len(of(s, Ship)) == 3
    refunds = of(s, Refund)
    assert len(refunds) == 97
    assert {r.amount for r in refunds} == {cny("99.00")}
    assert {r.reason for r in refunds} == {RefundReason.DRAW}
    rewards = of(s, PayReward)
    assert len(rewards) == 97
    assert {(r.amount, r.kind) for r in rewards} == {(cny("1.00"), RewardKind.PARTICIPATION)}
    assert s.paid == cny("9900.00")
    assert s.captured == cny("297.00")
    assert s.refunded == cny("9603.00")
    assert Counter(st.outcome for st in s.statements) == {Outcome.WON: 3, Outcome.LOST: 97}
    b = balances(s.postings)
    assert b[("merchant", CNY)] == 29_700
    assert b[("promotion", CNY)] == -9_700
    assert b.get(("escrow", CNY), 0) == 0
    assert sum(b.values()) == 0
    # the record is public and checks out
    assert s.draw is not None
    assert verify(s.draw, _group_seed(group.group_id), [o.order_id for o in group.orders]).ok
    winners = {e.order_id for e in of(s, Ship)}
    assert winners == set(s.draw.winners)
    lost = next(st for st in s.statements if st.outcome is Outcome.LOST)
    assert "99.00 CNY is refunded" in lost.text
    assert "Rewards of 1.00 CNY tied to this order" in lost.text


def test_mode_2_needs_the_seed_and_settles_the_same_twice():
    c = pinshang()
    group = full_group(c, 100)
    with pytest.raises(Exception, match="seed") as info:
        settle_group(c, group)
    assert info.value.field == "seed"
    assert settle_group(c, group, seed=SEED) == settle_group(c, group, seed=SEED)


def test_settling_a_mode_2_group_with_a_short_seed() -> None:
    c = campaign(draw=policy(prizes=1))
    group = full_group(c, 3)
    with pytest.raises(DrawError) as info:
        settle_group(c, group, seed=SEED[:15])
    check_error(info, DrawError, "seed")
    assert "<15 bytes>" in str(info.value)  # a length, never the (possibly secret) seed


def test_virtual_members_never_enter_a_draw():
    policy = DrawPolicy(
        mode=DrawMode.AT_GROUP_SUCCESS, prizes=3, winner=Prize.product(), loser=Prize.money_back()
    )
    c = lottery(
        price=cny("9.90"),
        group_size=5,
        draw=policy,
        virtual_completion=VirtualCompletion(min_real_members=2),
    )
    group = full_group(c, 5, stop=3)  # 2 real members
    group, _ = handle(c, group, ExpireGroup(group_id="g1", at=at(11, 0)))
    assert group.virtual_count == 3
    s = settle_group(c, group, seed=SEED)
    assert set(s.draw.winners) | set(s.draw.reserves) == {"g1-o1", "g1-o2"}
    virtual = {o.order_id for o in group.orders if o.virtual}
    assert not [e for e in s.effects if e.order_id in virtual]


@settings(max_examples=25, deadline=None)
@given(
    st.integers(2, 12),
    st.integers(0, 12),
    st.binary(min_size=16, max_size=32),
    st.sampled_from([Prize.money_back(), Prize.nothing(), Prize.pinshang_consolation(cny("0.50"))]),
)
def test_draw_settlement_invariants(size, prizes, seed, loser):
    prizes = min(prizes, size)
    policy = DrawPolicy(
        mode=DrawMode.AT_GROUP_SUCCESS, prizes=prizes, winner=Prize.product(), loser=loser
    )
    c = Campaign.lottery(
        campaign_id="c1",
        product_id="p",
        price=cny("9.90"),
        group_size=size,
        time_limit=timedelta(hours=1),
        schedule=seed_schedule(),
        draw=policy,
    )
    s = settle_group(c, full_group(c, size), seed=seed)
    outcomes = Counter(st.outcome for st in s.statements)
    assert outcomes[Outcome.WON] == prizes
    assert outcomes[Outcome.WON] + outcomes[Outcome.LOST] == size
    for statement in s.statements:
        assert 0 <= statement.refunded.amount <= statement.paid.amount
        assert statement.paid == statement.refunded + statement.captured
    b = balances(s.postings)
    assert sum(b.values()) == 0
    assert b.get(("escrow", CNY), 0) == 0
    assert len(of(s, Capture)) <= size


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


# --- mode 1: one draw at the campaign's end -------------------------------------------


def test_campaign_end_draw_over_all_groups():
    policy = DrawPolicy(
        mode=DrawMode.AT_CAMPAIGN_END, prizes=2, winner=Prize.product(), loser=Prize.money_back()
    )
    c = lottery(
        price=cny("9.90"),
        group_size=3,
        draw=policy,
    )
    groups = [full_group(c, 3, gid=f"g{i}") for i in range(4)]
    waiting = settle_group(c, groups[0])
    assert {st.outcome for st in waiting.statements} == {Outcome.WAITING}
    winners = draw_at_campaign_end(c, iter(groups), SEED)
    assert len(winners) == 2
    settlements = list(settle_groups(c, groups, winners=winners))
    shipped = [e.order_id for s in settlements for e in of(s, Ship)]
    assert sorted(shipped) == sorted(winners)
    assert sum(len(of(s, Refund)) for s in settlements) == 10
    with pytest.raises(ConfigurationError):
        draw_at_campaign_end(pinshang(), groups, SEED)


def test_campaign_end_record_is_verifiable_and_matches_the_streaming_draw():
    c = campaign_end_lottery()
    groups = staggered_groups(c)
    record = campaign_end_record(c, groups, SEED)
    entries = [o.order_id for g in groups if g.status is GroupStatus.CLOSED for o in g.members]
    assert len(entries) == 10  # the failed group's order is not an entry
    assert record.winners == draw_at_campaign_end(c, reversed(groups), SEED)
    assert record.winners == select_winners(SEED, entries, 3)
    assert len(record.reserves) == 7
    assert verify(record, SEED, reversed(entries)).ok
    tampered = verify(record, SEED, entries[:-1])
    assert not tampered.ok
    assert "pool_digest" in {m.field for m in tampered.mismatches}
    assert len(campaign_end_record(c, groups, SEED, reserves=2).reserves) == 2


def test_campaign_end_record_needs_a_campaign_end_draw():
    with pytest.raises(ConfigurationError) as info:
        campaign_end_record(budgeted_campaign(), [], SEED)
    assert info.value.field == "campaign.draw"


@pytest.mark.parametrize(
    ("seed", "copies", "field"),
    [(SEED[:15], 1, "seed"), (SEED, 2, "entries[3]")],
    ids=["short-seed", "same-group-twice"],
)
def test_campaign_end_draw_rejects_a_short_seed_and_duplicate_orders(
    seed: bytes, copies: int, field: str
) -> None:
    c = campaign(draw=policy(DrawMode.AT_CAMPAIGN_END, prizes=1))
    group = full_group(c, 3)
    with pytest.raises(DrawError) as info:
        draw_at_campaign_end(c, [group] * copies, seed)
    check_error(info, DrawError, field)


def test_campaign_end_winners_must_be_a_collection_of_ids():
    c = lottery(
        price=cny("1.00"),
        group_size=3,
        draw=DrawPolicy(
            mode=DrawMode.AT_CAMPAIGN_END,
            prizes=1,
            winner=Prize.product(),
            loser=Prize.money_back(),
        ),
    )
    group = full_group(c, 3)
    for bad in ("g1-o1", ["g1-o1", "g1-o2"], [""]):
        with pytest.raises(InvalidValue) as info:
            settle_group(c, group, winners=bad)
        assert info.value.field == "winners"


def test_campaign_end_winners_are_checked_once_yet_against_each_policy():
    def end_lottery(prizes):
        draw = DrawPolicy(
            mode=DrawMode.AT_CAMPAIGN_END, prizes=prizes, winner=Prize.product(),
            loser=Prize.money_back(),
        )  # fmt: skip
        return lottery(price=cny("1.00"), group_size=3, draw=draw)

    two, one = end_lottery(2), end_lottery(1)
    winners = ("g1-o1", "g2-o2")
    first = settle_group(two, full_group(two, 3), winners=winners)
    again = settle_group(two, full_group(two, 3), winners=winners)  # the same tuple: cached
    assert first == again
    assert first == settle_group(two, full_group(two, 3), winners=list(winners))
    with pytest.raises(InvalidValue) as info:  # the cached set still meets each policy
        settle_group(one, full_group(one, 3), winners=winners)
    assert info.value.field == "winners"
    mutable = ["g1-o2"]  # lists are never cached: a change is seen
    before = settle_group(two, full_group(two, 3), winners=mutable)
    mutable[0] = "g1-o3"
    assert settle_group(two, full_group(two, 3), winners=mutable) != before


def test_campaign_end_winners_settle_from_an_empty_cache(monkeypatch):
    c = campaign(draw=policy(DrawMode.AT_CAMPAIGN_END, prizes=1))
    monkeypatch.setattr(prizes_module, "_last_checked", None)  # as in a fresh process
    s = settle_group(c, full_group(c, 3), winners=("g1-o2",))
    assert [e.order_id for e in of(s, Ship)] == ["g1-o2"]
    assert {st.order_id: st.outcome for st in s.statements} == {
        "g1-o1": Outcome.LOST, "g1-o2": Outcome.WON, "g1-o3": Outcome.LOST,
    }  # fmt: skip


def test_a_virtual_seat_waiting_for_the_campaign_end_draw_says_only_why():
    c = lottery(
        price=cny("9.90"),
        group_size=3,
        draw=policy(DrawMode.AT_CAMPAIGN_END, prizes=1),
        virtual_completion=VirtualCompletion(min_real_members=2),
    )
    group = full_group(c, 3, stop=1)
    group, _ = handle(c, group, ExpireGroup(group_id="g1", at=at(12)))
    s = settle_group(c, group)  # no winners yet: every seat waits
    assert [st.outcome for st in s.statements] == [Outcome.WAITING] * 2 + [Outcome.VIRTUAL]
    assert s.statements[-1].text == (
        "Order virtual:g1:1 in group g1: paid 0.00 CNY. A virtual placeholder seat; no money moves."
    )


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


def test_a_virtual_seat_in_a_drawn_group_is_never_drawn_and_says_so():
    c = lottery(
        price=cny("9.90"),
        group_size=3,
        draw=policy(prizes=1),
        virtual_completion=VirtualCompletion(min_real_members=2),
    )
    group = full_group(c, 3, stop=1)
    group, _ = handle(c, group, ExpireGroup(group_id="g1", at=at(12)))
    s = settle_group(c, group, seed=SEED)
    (virtual,) = [st for st in s.statements if st.outcome is Outcome.VIRTUAL]
    assert virtual.text == (
        "Order virtual:g1:1 in group g1: paid 0.00 CNY. "
        "A virtual placeholder seat; it is never drawn."
    )


def test_a_closed_lottery_group_without_the_seed_is_refused_with_the_rule():
    c = pinshang()
    with pytest.raises(InvalidValue) as info:
        settle_group(c, full_group(c, 100))
    assert type(info.value) is InvalidValue
    assert (info.value.field, info.value.value, info.value.rule) == (
        "seed",
        None,
        "settling a closed lottery group needs the campaign's draw seed",
    )


@pytest.mark.parametrize("drawn", [True, False])
def test_a_virtual_seat_is_settled_as_one_whatever_the_groups_virtual_count(drawn):
    # Settlement reads each order's role, not Group.virtual_count, which
    # nothing checks against the roles (a stored MemberJoined may carry a
    # virtual order): the seat is never drawn, shipped or told anything.
    c = lottery(price=cny("9.90"), group_size=3, draw=policy(prizes=2)) if drawn else campaign()
    g = make_group(c, "g1", pt.GroupStatus.CLOSED, [1, 1], virtual=1)
    g = attrs.evolve(g, virtual_count=0)
    seat = f"{VIRTUAL_PREFIX}g1:1"
    s = pt.settle_group(c, g, seed=SEED)
    assert [st.outcome for st in s.statements if st.order_id == seat] == [pt.Outcome.VIRTUAL]
    assert not [e for e in s.effects if e.order_id == seat]
    assert s.draw is None or seat not in (*s.draw.winners, *s.draw.reserves)
