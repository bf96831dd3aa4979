"""RFC 3797 (Publicly Verifiable NomCom Random Selection), for comparison.

Written from the RFC's description, for the benchmark only:

* the *key string* is built from the public random sources: the numbers of
  each source sorted ascending, each written in decimal followed by ".", and
  each source closed by "/" (e.g. ``"9319./2.5.8.10.12./9.18.26.34.41.45./"``);
* selection number ``i`` (0, 1, 2, ...) hashes, with MD5, the key string with
  ``i`` as a two-byte big-endian value both before and after it (so the first
  selection pads the key string with zero bytes);
* the 16-byte digest, read as a big-endian unsigned integer, modulo the number
  of pool members still unselected, picks that member (counting from the start
  of the pool's published order), who is removed from the pool.

The result depends on the order in which the pool is published, and the modulo
has a (tiny, for a 128-bit value) bias toward low positions; draw protocol v1
has neither problem. A two-byte counter allows at most 65,536 selections.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence

__all__ = ["key_string", "select", "selection_digest"]


def key_string(sources: Iterable[Iterable[int]]) -> str:
    """Return the RFC 3797 key string of some numeric random sources."""
    return "".join("".join(f"{n}." for n in sorted(source)) + "/" for source in sources)


def selection_digest(key: str, index: int) -> bytes:
    """Return the MD5 digest that makes selection number ``index`` (from 0)."""
    if not 0 <= index < 1 << 16:
        raise ValueError("RFC 3797 uses a two-byte selection counter")
    counter = index.to_bytes(2, "big")
    return hashlib.md5(counter + key.encode("ascii") + counter).digest()


class _Remaining:
    """The unselected pool positions, as a Fenwick tree: pick the j-th in O(log n)."""

    def __init__(self, size: int) -> None:
        self.size = size
        tree = [0] * (size + 1)
        for i in range(1, size + 1):
            tree[i] += 1
            parent = i + (i & -i)
            if parent <= size:
                tree[parent] += tree[i]
        self.tree = tree
        self.top = 1 << size.bit_length()

    def take(self, j: int) -> int:
        """Remove and return the position (from 0) of the j-th remaining member."""
        tree, pos, step = self.tree, 0, self.top
        while step:
            nxt = pos + step
            if nxt <= self.size and tree[nxt] <= j:
                pos = nxt
                j -= tree[nxt]
            step >>= 1
        i = pos + 1
        while i <= self.size:
            tree[i] -= 1
            i += i & -i
        return pos


def select(key: str, pool: Sequence[str], count: int) -> list[str]:
    """Select ``count`` members of ``pool`` (in its published order) by RFC 3797."""
    if count > len(pool):
        raise ValueError("cannot select more members than the pool has")
    remaining = _Remaining(len(pool))
    chosen = []
    for index in range(count):
        value = int.from_bytes(selection_digest(key, index), "big")
        chosen.append(pool[remaining.take(value % (len(pool) - index))])
    return chosen


def _self_check() -> None:
    """Reproduce the RFC's worked example (25 volunteers, 16 selections)."""
    key = key_string([[9319], [2, 5, 12, 8, 10], [9, 18, 26, 34, 41, 45]])
    assert key == "9319./2.5.8.10.12./9.18.26.34.41.45./", key
    assert selection_digest(key, 0).hex().upper() == "990DD0A5692A029A98B5E01AA28F3459"
    picks = select(key, [str(n) for n in range(1, 26)], 16)
    expected = [17, 7, 2, 16, 25, 23, 8, 24, 19, 13, 22, 5, 18, 9, 1, 4]
    assert picks == [str(n) for n in expected], picks


if __name__ == "__main__":
    _self_check()
    print("RFC 3797 example reproduced")
