"""Reward plans through settlement: examples, and properties of budget, ledger, clawback, rounding.

The examples: the seed's pinshang with referral and team rewards, computed by
hand; rewards on success paid on amounts before the draw; the rounding rate
rewards leave; an unknown region agent; a referral chain naming a virtual seat.

In the property tests, random reward plans (participation for losers or
everyone; referral of 1-3 levels, each fixed or bps; team, fixed or bps;
regional, with an agent for every region; an optional budget under each
``BudgetPolicy``; each ``RewardTiming``) are settled with ``pt.settle_groups``
over 2-4 random groups of a normal or a pinshang (mode-2 draw) campaign.
Orders carry random referral chains (self-referrals, loops, chains longer
than 3) and regions; groups are full, virtually completed, failed or forming.

Checked (GUIDE section 7, docs/rewards.md, docs/settlement.md):

* budget, ledger and beneficiaries (invariants 1, 2, 4, 7), and that paid plus
  skipped lines are exactly what an independent model of the plan pays
  without a budget;
* shuffling the groups changes no settlement (invariant 8);
* ``refund_after_success`` claws back exactly the returned order's rewards;
* rate rewards round down to the fen and ``rounding_kept`` holds the rest.

Example:
    .venv/bin/python -m pytest -q tests/test_reward_settlement.py
"""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import pintuan as pt
from _factories import (
    CNY,
    CTX,
    SEED,
    at,
    campaign_end_lottery,
    check_error,
    cny,
    fen,
    full_group,
    of,
    pinshang,
    plans,
    seed_schedule,
)
from _factories import campaign as normal_campaign
from pintuan import (
    Campaign,
    ConfigurationError,
    PayReward,
    RegionalReward,
    RewardKind,
    RewardTiming,
    balances,
    campaign_pnl,
    settle_group,
)
from pintuan.campaign import ReferralReward, RewardAmount, RewardPlan, TeamReward
from pintuan.settlement.ledger import PROMOTION, wallet

CLOSED = pt.GroupStatus.CLOSED
KIND = pt.RewardKind
REGIONS = ("sh", "bj", "gz")
AGENTS = ("agent-sh", "r0", "g0-u2", "g1-u1")  # outsiders and buyers of other groups
# Chain tokens: "self" is the buyer, "lead" the group's leader; other names are
# used as they are. (A chain naming a virtual seat is refused: see
# test_a_referral_chain_naming_a_virtual_seat_is_refused.)
TOKENS = ("self", "self", "lead", "r0", "r1", "r2", "g0-u2")
member_specs = st.tuples(
    st.lists(st.sampled_from(TOKENS), max_size=4), st.sampled_from(REGIONS), st.integers(1, 2)
)


@st.composite
def reward_plans(draw, *, drawn: bool) -> pt.RewardPlan:
    """``_factories.plans`` with a random timing, a wider budget and every region's agent."""
    plan = draw(plans)
    timing = draw(st.sampled_from(pt.RewardTiming))
    part = plan.participation
    if drawn and part is not None and timing is pt.RewardTiming.ON_SUCCESS:
        part = attrs.evolve(part, losers_only=False)  # losers-only needs AFTER_DRAW with a draw
    regional = plan.regional
    if regional is not None:
        agents = draw(st.lists(st.sampled_from(AGENTS), min_size=3, max_size=3))
        regional = pt.RegionalReward(
            bps=regional.bps,
            agents=tuple(zip(REGIONS, agents, strict=True)),
            require_agent=draw(st.booleans()),
        )
    budget = draw(st.none() | st.integers(0, 40_000).map(fen))
    return attrs.evolve(plan, participation=part, regional=regional, timing=timing, budget=budget)


def build_group(c, gid, opened, specs, members, *, expire):
    """Open ``gid`` and add ``members`` orders (specs cycled); expire it at its deadline."""
    group = None
    for n in range(1, members + 1):
        tokens, region, quantity = specs[(n - 1) % len(specs)]
        user = f"{gid}-u{n}"
        names = {"self": user, "lead": f"{gid}-u1"}
        command = pt.OpenGroup if group is None else pt.JoinGroup
        group, _ = pt.handle(
            c,
            group,
            command(
                group_id=gid,
                order_id=f"{gid}-o{n}",
                user_id=user,
                at=opened + timedelta(seconds=n),
                quantity=quantity,
                referral_chain=tuple(names.get(t, t) for t in tokens),
                region=region,
            ),
            CTX,
        )
    if expire and group.status is pt.GroupStatus.FORMING:
        group, _ = pt.handle(c, group, pt.ExpireGroup(group_id=gid, at=group.deadline))
    return group


