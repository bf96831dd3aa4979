"""Draw protocol v1: public, verifiable lottery draws.

Every entry (an order id) gets a score, ``HMAC-SHA256(key=seed,
msg=b"entry:" + UTF-8(entry))``; the entries ranked by ``(score,
UTF-8(entry))`` give the winners (the first ``k``) and then the reserves. The
seed comes from the caller (a public beacon round fixed in advance, or a secret
whose SHA-256 was published before the campaign opened): nothing here draws
random numbers, reads the clock or touches files. Anyone can recompute a draw
in any language that has HMAC-SHA256; see ``docs/draw-protocol.md``.

    >>> seed = bytes(range(32))
    >>> select_winners(seed, ["o-1", "o-2", "o-3", "o-4"], 2)
    ('o-2', 'o-3')
"""

from __future__ import annotations

import hashlib
import heapq
import hmac
from collections.abc import Callable, Iterable
from typing import Any, Final

from pintuan.errors import DrawError

__all__ = [
    "MIN_SEED_BYTES", "PROTOCOL", "check_count", "check_seed", "commitment", "digest_of_pool",
    "entries_tuple",
    "first_problem", "group_seed", "pool_digest", "rank_entries", "ranked_top", "score",
    "select_winners", "select_winners_streaming",
]  # fmt: skip

PROTOCOL: Final = "pintuan-draw-v1"
MIN_SEED_BYTES: Final = 16

_SCORE_BYTES: Final = 32
_BLOCK: Final = 64  # SHA-256's block size in bytes
_MIN_BUFFER: Final = 1024
_DISTINCT: Final = "; entries must be distinct (duplicates are never merged)"


def check_seed(seed: object, field: str = "seed") -> bytes:
    """Return ``seed`` as bytes if it is at least :data:`MIN_SEED_BYTES` long, else raise."""
    # The value in the error is a description, never the seed: it may be secret.
    if not isinstance(seed, bytes):
        raise DrawError(field, type(seed).__name__, "must be bytes")
    if len(seed) < MIN_SEED_BYTES:
        raise DrawError(
            field, f"<{len(seed)} bytes>", f"must be at least {MIN_SEED_BYTES} bytes long"
        )
    return seed


def check_count(field: str, value: object) -> int:
    """Return ``value`` if it is an int >= 0, else raise :class:`DrawError`."""
    if not isinstance(value, int) or isinstance(value, bool):
        raise DrawError(field, value, "must be an int")
    if value < 0:
        raise DrawError(field, value, "must not be negative")
    return value


def _check_label(field: str, value: object) -> bytes:
    if not isinstance(value, str):
        raise DrawError(field, value, "must be a str")
    if not value:
        raise DrawError(field, value, "must not be empty")
    try:
        return value.encode("utf-8")
    except UnicodeEncodeError:
        raise DrawError(field, value, "must be encodable as UTF-8 (no lone surrogates)") from None


def first_problem(field: str, items: tuple[Any, ...]) -> DrawError:
    """Return the error for the first bad or repeated item (the slow path)."""
    seen: dict[str, int] = {}
    for index, item in enumerate(items):
        name = f"{field}[{index}]"
        _check_label(name, item)
        if item in seen:
            return DrawError(name, item, f"repeats {field}[{seen[item]}]" + _DISTINCT)
        seen[item] = index
    raise AssertionError("no problem found")  # pragma: no cover


def entries_tuple(entries: Iterable[str], field: str = "entries") -> tuple[str, ...]:
    """Return the entries as a tuple of non-empty strings, else raise :class:`DrawError`."""
    if isinstance(entries, str | bytes):
        raise DrawError(field, entries, "must be an iterable of str, not a single string")
    try:
        items = tuple(entries)
    except TypeError:
        raise DrawError(field, type(entries).__name__, "must be an iterable of str") from None
    try:
        distinct = set(items)
    except TypeError:
        raise first_problem(field, items) from None
    if len(distinct) != len(items) or "" in distinct:
        raise first_problem(field, items)
    return items


_IPAD = bytes(byte ^ 0x36 for byte in range(256))  # RFC 2104's pads, as translate tables
_OPAD = bytes(byte ^ 0x5C for byte in range(256))


def _hmac_sha256(key: bytes, head: bytes = b"") -> Callable[[bytes], bytes]:
    """Return ``msg -> hmac.digest(key, head + msg, "sha256")`` for many messages under one key.

    HMAC as RFC 2104 defines it, with the inner and outer padded keys (and
    ``head``, which every message starts with) hashed once: the same bytes as
    :func:`hmac.digest`, which sets up OpenSSL's HMAC for every message and
    takes about 2.5x as long for a short one.
    """
    if len(key) > _BLOCK:
        key = hashlib.sha256(key).digest()
    key = key.ljust(_BLOCK, b"\0")
    inner, outer = hashlib.sha256(key.translate(_IPAD) + head), hashlib.sha256(key.translate(_OPAD))

    def digest(msg: bytes) -> bytes:
        hashed = inner.copy()
        hashed.update(msg)
        final = outer.copy()
        final.update(hashed.digest())
        return final.digest()

    return digest


def _keys(seed: bytes, items: tuple[str, ...], field: str = "entries") -> list[bytes]:
    """Return ``score + UTF-8(entry)`` for each item: they sort as the ranking does.

    A fixed 32-byte score followed by the entry sorts exactly like the pair; bytes
    are not tracked by the garbage collector, so a million of them stay cheap.
    """
    digest = _hmac_sha256(seed, b"entry:")
    try:
        return [digest(raw) + raw for raw in map(str.encode, items)]
    except (TypeError, UnicodeEncodeError):
        raise first_problem(field, items) from None


