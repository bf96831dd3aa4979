"""Draws over partitions: each part keeps its best entries, the parts merge exactly.

A campaign-end draw over millions of orders can be split (by group, by
shard, across the workers of an executor): :func:`partial_winners` ranks one
part and keeps its ``k`` best entries; :func:`merge_winners` ranks the union
of the parts' bests and keeps the ``k`` best of it. Since the ranking is a
total order on (score, entry), the ``k`` best of the whole pool are among the
parts' ``k`` bests, so the result is exactly ``select_winners`` over every
entry. Parts must be disjoint: an entry kept by two parts is refused as a
duplicate, but one dropped by both cannot be seen, so split by something that
cannot repeat (an order belongs to one group).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable

from pintuan.draw.protocol import check_count, select_winners, select_winners_streaming

__all__ = ["merge_winners", "partial_winners"]


def partial_winners(seed: bytes, entries: Iterable[str], k: int) -> tuple[str, ...]:
    """The ``k`` best entries of one part, in rank order (memory O(k)).

    Raises:
        DrawError: A bad seed, count or entry, or a duplicate within the part.
    """
    return select_winners_streaming(seed, entries, k)


def merge_winners(seed: bytes, partials: Iterable[Iterable[str]], k: int) -> tuple[str, ...]:
    """The ``k`` winners of the whole pool, from each part's :func:`partial_winners`.

    Raises:
        DrawError: A bad seed or count, or an entry kept by two parts.
    """
    return select_winners(seed, itertools.chain.from_iterable(partials), check_count("k", k))
