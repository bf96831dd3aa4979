"""Instants: every datetime pintuan accepts is time-zone aware.

Python compares and subtracts two datetimes that share a ``tzinfo`` by their
wall-clock fields, ignoring ``fold``; across a DST fall-back that puts the
later of two instants first, and adding a ``timedelta`` moves the wall clock,
not elapsed time. So instants are compared and shifted in UTC (:func:`utc`).
"""

from __future__ import annotations

from datetime import UTC, datetime, timezone
from zoneinfo import ZoneInfo

from pintuan.errors import NaiveDatetime

__all__ = ["before", "require_aware", "utc"]


def require_aware(field: str, value: object) -> datetime:
    """Return ``value`` if it is an aware :class:`~datetime.datetime`, else raise.

    Raises:
        NaiveDatetime: ``value`` is not a datetime, or has no UTC offset.
    """
    if not isinstance(value, datetime):
        raise NaiveDatetime(field, value, "must be a time-zone aware datetime")
    if value.tzinfo is None or value.utcoffset() is None:
        raise NaiveDatetime(field, value, "must be time-zone aware (naive datetimes are refused)")
    return value


def utc(value: datetime) -> datetime:
    """Return the aware instant ``value`` in UTC, for comparison and arithmetic."""
    return value.astimezone(UTC)


def before(a: datetime, b: datetime) -> bool:
    """Whether the aware instant ``a`` comes before ``b``: ``utc(a) < utc(b)``, made cheaply.

    Python compares datetimes with different ``tzinfo`` in UTC already, and
    two with the same ``tzinfo`` by their wall clocks, which orders the
    instants right when their UTC offsets agree (always, for one fixed
    offset); only otherwise (a DST change between them) are both converted.
    """
    tz = a.tzinfo
    if tz is not b.tzinfo or type(tz) is timezone:
        return a < b
    if type(tz) is ZoneInfo:
        # Asked of the zone itself: what a.utcoffset() returns (a ZoneInfo's
        # offsets are always valid), without datetime's wrapper, ~5x faster.
        same = tz.utcoffset(a) == tz.utcoffset(b)
    else:
        same = a.utcoffset() == b.utcoffset()
    return a < b if same else a.astimezone(UTC) < b.astimezone(UTC)
