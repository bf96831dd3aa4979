"""Draw records: what a draw publishes, and how anyone checks it.

:func:`draw` runs protocol v1 (:mod:`pintuan.draw.protocol`) and returns a
:class:`DrawRecord` (commitment, pool digest, winners, reserves);
:func:`verify` recomputes a record from the seed and the entries and reports
every field that differs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any, Final

import attrs

from pintuan import _validators as v
from pintuan.draw.protocol import (
    PROTOCOL,
    check_count,
    check_seed,
    commitment,
    digest_of_pool,
    entries_tuple,
    first_problem,
    pool_digest,
    ranked_top,
)
from pintuan.errors import DrawError

__all__ = ["DrawRecord", "Mismatch", "Verification", "draw", "verify"]

_HEX64: Final = re.compile(r"[0-9a-f]{64}")


def _tuple_of_list(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def _hex64(_inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, str) or not _HEX64.fullmatch(value):
        raise DrawError(attribute.name, value, "must be 64 lowercase hex digits (a SHA-256)")


def _names(_inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, list | tuple):
        raise DrawError(attribute.name, value, "must be a list of entries")
    items = entries_tuple(value, attribute.name)
    if not all(isinstance(item, str) for item in items):
        raise first_problem(attribute.name, items)


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

    protocol: str = attrs.field(default=PROTOCOL, validator=v.text(error=DrawError))
    commitment: str = attrs.field(validator=_hex64)
    pool_digest: str = attrs.field(validator=_hex64)
    k: int = attrs.field(validator=v.integer(0, error=DrawError))
    winners: tuple[str, ...] = attrs.field(converter=_tuple_of_list, validator=_names)
    reserves: tuple[str, ...] = attrs.field(converter=_tuple_of_list, validator=_names)

    def __attrs_post_init__(self) -> None:
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
    seed = check_seed(seed)
    k = check_count("k", k)
    count = None if reserves is None else k + check_count("reserves", reserves)
    ranking = ranked_top(seed, items := entries_tuple(entries), count)
    # Every field comes from checked inputs (winners and reserves are distinct
    # entries, at most k winners): the record is built without re-checking them.
    return _RECORD(
        protocol=PROTOCOL,
        commitment=commitment(seed),
        pool_digest=digest_of_pool(items),
        k=k,
        winners=ranking[:k],
        reserves=ranking[k:],
    )


_RECORD = v.unchecked(DrawRecord)


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
    v.require("record", record, DrawRecord, error=DrawError)
    seed = check_seed(seed)
    items = entries_tuple(entries)
    ranking = ranked_top(seed, items, record.k + len(record.reserves))
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
