"""The buyers' commands' written-out ``__init__`` equals attrs' own, on any input.

:class:`pintuan.OpenGroup` and :class:`pintuan.JoinGroup` check their common
case inline and leave anything else to their fields' validators (see
``commands._plain``). Each is compared here with the class attrs would make
from the same fields: the same value, or the same error (type and message).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import pintuan as pt
from _factories import aware_datetimes


def _attrs_made(cls: type) -> type:
    """``cls`` as attrs makes it: the same fields and validators, attrs' own ``__init__``."""
    these = {
        a.name: attrs.field(default=a.default, validator=a.validator, kw_only=True)
        for a in attrs.fields(cls)
    }
    return attrs.make_class(cls.__name__, these, frozen=True, kw_only=True)


_REFERENCE = {cls: _attrs_made(cls) for cls in (pt.OpenGroup, pt.JoinGroup)}


class _Str(str):
    """A str subclass: valid, but not the common case."""


class _Clock(datetime):
    """A datetime subclass: valid when aware, but not the common case."""


_NEW_YORK = ZoneInfo("America/New_York")
_IDS = st.sampled_from(["g1", "o-1", "u 1", "", "  ", "\t", "virtual:x", "virtual", "\u3000"])
_ID = _IDS | _IDS.map(_Str) | st.sampled_from([None, 5, b"o1", 1.5])
_AT = (
    aware_datetimes()
    | st.datetimes()  # naive
    | st.just(_Clock(2020, 7, 1, 10, tzinfo=UTC))
    | st.sampled_from([None, "2020-07-01T10:00+08:00", 0, date(2020, 7, 1)])
    | st.just(datetime(2020, 7, 1, 10, tzinfo=timezone(timedelta(hours=8))))
    | st.sampled_from(  # a ZoneInfo at the extremes and in a gap
        [
            datetime.min.replace(tzinfo=_NEW_YORK),
            datetime.max.replace(tzinfo=_NEW_YORK),
            datetime(2020, 3, 8, 2, 30, tzinfo=_NEW_YORK),
        ]
    )
)
_QUANTITY = st.integers(-2, 10_002) | st.sampled_from([1, True, False, 1.0, "1", None])
_VERSION = st.none() | st.integers(-2, 5) | st.sampled_from([True, 1.0, "1"])
_CHAIN = st.sampled_from([(), ("u9",), ("u9", "u8"), ["u9"], ("",), ("virtual:u",), (5,), "u9"])
_OPTION = st.none() | _ID


def _outcome(make: Any, fields: dict[str, Any]) -> tuple[str, Any]:
    try:
        value = make(**fields)
    except Exception as exc:  # any error: it is compared
        return "error", (type(exc), str(exc), exc.args)
    return "value", {a.name: getattr(value, a.name) for a in attrs.fields(type(value))}


def _check(cls: type, fields: dict[str, Any]) -> None:
    assert _outcome(cls, fields) == _outcome(_REFERENCE[cls], fields)


@given(_ID, _ID, _ID, _AT, _QUANTITY, _CHAIN, _OPTION, st.booleans())
def test_open_group_equals_attrs_init(
    gid: Any, oid: Any, uid: Any, at: Any, qty: Any, chain: Any, region: Any, full: bool
) -> None:
    fields = {"group_id": gid, "order_id": oid, "user_id": uid, "at": at}
    if full:  # else the defaults
        fields |= {"quantity": qty, "referral_chain": chain, "region": region}
    _check(pt.OpenGroup, fields)


@given(_ID, _ID, _ID, _AT, _QUANTITY, _VERSION, _OPTION, _CHAIN, _OPTION, st.booleans())
def test_join_group_equals_attrs_init(
    gid: Any,
    oid: Any,
    uid: Any,
    at: Any,
    qty: Any,
    version: Any,
    new_gid: Any,
    chain: Any,
    region: Any,
    full: bool,
) -> None:
    fields = {"group_id": gid, "order_id": oid, "user_id": uid, "at": at}
    if full:  # else the defaults
        fields |= {
            "quantity": qty,
            "expected_version": version,
            "new_group_id": new_gid,
            "referral_chain": chain,
            "region": region,
        }
    _check(pt.JoinGroup, fields)


@pytest.mark.parametrize("cls", [pt.OpenGroup, pt.JoinGroup])
def test_the_common_case_and_its_edges(cls: type) -> None:
    at = datetime(2020, 7, 1, 10, tzinfo=timezone(timedelta(hours=8)))
    plain = {"group_id": "g1", "order_id": "o1", "user_id": "u1", "at": at}
    _check(cls, plain)
    for name, bad in [("group_id", " "), ("order_id", "virtual:1"), ("user_id", ""),
                      ("at", at.replace(tzinfo=None)), ("quantity", True), ("quantity", 0),
                      ("referral_chain", ["u2"]), ("region", "")]:  # fmt: skip
        _check(cls, {**plain, name: bad})
        with pytest.raises(pt.PintuanError):
            cls(**{**plain, name: bad})
    # Missing and unknown keywords: attrs' TypeError, word for word.
    for fields in ({"group_id": "g1", "order_id": "o1", "user_id": "u1"}, {**plain, "x": 1}):
        with pytest.raises(TypeError) as fast:
            cls(**fields)
        with pytest.raises(TypeError) as reference:
            _REFERENCE[cls](**fields)
        assert str(fast.value) == str(reference.value)
    made = cls(**plain)
    assert made == attrs.evolve(made)
    assert repr(made) == repr(_REFERENCE[cls](**plain)).replace(
        _REFERENCE[cls].__qualname__, cls.__qualname__
    )


def test_validators_disabled_skips_the_checks_as_attrs_does() -> None:
    attrs.validators.set_disabled(True)
    try:
        made = pt.JoinGroup(group_id="", order_id="o1", user_id="u1", at=None)  # type: ignore[arg-type]
    finally:
        attrs.validators.set_disabled(False)
    assert made.group_id == ""