def _entry_of(key: bytes) -> str:
    return key[_SCORE_BYTES:].decode("utf-8")


def ranked_top(seed: bytes, items: tuple[str, ...], count: int | None) -> tuple[str, ...]:
    """Return the first ``count`` entries of the ranking (all of them if ``None``)."""
    keys = _keys(seed, items)
    best = sorted(keys) if count is None else heapq.nsmallest(count, keys)
    return tuple([key[_SCORE_BYTES:].decode() for key in best])  # _entry_of of each, inline


def score(seed: bytes, entry: str) -> bytes:
    """Return the 32-byte score of one entry: HMAC-SHA256(seed, b"entry:" + entry).

    Raises:
        DrawError: if the seed is not bytes of at least 16 bytes, or the entry
            is not a non-empty str.
    """
    raw = _check_label("entry", entry)
    return hmac.digest(check_seed(seed), b"entry:" + raw, "sha256")


def group_seed(seed: bytes, group_id: str) -> bytes:
    """Return the 32-byte seed of one group's draw (draw mode 2).

    It is ``HMAC-SHA256(key=seed, msg=b"group:" + UTF-8(group_id))``, so one
    published campaign seed gives every group its own independent draw.
    """
    raw = _check_label("group_id", group_id)
    return hmac.digest(check_seed(seed), b"group:" + raw, "sha256")


def commitment(seed: bytes) -> str:
    """Return the lowercase hex SHA-256 of the seed, to publish before the draw."""
    return hashlib.sha256(check_seed(seed)).hexdigest()


def pool_digest(entries: Iterable[str]) -> str:
    """Return the lowercase hex digest that identifies a pool of entries.

    It is the SHA-256 of every entry, in ascending UTF-8 byte order, each as a
    4-byte big-endian length followed by its UTF-8 bytes; it does not depend on
    the order the entries are given in.

    Raises:
        DrawError: if an entry is not a non-empty str or appears twice.
    """
    return digest_of_pool(entries_tuple(entries))


def digest_of_pool(items: tuple[str, ...]) -> str:
    """:func:`pool_digest` of entries :func:`entries_tuple` has already checked."""
    try:
        raws = list(map(str.encode, sorted(items)))
    except (TypeError, UnicodeEncodeError):
        raise first_problem("entries", items) from None
    return hashlib.sha256(b"".join([len(raw).to_bytes(4, "big") + raw for raw in raws])).hexdigest()


def rank_entries(seed: bytes, entries: Iterable[str]) -> tuple[str, ...]:
    """Return every entry in rank order: the winners first, then the reserves."""
    seed = check_seed(seed)
    return ranked_top(seed, entries_tuple(entries), None)


def select_winners(seed: bytes, entries: Iterable[str], k: int) -> tuple[str, ...]:
    """Return the ``min(k, len(entries))`` winners in rank order.

    An empty pool has no winners. Selection keeps a heap of ``k`` (time
    ``O(n log k)``), but all entries are held to reject duplicates.

    Raises:
        DrawError: for a bad seed, a negative or non-int ``k``, or an entry
            that is not a non-empty str or appears twice (the field names it).
    """
    seed = check_seed(seed)
    k = check_count("k", k)
    return ranked_top(seed, entries_tuple(entries), k)


def select_winners_streaming(seed: bytes, entries: Iterable[str], k: int) -> tuple[str, ...]:
    """Return the same winners as :func:`select_winners`, in memory ``O(k)``.

    The entries are read once, from any iterable (a file, a database cursor),
    and only the best candidates are kept. Every entry is checked to be a
    non-empty str. Duplicates cannot all be found without remembering every
    entry, but the two copies of an entry always have the same score, so:

    * a duplicated entry that would rank among the ``k`` winners is always
      found, and raises :class:`DrawError`;
    * a duplicated entry ranked below the winners may pass unnoticed; it cannot
      change the result, which is then exactly the draw over the distinct
      entries. Use :func:`pool_digest` or :func:`draw` over the full pool (or a
      unique key upstream) when distinctness itself must be proven.

    Raises:
        DrawError: as :func:`select_winners`; a duplicate names the index of
            its second copy.
    """
    seed = check_seed(seed)
    k = check_count("k", k)
    if isinstance(entries, str | bytes):
        raise DrawError("entries", entries, "must be an iterable of str, not a single string")
    digest = _hmac_sha256(seed, b"entry:")
    limit = k + max(k, _MIN_BUFFER)
    pool: list[bytes] = []
    members: set[bytes] = set()
    cutoff: bytes | None = None  # a key above the k-th best so far can never win
    for index, entry in enumerate(entries):
        raw = _check_label(f"entries[{index}]", entry)
        if k == 0:
            continue
        key = digest(raw) + raw
        if cutoff is not None and key > cutoff:
            continue
        if raw in members:
            raise DrawError(f"entries[{index}]", entry, "repeats an earlier entry" + _DISTINCT)
        pool.append(key)
        members.add(raw)
        if len(pool) >= limit:
            pool = heapq.nsmallest(k, pool)
            cutoff = pool[-1]
            members = {key[_SCORE_BYTES:] for key in pool}
    return tuple(map(_entry_of, heapq.nsmallest(k, pool)))
