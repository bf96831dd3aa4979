"""The groups of a campaign book that have a seat, for redirecting a payer.

A persistent treap (:mod:`pintuan._treap`) keyed by (opening number, group
id), each node carrying its group's deadline and the latest deadline in its
subtree. Adding and
removing a group cost O(log groups), like the book's other indexes; finding
the oldest group whose deadline is still ahead skips every subtree whose
latest deadline has passed, so it costs O(log groups) too (plus O(log groups)
for each group passed over because the payer is already in it), never a scan
of the groups that still wait for their expiry.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime

from pintuan._treap import Node, find, insert, join, priority, split, walk

__all__ = ["SeatIndex"]

_Key = tuple[int, str]  # (opening number, group id)
_SALT = 0x5EA7


def _first(node: Node | None, now: datetime, skip: Callable[[str], bool]) -> str | None:
    if node is None or node.latest <= now:
        return None
    found = _first(node.left, now, skip)
    if found is not None:
        return found
    group_id: str = node.key[1]
    if node.value > now and not skip(group_id):
        return group_id
    return _first(node.right, now, skip)


class SeatIndex:
    """An immutable set of groups with a seat, each with its deadline (in UTC)."""

    __slots__ = ("_root", "_size")

    def __init__(self) -> None:
        self._root: Node | None = None
        self._size = 0

    def __len__(self) -> int:
        return self._size

    def add(self, key: _Key, deadline: datetime) -> SeatIndex:
        """An index with ``key`` (due at ``deadline``); O(log n) expected."""
        found = find(self._root, key)
        if found is not None:
            if found.value == deadline:
                return self
            return self.remove(key).add(key, deadline)
        return self._made(insert(self._root, key, deadline, priority(key, _SALT)), self._size + 1)

    def remove(self, key: _Key) -> SeatIndex:
        """An index without ``key`` (the same index if it is absent); O(log n) expected."""
        if find(self._root, key) is None:
            return self
        low, high = split(self._root, key)
        return self._made(join(low, high), self._size - 1)

    def first(self, now: datetime, skip: Callable[[str], bool]) -> str | None:
        """The oldest group due after ``now`` for which ``skip(group_id)`` is false."""
        return _first(self._root, now, skip)

    def _made(self, root: Node | None, size: int) -> SeatIndex:
        out = SeatIndex.__new__(SeatIndex)
        out._root, out._size = root, size
        return out

    def __iter__(self) -> Iterator[_Key]:
        """Every key, oldest first."""
        return (node.key for node in walk(self._root))
