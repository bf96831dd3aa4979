"""Filling one group with n members through decide/evolve must be linear in n.

Prints t(10,000) / t(1,000) measured in one run; linear growth gives about 10,
quadratic about 100. Target: <= 12.

Then one member leaving a group of n members (a member in the middle, and the
leader), through ``handle``, at n = 1,000, 10,000 and 99,999 (one short of
``MAX_GROUP_SIZE``, as the group must still need a member): the cost of a
leave must grow like the cost of a join, O(log n), so t(leave at 99,999) /
t(leave at 1,000) should stay near 1 (O(n) would give 100). Target: <= 2.
"""

from __future__ import annotations

import argparse
import gc
import time
from datetime import timedelta

from _common import START, campaign, timed

from pintuan import Group, JoinGroup, LeaveGroup, OpenGroup, handle


def fill(n: int) -> None:
    c = campaign(group_size=2, capacity=n)
    group, _ = handle(c, None, OpenGroup(group_id="g", order_id="o0", user_id="u0", at=START))
    for i in range(1, n):
        at = START + timedelta(milliseconds=i)
        cmd = JoinGroup(group_id="g", order_id=f"o{i}", user_id=f"u{i}", at=at)
        group, _ = handle(c, group, cmd)
    assert len(group.members) == n
    assert group.status.terminal


def forming_group(n: int) -> tuple[object, Group]:
    """A campaign, and a group of ``n`` members that needs one more to succeed."""
    c = campaign(group_size=n + 1, capacity=n + 1)
    group, _ = handle(c, None, OpenGroup(group_id="g", order_id="o0", user_id="u0", at=START))
    for i in range(1, n):
        at = START + timedelta(milliseconds=i)
        group, _ = handle(
            c, group, JoinGroup(group_id="g", order_id=f"o{i}", user_id=f"u{i}", at=at)
        )
    return c, group


def leave_cost(n: int, order_id: str, repeat: int = 300) -> float:
    """Median time of one leave through ``handle`` from a group of ``n`` members, in seconds."""
    c, group = forming_group(n)
    at = START + timedelta(hours=1)
    cmd = LeaveGroup(group_id="g", order_id=order_id, at=at)
    times = []
    for _ in range(repeat):  # each leave starts from the same (persistent) group
        t0 = time.perf_counter()
        left, _ = handle(c, group, cmd)  # type: ignore[arg-type]
        times.append(time.perf_counter() - t0)
    assert len(left.members) == n - 1
    times.sort()
    return times[len(times) // 2]


def leaves(sizes: list[int]) -> None:
    for who in ("member", "leader"):
        cost = {n: leave_cost(n, "o0" if who == "leader" else f"o{n // 2}") for n in sizes}
        for n, t in cost.items():
            print(f"leave ({who}) from {n:>7} members: {t * 1e6:7.1f} us")
        lo, hi = sizes[0], sizes[-1]
        print(
            f"ratio leave ({who}) t({hi})/t({lo}) = {cost[hi] / cost[lo]:.2f}"
            f"  (O(log n) ~ 1, O(n) ~ {hi // lo}, target <= 2)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--small", type=int, default=1_000)
    parser.add_argument("--large", type=int, default=10_000)
    # 99,999: the group must still need a member, and MAX_GROUP_SIZE is 100,000.
    parser.add_argument("--leave-sizes", default="1000,10000,99999")
    parser.add_argument("--only-leave", action="store_true")
    args = parser.parse_args()
    if args.only_leave:
        leaves([int(n) for n in args.leave_sizes.split(",")])
        return
    small = timed(lambda: fill(args.small))
    large = timed(lambda: fill(args.large))
    for n, t in ((args.small, small), (args.large, large)):
        print(f"fill {n:>6} members: {t * 1e3:8.1f} ms ({t / n * 1e6:.1f} us/join)")
    linear = args.large / args.small
    print(
        f"ratio t({args.large})/t({args.small}) = {large / small:.2f}"
        f"  (linear ~ {linear:.0f}, target <= 12)"
    )
    # What the cyclic garbage collector adds: it walks the live orders, whose
    # number grows with n. Informational; the target applies to the line above.
    gc.disable()
    try:
        bare = timed(lambda: fill(args.large)) / timed(lambda: fill(args.small))
    finally:
        gc.enable()
    print(f"same ratio with the cyclic GC disabled = {bare:.2f}")
    leaves([int(n) for n in args.leave_sizes.split(",")])


if __name__ == "__main__":
    main()