@st.composite
def scenarios(draw):
    """``(campaign, groups)``: 2-4 groups of a normal or pinshang campaign; g0 is full."""
    drawn = draw(st.booleans())
    plan = draw(reward_plans(drawn=drawn))
    if drawn:
        c = pinshang(rewards=plan, virtual_completion=pt.VirtualCompletion(min_real_members=90))
        sizes = st.sampled_from((100, 96, 60))
    else:
        size = draw(st.integers(2, 5))
        c = normal_campaign(
            price=fen(draw(st.integers(1, 20_000))),
            group_size=size,
            rewards=plan,
            virtual_completion=pt.VirtualCompletion(
                min_real_members=draw(st.integers(1, size - 1))
            ),
        )
        sizes = st.integers(1, size)
    groups = [
        build_group(
            c,
            f"g{i}",
            at(10, draw(st.integers(0, 50))),
            draw(st.lists(member_specs, min_size=1, max_size=6)),
            c.group_size if i == 0 else draw(sizes),
            expire=draw(st.booleans()),
        )
        for i in range(draw(st.integers(2, 4)))
    ]
    return c, groups


def settle(c, groups, **plan_changes):
    if plan_changes:
        c = attrs.evolve(c, rewards=attrs.evolve(c.rewards, **plan_changes))
    return list(pt.settle_groups(c, groups, seed=SEED))


def line_of(x):
    """A PayReward or a RewardLine as (order id, beneficiary, kind, fen)."""
    return (x.order_id, x.beneficiary, x.kind, x.amount.amount)


def expected_lines(c, group, statements):
    """Independent model of what a closed group earns with no budget.

    Returns a Counter of (order id, beneficiary, kind, fen), plan lines and the
    draw's consolation prizes, and for the rate lines a map of (order id,
    beneficiary, kind) to (bps, base in fen).
    """
    plan, by_order = c.rewards, {s.order_id: s for s in statements}
    real = [o for o in group.members if not o.virtual]
    virtual = {o.user_id for o in group.members if o.virtual}
    on_success = plan.timing is pt.RewardTiming.ON_SUCCESS
    base = {
        o.order_id: o.paid.amount - (0 if on_success else by_order[o.order_id].refunded.amount)
        for o in real
    }
    lost = {oid for oid in base if by_order[oid].outcome is pt.Outcome.LOST}
    lines, rates = Counter(), {}

    def add(oid, to, reward, kind, money):
        if to in virtual:
            return
        if reward.bps is None:
            amount = reward.fixed.amount
        else:
            amount, rates[oid, to, kind] = reward.bps * money // 10_000, (reward.bps, money)
        if amount:
            lines[oid, to, kind, amount] += 1

    for o in real:
        oid, chain, p = o.order_id, o.referral_chain, plan.participation
        if oid in lost and c.draw.loser.cash_reward is not None:
            lines[oid, o.user_id, KIND.PARTICIPATION, c.draw.loser.cash_reward.amount] += 1
        if p is not None and (not p.losers_only or oid in lost):
            add(oid, o.user_id, pt.RewardAmount(fixed=p.amount), KIND.PARTICIPATION, 0)
        if plan.referral is not None:
            for referrer, reward in zip(chain, plan.referral.levels, strict=False):
                if referrer != o.user_id and chain.count(referrer) == 1:
                    add(oid, referrer, reward, KIND.REFERRAL, base[oid])
        if plan.regional is not None:
            agent = dict(plan.regional.agents)[o.region]
            add(oid, agent, pt.RewardAmount(bps=plan.regional.bps), KIND.REGIONAL, base[oid])
    if plan.team is not None:
        leader = next(o for o in real if o.order_id == group.leader_order_id)
        add(leader.order_id, leader.user_id, plan.team.amount, KIND.TEAM, sum(base.values()))
    return lines, rates


# --- examples ----------------------------------------------------------------------------


