"""pintuan's values die by reference counting: handling, settling and replaying make no cycles.

The cyclic garbage collector then only scans (about 6% of an end-to-end run,
benchmarks/README.md) and frees nothing; a cycle would also keep what it holds
alive until a collection. A rejection kept by a replay carries no traceback,
whose frames would hold on to the campaign books of the time.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from datetime import timedelta

from tests._factories import SEED, at, campaign, full_group, pinshang

import pintuan as pt
from pintuan.replay import replay, replay_stream


def cyclic_garbage(run: Callable[[], object]) -> int:
    """How many objects in reference cycles ``run`` left behind (the collector held off)."""
    gc.collect()
    gc.disable()
    try:
        run()
        return gc.collect()
    finally:
        gc.enable()


def _overfilled(groups: int) -> list[pt.Command]:
    """Groups of the factory campaign (3 seats) asked for 6: three joins refused in each."""
    commands: list[pt.Command] = []
    for g in range(groups):
        gid = f"g{g}"
        commands.append(pt.OpenGroup(group_id=gid, order_id=f"{gid}-o0", user_id=f"{gid}-u0",
                                     at=at(10)))  # fmt: skip
        commands.extend(
            pt.JoinGroup(group_id=gid, order_id=f"{gid}-o{i}", user_id=f"{gid}-u{i}",
                         at=at(10) + timedelta(seconds=i))
            for i in range(1, 6)
        )  # fmt: skip
    return commands


def test_handling_and_settling_a_pinshang_group_makes_no_cycles():
    c = pinshang()

    def run() -> None:
        settlement = pt.settle_group(c, full_group(c, 100), seed=SEED)
        assert len(settlement.effects) > 100

    assert cyclic_garbage(run) == 0


def test_a_replay_with_rejections_makes_no_cycles():
    def run() -> None:
        result = replay(campaign(), _overfilled(20))
        assert len(result.rejections) == 60
        assert all(rejection.__traceback__ is None for _, rejection in result.rejections)

    assert cyclic_garbage(run) == 0


def test_a_stream_with_rejections_makes_no_cycles():
    def run() -> None:
        items = list(replay_stream(campaign(), _overfilled(20)))
        rejections = [item[1] for item in items if isinstance(item, tuple)]
        assert len(rejections) == 60
        assert all(rejection.__traceback__ is None for rejection in rejections)

    assert cyclic_garbage(run) == 0
