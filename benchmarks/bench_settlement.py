"""Settling 10,000 groups x 100 orders as a stream.

Prints, measured in one run:
* settle time / time to build the input orders (target <= 3x);
* peak traced memory of the streaming settlement (tracemalloc) at two campaign
  sizes: flat memory means settlement streams.
"""

from __future__ import annotations

import argparse
import time
import tracemalloc
from collections.abc import Iterator
from datetime import timedelta

from _common import START, campaign

from pintuan import Campaign, Group, GroupStatus, Order, Role, settle_groups, summarize
from pintuan._roster import Roster


def build_groups(c: Campaign, groups: int, size: int) -> Iterator[Group]:
    price = c.price
    for g in range(groups):
        gid = f"g{g}"
        orders = [
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
            for i in range(size)
        ]
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--groups", type=int, default=10_000)
    parser.add_argument("--size", type=int, default=100)
    args = parser.parse_args()
    c = campaign(group_size=args.size, capacity=args.size)

    t0 = time.perf_counter()
    for _ in build_groups(c, args.groups, args.size):
        pass
    build = time.perf_counter() - t0

    t0 = time.perf_counter()
    summary = summarize("CNY", settle_groups(c, build_groups(c, args.groups, args.size)))
    total = time.perf_counter() - t0
    settle = total - build
    assert summary.orders == args.groups * args.size
    assert summary.paid == summary.refunded + summary.captured

    print(f"orders: {summary.orders:,} in {summary.groups:,} groups")
    print(f"build input orders: {build:7.2f} s")
    print(f"settle (excluding build): {settle:7.2f} s")
    print(f"ratio settle / build = {settle / build:.2f}  (target <= 3)")

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
