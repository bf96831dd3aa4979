"""Settlement of normal groups, and the invariants of GUIDE section 7."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from _factories import CNY, at, campaign, command_logs, join_cmd, open_cmd, run_commands
from pintuan import (
    Capture,
    ExpireGroup,
    LeaveGroup,
    Money,
    Outcome,
    Refund,
    RefundReason,
    Ship,
    VirtualCompletion,
    balances,
    settle_group,
    settle_groups,
    summarize,
)
from pintuan.errors import InvalidValue
from pintuan.replay import replay


def test_success_captures_and_ships_every_order():
    c = campaign()
    s = settle_group(c, run_commands(c, open_cmd(), join_cmd(2, quantity=2), join_cmd(3)))
    captures = [e for e in s.effects if isinstance(e, Capture)]
    ships = [e for e in s.effects if isinstance(e, Ship)]
    assert [(e.order_id, e.amount) for e in captures] == [
        ("g1-o1", Money.parse("99.00 CNY")),
        ("g1-o2", Money.parse("198.00 CNY")),
        ("g1-o3", Money.parse("99.00 CNY")),
    ]
    assert [(e.order_id, e.quantity, e.product_id) for e in ships] == [
        ("g1-o1", 1, "sku-1"),
        ("g1-o2", 2, "sku-1"),
        ("g1-o3", 1, "sku-1"),
    ]
    assert not [e for e in s.effects if isinstance(e, Refund)]
    assert s.captured == Money.parse("396.00 CNY") == s.paid
    assert {st.outcome for st in s.statements} == {Outcome.SHIPPED}
    assert "captured" in s.statements[0].text


def test_regression_expiry_refunds_each_member_by_their_own_order():
    # One shipped system refunded every member using the leader's order id.
    c = campaign()
    group = run_commands(c, open_cmd(), join_cmd(2), ExpireGroup(group_id="g1", at=at(12, 5)))
    refunds = [e for e in settle_group(c, group).effects if isinstance(e, Refund)]
    assert sorted(r.order_id for r in refunds) == ["g1-o1", "g1-o2"]
    assert {r.reason for r in refunds} == {RefundReason.GROUP_FAILED}
    assert len({r.key for r in refunds}) == 2
    statement = settle_group(c, group).statements[0]
    assert statement.outcome is Outcome.REFUNDED
    assert "did not reach 3 members" in statement.text


def test_leaver_is_refunded_while_the_rest_wait():
    c = campaign()
    group = run_commands(
        c, open_cmd(), join_cmd(2), LeaveGroup(group_id="g1", order_id="g1-o2", at=at(10, 30))
    )
    s = settle_group(c, group)
    (refund,) = [e for e in s.effects if isinstance(e, Refund)]
    assert (refund.order_id, refund.reason) == ("g1-o2", RefundReason.LEFT_GROUP)
    outcomes = {st.order_id: st.outcome for st in s.statements}
    assert outcomes == {"g1-o1": Outcome.WAITING, "g1-o2": Outcome.REFUNDED}
    assert not [e for e in s.effects if isinstance(e, Ship | Capture)]  # waiting: never shipped
    assert summarize(CNY, [s]).in_escrow == Money.parse("99.00 CNY")


def test_virtual_members_never_pay_or_receive_anything():
    c = campaign(group_size=4, virtual_completion=VirtualCompletion(min_real_members=2))
    group = run_commands(c, open_cmd(), join_cmd(2), ExpireGroup(group_id="g1", at=at(12, 5)))
    s = settle_group(c, group)
    virtual = {o.order_id for o in group.orders if o.virtual}
    assert len(virtual) == 2
    assert not [e for e in s.effects if e.order_id in virtual]
    assert not [p for p in s.postings if p.order_id in virtual]
    assert {st.outcome for st in s.statements if st.order_id in virtual} == {Outcome.VIRTUAL}


def test_settling_a_group_of_another_campaign_is_refused():
    c = campaign()
    group = run_commands(c, open_cmd())
    with pytest.raises(InvalidValue) as info:
        settle_group(campaign(campaign_id="c2"), group)
    assert info.value.field == "group.campaign_id"


def test_settle_groups_is_lazy():
    c = campaign()

    def groups():
        yield run_commands(c, open_cmd())
        raise AssertionError("pulled past the first group")

    stream = settle_groups(c, groups())
    assert next(stream).group_id == "g1"


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


def test_keys_do_not_depend_on_when_settlement_runs():
    c = campaign(capacity=4)
    g = run_commands(c, open_cmd(), join_cmd(2), join_cmd(3))
    later = run_commands(c, open_cmd(), join_cmd(2), join_cmd(3), join_cmd(4))
    first = {e.key for e in settle_group(c, g).effects}
    second = {e.key for e in settle_group(c, later).effects}
    assert first < second  # settling again later only adds the new order's effects


def test_a_service_can_recompute_every_settlement_key():
    from pintuan._keys import idempotency_key

    c = campaign()
    group = run_commands(c, open_cmd(), join_cmd(2), ExpireGroup(group_id="g1", at=at(12, 5)))
    s = settle_group(c, group)
    for e in s.effects:
        if isinstance(e, Refund):
            assert e.key == idempotency_key(
                "refund", c.campaign_id, group.group_id, e.order_id, detail=e.reason.value
            )
    for p in s.postings:
        assert p.key == idempotency_key(
            "post", c.campaign_id, group.group_id, p.order_id, detail=p.memo
        )


def test_a_free_leader_settles_without_zero_postings():
    c = campaign(leader_price=Money.parse("0.00 CNY"))
    group = run_commands(c, open_cmd(), join_cmd(2), join_cmd(3))
    s = settle_group(c, group)
    assert all(p.amount.amount > 0 for p in s.postings)
    assert not [e for e in s.effects if isinstance(e, Capture) and e.order_id == "g1-o1"]
    assert [e.order_id for e in s.effects if isinstance(e, Ship)] == ["g1-o1", "g1-o2", "g1-o3"]
    assert s.captured == Money.parse("198.00 CNY")
