"""The cattrs converter of the replay-file format: text in, pintuan values out.

Money is ``"99.00 CNY"`` text, durations ``"2h30m"``, dates and times ISO
8601, enums by value, prizes a table or a preset name, region agents a
table. Nothing is coerced: a list is never a string, an int never a string,
and unknown keys are refused at every level. :func:`structure` reports any
problem as a :class:`~pintuan.errors.ReplayFileError` naming the path of the
bad entry.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta
from typing import Any, get_args, get_origin

import attrs
import cattrs
from cattrs.cols import homogenous_tuple_structure_factory
from cattrs.gen import make_dict_structure_fn

from pintuan.errors import PintuanError, ReplayFileError
from pintuan.lottery import Prize
from pintuan.money import Money
from pintuan.schedule import DailyWindow

__all__ = ["structure"]

_DURATION = re.compile(r"(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?")


def _duration(value: Any, _type: Any) -> timedelta:
    match = _DURATION.fullmatch(value) if isinstance(value, str) and value else None
    if match is None:
        raise ValueError(f"{value!r} is not a duration such as '24h', '90m' or '1d12h'")
    d, h, m, s = (int(x or 0) for x in match.groups())
    return timedelta(days=d, hours=h, minutes=m, seconds=s)


def _iso(kind: type, parse: Callable[[str], Any]) -> Callable[[Any, Any], Any]:
    def hook(value: Any, _type: Any) -> Any:
        if isinstance(value, kind) and not (kind is date and isinstance(value, datetime)):
            return value
        if not isinstance(value, str):
            raise ValueError(f"{value!r} is not an ISO 8601 {kind.__name__}")
        return parse(value)

    return hook


def _exactly(kind: type) -> Callable[[Any, Any], Any]:
    """A hook that accepts only values already of ``kind`` (no silent coercion)."""

    def hook(value: Any, _type: Any) -> Any:
        if type(value) is not kind:
            raise ValueError(f"must be of type {kind.__name__}, not {type(value).__name__}")
        return value

    return hook


def _is_list_tuple(type_: Any) -> bool:
    args = get_args(type_)
    return get_origin(type_) is tuple and len(args) == 2 and args[1] is Ellipsis


def _list_tuple(type_: Any, conv: cattrs.Converter) -> Callable[[Any, Any], Any]:
    """``tuple[X, ...]`` from a list only: a string is never split into characters."""
    if get_args(type_)[0] == tuple[str, str]:
        return _pairs
    structure = homogenous_tuple_structure_factory(type_, conv)

    def hook(value: Any, _type: Any) -> Any:
        if not isinstance(value, list | tuple):
            raise ValueError(f"must be a list, not {type(value).__name__}")
        return structure(value, _type)

    return hook


def _pairs(value: Any, _type: Any) -> tuple[tuple[str, str], ...]:
    """Pairs such as RegionalReward.agents: a table ``{region = "agent"}`` or a list of pairs."""
    items = list(value.items()) if isinstance(value, dict) else value
    if not isinstance(items, list | tuple) or not all(
        isinstance(pair, list | tuple) and len(pair) == 2 for pair in items
    ):
        raise ValueError("must be a table of key = value, or a list of [key, value] pairs")
    if not all(type(x) is str for pair in items for x in pair):
        raise ValueError("keys and values must be strings")
    return tuple((str(a), str(b)) for a, b in items)


def _enum(value: Any, type_: type[enum.Enum]) -> enum.Enum:
    choices = [str(member.value) for member in type_]
    if type(value) is not str or value not in choices:
        raise ValueError(f"must be one of: {', '.join(choices)}")
    return type_(value)


_PRIZE_PRESETS: Mapping[str, Callable[[], Prize]] = {
    "product": Prize.product,
    "money_back": Prize.money_back,
    "nothing": Prize.nothing,
}


def _attrs_hook(kind: type, conv: cattrs.Converter) -> Callable[[Any, Any], Any]:
    """Structure an attrs class from a table only, refusing unknown keys.

    Values the parser built itself pass through; a prize may also be named by
    one of its presets (``winner = "product"``).
    """
    structure: Callable[[Any, Any], Any] = make_dict_structure_fn(kind, conv)

    def hook(value: Any, _type: Any) -> Any:
        if isinstance(value, kind):
            return value
        if kind is Prize and isinstance(value, str):
            if value not in _PRIZE_PRESETS:
                names = ", ".join(_PRIZE_PRESETS)
                raise ValueError(f"must be a table or one of the presets: {names}")
            return _PRIZE_PRESETS[value]()
        if not isinstance(value, dict):
            raise ValueError(f"must be a table, not {type(value).__name__}")
        return structure(value, kind)

    return hook


def _money(value: Any, _type: Any) -> Money:
    return value if isinstance(value, Money) else Money.parse(value)


def _converter() -> cattrs.Converter:
    conv = cattrs.Converter(forbid_extra_keys=True)
    for kind in (str, int, bool):
        conv.register_structure_hook(kind, _exactly(kind))
    conv.register_structure_hook_factory(_is_list_tuple, lambda t: _list_tuple(t, conv))
    conv.register_structure_hook_func(
        lambda t: isinstance(t, type) and issubclass(t, enum.Enum), _enum
    )
    conv.register_structure_hook_factory(attrs.has, lambda t: _attrs_hook(t, conv))
    conv.register_structure_hook(Money, _money)
    conv.register_structure_hook(timedelta, _duration)
    conv.register_structure_hook(date, _iso(date, date.fromisoformat))
    conv.register_structure_hook(datetime, _iso(datetime, datetime.fromisoformat))
    conv.register_structure_hook(DailyWindow, lambda v, _t: DailyWindow.parse(v))
    return conv


_CONVERTER = _converter()


_STEP = re.compile(r"\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]|\['([^']*)'\]")


def _lookup(raw: Any, where: str) -> Any:
    """Return the raw value at a cattrs path such as ``$.schedule.windows[0]``."""
    value = raw
    for name, index, key in _STEP.findall(where):
        try:
            value = value[int(index)] if index else value[name or key]
        except (KeyError, IndexError, TypeError):
            return None
    return value


def _leaf(exc: BaseException) -> BaseException:
    while isinstance(exc, cattrs.BaseValidationError) and exc.exceptions:
        exc = exc.exceptions[0]
    return exc


def _fail(path: str, raw: Any, exc: BaseException) -> ReplayFileError:
    if isinstance(exc, PintuanError):
        return ReplayFileError(f"{path}.{exc.field}", exc.value, exc.rule)
    if isinstance(exc, cattrs.BaseValidationError):
        message, _, where = cattrs.transform_error(exc, path="$")[0].rpartition(" @ ")
        leaf = _leaf(exc)
        if isinstance(leaf, cattrs.ForbiddenExtraKeysError):
            extra = sorted(leaf.extra_fields)
            return ReplayFileError(f"{path}{where[1:]}", extra, "unknown field(s)")
        if isinstance(leaf, PintuanError):
            # A value that checks itself names itself: coupon.coupon is just coupon.
            at = f"{path}{where[1:]}"
            if not at.endswith((f".{leaf.field}", f"]{leaf.field}")):
                at = f"{at}.{leaf.field}"
            return ReplayFileError(at, leaf.value, leaf.rule)
        if isinstance(leaf, ValueError) and str(leaf) and not isinstance(leaf, KeyError):
            message = str(leaf)
        return ReplayFileError(f"{path}{where[1:]}", _lookup(raw, where), message)
    return ReplayFileError(path, raw, str(exc))


def structure(raw: Any, cls: type, path: str) -> Any:
    """Structure ``raw`` into ``cls``, or raise a :class:`ReplayFileError` at ``path``."""
    if not isinstance(raw, dict):
        raise ReplayFileError(path, raw, "must be a table (mapping)")
    try:
        return _CONVERTER.structure(raw, cls)
    except (cattrs.BaseValidationError, PintuanError, ValueError, TypeError, KeyError) as exc:
        raise _fail(path, raw, exc) from None
