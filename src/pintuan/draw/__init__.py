"""Draw protocol v1: public, verifiable lottery draws from a caller's seed.

:mod:`pintuan.draw.protocol` ranks entries (order ids) by HMAC-SHA256 scores;
:mod:`pintuan.draw.record` turns a ranking into a publishable
:class:`DrawRecord` and checks one with :func:`verify`. Nothing here knows
about campaigns or groups: :mod:`pintuan.lottery` uses it for them.

    >>> seed = bytes(range(32))
    >>> select_winners(seed, ["o-1", "o-2", "o-3", "o-4"], 2)
    ('o-2', 'o-3')
"""

from pintuan.draw.partition import merge_winners, partial_winners
from pintuan.draw.protocol import (
    MIN_SEED_BYTES,
    PROTOCOL,
    commitment,
    group_seed,
    pool_digest,
    rank_entries,
    score,
    select_winners,
    select_winners_streaming,
)
from pintuan.draw.record import DrawRecord, Mismatch, Verification, draw, verify

__all__ = [
    "MIN_SEED_BYTES",
    "PROTOCOL",
    "DrawRecord",
    "Mismatch",
    "Verification",
    "commitment",
    "draw",
    "group_seed",
    "merge_winners",
    "partial_winners",
    "pool_digest",
    "rank_entries",
    "score",
    "select_winners",
    "select_winners_streaming",
    "verify",
]
