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
import re
from collections.abc import Iterable, Mapping
from typing import Any, Final

import attrs

from pintuan.errors import DrawError

__all__ = [
    "MIN_SEED_BYTES", "PROTOCOL", "DrawRecord", "Mismatch", "Verification", "commitment", "draw",
    "group_seed", "pool_digest", "rank_entries", "score", "select_winners",
    "select_winners_streaming", "verify",
]  # fmt: skip

PROTOCOL: Final = "pintuan-draw-v1"
MIN_SEED_BYTES: Final = 16

_SCORE_BYTES: Final = 32
_HEX64 = re.compile(r"[0-9a-f]{64}")
_MIN_BUFFER: Final = 1024
_DISTINCT: Final = "; entries must be distinct (duplicates are never merged)"


def _check_seed(seed: object, field: str = "seed") -> bytes:
    # The value in the error is a description, never the seed: it may be secret.
    if not isinstance(seed, bytes):
        raise DrawError(field, type(seed).__name__, "must be bytes")
    if len(seed) < MIN_SEED_BYTES:
        raise DrawError(
            field, f"<{len(seed)} bytes>", f"must be at least {MIN_SEED_BYTES} bytes long"
        )
    return seed


def _check_count(field: str, value: object) -> int:
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


def _first_problem(field: str, items: tuple[Any, ...]) -> DrawError:
    """Return the error for the first bad or repeated item (the slow path)."""
    seen: dict[str, int] = {}
    for index, item in enumerate(items):
        name = f"{field}[{index}]"
        _check_label(name, item)
        if item in seen:
            return DrawError(name, item, f"repeats {field}[{seen[item]}]" + _DISTINCT)
        seen[item] = index
    raise AssertionError("no problem found")  # pragma: no cover


def _entries_tuple(entries: Iterable[str], field: str = "entries") -> tuple[str, ...]:
    if isinstance(entries, str | bytes):
        raise DrawError(field, entries, "must be an iterable of str, not a single string")
    try:
        items = tuple(entries)
    except TypeError:
        raise DrawError(field, type(entries).__name__, "must be an iterable of str") from None
    try:
        distinct = set(items)
    except TypeError:
        raise _first_problem(field, items) from None
    if len(distinct) != len(items) or "" in distinct:
        raise _first_problem(field, items)
    return items


def _keys(seed: bytes, items: tuple[str, ...], field: str = "entries") -> list[bytes]:
    """Return ``score + UTF-8(entry)`` for each item: they sort as the ranking does.

    A fixed 32-byte score followed by the entry sorts exactly like the pair; bytes
    are not tracked by the garbage collector, so a million of them stay cheap.
    """
    digest = hmac.digest
    try:
        return [digest(seed, b"entry:" + raw, "sha256") + raw for raw in map(str.encode, items)]
    except (TypeError, UnicodeEncodeError):
        raise _first_problem(field, items) from None


def _entry_of(key: bytes) -> str:
    return key[_SCORE_BYTES:].decode("utf-8")


def _top(seed: bytes, items: tuple[str, ...], count: int | None) -> tuple[str, ...]:
    keys = _keys(seed, items)
    best = sorted(keys) if count is None else heapq.nsmallest(count, keys)
    return tuple(map(_entry_of, best))


def score(seed: bytes, entry: str) -> bytes:
    """Return the 32-byte score of one entry: HMAC-SHA256(seed, b"entry:" + entry).

    Raises:
        DrawError: if the seed is not bytes of at least 16 bytes, or the entry
            is not a non-empty str.
    """
    raw = _check_label("entry", entry)
    return hmac.digest(_check_seed(seed), b"entry:" + raw, "sha256")


def group_seed(seed: bytes, group_id: str) -> bytes:
    """Return the 32-byte seed of one group's draw (draw mode 2).

    It is ``HMAC-SHA256(key=seed, msg=b"group:" + UTF-8(group_id))``, so one
    published campaign seed gives every group its own independent draw.
    """
    raw = _check_label("group_id", group_id)
    return hmac.digest(_check_seed(seed), b"group:" + raw, "sha256")


