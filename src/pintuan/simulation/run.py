"""One simulated campaign, run through the real decider, campaign book and settlement.

:func:`run_once` draws buyers from an :class:`~pintuan.simulation.model.Arrivals`
process with a pseudo-random generator seeded from the run's own seed (so a
run repeats exactly), sends each as an ``OpenGroup`` or ``JoinGroup`` through
:meth:`CampaignBook.decide <pintuan.lifecycle.book.CampaignBook.decide>`,
expires due groups as time passes, and at the campaign's end settles every
group, drawing with a seed derived from the run's. The generator is only ever
asked for ``random()``, the one method whose sequence CPython promises.
"""

from __future__ import annotations

import hashlib
import math
import random
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TypeVar

from pintuan._time import utc
from pintuan.campaign import Campaign
from pintuan.errors import CommandRejected
from pintuan.lifecycle import CampaignBook, Command, Group, GroupSucceeded, JoinGroup, OpenGroup
from pintuan.lottery import DrawMode, draw_at_campaign_end
from pintuan.money import Money, Rate
from pintuan.reports import campaign_pnl
from pintuan.settlement import GroupSettlement, Ship, ShipGift, settle_groups
from pintuan.simulation.model import Arrivals, Economics, JoinChoice
from pintuan.simulation.results import RunRecord

__all__ = ["derive_seed", "run_once"]

T = TypeVar("T")


def derive_seed(seed: bytes, label: str, index: int) -> bytes:
    """A 32-byte seed for part ``label`` of run ``index``, from the simulation's seed."""
    return hashlib.sha256(b"pintuan-simulate\x00" + label.encode() + b"\x00" +
                          index.to_bytes(8, "big") + seed).digest()  # fmt: skip


def _pick(rng: random.Random, pairs: Sequence[tuple[T, float]]) -> T:
    point = rng.random() * math.fsum(w for _, w in pairs)
    for choice, weight in pairs:
        point -= weight
        if point < 0:
            return choice
    return pairs[-1][0]


class _Run:
    """The mutable state of one run (local to :func:`run_once`)."""

    def __init__(self, campaign: Campaign, arrivals: Arrivals, run_seed: bytes) -> None:
        self.campaign, self.arrivals = campaign, arrivals
        self.rng = random.Random(int.from_bytes(run_seed, "big"))
        users = arrivals.users
        returning = () if users is None else (
            f"u{k}" for k in range(int(arrivals.returning_share * users))
        )  # fmt: skip
        self.book = CampaignBook.start(campaign, returning_users=returning)
        self.count = self.orders = self.rejected = 0
        self.succeeded_at: dict[str, datetime] = {}

    def send(self, command: Command) -> bool:
        try:
            events = self.book.decide(command)
        except CommandRejected as rejection:
            self.rejected += 1
            if rejection.follow_up is None:
                return False
            return self.send(rejection.follow_up)
        self.book = self.book.record(events)
        self.orders += isinstance(command, OpenGroup | JoinGroup)
        for event in events:
            if isinstance(event, GroupSucceeded):
                self.succeeded_at[event.group_id] = event.at
        return True

    def expire(self, now: datetime) -> None:
        for expire in self.book.due(now):
            self.send(expire)

    def arrive(self, at: datetime, *, may_open: bool) -> None:
        self.count += 1
        n, a, rng = self.count, self.arrivals, self.rng
        user = f"n{n}" if a.users is None else f"u{int(rng.random() * a.users)}"
        quantity = _pick(rng, a.quantities)
        region = _pick(rng, a.regions) if a.regions else None
        target = self._target() if rng.random() >= a.open_share or not may_open else None
        if target is None:
            if may_open:
                self.send(OpenGroup(group_id=f"g{n}", order_id=f"o{n}", user_id=user, at=at,
                                    quantity=quantity, region=region))  # fmt: skip
            return
        referred = rng.random() < a.referral_share or a.choice is JoinChoice.NEWEST
        chain = (target.leader.user_id,) if referred and target.leader.user_id != user else ()
        self.send(JoinGroup(group_id=target.group_id, order_id=f"o{n}", user_id=user, at=at,
                            quantity=quantity, region=region, referral_chain=chain,
                            new_group_id=f"g{n}"))  # fmt: skip

    def _target(self) -> Group | None:
        open_groups = self.book.groups_with_seat()
        choice = self.arrivals.choice
        if choice is JoinChoice.OLDEST:
            return next(open_groups, None)
        listed = list(open_groups)
        if not listed:
            return None
        if choice is JoinChoice.NEWEST:
            return listed[-1]
        return listed[int(self.rng.random() * len(listed))]


