"""``check_settlement``: the settlement invariants, as one assertion for downstream tests.

The invariants (see the settlement guide) are checked over every settlement of
one campaign run (one settlement per group, returns after success included):

* ``balanced``: every posting is in the campaign's currency and moves a
  positive amount, and they sum to zero; escrow holds exactly the payments of
  the orders still waiting (for their group, or for a campaign-end draw);
  money paid in equals money refunded plus money captured plus escrow;
* ``refunds``: per order, the refunds are positive, one per reason and
  return, equal to the refund postings and the statement, and never more than
  was paid;
* ``outcomes``: every order has exactly one statement (in one settlement
  only); effects and postings belong to orders with a statement; virtual
  seats move nothing; an ended group has no order still waiting (a closed
  group of a campaign that draws at its end waits for that draw);
* ``budget``: rewards are paid from the promotion budget only, within the
  plan's budget when it has one; a clawback reverses a reward paid earlier;
* ``keys``: idempotency keys are unique across all effects and across all
  postings of the run, and group ids are unique.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from pintuan.campaign import Campaign
from pintuan.lifecycle import GroupStatus
from pintuan.lottery import DrawMode
from pintuan.settlement import GroupSettlement
from pintuan.settlement.effects import ClawBack, PayReward, Refund
from pintuan.settlement.ledger import ESCROW, PROMOTION, balances
from pintuan.settlement.statements import Outcome

__all__ = ["INVARIANTS", "SettlementInvariantError", "check_settlement"]

#: The names of the invariants, as :attr:`SettlementInvariantError.invariant` gives them.
INVARIANTS = ("balanced", "refunds", "outcomes", "budget", "keys")


class SettlementInvariantError(AssertionError):
    """A settlement broke an invariant.

    An ``AssertionError``, so pytest reports it as a failed assertion (and
    Hypothesis shrinks towards it) with the message below.

    Attributes:
        invariant: Which invariant (one of :data:`INVARIANTS`).
        group_id: The group whose settlement broke it, or ``None`` for the run.
        detail: What was wrong, in words.
    """

    def __init__(self, invariant: str, group_id: str | None, detail: str) -> None:
        self.invariant = invariant
        self.group_id = group_id
        self.detail = detail
        where = "" if group_id is None else f" in group {group_id}"
        super().__init__(f"{invariant}{where}: {detail}")


def _fail(invariant: str, group_id: str | None, detail: str) -> SettlementInvariantError:
    return SettlementInvariantError(invariant, group_id, detail)


def _balanced(s: GroupSettlement, currency: str) -> None:
    odd = {p.amount.currency for p in s.postings} - {currency}
    if odd:
        raise _fail("balanced", s.group_id, f"postings in {sorted(odd)}, not {currency}")
    # Each Posting moves a positive amount from one account to another, so the
    # postings sum to zero by construction; what can break is where money sits.
    escrow = sum(a for (account, _), a in balances(s.postings).items() if account == ESCROW)
    waiting = sum(x.paid.amount for x in s.statements if x.outcome is Outcome.WAITING)
    if escrow != waiting:
        raise _fail("balanced", s.group_id, f"{escrow} in escrow, {waiting} paid by orders waiting")
    paid = sum(x.paid.amount for x in s.statements)
    out = sum(x.refunded.amount + x.captured.amount for x in s.statements)
    if paid != out + escrow:
        raise _fail("balanced", s.group_id, f"paid {paid} != refunded+captured {out} + escrow")


def _refunds(s: GroupSettlement) -> None:
    refunds = [e for e in s.effects if isinstance(e, Refund)]
    seen = Counter((r.order_id, r.reason, r.key) for r in refunds)
    if any(r.amount.amount <= 0 for r in refunds) or any(n > 1 for n in seen.values()):
        raise _fail("refunds", s.group_id, "a refund is not positive or appears twice")
    by_order: Counter[str] = Counter()
    for r in refunds:
        by_order[r.order_id] += r.amount.amount
    posted: Counter[str] = Counter()
    paid_in: Counter[str] = Counter()
    for p in s.postings:
        if p.memo.startswith("refund:"):
            posted[p.order_id] += p.amount.amount
        elif p.memo == "payment":
            paid_in[p.order_id] += p.amount.amount
    for x in s.statements:
        oid, refunded = x.order_id, x.refunded.amount
        if not 0 <= refunded <= x.paid.amount or by_order[oid] > paid_in[oid]:
            raise _fail("refunds", s.group_id, f"order {oid} refunded more than it paid")
        if by_order[oid] != refunded or posted[oid] != refunded or paid_in[oid] != x.paid.amount:
            raise _fail(
                "refunds",
                s.group_id,
                f"order {oid}: refunds {by_order[oid]}, postings {posted[oid]}, "
                f"statement {refunded}, paid {x.paid.amount} / payments {paid_in[oid]}",
            )


def _outcomes(s: GroupSettlement, seen: set[str], draw_at_end: bool) -> None:
    ids = [x.order_id for x in s.statements]
    twice = sorted({i for i, n in Counter(ids).items() if n > 1} | (set(ids) & seen))
    if twice:
        raise _fail("outcomes", s.group_id, f"orders with more than one outcome: {twice}")
    seen.update(ids)
    stated = set(ids)
    strays = {e.order_id for e in s.effects} | {p.order_id for p in s.postings}
    if strays - stated:
        raise _fail("outcomes", s.group_id, f"money or effects for {sorted(strays - stated)}")
    virtual = {x.order_id for x in s.statements if x.outcome is Outcome.VIRTUAL}
    if virtual & strays:
        raise _fail("outcomes", s.group_id, f"virtual seats move something: {virtual & strays}")
    ended = s.status is GroupStatus.FAILED or (s.status.terminal and not draw_at_end)
    if ended and any(x.outcome is Outcome.WAITING for x in s.statements):
        raise _fail("outcomes", s.group_id, f"an order still waits in a {s.status.value} group")


def _rewards(campaign: Campaign, settlements: list[GroupSettlement]) -> None:
    paid: dict[str, PayReward] = {}
    promotion = 0
    for s in settlements:
        for e in s.effects:
            if isinstance(e, PayReward):
                paid[e.key] = e
            elif isinstance(e, ClawBack) and paid.get(e.reward_key, e).amount != e.amount:
                raise _fail("budget", s.group_id, f"clawback {e.key} reverses no reward paid")
        for (account, _), amount in balances(s.postings).items():
            if account == PROMOTION:
                promotion += amount
        if s.budget_left is not None and s.budget_left.amount < 0:
            raise _fail("budget", s.group_id, f"budget left is {s.budget_left}")
    clawed = sum(e.amount.amount for s in settlements for e in s.effects if isinstance(e, ClawBack))
    spent = sum(e.amount.amount for e in paid.values())
    if promotion != clawed - spent:
        raise _fail("budget", None, f"promotion moved {promotion}, rewards {spent}, back {clawed}")
    budget = None if campaign.rewards is None else campaign.rewards.budget
    if budget is not None and spent > budget.amount:
        raise _fail("budget", None, f"rewards of {spent} exceed the budget {budget}")


def _keys(settlements: list[GroupSettlement]) -> None:
    for name, keys in (
        ("group ids", [s.group_id for s in settlements]),
        ("effect keys", [e.key for s in settlements for e in s.effects]),
        ("posting keys", [p.key for s in settlements for p in s.postings]),
    ):
        repeated = sorted(k for k, n in Counter(keys).items() if n > 1)
        if repeated:
            raise _fail("keys", None, f"{name} used more than once: {repeated[:3]}")


def check_settlement(campaign: Campaign, settlements: Iterable[GroupSettlement]) -> None:
    """Assert the settlement invariants over every settlement of one run of ``campaign``.

    Pass every group's settlement at once (for example
    ``replay_log(...).settlements``): uniqueness and the budget are properties
    of the whole run.

    Raises:
        SettlementInvariantError: The first invariant broken, with the group.
    """
    run = list(settlements)
    seen: set[str] = set()
    draw_at_end = campaign.draw is not None and campaign.draw.mode is DrawMode.AT_CAMPAIGN_END
    by_campaign: defaultdict[str, int] = defaultdict(int)
    for s in run:
        by_campaign[s.campaign_id] += 1
        _balanced(s, campaign.currency)
        _refunds(s)
        _outcomes(s, seen, draw_at_end)
    if set(by_campaign) - {campaign.campaign_id}:
        raise _fail("outcomes", None, f"settlements of other campaigns: {sorted(by_campaign)}")
    _keys(run)
    _rewards(campaign, run)