def commitment(seed: bytes) -> str:
    """Return the lowercase hex SHA-256 of the seed, to publish before the draw."""
    return hashlib.sha256(_check_seed(seed)).hexdigest()


def pool_digest(entries: Iterable[str]) -> str:
    """Return the lowercase hex digest that identifies a pool of entries.

    It is the SHA-256 of every entry, in ascending UTF-8 byte order, each as a
    4-byte big-endian length followed by its UTF-8 bytes; it does not depend on
    the order the entries are given in.

    Raises:
        DrawError: if an entry is not a non-empty str or appears twice.
    """
    items = _entries_tuple(entries)
    hasher = hashlib.sha256()
    try:
        for raw in map(str.encode, sorted(items)):
            hasher.update(len(raw).to_bytes(4, "big"))
            hasher.update(raw)
    except (TypeError, UnicodeEncodeError):
        raise _first_problem("entries", items) from None
    return hasher.hexdigest()


def rank_entries(seed: bytes, entries: Iterable[str]) -> tuple[str, ...]:
    """Return every entry in rank order: the winners first, then the reserves."""
    seed = _check_seed(seed)
    return _top(seed, _entries_tuple(entries), None)


def select_winners(seed: bytes, entries: Iterable[str], k: int) -> tuple[str, ...]:
    """Return the ``min(k, len(entries))`` winners in rank order.

    An empty pool has no winners. Selection keeps a heap of ``k`` (time
    ``O(n log k)``), but all entries are held to reject duplicates.

    Raises:
        DrawError: for a bad seed, a negative or non-int ``k``, or an entry
            that is not a non-empty str or appears twice (the field names it).
    """
    seed = _check_seed(seed)
    k = _check_count("k", k)
    return _top(seed, _entries_tuple(entries), k)


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
    seed = _check_seed(seed)
    k = _check_count("k", k)
    if isinstance(entries, str | bytes):
        raise DrawError("entries", entries, "must be an iterable of str, not a single string")
    digest = hmac.digest
    limit = k + max(k, _MIN_BUFFER)
    pool: list[bytes] = []
    members: set[bytes] = set()
    cutoff: bytes | None = None  # a key above the k-th best so far can never win
    for index, entry in enumerate(entries):
        raw = _check_label(f"entries[{index}]", entry)
        if k == 0:
            continue
        key = digest(seed, b"entry:" + raw, "sha256") + raw
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


def _tuple_of_list(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def _check_hex(field: str, value: object) -> None:
    if not isinstance(value, str) or not _HEX64.fullmatch(value):
        raise DrawError(field, value, "must be 64 lowercase hex digits (a SHA-256)")


def _to_names(field: str, value: object) -> tuple[str, ...]:
    if not isinstance(value, list | tuple):
        raise DrawError(field, value, "must be a list of entries")
    items = _entries_tuple(value, field)
    if not all(isinstance(item, str) for item in items):
        raise _first_problem(field, items)
    return items


@attrs.frozen(kw_only=True)
class DrawRecord:
    """What a draw publishes: enough for anyone holding seed and pool to check it.

    Attributes:
        protocol: Protocol version, ``"pintuan-draw-v1"``.
        commitment: Lowercase hex SHA-256 of the seed.
        pool_digest: :func:`pool_digest` of the entries drawn from.
        k: Number of prizes asked for (there are ``min(k, pool size)`` winners).
        winners: Winners in rank order.
        reserves: Entries ranked after the winners, in order.
    """

    protocol: str = PROTOCOL
    commitment: str
    pool_digest: str
    k: int
    winners: tuple[str, ...] = attrs.field(converter=_tuple_of_list)
    reserves: tuple[str, ...] = attrs.field(converter=_tuple_of_list)

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.protocol, str) or not self.protocol:
            raise DrawError("protocol", self.protocol, "must be a non-empty str")
        _check_hex("commitment", self.commitment)
        _check_hex("pool_digest", self.pool_digest)
        _check_count("k", self.k)
        _to_names("winners", self.winners)
        _to_names("reserves", self.reserves)
        if len(self.winners) > self.k:
            raise DrawError("winners", len(self.winners), f"cannot be more than k={self.k}")
        both = set(self.winners).intersection(self.reserves)
        if both:
            raise DrawError("reserves", min(both), "is also a winner")

    def to_dict(self) -> dict[str, Any]:
        """Return the record as a JSON-ready dict (lists, str and int only)."""
        return {**attrs.asdict(self), "winners": [*self.winners], "reserves": [*self.reserves]}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> DrawRecord:
        """Build a record from :meth:`to_dict` output (for example parsed JSON).

        Raises:
            DrawError: naming the missing, unknown or malformed key.
        """
        if not isinstance(d, Mapping):
            raise DrawError("record", type(d).__name__, "must be a JSON object")
        fields = attrs.fields_dict(cls)
        for key in d:
            if key not in fields:
                raise DrawError(str(key), d[key], "is not a draw record key")
        missing = [name for name in fields if name not in d]
        if missing:
            raise DrawError(missing[0], None, "is missing from the draw record")
        return cls(**{name: d[name] for name in fields})


