"""Attrs field validators: the one way pintuan values check their fields.

Every validator here raises a :class:`~pintuan.errors.PintuanError` that names
the field, the bad value and the rule. Configuration values (a campaign, a
tier table, a reward plan) pass ``error=ConfigurationError``; everything else
raises :class:`~pintuan.errors.InvalidValue`. ``prefix`` is put before the
field's name (``"context."`` for the decision context).

Cross-field rules stay with their class, as an ``@x.validator`` method or, for
a rule over several fields, in ``__attrs_post_init__``. Functions check their
arguments with :func:`require` (one value) and :func:`each` (an iterable), so
that a wrong argument is a pintuan error too. The bounds on sizes live here:
:data:`MAX_GROUP_SIZE` and :data:`MAX_QUANTITY` (money's is
:data:`pintuan.money.MAX_AMOUNT`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any, Final, TypeVar

import attrs

from pintuan._time import require_aware
from pintuan.errors import InvalidValue, PintuanError
from pintuan.money import Money

__all__ = [
    "ALL_BPS",
    "MAX_GROUP_SIZE",
    "MAX_QUANTITY",
    "VIRTUAL_PREFIX",
    "Validator",
    "aware",
    "bps",
    "buyer_id",
    "each",
    "filler",
    "flag",
    "group_size",
    "instance_of",
    "integer",
    "money",
    "optional",
    "quantity",
    "referral_chain",
    "require",
    "text",
    "tuple_of",
    "unchecked",
]

#: Order and user ids of virtual seats start with this; buyers may not use it.
VIRTUAL_PREFIX: Final = "virtual:"
#: 100% in basis points.
ALL_BPS: Final = 10_000
#: Most members a group may need or hold (group size, capacity, a tier's size).
MAX_GROUP_SIZE: Final = 100_000
#: Most units one order may buy.
MAX_QUANTITY: Final = 10_000

Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]
_T = TypeVar("_T")
_Error = type[PintuanError]


def _name(attribute: attrs.Attribute[Any], prefix: str) -> str:
    return prefix + attribute.name


def optional(validator: Validator) -> Validator:
    """``None``, or a value ``validator`` accepts."""

    def check(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is not None:
            validator(inst, attribute, value)

    return check


def instance_of(*kinds: type, error: _Error = InvalidValue, prefix: str = "") -> Validator:
    """A value of one of ``kinds``."""

    def check(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        require(_name(attribute, prefix), value, *kinds, error=error)

    return check


def require(name: str, value: Any, *kinds: type, error: _Error = InvalidValue) -> None:
    """Check a function's argument ``name``: ``value`` is one of ``kinds``.

    The one check of an argument's type, for functions as ``instance_of`` is
    for fields, so that a wrong argument is a pintuan error naming it, never
    an ``AttributeError`` from deep inside.
    """
    if not isinstance(value, kinds):
        names = ", ".join(k.__name__ for k in kinds)
        raise error(
            name, value, f"must be a {names}" if len(kinds) == 1 else f"must be one of {names}"
        )


def each(
    name: str, items: Any, kind: type[_T], *others: type, error: _Error = InvalidValue
) -> Iterator[_T]:
    """The items of the iterable argument ``name``, each checked to be a ``kind`` (or ``others``).

    Whether ``items`` is iterable is checked now; each item as it is reached,
    so a stream stays a stream.
    """
    kinds = (kind, *others)
    names = ", ".join(k.__name__ for k in kinds)
    if not isinstance(items, Iterable) or isinstance(items, str | bytes):
        raise error(name, items, f"must be an iterable of {names}")
    return _each(name, items, kinds, f"must hold {names} values only", error)


def _each(
    name: str, items: Iterable[Any], kinds: tuple[type, ...], rule: str, error: _Error
) -> Iterator[Any]:
    for item in items:
        if not isinstance(item, kinds):
            raise error(name, item, rule)
        yield item


def tuple_of(kind: type, *, error: _Error = InvalidValue, non_empty: bool = False) -> Validator:
    """A tuple (never a list) whose items are all ``kind``; non-empty if asked."""
    rule = f"must be a {'non-empty ' if non_empty else ''}tuple of {kind.__name__}"

    def check(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if (
            not isinstance(value, tuple)
            or (non_empty and not value)
            or not all(isinstance(v, kind) for v in value)
        ):
            raise error(attribute.name, value, rule)

    return check


def text(*, error: _Error = InvalidValue) -> Validator:
    """A non-empty string (an id, a code)."""

    def check(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, str) or not value.strip():
            raise error(attribute.name, value, "must be a non-empty string")

    return check


def integer(
    minimum: int = 0,
    maximum: int | None = None,
    *,
    error: _Error = InvalidValue,
    prefix: str = "",
    why: str = "",
) -> Validator:
    """An ``int`` (never a bool or a float) from ``minimum`` to ``maximum``.

    ``why`` is added to the rule, to say what the bound protects.
    """
    rule = f"must be an int >= {minimum}" if maximum is None else (
        f"must be an int from {minimum} to {maximum}"
    )  # fmt: skip
    rule += f": {why}" if why else ""

    def check(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if type(value) is not int or value < minimum or (maximum is not None and value > maximum):
            raise error(_name(attribute, prefix), value, rule)

    return check


def group_size(*, minimum: int = 2, error: _Error = InvalidValue) -> Validator:
    """A number of members, from ``minimum`` to :data:`MAX_GROUP_SIZE`."""
    return integer(minimum, MAX_GROUP_SIZE, error=error, why="MAX_GROUP_SIZE members at most")


def quantity(*, error: _Error = InvalidValue) -> Validator:
    """Units in one order, from 1 to :data:`MAX_QUANTITY`."""
    return integer(1, MAX_QUANTITY, error=error, why="MAX_QUANTITY units an order at most")


def bps(*, error: _Error = InvalidValue, why: str = "") -> Validator:
    """A rate in basis points, 0 to 10000 (100%)."""
    return integer(0, ALL_BPS, error=error, why=why or "basis points, 10000 is 100%")


def flag(*, error: _Error = InvalidValue, prefix: str = "") -> Validator:
    """``True`` or ``False`` (not 0, 1 or a string)."""

    def check(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if type(value) is not bool:
            raise error(_name(attribute, prefix), value, "must be True or False")

    return check


def money(*, positive: bool = False, error: _Error = InvalidValue) -> Validator:
    """:class:`~pintuan.money.Money` >= 0, or > 0 if ``positive``."""
    rule = "must be Money > 0" if positive else "must be Money >= 0"

    def check(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, Money) or value.amount < int(positive):
            raise error(attribute.name, value, f"{rule} (see Money.parse)")

    return check


_TEXT = text()


def aware(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A time-zone aware datetime; raises :class:`~pintuan.errors.NaiveDatetime`."""
    require_aware(attribute.name, value)


