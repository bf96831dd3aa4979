"""Turning what goes wrong while structuring into one pintuan error with a JSON path.

cattrs reports a bad document as a tree of exception groups whose notes name
the attribute or the index each level was structuring. :func:`failure` walks
that tree down its first branch, building the path as it goes
(``.name`` for a key, ``[3]`` for an index), and words the leaf:

- :class:`Refused`, raised by the codec's own hooks, carries the value and
  the rule (and, for a ``type`` tag or a derived ``kind``, one more step);
- a :class:`~pintuan.errors.PintuanError` raised by a value's own validator
  keeps its rule, and its field is appended to the path of the value that
  raised it (``$.price`` + ``amount``);
- a missing key is "is required", unknown keys are "unknown field(s)".
"""

from __future__ import annotations

import json
import re
from typing import Any

import attrs
import cattrs
from cattrs.errors import AttributeValidationNote, IterableValidationNote

from pintuan.errors import PintuanError

__all__ = ["Refused", "at_index", "failure", "join"]

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class Refused(ValueError):
    """A hook refused a value: ``value`` broke ``rule``.

    ``at`` is a step below the value being structured (``"type"``), or ``""``.
    """

    def __init__(self, value: Any, rule: str, *, at: str = "") -> None:
        super().__init__(rule)
        self.value = value
        self.rule = rule
        self.at = at


def join(path: str, step: str | int) -> str:
    """Return ``path`` one step further: ``.name``, ``["odd key"]`` or ``[3]``."""
    if isinstance(step, int):
        return f"{path}[{step}]"
    if _NAME.fullmatch(step):
        return f"{path}.{step}"
    return f"{path}[{json.dumps(step, ensure_ascii=False)}]"


def at_index(exc: Exception, index: int, type_: Any) -> cattrs.IterableValidationError:
    """Wrap ``exc`` raised by item ``index`` the way cattrs does for a list."""
    exc.add_note(IterableValidationNote(f"Structuring {type_} @ index {index}", index, type_))
    return cattrs.IterableValidationError(f"While structuring {type_}", [exc], type_)


def _lookup(raw: Any, steps: list[str | int]) -> Any:
    value = raw
    for step in steps:
        try:
            value = value[step]
        except (KeyError, IndexError, TypeError):
            return None
    return value


def _step(exc: BaseException) -> str | int | None:
    """The attribute name or index that the note on ``exc`` names, if any."""
    for note in reversed(getattr(exc, "__notes__", ())):
        if isinstance(note, AttributeValidationNote):
            return note.name
        if isinstance(note, IterableValidationNote):
            return note.index
    return None


def _own_field(field: str, cls: type | None) -> str:
    """The part of a validator's ``field`` that lies below the value that raised it.

    ``"virtual_completion.min_real_members"`` stays whole; a prefix that is
    not a field of ``cls`` (``"context."``) is dropped; a name for the value
    itself (a coupon's ``"coupon"``) gives ``""``.
    """
    if cls is None or not attrs.has(cls):
        return field
    names = attrs.fields_dict(cls)
    parts = field.split(".")
    for i, part in enumerate(parts):
        if part.split("[", 1)[0] in names:
            return ".".join(parts[i:])
    return ""


def failure(exc: BaseException, raw: Any, root: str) -> tuple[str, Any, str]:
    """Return (path, value, rule) for ``exc``, raised structuring ``raw`` at ``root``."""
    path, steps = root, []
    owner: type | None = None
    while isinstance(exc, cattrs.BaseValidationError) and exc.exceptions:
        owner = exc.cl if isinstance(exc, cattrs.ClassValidationError) else None
        exc = exc.exceptions[0]
        step = _step(exc)
        if step is not None:
            path, owner = join(path, step), None
            steps.append(step)
    if isinstance(exc, Refused):
        return (join(path, exc.at) if exc.at else path), exc.value, exc.rule
    if isinstance(exc, PintuanError):
        below = _own_field(exc.field, owner)
        return (f"{path}.{below}" if below else path), exc.value, exc.rule
    if isinstance(exc, cattrs.ForbiddenExtraKeysError):
        return path, sorted(exc.extra_fields, key=str), "unknown field(s)"
    if isinstance(exc, KeyError):
        return path, None, "is required"
    return path, _lookup(raw, steps), str(exc) or type(exc).__name__
