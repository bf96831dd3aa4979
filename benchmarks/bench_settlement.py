"""Settling 10,000 groups x 100 orders as a stream (normal, then tiered).

Prints, measured in one run:
* settle time / time to build the input orders, the median of ``--repeat``
  runs (targets: normal <= 2, tiered <= 2.5);
* peak traced memory of the streaming settlement (tracemalloc) at two campaign
  sizes: flat memory means settlement streams;
* with ``--campaign-end``: settling the closed groups of a campaign-end (mode
  1) lottery given 100, then 30,000 winners (prizes). Each group's cost must
  not grow with the number of prizes: t(30,000) / t(100) ~ 1 (target <= 1.5).
"""

from __future__ import annotations

import argparse
import time
import tracemalloc
from collections.abc import Iterator
from datetime import timedelta

from _common import START, campaign

from pintuan import (
    Campaign,
    DrawMode,
    DrawPolicy,
    Group,
    GroupStatus,
    Order,
    Prize,
    Role,
    TierTable,
    settle_groups,
    summarize,
)
from pintuan.lifecycle._roster import Roster


def build_groups(c: Campaign, groups: int, size: int) -> Iterator[Group]:
    for g in range(groups):
        gid = f"g{g}"
        orders = []
        for i in range(size):
            price = c.unit_price(leader=i == 0, seat=i + 1)
            orders.append(
                Order(
                    order_id=f"{gid}-o{i}",
                    user_id=f"u{g}-{i}",
                    group_id=gid,
                    role=Role.LEADER if i == 0 else Role.MEMBER,
                    quantity=1,
                    unit_price=price,
                    paid=price,
                    paid_at=START + timedelta(seconds=i),
                )
            )
        yield Group(
            group_id=gid,
            campaign_id=c.campaign_id,
            status=GroupStatus.CLOSED if g % 10 else GroupStatus.FAILED,
            opened_at=START,
            deadline=START + timedelta(hours=2),
            leader_order_id=orders[0].order_id,
            members=Roster(orders),
            version=size + 2,
            updated_at=START + timedelta(seconds=size),
            closed_at=START + timedelta(seconds=size),
        )


def tiered_campaign(size: int, groups: int) -> Campaign:
    """A tiered campaign whose top tier is ``size`` members (first tier: a tenth of it)."""
    base = campaign(group_size=size, capacity=size)
    rows = [
        (max(size // 10, 2), "99.00 CNY"),
        (max(size // 2, 3), "89.00 CNY"),
        (size, "79.00 CNY"),
    ]
    table = TierTable.of(rows, stock=groups * size)
    return Campaign.tiered(
        campaign_id=base.campaign_id,
        product_id=base.product_id,
        tiers=table,
        time_limit=base.time_limit,
        schedule=base.schedule,
    )


def campaign_end(prizes: int) -> Campaign:
    """A lottery whose ``prizes`` winners are drawn at the campaign's end."""
    base = campaign(group_size=10, capacity=10)
    policy = DrawPolicy(
        mode=DrawMode.AT_CAMPAIGN_END, prizes=prizes, winner=Prize.product(),
        loser=Prize.money_back(),
    )  # fmt: skip
    return Campaign.lottery(
        campaign_id=base.campaign_id, product_id=base.product_id, price=base.price,
        group_size=10, time_limit=base.time_limit, schedule=base.schedule, draw=policy,
    )  # fmt: skip


def run_campaign_end(groups: int, size: int, prize_counts: tuple[int, ...]) -> None:
    """Settle the same closed groups against winner lists of growing length."""
    times = {}
    for prizes in prize_counts:
        c = campaign_end(prizes)
        # Winners: every 10th order of the first groups, then ids of orders elsewhere.
        winners = tuple(f"g{n // size}-o{n % size}" for n in range(0, prizes * 10, 10))
        built = list(build_groups(c, groups, size))
        t0 = time.perf_counter()
        summary = summarize("CNY", settle_groups(c, built, winners=winners))
        times[prizes] = time.perf_counter() - t0
        assert summary.orders == groups * size
        print(
            f"[campaign end] {prizes:>6} prizes: settle {groups:,} groups in "
            f"{times[prizes]:6.2f} s ({times[prizes] / groups * 1e6:6.0f} us/group)"
        )
    lo, hi = prize_counts[0], prize_counts[-1]
    print(
        f"[campaign end] ratio t({hi} prizes)/t({lo} prizes) = {times[hi] / times[lo]:.2f}"
        "  (per-campaign winners ~ 1, target <= 1.5)"
    )


TARGETS = {"normal": 2, "tiered": 2.5}


def run(label: str, c: Campaign, groups: int, size: int) -> float:
    t0 = time.perf_counter()
    for _ in build_groups(c, groups, size):
        pass
    build = time.perf_counter() - t0

    t0 = time.perf_counter()
    summary = summarize("CNY", settle_groups(c, build_groups(c, groups, size)))
    total = time.perf_counter() - t0
    settle = total - build
    assert summary.orders == groups * size
    assert summary.paid == summary.refunded + summary.captured

    print(
        f"[{label}] orders: {summary.orders:,} in {summary.groups:,} groups; "
        f"refunded {summary.refunded}"
    )
    print(
        f"[{label}] build input orders: {build:7.2f} s, settle (excluding build): {settle:7.2f} s"
    )
    print(f"[{label}] ratio settle / build = {settle / build:.2f}  (target <= {TARGETS[label]})")
    return settle / build


def median_ratio(label: str, c: Campaign, groups: int, size: int, repeat: int) -> None:
    """Run ``repeat`` times (build and settle alternate, so load hits both) and print the median."""
    ratios = sorted(run(label, c, groups, size) for _ in range(repeat))
    print(
        f"[{label}] median of {repeat}: settle / build = {ratios[len(ratios) // 2]:.2f}"
        f"  (target <= {TARGETS[label]})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--groups", type=int, default=10_000)
    parser.add_argument("--size", type=int, default=100)
    parser.add_argument("--kind", choices=["normal", "tiered", "both"], default="both")
    parser.add_argument("--repeat", type=int, default=3, help="runs per kind (median ratio)")
    parser.add_argument(
        "--campaign-end", action="store_true", help="only the campaign-end (mode 1) measure"
    )
    args = parser.parse_args()
    if args.campaign_end:
        run_campaign_end(min(args.groups, 2_000), 10, (100, 30_000))
        return
    normal = campaign(group_size=args.size, capacity=args.size)
    if args.kind in ("normal", "both"):
        median_ratio("normal", normal, args.groups, args.size, args.repeat)
    if args.kind in ("tiered", "both"):
        tiered = tiered_campaign(args.size, args.groups)
        median_ratio("tiered", tiered, args.groups, args.size, args.repeat)
    c = normal
    peaks = []
    for groups in (args.groups // 10, args.groups):
        tracemalloc.start()
        summarize("CNY", settle_groups(c, build_groups(c, groups, args.size)))
        peaks.append((groups, tracemalloc.get_traced_memory()[1]))
        tracemalloc.stop()
    for groups, peak in peaks:
        print(f"peak traced memory, {groups:>6} groups: {peak / 2**20:6.2f} MiB")
    print(
        f"memory ratio {peaks[1][0]} / {peaks[0][0]} groups = {peaks[1][1] / peaks[0][1]:.2f}"
        "  (streaming ~ 1)"
    )


if __name__ == "__main__":
    main()
