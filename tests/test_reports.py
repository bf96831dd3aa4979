"""Reports: the summary of many settlements, and the campaign's P&L."""

from __future__ import annotations

from datetime import timedelta

from _factories import (
    CNY,
    SEED,
    at,
    campaign,
    cny,
    full_group,
    join_cmd,
    open_cmd,
    pinshang,
    rewarded_settlement,
    run_commands,
    seed_schedule,
)
from pintuan import (
    Campaign,
    Coupon,
    ExpireGroup,
    GiftPlan,
    GroupStatus,
    Money,
    RewardKind,
    campaign_pnl,
    refund_after_success,
    settle_group,
    settle_groups,
    summarize,
)


def test_summary_over_many_groups():
    c = campaign(time_limit=timedelta(minutes=30))
    groups = [
        run_commands(c, open_cmd(gid="a"), join_cmd(2, gid="a"), join_cmd(3, gid="a")),
        run_commands(c, open_cmd(gid="b"), ExpireGroup(group_id="b", at=at(10, 35))),
    ]
    summary = summarize(CNY, settle_groups(c, groups))
    assert (summary.groups, summary.orders, summary.succeeded, summary.failed) == (2, 4, 1, 1)
    assert summary.paid == Money.parse("396.00 CNY")
    assert summary.captured == Money.parse("297.00 CNY")
    assert summary.refunded == Money.parse("99.00 CNY")
    assert summary.in_escrow == Money.zero(CNY)
    assert [g.status for g in groups] == [GroupStatus.CLOSED, GroupStatus.FAILED]


def test_pnl_of_the_seed_pinshang_campaign():
    c = pinshang()
    s = settle_group(c, full_group(c, 100), seed=SEED)
    pnl = campaign_pnl("CNY", [s])
    assert pnl.gross_paid == cny("9900.00")
    assert pnl.refunds == (("draw", cny("9603.00")),)
    assert pnl.rewards == (("participation", cny("97.00")),)
    assert pnl.merchant_revenue == cny("297.00")
    assert pnl.promotion_spend == cny("97.00")
    assert pnl.clawed_back == cny("0.00")


def test_pnl_after_a_return_and_with_gifts():
    _c, _, s = rewarded_settlement()
    after = refund_after_success(s, order_id="g1-o2", amount=cny("100.00"), return_id="r")
    pnl = campaign_pnl("CNY", [after])
    assert pnl.gross_paid == cny("300.00")
    assert pnl.refunds == (("returned", cny("100.00")),)
    assert dict(pnl.rewards) == {"referral": cny("5.00"), "team": cny("3.00")}
    assert pnl.clawed_back == cny("5.00")
    assert pnl.merchant_revenue == cny("200.00")
    assert pnl.promotion_spend == cny("3.00")
    g = Campaign.gift(
        campaign_id="c1",
        product_id="p",
        price=cny("1.00"),
        group_size=2,
        time_limit=timedelta(hours=1),
        schedule=seed_schedule(),
        gifts=GiftPlan(points=10, coupon=Coupon(link="https://example.test/c")),
    )
    pnl = campaign_pnl("CNY", settle_groups(g, [full_group(g, 2)]))
    assert (pnl.coupons, pnl.points, pnl.gift_items) == (2, 20, 0)
    assert RewardKind.TEAM.value == "team"
