"""pintuan: group-buy (拼团) rules as exact, immutable values and pure functions."""

from pintuan.errors import (
    CommandRejected,
    ConfigurationError,
    CurrencyMismatch,
    DrawError,
    InvalidValue,
    MoneyError,
    NaiveDatetime,
    PintuanError,
    Rejection,
    ReplayFileError,
    ScheduleError,
)
from pintuan.money import Money, Rate, allocate

__all__ = [
    "CommandRejected",
    "ConfigurationError",
    "CurrencyMismatch",
    "DrawError",
    "InvalidValue",
    "Money",
    "MoneyError",
    "NaiveDatetime",
    "PintuanError",
    "Rate",
    "Rejection",
    "ReplayFileError",
    "ScheduleError",
    "allocate",
]
