"""The one exception hierarchy of pintuan.

Every error the library raises is a :class:`PintuanError`. Each carries the
name of the offending field, the offending value and the rule it broke, both
as attributes and in its message, so that a service can report it and a person
can fix it::

    >>> from pintuan.errors import InvalidValue
    >>> err = InvalidValue("group_size", 1, "must be at least 2")
    >>> str(err)
    'group_size=1: must be at least 2'
    >>> (err.field, err.value, err.rule)
    ('group_size', 1, 'must be at least 2')

Dates and times are shown in ISO 8601 in messages.

Configuration and value errors also derive from :class:`ValueError`; a rejected
command is a :class:`CommandRejected` carrying a machine-readable
:class:`Rejection` code.
"""

from __future__ import annotations

import enum
from datetime import date, time
from typing import Any

__all__ = [
    "CodecError",
    "CommandRejected",
    "ConfigurationError",
    "CurrencyMismatch",
    "DrawError",
    "InvalidValue",
    "MoneyError",
    "NaiveDatetime",
    "PintuanError",
    "Rejection",
    "ReplayFileError",
    "ScheduleError",
]


class PintuanError(Exception):
    """Base class of every error raised by pintuan.

    Attributes:
        field: Dotted name of the field (or argument) that holds the bad value.
        value: The bad value itself.
        rule: The rule that the value broke, in plain words.
    """

    def __init__(self, field: str, value: Any, rule: str) -> None:
        self.field = field
        self.value = value
        self.rule = rule
        super().__init__(f"{field}={_shown(value)}: {rule}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.field, self.value, self.rule))


def _shown(value: Any) -> str:
    if isinstance(value, date | time):
        return value.isoformat()
    try:
        return repr(value)
    except ValueError:  # an int too long to write (sys.get_int_max_str_digits)
        return f"<an int of {value.bit_length()} bits>"


class InvalidValue(PintuanError, ValueError):
    """A value or a configuration breaks a rule; nothing was built or changed."""


class MoneyError(InvalidValue):
    """An amount is not exact money: a float, extra precision, a bad currency."""


class CurrencyMismatch(MoneyError):
    """Two amounts in different currencies met in one operation."""


class NaiveDatetime(InvalidValue):
    """A datetime without a time zone was given where an instant is needed."""


class ScheduleError(InvalidValue):
    """A campaign schedule (dates, windows, time zone, recurrence) is invalid."""


class ConfigurationError(InvalidValue):
    """A campaign, tier table, draw policy or reward plan is misconfigured."""


class DrawError(InvalidValue):
    """A draw was asked for with bad inputs (seed, entries or winner count)."""


class CodecError(InvalidValue):
    """A stored document (JSON) cannot be read back into a pintuan value.

    ``field`` is the JSON path of the bad entry, such as
    ``$.members[0].paid.amount`` (``$`` is the document, ``.name`` a key,
    ``[3]`` an array index); ``value`` is the bad value as found (``None``
    for a missing key) and ``rule`` the rule it broke. Nothing is built.
    """


class ReplayFileError(PintuanError):
    """A replay file is malformed; ``field`` is the path of the bad entry."""


class Rejection(enum.Enum):
    """Why a command was rejected. The values are stable strings."""

    GROUP_EXISTS = "group_exists"
    UNKNOWN_GROUP = "unknown_group"
    ILLEGAL_IN_STATE = "illegal_in_state"
    VERSION_CONFLICT = "version_conflict"
    OUTSIDE_SCHEDULE = "outside_schedule"
    DEADLINE_PASSED = "deadline_passed"
    NOT_DUE = "not_due"
    GROUP_FULL = "group_full"
    ALREADY_MEMBER = "already_member"
    NOT_A_MEMBER = "not_a_member"
    DUPLICATE_ORDER = "duplicate_order"
    JOIN_LIMIT = "join_limit"
    OPEN_LIMIT = "open_limit"
    QUANTITY_LIMIT = "quantity_limit"
    OUT_OF_STOCK = "out_of_stock"
    NOT_NEW_USER = "not_new_user"
    TIME_WENT_BACKWARDS = "time_went_backwards"


class CommandRejected(PintuanError):
    """A command was refused; the state it was decided against is unchanged.

    Attributes:
        code: Machine-readable reason.
        follow_up: A command the caller may run instead (for example a join
            redirected to another group with a free seat), or ``None``.
    """

    def __init__(
        self,
        code: Rejection,
        field: str,
        value: Any,
        rule: str,
        *,
        follow_up: Any = None,
    ) -> None:
        self.code = code
        self.follow_up = follow_up
        super().__init__(field, value, rule)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_rejection, (self.code, self.field, self.value, self.rule, self.follow_up))


def _rebuild_rejection(
    code: Rejection, field: str, value: Any, rule: str, follow_up: Any
) -> CommandRejected:
    return CommandRejected(code, field, value, rule, follow_up=follow_up)
