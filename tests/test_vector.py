"""The persistent vector under the roster, read directly: ``vget`` and ``vbuild``."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pintuan.lifecycle._vector import BITS, vbuild, vclear, vget


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 1_100), st.sets(st.integers(0, 1_099), max_size=40), st.integers(0, 2_000))
def test_vget_reads_what_was_put_and_none_elsewhere(size, cleared, probe):
    items = [f"item{n}" for n in range(size)]
    vec, shift = vbuild(items)
    for index in cleared:
        if index < size and vec is not None:
            vec = vclear(vec, shift, index)
    expected = items[probe] if probe < size and probe not in cleared else None
    assert vget(vec, shift, probe) == expected


def test_an_empty_vector_is_none_and_reads_none():
    assert vbuild([]) == (None, 0)
    assert vget(None, 0, 0) is None


def test_vget_beyond_the_roots_reach_is_none():
    vec, shift = vbuild(["a", "b"])  # one leaf: reaches indexes 0-31
    assert vget(vec, shift, 1 << BITS) is None
    assert vget(vec, shift, 2) is None  # inside the leaf's reach, past its items
