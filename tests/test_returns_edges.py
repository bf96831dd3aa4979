"""Edges of returns after success: the updated statement, and every refusal with its value.

The settlement is ``rewarded_settlement``: three orders of 100.00 CNY, a 5%
referral reward of 5.00 on g1-o2 and a 1% team reward of 3.00 on the
leader's order g1-o1; g1-o3 earned no reward.
"""

from __future__ import annotations

import attrs
import pytest

import pintuan as pt
from _factories import (
    check_error,
    cny,
    full_group,
    rewarded_campaign,
    rewarded_settlement,
)
from pintuan._keys import idempotency_key
from pintuan.errors import InvalidValue, MoneyError

HEAD = "The group succeeded with 3 paying member(s)."


def _settled():
    return rewarded_settlement()[2]


def _statement(settlement, order_id):
    (st,) = [s for s in settlement.statements if s.order_id == order_id]
    return st


def test_a_return_takes_back_the_orders_rewards_and_says_so():
    after = pt.refund_after_success(
        _settled(), order_id="g1-o2", amount=cny("100.00"), return_id="r1"
    )
    st = _statement(after, "g1-o2")
    assert (st.refunded, st.captured, st.rewards) == (cny("100.00"), cny("0.00"), cny("0.00"))
    assert st.reason == (
        f"{HEAD} The product was returned (r1): 100.00 CNY refunded, "
        "5.00 CNY of rewards taken back."
    )


def test_a_partial_return_of_an_order_without_rewards():
    after = pt.refund_after_success(
        _settled(), order_id="g1-o3", amount=cny("30.00"), return_id="r2"
    )
    st = _statement(after, "g1-o3")
    assert (st.refunded, st.captured, st.rewards) == (cny("30.00"), cny("70.00"), None)
    assert st.reason == f"{HEAD} The product was returned (r2): 30.00 CNY refunded."
    assert not [e for e in after.effects if isinstance(e, pt.ClawBack)]


def test_the_leaders_return_takes_back_the_team_reward_only_once():
    once = pt.refund_after_success(
        _settled(), order_id="g1-o1", amount=cny("10.00"), return_id="r3"
    )
    st = _statement(once, "g1-o1")
    assert st.rewards == cny("0.00")
    assert st.reason.endswith("10.00 CNY refunded, 3.00 CNY of rewards taken back.")
    assert (
        pt.refund_after_success(once, order_id="g1-o1", amount=cny("10.00"), return_id="r3") is once
    )  # the same return again changes nothing


@pytest.mark.parametrize(
    ("order_id", "rule"),
    [("o9", "is not an order of group g1")],
)
def test_a_return_of_an_unknown_order_is_refused(order_id, rule):
    with pytest.raises(InvalidValue) as info:
        pt.refund_after_success(_settled(), order_id=order_id, amount=cny("1.00"), return_id="r")
    check_error(info, InvalidValue, "order_id")
    assert (info.value.value, info.value.rule) == (order_id, rule)


def test_a_return_of_an_order_not_settled_as_a_success_is_refused():
    settlement = _settled()
    refunded = attrs.evolve(
        settlement,
        statements=tuple(
            attrs.evolve(s, outcome=pt.Outcome.REFUNDED) if s.order_id == "g1-o3" else s
            for s in settlement.statements
        ),
    )
    with pytest.raises(InvalidValue) as info:
        pt.refund_after_success(refunded, order_id="g1-o3", amount=cny("1.00"), return_id="r")
    check_error(info, InvalidValue, "order_id")
    assert (info.value.value, info.value.rule) == ("g1-o3", "is refunded, not settled as a success")


def test_only_a_closed_group_refunds_later():
    c = rewarded_campaign()
    forming = pt.settle_group(c, full_group(c, 3, stop=1))
    with pytest.raises(InvalidValue) as info:
        pt.refund_after_success(forming, order_id="g1-o1", amount=cny("1.00"), return_id="r")
    check_error(info, InvalidValue, "settlement.status")
    assert info.value.value == "forming"
    assert info.value.rule == (
        "only a group that succeeded and closed (its final price and draw fixed) refunds later"
    )


@pytest.mark.parametrize("return_id", ["", 7])
def test_a_return_id_is_a_non_empty_string(return_id):
    with pytest.raises(InvalidValue) as info:
        pt.refund_after_success(
            _settled(), order_id="g1-o1", amount=cny("1.00"), return_id=return_id
        )
    assert (info.value.field, info.value.value) == ("return_id", return_id)
    assert info.value.rule == "must be a non-empty string"


@pytest.mark.parametrize("amount", [pt.Money.parse("1.00 USD"), "1.00 CNY"])
def test_a_return_amount_is_money_in_the_settlements_currency(amount):
    with pytest.raises(MoneyError) as info:
        pt.refund_after_success(_settled(), order_id="g1-o1", amount=amount, return_id="r")
    assert (info.value.field, info.value.value) == ("amount", amount)
    assert info.value.rule == "must be Money in CNY"


@pytest.mark.parametrize(
    ("amount", "rule"),
    [
        (cny("0.00"), "a refund must be greater than zero"),
        (cny("100.01"), "exceeds what was paid and not yet refunded (100.00 CNY)"),
    ],
)
def test_a_return_amount_is_positive_and_at_most_what_was_kept(amount, rule):
    with pytest.raises(InvalidValue) as info:
        pt.refund_after_success(_settled(), order_id="g1-o1", amount=amount, return_id="r")
    assert (info.value.field, info.value.value, info.value.rule) == ("amount", str(amount), rule)


def test_a_return_id_is_not_reused_with_another_amount_or_for_a_second_return():
    once = pt.refund_after_success(_settled(), order_id="g1-o3", amount=cny("5.00"), return_id="r1")
    with pytest.raises(InvalidValue) as info:
        pt.refund_after_success(once, order_id="g1-o3", amount=cny("6.00"), return_id="r1")
    assert (info.value.field, info.value.value) == ("amount", "6.00 CNY")
    assert info.value.rule == (
        "return 'r1' was already applied with 5.00 CNY; "
        "a return id cannot be reused with another amount"
    )
    with pytest.raises(InvalidValue) as info:
        pt.refund_after_success(once, order_id="g1-o3", amount=cny("5.00"), return_id="r2")
    assert (info.value.field, info.value.value) == ("return_id", "r2")
    assert info.value.rule == (
        "order g1-o3 was already refunded for a return (5.00 CNY); "
        "an order is refunded at most once for the same reason"
    )


@pytest.mark.parametrize("order_id", ["", 7, None])
def test_a_returned_order_id_is_a_non_empty_string(order_id):
    with pytest.raises(InvalidValue) as info:
        pt.refund_after_success(_settled(), order_id=order_id, amount=cny("1.00"), return_id="r1")
    check_error(info, InvalidValue, "order_id")
    assert (info.value.value, info.value.rule) == (order_id, "must be a non-empty string")


def test_a_return_id_with_a_lone_surrogate_still_makes_the_refunds_key():
    return_id = "r\ud800"  # a str, though not encodable as strict UTF-8
    after = pt.refund_after_success(
        _settled(), order_id="g1-o2", amount=cny("1.00"), return_id=return_id
    )
    (refund,) = [
        e for e in after.effects
        if isinstance(e, pt.Refund) and e.reason is pt.RefundReason.RETURNED
    ]  # fmt: skip
    assert refund.key == idempotency_key(
        "refund", "c1", "g1", "g1-o2", detail=f"returned:{return_id}"
    )
