"""The seed's pinshang campaign end to end, pintuan against plain Python.

Groups of 100 at 99.00 CNY, 3 winners per group drawn as each group closes
(draw protocol v1: HMAC-SHA256 ranking of the order ids with the group's
seed), the 97 others refunded in full plus a 1.00 participation reward; daily
10:00-12:00 in July 2020. Each order is a command driven through
:func:`pintuan.handle`; each full group is settled with
:func:`pintuan.settle_group` and dropped, as a service would stream it.

The baseline does the same work in plain Python: dicts and sets, amounts in
fen, the same checks (window, deadline, seat, user or order already in the
group; like ``handle`` alone, no campaign-wide facts such as order ids used in
other groups, which :class:`pintuan.CampaignBook` adds), the
same HMAC ranking, and the same effects, postings and statements as tuples
and dicts. ``baseline+keys`` also gives every effect and posting the same
SHA-256 idempotency key as pintuan (the scheme is pinned). All three must
agree on every winner and on the number of effects and postings (asserted).

Each run is a fresh subprocess, so its peak resident memory (``ru_maxrss``)
is its own. Prints, per size, the median time of ``--repeat`` runs,
pintuan / baseline, pintuan / baseline+keys, and the growth t(10N) / t(N).
Targets: pintuan / baseline <= 5; growth <= 11; peak memory at the largest
size within 1.2x of the baseline's.
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import itertools
import json
import resource
import statistics
import subprocess
import sys
import time
from datetime import date, datetime, timedelta
from datetime import time as clock
from typing import Any
from zoneinfo import ZoneInfo

import pintuan as pt

SHANGHAI = ZoneInfo("Asia/Shanghai")
SEED = bytes(range(32))
SIZE = 100
WINNERS = 3
PRICE, REWARD = 9900, 100  # fen
CAMPAIGN_ID = "ps-2020-07"
DAYS = 30


def slot(g: int) -> datetime:
    """When group ``g`` opens: one of 30 days, 10:00 plus a second per earlier group."""
    return datetime(2020, 7, 1 + g % DAYS, 10, tzinfo=SHANGHAI) + timedelta(seconds=g // DAYS)


def check(winners: list[str], effects: int, postings: int, refunded: int) -> dict[str, Any]:
    digest = hashlib.sha256("\n".join(winners).encode()).hexdigest()
    return {"winners": digest, "effects": effects, "postings": postings, "refunded": refunded}


# --- pintuan --------------------------------------------------------------------------


def run_pintuan(orders: int) -> dict[str, Any]:
    terms = pt.PinshangTerms.from_rate(
        price=pt.Money.parse("99.00 CNY"), group_size=SIZE, rate_bps=300,
        participation_reward=pt.Money.parse("1.00 CNY"),
    )  # fmt: skip
    campaign = pt.Campaign.pinshang(
        campaign_id=CAMPAIGN_ID, product_id="sku-99", terms=terms, time_limit=timedelta(hours=2),
        schedule=pt.Schedule(timezone="Asia/Shanghai", start_date=date(2020, 7, 1),
                             end_date=date(2020, 7, 30),
                             windows=(pt.DailyWindow.parse("10:00-12:00"),)),
    )  # fmt: skip
    winners: list[str] = []
    effects = postings = refunded = 0
    for g in range(orders // SIZE):
        gid, start = f"g{g}", slot(g)
        group, _ = pt.handle(
            campaign,
            None,
            pt.OpenGroup(group_id=gid, order_id=f"{gid}-o0", user_id=f"{gid}-u0", at=start),
        )
        for i in range(1, SIZE):
            at = start + timedelta(milliseconds=10 * i)
            join = pt.JoinGroup(group_id=gid, order_id=f"{gid}-o{i}", user_id=f"{gid}-u{i}", at=at)
            group, _ = pt.handle(campaign, group, join)
        settlement = pt.settle_group(campaign, group, seed=SEED)
        assert settlement.draw is not None
        winners.extend(settlement.draw.winners)
        effects += len(settlement.effects)
        postings += len(settlement.postings)
        refunded += settlement.refunded.amount
    return check(winners, effects, postings, refunded)


# --- plain Python ---------------------------------------------------------------------


def _prefix_maker(*leading: str) -> Any:
    head = b"".join(len(p.encode()).to_bytes(8, "big") + p.encode() for p in leading)
    return lambda last: hashlib.sha256(
        head + len(last.encode()).to_bytes(8, "big") + last.encode()
    ).digest()


def _key(prefix: bytes, kind: str, detail: str = "") -> str:
    return (
        f"pt1-{kind}-"
        + hashlib.sha256(prefix + kind.encode() + b"\x00" + detail.encode()).hexdigest()[:32]
    )


def run_baseline(orders: int, keys: bool) -> dict[str, Any]:
    first, last = date(2020, 7, 1), date(2020, 7, 30)
    opens, closes = clock(10), clock(12)
    limit = timedelta(hours=2)
    winners: list[str] = []
    effects = postings = refunded = 0

    def admit(gid: str, oid: str, uid: str, at: datetime, group: dict[str, Any] | None) -> None:
        local = at.astimezone(SHANGHAI)
        if not (first <= local.date() <= last and opens <= local.time() < closes):
            raise ValueError("outside the campaign's windows")
        if group is not None:
            if at >= group["deadline"] or len(group["orders"]) >= SIZE:
                raise ValueError("late or full")
            if uid in group["users"] or oid in group["order_ids"]:
                raise ValueError("already a member")

    for g in range(orders // SIZE):
        gid, start = f"g{g}", slot(g)
        group: dict[str, Any] = {
            "deadline": start + limit, "orders": [], "users": set(), "order_ids": set(),
        }  # fmt: skip
        for i in range(SIZE):
            oid, uid = f"{gid}-o{i}", f"{gid}-u{i}"
            at = start + timedelta(milliseconds=10 * i)
            admit(gid, oid, uid, at, group if i else None)
            group["users"].add(uid)
            group["order_ids"].add(oid)
            group["orders"].append({"order_id": oid, "user_id": uid, "paid": PRICE, "at": at})
        # The group is full: draw, then settle every order.
        seed = hmac.digest(SEED, b"group:" + gid.encode(), "sha256")
        ranked = sorted(
            hmac.digest(seed, b"entry:" + o["order_id"].encode(), "sha256") + o["order_id"].encode()
            for o in group["orders"]
        )
        won = [r[32:].decode() for r in ranked[:WINNERS]]
        winners.extend(won)
        out_effects: list[tuple[Any, ...]] = []
        out_postings: list[tuple[Any, ...]] = []
        statements: list[dict[str, Any]] = []
        prefix_of = _prefix_maker(CAMPAIGN_ID, gid) if keys else None
        for o in group["orders"]:
            oid, uid, paid = o["order_id"], o["user_id"], o["paid"]
            p = prefix_of(oid) if prefix_of else b""
            k = (lambda kind, detail="", p=p: _key(p, kind, detail)) if keys else (lambda *_: "")
            out_postings.append((k("post", "payment"), f"payer:{uid}", "escrow", paid, oid))
            if oid in won:
                out_effects.append((k("capture"), "capture", oid, paid))
                out_postings.append((k("post", "capture"), "escrow", "merchant", paid, oid))
                out_effects.append((k("ship"), "ship", oid, "sku-99", 1))
                out_effects.append((k("notify", "draw_won"), "notify", oid, uid, "draw_won"))
                statements.append(
                    {"order_id": oid, "outcome": "won", "paid": paid, "captured": paid}
                )
            else:
                out_effects.append((k("refund", "draw"), "refund", oid, paid))
                out_postings.append((k("post", "refund:draw"), "escrow", f"payer:{uid}", paid, oid))
                out_effects.append((k("notify", "draw_lost"), "notify", oid, uid, "draw_lost"))
                detail = f"participation:draw:{uid}"
                out_effects.append((k("reward", detail), "reward", oid, uid, REWARD))
                out_postings.append(
                    (k("post", f"reward:{detail}"), "promotion", f"wallet:{uid}", REWARD, oid)
                )
                statements.append({"order_id": oid, "outcome": "lost", "paid": paid,
                                   "refunded": paid, "rewards": REWARD})  # fmt: skip
                refunded += paid
        effects += len(out_effects)
        postings += len(out_postings)
    return check(winners, effects, postings, refunded)


# --- driver ---------------------------------------------------------------------------

RUNNERS = {
    "pintuan": run_pintuan,
    "baseline": lambda n: run_baseline(n, keys=False),
    "baseline+keys": lambda n: run_baseline(n, keys=True),
}


def child(kind: str, orders: int) -> None:
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    result = RUNNERS[kind](orders)
    seconds = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({**result, "seconds": seconds, "peak_kib": peak, "start_kib": rss_before}))


def measure(kind: str, orders: int) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", kind, "--orders", str(orders)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    result: dict[str, Any] = json.loads(out.stdout)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="10000,100000,1000000", help="orders, comma-separated")
    parser.add_argument("--repeat", type=int, default=3, help="runs per size and kind (median)")
    parser.add_argument("--child", choices=sorted(RUNNERS), help=argparse.SUPPRESS)
    parser.add_argument("--orders", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.orders)
        return
    sizes = [int(n) for n in args.sizes.split(",")]
    median: dict[tuple[str, int], float] = {}
    for n in sizes:
        runs: dict[str, list[dict[str, Any]]] = {kind: [] for kind in RUNNERS}
        for _ in range(args.repeat):  # interleaved, so load changes hit all three alike
            for kind in RUNNERS:
                runs[kind].append(measure(kind, n))
        checks = {k: {f: r[0][f] for f in ("winners", "effects", "postings", "refunded")}
                  for k, r in runs.items()}  # fmt: skip
        assert checks["pintuan"] == checks["baseline"] == checks["baseline+keys"], checks
        for kind, results in runs.items():
            median[kind, n] = statistics.median(r["seconds"] for r in results)
            peak = max(r["peak_kib"] for r in results) / 1024
            grown = max(r["peak_kib"] - r["start_kib"] for r in results) / 1024
            print(
                f"{n:>9,} orders  {kind:<14} {median[kind, n]:8.2f} s "
                f"({n / median[kind, n]:9,.0f} orders/s)  peak RSS {peak:7.1f} MiB "
                f"(+{grown:6.1f} MiB over the start)"
            )
        pin = median["pintuan", n]
        print(
            f"{n:>9,} orders  pintuan / baseline = {pin / median['baseline', n]:.2f} "
            "(target <= 5), "
            f"pintuan / baseline+keys = {pin / median['baseline+keys', n]:.2f}; "
            f"{checks['pintuan']['effects']:,} effects, same winners"
        )
        if n == sizes[-1]:
            ratio = max(r["peak_kib"] for r in runs["pintuan"]) / max(
                r["peak_kib"] for r in runs["baseline"]
            )
            print(f"{n:>9,} orders  peak RSS pintuan / baseline = {ratio:.2f} (target <= 1.2)")
    for small, large in itertools.pairwise(sizes):
        for kind in RUNNERS:
            growth = median[kind, large] / median[kind, small]
            print(f"growth t({large:,}) / t({small:,}) {kind:<14} = {growth:.2f} (target <= 11)")


if __name__ == "__main__":
    main()