def test_seed_pinshang_with_referral_and_team_rewards_hand_computed():
    plan = RewardPlan(
        referral=ReferralReward(levels=(RewardAmount(bps=500),)),
        team=TeamReward(amount=RewardAmount(bps=100)),
    )
    c = pinshang(rewards=plan)
    group = full_group(c, 100, referred=frozenset(range(90, 100)))  # o90..o99 were referred
    s = settle_group(c, group, seed=SEED)
    # With this seed the winners are fixed: o94, o96 and o61.
    assert sorted(s.draw.winners) == ["g1-o61", "g1-o94", "g1-o96"]
    referral = sorted(
        (r.order_id, r.beneficiary, r.amount)
        for r in of(s, PayReward)
        if r.kind is RewardKind.REFERRAL
    )
    # 5% of a winner's net 99.00 is 4.95; referred losers were refunded: net 0.00, nothing.
    assert referral == [("g1-o94", "ref-94", cny("4.95")), ("g1-o96", "ref-96", cny("4.95"))]
    team = [(r.beneficiary, r.amount) for r in of(s, PayReward) if r.kind is RewardKind.TEAM]
    assert team == [("g1-u1", cny("2.97"))]  # 1% of net sales 3 x 99.00 = 297.00
    # 97 x 1.00 participation + 2 x 4.95 referral + 2.97 team = 109.87
    total = sum(r.amount.amount for r in of(s, PayReward))
    assert total == 10_987
    assert -balances(s.postings)[("promotion", CNY)] == 10_987
    assert s.captured == cny("297.00")  # rewards never come out of the merchant's money


def test_reward_timing_on_success_uses_paid_amounts_before_the_draw():
    plan = RewardPlan(
        referral=ReferralReward(levels=(RewardAmount(bps=500),)), timing=RewardTiming.ON_SUCCESS
    )
    c = pinshang(rewards=plan)
    s = settle_group(c, full_group(c, 100, referred=frozenset(range(90, 100))), seed=SEED)
    referral = [r for r in of(s, PayReward) if r.kind is RewardKind.REFERRAL]
    # on success, every referred order earns 5% of the 99.00 it paid, winner or not
    assert len(referral) == 10
    assert {r.amount for r in referral} == {cny("4.95")}


def test_rounding_left_by_rate_rewards_is_recorded():
    plan = RewardPlan(team=TeamReward(amount=RewardAmount(bps=333)))
    c = Campaign.normal(
        campaign_id="c1",
        product_id="p",
        price=cny("1.00"),
        group_size=3,
        time_limit=timedelta(hours=1),
        schedule=seed_schedule(),
        rewards=plan,
    )
    s = settle_group(c, full_group(c, 3))
    # 3.33% of 3.00 is 9.99 fen: 9 fen paid, 0.99 fen (9900 ten-thousandths) kept
    assert [r.amount for r in of(s, PayReward)] == [cny("0.09")]
    assert s.rounding_kept == 9_900
    assert campaign_pnl("CNY", [s]).rounding_kept == 9_900


def test_unknown_region_agent_stops_the_settlement() -> None:
    regional = RegionalReward(bps=200, agents=(("sh", "agent-sh"),), require_agent=True)
    c = normal_campaign(rewards=RewardPlan(regional=regional))
    group = full_group(c, 3)  # no order names a region
    with pytest.raises(ConfigurationError) as info:
        settle_group(c, group)
    check_error(info, ConfigurationError, "region")
    assert "unknown region agent" in str(info.value)


@pytest.mark.parametrize("seat", ["virtual:g1:1", "virtual:g2:1"])
def test_a_referral_chain_naming_a_virtual_seat_is_refused(seat):
    """Virtual seats never receive anything, so no chain may name one (invariant 7)."""
    plan = pt.RewardPlan(referral=pt.ReferralReward(levels=(pt.RewardAmount(fixed=cny("1.00")),)))
    c = normal_campaign(
        group_size=2, rewards=plan, virtual_completion=pt.VirtualCompletion(min_real_members=1)
    )
    g1 = build_group(c, "g1", at(10), [((), "sh", 1)], 1, expire=True)
    assert [o.user_id for o in g1.members if o.virtual] == ["virtual:g1:1"]
    with pytest.raises(pt.InvalidValue) as info:
        build_group(c, "g2", at(10), [((), "sh", 1), ((seat,), "sh", 1)], 2, expire=False)
    assert info.value.field == "referral_chain"
    assert "virtual seats, never referrers" in str(info.value)
    with pytest.raises(pt.InvalidValue):
        attrs.evolve(g1.orders[0], referral_chain=("r0", seat))