def buyer_id(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A non-empty id that is not reserved for virtual seats."""
    _TEXT(_inst, attribute, value)
    if value.startswith(VIRTUAL_PREFIX):
        raise InvalidValue(
            attribute.name, value, f"ids starting with {VIRTUAL_PREFIX!r} are for virtual seats"
        )


def referral_chain(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A tuple of non-empty user ids, none of them a virtual seat."""
    if value == () and type(value) is tuple:  # most buyers were referred by no one
        return
    if not isinstance(value, tuple) or not all(isinstance(u, str) and u for u in value):
        raise InvalidValue(attribute.name, value, "must be a tuple of non-empty user ids")
    for user in value:
        if user.startswith(VIRTUAL_PREFIX):
            raise InvalidValue(
                attribute.name,
                value,
                f"{user!r}: ids starting with {VIRTUAL_PREFIX!r} are virtual seats, "
                "never referrers",
            )


def unchecked(cls: type[_T]) -> Callable[..., _T]:
    """A keyword-only constructor of the attrs class ``cls`` that runs no checks.

    It sets every field, defaults included, and skips the validators and
    ``__attrs_post_init__``: the value equals ``cls(...)`` of the same fields
    when those accept them. Only for values pintuan builds on hot paths from
    parts already checked (a checked command, the campaign, its own results);
    anything from the caller goes through ``cls(...)``.
    """
    fields = attrs.fields(cls)  # type: ignore[arg-type]
    params, body, scope = [], [], {"_new": object.__new__, "_cls": cls, "_F": attrs.NOTHING}
    for n, a in enumerate(fields):
        factory = isinstance(a.default, attrs.Factory)  # type: ignore[arg-type]
        if not a.init or a.alias != a.name or (factory and a.default.takes_self):
            raise TypeError(f"{cls.__name__}.{a.name}: only plain fields can be unchecked")
        if a.default is attrs.NOTHING:
            params.append(a.name)
        elif factory:
            scope[f"_f{n}"] = a.default.factory
            params.append(f"{a.name}=_F")
            body.append(f"    if {a.name} is _F:\n        {a.name} = _f{n}()")
        else:
            scope[f"_d{n}"] = a.default
            params.append(f"{a.name}=_d{n}")
        scope[f"_s{n}"] = _slot_setter(cls, a.name)
        body.append(f"    _s{n}(o, {a.name})")
    source = f"def make(*, {', '.join(params)}):\n    o = _new(_cls)\n" + "\n".join(body)
    exec(source + "\n    return o\n", scope)  # generated from the class's own fields only
    made: Callable[..., _T] = scope["make"]  # type: ignore[assignment]
    return made


def filler(cls: type) -> Callable[..., None]:
    """``fill(obj, *values)``: set every field of the attrs class ``cls`` on ``obj``, unchecked.

    The values come positionally, in field order. For a hand-written
    ``__init__`` on a hot path, which then checks the fields itself.
    """
    names = [a.name for a in attrs.fields(cls)]
    scope = {f"_s{n}": _slot_setter(cls, name) for n, name in enumerate(names)}
    body = "".join(f"    _s{n}(o, {name})\n" for n, name in enumerate(names))
    exec(f"def fill(o, {', '.join(names)}):\n{body}", scope)  # from the class's fields only
    fill: Callable[..., None] = scope["fill"]
    return fill


def _slot_setter(cls: type, name: str) -> Callable[[object, object], None]:
    # A slotted class's own slot is set through its descriptor (what a frozen
    # class's __init__ does, and faster); else object.__setattr__.
    slot: Any = cls.__dict__.get(name)
    if hasattr(slot, "__set__"):
        return slot.__set__  # type: ignore[no-any-return]
    return lambda obj, value: object.__setattr__(obj, name, value)
