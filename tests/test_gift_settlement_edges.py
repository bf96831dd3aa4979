"""Edges of gift and prize settlement: every gift effect's fields and key, refusals
with their values, and the words of a drawn order's statement.

Keys are recomputed with ``idempotency_key(kind, campaign, group, order,
detail=...)``, the scheme a service uses to find an effect again.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

import pintuan as pt
from _factories import (
    campaign_end_lottery,
    check_error,
    cny,
    full_group,
    lottery,
    of,
    order,
    policy,
    seed_schedule,
)
from pintuan._keys import idempotency_key
from pintuan.errors import InvalidValue
from pintuan.settlement import gift_lines

PLAN = pt.GiftPlan(
    points=5,
    coupon=pt.Coupon(system_id="cpn-1"),
    item=pt.GiftItem(product_id="cup", quantity=2),
)


def _gift_campaign(plan: pt.GiftPlan = PLAN) -> pt.Campaign:
    return pt.Campaign.gift(
        campaign_id="c1",
        product_id="p",
        price=cny("10.00"),
        group_size=2,
        time_limit=timedelta(hours=1),
        schedule=seed_schedule(),
        gifts=plan,
    )


def test_every_gift_effect_names_its_group_order_buyer_and_key():
    c = _gift_campaign()
    group = full_group(c, 2)
    s = pt.settle_group(c, group)
    points, coupons, items = (of(s, k) for k in (pt.AwardPoints, pt.IssueCoupon, pt.ShipGift))
    assert [(e.order_id, e.user_id, e.points) for e in points] == [
        ("g1-o1", "g1-u1", 5),
        ("g1-o2", "g1-u2", 5),
    ]
    assert [(e.order_id, e.user_id, e.coupon) for e in coupons] == [
        ("g1-o1", "g1-u1", PLAN.coupon),
        ("g1-o2", "g1-u2", PLAN.coupon),
    ]
    assert [(e.order_id, e.product_id, e.quantity) for e in items] == [
        ("g1-o1", "cup", 2),
        ("g1-o2", "cup", 2),
    ]
    for e in (*points, *coupons, *items):
        assert e.group_id == "g1"
    for e in points:
        assert e.key == idempotency_key("points", "c1", "g1", e.order_id, detail="gift")
    for e in coupons:
        assert e.key == idempotency_key("coupon", "c1", "g1", e.order_id, detail="gift")
    for e in items:
        assert e.key == idempotency_key("gift", "c1", "g1", e.order_id)


def test_gift_lines_refuse_what_is_not_a_plan_with_its_value():
    with pytest.raises(InvalidValue) as info:
        gift_lines({"points": 5}, [order("o1", "u1")], "u1", True)
    check_error(info, InvalidValue, "plan")
    assert (info.value.value, info.value.rule) == ({"points": 5}, "must be a GiftPlan")


def test_a_failed_group_gets_no_gifts():
    assert gift_lines(PLAN, [order("o1", "u1")], "u1", False) == ()


def _end_of_campaign():
    c = campaign_end_lottery()
    group = full_group(c, c.group_size)
    return c, group


@pytest.mark.parametrize("winners", ["g1-o1", b"g1-o1", ["g1-o1", ""], [1]])
def test_campaign_end_winners_are_a_collection_of_order_ids(winners):
    c, group = _end_of_campaign()
    with pytest.raises(InvalidValue) as info:
        pt.settle_group(c, group, winners=winners)
    check_error(info, InvalidValue, "winners")
    assert info.value.value == winners
    assert info.value.rule == "must be a collection of order ids (not a string)"


def test_campaign_end_winners_are_at_most_the_prizes():
    c, group = _end_of_campaign()
    # Winners are campaign-wide: ids of other groups' orders count too.
    too_many = [f"o{n}" for n in range(c.draw.prizes + 1)]
    with pytest.raises(InvalidValue) as info:
        pt.settle_group(c, group, winners=too_many)
    assert (info.value.field, info.value.value) == ("winners", c.draw.prizes + 1)
    assert info.value.rule == f"more winners than the draw's {c.draw.prizes} prizes"


def test_a_loser_who_keeps_nothing_is_told_only_the_refund():
    c = lottery(price=cny("10.00"), group_size=2, draw=policy(prizes=1))
    group = full_group(c, 2)
    s = pt.settle_group(c, group, seed=bytes(range(32)))
    won = [st for st in s.statements if st.outcome is pt.Outcome.WON]
    lost = [st for st in s.statements if st.outcome is pt.Outcome.LOST]
    assert len(won) == len(lost) == 1
    assert lost[0].text.endswith(" 10.00 CNY is refunded to the original payment.")
    assert "merchant keeps" not in lost[0].text
    assert won[0].text.endswith("The merchant keeps 10.00 CNY.")


def test_a_loser_refunded_in_part_is_told_both_amounts():
    half_back = pt.Prize(ship=False, refund_bps=5000)
    c = lottery(price=cny("10.00"), group_size=2, draw=policy(prizes=1, loser=half_back))
    s = pt.settle_group(c, full_group(c, 2), seed=bytes(range(32)))
    (lost,) = [st for st in s.statements if st.outcome is pt.Outcome.LOST]
    assert (lost.refunded, lost.captured) == (cny("5.00"), cny("5.00"))
    assert lost.text.endswith(
        " 5.00 CNY is refunded to the original payment. The merchant keeps 5.00 CNY."
    )


def test_a_closed_group_waits_for_the_campaign_end_draw():
    c, group = _end_of_campaign()  # full, so closed at once
    assert group.status is pt.GroupStatus.CLOSED
    s = pt.settle_group(c, group)  # no winners yet
    assert {st.outcome for st in s.statements} == {pt.Outcome.WAITING}
    assert all(
        st.reason == "The group succeeded; the draw takes place at the campaign's end."
        for st in s.statements
    )


def test_a_succeeded_group_with_seats_left_waits_for_its_draw_until_it_closes():
    c = lottery(price=cny("10.00"), group_size=2, draw=policy(prizes=1), capacity=3)
    group = full_group(c, 2)
    assert group.status is pt.GroupStatus.SUCCEEDED
    s = pt.settle_group(c, group, seed=bytes(range(32)))
    assert [st.reason for st in s.statements] == [
        "The group succeeded; the draw takes place when it closes "
        "(at the latest 2020-07-01T11:00:00+08:00)."
    ] * 2


def test_a_forming_group_says_how_many_members_it_has():
    c = lottery(price=cny("10.00"), group_size=3, draw=policy(prizes=1))
    s = pt.settle_group(c, full_group(c, 3, stop=1), seed=bytes(range(32)))
    assert {st.reason for st in s.statements} == {
        "The group has 2 of 3 members and is open until 2020-07-01T11:00:00+08:00."
    }


def test_a_drawn_order_is_told_whether_it_won():
    c = lottery(price=cny("10.00"), group_size=2, draw=policy(prizes=1))
    s = pt.settle_group(c, full_group(c, 2), seed=bytes(range(32)))
    reasons = {st.outcome: st.reason for st in s.statements}
    assert reasons[pt.Outcome.WON] == "The group succeeded and the order won the draw."
    assert reasons[pt.Outcome.LOST] == "The group succeeded and the order did not win the draw."
    assert s.draw is not None


def test_a_failed_lottery_group_has_no_draw_record():
    c = lottery(price=cny("10.00"), group_size=3, draw=policy(prizes=1))
    group = full_group(c, 3, stop=1)
    group, _ = pt.handle(c, group, pt.CloseGroup(group_id="g1", at=group.updated_at))
    s = pt.settle_group(c, group, seed=bytes(range(32)))
    assert s.draw is None
    assert {st.outcome for st in s.statements} == {pt.Outcome.REFUNDED}


def test_a_gift_plan_without_points_awards_none():
    c = _gift_campaign(pt.GiftPlan(coupon=pt.Coupon(system_id="cpn-1")))
    s = pt.settle_group(c, full_group(c, 2))
    assert of(s, pt.AwardPoints) == []
    assert len(of(s, pt.IssueCoupon)) == 2


def test_a_drawn_prizes_coupon_and_points_are_keyed_by_the_draw():
    consolation = pt.Prize(ship=False, refund_bps=10_000, coupon=pt.Coupon(system_id="cpn-9"),
                           points=7)  # fmt: skip
    c = lottery(price=cny("10.00"), group_size=2, draw=policy(prizes=1, loser=consolation))
    s = pt.settle_group(c, full_group(c, 2), seed=bytes(range(32)))
    (lost,) = [st for st in s.statements if st.outcome is pt.Outcome.LOST]
    (coupon,) = of(s, pt.IssueCoupon)
    (points,) = of(s, pt.AwardPoints)
    assert (coupon.order_id, coupon.user_id, coupon.coupon) == (
        lost.order_id, lost.user_id, consolation.coupon,
    )  # fmt: skip
    assert (points.order_id, points.user_id, points.points) == (lost.order_id, lost.user_id, 7)
    assert coupon.key == idempotency_key("coupon", "c1", "g1", lost.order_id, detail="draw")
    assert points.key == idempotency_key("points", "c1", "g1", lost.order_id, detail="draw")
