"""The groups of a campaign book that have a seat, for redirecting a payer.

A persistent treap keyed by (opening number, group id), each node carrying
its group's deadline and the latest deadline in its subtree. Adding and
removing a group cost O(log groups), like the book's other indexes; finding
the oldest group whose deadline is still ahead skips every subtree whose
latest deadline has passed, so it costs O(log groups) too (plus O(log groups)
for each group passed over because the payer is already in it), never a scan
of the groups that still wait for their expiry.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime

__all__ = ["SeatIndex"]

_Key = tuple[int, str]  # (opening number, group id)


class _Node:
    """A treap node; never changed once built."""

    __slots__ = ("deadline", "key", "latest", "left", "prio", "right")
    latest: datetime

    def __init__(
        self, key: _Key, deadline: datetime, prio: int, left: _Node | None, right: _Node | None
    ) -> None:
        self.key, self.deadline, self.prio, self.left, self.right = key, deadline, prio, left, right
        latest: datetime = deadline
        if left is not None and left.latest > latest:
            latest = left.latest
        if right is not None and right.latest > latest:
            latest = right.latest
        self.latest = latest


def _prio(key: _Key) -> int:
    return hash((key, 0x5EA7)) & ((1 << 64) - 1)


def _split(node: _Node | None, key: _Key) -> tuple[_Node | None, _Node | None]:
    """Nodes with keys below ``key``, and nodes with keys above it (``key`` dropped)."""
    if node is None:
        return None, None
    if node.key < key:
        low, high = _split(node.right, key)
        return _Node(node.key, node.deadline, node.prio, node.left, low), high
    if key < node.key:
        low, high = _split(node.left, key)
        return low, _Node(node.key, node.deadline, node.prio, high, node.right)
    return node.left, node.right


def _join(low: _Node | None, high: _Node | None) -> _Node | None:
    if low is None:
        return high
    if high is None:
        return low
    if low.prio > high.prio:
        return _Node(low.key, low.deadline, low.prio, low.left, _join(low.right, high))
    return _Node(high.key, high.deadline, high.prio, _join(low, high.left), high.right)


def _insert(node: _Node | None, key: _Key, deadline: datetime, prio: int) -> _Node:
    if node is None or prio > node.prio:
        low, high = _split(node, key)
        return _Node(key, deadline, prio, low, high)
    if key < node.key:
        return _Node(node.key, node.deadline, node.prio, _insert(node.left, key, deadline, prio),
                     node.right)  # fmt: skip
    return _Node(node.key, node.deadline, node.prio, node.left,
                 _insert(node.right, key, deadline, prio))  # fmt: skip


def _find(node: _Node | None, key: _Key) -> _Node | None:
    while node is not None:
        if key < node.key:
            node = node.left
        elif node.key < key:
            node = node.right
        else:
            return node
    return None


def _first(node: _Node | None, now: datetime, skip: Callable[[str], bool]) -> str | None:
    if node is None or node.latest <= now:
        return None
    found = _first(node.left, now, skip)
    if found is not None:
        return found
    if node.deadline > now and not skip(node.key[1]):
        return node.key[1]
    return _first(node.right, now, skip)


class SeatIndex:
    """An immutable set of groups with a seat, each with its deadline (in UTC)."""

    __slots__ = ("_root", "_size")

    def __init__(self) -> None:
        self._root: _Node | None = None
        self._size = 0

    def __len__(self) -> int:
        return self._size

    def add(self, key: _Key, deadline: datetime) -> SeatIndex:
        """An index with ``key`` (due at ``deadline``); O(log n) expected."""
        found = _find(self._root, key)
        if found is not None:
            if found.deadline == deadline:
                return self
            return self.remove(key).add(key, deadline)
        return self._made(_insert(self._root, key, deadline, _prio(key)), self._size + 1)

    def remove(self, key: _Key) -> SeatIndex:
        """An index without ``key`` (the same index if it is absent); O(log n) expected."""
        if _find(self._root, key) is None:
            return self
        low, high = _split(self._root, key)
        return self._made(_join(low, high), self._size - 1)

    def first(self, now: datetime, skip: Callable[[str], bool]) -> str | None:
        """The oldest group due after ``now`` for which ``skip(group_id)`` is false."""
        return _first(self._root, now, skip)

    def _made(self, root: _Node | None, size: int) -> SeatIndex:
        out = SeatIndex.__new__(SeatIndex)
        out._root, out._size = root, size
        return out

    def __iter__(self) -> Iterator[_Key]:
        """Every key, oldest first."""
        stack: list[_Node] = []
        node = self._root
        while stack or node is not None:
            while node is not None:
                stack.append(node)
                node = node.left
            node = stack.pop()
            yield node.key
            node = node.right
