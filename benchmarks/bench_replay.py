"""Replaying a long command log: ``replay`` keeps everything, ``replay_stream`` does not.

A normal campaign of groups of 10, each opened, filled and closed before the
next opens, replayed from a generator of commands at two sizes (1,000 and
10,000 groups). Prints the peak traced memory (tracemalloc) of each and the
ratio large / small: ``replay`` keeps every group, event and settlement
(about 10x for 10x the groups), ``replay_stream`` only the groups in flight
and the campaign-wide ids (order ids, per-user counts): its memory grows
only by those ids. ``forget_settled`` is ``replay_stream(...,
forget_settled=True)``, which drops each settled group whole: its memory
should stay flat (ratio near 1). ``forget+limits`` is the same on the
campaign with per-user limits, whose counts it keeps (here every order is a
new user, so they grow with the orders). Also prints the time of each, and
checks that all give the same settlements.
"""

from __future__ import annotations

import argparse
import time
import tracemalloc
from collections.abc import Iterator
from datetime import timedelta

import attrs
from _common import START, campaign

from pintuan import Command, GroupSettlement, JoinGroup, OpenGroup, UserLimits
from pintuan.replay import replay, replay_stream

SIZE = 10


def commands(groups: int) -> Iterator[Command]:
    for g in range(groups):
        gid, at = f"g{g}", START + timedelta(seconds=g)
        yield OpenGroup(group_id=gid, order_id=f"{gid}-o0", user_id=f"{gid}-u0", at=at)
        for i in range(1, SIZE):
            yield JoinGroup(group_id=gid, order_id=f"{gid}-o{i}", user_id=f"{gid}-u{i}", at=at)


def measure(kind: str, groups: int) -> tuple[float, float, int]:
    """Peak traced MiB, seconds, and a check (orders settled) of one replay."""
    c = campaign(group_size=SIZE, capacity=SIZE)
    if kind == "forget+limits":
        c = attrs.evolve(c, limits=UserLimits(max_groups_joined=5, max_groups_opened=5))
    tracemalloc.start()
    t0 = time.perf_counter()
    if kind == "replay":
        settled = sum(len(s.statements) for s in replay(c, commands(groups)).settlements)
    else:
        forget = kind.startswith("forget")
        items = replay_stream(c, commands(groups), forget_settled=forget)
        settled = sum(len(s.statements) for s in items if isinstance(s, GroupSettlement))
    seconds = time.perf_counter() - t0
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return peak, seconds, settled


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--small", type=int, default=1_000)
    parser.add_argument("--large", type=int, default=10_000)
    args = parser.parse_args()
    for kind in ("replay", "replay_stream", "forget_settled", "forget+limits"):
        (small, t_small, n_small), (large, t_large, n_large) = (
            measure(kind, args.small),
            measure(kind, args.large),
        )
        assert (n_small, n_large) == (args.small * SIZE, args.large * SIZE)
        print(
            f"{kind:<14} peak {small:8.2f} MiB at {args.small:,} groups, {large:8.2f} MiB at "
            f"{args.large:,}: ratio {large / small:5.2f}; time ratio {t_large / t_small:5.2f}"
        )


if __name__ == "__main__":
    main()
