"""``pintuan simulate``, dask executors and partitioned campaign-end draws."""

from __future__ import annotations

import importlib
import json
import random
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import pytest

import pintuan as pt
from _factories import all_day_schedule, campaign
from pintuan.cli import main
from pintuan.draw import merge_winners, partial_winners, select_winners

EXAMPLES = Path(__file__).parent.parent / "examples"
SEED = bytes(range(32))


def test_simulate_prints_a_summary_of_the_seed_campaign(capsys) -> None:
    assert main(["simulate", "--runs", "2"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("seed-pinshang (pinshang): 2 runs, 120 buyers an hour")
    assert "margin (CNY)" in out
    assert "groups_succeeded" in out


def test_simulate_json_and_a_campaign_file(capsys) -> None:
    file = EXAMPLES / "normal_campaign.toml"
    args = ["simulate", str(file), "--runs", "2", "--arrivals-per-hour", "6", "--json"]
    assert main(args) == 0
    data = json.loads(capsys.readouterr().out)
    assert [r["run"] for r in data["runs"]] == [0, 1]
    assert set(data["summary"]["margin"]) == {"mean", "p5", "p50", "p95"}


def test_simulate_plots_to_a_png(tmp_path, capsys) -> None:
    pytest.importorskip("matplotlib")
    out = tmp_path / "sim.png"
    assert main(["simulate", "--runs", "2", "--plot", str(out)]) == 0
    assert out.read_bytes().startswith(b"\x89PNG")


def test_plot_without_matplotlib_names_the_extra(tmp_path, capsys, monkeypatch) -> None:
    real = importlib.import_module

    def without_matplotlib(name: str, *args: object) -> object:
        if name.startswith("matplotlib"):
            raise ModuleNotFoundError(name)
        return real(name, *args)

    monkeypatch.setattr(importlib, "import_module", without_matplotlib)
    assert main(["simulate", "--runs", "1", "--plot", str(tmp_path / "x.png")]) == 2
    assert "pip install 'pintuan[plot]'" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--runs", "0"], "runs=0"),
        (["--seed-hex", "00ff"], "seed"),
        (["--seed-hex", "xyz"], "--seed-hex"),
        (["--arrivals-per-hour", "-3"], "per_hour"),
        (["--open-share", "2"], "open_share"),
        (["--fee-bps", "10000"], "fee_bps"),
    ],
)
def test_bad_simulate_options_exit_2(args: list[str], words: str, capsys) -> None:
    assert main(["simulate", *args]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ")
    assert words in err


def test_a_campaign_file_with_an_unknown_field_says_which(tmp_path, capsys) -> None:
    bad = tmp_path / "c.toml"
    text = (EXAMPLES / "normal_campaign.toml").read_text(encoding="utf-8")
    bad.write_text(text.replace("[campaign]\n", "[campaign]\ncolour = 'red'\n"), encoding="utf-8")
    assert main(["simulate", str(bad), "--runs", "1"]) == 2
    assert "colour" in capsys.readouterr().err


def test_results_are_the_same_on_a_dask_executor() -> None:
    distributed = pytest.importorskip("distributed")
    c = campaign(schedule=all_day_schedule(), time_limit=timedelta(hours=1))
    a = pt.Arrivals(per_hour=2, open_share=0.3)
    serial = pt.simulate(c, a, seed=SEED, runs=3)
    cluster = distributed.LocalCluster(
        n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None
    )
    with cluster, distributed.Client(cluster) as client:
        assert pt.simulate(c, a, seed=SEED, runs=3, executor=client.get_executor()) == serial


def test_partitioned_draws_merge_to_exactly_select_winners() -> None:
    rng = random.Random(3)
    entries = [f"o-{n}" for n in range(5000)]
    rng.shuffle(entries)
    parts = [entries[i::7] for i in range(7)]
    for k in (0, 1, 30, 800, 6000):
        with ThreadPoolExecutor(max_workers=3) as pool:
            partials = list(pool.map(lambda part, k=k: partial_winners(SEED, part, k), parts))
        assert merge_winners(SEED, partials, k) == select_winners(SEED, entries, k)


def test_an_entry_in_two_parts_is_refused() -> None:
    with pytest.raises(pt.DrawError):
        merge_winners(SEED, [("a", "b"), ("b", "c")], 2)
