"""A persistent, ordered roster of a group's orders.

Groups are immutable values, yet a group may fill to thousands of members one
join at a time, and members may leave from anywhere in it. Copying a tuple and
a set on every change would make a group of n members cost O(n²). The
:class:`Roster` here shares structure between versions instead: appending an
order, removing one, finding one by id and finding the first member are
O(log n) (a path copy in a 32-way vector indexed by joining order, and in two
small hash tries of order ids and user ids); the ordered tuple is materialised
once, lazily, when someone iterates.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, Generic, Protocol, TypeVar

from pintuan._persistent import key_hash, replaced
from pintuan.lifecycle._vector import BITS as _VBITS
from pintuan.lifecycle._vector import vbuild, vclear, vfirst, vitems, vpath, vset

__all__ = ["Roster"]

_BITS = 5
_MASK = (1 << _BITS) - 1
_HASH_BITS = 64
_HASH_MASK = (1 << _HASH_BITS) - 1
_EMPTY_NODE: tuple[object, ...] = (None,) * (1 << _BITS)


class _Bucket:
    """Entries whose keys share one full 64-bit hash (or the deepest level): rare."""

    __slots__ = ("entries", "h")

    def __init__(self, entries: tuple[object, ...], h: int) -> None:
        self.entries = entries
        self.h = h


class _Entry:
    """An order id's slot in the order trie: the order and its place in the vector."""

    __slots__ = ("index", "item", "key")

    def __init__(self, key: str, item: Any, index: int) -> None:
        self.key, self.item, self.index = key, item, index


# A trie slot is None, a node (an exact tuple of 32 slots), a _Bucket, or an
# entry: in the user trie the user id itself, a plain string, which the cyclic
# garbage collector does not track; in the order trie an _Entry.


def _key(entry: object) -> object:
    return entry.key if type(entry) is _Entry else entry


def _find(node: tuple[object, ...], key: str, h: int) -> object:
    """The entry filed under ``key``, or None."""
    shift = 0
    while True:
        slot = node[(h >> shift) & _MASK]
        kind = type(slot)
        if kind is tuple:
            node = slot  # type: ignore[assignment]
            shift += _BITS
        elif slot is None:
            return None
        elif kind is _Bucket:
            return next((e for e in slot.entries if _key(e) == key), None)  # type: ignore[attr-defined]
        else:
            return slot if _key(slot) == key else None


def _rebuilt(path: list[tuple[tuple[object, ...], int]], node: tuple[object, ...], i: int,
             new: object) -> tuple[object, ...]:  # fmt: skip
    result = replaced(node, i, new)
    for parent, index in reversed(path):
        result = replaced(parent, index, result)
    return result


def _insert(root: tuple[object, ...], entry: object, key: str, h: int) -> tuple[object, ...]:
    """Return a trie with ``entry`` filed under ``key`` (unchanged if ``key`` is there)."""
    i = h & _MASK
    slot = root[i]
    if slot is None:  # the common case in a group's small tries: a free slot at the root
        return replaced(root, i, entry)
    path: list[tuple[tuple[object, ...], int]] = []
    node, shift = root, 0
    while True:
        i = (h >> shift) & _MASK
        slot = node[i]
        if slot is None:
            new: object = entry
            break
        if type(slot) is tuple:
            path.append((node, i))
            node, shift = slot, shift + _BITS
            continue
        if type(slot) is _Bucket:
            entries, slot_h = slot.entries, slot.h
        else:
            entries, slot_h = (slot,), key_hash(_key(slot))  # type: ignore[arg-type]
        if any(_key(e) == key for e in entries):
            return root
        if slot_h == h or shift + _BITS >= _HASH_BITS:
            new = _Bucket((*entries, entry), h)
            break
        # Push the existing entry (or bucket) one level down, then keep descending.
        child = list(_EMPTY_NODE)
        child[(slot_h >> (shift + _BITS)) & _MASK] = slot
        path.append((node, i))
        node, shift = tuple(child), shift + _BITS
    return _rebuilt(path, node, i, new)


def _remove(root: tuple[object, ...], key: str, h: int) -> tuple[object, ...]:
    """Return a trie without ``key`` (unchanged if it is absent)."""
    path: list[tuple[tuple[object, ...], int]] = []
    node, shift = root, 0
    while True:
        i = (h >> shift) & _MASK
        slot = node[i]
        if type(slot) is tuple:
            path.append((node, i))
            node, shift = slot, shift + _BITS
            continue
        if slot is None:
            return root
        if type(slot) is _Bucket:
            kept = tuple(e for e in slot.entries if _key(e) != key)
            if len(kept) == len(slot.entries):
                return root
            return _rebuilt(path, node, i, kept[0] if len(kept) == 1 else _Bucket(kept, slot.h))
        return _rebuilt(path, node, i, None) if _key(slot) == key else root


class _Item(Protocol):
    @property
    def order_id(self) -> str: ...

    @property
    def user_id(self) -> str: ...


