# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
# ---

# %% [markdown]
# # Designing a tier table
#
# A tiered group succeeds at its first tier and keeps taking members up to its
# top tier; everyone pays the final tier's price and earlier payers get the
# difference back. This notebook sweeps three tables for a 99.00 product
# costing 55.00 and writes `design_tiers.png` into `$PINTUAN_PLOTS` (default
# `examples/plots/`).
#
# Note what the simulation does not know: its buyers arrive at the same rate
# whatever the price. Here every table fills the same groups, so the deeper
# table only gives money away. If your data says deeper discounts draw more
# buyers, simulate each table with its own `Arrivals` and compare.

# %%
import os
from datetime import date, timedelta
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

import pintuan as pt

OUT = Path(os.environ.get("PINTUAN_PLOTS", Path(__file__).parent / "plots"))
RUNS = int(os.environ.get("PINTUAN_RUNS", "2"))
SEED = bytes.fromhex("70696e7475616e2d73696d756c617465")
schedule = pt.Schedule(
    timezone="Asia/Shanghai", start_date=date(2020, 7, 1), end_date=date(2020, 7, 7),
    windows=(pt.DailyWindow.parse("10:00-12:00"), pt.DailyWindow.parse("19:00-22:00")),
)
rows_of = {
    "shallow": [(3, "99.00 CNY"), (5, "95.00 CNY"), (10, "92.00 CNY")],
    "seed": [(3, "99.00 CNY"), (5, "89.00 CNY"), (8, "79.00 CNY"), (10, "69.00 CNY")],
    "deep": [(3, "99.00 CNY"), (6, "75.00 CNY"), (10, "59.00 CNY")],
}
tables = {name: pt.TierTable.of(rows, stock=50_000) for name, rows in rows_of.items()}
base = pt.Campaign.tiered(
    campaign_id="rice", product_id="sku-rice", tiers=tables["seed"],
    time_limit=timedelta(hours=2), schedule=schedule,
)
economics = pt.Economics(unit_cost=pt.Money.parse("55.00 CNY"), fee_bps=60)

# %%
rows = pt.sweep(base, {"tiers": list(tables.values())}, pt.Arrivals(per_hour=20, open_share=0.15),
                seed=SEED, runs=RUNS, economics=economics)
names = list(tables)
for name, row in zip(names, rows, strict=True):
    s = row.summary
    print(f"{name:<8} groups filled {s['groups_succeeded'].mean:6.1f}  "
          f"units {s['units_shipped'].mean:7.1f}  margin {s['margin'].mean / 100:>10,.2f} CNY")

# %%
fig, ax = plt.subplots(figsize=(6, 4))
ax.bar(names, [r.summary["margin"].mean / 100 for r in rows], color="#c44e52")
ax.set(title="Tier tables: mean margin over a week (CNY)", ylabel="CNY")
fig.tight_layout()
OUT.mkdir(parents=True, exist_ok=True)
fig.savefig(OUT / "design_tiers.png", dpi=90)
print("wrote", OUT / "design_tiers.png")
