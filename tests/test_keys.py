"""Idempotency keys (pintuan._keys): pinned, deterministic, short, safe and distinct."""

from __future__ import annotations

import re
from unittest import mock

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from pintuan import _keys
from pintuan._keys import (
    GroupKeys,
    fixed_key,
    fixed_part,
    idempotency_key,
    key_prefix,
    prefix_maker,
    tailed_key,
)
from pintuan.errors import InvalidValue

KEY_CHARSET = re.compile(r"[0-9a-z-]+")
kinds = st.from_regex(r"[a-z]{1,16}", fullmatch=True)
# Parts are caller ids (order ids, group ids, reasons); lone surrogates are
# tested separately at the end.
parts = st.lists(st.text(st.characters(blacklist_categories=["Cs"])), max_size=5).map(tuple)


def test_idempotency_key_is_pinned():
    # Keys are sent to payment APIs as refund numbers: a retry after an upgrade
    # must produce the same key, so the scheme must never change silently.
    key = idempotency_key("refund", "c1", "g1", "o1", "group_failed")
    assert key == "pt1-refund-4d7165abec5c2de6942c02e402efe7d1"


@given(kinds, parts)
def test_idempotency_key_is_deterministic_short_and_safe(kind, ps):
    key = idempotency_key(kind, *ps)
    assert key == idempotency_key(kind, *ps)
    assert len(key) <= 64
    assert KEY_CHARSET.fullmatch(key)
    assert key.startswith(f"pt1-{kind}-")


@given(kinds, parts, kinds, parts)
def test_idempotency_key_differs_when_any_part_differs(k1, p1, k2, p2):
    assume((k1, p1) != (k2, p2))
    assert idempotency_key(k1, *p1) != idempotency_key(k2, *p2)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (("ab", "c"), ("a", "bc")),
        (("a",), ("a", "")),
        ((), ("",)),
        (("a", "b"), ("b", "a")),
        (("o1",), ("o1 ",)),
    ],
)
def test_idempotency_key_respects_part_boundaries(a, b):
    assert idempotency_key("refund", *a) != idempotency_key("refund", *b)


def test_idempotency_key_depends_on_kind():
    assert idempotency_key("refund", "o1") != idempotency_key("reward", "o1")


def test_idempotency_key_parts_containing_the_separator():
    assert idempotency_key("refund", "a\x1fb") != idempotency_key("refund", "a", "b")


@pytest.mark.parametrize("kind", ["Refund", "refund_partial", "x" * 40, "退款", ""])
def test_idempotency_key_bad_kind_is_refused(kind):
    with pytest.raises(InvalidValue) as info:
        idempotency_key(kind, "o1")
    assert info.value.field == "kind"


def test_idempotency_key_unencodable_part_is_refused():
    with pytest.raises(InvalidValue) as info:
        idempotency_key("refund", "c1", "o\ud800")
    assert info.value.field == "parts[1]"


@given(parts, st.text(st.characters(blacklist_categories=["Cs"])))
def test_a_prefix_maker_gives_the_same_prefix_as_key_prefix(leading, last):
    assert prefix_maker(*leading)(last) == key_prefix(*leading, last)


@pytest.mark.parametrize("last", ["g1-o17", "", "订单-1", "caf\u00e9", "o\x00"])
def test_a_prefix_maker_gives_key_prefixs_bytes_for_ascii_and_other_ids(last):
    assert prefix_maker("c1", "g1")(last) == key_prefix("c1", "g1", last)


def test_a_prefix_maker_refuses_what_key_prefix_refuses():
    make = prefix_maker("c1", "g1")
    for bad in ("o\ud800", 7):
        with pytest.raises(InvalidValue) as info:
            make(bad)
        assert info.value.field == "parts[2]"


@given(
    st.lists(st.tuples(kinds, st.sampled_from(("o1", "o2", "o3")), st.text(max_size=4)), max_size=8)
)
def test_group_keys_make_each_kinds_key_from_an_empty_memo(steps):
    # Each kind's head is made the first time the kind is seen, then kept:
    # from an empty memo, kinds new and seen, in any order, give their own keys.
    keys = GroupKeys("c1", "g1")
    with mock.patch.dict(_keys._HEADS, clear=True):
        for _ in range(2):
            for kind, oid, detail in steps:
                made = keys.make(kind, oid, detail)
                assert made == idempotency_key(kind, "c1", "g1", oid, detail=detail)
                assert keys.prefix(oid) == key_prefix("c1", "g1", oid)


# The settlement's hot paths make the fixed parts of their keys once, at import;
# these call the makers themselves, so a changed maker shows even where the
# import-time values were made before the change (mutmut's forked runs).
@given(st.text(max_size=12), kinds, st.text(max_size=8), st.text(max_size=8))
def test_fixed_and_tailed_keys_are_idempotency_keys(
    oid: str, kind: str, detail: str, more: str
) -> None:
    prefix = key_prefix("c1", "g1", oid)
    assert fixed_key(fixed_part(kind, detail), prefix) == idempotency_key(
        kind, "c1", "g1", oid, detail=detail
    )
    assert fixed_key(fixed_part(kind), prefix) == idempotency_key(kind, "c1", "g1", oid)
    tail = more.encode("utf-8", "surrogatepass")
    assert tailed_key(fixed_part(kind, detail), prefix, tail) == idempotency_key(
        kind, "c1", "g1", oid, detail=detail + more
    )


def test_a_fixed_part_checks_its_kind() -> None:
    with pytest.raises(InvalidValue) as info:
        fixed_part("Refund")
    assert info.value.field == "kind"
