"""Pinned results: idempotency keys, a draw record and whole settlements.

The expected values below are constants on purpose: they were computed by the
code as it stood before the performance work of issue 13, and they pin that
the work changes no result. An idempotency key is a payment API's refund
number and a draw record is published, so both must stay byte-identical; a
settlement is pinned as the SHA-256 of its canonical JSON
(:func:`pintuan.codec.to_json`). If one of these fails, a result changed:
that is a bug, not a reason to update the constant.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta
from pathlib import Path

import pytest
from tests._factories import (
    CTX,
    SEED,
    at,
    campaign_end_lottery,
    full_group,
    lottery_with,
    pinshang,
    rewarded_campaign,
    staggered_groups,
    tiered,
    tiered_group,
)

import pintuan as pt
from pintuan._keys import idempotency_key
from pintuan.cli import parse_replay
from pintuan.codec import to_json
from pintuan.replay import ReplayResult, replay

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def digest(value: object) -> str:
    """SHA-256 (hex) of the canonical JSON of ``value`` (of a tuple's items, a line each)."""
    items = value if isinstance(value, tuple) else (value,)
    text = "\n".join(to_json(item) for item in items)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


PINNED_KEYS = {
    ("refund", ("c1", "g1", "o1"), "group_failed"): "pt1-refund-65c0f082dd65b8985c2691cafc46aeec",
    ("capture", ("c1", "g1", "o2"), ""): "pt1-capture-870273684471a06867b8c78cee2e311f",
    (
        "reward",
        ("ps-2020-07", "g9", "o100"),
        "participation",
    ): "pt1-reward-7c53a65531a7925d0248f4b14102558f",
}


@pytest.mark.parametrize(("kind", "parts", "detail"), sorted(PINNED_KEYS))
def test_idempotency_keys_are_pinned(kind: str, parts: tuple[str, ...], detail: str) -> None:
    assert idempotency_key(kind, *parts, detail=detail) == PINNED_KEYS[kind, parts, detail]


def _example(name: str) -> ReplayResult:
    data = parse_replay((EXAMPLES / name).read_text(encoding="utf-8"), fmt="toml", name=name)
    return replay(
        data.campaign, data.commands, returning_users=data.returning_users, seed=data.seed
    )


def _with_leaves(c: pt.Campaign) -> tuple[pt.Group, ...]:
    """Groups of 5 where the leader and a member leave before the group fills."""
    groups = []
    for g in range(3):
        gid = f"g{g}"
        group, _ = pt.handle(
            c, None, pt.OpenGroup(group_id=gid, order_id=f"{gid}-o1", user_id=f"{gid}-u1",
                                  at=at(10)), CTX,
        )  # fmt: skip
        for n in range(2, 9):
            join = pt.JoinGroup(group_id=gid, order_id=f"{gid}-o{n}", user_id=f"{gid}-u{n}",
                                at=at(10, n))  # fmt: skip
            group, _ = pt.handle(c, group, join, CTX)
            if n in (3, 5) and group.status is pt.GroupStatus.FORMING:
                leaving = f"{gid}-o1" if n == 3 else f"{gid}-o{n - 1}"
                leave = pt.LeaveGroup(group_id=gid, order_id=leaving, at=at(10, n, second=30))
                group, _ = pt.handle(c, group, leave, CTX)
        if not group.status.terminal:
            group, _ = pt.handle(c, group, pt.ExpireGroup(group_id=gid, at=at(12)))
        groups.append(group)
    return tuple(groups)


def _settlements(kind: str) -> object:
    if kind.startswith("example-"):
        return _example(kind.removeprefix("example-") + "_campaign.toml").settlements
    if kind == "normal-leaves":
        c = pt.Campaign.normal(
            campaign_id="c1", product_id="p", price=pt.Money.parse("19.90 CNY"), group_size=5,
            capacity=6, time_limit=timedelta(hours=2), schedule=tiered().schedule,
        )  # fmt: skip
        return tuple(pt.settle_groups(c, _with_leaves(c)))
    if kind == "tiered":
        c = tiered()
        return tuple(pt.settle_group(c, tiered_group(c, n)) for n in (2, 3, 4, 6, 9, 10))
    if kind == "tiered-current-tier":
        c = tiered(pt.TierPayment.CURRENT_TIER)
        return tuple(pt.settle_group(c, tiered_group(c, n)) for n in (3, 5, 7, 10))
    if kind == "lottery-per-group":
        c = lottery_with(2, pt.Prize.money_back())
        return tuple(pt.settle_group(c, full_group(c, 4, gid=f"g{g}"), seed=SEED)
                     for g in range(4))  # fmt: skip
    if kind == "lottery-campaign-end":
        c = campaign_end_lottery()
        groups = staggered_groups(c)
        winners = pt.draw_at_campaign_end(c, groups, SEED)
        return tuple(pt.settle_groups(c, groups, winners=winners))
    if kind == "pinshang":
        c = pinshang()
        groups = [full_group(c, 100, gid=f"g{g}", referred=frozenset({5, 7})) for g in range(3)]
        return tuple(pt.settle_group(c, g, seed=SEED) for g in groups)
    if kind == "rewards":
        c = rewarded_campaign()
        groups = [full_group(c, 3, gid=f"g{g}", referred=frozenset({2, 3})) for g in range(3)]
        return tuple(pt.settle_groups(c, groups))
    raise AssertionError(kind)  # pragma: no cover


PINNED_SETTLEMENTS = {
    "example-normal": "01a54ef1fdddef90a11b1528b7367c0b09d01d58494c79d740150468c05f2017",
    "example-tiered": "473423f99a40e0e260c6917441e6f2f2d1297eff0f71da72d3d24a6cfdb1755b",
    "example-pinshang": "a78f69f3c0e9ae45e851d209a6ccfe2d791a0b3b92e94023fde32ded6d59d51f",
    "example-gift": "aee328e5170c533da022008bd8117b32142c35f1c7a6361ed4d2d4cc07a50aed",
    "normal-leaves": "7daa4794b86fed1c4d28e5fe575a7fb035d2417820a75661ae139d733d3e27f4",
    "tiered": "c2ef4f2bc9c7134f144556364a23788bbc351244edde8a9a49d1614e512e20d8",
    "tiered-current-tier": "9c46814d1ae501b69a940cef3a77a70b02ca2938428de0797b2fca941ae5d12b",
    "lottery-per-group": "0283ff7bb4a95f8973d5cf55485171683e2f6f2dd50a1acd59404a7ce731663d",
    "lottery-campaign-end": "c7e35f9a273d901167483e83ebd40b348c213989d754af3d1c094a9a506e4d2d",
    "pinshang": "c1ed3d2b9ec62c5eea4a8f3b23508488ddda5f40a82be3d33fb355ac85853bb6",
    "rewards": "dd64097d11eaf19854eede52ed41f3ac87f69e50e26861c6891bfcd473e2ad7a",
}


@pytest.mark.parametrize("kind", sorted(PINNED_SETTLEMENTS))
def test_settlements_are_pinned(kind: str) -> None:
    assert digest(_settlements(kind)) == PINNED_SETTLEMENTS[kind]


def test_campaign_end_draw_record_is_pinned() -> None:
    c = campaign_end_lottery()
    record = pt.campaign_end_record(c, staggered_groups(c), SEED, reserves=1)
    assert record.winners == ("g2-2", "g3-1", "g3-2")
    assert digest(record) == "4587b94d42f7e28381971610a2e127b89bac800e6eda1c9264787195976c7ca5"


def test_replay_results_are_pinned() -> None:
    assert (
        digest(_example("pinshang_campaign.toml"))
        == "f435d050d447b2448cf3609889c20cd79524cb8d481294ad0f70022fcd422a30"
    )
