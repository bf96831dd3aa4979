"""Simulating campaigns: the operator's design tool, on the real engine.

:func:`simulate` runs a campaign many times under an :class:`Arrivals`
process (with an :class:`Economics` for unit cost and payment fees) and
returns a :class:`Simulation`: one :class:`RunRecord` per run and a summary
(mean, p5, p50, p95). :func:`sweep` does it for every design of a grid and
marks which break even. Every run goes through :meth:`CampaignBook.decide
<pintuan.lifecycle.book.CampaignBook.decide>`, the expiry sweep and
:func:`pintuan.settle_groups`: the simulator has no model of its own.
"""

from pintuan.simulation.api import SweepRow, simulate, sweep
from pintuan.simulation.examples import seed_pinshang
from pintuan.simulation.model import Arrivals, Economics, JoinChoice
from pintuan.simulation.results import RunRecord, Simulation, Stats
from pintuan.simulation.run import derive_seed, run_once

__all__ = [
    "Arrivals",
    "Economics",
    "JoinChoice",
    "RunRecord",
    "Simulation",
    "Stats",
    "SweepRow",
    "derive_seed",
    "run_once",
    "seed_pinshang",
    "simulate",
    "sweep",
]
