"""Persistent (immutable, structure-sharing) map and sorted set.

A :class:`~pintuan.lifecycle.book.CampaignBook` is an immutable value that
changes with every event of a campaign. Copying its dicts on every event would
make a campaign of n events cost O(n²); these two structures share everything
but the path they change instead, so an update costs O(log n) and every older
version stays valid:

* :class:`PMap`, a hash array mapped trie of string keys (depth about
  log32 n): get, set and remove;
* :class:`PSortedSet`, a treap of comparable keys (:mod:`pintuan._treap`,
  expected depth about 2 ln n): add, remove, and iteration in order from the
  smallest key.

Neither is a general-purpose collection: they hold what a book needs.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Generic, TypeVar

from pintuan._treap import Node, find, insert, join, priority, split, walk

__all__ = ["PMap", "PSortedSet", "key_hash", "replaced"]

_BITS = 5
_MASK = (1 << _BITS) - 1
_HASH_BITS = 64
_EMPTY: tuple[Any, ...] = (None,) * (1 << _BITS)

V = TypeVar("V")
K = TypeVar("K")


def key_hash(key: str) -> int:
    """The 64-bit hash a trie files ``key`` under (randomized per process, like ``hash``)."""
    return hash(key) & ((1 << _HASH_BITS) - 1)


def replaced(node: tuple[Any, ...], i: int, value: object) -> tuple[Any, ...]:
    """A copy of the trie node ``node`` with slot ``i`` set to ``value``."""
    copy = list(node)
    copy[i] = value
    return tuple(copy)


class _Leaf:
    """One entry, or the entries whose keys share a whole 64-bit hash (rare)."""

    __slots__ = ("h", "items")

    def __init__(self, h: int, items: tuple[tuple[str, Any], ...]) -> None:
        self.h = h
        self.items = items

    def get(self, key: str) -> tuple[bool, Any]:
        for k, v in self.items:
            if k == key:
                return True, v
        return False, None


class PMap(Generic[V]):
    """An immutable map of string keys; :meth:`set` and :meth:`remove` return new maps."""

    __slots__ = ("_root", "_size")

    def __init__(self) -> None:
        self._root: tuple[Any, ...] = _EMPTY
        self._size = 0

    def __len__(self) -> int:
        return self._size

    def get(self, key: str, default: Any = None) -> Any:
        """The value of ``key``, or ``default``; O(log n)."""
        h, node, shift = key_hash(key), self._root, 0
        while True:
            slot = node[(h >> shift) & _MASK]
            if slot is None:
                return default
            if type(slot) is tuple:
                node, shift = slot, shift + _BITS
                continue
            found, value = slot.get(key)
            return value if found else default

    def __contains__(self, key: str) -> bool:
        return self.get(key, _MISSING) is not _MISSING

    def set(self, key: str, value: V) -> PMap[V]:
        """A map with ``key`` bound to ``value``; O(log n)."""
        h = key_hash(key)
        path: list[tuple[tuple[Any, ...], int]] = []
        node, shift, grew = self._root, 0, True
        while True:
            i = (h >> shift) & _MASK
            slot = node[i]
            if slot is None:
                new: object = _Leaf(h, ((key, value),))
                break
            if type(slot) is tuple:
                path.append((node, i))
                node, shift = slot, shift + _BITS
                continue
            if slot.h == h or shift + _BITS >= _HASH_BITS:
                kept = tuple(item for item in slot.items if item[0] != key)
                grew = len(kept) == len(slot.items)
                new = _Leaf(h, (*kept, (key, value)))
                break
            child = list(_EMPTY)  # push the other leaf one level down
            child[(slot.h >> (shift + _BITS)) & _MASK] = slot
            path.append((node, i))
            node, shift = tuple(child), shift + _BITS
        return self._rebuilt(path, node, i, new, self._size + grew)

    def remove(self, key: str) -> PMap[V]:
        """A map without ``key`` (the same map if it is absent); O(log n)."""
        h = key_hash(key)
        path: list[tuple[tuple[Any, ...], int]] = []
        node, shift = self._root, 0
        while True:
            i = (h >> shift) & _MASK
            slot = node[i]
            if slot is None:
                return self
            if type(slot) is tuple:
                path.append((node, i))
                node, shift = slot, shift + _BITS
                continue
            kept = tuple(item for item in slot.items if item[0] != key)
            if len(kept) == len(slot.items):
                return self
            return self._rebuilt(path, node, i, _Leaf(h, kept) if kept else None, self._size - 1)

    def _rebuilt(
        self,
        path: list[tuple[tuple[Any, ...], int]],
        node: tuple[Any, ...],
        i: int,
        new: object,
        size: int,
    ) -> PMap[V]:
        result = replaced(node, i, new)
        for parent, index in reversed(path):
            result = replaced(parent, index, result)
        out: PMap[V] = PMap.__new__(PMap)
        out._root, out._size = result, size
        return out

    def items(self) -> Iterator[tuple[str, V]]:
        """Every (key, value), in no particular order."""
        stack = [self._root]
        while stack:
            for slot in stack.pop():
                if type(slot) is tuple:
                    stack.append(slot)
                elif slot is not None:
                    yield from slot.items


_MISSING = object()
_SALT = 0x5EED


class PSortedSet(Generic[K]):
    """An immutable set of comparable keys, iterated in ascending order."""

    __slots__ = ("_root", "_size")

    def __init__(self) -> None:
        self._root: Node | None = None
        self._size = 0

    def __len__(self) -> int:
        return self._size

    def __contains__(self, key: K) -> bool:
        return find(self._root, key) is not None

    def add(self, key: K) -> PSortedSet[K]:
        """A set with ``key``; O(log n) expected."""
        if find(self._root, key) is not None:
            return self
        return self._made(insert(self._root, key, None, priority(key, _SALT)), self._size + 1)

    def remove(self, key: K) -> PSortedSet[K]:
        """A set without ``key`` (the same set if it is absent); O(log n) expected."""
        if find(self._root, key) is None:
            return self
        low, high = split(self._root, key)
        return self._made(join(low, high), self._size - 1)

    def _made(self, root: Node | None, size: int) -> PSortedSet[K]:
        out: PSortedSet[K] = PSortedSet.__new__(PSortedSet)
        out._root, out._size = root, size
        return out

    def __iter__(self) -> Iterator[K]:
        """Every key, smallest first."""
        return (node.key for node in walk(self._root))
