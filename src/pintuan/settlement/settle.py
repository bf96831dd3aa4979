"""Settlement: turning a group's state into effects, postings and statements.

:func:`settle_group` is pure and idempotent. It may be called on a group in any
state; it returns everything that is final so far, each effect and posting with
a deterministic key, so calling it again after the group moves on only adds
what is new:

* a forming group: every member is *paid, waiting for the group* (refundable,
  not shippable); members who left are refunded in full;
* a group that succeeded: every paying member's payment is captured as the
  merchant's revenue and the product is shipped; for a tiered campaign, once
  the group has closed, whoever paid more than the final tier's price is
  refunded the difference (from the merchant, since the payment was captured);
* a group that failed: every member is refunded in full to the original
  payment;
* a closed group of a lottery or pinshang campaign: the draw decides each
  member's prize (ship, refund all or part, coupon, points, cash reward);
  mode-2 draws use ``group_seed(seed, group_id)``, mode-1 draws the winners
  from :func:`pintuan.draw_at_campaign_end`; virtual members are never drawn;
* once a group is closed (and drawn), the campaign's reward plan and gifts are
  paid, rewards from the promotion budget, within the budget.

Money moves as double-entry :class:`~pintuan.settlement.ledger.Posting` values:
each payment goes ``payer -> escrow``, then ``escrow -> merchant`` on capture
or ``escrow -> payer`` on refund. The steps form a pipeline of values: the
group's phase gives its members' outcomes (and a :class:`DrawOutcome`), which
give the rewards (a :class:`RewardPayout`), which give the
:class:`GroupSettlement`.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Collection, Iterable, Mapping

import attrs

from pintuan import _validators as v
from pintuan.campaign import Campaign
from pintuan.draw import DrawRecord
from pintuan.errors import CurrencyMismatch, InvalidValue
from pintuan.lifecycle import FailureReason, Group, GroupStatus
from pintuan.money import Money
from pintuan.settlement._builder import Builder
from pintuan.settlement._member import refund_in_full, ship_member, wait
from pintuan.settlement.effects import Effect, RefundReason
from pintuan.settlement.gifts import give_gifts
from pintuan.settlement.ledger import Posting
from pintuan.settlement.payout import pay_rewards
from pintuan.settlement.prizes import DrawOutcome, settle_draw
from pintuan.settlement.rewards import RewardLine
from pintuan.settlement.statements import Outcome, Statement
from pintuan.settlement.tiers import tier_refunds

__all__ = ["GroupSettlement", "settle_group"]


@attrs.frozen(kw_only=True)
class GroupSettlement:
    """Everything settling one group produced.

    Attributes:
        campaign_id: The group's campaign.
        group_id: The group.
        status: The group's status when it was settled.
        effects: What the caller must carry out, each with its key.
        postings: The money movements, double-entry, each with its key.
        statements: One per order (members and those who left), in words.
        draw: The group's draw record (mode-2 draws), for auditors.
        budget_left: What is left of the campaign's reward budget after this
            group; pass it to the next group's settlement.
        skipped_rewards: Reward lines the budget could not cover.
        rounding_kept: What rounding rate rewards down left with the operator,
            in ten-thousandths of a minor unit (recorded, never lost).
    """

    campaign_id: str
    group_id: str
    status: GroupStatus
    effects: tuple[Effect, ...]
    postings: tuple[Posting, ...]
    statements: tuple[Statement, ...]
    draw: DrawRecord | None = None
    budget_left: Money | None = None
    skipped_rewards: tuple[RewardLine, ...] = ()
    rounding_kept: int = 0

    @property
    def paid(self) -> Money:
        """Total paid into escrow by the group's orders (members and departed)."""
        return _sum(s.paid for s in self.statements)

    @property
    def refunded(self) -> Money:
        """Total refunded to original payments."""
        return _sum(s.refunded for s in self.statements)

    @property
    def captured(self) -> Money:
        """Total kept by the merchant."""
        return _sum(s.captured for s in self.statements)


def _sum(amounts: Iterable[Money]) -> Money:
    """The total of one group's amounts (at least one): minor units added, then one Money."""
    listed = list(amounts)
    currency = listed[0].currency
    if any(amount.currency != currency for amount in listed):
        return functools.reduce(operator.add, listed)  # Money's own error for the odd one
    return Money(amount=sum(amount.amount for amount in listed), currency=currency)


def _failure_words(campaign: Campaign, group: Group) -> str:
    if group.failure is FailureReason.DEADLINE:
        return (
            f"The group did not reach {campaign.group_size} members before its deadline "
            f"{group.deadline.isoformat()}."
        )
    if group.failure is FailureReason.CLOSED_BY_OPERATOR:
        return "The operator closed the group before it succeeded."
    return "Every member left the group before it succeeded."


def _waiting_words(campaign: Campaign, group: Group) -> str:
    if not group.status.successful:
        return (
            f"The group has {group.real_count} of {campaign.group_size} members and is open "
            f"until {group.deadline.isoformat()}."
        )
    if group.status.terminal:
        return "The group succeeded; the draw takes place at the campaign's end."
    closes = group.deadline.isoformat()
    return f"The group succeeded; the draw takes place when it closes (at the latest {closes})."


