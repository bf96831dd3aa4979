"""The campaign book: the cost of recording an event as the campaign grows.

Opens and fills groups of 3 through ``CampaignBook.decide`` and ``record`` in
campaigns of 1,000 and 100,000 groups, and times the last 3,000 events of
each. Recording is O(log groups) by design (persistent maps and sorted sets);
a book that copied its dicts would grow 100x from the small campaign to the
large one. Prints the per-event ratio, large / small, and the same ratio for
``due`` sweeps over one due group.

Then the redirect of a payer who finds a group full (``FullGroupPolicy.REDIRECT``)
in books of 1,000 and 10,000 groups with a free seat, all but the newest past
their deadline and not yet swept: finding the group to redirect to must not
scan them. Prints t(10,000) / t(1,000) of ``CampaignBook.context`` (O(log
groups) ~ 1; a scan ~ 10; target <= 2).
"""

from __future__ import annotations

import time
from datetime import timedelta

import attrs
from _common import START, campaign

from pintuan import CampaignBook, FullGroupPolicy, JoinGroup, OpenGroup

TAIL = 1_000  # groups timed at the end of each campaign (3 events each)


def _commands(g: int) -> list[OpenGroup | JoinGroup]:
    at = START + timedelta(seconds=g)
    gid = f"g{g}"
    return [
        OpenGroup(group_id=gid, order_id=f"{gid}-0", user_id=f"u{g}-0", at=at),
        JoinGroup(group_id=gid, order_id=f"{gid}-1", user_id=f"u{g}-1", at=at),
        JoinGroup(group_id=gid, order_id=f"{gid}-2", user_id=f"u{g}-2", at=at),
    ]


def per_event(groups: int) -> tuple[float, float]:
    """Seconds per recorded event over the last TAIL groups, and per due() call."""
    c = campaign(group_size=3, capacity=3)
    book = CampaignBook.start(c)
    for g in range(groups - TAIL):
        for command in _commands(g):
            book = book.record(book.decide(command))
    commands = [cmd for g in range(groups - TAIL, groups) for cmd in _commands(g)]
    t0 = time.perf_counter()
    for command in commands:
        book = book.record(book.decide(command))
    record = (time.perf_counter() - t0) / len(commands)
    # One forming group among all the closed ones: due() finds it without a scan.
    late = OpenGroup(group_id="late", order_id="late-0", user_id="late", at=START)
    book = book.record(book.decide(late))
    now = START + c.time_limit
    t0 = time.perf_counter()
    for _ in range(TAIL):
        assert len(book.due(now)) == 1
    return record, (time.perf_counter() - t0) / TAIL


def redirect_cost(groups: int, repeat: int = 2_000) -> float:
    """Seconds per ``context`` of a join redirected away from a full group."""
    base = campaign(group_size=3, capacity=3)
    c = attrs.evolve(base, full_group_policy=FullGroupPolicy.REDIRECT)
    book = CampaignBook.start(c)
    for command in _commands(0):  # g0 is full
        book = book.record(book.decide(command))
    for g in range(1, groups + 1):  # one member each; the last opened latest
        at = START + (c.time_limit + timedelta(hours=12) if g == groups else timedelta(seconds=g))
        opening = OpenGroup(group_id=f"g{g}", order_id=f"g{g}-0", user_id=f"u{g}-0", at=at)
        book = book.record(book.decide(opening))
    now = START + c.time_limit + timedelta(hours=6)  # every group but the last is past due
    late = JoinGroup(group_id="g0", order_id="late", user_id="late", at=now)
    found = book.context(late).group_with_seat
    assert found == f"g{groups}", found
    t0 = time.perf_counter()
    for _ in range(repeat):
        book.context(late)
    return (time.perf_counter() - t0) / repeat


def main() -> None:
    small, small_due = per_event(1_000 + TAIL)
    large, large_due = per_event(100_000)
    print(f"record, {1_000 + TAIL:>7,} groups: {small * 1e6:7.1f} us/event")
    print(f"record, {100_000:>7,} groups: {large * 1e6:7.1f} us/event")
    print(f"ratio per event, 100x the groups = {large / small:.2f}  (log growth; a copy ~ 50)")
    print(f"due(), ratio 100x the groups = {large_due / small_due:.2f}  (O(due + log n))")
    small_redirect, large_redirect = redirect_cost(1_000), redirect_cost(10_000)
    print(f"redirect,   1,000 groups with a seat: {small_redirect * 1e6:7.1f} us")
    print(f"redirect,  10,000 groups with a seat: {large_redirect * 1e6:7.1f} us")
    print(
        f"redirect, ratio 10x the groups = {large_redirect / small_redirect:.2f}"
        "  (O(log n) ~ 1, a scan ~ 10, target <= 2)"
    )


if __name__ == "__main__":
    main()
