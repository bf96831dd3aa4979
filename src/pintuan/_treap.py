"""A persistent (immutable, path-copying) treap: the one balanced tree of the book.

Nodes are never changed once built, so every older tree stays valid and an
update copies only the path it changes: O(log n) expected, with priorities
drawn from the keys' hashes. A node may carry a ``value``; a node with one
also knows ``latest``, the largest value in its subtree, so that a search can
skip every subtree whose values are all past a bound. :class:`PSortedSet`
(values left ``None``) and the campaign book's index of groups with a seat
(values are deadlines) are both built on these functions.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

__all__ = ["Node", "find", "insert", "join", "priority", "split", "walk"]

_PRIO_BITS = 64


class Node:
    """A treap node, with the largest value of its subtree; never changed once built."""

    __slots__ = ("key", "latest", "left", "prio", "right", "value")
    latest: Any

    def __init__(
        self, key: Any, value: Any, prio: int, left: Node | None, right: Node | None
    ) -> None:
        self.key, self.value, self.prio, self.left, self.right = key, value, prio, left, right
        latest = value
        if latest is not None:
            if left is not None and left.latest > latest:
                latest = left.latest
            if right is not None and right.latest > latest:
                latest = right.latest
        self.latest = latest


def priority(key: Any, salt: int) -> int:
    """The heap priority of ``key`` (randomized per process, like ``hash``)."""
    return hash((key, salt)) & ((1 << _PRIO_BITS) - 1)


def split(node: Node | None, key: Any) -> tuple[Node | None, Node | None]:
    """Nodes with keys below ``key``, and nodes with keys above it (``key`` dropped)."""
    if node is None:
        return None, None
    if node.key < key:
        low, high = split(node.right, key)
        return Node(node.key, node.value, node.prio, node.left, low), high
    if key < node.key:
        low, high = split(node.left, key)
        return low, Node(node.key, node.value, node.prio, high, node.right)
    return node.left, node.right


def join(low: Node | None, high: Node | None) -> Node | None:
    """Join two treaps whose keys are all below / all above each other."""
    if low is None:
        return high
    if high is None:
        return low
    if low.prio > high.prio:
        return Node(low.key, low.value, low.prio, low.left, join(low.right, high))
    return Node(high.key, high.value, high.prio, join(low, high.left), high.right)


def insert(node: Node | None, key: Any, value: Any, prio: int) -> Node:
    """A treap with ``key`` (carrying ``value``) added; ``key`` must be absent."""
    if node is None or prio > node.prio:
        low, high = split(node, key)
        return Node(key, value, prio, low, high)
    if key < node.key:
        return Node(node.key, node.value, node.prio, insert(node.left, key, value, prio),
                    node.right)  # fmt: skip
    return Node(node.key, node.value, node.prio, node.left,
                insert(node.right, key, value, prio))  # fmt: skip


def find(node: Node | None, key: Any) -> Node | None:
    """The node of ``key``, or ``None``."""
    while node is not None:
        if key < node.key:
            node = node.left
        elif node.key < key:
            node = node.right
        else:
            return node
    return None


def walk(node: Node | None) -> Iterator[Node]:
    """Every node, smallest key first."""
    stack: list[Node] = []
    while stack or node is not None:
        while node is not None:
            stack.append(node)
            node = node.left
        node = stack.pop()
        yield node
        node = node.right
