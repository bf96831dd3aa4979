"""What a simulation returns: one record per run, and statistics over the runs.

Amounts in a :class:`RunRecord` are integers in the campaign currency's minor
unit (fen), exact. Statistics over runs (:class:`Stats`) are floats: a mean of
margins is a description of a distribution, never an amount to pay.
"""

from __future__ import annotations

import importlib
import math
from collections.abc import Iterable, Sequence
from typing import Any

import attrs

__all__ = ["RunRecord", "Simulation", "Stats", "stats_of"]


@attrs.frozen(kw_only=True)
class RunRecord:
    """The outcome of one simulated campaign (amounts in minor units).

    Attributes:
        run: The run's number (its seed derives from the simulation's seed and it).
        arrivals: Buyers who arrived.
        orders: Orders accepted (leaders included).
        rejected: Commands refused (limits, stock, full groups, windows...).
        groups_opened: Groups opened.
        groups_succeeded: Groups that reached their size.
        groups_failed: Groups that failed.
        fill_p50_s: Median seconds from opening to success (``None`` if none).
        fill_p90_s: 90th percentile of the same.
        gross_paid: What buyers paid.
        refunds: Refunded amounts by reason, sorted by reason.
        rewards: Rewards paid by kind, sorted by kind.
        merchant_revenue: What the merchant kept after refunds.
        promotion_spend: What the promotion budget paid (net of clawbacks).
        units_shipped: Units of the product and of gift items shipped.
        cost_of_goods: ``units_shipped`` x the unit cost.
        fees: Payment fees (less fees returned with refunds, if they are).
        margin: ``merchant_revenue - promotion_spend - cost_of_goods - fees``.
        budget_left: What is left of the reward budget, or ``None``.
    """

    run: int
    arrivals: int
    orders: int
    rejected: int
    groups_opened: int
    groups_succeeded: int
    groups_failed: int
    fill_p50_s: float | None
    fill_p90_s: float | None
    gross_paid: int
    refunds: tuple[tuple[str, int], ...]
    rewards: tuple[tuple[str, int], ...]
    merchant_revenue: int
    promotion_spend: int
    units_shipped: int
    cost_of_goods: int
    fees: int
    margin: int
    budget_left: int | None

    def to_dict(self) -> dict[str, Any]:
        """A flat dict of plain values (``refunds_<reason>``, ``rewards_<kind>``)."""
        out = attrs.asdict(self)
        for name in ("refunds", "rewards"):
            out.update({f"{name}_{key}": amount for key, amount in out.pop(name)})
        return out


@attrs.frozen(kw_only=True)
class Stats:
    """Mean and percentiles (nearest rank) of one measure over the runs."""

    mean: float
    p5: float
    p50: float
    p95: float


def _rank(ordered: Sequence[float], q: float) -> float:
    return ordered[max(math.ceil(q * len(ordered)) - 1, 0)]


def stats_of(values: Iterable[float]) -> Stats | None:
    """The :class:`Stats` of ``values``, or ``None`` if there are none."""
    ordered = sorted(values)
    if not ordered:
        return None
    return Stats(
        mean=math.fsum(ordered) / len(ordered),
        p5=_rank(ordered, 0.05),
        p50=_rank(ordered, 0.50),
        p95=_rank(ordered, 0.95),
    )


@attrs.frozen(kw_only=True)
class Simulation:
    """Every run of a simulation, in run order."""

    runs: tuple[RunRecord, ...]

    def to_records(self) -> list[dict[str, Any]]:
        """One plain dict per run (see :meth:`RunRecord.to_dict`), all with the same keys.

        A refund reason or reward kind a run did not see counts 0 in it.
        """
        records = [run.to_dict() for run in self.runs]
        amounts = sorted({k for r in records for k in r if k.startswith(("refunds_", "rewards_"))})
        return [{**dict.fromkeys(amounts, 0), **r} for r in records]

    def summary(self) -> dict[str, Stats]:
        """Mean, p5, p50 and p95 of every numeric measure over the runs.

        A measure some runs lack (no group succeeded, so no fill time) is
        summarized over the runs that have it.
        """
        records = self.to_records()
        names = sorted({k for r in records for k, value in r.items() if _numeric(value)})
        out: dict[str, Stats] = {}
        for name in names:
            if name == "run":
                continue
            found = stats_of(r[name] for r in records if _numeric(r.get(name)))
            if found is not None:
                out[name] = found
        return out

    def to_frame(self) -> Any:
        """The runs as a pandas DataFrame (pandas must be installed; pintuan never needs it).

        Raises:
            ModuleNotFoundError: pandas is not installed.
        """
        pandas = importlib.import_module("pandas")  # optional: imported only when asked for
        return pandas.DataFrame.from_records(self.to_records())


def _numeric(value: object) -> bool:
    return type(value) in (int, float)
