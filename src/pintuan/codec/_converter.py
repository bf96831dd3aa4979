"""The one cattrs converter of pintuan: JSON documents and replay files share it.

Written forms: attrs values as JSON objects in field order, tuples and
rosters as arrays, enums by value, money as ``{"amount": 9900, "currency":
"CNY"}``, instants, dates, times and durations as ISO 8601 text (see
:mod:`pintuan.codec._scalars`), commands, events and effects tagged with
their ``"type"`` (see :mod:`pintuan.codec._unions`), and a campaign with its
derived ``"kind"`` first.

Read forms are strict: a value is a table (a JSON object) with exactly its
fields, a tuple a list, nothing coerced. Besides the written forms, reading
accepts the friendly forms of a replay file: money as text (``"99.00 CNY"``,
parsed exactly by :meth:`Money.parse`), a daily window as ``"10:00-12:00"``,
a prize by preset name (``"product"``, ``"money_back"``, ``"nothing"``),
region agents as a table ``{region: agent}``, durations as ``"2h30m"``, and
values that are already built.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Callable, Mapping
from datetime import date, datetime, time, timedelta
from typing import Any, Final, get_args, get_origin

import attrs
import cattrs
from cattrs.cols import homogenous_tuple_structure_factory
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn

from pintuan.campaign import Campaign
from pintuan.codec._errors import Refused, at_index
from pintuan.codec._scalars import (
    exactly,
    structure_date,
    structure_datetime,
    structure_enum,
    structure_time,
    structure_timedelta,
    unstructure_datetime,
    unstructure_timedelta,
)
from pintuan.codec._unions import register_unions
from pintuan.errors import PintuanError
from pintuan.lifecycle.group import Roster
from pintuan.lifecycle.order import Order
from pintuan.lottery import Prize
from pintuan.money import Money
from pintuan.schedule import DailyWindow

__all__ = ["converter"]

_PRIZE_PRESETS: Final[Mapping[str, Callable[[], Prize]]] = {
    "product": Prize.product,
    "money_back": Prize.money_back,
    "nothing": Prize.nothing,
}
_TABLE: Final = "a table (a JSON object)"


def _prize(text: str) -> Prize:
    if text not in _PRIZE_PRESETS:
        raise Refused(text, f"must be {_TABLE} or one of the presets: {', '.join(_PRIZE_PRESETS)}")
    return _PRIZE_PRESETS[text]()


def _parsed(parse: Callable[[str], Any]) -> Callable[[str], Any]:
    """``parse``, with its error reported against the text as a whole."""

    def read(text: str) -> Any:
        try:
            return parse(text)
        except PintuanError as err:
            raise Refused(text, err.rule) from None

    return read


#: Text forms some values may also be read from, and what to call them in errors.
_TEXT_FORMS: Final[Mapping[type, tuple[Callable[[str], Any], str]]] = {
    Money: (_parsed(Money.parse), 'money: {"amount": 9900, "currency": "CNY"} or "99.00 CNY"'),
    DailyWindow: (_parsed(DailyWindow.parse), f"{_TABLE} or text such as '10:00-12:00'"),
    Prize: (_prize, f"{_TABLE} or one of the presets: {', '.join(_PRIZE_PRESETS)}"),
}


def _money(value: dict[str, Any], _type: Any) -> Money:
    """Money from ``{"amount", "currency"}``, checked by Money itself (floats refused)."""
    extra = value.keys() - {"amount", "currency"}
    if extra:
        raise cattrs.ForbiddenExtraKeysError("", Money, set(extra))
    for key in ("amount", "currency"):
        if key not in value:
            raise Refused(None, "is required", at=key)
    try:
        return Money(amount=value["amount"], currency=value["currency"])
    except PintuanError as err:
        raise Refused(err.value, err.rule, at=err.field) from None


def _attrs_structure(cls: type, conv: cattrs.Converter) -> Callable[[Any, Any], Any]:
    """Structure an attrs value from a table with exactly its fields (or a text form)."""
    structure: Callable[[Any, Any], Any] = (
        _money if cls is Money else make_dict_structure_fn(cls, conv)
    )
    text, what = _TEXT_FORMS.get(cls, (None, _TABLE))

    def hook(value: Any, _type: Any) -> Any:
        if isinstance(value, cls):
            return value
        if isinstance(value, dict):
            return structure(value, cls)
        if text is not None and type(value) is str:
            return text(value)
        raise Refused(value, f"must be {what}, not {type(value).__name__}")

    if cls is not Campaign:
        return hook

    def campaign(value: Any, type_: Any) -> Any:
        fields = dict(value) if isinstance(value, dict) else value
        kind = fields.pop("kind", None) if isinstance(fields, dict) else None
        built: Campaign = hook(fields, type_)
        if kind is not None and kind != built.kind.value:
            rule = f"must be {built.kind.value!r}: the kind the campaign's fields give"
            raise Refused(kind, rule, at="kind")
        return built

    return campaign


def _campaign_unstructure(conv: cattrs.Converter) -> Callable[[Campaign], dict[str, Any]]:
    fields = make_dict_unstructure_fn(Campaign, conv)
    return lambda campaign: {"kind": campaign.kind.value, **fields(campaign)}


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
            raise Refused(value, f"must be a list, not {type(value).__name__}")
        return structure(value, _type)

    return hook


def _is_fixed_tuple(type_: Any) -> bool:
    args = get_args(type_)
    return get_origin(type_) is tuple and bool(args) and args[-1] is not Ellipsis


def _fixed_tuple(type_: Any, conv: cattrs.Converter) -> Callable[[Any, Any], Any]:
    """``tuple[X, Y]`` from a list of exactly its items, each structured as its type."""
    kinds = get_args(type_)

    def hook(value: Any, _type: Any) -> tuple[Any, ...]:
        if not isinstance(value, list | tuple) or len(value) != len(kinds):
            raise Refused(value, f"must be a list of {len(kinds)} items")
        items = []
        for index, (item, kind) in enumerate(zip(value, kinds, strict=True)):
            try:
                items.append(conv.structure(item, kind))
            except Exception as exc:
                raise at_index(exc, index, type_) from None
        return tuple(items)

    return hook


def _text_or_texts(value: Any, _type: Any) -> str | tuple[str, ...]:
    """``str | tuple[str, ...]`` (a draw mismatch's sides): a string or a list of strings."""
    if type(value) is str:
        return value
    if isinstance(value, list | tuple) and all(type(x) is str for x in value):
        return tuple(value)
    raise Refused(value, "must be a string or a list of strings")


def _pairs(value: Any, _type: Any) -> tuple[tuple[str, str], ...]:
    """Pairs such as RegionalReward.agents: a list of pairs, or a table ``{region: agent}``."""
    items = list(value.items()) if isinstance(value, dict) else value
    if not isinstance(items, list | tuple) or not all(
        isinstance(pair, list | tuple) and len(pair) == 2 for pair in items
    ):
        raise Refused(value, "must be a list of [key, value] pairs, or a table of key = value")
    if not all(type(x) is str for pair in items for x in pair):
        raise Refused(value, "keys and values must be strings")
    return tuple((a, b) for a, b in items)


def _is_roster(type_: Any) -> bool:
    return type_ is Roster or get_origin(type_) is Roster


def _roster_structure(conv: cattrs.Converter) -> Callable[[Any, Any], Roster[Order]]:
    def hook(value: Any, _type: Any) -> Roster[Order]:
        if isinstance(value, Roster):
            return value
        orders: tuple[Order, ...] = conv.structure(value, tuple[Order, ...])
        return Roster(orders)

    return hook


def _build() -> cattrs.Converter:
    conv = cattrs.Converter(forbid_extra_keys=True)
    for kind in (str, int, bool):
        conv.register_structure_hook(kind, exactly(kind))
    conv.register_structure_hook_func(
        lambda t: isinstance(t, type) and issubclass(t, enum.Enum), structure_enum
    )
    conv.register_structure_hook_factory(_is_list_tuple, lambda t: _list_tuple(t, conv))
    conv.register_structure_hook_factory(_is_fixed_tuple, lambda t: _fixed_tuple(t, conv))
    conv.register_structure_hook_func(lambda t: t == str | tuple[str, ...], _text_or_texts)
    conv.register_structure_hook_factory(attrs.has, lambda t: _attrs_structure(t, conv))
    conv.register_structure_hook_func(_is_roster, _roster_structure(conv))
    conv.register_unstructure_hook_func(
        _is_roster, lambda roster: [conv.unstructure(o, Order) for o in roster]
    )
    conv.register_structure_hook(datetime, structure_datetime)
    conv.register_unstructure_hook(datetime, unstructure_datetime)
    conv.register_structure_hook(date, structure_date)
    conv.register_unstructure_hook(date, date.isoformat)
    conv.register_structure_hook(time, structure_time)
    conv.register_unstructure_hook(time, time.isoformat)
    conv.register_structure_hook(timedelta, structure_timedelta)
    conv.register_unstructure_hook(timedelta, unstructure_timedelta)
    register_unions(conv)
    # Generated last and lazily, so that it finds every hook above.
    conv.register_unstructure_hook_factory(
        lambda t: t is Campaign, lambda _t: _campaign_unstructure(conv)
    )
    return conv


@functools.cache
def converter() -> cattrs.Converter:
    """The one cattrs converter pintuan writes and reads values with.

    Use it through :func:`pintuan.codec.unstructure` and
    :func:`~pintuan.codec.structure` (which add the document envelope and
    turn errors into :class:`~pintuan.errors.CodecError`); the replay-file
    parser uses it through :func:`~pintuan.codec.structure_value`. Register
    nothing on it: it is shared.
    """
    return _build()
