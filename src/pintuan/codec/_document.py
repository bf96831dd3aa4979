"""Documents: a value's fields plus ``format`` and ``type``, as dicts or JSON text."""

from __future__ import annotations

import json
from typing import Any, Final

import attrs

from pintuan.codec._converter import converter
from pintuan.codec._errors import failure
from pintuan.codec._unions import UNIONS
from pintuan.errors import CodecError, PintuanError

__all__ = [
    "FORMAT_VERSION",
    "from_json",
    "structure",
    "structure_value",
    "to_json",
    "unstructure",
]

#: The format version this pintuan writes, and the newest it reads.
FORMAT_VERSION: Final = 1
_ROOT: Final = "$"
_MISSING: Final[Any] = object()


def _storable(cls: Any) -> bool:
    return isinstance(cls, type) and attrs.has(cls) and cls.__module__.startswith("pintuan.")


def unstructure(value: Any) -> dict[str, Any]:
    """Return ``value`` as a JSON-ready document: ``format``, ``type``, then its fields.

    Nested values carry no ``format``; commands, events and effects nested in
    a value carry their ``type``.

    Raises:
        CodecError: ``value`` is not a pintuan value (field ``value``).
    """
    cls = type(value)
    if not _storable(cls):
        raise CodecError("value", value, "is not a pintuan value the codec stores")
    fields: dict[str, Any] = converter().unstructure(value, cls)
    return {"format": FORMAT_VERSION, "type": cls.__name__, **fields}


def to_json(value: Any, *, indent: int | None = None) -> str:
    """Return :func:`unstructure` of ``value`` as JSON text.

    Keys keep the fields' order; non-ASCII text is written as is
    (``ensure_ascii=False``); one line unless ``indent`` is given.
    """
    return json.dumps(unstructure(value), ensure_ascii=False, indent=indent, allow_nan=False)


def _check_format(version: Any) -> None:
    where = f"{_ROOT}.format"
    if version is _MISSING:
        raise CodecError(
            where, None, f"is required: the document's format version ({FORMAT_VERSION})"
        )
    if type(version) is not int:
        raise CodecError(where, version, "must be an int: the document's format version")
    if version > FORMAT_VERSION:
        raise CodecError(
            where,
            version,
            f"is from a newer pintuan: this one reads format {FORMAT_VERSION} and older",
        )
    if version < 1:
        raise CodecError(where, version, "must be at least 1")


def _check_type(tag: Any, cls: type) -> None:
    where = f"{_ROOT}.type"
    if tag is _MISSING:
        raise CodecError(where, None, f"is required: {cls.__name__!r} for this document")
    if tag != cls.__name__:
        raise CodecError(where, tag, f"must be {cls.__name__!r} for this document")


def structure(data: Any, cls: Any) -> Any:
    """Build a ``cls`` from a document made by :func:`unstructure`.

    ``cls`` is a pintuan value class, or one of the unions
    :data:`~pintuan.Command`, :data:`~pintuan.Event`, :data:`~pintuan.Effect`,
    which the document's ``type`` then picks from. The document must carry a
    ``format`` no newer than :data:`FORMAT_VERSION` and its ``type``.

    Raises:
        CodecError: The document breaks a rule; ``field`` is the JSON path of
            the bad entry (``$.members[0].paid.amount``), ``value`` the bad
            value (``None`` if missing) and ``rule`` the rule. Nothing is built.
    """
    union = any(cls == union for union in UNIONS)
    if not union and not _storable(cls):
        raise CodecError("cls", cls, "must be a pintuan value class, Command, Event or Effect")
    if not isinstance(data, dict):
        kind = type(data).__name__
        raise CodecError(_ROOT, data, f"must be a JSON object (a pintuan document), not {kind}")
    fields = dict(data)
    _check_format(fields.pop("format", _MISSING))
    if not union:
        _check_type(fields.pop("type", _MISSING), cls)
    return structure_value(fields, cls)


def structure_value(
    raw: Any, cls: Any, *, path: str = _ROOT, error: type[PintuanError] = CodecError
) -> Any:
    """Build a ``cls`` from its bare fields (no ``format``, no document ``type``).

    ``path`` names ``raw`` in errors, which are raised as ``error`` (the
    replay-file parser passes its own path and
    :class:`~pintuan.errors.ReplayFileError`).

    Raises:
        CodecError: Or ``error``: ``field`` is ``path`` followed by the path
            of the bad entry inside ``raw``.
    """
    try:
        return converter().structure(raw, cls)
    except Exception as exc:  # cattrs groups, validators, hooks: all become one error
        where, value, rule = failure(exc, raw, path)
        raise error(where, value, rule) from None


def from_json(text: str | bytes, cls: Any) -> Any:
    """Parse JSON ``text`` and :func:`structure` it into ``cls``.

    Raises:
        CodecError: The text is not JSON (field ``$``, the text near the
            problem as value), or the document breaks a rule (see
            :func:`structure`).
    """
    if not isinstance(text, str | bytes | bytearray):
        raise CodecError(_ROOT, text, f"must be JSON text, not {type(text).__name__}")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        near = exc.doc[max(exc.pos - 20, 0) : exc.pos + 20]
        where = f"line {exc.lineno} column {exc.colno}"
        raise CodecError(_ROOT, near, f"is not valid JSON: {exc.msg} at {where}") from None
    except (ValueError, RecursionError) as exc:
        raise CodecError(_ROOT, type(text).__name__, f"is not valid JSON: {exc}") from None
    return structure(data, cls)
