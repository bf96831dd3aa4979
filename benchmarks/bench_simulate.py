"""The simulator: its overhead over the engine calls it makes, and its scale-out.

1. Simulates the seed's pinshang campaign once, counting orders, then replays
   the very commands the run sent through the bare calls (``CampaignBook``
   decide + record for the facts, and ``settle_groups``), timing both. The
   ratio bare / simulated is the share of the simulator's time spent in the
   engine (target >= 0.5: at most half goes to drawing arrivals and records).
2. Runs the campaign N times serially and on a 2-process pool, and prints the
   speed-up.
"""

from __future__ import annotations

import argparse
import contextlib
import time
from concurrent.futures import ProcessPoolExecutor

import pintuan as pt
from pintuan.simulation import run as sim_run

SEED = bytes.fromhex("70696e7475616e2d73696d756c617465")
ARRIVALS = pt.Arrivals(per_hour=90, open_share=0.02)


def overhead() -> None:
    campaign = pt.simulation.seed_pinshang()
    sent: list[object] = []
    original = sim_run._Run.send

    def spy(self: sim_run._Run, command: object) -> bool:
        sent.append(command)
        return original(self, command)  # type: ignore[arg-type]

    sim_run._Run.send = spy  # type: ignore[method-assign]
    try:
        sim_run.run_once(campaign, ARRIVALS, pt.Economics(), SEED, 0)  # records the commands
    finally:
        sim_run._Run.send = original  # type: ignore[method-assign]
    t0 = time.perf_counter()
    record = sim_run.run_once(campaign, ARRIVALS, pt.Economics(), SEED, 0)
    simulated = time.perf_counter() - t0
    t0 = time.perf_counter()
    book = pt.CampaignBook.start(campaign)
    for command in sent:
        with contextlib.suppress(pt.CommandRejected):
            book = book.record(book.decide(command))  # type: ignore[arg-type]
    seed = sim_run.derive_seed(SEED, "draw", 0)
    for _ in pt.settle_groups(campaign, tuple(book.groups()), seed=seed):
        pass
    bare = time.perf_counter() - t0
    print(f"one run: {record.orders:,} orders, {len(sent):,} commands")
    print(f"  simulated {simulated:6.2f} s = {record.orders / simulated:,.0f} orders/s")
    print(f"  bare engine calls {bare:6.2f} s; bare / simulated = {bare / simulated:.2f}"
          "  (target >= 0.5)")  # fmt: skip


def scale_out(runs: int) -> None:
    campaign = pt.simulation.seed_pinshang()
    t0 = time.perf_counter()
    serial = pt.simulate(campaign, ARRIVALS, seed=SEED, runs=runs)
    one = time.perf_counter() - t0
    with ProcessPoolExecutor(max_workers=2) as pool:
        t0 = time.perf_counter()
        pooled = pt.simulate(campaign, ARRIVALS, seed=SEED, runs=runs, executor=pool)
        two = time.perf_counter() - t0
    assert pooled == serial
    print(f"{runs} runs: serial {one:6.1f} s, 2 processes {two:6.1f} s, speed-up {one / two:.2f}x"
          " (same records)")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()
    overhead()
    scale_out(args.runs)


if __name__ == "__main__":
    main()
