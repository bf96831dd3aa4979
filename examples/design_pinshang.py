# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
# ---

# %% [markdown]
# # Designing a pinshang campaign: group size x win rate x reward
#
# The seed says the operator must "design a reasonable group size and win
# rate to control cost". For each design this notebook simulates the campaign
# and reports the mean margin, whether it breaks even, and how long groups
# take to fill. A filled group of n paying p with w winners and reward r
# keeps w x p, spends (n - w) x r, and ships w units: the simulation adds
# how many groups actually fill in the windows.
#
# It writes `design_pinshang.png` into `$PINTUAN_PLOTS` (default
# `examples/plots/`).

# %%
import os
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

import pintuan as pt

OUT = Path(os.environ.get("PINTUAN_PLOTS", Path(__file__).parent / "plots"))
RUNS = int(os.environ.get("PINTUAN_RUNS", "2"))
SEED = bytes.fromhex("70696e7475616e2d73696d756c617465")
economics = pt.Economics(unit_cost=pt.Money.parse("60.00 CNY"), fee_bps=60)
arrivals = pt.Arrivals(per_hour=90, open_share=0.02)
grid = {
    "group_size": [20, 40, 100],  # a win rate must give whole winners
    "win_rate_bps": [500, 1000],
    "participation_reward": [pt.Money.parse("1.00 CNY")],
}

# %%
rows = pt.sweep(
    pt.simulation.seed_pinshang(pt.WindowDeadline.PAUSE_OUTSIDE_WINDOWS), grid, arrivals,
    seed=SEED, runs=RUNS, economics=economics,
)
for row in rows:
    point = dict(row.point)
    margin = row.summary["margin"].mean / 100
    print(f"size {point['group_size']:>4}  win {point['win_rate_bps'] / 100:>4.0f}%  "
          f"margin {margin:>12,.2f} CNY  {'break-even' if row.break_even else 'LOSS'}")

# %%
fig, ax = plt.subplots(figsize=(7, 4))
for rate in grid["win_rate_bps"]:
    mine = [r for r in rows if dict(r.point)["win_rate_bps"] == rate]
    sizes = [dict(r.point)["group_size"] for r in mine]
    margins = [r.summary["margin"].mean / 100 for r in mine]
    ax.plot(sizes, margins, marker="o", label=f"{rate / 100:g}% win")
ax.axhline(0, color="grey", linewidth=0.8)
ax.set(xlabel="group size", ylabel="mean margin (CNY)", title="Pinshang design: margin")
ax.legend()
fig.tight_layout()
OUT.mkdir(parents=True, exist_ok=True)
fig.savefig(OUT / "design_pinshang.png", dpi=90)
print("wrote", OUT / "design_pinshang.png")
