"""A persistent vector: a 32-way trie indexed by position, for the roster.

A leaf holds items, ``None`` where an item was removed; a subtree left without
items becomes ``None``. Items are appended at the next position and removed
in place, each by copying the path to its slot (O(log n)); the first item
from a position on is found in O(log n) as well.
"""

from __future__ import annotations

from typing import Any

from pintuan._persistent import replaced

__all__ = ["BITS", "vbuild", "vclear", "vfirst", "vget", "vitems", "vpath", "vpush", "vset"]

BITS = 5
_BITS = BITS
_MASK = (1 << BITS) - 1


def vpath(shift: int, index: int, item: object) -> tuple[object, ...]:
    """A fresh subtree holding ``item`` at ``index`` (None before it)."""
    j = (index >> shift) & _MASK
    child = item if shift == 0 else vpath(shift - _BITS, index, item)
    return (None,) * j + (child,)


def vset(
    node: tuple[object, ...] | None, shift: int, index: int, item: object
) -> tuple[object, ...]:
    """Return ``node`` with slot ``index`` (beyond every item so far, or emptied) set."""
    if node is None:
        return vpath(shift, index, item)
    j, n = (index >> shift) & _MASK, len(node)
    child = item if shift == 0 else vset(node[j] if j < n else None, shift - _BITS, index, item)  # type: ignore[arg-type]
    if j < n:
        return replaced(node, j, child)
    # Past the end (every append to a leaf): concatenation, the cheapest copy.
    return node + (None,) * (j - n) + (child,)


def vpush(
    node: tuple[object, ...] | None, shift: int, start: int, leaf: tuple[object, ...]
) -> tuple[tuple[object, ...] | None, int]:
    """The root and shift of ``node`` (positions below ``start``) with the full ``leaf`` added.

    ``start``, the leaf's first position, is a multiple of the block size: a
    vector of leaves is a vector of items one level up, so this is
    :func:`vset` at that level, under new roots while ``start`` is past the
    root's reach. A leaf of removed items only (all None) adds nothing: a
    subtree without items stays None.
    """
    if leaf.count(None) == len(leaf):
        return node, shift
    while start >> shift > _MASK:  # past the root's reach: a new root above
        node, shift = (None if node is None else (node,)), shift + _BITS
    if shift == 0:  # start == 0: the leaf is the whole vector
        return leaf, 0
    return vset(node, shift - _BITS, start >> _BITS, leaf), shift


def vclear(node: tuple[object, ...], shift: int, index: int) -> tuple[object, ...] | None:
    """Return ``node`` without the item at ``index``; None if nothing is left in it."""
    j = (index >> shift) & _MASK
    child = None if shift == 0 else vclear(node[j], shift - _BITS, index)  # type: ignore[arg-type]
    new = replaced(node, j, child)
    return None if new.count(None) == len(new) else new


def vget(node: tuple[object, ...] | None, shift: int, index: int) -> object:
    """The item at ``index``, or None (removed, or beyond the items); O(log n)."""
    if index >> shift > _MASK:
        return None
    while node is not None:
        j = (index >> shift) & _MASK
        if j >= len(node):
            return None
        if shift == 0:
            return node[j]
        node, shift = node[j], shift - _BITS  # type: ignore[assignment]
    return None


def vfirst(node: tuple[object, ...] | None, shift: int, start: int) -> object:
    """The first item at or after index ``start`` (relative to ``node``), or None."""
    if node is None:
        return None
    j0 = (start >> shift) & _MASK if start >> shift <= _MASK else len(node)
    for j in range(j0, len(node)):
        child = node[j]
        if child is None:
            continue
        if shift == 0:
            return child
        found = vfirst(child, shift - _BITS, start & ((1 << shift) - 1) if j == j0 else 0)  # type: ignore[arg-type]
        if found is not None:
            return found
    return None


def vitems(node: tuple[object, ...] | None, shift: int, out: list[Any]) -> None:
    """Append the items under ``node`` to ``out``, in order."""
    if node is None:
        return
    if shift == 0:
        out.extend(node if None not in node else (x for x in node if x is not None))
        return
    for child in node:
        vitems(child, shift - _BITS, out)  # type: ignore[arg-type]


def vbuild(items: list[Any]) -> tuple[tuple[object, ...] | None, int]:
    """The root and root shift of a vector holding ``items``, built in O(n)."""
    if not items:
        return None, 0
    width = 1 << BITS
    level: list[Any] = [tuple(items[i : i + width]) for i in range(0, len(items), width)]
    shift = 0
    while len(level) > 1:
        level = [tuple(level[i : i + width]) for i in range(0, len(level), width)]
        shift += BITS
    return level[0], shift
