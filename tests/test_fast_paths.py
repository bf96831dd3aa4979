"""The private fast paths build exactly what the checked paths build.

Hot paths skip checks that have already run: :func:`pintuan.handle` applies
the events :func:`pintuan.decide` made with ``evolve_decided``, events and
ledger values the library derives are built with ``unchecked`` constructors,
and money arithmetic skips the constructor's checks once the result's range
is checked. Each must give values equal to the checked path's.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from _factories import CTX, FEW, at, aware_datetimes, campaign, campaigns, join_cmd, open_cmd
from pintuan import (
    Capture,
    CommandRejected,
    Group,
    GroupClosed,
    GroupSucceeded,
    MemberJoined,
    Money,
    MoneyError,
    Notify,
    Outcome,
    PayReward,
    Posting,
    Refund,
    RefundReason,
    RewardKind,
    RewardLine,
    Ship,
    Statement,
    decide,
    evolve,
    handle,
)
from pintuan import _validators as v
from pintuan.money import MAX_AMOUNT
from pintuan.testing import command_logs


def _fields(value: object) -> dict[str, object]:
    return {a.name: getattr(value, a.name) for a in attrs.fields(type(value))}


def test_unchecked_equals_the_checked_constructor() -> None:
    c = campaign()
    group, _ = handle(c, None, open_cmd(1, at(10)))
    order = group.leader
    values = [
        MemberJoined(group_id="g1", at=at(10, 5), order=order, version=2),
        MemberJoined(group_id="g1", at=at(10, 5), order=order),
        GroupSucceeded(group_id="g1", at=at(10, 6), version=3),
        GroupClosed(group_id="g1", at=at(10, 7)),
        Money(amount=-5, currency="JPY"),
        order,
        Posting(key="k", source="escrow", destination="merchant", amount=order.paid,
                memo="capture", order_id=order.order_id),
        RewardLine(order_id=order.order_id, beneficiary=order.user_id, amount=order.paid,
                   kind=RewardKind.PARTICIPATION),
    ]  # fmt: skip
    values += [
        Capture(key="k", group_id="g1", order_id="o1", amount=order.paid),
        Refund(key="k", group_id="g1", order_id="o1", amount=order.paid,
               reason=RefundReason.DRAW),
        Ship(key="k", group_id="g1", order_id="o1", product_id="p", quantity=2),
        Notify(key="k", group_id="g1", order_id="o1", user_id="u1", topic="draw_lost"),
        PayReward(key="k", group_id="g1", order_id="o1", beneficiary="u1", amount=order.paid,
                  kind=RewardKind.PRIZE),
        Statement(order_id="o1", user_id="u1", group_id="g1", outcome=Outcome.LOST,
                  paid=order.paid, refunded=order.paid, captured=order.paid * 0, reason="r"),
        _Plain(a=1, b="x"),
    ]  # fmt: skip
    for value in values:
        made = v.unchecked(type(value))(**_fields(value))
        assert type(made) is type(value)
        assert made == value
        assert repr(made) == repr(value)
        assert hash(made) == hash(value)


@attrs.frozen(kw_only=True, slots=False)
class _Plain:
    """Not slotted: unchecked sets its fields with object.__setattr__."""

    a: int = attrs.field(validator=attrs.validators.gt(0))
    b: str = "y"


@attrs.frozen(kw_only=True)
class _TakesSelf:
    a: int
    b: int = attrs.field(default=attrs.Factory(lambda self: self.a, takes_self=True))


def test_unchecked_fills_factory_defaults_and_refuses_those_taking_self() -> None:
    group = open_group()
    made = v.unchecked(Group)(**{k: x for k, x in _fields(group).items() if k != "departed"})
    assert made == group
    assert made.departed == group.departed
    with pytest.raises(TypeError, match="b"):
        v.unchecked(_TakesSelf)


def open_group() -> Group:
    return handle(campaign(), None, open_cmd(1, at(10)))[0]


@given(st.integers(-(10**12), 10**12), st.integers(-(10**12), 10**12), st.integers(0, 10**4))
def test_money_arithmetic_equals_checked_money(a: int, b: int, k: int) -> None:
    x, y = Money(amount=a, currency="CNY"), Money(amount=b, currency="CNY")
    assert x + y == Money(amount=a + b, currency="CNY")
    assert x - y == Money(amount=a - b, currency="CNY")
    assert -x == Money(amount=-a, currency="CNY")
    assert x * k == Money(amount=a * k, currency="CNY")
    assert type(x + y) is Money


def test_money_arithmetic_still_refuses_out_of_range_results() -> None:
    top = Money(amount=MAX_AMOUNT, currency="CNY")
    one = Money(amount=1, currency="CNY")
    for result in (lambda: top + one, lambda: -top - one, lambda: top * 2):
        with pytest.raises(MoneyError):
            result()
    assert (top + -one).amount == MAX_AMOUNT - 1


@FEW
@given(st.data())
def test_handle_equals_decide_then_evolve(data: st.DataObject) -> None:
    c = data.draw(campaigns())
    log = data.draw(command_logs(c))
    fast: dict[str, Group] = {}
    slow: dict[str, Group] = {}
    for command in log.commands:
        gid = command.group_id
        try:
            events = decide(c, slow.get(gid), command, CTX)
        except CommandRejected:
            with pytest.raises(CommandRejected):
                handle(c, fast.get(gid), command, CTX)
            continue
        group = slow.get(gid)
        for event in events:
            group = evolve(group, event)
        assert group is not None
        slow[gid] = group
        fast[gid], fast_events = handle(c, fast.get(gid), command, CTX)
        assert fast_events == events
        assert fast[gid] == slow[gid]
        assert _fields(fast[gid]) == _fields(slow[gid])
        assert fast[gid].orders == slow[gid].orders
    assert fast.keys() == slow.keys()


def test_handle_equals_evolve_across_success_and_close() -> None:
    c = campaign()  # the seed campaign: size 3, capacity 3
    base = at(10)
    commands = [open_cmd(1, base)] + [join_cmd(n, base + timedelta(minutes=n)) for n in (2, 3)]
    group = slow = None
    for command in commands:
        events = decide(c, slow, command, CTX)
        for event in events:
            slow = evolve(slow, event)
        group, _ = handle(c, group, command, CTX)
        assert group == slow
        assert group.updated_at == slow.updated_at
    assert group is not None
    assert slow is not None
    assert group.status is slow.status
    assert group.closed_at == slow.closed_at


@FEW
@given(st.data())
def test_schedule_memo_answers_as_a_fresh_schedule(data: st.DataObject) -> None:
    c = data.draw(campaigns())
    schedule = c.schedule
    near = aware_datetimes(
        min_value=datetime.combine(schedule.start_date, time()) - timedelta(days=2),
        max_value=datetime.combine(schedule.end_date, time()) + timedelta(days=2),
    )  # mostly the campaign's own days, whose spans the memo keeps
    instants = data.draw(st.lists(near | aware_datetimes(), min_size=1, max_size=20))
    for instant in instants * 2:  # the second pass reads the memo
        fresh = attrs.evolve(schedule)  # the same fields, an empty memo
        assert schedule.is_open(instant) == fresh.is_open(instant)
        assert schedule.window_at(instant) == fresh.window_at(instant)
    days = schedule.end_date.toordinal() - schedule.start_date.toordinal() + 1
    assert len(schedule._near) <= days  # only the campaign's own days are kept