# --- properties --------------------------------------------------------------------------


@settings(max_examples=40)
@given(scenarios())
def test_budget_ledger_beneficiaries_and_skipped_lines(scenario):
    c, groups = scenario
    plan, by_id = c.rewards, {g.group_id: g for g in groups}
    settled = settle(c, groups)
    free = {s.group_id: s for s in settle(c, groups, budget=None)}
    bare = {
        s.group_id: s for s in pt.settle_groups(attrs.evolve(c, rewards=None), groups, seed=SEED)
    }
    virtual = {o.user_id for g in groups for o in g.members if o.virtual}
    rewards = [e for s in settled for e in of(s, pt.PayReward)]
    total = sum(e.amount.amount for e in rewards)
    # Invariant 4: rewards only from the promotion budget, never above it.
    if plan.budget is not None:
        assert total <= plan.budget.amount
        assert settled[-1].budget_left == fen(plan.budget.amount - total)
    postings = [p for s in settled for p in s.postings]
    books = pt.balances(postings)
    assert books.get((PROMOTION, "CNY"), 0) == -total
    per_currency = Counter()
    for (_, currency), value in books.items():
        per_currency[currency] += value
    assert all(v == 0 for v in per_currency.values())  # invariant 1
    for p in postings:  # promotion money only goes to reward wallets, and only it does
        assert (p.source == PROMOTION) == p.destination.startswith("wallet:")
    to_wallets = Counter()
    for e in rewards:
        to_wallets[wallet(e.beneficiary)] += e.amount.amount
    assert {a: v for (a, _), v in books.items() if a.startswith("wallet:")} == dict(to_wallets)
    keys = [x.key for s in settled for x in (*s.effects, *s.postings)]
    assert len(keys) == len(set(keys))
    for s in settled:
        group, unbudgeted = by_id[s.group_id], free[s.group_id]
        buyer = {o.order_id: o.user_id for o in group.orders}
        for e in of(s, pt.PayReward):
            assert e.beneficiary not in virtual  # invariant 7
            assert e.kind is not KIND.REFERRAL or e.beneficiary != buyer[e.order_id]
        # Rewards are never refunds: the refunds are those of the campaign without rewards.
        assert of(s, pt.Refund) == of(bare[s.group_id], pt.Refund)
        for statement in s.statements:
            waits = statement.paid if statement.outcome is pt.Outcome.WAITING else fen(0)
            assert statement.paid == statement.refunded + statement.captured + waits
            refunds = [
                r.amount.amount for r in of(s, pt.Refund) if r.order_id == statement.order_id
            ]
            assert sum(refunds) == statement.refunded.amount
        # Paid + skipped = what the plan pays without a budget = the model's lines.
        paid = Counter(map(line_of, of(s, pt.PayReward)))
        skipped = Counter(map(line_of, s.skipped_rewards))
        assert paid + skipped == Counter(map(line_of, of(unbudgeted, pt.PayReward)))
        assert set(of(s, pt.PayReward)) <= set(of(unbudgeted, pt.PayReward))
        if group.status is CLOSED:
            model, _ = expected_lines(c, group, unbudgeted.statements)
            assert Counter(map(line_of, of(unbudgeted, pt.PayReward))) == model
        else:
            assert not of(unbudgeted, pt.PayReward)
        assert not s.skipped_rewards or plan.budget is not None
        if plan.budget is not None and plan.budget_policy is pt.BudgetPolicy.CAP:
            left = settled[-1].budget_left.amount  # CAP skips a line only if it did not fit
            assert all(line.amount.amount > left for line in s.skipped_rewards)


@settings(max_examples=25)
@given(scenarios(), st.randoms(use_true_random=False))
def test_shuffling_the_groups_changes_no_settlement(scenario, rnd):
    c, groups = scenario
    first = {s.group_id: s for s in settle(c, groups)}
    shuffled = list(groups)
    rnd.shuffle(shuffled)
    assert {s.group_id: s for s in settle(c, shuffled)} == first
    assert {s.group_id: s for s in settle(c, tuple(reversed(groups)))} == first
    assert {s.group_id: s for s in settle(c, groups)} == first


