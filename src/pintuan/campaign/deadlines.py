"""When a group's time runs out, under daily windows: the :class:`WindowDeadline` rules.

A campaign open only in daily windows (the seed's 10:00-12:00) meets a group
time limit (2 hours) in four reasonable ways, and the choice decides how many
groups opened late in a window can still fill:

* ``ELAPSED`` (the default): the deadline is the opening plus the time limit,
  in elapsed time; joins still count only inside the windows, so a group
  opened at 11:30 has until 13:30 but nobody can join it after 12:00;
* ``CLAMP_TO_WINDOW``: as ``ELAPSED``, but a group never outlives the window
  it opened in (the 11:30 group fails at 12:00);
* ``PAUSE_OUTSIDE_WINDOWS``: the time limit counts only open-window time (the
  11:30 group has 30 minutes today and 90 minutes from 10:00 tomorrow);
* ``JOIN_ANY_TIME``: only opening a group is restricted to the windows; joins
  count at any time before the deadline (``ELAPSED``'s deadline).

Every deadline is also clamped by the campaign's end, as seen from the
opening. All arithmetic is in UTC, so DST never stretches a limit.
"""

from __future__ import annotations

import enum
from datetime import datetime, timedelta

from pintuan._time import utc
from pintuan.schedule import Schedule

__all__ = ["WindowDeadline", "group_deadline"]


class WindowDeadline(enum.Enum):
    """How a group's time limit meets the campaign's daily windows (see the module)."""

    ELAPSED = "elapsed"
    CLAMP_TO_WINDOW = "clamp_to_window"
    PAUSE_OUTSIDE_WINDOWS = "pause_outside_windows"
    JOIN_ANY_TIME = "join_any_time"

    @property
    def joins_need_a_window(self) -> bool:
        """Whether a join must fall inside an open window."""
        return self is not _JOIN_ANY_TIME


# A module name: in Python 3.11 reading a member off its Enum class is a
# Python-level descriptor call (this is read on every join).
_JOIN_ANY_TIME = WindowDeadline.JOIN_ANY_TIME


def group_deadline(
    rule: WindowDeadline, schedule: Schedule, time_limit: timedelta, opened_at: datetime
) -> datetime:
    """The deadline, in UTC, of a group opened at ``opened_at`` (inside a window)."""
    start, end = utc(opened_at), utc(schedule.closes_at)
    if rule is WindowDeadline.PAUSE_OUTSIDE_WINDOWS:
        remaining = time_limit
        for window_start, window_end in schedule.windows_between(start, end):
            lo, hi = max(utc(window_start), start), min(utc(window_end), end)
            if hi - lo >= remaining:
                return lo + remaining
            remaining -= max(hi - lo, timedelta(0))
        return end
    deadline = min(start + time_limit, end)
    if rule is WindowDeadline.CLAMP_TO_WINDOW:
        window = schedule.window_at(opened_at)
        if window is not None:
            deadline = min(deadline, utc(window[1]))
    return deadline
