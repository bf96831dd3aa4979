"""The documentation site: every public name has a reference entry, every page a place."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import attrs
import pytest

import pintuan as pt

DOCS = Path(__file__).resolve().parents[1] / "docs"
CONFIG = DOCS.parent / "mkdocs.yml"


def _documented_modules() -> list[str]:
    text = "\n".join(p.read_text(encoding="utf-8") for p in (DOCS / "reference").glob("*.md"))
    return re.findall(r"^::: ([\w.]+)$", text, flags=re.M)


def test_the_reference_renders_modules_that_exist() -> None:
    modules = _documented_modules()
    assert len(modules) >= 10
    for name in modules:
        assert importlib.import_module(name).__doc__


@pytest.mark.parametrize("name", sorted(pt.__all__))
def test_every_public_name_is_in_the_reference(name: str) -> None:
    homes = [
        m
        for m in _documented_modules()
        if name in getattr(importlib.import_module(m), "__all__", ())
    ]
    assert homes, f"pintuan.{name} is exported by no module the reference renders"


def test_every_page_is_in_the_site_navigation() -> None:
    nav = CONFIG.read_text(encoding="utf-8")
    pages = sorted(p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md"))
    assert pages
    missing = [p for p in pages if f": {p}" not in nav]
    assert not missing, f"pages not in mkdocs.yml nav: {missing}"


@pytest.mark.parametrize(
    "cls",
    [
        pt.Campaign,
        pt.Schedule,
        pt.UserLimits,
        pt.VirtualCompletion,
        pt.TierTable,
        pt.Tier,
        pt.DrawPolicy,
        pt.Prize,
        pt.RewardPlan,
        pt.ParticipationReward,
        pt.RewardAmount,
        pt.TeamReward,
        pt.RegionalReward,
        pt.GiftPlan,
        pt.Coupon,
        pt.GiftItem,
        pt.OpenGroup,
        pt.JoinGroup,
        pt.LeaveGroup,
        pt.ExpireGroup,
        pt.CloseGroup,
    ],
    ids=lambda cls: cls.__name__,
)
def test_the_replay_file_reference_names_every_field(cls: type) -> None:
    text = (DOCS / "replay-file.md").read_text(encoding="utf-8")
    missing = [a.name for a in attrs.fields(cls) if a.init and f"`{a.name}" not in text
               and f"{a.name} =" not in text and f"[campaign.{a.name}]" not in text]  # fmt: skip
    assert not missing, f"{cls.__name__}: fields missing from docs/replay-file.md: {missing}"
