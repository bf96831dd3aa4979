"""``pintuan simulate``: simulate a campaign many times and print what it costs.

Without a file it simulates the seed's pinshang campaign (99.00, groups of
100, 3 winners, 97 refunds plus 1.00, daily 10:00-12:00 for July 2020, a
two-hour limit). ``--plot OUT.png`` needs matplotlib (``pintuan[plot]``).
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from pathlib import Path
from typing import Any

from pintuan.campaign import Campaign, WindowDeadline
from pintuan.cli._draw import guarded, parse_seed_hex, read_text
from pintuan.cli._replay_file import parse_replay
from pintuan.errors import ConfigurationError, ReplayFileError
from pintuan.money import Money
from pintuan.simulation import Arrivals, Economics, Simulation, seed_pinshang, simulate

__all__ = ["register"]

#: A fixed demonstration seed: pass your own committed seed for real decisions.
DEMO_SEED = "70696e7475616e2d73696d756c617465"
_SHOWN = (
    "groups_opened", "groups_succeeded", "groups_failed", "fill_p50_s", "orders",
    "gross_paid", "merchant_revenue", "promotion_spend", "cost_of_goods", "fees", "margin",
)  # fmt: skip
_MONEY = {"gross_paid", "merchant_revenue", "promotion_spend", "cost_of_goods", "fees", "margin"}


def _campaign(args: argparse.Namespace) -> Campaign:
    rule = WindowDeadline(args.window_deadline)
    if args.file is None:
        return seed_pinshang(rule)
    path = Path(args.file)
    fmt = "json" if path.suffix.lower() == ".json" else "toml"
    try:
        data = parse_replay(read_text(args.file, "FILE"), fmt=fmt, name=str(path), need_seed=False)
    except ReplayFileError as err:
        where = err.field if err.field == "file" else f"{path}: {err.field}"
        raise ReplayFileError(where, err.value, err.rule) from None
    return data.campaign


def _money(currency: str, text: str | None) -> Money | None:
    return None if text is None else Money.parse(f"{text} {currency}")


def _progress() -> Any:
    """A tqdm progress callback on a terminal's stderr, if tqdm is installed."""
    if not sys.stderr.isatty():
        return None
    try:
        tqdm = importlib.import_module("tqdm").tqdm
    except ModuleNotFoundError:
        return None
    bar = tqdm(total=None, file=sys.stderr, unit="run")

    def update(done: int, total: int) -> None:
        bar.total = total
        bar.update(done - bar.n)
        if done == total:
            bar.close()

    return update


def _table(result: Simulation, currency: str) -> str:
    summary = result.summary()
    lines = [f"{'measure':<24}{'mean':>14}{'p5':>14}{'p50':>14}{'p95':>14}"]
    for name in _SHOWN:
        if name not in summary:
            continue
        s = summary[name]
        scale = 100 if name in _MONEY else 1  # minor units to yuan (CNY has 2 digits)
        cells = "".join(f"{v / scale:>14,.2f}" for v in (s.mean, s.p5, s.p50, s.p95))
        unit = f" ({currency})" if name in _MONEY else (" (s)" if name.endswith("_s") else "")
        lines.append(f"{name + unit:<24}{cells}")
    return "\n".join(lines)


def _plot(result: Simulation, out: str) -> None:
    try:
        matplotlib = importlib.import_module("matplotlib")
        matplotlib.use("Agg")  # files only, never a window
        plt = importlib.import_module("matplotlib.pyplot")
    except ModuleNotFoundError:
        raise ConfigurationError(
            "--plot", out, "needs matplotlib: pip install 'pintuan[plot]'"
        ) from None
    records = result.to_records()
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
    left.hist([r["margin"] / 100 for r in records], bins=20)
    left.set(title="Operator margin per run", xlabel="margin", ylabel="runs")
    fills = [r["fill_p50_s"] / 60 for r in records if r["fill_p50_s"] is not None]
    right.hist(fills, bins=20)
    right.set(title="Median fill time per run", xlabel="minutes", ylabel="runs")
    fig.tight_layout()
    fig.savefig(out, dpi=100)
    plt.close(fig)


@guarded
def _simulate_command(args: argparse.Namespace) -> int:
    campaign = _campaign(args)
    arrivals = Arrivals(per_hour=args.arrivals_per_hour, open_share=args.open_share)
    economics = Economics(unit_cost=_money(campaign.currency, args.unit_cost), fee_bps=args.fee_bps)
    seed = parse_seed_hex(args.seed_hex)
    result = simulate(
        campaign, arrivals, seed=seed, runs=args.runs, economics=economics, progress=_progress()
    )
    if args.plot:
        _plot(result, args.plot)
    if args.json:
        summary = {
            k: {"mean": v.mean, "p5": v.p5, "p50": v.p50, "p95": v.p95}
            for k, v in result.summary().items()
        }
        print(json.dumps({"runs": result.to_records(), "summary": summary}, indent=2))
        return 0
    head = f"{campaign.campaign_id} ({campaign.kind.value}): {args.runs} runs"
    print(f"{head}, {args.arrivals_per_hour:g} buyers an hour while open, seed {args.seed_hex}")
    print(_table(result, campaign.currency))
    return 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``pintuan simulate`` to the command line."""
    sim = subparsers.add_parser("simulate", help="simulate a campaign many times")
    sim.add_argument("file", nargs="?", help="a campaign file (TOML/JSON; default: the seed's)")
    sim.add_argument("--arrivals-per-hour", type=float, default=120.0)
    sim.add_argument("--open-share", type=float, default=0.02, help="share opening a group")
    sim.add_argument("--runs", type=int, default=20)
    sim.add_argument("--seed-hex", default=DEMO_SEED, help="at least 16 bytes, as hex")
    sim.add_argument("--unit-cost", help="unit cost of the product, e.g. 60.00")
    sim.add_argument("--fee-bps", type=int, default=0, help="payment fee in basis points")
    sim.add_argument(
        "--window-deadline",
        choices=[w.value for w in WindowDeadline],
        default=WindowDeadline.ELAPSED.value,
        help="for the built-in campaign: how the time limit meets the daily windows",
    )
    sim.add_argument("--json", action="store_true", help="print every run and the summary")
    sim.add_argument("--plot", metavar="OUT.png", help="draw margins and fill times (matplotlib)")
    sim.set_defaults(func=_simulate_command)
