#!/usr/bin/env python3
"""Print mutmut 3's verdicts as killed/total per module (run from the checkout's root).

Reads ``mutmut results --all true``. The kill rate counts killed mutants
(timeouts are listed apart, not counted as killed) over every mutant that was
checked; mutants not checked yet are listed apart too. ``--survivors`` also
prints each surviving mutant's name (``mutmut show NAME`` prints its diff).
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

_MODULE = re.compile(r"^(?P<module>.+?)\.x[_ǁ]")


def main(argv: list[str]) -> int:
    """Print the table; return 0."""
    mutmut = Path(sys.executable).with_name("mutmut")
    out = subprocess.run(
        [str(mutmut), "results", "--all", "true"], check=True, capture_output=True, text=True
    ).stdout
    by_module: dict[str, Counter[str]] = defaultdict(Counter)
    survivors: list[str] = []
    for line in out.splitlines():
        name, _, status = line.strip().rpartition(": ")
        match = _MODULE.match(name)
        if not match:
            continue
        by_module[match["module"]][status] += 1
        if status == "survived":
            survivors.append(name)
    total = Counter[str]()
    print(f"{'module':<36}{'killed':>8}{'checked':>9}{'rate':>8}  other")
    for module in sorted(by_module):
        counts = by_module[module]
        total.update(counts)
        print(_row(module, counts))
    print(_row("all", total))
    if "--survivors" in argv:
        print("\nsurvivors:")
        print("\n".join(f"  {name}" for name in survivors))
    return 0


def _row(name: str, counts: Counter[str]) -> str:
    checked = sum(n for status, n in counts.items() if status != "not checked")
    killed = counts["killed"]
    rate = f"{100 * killed / checked:.1f}%" if checked else "-"
    other = ", ".join(f"{n} {s}" for s, n in sorted(counts.items()) if s != "killed")
    return f"{name:<36}{killed:>8}{checked:>9}{rate:>8}  {other}"


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
