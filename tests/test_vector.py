"""The persistent vector under the roster, read directly: ``vget``, ``vbuild``, ``vpush``."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pintuan.lifecycle._vector import BITS, vbuild, vclear, vget, vitems, vpush


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


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 40), st.sets(st.integers(0, 40 * 32 - 1), max_size=20))
def test_leaves_pushed_one_by_one_read_as_the_vector_built_at_once(leaves, cleared):
    # Past one and two full levels (32 and 1,024 positions), and with slots
    # (or whole leaves) cleared before the next leaf comes: vclear leaves
    # emptied subtrees as None, which the next push must grow past.
    width = 1 << BITS
    items = [f"item{n}" for n in range(leaves * width)]
    vec, shift = None, 0
    for start in range(0, len(items), width):
        vec, shift = vpush(vec, shift, start, tuple(items[start : start + width]))
        for index in sorted(cleared):
            if index < start + width and vget(vec, shift, index) is not None:
                vec = vclear(vec, shift, index)
    kept = [item for n, item in enumerate(items) if n not in cleared]
    found: list[str] = []
    vitems(vec, shift, found)
    assert found == kept
    assert vbuild(items)[1] == shift


def test_a_leaf_pushed_after_the_vector_was_emptied_is_found_at_its_positions():
    width = 1 << BITS
    vec, shift = vpush(None, 0, 0, tuple(range(width)))
    for index in range(width):
        vec = vclear(vec, shift, index)  # type: ignore[arg-type]
    assert vec is None
    vec, shift = vpush(vec, shift, width, tuple(range(width, 2 * width)))
    assert (vget(vec, shift, 0), vget(vec, shift, width), shift) == (None, width, BITS)
    found: list[int] = []
    vitems(vec, shift, found)
    assert found == list(range(width, 2 * width))


def _empty_subtrees(node: object) -> int:
    """How many subtrees under ``node`` hold no item (the vector keeps none)."""
    if not isinstance(node, tuple):
        return 0
    own = 1 if node.count(None) == len(node) else 0
    return own + sum(_empty_subtrees(child) for child in node)


def test_a_leaf_of_removed_items_adds_nothing_and_leaves_no_empty_subtree():
    width = 1 << BITS
    assert vpush(None, 0, 0, (None,) * width) == (None, 0)
    vec, shift = vpush(None, 0, 0, tuple(range(width)))
    vec, shift = vpush(vec, shift, width, (None,) * width)  # a block everyone left
    vec, shift = vpush(vec, shift, 2 * width, tuple(range(2 * width, 3 * width)))
    assert _empty_subtrees(vec) == 0
    assert (vget(vec, shift, width + 3), vget(vec, shift, 2 * width + 3)) == (None, 2 * width + 3)
    found: list[int] = []
    vitems(vec, shift, found)
    assert found == [*range(width), *range(2 * width, 3 * width)]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.booleans(), max_size=70))
def test_pushing_full_and_empty_leaves_past_two_levels_keeps_the_items(full):
    # Empty leaves skipped at a level's edge must not leave the next push short
    # of a root that reaches it.
    width = 1 << BITS
    vec, shift, kept = None, 0, []
    for number, filled in enumerate(full):
        start = number * width
        leaf = tuple(range(start, start + width)) if filled else (None,) * width
        vec, shift = vpush(vec, shift, start, leaf)
        kept += [item for item in leaf if item is not None]
        assert _empty_subtrees(vec) == 0
    found: list[int] = []
    vitems(vec, shift, found)
    assert found == kept
    for position in range(0, len(full) * width, 7):
        expected = position if full[position // width] else None
        assert vget(vec, shift, position) == expected
