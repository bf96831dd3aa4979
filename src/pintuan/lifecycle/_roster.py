"""A persistent, ordered roster of a group's orders.

Groups are immutable values, yet a group may fill to thousands of members one
join at a time. Copying a tuple and a set on every join would make filling a
group of n members cost O(n²). The :class:`Roster` here shares structure
between versions instead: appending an order is O(log n) (a cons cell plus a
path copy in two small hash tries), membership tests are O(log n), and the
ordered tuple is materialised once, lazily, when someone iterates.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Generic, Protocol, TypeVar

from pintuan._persistent import key_hash, replaced

__all__ = ["Roster"]

_BITS = 5
_MASK = (1 << _BITS) - 1
_HASH_BITS = 64
_EMPTY_NODE: tuple[object, ...] = (None,) * (1 << _BITS)


class _Bucket:
    """Keys that share one full 64-bit hash (or the deepest level): rare."""

    __slots__ = ("h", "keys")

    def __init__(self, keys: tuple[str, ...], h: int) -> None:
        self.keys = keys
        self.h = h


# A trie slot is None, a node (an exact tuple of 32 slots), a _Bucket, or, in
# the common case, the key itself: a plain string, which the cyclic garbage
# collector does not track, so a large group adds little to its work.


def _contains(node: tuple[object, ...], key: str, h: int) -> bool:
    shift = 0
    while True:
        slot = node[(h >> shift) & _MASK]
        kind = type(slot)
        if kind is tuple:
            node = slot  # type: ignore[assignment]
            shift += _BITS
        elif slot is None:
            return False
        elif kind is _Bucket:
            return key in slot.keys  # type: ignore[attr-defined]
        else:
            return slot == key


def _insert(root: tuple[object, ...], key: str, h: int) -> tuple[object, ...]:
    """Return a trie with ``key`` added, copying only the path to its slot."""
    path: list[tuple[tuple[object, ...], int]] = []
    node, shift = root, 0
    while True:
        i = (h >> shift) & _MASK
        slot = node[i]
        if slot is None:
            new: object = key
            break
        if type(slot) is tuple:
            path.append((node, i))
            node, shift = slot, shift + _BITS
            continue
        if type(slot) is _Bucket:
            keys, slot_h = slot.keys, slot.h
        else:
            keys, slot_h = (slot,), key_hash(slot)  # type: ignore[assignment, arg-type]
        if key in keys:
            return root
        if slot_h == h or shift + _BITS >= _HASH_BITS:
            new = _Bucket((*keys, key), h)
            break
        # Push the existing key (or bucket) one level down, then keep descending.
        child = list(_EMPTY_NODE)
        child[(slot_h >> (shift + _BITS)) & _MASK] = slot
        path.append((node, i))
        node, shift = tuple(child), shift + _BITS
    result = replaced(node, i, new)
    for parent, index in reversed(path):
        result = replaced(parent, index, result)
    return result


class _Item(Protocol):
    @property
    def order_id(self) -> str: ...

    @property
    def user_id(self) -> str: ...


T = TypeVar("T", bound=_Item)


class _Cell(Generic[T]):
    __slots__ = ("head", "tail")

    def __init__(self, head: T, tail: _Cell[T] | None) -> None:
        self.head = head
        self.tail = tail


class Roster(Generic[T]):
    """Orders of one group in joining order, keyed by order id and user id.

    A roster never changes; :meth:`appended` and :meth:`without` return new
    rosters. Two rosters are equal when they hold equal orders in the same order.
    """

    __slots__ = ("_cells", "_orders", "_size", "_tuple", "_users")

    def __init__(self, items: Iterable[T] = ()) -> None:
        self._cells: _Cell[T] | None = None
        self._size = 0
        self._users: tuple[object, ...] = _EMPTY_NODE
        self._orders: tuple[object, ...] = _EMPTY_NODE
        self._tuple: tuple[T, ...] | None = None
        for item in items:
            self._push(item)

    def _push(self, item: T) -> None:
        self._cells = _Cell(item, self._cells)
        self._size += 1
        self._users = _insert(self._users, item.user_id, key_hash(item.user_id))
        self._orders = _insert(self._orders, item.order_id, key_hash(item.order_id))
        self._tuple = None

    def appended(self, item: T) -> Roster[T]:
        """Return a roster with ``item`` added at the end; O(log n)."""
        new: Roster[T] = Roster.__new__(Roster)
        new._cells, new._size = self._cells, self._size
        new._users, new._orders, new._tuple = self._users, self._orders, None
        new._push(item)
        return new

    def without(self, order_id: str) -> Roster[T]:
        """Return a roster without the order ``order_id``; O(n)."""
        return Roster(item for item in self if item.order_id != order_id)

    def has_user(self, user_id: str) -> bool:
        """Whether some order in the roster belongs to ``user_id``."""
        return _contains(self._users, user_id, key_hash(user_id))

    def has_order(self, order_id: str) -> bool:
        """Whether the roster holds the order ``order_id``."""
        return _contains(self._orders, order_id, key_hash(order_id))

    def as_tuple(self) -> tuple[T, ...]:
        """Return the orders in joining order (computed once, then cached)."""
        if self._tuple is None:
            items: list[T] = []
            cell = self._cells
            while cell is not None:
                items.append(cell.head)
                cell = cell.tail
            items.reverse()
            self._tuple = tuple(items)
        return self._tuple

    def __iter__(self) -> Iterator[T]:
        return iter(self.as_tuple())

    def __len__(self) -> int:
        return self._size

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Roster):
            return NotImplemented
        return self is other or (self._size == other._size and self.as_tuple() == other.as_tuple())

    def __hash__(self) -> int:
        return hash(self.as_tuple())

    def __repr__(self) -> str:
        return f"Roster({list(self.as_tuple())!r})"