def _ship_all(out: Builder, campaign: Campaign, group: Group) -> Mapping[str, Money]:
    """Capture and ship every paying member; return the tier differences refunded."""
    words = f"The group succeeded with {group.real_count} paying member(s)."
    differences: dict[str, Money] = {}
    if campaign.tiers is not None and group.status is GroupStatus.CLOSED:
        # The final tier is fixed once the group closes.
        members_at_close = len(group.members)
        differences = dict(
            tier_refunds(
                campaign.tiers, group.members, members_at_close, leader_price=campaign.leader_price
            )
        )
    kept: dict[tuple[int, str, int, str], Money] = {}  # paid - difference, once per case
    for order in group.members:
        if order.virtual:
            out.state(order, Outcome.VIRTUAL, "A virtual placeholder seat; no money moves.")
            continue
        # A tier difference goes back from the merchant: the payment was captured.
        difference = differences.get(order.order_id, out.zero)
        paid = order.paid  # keyed by plain values: cheaper to hash than two Money
        case = (paid.amount, paid.currency, difference.amount, difference.currency)
        captured = kept.get(case)
        if captured is None:
            captured = kept[case] = paid - difference
        ship_member(out, order, campaign.product_id, difference, captured, words)
    return differences


def settle_group(
    campaign: Campaign,
    group: Group,
    *,
    seed: bytes | None = None,
    winners: Collection[str] | None = None,
    budget_left: Money | None = None,
) -> GroupSettlement:
    """Settle one group; see the module docs for the rules.

    Args:
        campaign: The group's campaign.
        group: The group, in any state.
        seed: The campaign's draw seed; needed to settle a closed group of a
            campaign that draws when each group succeeds.
        winners: The winning order ids of a campaign-end draw (see
            :func:`pintuan.draw_at_campaign_end`); until given, such groups wait.
        budget_left: What is left of the reward budget; required when the
            campaign's reward plan has a budget (the whole budget for the
            first group, then each settlement's ``budget_left``), so that
            groups settled one at a time never spend the same budget twice.
            :func:`~pintuan.settle_groups` passes it along for you.

    Raises:
        InvalidValue: The campaign or the group is not one, the group belongs
            to another campaign, a needed seed is missing, or ``budget_left``
            is missing, negative or not Money while the plan has a budget.
        CurrencyMismatch: ``budget_left`` is not in the campaign's currency.
    """
    v.require("campaign", campaign, Campaign)
    v.require("group", group, Group)
    if group.campaign_id != campaign.campaign_id:
        raise InvalidValue(
            "group.campaign_id", group.campaign_id, f"is not campaign {campaign.campaign_id}"
        )
    _check_budget_left(campaign, budget_left)
    out = Builder(campaign.campaign_id, group.group_id, campaign.currency)
    refund_in_full(
        out,
        group.departed,
        RefundReason.LEFT_GROUP,
        "The member left the group before it succeeded.",
    )
    status, policy = group.status, campaign.draw
    drawn: DrawOutcome | None = None
    refunded: Mapping[str, Money] = {}
    if status is GroupStatus.FAILED:
        words = _failure_words(campaign, group)
        refund_in_full(out, group.members, RefundReason.GROUP_FAILED, words)
    elif not status.successful or (policy is not None and status is not GroupStatus.CLOSED):
        wait(out, group.members, _waiting_words(campaign, group))
    elif policy is None:
        refunded = _ship_all(out, campaign, group)
    else:
        drawn = settle_draw(out, campaign, policy, group, seed=seed, winners=winners)
        if drawn is None:
            wait(out, group.members, _waiting_words(campaign, group))
        else:
            refunded = drawn.refunded
    skipped: tuple[RewardLine, ...] = ()
    rounding = 0
    if status is GroupStatus.CLOSED:
        # Rewards once the group is closed: the plan's per its timing, then the
        # draw's cash prizes, all within the budget. Gifts once it is closed.
        payout = pay_rewards(
            out,
            campaign.rewards,
            group,
            refunded=refunded,
            losers=_losers(policy is not None, drawn),
            cash_prizes=() if drawn is None else drawn.cash_prizes,
            budget_left=budget_left,
        )
        budget_left, skipped, rounding = payout.budget_left, payout.skipped, payout.rounding_kept
        if campaign.gifts is not None:
            give_gifts(out, campaign.gifts, group)
    return GroupSettlement(
        campaign_id=campaign.campaign_id,
        group_id=group.group_id,
        status=status,
        effects=tuple(out.effects),
        postings=tuple(out.postings),
        statements=out.finish_statements(),
        draw=None if drawn is None else drawn.record,
        budget_left=budget_left,
        skipped_rewards=skipped,
        rounding_kept=rounding,
    )


def _check_budget_left(campaign: Campaign, budget_left: Money | None) -> None:
    """What is left of the budget is given when there is one, as Money >= 0 of the campaign."""
    plan = campaign.rewards
    if budget_left is None:
        if plan is not None and plan.budget is not None:
            raise InvalidValue(
                "budget_left",
                None,
                f"is required: the reward plan has a budget of {plan.budget}; pass what is "
                "left of it (the whole budget for the first group, then each settlement's "
                "budget_left), or settle the groups with settle_groups",
            )
        return
    if not isinstance(budget_left, Money) or budget_left.amount < 0:
        raise InvalidValue("budget_left", budget_left, "must be Money >= 0 or None")
    if budget_left.currency != campaign.currency:
        raise CurrencyMismatch(
            "budget_left", str(budget_left), f"the campaign is in {campaign.currency}"
        )


def _losers(has_draw: bool, drawn: DrawOutcome | None) -> frozenset[str] | None:
    """The losers of the group's draw; ``None`` while a draw is pending."""
    if not has_draw:
        return frozenset()
    return None if drawn is None else drawn.losers
