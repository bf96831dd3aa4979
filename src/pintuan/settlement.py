"""Settlement: turning a group's state into effects, postings and statements.

:func:`settle_group` is pure and idempotent. It may be called on a group in any
state; it returns everything that is final so far, each effect and posting with
a deterministic key, so calling it again after the group moves on only adds
what is new. For a normal group buy:

* a forming group: every member is *paid, waiting for the group* (refundable,
  not shippable); members who left are refunded in full;
* a group that succeeded: every paying member's payment is captured as the
  merchant's revenue and the product is shipped; for a tiered campaign, once
  the group has closed, whoever paid more than the final tier's price is
  refunded the difference (from the merchant, since the payment was captured);
* a group that failed: every member is refunded in full to the original
  payment.

Money moves as double-entry :class:`~pintuan.ledger.Posting` values: each
payment goes ``payer -> escrow``, then ``escrow -> merchant`` on capture or
``escrow -> payer`` on refund. :func:`settle_groups` settles a stream of groups
lazily and :func:`summarize` folds a stream of settlements in constant memory.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator

import attrs

from pintuan._keys import derive_key, key_prefix
from pintuan._state import GroupStatus
from pintuan.campaign import Campaign
from pintuan.effects import Capture, Effect, Notify, Refund, RefundReason, Ship
from pintuan.errors import InvalidValue
from pintuan.events import FailureReason
from pintuan.group import Group
from pintuan.ledger import ESCROW, MERCHANT, Posting, payer
from pintuan.money import Money
from pintuan.order import Order
from pintuan.tiers import tier_refunds

__all__ = [
    "GroupSettlement",
    "Outcome",
    "SettlementSummary",
    "Statement",
    "settle_group",
    "settle_groups",
    "summarize",
]


class Outcome(enum.Enum):
    """How one order ends (or stands, while its group is forming)."""

    WAITING = "waiting"
    SHIPPED = "shipped"
    REFUNDED = "refunded"
    VIRTUAL = "virtual"


@attrs.frozen(kw_only=True)
class Statement:
    """One order's outcome, with the amounts and the reason in plain words."""

    order_id: str
    user_id: str
    group_id: str
    outcome: Outcome
    paid: Money
    refunded: Money
    captured: Money
    reason: str

    @property
    def text(self) -> str:
        """The statement as one English paragraph for the customer or support."""
        head = f"Order {self.order_id} in group {self.group_id}: paid {self.paid}."
        if self.outcome is Outcome.SHIPPED:
            if self.refunded.amount:
                return (
                    f"{head} {self.reason} The final price is {self.captured} and the product "
                    f"ships; the difference of {self.refunded} is refunded to the original payment."
                )
            return f"{head} {self.reason} {self.captured} was captured and the product ships."
        if self.outcome is Outcome.REFUNDED:
            return f"{head} {self.reason} {self.refunded} is refunded to the original payment."
        if self.outcome is Outcome.WAITING:
            return f"{head} {self.reason} It can still be refunded and is not shipped yet."
        return f"{head} {self.reason}"


@attrs.frozen(kw_only=True)
class GroupSettlement:
    """Everything settling one group produced."""

    campaign_id: str
    group_id: str
    status: GroupStatus
    effects: tuple[Effect, ...]
    postings: tuple[Posting, ...]
    statements: tuple[Statement, ...]

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
        """Total captured as merchant revenue."""
        return _sum(s.captured for s in self.statements)


def _sum(amounts: Iterable[Money]) -> Money:
    total: Money | None = None
    for amount in amounts:
        total = amount if total is None else total + amount
    assert total is not None  # a group always has at least one statement
    return total


