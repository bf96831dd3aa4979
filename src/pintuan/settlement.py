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
  from :func:`draw_at_campaign_end`; virtual members are never drawn;
* once a group is closed (and drawn), the campaign's reward plan and gifts are
  paid, rewards from the promotion budget, within the budget.

Money moves as double-entry :class:`~pintuan.ledger.Posting` values: each
payment goes ``payer -> escrow``, then ``escrow -> merchant`` on capture or
``escrow -> payer`` on refund. :func:`settle_groups` settles a stream of groups
lazily; :func:`pintuan.summarize` folds the stream in constant memory.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Sequence
from datetime import datetime

import attrs

from pintuan._builder import Builder
from pintuan._prizes import settle_draw
from pintuan._rewarding import give_gifts, pay_rewards
from pintuan._state import GroupStatus
from pintuan._time import utc
from pintuan.campaign import Campaign
from pintuan.draw import DrawRecord, draw
from pintuan.effects import Effect, RefundReason
from pintuan.errors import ConfigurationError, InvalidValue
from pintuan.events import FailureReason
from pintuan.group import Group
from pintuan.ledger import MERCHANT, Posting
from pintuan.lottery import DrawMode, DrawPolicy, draw_campaign_end
from pintuan.money import Money
from pintuan.rewards import RewardLine
from pintuan.statements import Outcome, Statement
from pintuan.tiers import tier_refunds

__all__ = [
    "GroupSettlement",
    "budget_order",
    "campaign_end_record",
    "draw_at_campaign_end",
    "settle_group",
    "settle_groups",
]


@attrs.frozen(kw_only=True)
class GroupSettlement:
    """Everything settling one group produced.

    Attributes:
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
    total: Money | None = None
    for amount in amounts:
        total = amount if total is None else total + amount
    assert total is not None  # a group always has at least one statement
    return total


def _failure_words(campaign: Campaign, group: Group) -> str:
    if group.failure is FailureReason.DEADLINE:
        return (
            f"The group did not reach {campaign.group_size} members before its deadline "
            f"{group.deadline.isoformat()}."
        )
    if group.failure is FailureReason.CLOSED_BY_OPERATOR:
        return "The operator closed the group before it succeeded."
    return "Every member left the group before it succeeded."


def _tier_differences(campaign: Campaign, group: Group) -> dict[str, Money]:
    """Tier refunds per order, once the group has closed and its final tier is fixed."""
    if campaign.tiers is None or group.status is not GroupStatus.CLOSED:
        return {}
    return dict(
        tier_refunds(
            campaign.tiers, group.members, len(group.members), leader_price=campaign.leader_price
        )
    )


def _refund_all(out: Builder, group: Group, reason: RefundReason, words: str) -> None:
    for order in group.members:
        out.pay(order)
        out.refund(order, order.paid, reason)
        out.state(order, Outcome.REFUNDED, words, refunded=order.paid)
        out.notify(order, reason.value)


def _ship_all(out: Builder, campaign: Campaign, group: Group) -> None:
    words = f"The group succeeded with {group.real_count} paying member(s)."
    differences = _tier_differences(campaign, group)
    for order in group.members:
        if order.virtual:
            out.state(order, Outcome.VIRTUAL, "A virtual placeholder seat; no money moves.")
            continue
        out.pay(order)
        out.capture(order, order.paid)
        out.ship(order, campaign.product_id)
        # A tier difference goes back from the merchant: the payment was captured.
        difference = differences.get(order.order_id, out.zero)
        out.refund(order, difference, RefundReason.TIER_DIFFERENCE, source=MERCHANT)
        out.state(
            order, Outcome.SHIPPED, words, refunded=difference, captured=order.paid - difference
        )
        out.notify(order, "group_succeeded")


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
            :func:`draw_at_campaign_end`); until given, such groups wait.
        budget_left: What is left of the reward budget (``None``: the plan's
            whole budget).

    Raises:
        InvalidValue: The group belongs to another campaign, or a needed seed
            is missing.
    """
    if group.campaign_id != campaign.campaign_id:
        raise InvalidValue(
            "group.campaign_id", group.campaign_id, f"is not campaign {campaign.campaign_id}"
        )
    out = Builder(campaign.campaign_id, group.group_id, campaign.currency)
    for order in group.departed:
        out.pay(order)
        out.refund(order, order.paid, RefundReason.LEFT_GROUP)
        words = "The member left the group before it succeeded."
        out.state(order, Outcome.REFUNDED, words, refunded=order.paid)
        out.notify(order, RefundReason.LEFT_GROUP.value)
    status = group.status
    record: DrawRecord | None = None
    skipped: tuple[RewardLine, ...] = ()
    final = status is GroupStatus.CLOSED
    losers: frozenset[str] | None = frozenset()
    prize_lines: tuple[RewardLine, ...] = ()
    dropped = 0
    if status.successful and campaign.draw is not None and final:
        record, losers, prize_lines = settle_draw(
            out, campaign, campaign.draw, group, seed=seed, winners=winners
        )
    elif status.successful and campaign.draw is None:
        _ship_all(out, campaign, group)
    elif status is GroupStatus.FAILED:
        _refund_all(out, group, RefundReason.GROUP_FAILED, _failure_words(campaign, group))
    else:
        words = (
            f"The group has {group.real_count} of {campaign.group_size} members and is open until "
            f"{group.deadline.isoformat()}."
        )
        for order in group.members:
            out.pay(order)
            out.state(order, Outcome.WAITING, words)
    if final:
        # Rewards once the group is closed: the plan's per its timing, then the
        # draw's cash prizes, all within the budget. Gifts once it is closed.
        budget_left, skipped, dropped = pay_rewards(
            out,
            campaign.rewards,
            group,
            losers=losers,
            prize_lines=prize_lines,
            drawn=losers is not None,
            budget_left=budget_left,
        )
        if campaign.gifts is not None:
            give_gifts(out, campaign.gifts, group)
    return GroupSettlement(
        campaign_id=campaign.campaign_id,
        group_id=group.group_id,
        status=status,
        effects=tuple(out.effects),
        postings=tuple(out.postings),
        statements=out.finish_statements(),
        draw=record,
        budget_left=budget_left,
        skipped_rewards=skipped,
        rounding_kept=dropped,
    )


