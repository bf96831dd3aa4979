"""Simulating a campaign many times, and sweeping its design.

:func:`simulate` runs a campaign ``runs`` times, each run with its own seed
derived from the caller's, serially or on any
:class:`concurrent.futures.Executor` (a process pool, a dask client's
``get_executor()``): the records are the same whichever runs them.
:func:`sweep` simulates every point of a grid of designs (group size x win
rate x reward, or tier tables...) and marks which break even.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Executor
from typing import Any

import attrs

from pintuan.campaign import Campaign, Kind, TierTable
from pintuan.draw.protocol import MIN_SEED_BYTES
from pintuan.errors import ConfigurationError
from pintuan.lottery import PinshangTerms
from pintuan.simulation.model import Arrivals, Economics
from pintuan.simulation.results import RunRecord, Simulation, Stats
from pintuan.simulation.run import run_once

__all__ = ["SweepRow", "simulate", "sweep"]

#: Grid keys that rebuild a pinshang campaign's terms instead of a field.
PINSHANG_KEYS = frozenset({"group_size", "win_rate_bps", "winners", "participation_reward"})


def _check(campaign: Any, arrivals: Any, economics: Any, seed: Any, runs: Any) -> None:
    if not isinstance(campaign, Campaign):
        raise ConfigurationError("campaign", campaign, "must be a pintuan Campaign")
    if not isinstance(arrivals, Arrivals):
        raise ConfigurationError("arrivals", arrivals, "must be an Arrivals")
    if not isinstance(economics, Economics):
        raise ConfigurationError("economics", economics, "must be an Economics")
    if not isinstance(seed, bytes) or len(seed) < MIN_SEED_BYTES:
        shown = f"<{len(seed)} bytes>" if isinstance(seed, bytes) else type(seed).__name__
        raise ConfigurationError("seed", shown, f"must be at least {MIN_SEED_BYTES} bytes")
    if type(runs) is not int or runs < 1:
        raise ConfigurationError("runs", runs, "must be an int >= 1")


def simulate(
    campaign: Campaign,
    arrivals: Arrivals,
    *,
    seed: bytes,
    runs: int,
    economics: Economics | None = None,
    executor: Executor | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Simulation:
    """Simulate ``campaign`` ``runs`` times under ``arrivals``; one record per run.

    Args:
        campaign: The campaign, any kind.
        arrivals: How buyers arrive.
        seed: At least 16 bytes; run ``i`` and its draws use seeds derived
            from it and ``i``, so the simulation repeats exactly.
        runs: How many runs (>= 1).
        economics: Unit cost and payment fee (default: none).
        executor: Where to run the runs (default: here, one after another).
        progress: Called with (runs done, runs) as runs finish.

    Raises:
        ConfigurationError: A bad argument (named).
    """
    economics = Economics() if economics is None else economics
    _check(campaign, arrivals, economics, seed, runs)
    if executor is not None and not isinstance(executor, Executor):
        raise ConfigurationError(
            "executor", executor, "must be a concurrent.futures.Executor (for dask: get_executor())"
        )
    records: list[RunRecord] = []
    if executor is None:
        for index in range(runs):
            records.append(run_once(campaign, arrivals, economics, seed, index))
            if progress is not None:
                progress(index + 1, runs)
    else:
        futures = [
            executor.submit(run_once, campaign, arrivals, economics, seed, index)
            for index in range(runs)
        ]
        for done, future in enumerate(futures, start=1):
            records.append(future.result())
            if progress is not None:
                progress(done, runs)
    return Simulation(runs=tuple(records))


@attrs.frozen(kw_only=True)
class SweepRow:
    """One design of a sweep: its grid point, its campaign and the statistics.

    Attributes:
        point: The grid values of this design.
        campaign: The campaign simulated.
        summary: :meth:`Simulation.summary` over its runs.
        break_even: Whether the mean margin is at least zero.
    """

    point: tuple[tuple[str, Any], ...]
    campaign: Campaign
    summary: Mapping[str, Stats]
    break_even: bool


def _design(base: Campaign, point: Mapping[str, Any]) -> Campaign:
    """``base`` with a grid point applied (pinshang terms rebuilt from their keys)."""
    terms_keys = PINSHANG_KEYS & point.keys()
    fields = {k: value for k, value in point.items() if k not in terms_keys}
    if terms_keys:
        if base.kind is not Kind.PINSHANG or base.draw is None or base.price is None:
            raise ConfigurationError("grid", sorted(terms_keys), "only for a pinshang campaign")
        size = point.get("group_size", base.group_size)
        reward = point.get("participation_reward", base.draw.loser.cash_reward)
        reward = reward if reward is not None else base.price * 0
        if "win_rate_bps" in point:
            terms = PinshangTerms.from_rate(base.price, size, point["win_rate_bps"], reward)
        else:
            winners = point.get("winners", base.draw.prizes)
            terms = PinshangTerms(
                price=base.price, group_size=size, winners=winners, participation_reward=reward
            )
        fields.update(group_size=size, capacity=size, draw=terms.policy())
    table = fields.get("tiers")
    if isinstance(table, TierTable):  # a tier table sets the sizes and the stock
        fields.update(group_size=table.first.size, capacity=table.top.size, stock=table.stock)
    try:
        return attrs.evolve(base, **fields)
    except TypeError as exc:
        raise ConfigurationError("grid", sorted(fields), f"not campaign fields: {exc}") from None


def sweep(
    base: Campaign,
    grid: Mapping[str, Sequence[Any]],
    arrivals: Arrivals,
    *,
    seed: bytes,
    runs: int,
    economics: Economics | None = None,
    executor: Executor | None = None,
) -> tuple[SweepRow, ...]:
    """Simulate every combination of ``grid`` applied to ``base``; one row per design.

    ``grid`` maps a campaign field (``time_limit``, ``tiers``, ``rewards``...)
    or, for a pinshang campaign, a term (``group_size``, ``win_rate_bps``,
    ``winners``, ``participation_reward``) to the values to try. Every design
    uses the same seed, so differences come from the design, not the luck.

    Raises:
        ConfigurationError: An empty grid or an empty list of values, a key
            that is neither, or a design that is not a valid campaign.
    """
    if not isinstance(grid, Mapping) or not grid or not all(grid.values()):
        raise ConfigurationError("grid", grid, "must map each key to a non-empty list of values")
    keys = sorted(grid)
    rows = []
    for values in itertools.product(*(grid[k] for k in keys)):
        point = dict(zip(keys, values, strict=True))
        design = _design(base, point)
        result = simulate(
            design, arrivals, seed=seed, runs=runs, economics=economics, executor=executor
        )
        summary = result.summary()
        rows.append(
            SweepRow(
                point=tuple(point.items()),
                campaign=design,
                summary=summary,
                break_even=summary["margin"].mean >= 0,
            )
        )
    return tuple(rows)
