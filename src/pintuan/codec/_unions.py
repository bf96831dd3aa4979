"""Tagged unions: commands, events and effects carry ``"type": "<ClassName>"``.

A field typed :data:`~pintuan.lifecycle.commands.Command`,
:data:`~pintuan.lifecycle.events.Event` or
:data:`~pintuan.settlement.effects.Effect` is written as the member's fields
after its ``"type"``, and read back by that tag. A refused command of a
:class:`~pintuan.replay.ReplayResult` is the pair ``[command, rejection]``;
the rejection is written as its ``code``, ``field``, ``value`` (in a JSON-safe
form), ``rule`` and ``follow_up`` (a command, or ``null``).
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from datetime import date, time, timedelta
from typing import Any, Final, get_args

import attrs
import cattrs
from cattrs.errors import AttributeValidationNote

from pintuan.codec._errors import Refused
from pintuan.errors import CommandRejected, Rejection
from pintuan.lifecycle.commands import Command
from pintuan.lifecycle.events import Event
from pintuan.money import Money
from pintuan.settlement.effects import Effect

__all__ = ["UNIONS", "register_unions"]

#: The tagged unions.
UNIONS: Final[tuple[Any, ...]] = (Command, Event, Effect)
_REJECTION_KEYS: Final = frozenset({"code", "field", "value", "rule", "follow_up"})
_COMMAND: Final[Any] = Command  # a union, which cattrs' signature does not type


def _is(union: Any) -> Callable[[Any], bool]:
    return lambda type_: bool(type_ == union)


def _tagged_structure(conv: cattrs.Converter, union: Any) -> Callable[[Any, Any], Any]:
    members: dict[str, type] = {cls.__name__: cls for cls in get_args(union)}
    names = ", ".join(members)
    built = tuple(members.values())

    def hook(value: Any, _type: Any) -> Any:
        if isinstance(value, built):
            return value
        if not isinstance(value, dict):
            kind = type(value).__name__
            raise Refused(value, f'must be a table (a JSON object) with a "type", not {kind}')
        fields = dict(value)
        if "type" not in fields:
            raise Refused(None, f"is required: one of {names}", at="type")
        tag = fields.pop("type")
        cls = members.get(tag) if type(tag) is str else None
        if cls is None:
            raise Refused(tag, f"must be one of: {names}", at="type")
        return conv.structure(fields, cls)

    return hook


def _safe(conv: cattrs.Converter, value: Any) -> Any:
    """``value`` as JSON: written by the codec if it knows the type, else its ``repr``."""
    if value is None or type(value) in (bool, int, str):
        return value
    if isinstance(value, list | tuple):
        return [_safe(conv, item) for item in value]
    if isinstance(value, date | time | timedelta | Money | enum.Enum) or (
        attrs.has(type(value)) and type(value).__module__.startswith("pintuan.")
    ):
        return conv.unstructure(value)
    return repr(value)


def _unstructure_rejection(conv: cattrs.Converter, rejection: CommandRejected) -> dict[str, Any]:
    follow_up = rejection.follow_up
    return {
        "code": rejection.code.value,
        "field": rejection.field,
        "value": _safe(conv, rejection.value),
        "rule": rejection.rule,
        "follow_up": None if follow_up is None else conv.unstructure(follow_up, _COMMAND),
    }


def _key(conv: cattrs.Converter, data: dict[str, Any], name: str, type_: Any) -> Any:
    """Structure ``data[name]``, naming ``name`` in the path of any error."""
    try:
        return conv.structure(data[name], type_)
    except Exception as exc:
        exc.add_note(AttributeValidationNote(f"Structuring @ attribute {name}", name, type_))
        raise cattrs.ClassValidationError("While structuring", [exc], CommandRejected) from None


def _structure_rejection(conv: cattrs.Converter, value: Any) -> CommandRejected:
    if isinstance(value, CommandRejected):
        return value
    if not isinstance(value, dict):
        raise Refused(value, f"must be a table (a JSON object), not {type(value).__name__}")
    extra = value.keys() - _REJECTION_KEYS
    if extra:
        raise cattrs.ForbiddenExtraKeysError("", CommandRejected, set(extra))
    code = _key(conv, value, "code", Rejection)
    field, rule = _key(conv, value, "field", str), _key(conv, value, "rule", str)
    shown = _key(conv, value, "value", Any)
    follow_up = _key(conv, value, "follow_up", Any)
    if follow_up is not None:
        follow_up = _key(conv, value, "follow_up", _COMMAND)
    return CommandRejected(code, field, shown, rule, follow_up=follow_up)


def register_unions(conv: cattrs.Converter) -> None:
    """Teach ``conv`` the tagged unions and refused commands' rejections."""
    for union in UNIONS:
        conv.register_structure_hook_func(_is(union), _tagged_structure(conv, union))
        conv.register_unstructure_hook_func(
            _is(union), lambda value: {"type": type(value).__name__, **conv.unstructure(value)}
        )
    conv.register_unstructure_hook(CommandRejected, lambda r: _unstructure_rejection(conv, r))
    conv.register_structure_hook(CommandRejected, lambda v, _t: _structure_rejection(conv, v))
