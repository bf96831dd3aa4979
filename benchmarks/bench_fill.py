"""Filling one group with n members through decide/evolve must be linear in n.

Prints t(10,000) / t(1,000) measured in one run; linear growth gives about 10,
quadratic about 100. Target: <= 12.
"""

from __future__ import annotations

import argparse
import gc
from datetime import timedelta

from _common import START, campaign, timed

from pintuan import JoinGroup, OpenGroup, handle


def fill(n: int) -> None:
    c = campaign(group_size=2, capacity=n)
    group, _ = handle(c, None, OpenGroup(group_id="g", order_id="o0", user_id="u0", at=START))
    for i in range(1, n):
        at = START + timedelta(milliseconds=i)
        cmd = JoinGroup(group_id="g", order_id=f"o{i}", user_id=f"u{i}", at=at)
        group, _ = handle(c, group, cmd)
    assert len(group.members) == n
    assert group.status.terminal


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--small", type=int, default=1_000)
    parser.add_argument("--large", type=int, default=10_000)
    args = parser.parse_args()
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


if __name__ == "__main__":
    main()