T = TypeVar("T", bound=_Item)


class Roster(Generic[T]):
    """Orders of one group in joining order, keyed by order id and user id.

    A roster never changes; :meth:`appended` and :meth:`without` return new
    rosters. Two rosters are equal when they hold equal orders in the same order.
    """

    __slots__ = ("_count", "_orders", "_plain", "_shift", "_size", "_tuple", "_users", "_vec")

    def __init__(self, items: Iterable[T] = ()) -> None:
        self._vec: tuple[object, ...] | None = None
        self._shift = 0
        self._count = 0  # slots of the vector used so far, removed items included
        self._size = 0
        self._users: tuple[object, ...] = _EMPTY_NODE
        self._orders: tuple[object, ...] = _EMPTY_NODE
        self._tuple: tuple[T, ...] | None = None
        # No order id and no user id twice: removing an order is then O(log n).
        self._plain = True
        listed = list(items)
        if not listed:
            return
        users, orders = _EMPTY_NODE, _EMPTY_NODE
        for index, item in enumerate(listed):
            oid, uid = item.order_id, item.user_id
            new_users = _insert(users, uid, uid, key_hash(uid))
            new_orders = _insert(orders, _Entry(oid, item, index), oid, key_hash(oid))
            if new_users is users or new_orders is orders:
                self._plain = False
            users, orders = new_users, new_orders
        self._users, self._orders = users, orders
        self._vec, self._shift = vbuild(listed)
        self._count = self._size = len(listed)

    def _push(self, item: T) -> None:
        index = self._count
        if index == 1 << (self._shift + _VBITS):
            self._vec = (self._vec, vpath(self._shift, index, item))
            self._shift += _VBITS
        else:
            self._vec = vset(self._vec, self._shift, index, item)
        self._count = index + 1
        self._size += 1
        oid, uid = item.order_id, item.user_id
        users = _insert(self._users, uid, uid, hash(uid) & _HASH_MASK)  # key_hash, inline
        orders = _insert(self._orders, _Entry(oid, item, index), oid, hash(oid) & _HASH_MASK)
        if users is self._users or orders is self._orders:
            self._plain = False
        self._users, self._orders, self._tuple = users, orders, None

    def _copy(self) -> Roster[T]:
        new: Roster[T] = Roster.__new__(Roster)
        new._vec, new._shift, new._count, new._size = (
            self._vec,
            self._shift,
            self._count,
            self._size,
        )
        new._users, new._orders, new._tuple, new._plain = (
            self._users,
            self._orders,
            None,
            self._plain,
        )
        return new

    def appended(self, item: T) -> Roster[T]:
        """Return a roster with ``item`` added at the end; O(log n)."""
        new = self._copy()
        new._push(item)
        return new

    def without(self, order_id: str) -> Roster[T]:
        """Return a roster without the order ``order_id``; O(log n).

        (O(n) in a roster that holds an order id or a user id twice, which a
        group never does.)
        """
        if not self._plain:
            return Roster(item for item in self if item.order_id != order_id)
        entry = _find(self._orders, order_id, key_hash(order_id))
        if entry is None:
            return self
        assert type(entry) is _Entry
        new = self._copy()
        assert self._vec is not None
        new._vec = vclear(self._vec, self._shift, entry.index)
        new._size -= 1
        uid = entry.item.user_id
        new._users = _remove(self._users, uid, key_hash(uid))
        new._orders = _remove(self._orders, order_id, key_hash(order_id))
        return new

    def get(self, order_id: str) -> T | None:
        """The order ``order_id`` (the first one, if it is there twice), or None; O(log n)."""
        entry = _find(self._orders, order_id, key_hash(order_id))
        return None if entry is None else entry.item  # type: ignore[attr-defined]

    def first(self, *, excluding: str | None = None) -> T | None:
        """The earliest order whose id is not ``excluding``, or None; O(log n)."""
        if not self._plain:
            return next((o for o in self if o.order_id != excluding), None)
        found: Any = vfirst(self._vec, self._shift, 0)
        if found is not None and found.order_id == excluding:
            index = _find(self._orders, found.order_id, key_hash(found.order_id)).index  # type: ignore[attr-defined]
            found = vfirst(self._vec, self._shift, index + 1)
        return found  # type: ignore[no-any-return]

    def has_user(self, user_id: str) -> bool:
        """Whether some order in the roster belongs to ``user_id``."""
        return self._count > 0 and _find(self._users, user_id, key_hash(user_id)) is not None

    def has_order(self, order_id: str) -> bool:
        """Whether the roster holds the order ``order_id``."""
        return self._count > 0 and _find(self._orders, order_id, key_hash(order_id)) is not None

    def as_tuple(self) -> tuple[T, ...]:
        """Return the orders in joining order (computed once, then cached)."""
        if self._tuple is None:
            items: list[T] = []
            vitems(self._vec, self._shift, items)
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