def draw(seed: bytes, entries: Iterable[str], k: int, *, reserves: int | None = None) -> DrawRecord:
    """Draw ``k`` winners and return the record to publish.

    Args:
        seed: The draw's seed, at least 16 bytes.
        entries: Distinct, non-empty order ids.
        k: Number of prizes.
        reserves: How many of the next-ranked entries to keep as reserves;
            ``None`` (the default) keeps all the rest.

    Raises:
        DrawError: naming the bad argument or entry.
    """
    seed = _check_seed(seed)
    k = _check_count("k", k)
    count = None if reserves is None else k + _check_count("reserves", reserves)
    ranking = _top(seed, items := _entries_tuple(entries), count)
    return DrawRecord(
        commitment=commitment(seed),
        pool_digest=pool_digest(items),
        k=k,
        winners=ranking[:k],
        reserves=ranking[k:],
    )


@attrs.frozen(kw_only=True)
class Mismatch:
    """One field of a record that the recomputation does not reproduce."""

    field: str
    recorded: str | tuple[str, ...]
    recomputed: str | tuple[str, ...]

    def describe(self) -> str:
        """Say in one line what differs (the first differing rank for lists)."""
        old, new = self.recorded, self.recomputed
        if isinstance(old, str) or isinstance(new, str):
            return f"{self.field}: recorded {old!r}, recomputed {new!r}"
        for rank, (a, b) in enumerate(zip(old, new, strict=False), start=1):
            if a != b:
                return (
                    f"{self.field}: differ first at rank {rank}: recorded {a!r}, "
                    f"recomputed {b!r} ({len(old)} recorded, {len(new)} recomputed)"
                )
        return f"{self.field}: {len(old)} recorded, {len(new)} recomputed"


@attrs.frozen(kw_only=True)
class Verification:
    """Outcome of :func:`verify`: ``ok`` exactly when there is no mismatch."""

    ok: bool
    mismatches: tuple[Mismatch, ...]


def verify(record: DrawRecord, seed: bytes, entries: Iterable[str]) -> Verification:
    """Recompute a draw from its seed and entries and compare it with the record.

    The reserves are recomputed to the length the record has (a record may
    keep fewer than all of them). Every field that differs is reported: the
    protocol, the commitment (wrong seed), the pool digest (different entries),
    the winners and the reserves.

    Raises:
        DrawError: if the seed or the entries themselves are invalid.
    """
    seed = _check_seed(seed)
    items = _entries_tuple(entries)
    ranking = _top(seed, items, record.k + len(record.reserves))
    pairs: tuple[tuple[str, str | tuple[str, ...], str | tuple[str, ...]], ...] = (
        ("protocol", record.protocol, PROTOCOL),
        ("commitment", record.commitment, commitment(seed)),
        ("pool_digest", record.pool_digest, pool_digest(items)),
        ("winners", record.winners, ranking[: record.k]),
        ("reserves", record.reserves, ranking[record.k :]),
    )
    mismatches = tuple(
        Mismatch(field=field, recorded=old, recomputed=new)
        for field, old, new in pairs
        if old != new
    )
    return Verification(ok=not mismatches, mismatches=mismatches)
