"""The leaves of a document: strict scalars, enums, instants, durations, money text.

Each ``structure_*`` function is a cattrs structure hook ``(value, type)``;
it returns the value or raises :class:`~pintuan.codec._errors.Refused` with
the rule it broke. Nothing is coerced: a string is never an int, an int never
a bool, a float never money.

Written forms (``unstructure_*``):

- datetime: ISO 8601 with its offset, and the IANA zone in brackets when the
  ``tzinfo`` is a :class:`zoneinfo.ZoneInfo` (RFC 9557):
  ``"2020-07-01T10:05:00+08:00[Asia/Shanghai]"``; other time zones (such as
  ``datetime.timezone.utc``) are written by their offset alone;
- date and time: ISO 8601 (``"2020-07-01"``, ``"10:00:00"``);
- timedelta: an ISO 8601 duration of days, hours, minutes and seconds
  (``"PT2H30M"``, ``"P1DT12H"``, ``"PT0.5S"``), never months or years.

Read forms also include the replay file's friendly ones: durations such as
``"2h30m"`` or ``"1d12h"``, and TOML's own date and datetime values.
"""

from __future__ import annotations

import enum
import re
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from pintuan.codec._errors import Refused

__all__ = [
    "exactly",
    "structure_date",
    "structure_datetime",
    "structure_enum",
    "structure_time",
    "structure_timedelta",
    "unstructure_datetime",
    "unstructure_timedelta",
]

_STAMP = re.compile(r"(?P<stamp>[^\[\]]+)(?:\[(?P<zone>[^\[\]]*)\])?")
_ISO_DURATION = re.compile(
    r"(?P<sign>-?)P(?:(?P<d>\d+)D)?"
    r"(?:T(?=\d)(?:(?P<h>\d+)H)?(?:(?P<m>\d+)M)?(?:(?P<s>\d+)(?:\.(?P<f>\d{1,6}))?S)?)?"
)
_FRIENDLY_DURATION = re.compile(r"(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?")
_DATETIME_RULE = (
    "must be an ISO 8601 datetime with its offset, optionally with the zone: "
    "'2020-07-01T10:05:00+08:00' or '2020-07-01T10:05:00+08:00[Asia/Shanghai]'"
)
_NAIVE_RULE = "must be time-zone aware (naive datetimes are refused): add an offset such as +08:00"
_DURATION_RULE = (
    "must be a duration: ISO 8601 such as 'PT2H30M' or 'P1DT12H', or text such as "
    "'24h', '90m' or '1d12h'"
)


def exactly(kind: type) -> Any:
    """A hook that accepts only values already of ``kind`` (no silent coercion)."""

    def hook(value: Any, _type: Any) -> Any:
        if type(value) is not kind:
            raise Refused(value, f"must be of type {kind.__name__}, not {type(value).__name__}")
        return value

    return hook


def structure_enum(value: Any, type_: type[enum.Enum]) -> enum.Enum:
    """An enum member from its value (a string), never from its name."""
    choices = [str(member.value) for member in type_]
    if type(value) is not str or value not in choices:
        raise Refused(value, f"must be one of: {', '.join(choices)}")
    return type_(value)


def unstructure_datetime(value: datetime) -> str:
    """ISO 8601 with the offset, plus ``[zone]`` for a :class:`~zoneinfo.ZoneInfo`."""
    text = value.isoformat()
    zone = value.tzinfo
    if isinstance(zone, ZoneInfo) and zone.key:
        return f"{text}[{zone.key}]"
    return text


def _zone(key: str, value: str) -> ZoneInfo:
    try:
        return ZoneInfo(key)
    except Exception:  # unknown key, bad path, empty name: all mean "not a zone"
        raise Refused(
            value, f"{key!r} is not an IANA time zone name such as 'Asia/Shanghai'"
        ) from None


def structure_datetime(value: Any, _type: Any) -> datetime:
    """An aware datetime; a bracketed zone must agree with the offset.

    The offset picks the ``fold`` of a wall time that a DST change repeats.
    """
    if isinstance(value, datetime):  # a TOML datetime, or a value already built
        if value.utcoffset() is None:
            raise Refused(value, _NAIVE_RULE)
        return value
    match = _STAMP.fullmatch(value) if type(value) is str else None
    if match is None:
        raise Refused(value, _DATETIME_RULE)
    try:
        stamp = datetime.fromisoformat(match["stamp"])
    except ValueError:
        raise Refused(value, _DATETIME_RULE) from None
    offset = stamp.utcoffset()
    if offset is None:
        raise Refused(value, _NAIVE_RULE)
    if match["zone"] is None:
        return stamp
    zone = _zone(match["zone"], value)
    wall = stamp.replace(tzinfo=None)
    for fold in (0, 1):
        local = wall.replace(tzinfo=zone, fold=fold)
        if local.utcoffset() == offset:
            return local
    raise Refused(value, f"the offset {_offset(offset)} is not {zone.key}'s offset at that time")


def _offset(offset: timedelta) -> str:
    sign = "-" if offset < timedelta(0) else "+"
    minutes, seconds = divmod(int(abs(offset).total_seconds()), 60)
    text = f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"
    return f"{text}:{seconds:02d}" if seconds else text


def structure_date(value: Any, _type: Any) -> date:
    """An ISO 8601 date (``"2020-07-01"``), or a TOML date; never a datetime."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    try:
        if type(value) is str:
            return date.fromisoformat(value)
    except ValueError:
        pass
    raise Refused(value, "must be an ISO 8601 date such as '2020-07-01'")


def structure_time(value: Any, _type: Any) -> time:
    """An ISO 8601 time of day (``"10:00:00"``), or a TOML time."""
    if isinstance(value, time):
        return value
    try:
        if type(value) is str:
            return time.fromisoformat(value)
    except ValueError:
        pass
    raise Refused(value, "must be an ISO 8601 time of day such as '10:00:00'")


def unstructure_timedelta(value: timedelta) -> str:
    """An ISO 8601 duration: ``"PT2H30M"``, ``"P1DT12H"``, ``"PT0S"``, ``"-PT5M"``."""
    sign = "-" if value < timedelta(0) else ""
    value = abs(value)
    hours, rest = divmod(value.seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    clock = (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")
    if value.microseconds:
        clock += f"{seconds}.{value.microseconds:06d}".rstrip("0") + "S"
    elif seconds:
        clock += f"{seconds}S"
    days = f"{value.days}D" if value.days else ""
    if not days and not clock:
        clock = "0S"
    return f"{sign}P{days}" + (f"T{clock}" if clock else "")


def structure_timedelta(value: Any, _type: Any) -> timedelta:
    """An ISO 8601 duration (days to seconds), or friendly text such as ``"2h30m"``."""
    if isinstance(value, timedelta):
        return value
    text = value if type(value) is str else ""
    try:
        if (iso := _ISO_DURATION.fullmatch(text)) and text not in ("P", "-P"):
            fraction = (iso["f"] or "").ljust(6, "0")
            parts = (int(iso[k] or 0) for k in ("d", "h", "m", "s"))
            d, h, m, s = parts
            total = timedelta(days=d, hours=h, minutes=m, seconds=s, microseconds=int(fraction))
            return -total if iso["sign"] else total
        if text and (friendly := _FRIENDLY_DURATION.fullmatch(text)):
            d, h, m, s = (int(x or 0) for x in friendly.groups())
            return timedelta(days=d, hours=h, minutes=m, seconds=s)
    except OverflowError:
        raise Refused(value, "is too long a duration") from None
    raise Refused(value, _DURATION_RULE)
