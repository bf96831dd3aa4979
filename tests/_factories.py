"""Shared builders for tests: campaigns, instants, command logs and group snapshots."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import attrs
from hypothesis import strategies as st

from pintuan import (
    CloseGroup,
    DailyWindow,
    ExpireGroup,
    Group,
    JoinGroup,
    LeaveGroup,
    Money,
    OpenGroup,
    Schedule,
)
from pintuan.campaign import Campaign

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(hour: int, minute: int = 0, day: int = 1, second: int = 0) -> datetime:
    """An instant in July 2020, Shanghai time."""
    return datetime(2020, 7, day, hour, minute, second, tzinfo=SHANGHAI)


def seed_schedule() -> Schedule:
    """The seed's schedule: 2020-07-01..30, daily 10:00-12:00, Asia/Shanghai."""
    return Schedule(
        timezone="Asia/Shanghai",
        start_date=date(2020, 7, 1),
        end_date=date(2020, 7, 30),
        windows=(DailyWindow(start=time(10), end=time(12)),),
    )


def all_day_schedule() -> Schedule:
    return Schedule(
        timezone="Asia/Shanghai", start_date=date(2020, 7, 1), end_date=date(2020, 7, 30)
    )


def campaign(**overrides: Any) -> Campaign:
    """A normal campaign at 99.00 CNY, groups of 3, 2 hours, the seed's schedule.

    Overrides are any fields of :class:`Campaign` (a draw, rewards, gifts...);
    ``capacity`` defaults to ``group_size``.
    """
    options: dict[str, Any] = {
        "campaign_id": "c1",
        "product_id": "sku-1",
        "price": Money.parse("99.00 CNY"),
        "group_size": 3,
        "time_limit": timedelta(hours=2),
        "schedule": seed_schedule(),
    }
    options.update(overrides)
    options.setdefault("capacity", options["group_size"])
    return Campaign(**options)


def command_logs(*, groups: int = 3, users: int = 8, max_size: int = 40) -> st.SearchStrategy[list]:
    """Random command logs over a few groups and users, in time order.

    Every group is opened first (by users u0, u1, ...); then come joins (most
    often), leaves, expiries and operator closes. Times advance by 0-15 minutes
    per command from 2020-07-01 10:00, so logs cross deadlines and the daily
    window's end.
    """
    kinds = ["join"] * 5 + ["leave", "expire", "close", "open"]

    def build(steps: list[tuple[str, int, int, int, int]]) -> list:
        now = at(10)
        out: list = [
            OpenGroup(group_id=f"g{g}", order_id=f"open{g}", user_id=f"u{g}", at=now)
            for g in range(groups)
        ]
        for i, (kind, g, u, gap, qty) in enumerate(steps):
            now += timedelta(minutes=gap)
            gid, uid, oid = f"g{g}", f"u{u}", f"o{i}"
            if kind == "open":
                out.append(OpenGroup(group_id=gid, order_id=oid, user_id=uid, at=now, quantity=qty))
            elif kind == "join":
                out.append(JoinGroup(group_id=gid, order_id=oid, user_id=uid, at=now, quantity=qty))
            elif kind == "leave":
                target = f"o{i - 1 - u}" if i - 1 - u >= 0 else f"open{g}"
                out.append(LeaveGroup(group_id=gid, order_id=target, at=now))
            elif kind == "expire":
                out.append(ExpireGroup(group_id=gid, at=now))
            else:
                out.append(CloseGroup(group_id=gid, at=now))
        return out

    step = st.tuples(
        st.sampled_from(kinds),
        st.integers(0, groups - 1),
        st.integers(0, users - 1),
        st.integers(0, 15),
        st.integers(1, 2),
    )
    return st.lists(step, max_size=max_size).map(build)


def snapshot(group: Group | None) -> Any:
    """A deep, independent copy of everything observable in a group.

    ``attrs.asdict(group, recurse=True)`` would keep the very same Roster
    objects, so a roster changed in place would still compare equal; the
    rosters are therefore materialised into tuples of plain dicts.
    """
    if group is None:
        return None
    fields = attrs.asdict(group, recurse=False)
    for name in ("members", "departed"):
        roster = getattr(group, name)
        fields[name] = (len(roster), tuple(attrs.asdict(o) for o in roster))
    fields["users"] = tuple(group.members.has_user(o.user_id) for o in group.orders)
    return fields
