"""Gift group buy: the gift lines, and the points, coupons and items members get."""

from __future__ import annotations

from datetime import timedelta

from _factories import cny, full_group, of, order, seed_schedule
from pintuan import AwardPoints, Campaign, IssueCoupon, ShipGift, settle_group
from pintuan.gifts import Coupon, GiftItem, GiftPlan
from pintuan.lifecycle import Role
from pintuan.settlement import GiftLine, gift_lines


def test_gift_lines():
    orders = [
        order("o2", "u2"),
        order("o1", "u1", role=Role.LEADER),
        order("o3", "v1", role=Role.VIRTUAL),
    ]
    coupon = Coupon(link="https://example.com/c/1")
    plan = GiftPlan(points=50, coupon=coupon)
    assert gift_lines(plan, orders, "u1", True) == (
        GiftLine(order_id="o1", user_id="u1", points=50, coupon=coupon),
        GiftLine(order_id="o2", user_id="u2", points=50, coupon=coupon),
    )
    item = GiftItem(product_id="sku-gift")
    leader = gift_lines(GiftPlan(item=item, leader_only=True), orders, "u1", succeeded=True)
    assert leader == (GiftLine(order_id="o1", user_id="u1", item=item),)
    assert gift_lines(plan, orders, "u1", False) == ()


def test_gift_group_buy():
    plan = GiftPlan(
        points=100, coupon=Coupon(system_id="cpn-5"), item=GiftItem(product_id="sku-gift")
    )
    c = Campaign.gift(
        campaign_id="c1",
        product_id="p",
        price=cny("29.00"),
        group_size=3,
        time_limit=timedelta(hours=1),
        schedule=seed_schedule(),
        gifts=plan,
    )
    s = settle_group(c, full_group(c, 3))
    assert [(e.user_id, e.points) for e in of(s, AwardPoints)] == [
        ("g1-u1", 100),
        ("g1-u2", 100),
        ("g1-u3", 100),
    ]
    assert len(of(s, IssueCoupon)) == 3
    assert [(e.product_id, e.quantity) for e in of(s, ShipGift)] == [("sku-gift", 1)] * 3
    leader_only = Campaign.gift(
        campaign_id="c1",
        product_id="p",
        price=cny("29.00"),
        group_size=3,
        time_limit=timedelta(hours=1),
        schedule=seed_schedule(),
        gifts=GiftPlan(points=100, leader_only=True),
    )
    s = settle_group(leader_only, full_group(leader_only, 3))
    assert [e.user_id for e in of(s, AwardPoints)] == ["g1-u1"]