def _campaign_entries(groups: Iterable[Group]) -> Iterator[str]:
    """The entries of a campaign-end draw: real orders of closed (successful) groups."""
    return (
        order.order_id
        for group in groups
        if group.status is GroupStatus.CLOSED
        for order in group.members
        if not order.virtual
    )


def _campaign_end_policy(campaign: Campaign) -> DrawPolicy:
    policy = campaign.draw
    if policy is None or policy.mode is not DrawMode.AT_CAMPAIGN_END:
        raise ConfigurationError(
            "campaign.draw", None if policy is None else policy.mode.value,
            "needs a draw at the campaign's end",
        )  # fmt: skip
    return policy


def draw_at_campaign_end(
    campaign: Campaign, groups: Iterable[Group], seed: bytes
) -> tuple[str, ...]:
    """Draw the winners of a campaign-end (mode 1) lottery over all its groups.

    The entries are the real orders of every closed, successful group; the
    groups are streamed and memory stays O(number of prizes). Pass the result
    to :func:`settle_group` or :func:`settle_groups` as ``winners``.

    Raises:
        ConfigurationError: The campaign has no campaign-end draw.
    """
    policy = _campaign_end_policy(campaign)
    return draw_campaign_end(policy, seed, _campaign_entries(groups))


def campaign_end_record(
    campaign: Campaign, groups: Iterable[Group], seed: bytes, *, reserves: int | None = None
) -> DrawRecord:
    """The publishable record of a campaign-end (mode 1) draw, for auditors.

    Its winners are those of :func:`draw_at_campaign_end` over the same
    groups; it adds the commitment, the pool digest and the reserves, so
    anyone can check it with :func:`pintuan.verify` (or ``pintuan verify``)
    from the seed and the list of entries. The pool digest needs every entry
    at once, so this costs memory O(entries), unlike the draw itself.

    Args:
        campaign: A campaign whose draw happens at its end.
        groups: All its groups, in any order.
        seed: The draw seed (at least 16 bytes).
        reserves: How many reserves to rank after the winners (``None``: all).

    Raises:
        ConfigurationError: The campaign has no campaign-end draw.
        DrawError: A bad seed, or an order id used twice.
    """
    policy = _campaign_end_policy(campaign)
    return draw(seed, _campaign_entries(groups), policy.prizes, reserves=reserves)


def budget_order(group: Group) -> tuple[datetime, str]:
    """The order in which groups spend a shared reward budget.

    Rewards are earned when a group closes, so the budget goes first come,
    first served by closing (or latest-event) instant, in UTC so that DST does
    not reorder groups, then group id. Only closed groups spend the budget.
    """
    return (utc(group.closed_at or group.updated_at), group.group_id)


def _in_budget_order(groups: Iterable[Group]) -> Iterator[Group]:
    if isinstance(groups, Sequence):
        yield from sorted(groups, key=budget_order)
        return
    last: tuple[datetime, str] | None = None
    for group in groups:
        if group.status is GroupStatus.CLOSED:
            key = budget_order(group)
            if last is not None and key < last:
                raise InvalidValue(
                    "groups",
                    group.group_id,
                    f"closed at {key[0].isoformat()}, after group {last[1]} closed at "
                    f"{last[0].isoformat()}: with a reward budget a stream of groups must come "
                    "in budget order (closing time, then group id); pass a list to have it sorted",
                )
            last = key
        yield group


def settle_groups(
    campaign: Campaign,
    groups: Iterable[Group],
    *,
    seed: bytes | None = None,
    winners: Collection[str] | None = None,
    budget_left: Money | None = None,
) -> Iterator[GroupSettlement]:
    """Settle groups lazily, one group in memory at a time.

    Each group's settlement ignores the others, except for a reward budget
    (``campaign.rewards.budget``), which closed groups spend first come, first
    served in :func:`budget_order` (closing time, then group id), so the
    result never depends on the order the groups are given in:

    * without a budget, settlements come in the order of ``groups``;
    * with one, a list or tuple is settled (and yielded) in budget order; any
      other iterable is streamed and must already be in budget order for its
      closed groups (others may come anywhere).

    Raises:
        InvalidValue: With a budget, a streamed closed group out of budget
            order (raised when it is reached; earlier settlements stand).
    """
    rewards = campaign.rewards
    if rewards is not None and rewards.budget is not None:
        groups = _in_budget_order(groups)
    for group in groups:
        settlement = settle_group(
            campaign, group, seed=seed, winners=winners, budget_left=budget_left
        )
        budget_left = settlement.budget_left
        yield settlement
