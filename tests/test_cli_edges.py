"""Edges of the command line: gift items and skipped rewards in the replay's text,
a closed pipe, a simulation with no buyers, and the progress bar on a terminal.
"""

from __future__ import annotations

import io
import json
import sys
import types
from pathlib import Path
from typing import Any

import pintuan.cli._simulate as simulate_cli
from pintuan.cli import main

EXAMPLES = Path(__file__).parent.parent / "examples"
SCHEDULE = {
    "timezone": "Asia/Shanghai",
    "start_date": "2020-07-01",
    "end_date": "2020-07-30",
    "windows": ["10:00-12:00"],
}


def _pair(gid: str, minute: int) -> list[dict[str, Any]]:
    """Open ``gid`` and fill it (groups of 2) at 10:<minute> on July 1st."""
    at = f"2020-07-01T10:{minute:02d}:00+08:00"
    return [
        {
            "type": "open",
            "group_id": gid,
            "order_id": f"{gid}-o1",
            "user_id": f"{gid}-u1",
            "at": at,
        },
        {
            "type": "join",
            "group_id": gid,
            "order_id": f"{gid}-o2",
            "user_id": f"{gid}-u2",
            "at": at,
        },
    ]


def _replay(tmp_path: Path, capsys, campaign: dict[str, Any], commands: list) -> str:
    doc = {
        "campaign": {
            "campaign_id": "c1",
            "product_id": "p",
            "price": "10.00 CNY",
            "group_size": 2,
            "time_limit": "1h",
            "schedule": SCHEDULE,
            **campaign,
        },
        "commands": commands,
    }
    path = tmp_path / "file.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert main(["replay", str(path)]) == 0
    return capsys.readouterr().out


def test_gift_items_are_printed_with_their_quantity(tmp_path, capsys):
    campaign = {"kind": "gift", "gifts": {"item": {"product_id": "sku-cup", "quantity": 2}}}
    out = _replay(tmp_path, capsys, campaign, _pair("g1", 5))
    gifts = [line for line in out.splitlines() if line.strip().startswith("gift ")]
    assert len(gifts) == 2
    assert all("sku-cup x 2" in line for line in gifts)


def test_rewards_over_the_budget_are_printed_as_skipped(tmp_path, capsys):
    rewards = {"team": {"amount": {"fixed": "1.00 CNY"}}, "budget": "1.50 CNY"}
    out = _replay(tmp_path, capsys, {"rewards": rewards}, _pair("g1", 5) + _pair("g2", 6))
    skipped = [line.strip() for line in out.splitlines() if line.strip().startswith("skipped")]
    assert skipped == ["skipped  g2-o1 1.00 CNY to g2-u1 (team): over the reward budget"]
    assert out.count(", rewards 1.00 CNY") == 1


class _ClosedPipe(io.StringIO):
    def write(self, text: str) -> int:
        raise BrokenPipeError


def test_a_closed_pipe_ends_quietly(monkeypatch):
    err = io.StringIO()
    monkeypatch.setattr(sys, "stdout", _ClosedPipe())
    monkeypatch.setattr(sys, "stderr", err)
    assert main(["replay", str(EXAMPLES / "normal_campaign.toml")]) == 0
    assert err.closed


def test_a_simulation_with_no_buyers_leaves_out_fill_times(capsys):
    file = EXAMPLES / "normal_campaign.toml"
    assert main(["simulate", str(file), "--runs", "1", "--arrivals-per-hour", "0"]) == 0
    out = capsys.readouterr().out
    assert "fill_p50_s" not in out
    rows = {line.split()[0]: line.split()[1:] for line in out.splitlines()[2:]}
    assert rows["groups_opened"] == ["0.00"] * 4
    assert rows["orders"] == ["0.00"] * 4


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class _Bar:
    def __init__(self, *, total: Any, file: Any, unit: str) -> None:
        self.total, self.n, self.closed, self.unit = total, 0, False, unit

    def update(self, step: int) -> None:
        self.n += step

    def close(self) -> None:
        self.closed = True


def test_progress_is_a_tqdm_bar_on_a_terminal(monkeypatch):
    bars: list[_Bar] = []

    def tqdm(**kw: Any) -> _Bar:
        bars.append(_Bar(**kw))
        return bars[-1]

    monkeypatch.setattr(sys, "stderr", _Terminal())
    monkeypatch.setitem(sys.modules, "tqdm", types.SimpleNamespace(tqdm=tqdm))
    update = simulate_cli._progress()
    update(1, 3)
    update(3, 3)
    assert (bars[0].total, bars[0].n, bars[0].closed, bars[0].unit) == (3, 3, True, "run")


def test_no_progress_without_tqdm_or_without_a_terminal(monkeypatch):
    assert simulate_cli._progress() is None  # pytest's stderr is not a terminal
    monkeypatch.setattr(sys, "stderr", _Terminal())
    monkeypatch.setitem(sys.modules, "tqdm", None)  # importing it raises ModuleNotFoundError
    assert simulate_cli._progress() is None