def _arrival_times(run: _Run) -> list[tuple[datetime, bool]]:
    """Every arrival instant (UTC) and whether it falls inside a window."""
    campaign, a, rng = run.campaign, run.arrivals, run.rng
    schedule, peak = campaign.schedule, a.peak
    anytime = not campaign.window_deadline.joins_need_a_window
    if peak <= 0:
        return []
    now, end = utc(schedule.opens_at), utc(schedule.closes_at)
    out: list[tuple[datetime, bool]] = []
    while True:
        now += timedelta(hours=-math.log(1.0 - rng.random()) / peak)
        if now >= end:
            return out
        is_open = schedule.is_open(now)
        if not is_open and not anytime:
            following = schedule.next_open(now)
            if following is None:
                return out
            now = utc(following)  # memoryless: the wait restarts when windows reopen
            continue
        local_hour = now.astimezone(schedule.zone).hour
        if rng.random() * peak < a.rate_at(local_hour):
            out.append((now, is_open))


def _quantile(values: Sequence[float], q: float) -> float | None:
    ordered = sorted(values)
    return None if not ordered else ordered[max(math.ceil(q * len(ordered)) - 1, 0)]


def run_once(
    campaign: Campaign, arrivals: Arrivals, economics: Economics, seed: bytes, index: int
) -> RunRecord:
    """Simulate run ``index`` of a campaign and settle it; the same inputs give the same record."""
    run = _Run(campaign, arrivals, derive_seed(seed, "arrivals", index))
    zone = campaign.schedule.zone
    for at, in_window in _arrival_times(run):
        local = at.astimezone(zone)
        run.expire(local)
        run.arrive(local, may_open=in_window)
    run.expire(campaign.schedule.closes_at)
    groups = tuple(run.book.groups())
    draw_seed = derive_seed(seed, "draw", index)
    winners = None
    if campaign.draw is not None and campaign.draw.mode is DrawMode.AT_CAMPAIGN_END:
        winners = draw_at_campaign_end(campaign, groups, draw_seed)
    settlements = list(settle_groups(campaign, groups, seed=draw_seed, winners=winners))
    return _record(campaign, economics, index, run, groups, settlements)


def _record(
    campaign: Campaign,
    economics: Economics,
    index: int,
    run: _Run,
    groups: tuple[Group, ...],
    settlements: list[GroupSettlement],
) -> RunRecord:
    pnl = campaign_pnl(campaign.currency, settlements)
    units = sum(
        e.quantity for s in settlements for e in s.effects if isinstance(e, Ship | ShipGift)
    )
    cost = 0 if economics.unit_cost is None else economics.unit_cost.amount * units
    rate = Rate(bps=economics.fee_bps)
    refunded = sum(amount.amount for _, amount in pnl.refunds)
    fees = rate.apply(pnl.gross_paid).amount
    if economics.refunds_return_fee:
        fees -= rate.apply(Money(amount=refunded, currency=campaign.currency)).amount
    fills = [
        (utc(run.succeeded_at[g.group_id]) - utc(g.opened_at)).total_seconds()
        for g in groups
        if g.group_id in run.succeeded_at
    ]
    budget = next((s.budget_left for s in reversed(settlements)), None)
    return RunRecord(
        run=index,
        arrivals=run.count,
        orders=run.orders,
        rejected=run.rejected,
        groups_opened=len(groups),
        groups_succeeded=sum(g.status.successful for g in groups),
        groups_failed=sum(g.failure is not None for g in groups),
        fill_p50_s=_quantile(fills, 0.5),
        fill_p90_s=_quantile(fills, 0.9),
        gross_paid=pnl.gross_paid.amount,
        refunds=tuple((k, m.amount) for k, m in pnl.refunds),
        rewards=tuple((k, m.amount) for k, m in pnl.rewards),
        merchant_revenue=pnl.merchant_revenue.amount,
        promotion_spend=pnl.promotion_spend.amount,
        units_shipped=units,
        cost_of_goods=cost,
        fees=fees,
        margin=pnl.merchant_revenue.amount - pnl.promotion_spend.amount - cost - fees,
        budget_left=None if budget is None else budget.amount,
    )
