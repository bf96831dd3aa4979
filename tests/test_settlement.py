"""Settlement of normal groups: effects, postings, statements, notifications and keys."""

from __future__ import annotations

from collections import defaultdict

import pytest

import pintuan as pt
from _factories import CNY, SEED, at, campaign, join_cmd, lottery_with, open_cmd, run_commands
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
    settle_group,
    settle_groups,
    summarize,
)
from pintuan._keys import idempotency_key
from pintuan.errors import InvalidValue


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


def test_keys_do_not_depend_on_when_settlement_runs():
    c = campaign(capacity=4)
    g = run_commands(c, open_cmd(), join_cmd(2), join_cmd(3))
    later = run_commands(c, open_cmd(), join_cmd(2), join_cmd(3), join_cmd(4))
    first = {e.key for e in settle_group(c, g).effects}
    second = {e.key for e in settle_group(c, later).effects}
    assert first < second  # settling again later only adds the new order's effects


def test_a_service_can_recompute_every_settlement_key():
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
