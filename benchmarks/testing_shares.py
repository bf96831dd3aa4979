"""How often ``pintuan.testing.command_logs`` reaches each outcome, measured.

Runs ``campaigns()`` x ``command_logs(campaign)`` through ``replay_log`` for
N examples (500 by default; ``--examples N``) and prints, for each outcome,
the share of examples in which at least one group reached it, overall and
per kind. The figures in docs/testing.md come from this script.
"""

from __future__ import annotations

import argparse
from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pintuan as pt
from pintuan.testing import campaigns, check_settlement, command_logs, replay_log, seeds

OUTCOMES = ("success", "failure", "draw", "return", "all four")


def outcomes(result: pt.replay.ReplayResult) -> set[str]:
    """The outcomes one replay reached."""
    found: set[str] = set()
    statuses = {g.status for g in result.groups}
    if statuses & {pt.GroupStatus.SUCCEEDED, pt.GroupStatus.CLOSED}:
        found.add("success")
    if pt.GroupStatus.FAILED in statuses:
        found.add("failure")
    drawn = (pt.Outcome.WON, pt.Outcome.LOST)
    if any(x.outcome in drawn for s in result.settlements for x in s.statements):
        found.add("draw")  # a draw decided at least one order
    refunds = (e for s in result.settlements for e in s.effects if isinstance(e, pt.Refund))
    if any(r.reason is pt.RefundReason.RETURNED for r in refunds):
        found.add("return")
    if {"success", "failure", "return"} <= found:
        found.add("all four")  # with "draw" too for the kinds that draw (checked below)
    return found


def measure(examples: int) -> tuple[Counter[str], Counter[tuple[str, str]], Counter[str]]:
    """Return (overall counts, (kind, outcome) counts, examples per kind)."""
    total: Counter[str] = Counter()
    by_kind: Counter[tuple[str, str]] = Counter()
    kinds: Counter[str] = Counter()

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(st.data(), campaigns(), seeds())
    def run(data: st.DataObject, campaign: pt.Campaign, seed: bytes) -> None:
        log = data.draw(command_logs(campaign))
        result = replay_log(campaign, log, seed=seed)
        check_settlement(campaign, result.settlements)
        found = outcomes(result)
        drawing = campaign.draw is not None
        if "all four" in found and drawing and "draw" not in found:
            found.discard("all four")
        kind = campaign.kind.value
        kinds[kind] += 1
        for name in found:
            total[name] += 1
            by_kind[kind, name] += 1

    run()
    return total, by_kind, kinds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--examples", type=int, default=500)
    args = parser.parse_args()
    total, by_kind, kinds = measure(args.examples)
    n = sum(kinds.values())
    print(f"{n} examples (derandomized)")
    print(f"{'kind':<10}{'n':>5}" + "".join(f"{o:>10}" for o in OUTCOMES))
    rows = [("all", n, lambda o: total[o])]
    rows += [(k, kinds[k], lambda o, k=k: by_kind[k, o]) for k in sorted(kinds)]
    for name, count, get in rows:
        cells = "".join(f"{get(o) / count:>10.0%}" for o in OUTCOMES)
        print(f"{name:<10}{count:>5}{cells}")
    print("draw: share among all examples; only lottery and pinshang campaigns draw.")


if __name__ == "__main__":
    main()
