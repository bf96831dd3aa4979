"""The reference service (examples/service): joins per second on a SQLite file.

Opens 100 groups of 5, then races 2,000 joins into them from 1 and from 8
threads (each join: read the snapshot, decide, compare-and-swap, append the
events, settle the group into the outbox, commit). Prints joins per second,
the compare-and-swaps that failed and were decided again, and the ratio of a
join's cost to the bare ``handle`` + ``settle_group`` it wraps.
"""

from __future__ import annotations

import sys
import tempfile
import threading
import time
from datetime import timedelta
from pathlib import Path

from _common import START, campaign

from pintuan import CommandRejected, JoinGroup, OpenGroup, handle, settle_group

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "examples" / "service"))
from service import GroupService

GROUPS, SIZE, JOINS = 100, 5, 2_000


def run(threads: int) -> tuple[float, int, int]:
    """Seconds for the joins, joins accepted, conflicts retried."""
    c = campaign(group_size=SIZE, capacity=SIZE)
    with tempfile.TemporaryDirectory() as tmp:
        service = GroupService(Path(tmp) / "bench.db", c)
        for g in range(GROUPS):
            service.handle(OpenGroup(group_id=f"g{g}", order_id=f"L{g}", user_id=f"L{g}", at=START))
        at = START + timedelta(minutes=1)
        plan = [
            JoinGroup(group_id=f"g{n % GROUPS}", order_id=f"j{n}", user_id=f"u{n}", at=at)
            for n in range(JOINS)
        ]
        accepted = [0] * threads

        def work(i: int) -> None:
            for join in plan[i::threads]:
                try:
                    service.handle(join)
                    accepted[i] += 1
                except CommandRejected:
                    pass

        workers = [threading.Thread(target=work, args=(i,)) for i in range(threads)]
        t0 = time.perf_counter()
        for w in workers:
            w.start()
        for w in workers:
            w.join()
        return time.perf_counter() - t0, sum(accepted), service.conflicts


def bare() -> float:
    """Seconds for the same joins through handle + settle_group, in memory."""
    c = campaign(group_size=SIZE, capacity=SIZE)
    groups = {}
    for g in range(GROUPS):
        groups[f"g{g}"], _ = handle(
            c, None, OpenGroup(group_id=f"g{g}", order_id=f"L{g}", user_id=f"L{g}", at=START)
        )
    at = START + timedelta(minutes=1)
    t0 = time.perf_counter()
    for n in range(JOINS):
        gid = f"g{n % GROUPS}"
        try:
            groups[gid], _ = handle(
                c, groups[gid], JoinGroup(group_id=gid, order_id=f"j{n}", user_id=f"u{n}", at=at)
            )
        except CommandRejected:
            continue
        settle_group(c, groups[gid])
    return time.perf_counter() - t0


def main() -> None:
    base = bare()
    for threads in (1, 8):
        seconds, accepted, conflicts = run(threads)
        print(
            f"{threads} thread(s): {JOINS / seconds:7.0f} join commands/s "
            f"({accepted} accepted, {JOINS - accepted} refused, {conflicts} conflicts retried); "
            f"service / bare handle+settle = {seconds / base:.1f}"
        )


if __name__ == "__main__":
    main()
