"""A persistent, ordered roster of a group's orders.

Groups are immutable values, yet a group may fill to thousands of members one
join at a time, and members may leave from anywhere in it. Copying a tuple and
a set on every change would make a group of n members cost O(n²). The
:class:`Roster` here shares structure between versions instead:

* the members sit in a persistent 32-way vector indexed by the position they
  joined at (:mod:`pintuan.lifecycle._vector`); a leave clears its slot by a
  path copy, O(log n), and the first member is found in O(log n). The last,
  partly filled block of 32 positions (the *tail*) stays out of the vector
  until it is full: while nobody left from it, it is the log's own positions,
  so an append copies nothing, and one append in 32 puts a whole block in;
* one *line* of versions (each made from the one before by :meth:`~Roster.appended`
  or :meth:`~Roster.without`) shares an append-only log and two dicts that map
  each order id and user id to the positions it was appended at. A version of
  ``count`` positions only reads positions below ``count``, and a position is
  a member when its slot in that version's vector is still filled, so an older
  version stays exactly what it was. Appending to the newest version of its
  line is O(1) plus the vector's path copy; appending to an older one (a
  branch, which a group's own history never makes) first copies it into a
  line of its own, O(n).

The ordered tuple is materialised once, lazily, when someone iterates.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, Generic, Protocol, TypeVar

from pintuan._persistent import replaced
from pintuan.lifecycle._vector import BITS as _VBITS
from pintuan.lifecycle._vector import vbuild, vclear, vfirst, vget, vitems, vpush

__all__ = ["Roster"]


class _Item(Protocol):
    @property
    def order_id(self) -> str: ...

    @property
    def user_id(self) -> str: ...


T = TypeVar("T", bound=_Item)

# A key's positions in a line: one int, or (a key appended again) a list of them.
_Positions = int | list[int]
_BLOCK = 1 << _VBITS  # positions per leaf of the vector
_IN_BLOCK = _BLOCK - 1


class _Line:
    """What the versions of one line share: the log, and where each key was appended.

    Only appended to, never changed, and only by the version whose count is
    the log's length; that version checks after appending that its item landed
    at its own position (two threads appending to it at once: one of them
    branches), so every version's positions below its count stay as they were.
    """

    __slots__ = ("log", "orders", "users")

    def __init__(self) -> None:
        self.log: list[Any] = []
        self.orders: dict[str, _Positions] = {}
        self.users: dict[str, _Positions] = {}


def _note(table: dict[str, _Positions], key: str, position: int) -> None:
    found = table.get(key)
    if found is None:
        table[key] = position
    elif type(found) is int:
        table[key] = [found, position]
    else:
        found.append(position)  # type: ignore[union-attr]


def _noted(table: dict[str, _Positions], key: str, position: int) -> bool:
    found = table.get(key)
    return found == position if type(found) is int else found is not None and position in found  # type: ignore[operator]


class Roster(Generic[T]):
    """Orders of one group in joining order, keyed by order id and user id.

    A roster never changes; :meth:`appended` and :meth:`without` return new
    rosters. Two rosters are equal when they hold equal orders in the same order.
    """

    __slots__ = ("_count", "_line", "_plain", "_shift", "_size", "_tail", "_tuple", "_vec")

    def __init__(self, items: Iterable[T] = ()) -> None:
        # The vector holds the full blocks, positions below _count & ~_IN_BLOCK;
        # the tail the rest: None while it is the log's, else a tuple (a leave).
        self._vec: tuple[object, ...] | None = None
        self._shift = 0
        self._tail: tuple[T | None, ...] | None = None
        self._count = 0  # positions used so far in this version, removed items included
        self._size = 0
        self._line = _Line()
        self._tuple: tuple[T, ...] | None = None
        # No order id twice: removing an order is then O(log n). (A user twice
        # needs nothing more: has_user reads every position of its user.)
        self._plain = True
        listed = list(items)
        if not listed:
            return
        line = self._line
        for position, item in enumerate(listed):
            oid, uid = item.order_id, item.user_id
            if oid in line.orders:
                self._plain = False
            _note(line.orders, oid, position)
            _note(line.users, uid, position)
        line.log.extend(listed)
        self._vec, self._shift = vbuild(listed[: len(listed) & ~_IN_BLOCK])
        self._count = self._size = len(listed)
        self._tuple = tuple(listed)

    def _copy(self) -> Roster[T]:
        new: Roster[T] = Roster.__new__(Roster)
        new._vec, new._shift, new._tail, new._count, new._size = (
            self._vec,
            self._shift,
            self._tail,
            self._count,
            self._size,
        )
        new._line, new._tuple, new._plain = self._line, None, self._plain
        return new

    def _at(self, position: int) -> T | None:
        """The item at ``position`` (below the count), or None if it left; O(log n)."""
        start = self._count & ~_IN_BLOCK
        if position < start:
            return vget(self._vec, self._shift, position)  # type: ignore[return-value]
        tail = self._tail
        return self._line.log[position] if tail is None else tail[position - start]

    def _tail_items(self) -> tuple[T | None, ...]:
        """The tail's slots: the log's, unless someone left from it."""
        if self._tail is not None:
            return self._tail
        return tuple(self._line.log[self._count & ~_IN_BLOCK : self._count])

    def _position(self, table: dict[str, _Positions], key: str) -> int:
        """The first position below the count where ``key`` is still a member, or -1."""
        found = table.get(key)
        if found is None:
            return -1
        count = self._count
        for position in (found,) if type(found) is int else found:  # type: ignore[union-attr]
            if position < count and self._at(position) is not None:
                return position
        return -1

    def appended(self, item: T) -> Roster[T]:
        """Return a roster with ``item`` added at the end.

        O(1) when ``self`` is the newest version of its line, plus the vector's
        path copy, O(log n), once a block of 32 is full; O(n) once when it is
        not the newest, as it becomes a line of its own.
        """
        base, position = self, self._count
        log = self._line.log
        if len(log) == position:
            log.append(item)
        if len(log) <= position or log[position] is not item:  # a branch: a line of its own
            base = Roster(self.as_tuple())
            position = base._count
            base._line.log.append(item)
        # The copy made inline, not by _copy: this runs on every join.
        new: Roster[T] = Roster.__new__(Roster)
        tail = base._tail
        if position & _IN_BLOCK == _IN_BLOCK:  # the tail is full: into the vector
            start = position - _IN_BLOCK
            leaf = tuple(base._line.log[start : position + 1]) if tail is None else (*tail, item)
            new._vec, new._shift = vpush(base._vec, base._shift, start, leaf)
            new._tail = None
        else:
            new._vec, new._shift = base._vec, base._shift
            new._tail = None if tail is None else (*tail, item)
        new._line, new._tuple, new._plain = base._line, None, base._plain
        new._count, new._size = position, base._size + 1
        oid, uid = item.order_id, item.user_id
        line = base._line
        if oid not in line.orders:  # a new order id, as in every join: noted at once
            line.orders[oid] = position
            if uid in line.users:
                _note(line.users, uid, position)
            else:  # (and, as in every join, a new user)
                line.users[uid] = position
        else:
            if new._plain and base._position(line.orders, oid) >= 0:
                new._plain = False  # still a member of the version appended to
            if not _noted(line.orders, oid, position):  # (the very item again: noted already)
                _note(line.orders, oid, position)
                _note(line.users, uid, position)
        new._count = position + 1
        return new

    def without(self, order_id: str) -> Roster[T]:
        """Return a roster without the order ``order_id``; O(log n).

        (O(n) in a roster that holds an order id twice, which a group never
        does.)
        """
        if not self._plain:
            return Roster(item for item in self if item.order_id != order_id)
        position = self._position(self._line.orders, order_id)
        if position < 0:
            return self
        new = self._copy()
        start = self._count & ~_IN_BLOCK
        if position < start:
            assert self._vec is not None
            new._vec = vclear(self._vec, self._shift, position)
        else:
            new._tail = replaced(self._tail_items(), position - start, None)
        new._size -= 1
        return new

    def get(self, order_id: str) -> T | None:
        """The order ``order_id`` (the first one, if it is there twice), or None."""
        position = self._position(self._line.orders, order_id)
        return None if position < 0 else self._line.log[position]

    def first(self, *, excluding: str | None = None) -> T | None:
        """The earliest order whose id is not ``excluding``, or None; O(log n)."""
        if not self._plain:
            return next((o for o in self if o.order_id != excluding), None)
        found = self._first_from(0)
        if found is not None and excluding is not None and found.order_id == excluding:
            found = self._first_from(self._position(self._line.orders, excluding) + 1)
        return found

    def _first_from(self, position: int) -> T | None:
        """The first item at or after ``position``; O(log n)."""
        start = self._count & ~_IN_BLOCK
        if position < start:
            found: Any = vfirst(self._vec, self._shift, position)
            if found is not None:
                return found  # type: ignore[no-any-return]
            position = start
        tail = self._tail_items()
        return next((item for item in tail[position - start :] if item is not None), None)

    def has_user(self, user_id: str) -> bool:
        """Whether some order in the roster belongs to ``user_id``."""
        users = self._line.users  # a user never seen answered here (every newcomer)
        return user_id in users and self._position(users, user_id) >= 0

    def has_order(self, order_id: str) -> bool:
        """Whether the roster holds the order ``order_id``."""
        orders = self._line.orders  # an order never seen answered here (every join)
        return order_id in orders and self._position(orders, order_id) >= 0

    def as_tuple(self) -> tuple[T, ...]:
        """Return the orders in joining order (computed once, then cached)."""
        if self._tuple is None:
            if self._size == self._count:  # nobody left: the log's first positions
                self._tuple = tuple(self._line.log[: self._count])
            else:
                items: list[T] = []
                vitems(self._vec, self._shift, items)
                items.extend(item for item in self._tail_items() if item is not None)
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
