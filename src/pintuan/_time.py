"""Instants: every datetime pintuan accepts is time-zone aware.

Python compares and subtracts two datetimes that share a ``tzinfo`` by their
wall-clock fields, ignoring ``fold``; across a DST fall-back that puts the
later of two instants first, and adding a ``timedelta`` moves the wall clock,
not elapsed time. So instants are compared and shifted in UTC (:func:`utc`).
"""

from __future__ import annotations

from datetime import UTC, datetime

from pintuan.errors import NaiveDatetime

__all__ = ["require_aware", "utc"]


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
