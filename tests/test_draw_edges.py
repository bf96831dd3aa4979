"""Edges of the streaming draw: the pruning cutoff, exactly.

``select_winners_streaming`` keeps at most ``k + max(k, 1024)`` candidates;
when the pool fills it keeps the ``k`` best and skips every later entry whose
key is above the ``k``-th best (the cutoff). An entry equal to the cutoff can
only be its duplicate, which must be found; an entry between the ``k-1``-th
and the ``k``-th best must still win.
"""

from __future__ import annotations

import pytest

from pintuan.draw.protocol import rank_entries, select_winners, select_winners_streaming
from pintuan.errors import DrawError

SEED = bytes(range(32))
BUFFER = 1024


def _entries(n: int) -> list[str]:
    return [f"o{i}" for i in range(n)]


@pytest.mark.parametrize("k", [1, 2, 3])
def test_one_winner_survives_pruning(k):
    # One or a few winners: the pool is cut down to k candidates many times.
    entries = _entries(4 * (k + BUFFER))
    assert select_winners_streaming(SEED, iter(entries), k) == select_winners(SEED, entries, k)


@pytest.mark.parametrize("k", [1, 2, 5])
def test_a_duplicate_of_the_cutoff_entry_is_found(k):
    entries = _entries(k + BUFFER)  # the pool is pruned as the last of these arrives
    cutoff_entry = select_winners(SEED, entries, k)[-1]
    with pytest.raises(DrawError) as info:
        select_winners_streaming(SEED, [*entries, cutoff_entry], k)
    assert info.value.field == f"entries[{k + BUFFER}]"
    assert info.value.value == cutoff_entry
    assert "repeats an earlier entry" in info.value.rule


@pytest.mark.parametrize("k", [2, 3, 5])
def test_an_entry_between_the_last_two_winners_still_wins(k):
    # Prune once, then add an entry whose score falls between the (k-1)-th and
    # the k-th best so far: it must take the k-th place.
    entries = _entries(k + BUFFER)
    ranked = rank_entries(SEED, entries)
    before, last = ranked[k - 2], ranked[k - 1]
    extra = next(
        e
        for e in (f"x{i}" for i in range(200_000))
        if rank_entries(SEED, [before, e, last]) == (before, e, last)
    )
    stream = [*entries, extra]
    expected = (*ranked[: k - 1], extra)
    assert select_winners(SEED, stream, k) == expected
    assert select_winners_streaming(SEED, iter(stream), k) == expected