@settings(max_examples=30)
@given(scenarios(), st.data())
def test_clawback_takes_back_exactly_the_returned_orders_rewards(scenario, data):
    c, groups = scenario
    s = data.draw(st.sampled_from([x for x in settle(c, groups) if x.status is CLOSED]))
    returnable = [x for x in s.statements if x.captured.amount > 0]
    tied_to = {e.order_id for e in of(s, pt.PayReward)}
    rewarded = [x for x in returnable if x.order_id in tied_to]
    pool = rewarded if rewarded and data.draw(st.booleans()) else returnable
    statement = data.draw(st.sampled_from(pool))
    oid, amount = statement.order_id, fen(data.draw(st.integers(1, statement.captured.amount)))
    after = pt.refund_after_success(s, order_id=oid, amount=amount, return_id="r")
    n = len(s.effects)
    assert after.effects[:n] == s.effects
    assert after.postings[: len(s.postings)] == s.postings
    claws = [e for e in after.effects[n:] if isinstance(e, pt.ClawBack)]
    others = [e for e in after.effects[n:] if not isinstance(e, pt.ClawBack)]
    assert [(type(e), e.order_id, e.amount, e.reason) for e in others] == [
        (pt.Refund, oid, amount, pt.RefundReason.RETURNED)
    ]
    tied = {e.key: e for e in of(s, pt.PayReward) if e.order_id == oid}
    assert len(claws) == len(tied)
    assert {e.reward_key for e in claws} == set(tied)
    clawed = Counter()
    for e in claws:
        reward = tied[e.reward_key]
        assert (e.order_id, e.beneficiary, e.amount, e.kind) == (
            reward.order_id,
            reward.beneficiary,
            reward.amount,
            reward.kind,
        )
        clawed[wallet(e.beneficiary)] += e.amount.amount
    before_books, after_books = pt.balances(s.postings), pt.balances(after.postings)
    for account, currency in set(before_books) | set(after_books):
        if account.startswith("wallet:"):
            was = before_books.get((account, currency), 0)
            assert after_books.get((account, currency), 0) == was - clawed[account]
    promotion = (PROMOTION, "CNY")
    assert after_books.get(promotion, 0) == before_books.get(promotion, 0) + clawed.total()
    assert sum(after_books.values()) == 0
    updated = next(x for x in after.statements if x.order_id == oid)
    assert (updated.refunded, updated.captured) == (
        statement.refunded + amount,
        statement.captured - amount,
    )
    assert pt.refund_after_success(after, order_id=oid, amount=amount, return_id="r") == after


@settings(max_examples=40)
@given(scenarios())
def test_rate_rewards_round_down_and_keep_the_dropped_part(scenario):
    c, groups = scenario
    by_id = {g.group_id: g for g in groups}
    for s in settle(c, groups):
        if s.status is not CLOSED:
            assert (s.rounding_kept, of(s, pt.PayReward)) == (0, [])
            continue
        _, rates = expected_lines(c, by_id[s.group_id], s.statements)
        kept = 0
        for e in of(s, pt.PayReward):
            if (e.order_id, e.beneficiary, e.kind) in rates:
                bps, base = rates[e.order_id, e.beneficiary, e.kind]
                assert e.amount.amount == bps * base // 10_000  # floor: no fen lost or invented
                kept += bps * base - e.amount.amount * 10_000
        assert s.rounding_kept == kept  # only paid lines' remainders, in 1/10000 fen
        for line in s.skipped_rewards:
            if (line.order_id, line.beneficiary, line.kind) in rates:
                bps, base = rates[line.order_id, line.beneficiary, line.kind]
                assert line.amount.amount * 10_000 + line.dropped_remainder == bps * base


def test_reward_timing_on_success_pays_while_the_campaign_end_draw_is_pending():
    plan = RewardPlan(team=TeamReward(amount=RewardAmount(fixed=cny("1.00"))),
                      timing=RewardTiming.ON_SUCCESS)  # fmt: skip
    c = attrs.evolve(campaign_end_lottery(), rewards=plan)
    group = full_group(c, 2)
    assert group.status is CLOSED
    s = settle_group(c, group)  # no winners yet
    assert {st.outcome for st in s.statements} == {pt.Outcome.WAITING}
    assert [(r.order_id, r.beneficiary, r.amount, r.kind) for r in of(s, PayReward)] == [
        ("g1-o1", "g1-u1", cny("1.00"), KIND.TEAM)
    ]
