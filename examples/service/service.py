"""A reference group-buy service: pintuan's pure core on a SQLite file.

This is an example to read and copy, not part of the library. It shows the
four things a service adds around :func:`pintuan.decide`:

* storage: each group's snapshot with its version, an append-only events
  table, and the orders that the campaign-wide facts are counted from, all as
  :mod:`pintuan.codec` documents where pintuan values are stored;
* optimistic concurrency: a command is decided against the snapshot it read,
  then written with a compare-and-swap on the version
  (``UPDATE groups ... WHERE version = ?``); if another writer got there
  first, nothing is written and the command is decided again;
* an outbox: every effect settlement asks for is written in the same
  transaction under its idempotency key (``PRIMARY KEY``), so an effect is
  stored once however often a group is settled; a worker carries them out;
* the expiry sweep: groups past their deadline, found by an index, expired
  at their deadline with the version they were read at.

Everything a command writes (events, snapshot, orders, outbox) commits in one
transaction or not at all.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path

from pintuan import (
    Campaign,
    Command,
    CommandRejected,
    DecisionContext,
    Effect,
    Event,
    ExpireGroup,
    FullGroupPolicy,
    Group,
    GroupFailed,
    GroupOpened,
    JoinGroup,
    MemberJoined,
    MemberLeft,
    OpenGroup,
    VirtualMembersAdded,
    decide,
    evolve,
    settle_group,
)
from pintuan.codec import from_json, to_json

SCHEMA = (Path(__file__).parent / "schema.sql").read_text(encoding="utf-8")


class Conflict(Exception):
    """The group moved on between reading it and writing it; decide again."""


def utc_text(at: datetime) -> str:
    """An instant as sortable UTC text (fixed width, so text order is time order)."""
    return at.astimezone(UTC).isoformat(timespec="microseconds")


class GroupService:
    """Commands in, events and effects out, one SQLite transaction each.

    Args:
        path: The SQLite file (created with the schema if new).
        campaign: The campaign this database holds.
        seed: The campaign's draw seed, for lottery and pinshang campaigns.
        returning_users: Users who bought before (a real service would ask
            its order history).
        retries: How often a command is decided again after a conflict.
        before_commit: Called inside each transaction just before COMMIT
            (tests use it to inject a crash).
    """

    def __init__(
        self,
        path: str | Path,
        campaign: Campaign,
        *,
        seed: bytes | None = None,
        returning_users: Iterable[str] = (),
        retries: int = 50,
        before_commit: Callable[[Command], None] | None = None,
    ) -> None:
        self.path, self.campaign, self.seed = str(path), campaign, seed
        self.returning_users = frozenset(returning_users)
        self.retries, self.before_commit = retries, before_commit
        self._local = threading.local()
        self.conflicts = 0  # compare-and-swaps that failed (a count, for benchmarks)
        self._db().executescript(SCHEMA)

    def _db(self) -> sqlite3.Connection:
        """This thread's connection (sqlite3 connections are not shared)."""
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self.path, timeout=60, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            self._local.db = db
        return db

    # --- commands -------------------------------------------------------------------

    def handle(self, command: Command) -> tuple[Event, ...]:
        """Decide and store ``command``; return its events.

        Raises:
            CommandRejected: The command is refused; nothing was written.
            Conflict: The group kept moving for ``retries`` attempts.
        """
        db = self._db()
        for _ in range(self.retries):
            group, version = self.load(command.group_id)  # read outside the lock
            db.execute("BEGIN IMMEDIATE")  # one writer at a time from here
            try:
                events = decide(self.campaign, group, command, self._context(db, command))
                after = group
                for event in events:
                    after = evolve(after, event)
                assert after is not None
                self._write(db, version, after, events)
                if self.before_commit is not None:
                    self.before_commit(command)
                db.execute("COMMIT")
                return events
            except Conflict:
                db.execute("ROLLBACK")
                self.conflicts += 1
            except BaseException:
                db.execute("ROLLBACK")
                raise
        raise Conflict(f"group {command.group_id} kept changing; gave up after {self.retries}")

    def load(self, group_id: str) -> tuple[Group | None, int]:
        """A group's snapshot and version (``None, 0`` if it was never opened)."""
        row = self._db().execute(
            "SELECT snapshot, version FROM groups WHERE group_id = ?", (group_id,)
        ).fetchone()
        return (None, 0) if row is None else (from_json(row[0], Group), row[1])

    def _write(
        self, db: sqlite3.Connection, version: int, group: Group, events: tuple[Event, ...]
    ) -> None:
        row = (group.version, group.status.value, utc_text(group.deadline), len(group.members))
        if version == 0:
            try:
                db.execute(
                    "INSERT INTO groups (version, status, deadline, members, snapshot, group_id) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    (*row, to_json(group), group.group_id),
                )
            except sqlite3.IntegrityError:
                raise Conflict(group.group_id) from None  # opened by someone else meanwhile
        else:
            # The compare-and-swap: only if nobody wrote since we read `version`.
            done = db.execute(
                "UPDATE groups SET version = ?, status = ?, deadline = ?, members = ?, "
                "snapshot = ? WHERE group_id = ? AND version = ?",
                (*row, to_json(group), group.group_id, version),
            )
            if done.rowcount != 1:
                raise Conflict(group.group_id)
        db.executemany(
            "INSERT INTO events (group_id, version, body) VALUES (?, ?, ?)",
            [(e.group_id, e.version, to_json(e)) for e in events],
        )
        for event in events:
            _record_orders(db, event)
        settlement = settle_group(self.campaign, group, seed=self.seed)
        db.executemany(
            "INSERT OR IGNORE INTO outbox (key, group_id, body) VALUES (?, ?, ?)",
            [(e.key, group.group_id, to_json(e)) for e in settlement.effects],
        )

    def _context(self, db: sqlite3.Connection, command: Command) -> DecisionContext:
        """The campaign-wide facts, each from one query (see docs/service.md)."""
        if not isinstance(command, OpenGroup | JoinGroup):
            return DecisionContext()

        def count(sql: str, *args: object) -> int:
            value: int = db.execute(sql, args).fetchone()[0]
            return value

        user, stock = command.user_id, self.campaign.stock
        joined = "SELECT COUNT(*) FROM orders WHERE user_id = ? AND role = 'member'"
        opened = "SELECT COUNT(*) FROM orders WHERE user_id = ? AND role = 'leader'"
        held = "SELECT COALESCE(SUM(quantity), 0) FROM orders WHERE holds_stock = 1"
        taken = "SELECT COUNT(*) FROM orders WHERE order_id = ?"
        return DecisionContext(
            user_groups_joined=count(joined, user),
            user_groups_opened=count(opened, user),
            stock_left=None if stock is None else max(stock - count(held), 0),
            user_is_new=user not in self.returning_users,
            group_with_seat=self._group_with_seat(db, command),
            order_id_taken=count(taken, command.order_id) > 0,
        )

    def _group_with_seat(self, db: sqlite3.Connection, command: Command) -> str | None:
        if self.campaign.full_group_policy is not FullGroupPolicy.REDIRECT:
            return None
        row = db.execute(
            "SELECT group_id FROM groups g WHERE status IN ('forming', 'succeeded') "
            "AND members < ? AND deadline > ? AND group_id != ? AND NOT EXISTS "
            "(SELECT 1 FROM orders o WHERE o.group_id = g.group_id AND o.user_id = ?) "
            "ORDER BY rowid LIMIT 1",
            (
                self.campaign.capacity,
                utc_text(command.at),
                command.group_id,
                getattr(command, "user_id", ""),
            ),
        ).fetchone()
        return None if row is None else str(row[0])

    # --- the sweep, the worker, the audit ---------------------------------------------

    def sweep(self, now: datetime) -> list[str]:
        """Expire every group whose deadline is at or before ``now``; return their ids.

        A group another writer moved meanwhile is left to the next sweep.
        """
        due = self._db().execute(
            "SELECT group_id FROM groups WHERE status IN ('forming', 'succeeded') "
            "AND deadline <= ? ORDER BY deadline, group_id",
            (utc_text(now),),
        ).fetchall()
        expired = []
        for (group_id,) in due:
            group, version = self.load(group_id)
            assert group is not None
            when = max(group.deadline, group.updated_at, key=lambda at: at.astimezone(UTC))
            try:
                self.handle(ExpireGroup(group_id=group_id, at=when, expected_version=version))
            except CommandRejected:
                continue
            expired.append(group_id)
        return expired

    def work(self, carry_out: Callable[[Effect], None], *, limit: int = 100) -> int:
        """Carry out up to ``limit`` pending effects, oldest first; return how many."""
        db = self._db()
        rows = db.execute(
            "SELECT key, body FROM outbox WHERE done = 0 ORDER BY rowid LIMIT ?", (limit,)
        ).fetchall()
        for key, body in rows:
            carry_out(from_json(body, Effect))  # type: ignore[arg-type]
            db.execute("UPDATE outbox SET done = 1 WHERE key = ?", (key,))
        return len(rows)

    def rebuild(self) -> dict[str, Group]:
        """Every group rebuilt from the events table alone, by replaying it."""
        groups: dict[str, Group] = {}
        for (body,) in self._db().execute("SELECT body FROM events ORDER BY seq"):
            event: Event = from_json(body, Event)  # type: ignore[arg-type]
            groups[event.group_id] = evolve(groups.get(event.group_id), event)
        return groups

    def snapshots(self) -> dict[str, Group]:
        """Every group as its snapshot row has it."""
        rows = self._db().execute("SELECT group_id, snapshot FROM groups").fetchall()
        return {gid: from_json(text, Group) for gid, text in rows}


def _record_orders(db: sqlite3.Connection, event: Event) -> None:
    """Keep the orders table, which the campaign-wide facts are counted from."""
    if isinstance(event, GroupOpened | MemberJoined | VirtualMembersAdded):
        orders = (
            (event.leader,)
            if isinstance(event, GroupOpened)
            else (event.order,)
            if isinstance(event, MemberJoined)
            else event.orders
        )
        db.executemany(
            "INSERT INTO orders (order_id, group_id, user_id, role, quantity, holds_stock) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [
                (o.order_id, o.group_id, o.user_id, o.role.value, o.quantity, int(not o.virtual))
                for o in orders
            ],
        )
    elif isinstance(event, MemberLeft):
        db.execute("UPDATE orders SET holds_stock = 0 WHERE order_id = ?", (event.order_id,))
    elif isinstance(event, GroupFailed):
        db.execute("UPDATE orders SET holds_stock = 0 WHERE group_id = ?", (event.group_id,))
