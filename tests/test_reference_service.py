"""The reference service of examples/service, on a real SQLite file.

Racing writers never oversell a seat, lose an event or write an effect twice;
a crash before COMMIT leaves the database as it was; replaying the events
table rebuilds every snapshot exactly.
"""

from __future__ import annotations

import random
import sqlite3
import sys
import threading
from datetime import timedelta
from pathlib import Path

import pytest

from _factories import all_day_schedule, at, campaign
from pintuan import (
    CommandRejected,
    GroupStatus,
    JoinGroup,
    LeaveGroup,
    OpenGroup,
    Rejection,
    UserLimits,
    settle_group,
)

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "examples" / "service"))
from service import GroupService

GROUPS, SIZE, JOINS, THREADS = 100, 5, 2000, 8


def _dump(path: Path) -> dict[str, list[tuple[object, ...]]]:
    db = sqlite3.connect(path)
    tables = ("groups", "events", "orders", "outbox")
    out = {t: sorted(db.execute(f"SELECT * FROM {t}").fetchall()) for t in tables}
    db.close()
    return out


def test_racing_joins_never_oversell_lose_an_event_or_write_an_effect_twice(tmp_path) -> None:
    c = campaign(group_size=SIZE, capacity=SIZE, schedule=all_day_schedule())
    service = GroupService(tmp_path / "race.db", c)
    for g in range(GROUPS):
        service.handle(
            OpenGroup(group_id=f"g{g}", order_id=f"g{g}-leader", user_id=f"lead{g}", at=at(10))
        )
    rng = random.Random(7)
    plan = [(f"g{rng.randrange(GROUPS)}", n) for n in range(JOINS)]
    returned: list[tuple[str, int]] = []
    refused: list[Rejection] = []
    lock = threading.Lock()

    def worker(part: list[tuple[str, int]]) -> None:
        for gid, n in part:
            join = JoinGroup(group_id=gid, order_id=f"j{n}", user_id=f"u{n}", at=at(10, 30))
            try:
                events = service.handle(join)
            except CommandRejected as err:
                with lock:
                    refused.append(err.code)
                continue
            with lock:
                returned.extend((e.group_id, e.version) for e in events)

    threads = [threading.Thread(target=worker, args=(plan[i::THREADS],)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    snapshots = service.snapshots()
    assert len(snapshots) == GROUPS
    assert all(len(g.members) <= SIZE for g in snapshots.values())  # no oversold seat
    assert sum(len(g.members) for g in snapshots.values()) == GROUPS * SIZE  # all filled
    assert all(g.status is GroupStatus.CLOSED for g in snapshots.values())
    assert set(refused) <= {Rejection.GROUP_FULL, Rejection.ILLEGAL_IN_STATE}
    assert len(refused) == JOINS - GROUPS * (SIZE - 1)
    db = sqlite3.connect(tmp_path / "race.db")
    stored = db.execute("SELECT group_id, version FROM events").fetchall()
    assert set(returned) <= set(stored)  # every event a writer saw committed is there
    assert len(stored) == len(set(stored)) == GROUPS * (1 + (SIZE - 1) + 2)  # and no other
    keys = [k for (k,) in db.execute("SELECT key FROM outbox")]
    expected = {e.key for g in snapshots.values() for e in settle_group(c, g).effects}
    assert sorted(keys) == sorted(expected)  # every effect once
    assert service.rebuild() == snapshots


def test_a_crash_before_commit_leaves_the_database_as_it_was(tmp_path) -> None:
    c = campaign(group_size=3, schedule=all_day_schedule())
    path = tmp_path / "crash.db"
    service = GroupService(path, c)
    service.handle(OpenGroup(group_id="g1", order_id="o1", user_id="u1", at=at(10)))
    service.handle(JoinGroup(group_id="g1", order_id="o2", user_id="u2", at=at(10, 1)))
    before = _dump(path)

    def crash(_command: object) -> None:
        raise RuntimeError("power cut")

    crashing = GroupService(path, c, before_commit=crash)
    with pytest.raises(RuntimeError):
        crashing.handle(JoinGroup(group_id="g1", order_id="o3", user_id="u3", at=at(10, 2)))
    with pytest.raises(RuntimeError):
        crashing.handle(OpenGroup(group_id="g2", order_id="o4", user_id="u4", at=at(10, 2)))
    assert _dump(path) == before
    events = service.handle(JoinGroup(group_id="g1", order_id="o3", user_id="u3", at=at(10, 2)))
    assert [type(e).__name__ for e in events] == ["MemberJoined", "GroupSucceeded", "GroupClosed"]


def test_the_sweep_expires_due_groups_once_at_their_deadline(tmp_path) -> None:
    c = campaign(group_size=3, time_limit=timedelta(minutes=30), schedule=all_day_schedule())
    service = GroupService(tmp_path / "sweep.db", c)
    service.handle(OpenGroup(group_id="g1", order_id="o1", user_id="u1", at=at(10)))
    service.handle(OpenGroup(group_id="g2", order_id="o2", user_id="u2", at=at(10, 20)))
    service.handle(LeaveGroup(group_id="g2", order_id="o2", at=at(10, 21)))  # g2 failed (empty)
    assert service.sweep(at(10, 29)) == []
    assert service.sweep(at(11)) == ["g1"]
    assert service.sweep(at(11)) == []
    g1, version = service.load("g1")
    assert g1 is not None
    assert (g1.status, g1.closed_at, version) == (GroupStatus.FAILED, at(10, 30), 2)
    done: list[object] = []
    assert service.work(done.append) == len(done) > 0  # refunds and notices, carried out
    assert service.work(done.append) == 0
    assert service.rebuild() == service.snapshots()


def test_campaign_wide_facts_come_from_the_orders_table(tmp_path) -> None:
    c = campaign(
        group_size=3,
        schedule=all_day_schedule(),
        stock=4,
        limits=UserLimits(max_groups_joined=1),
    )
    service = GroupService(tmp_path / "facts.db", c)
    service.handle(OpenGroup(group_id="g1", order_id="o1", user_id="a", at=at(10)))
    service.handle(OpenGroup(group_id="g2", order_id="o2", user_id="b", at=at(10)))
    service.handle(JoinGroup(group_id="g1", order_id="o3", user_id="c", at=at(10, 1)))

    def code(command: object) -> Rejection:
        with pytest.raises(CommandRejected) as info:
            service.handle(command)  # type: ignore[arg-type]
        return info.value.code

    assert code(JoinGroup(group_id="g2", order_id="o4", user_id="c", at=at(10, 2))) is (
        Rejection.JOIN_LIMIT
    )
    assert code(JoinGroup(group_id="g2", order_id="o1", user_id="d", at=at(10, 2))) is (
        Rejection.DUPLICATE_ORDER
    )
    service.handle(JoinGroup(group_id="g2", order_id="o5", user_id="d", at=at(10, 2)))
    assert code(JoinGroup(group_id="g1", order_id="o6", user_id="e", at=at(10, 3))) is (
        Rejection.OUT_OF_STOCK
    )
    service.handle(LeaveGroup(group_id="g2", order_id="o5", at=at(10, 4)))  # a unit back
    service.handle(JoinGroup(group_id="g1", order_id="o6", user_id="e", at=at(10, 5)))
    assert service.rebuild() == service.snapshots()