class _Builder:
    """Collects one group's effects, postings and statements."""

    def __init__(self, campaign: Campaign, group: Group) -> None:
        self.cid, self.gid = campaign.campaign_id, group.group_id
        self.zero = Money.zero(campaign.currency)
        self.effects: list[Effect] = []
        self.postings: list[Posting] = []
        self.statements: list[Statement] = []
        self.prefixes: dict[str, bytes] = {}

    def key(self, kind: str, order: Order, detail: str = "") -> str:
        prefix = self.prefixes.get(order.order_id)
        if prefix is None:
            prefix = self.prefixes[order.order_id] = key_prefix(self.cid, self.gid, order.order_id)
        return derive_key(prefix, kind, detail)

    def post(self, order: Order, source: str, destination: str, amount: Money, memo: str) -> None:
        self.postings.append(
            Posting(
                key=self.key("post", order, memo),
                source=source,
                destination=destination,
                amount=amount,
                memo=memo,
                order_id=order.order_id,
            )
        )

    def pay(self, order: Order) -> None:
        self.post(order, payer(order.user_id), ESCROW, order.paid, "payment")

    def state(
        self,
        order: Order,
        outcome: Outcome,
        reason: str,
        *,
        refunded: Money | None = None,
        captured: Money | None = None,
    ) -> None:
        self.statements.append(
            Statement(
                order_id=order.order_id,
                user_id=order.user_id,
                group_id=self.gid,
                outcome=outcome,
                paid=order.paid,
                refunded=refunded or self.zero,
                captured=captured or self.zero,
                reason=reason,
            )
        )

    def notify(self, order: Order, topic: str) -> None:
        self.effects.append(
            Notify(
                key=self.key("notify", order, topic),
                group_id=self.gid,
                order_id=order.order_id,
                user_id=order.user_id,
                topic=topic,
            )
        )

    def refund(self, order: Order, reason: RefundReason, words: str) -> None:
        self.pay(order)
        self.effects.append(
            Refund(
                key=self.key("refund", order, reason.value),
                group_id=self.gid,
                order_id=order.order_id,
                amount=order.paid,
                reason=reason,
            )
        )
        self.post(order, ESCROW, payer(order.user_id), order.paid, f"refund:{reason.value}")
        self.state(order, Outcome.REFUNDED, words, refunded=order.paid)
        self.notify(order, reason.value)

    def ship(
        self, order: Order, product_id: str, words: str, tier_refund: Money | None = None
    ) -> None:
        self.pay(order)
        if order.paid.amount > 0:
            self.effects.append(
                Capture(
                    key=self.key("capture", order),
                    group_id=self.gid,
                    order_id=order.order_id,
                    amount=order.paid,
                )
            )
            self.post(order, ESCROW, MERCHANT, order.paid, "capture")
        self.effects.append(
            Ship(
                key=self.key("ship", order),
                group_id=self.gid,
                order_id=order.order_id,
                product_id=product_id,
                quantity=order.quantity,
            )
        )
        refunded = None
        if tier_refund is not None:
            # The payment was captured in full when the group succeeded; the
            # difference goes back from the merchant once the final tier is fixed.
            reason = RefundReason.TIER_DIFFERENCE
            self.effects.append(
                Refund(
                    key=self.key("refund", order, reason.value),
                    group_id=self.gid,
                    order_id=order.order_id,
                    amount=tier_refund,
                    reason=reason,
                )
            )
            self.post(order, MERCHANT, payer(order.user_id), tier_refund, f"refund:{reason.value}")
            refunded = tier_refund
        net = order.paid - refunded if refunded is not None else order.paid
        self.state(order, Outcome.SHIPPED, words, captured=net, refunded=refunded)
        self.notify(order, "group_succeeded")


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


def settle_group(campaign: Campaign, group: Group) -> GroupSettlement:
    """Settle one group of a normal campaign; see the module docs for the rules.

    Raises:
        InvalidValue: The group belongs to another campaign.
    """
    if group.campaign_id != campaign.campaign_id:
        raise InvalidValue(
            "group.campaign_id", group.campaign_id, f"is not campaign {campaign.campaign_id}"
        )
    out = _Builder(campaign, group)
    for order in group.departed:
        out.refund(order, RefundReason.LEFT_GROUP, "The member left the group before it succeeded.")
    status = group.status
    if status.successful:
        words = f"The group succeeded with {group.real_count} paying member(s)."
        differences = _tier_differences(campaign, group)
        for order in group.members:
            if order.virtual:
                out.state(order, Outcome.VIRTUAL, "A virtual placeholder seat; no money moves.")
            else:
                out.ship(order, campaign.product_id, words, differences.get(order.order_id))
    elif status is GroupStatus.FAILED:
        words = _failure_words(campaign, group)
        for order in group.members:
            out.refund(order, RefundReason.GROUP_FAILED, words)
    else:
        words = (
            f"The group has {group.real_count} of {campaign.group_size} members and is open until "
            f"{group.deadline.isoformat()}."
        )
        for order in group.members:
            out.pay(order)
            out.state(order, Outcome.WAITING, words)
    return GroupSettlement(
        campaign_id=campaign.campaign_id,
        group_id=group.group_id,
        status=status,
        effects=tuple(out.effects),
        postings=tuple(out.postings),
        statements=tuple(out.statements),
    )


def settle_groups(campaign: Campaign, groups: Iterable[Group]) -> Iterator[GroupSettlement]:
    """Settle a stream of groups lazily, one group in memory at a time."""
    for group in groups:
        yield settle_group(campaign, group)


@attrs.frozen(kw_only=True)
class SettlementSummary:
    """Totals over many group settlements."""

    groups: int
    orders: int
    succeeded: int
    failed: int
    paid: Money
    refunded: Money
    captured: Money
    in_escrow: Money


def summarize(currency: str, settlements: Iterable[GroupSettlement]) -> SettlementSummary:
    """Fold settlements into totals in constant memory (the input may be a stream)."""
    groups = orders = succeeded = failed = 0
    paid = refunded = captured = 0
    for s in settlements:
        groups += 1
        succeeded += s.status.successful
        failed += s.status is GroupStatus.FAILED
        for st in s.statements:
            if st.paid.currency != currency:
                raise InvalidValue("currency", st.paid.currency, f"the summary is in {currency}")
            orders += 1
            paid += st.paid.amount
            refunded += st.refunded.amount
            captured += st.captured.amount
    return SettlementSummary(
        groups=groups,
        orders=orders,
        succeeded=succeeded,
        failed=failed,
        paid=Money(amount=paid, currency=currency),
        refunded=Money(amount=refunded, currency=currency),
        captured=Money(amount=captured, currency=currency),
        in_escrow=Money(amount=paid - refunded - captured, currency=currency),
    )
