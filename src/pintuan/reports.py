"""Reports: campaign-wide totals folded from group settlements in constant memory.

:func:`summarize` counts groups and orders and totals what was paid, refunded,
captured and still held in escrow; :func:`campaign_pnl` is the campaign's
profit and loss: refunds by reason, rewards by kind, clawbacks, what the
merchant kept and what the promotion budget spent. Both read any number of
:class:`~pintuan.settlement.GroupSettlement` values, a stream included.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import attrs

from pintuan import _validators as v
from pintuan.errors import InvalidValue
from pintuan.lifecycle import GroupStatus
from pintuan.money import Money, minor_digits
from pintuan.settlement import GroupSettlement
from pintuan.settlement.effects import (
    AwardPoints,
    ClawBack,
    IssueCoupon,
    PayReward,
    Refund,
    ShipGift,
)
from pintuan.settlement.ledger import MERCHANT, PROMOTION

__all__ = ["CampaignPnL", "SettlementSummary", "campaign_pnl", "summarize"]


@attrs.frozen(kw_only=True)
class SettlementSummary:
    """Totals over many group settlements.

    ``paid == refunded + captured + in_escrow`` always holds; once every group
    is terminal, ``in_escrow`` is zero. ``rewards`` come from the promotion
    budget and are not part of that identity.
    """

    groups: int
    orders: int
    succeeded: int
    failed: int
    paid: Money
    refunded: Money
    captured: Money
    in_escrow: Money
    rewards: Money


def summarize(currency: str, settlements: Iterable[GroupSettlement]) -> SettlementSummary:
    """Fold settlements into totals in constant memory (the input may be a stream).

    Raises:
        InvalidValue: A settlement is in another currency, or not a settlement.
        MoneyError: ``currency`` is not an ISO 4217 code.
    """
    minor_digits(currency)
    groups = orders = succeeded = failed = 0
    paid = refunded = captured = rewards = 0
    for s in v.each("settlements", settlements, GroupSettlement):
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
            rewards += 0 if st.rewards is None else st.rewards.amount

    def money(amount: int) -> Money:
        return Money(amount=amount, currency=currency)

    return SettlementSummary(
        groups=groups,
        orders=orders,
        succeeded=succeeded,
        failed=failed,
        paid=money(paid),
        refunded=money(refunded),
        captured=money(captured),
        in_escrow=money(paid - refunded - captured),
        rewards=money(rewards),
    )


@attrs.frozen(kw_only=True)
class CampaignPnL:
    """Money and gifts of a campaign, from its settlements.

    Attributes:
        gross_paid: Everything buyers paid.
        refunds: Refunded amounts by reason (``RefundReason`` values), sorted.
        rewards: Rewards paid by kind (``RewardKind`` values), before clawbacks.
        clawed_back: Rewards taken back after refunds.
        merchant_revenue: What the merchant keeps (captures less refunds from it).
        promotion_spend: What the promotion budget paid out, net of clawbacks.
        coupons: Coupons issued.
        points: Points awarded.
        gift_items: Gift units shipped.
        rounding_kept: What rounding rate rewards down left with the
            operator, in ten-thousandths of a minor unit.
        groups: Settlements read.
    """

    gross_paid: Money
    refunds: tuple[tuple[str, Money], ...]
    rewards: tuple[tuple[str, Money], ...]
    clawed_back: Money
    merchant_revenue: Money
    promotion_spend: Money
    coupons: int
    points: int
    gift_items: int
    rounding_kept: int
    groups: int


def campaign_pnl(currency: str, settlements: Iterable[GroupSettlement]) -> CampaignPnL:
    """Fold settlements into a :class:`CampaignPnL` (constant memory).

    Raises:
        InvalidValue: An amount is in another currency, or a settlement is
            not one.
        MoneyError: ``currency`` is not an ISO 4217 code.
    """
    minor_digits(currency)
    refunds: Counter[str] = Counter()
    rewards: Counter[str] = Counter()
    paid = clawed = merchant = promotion = coupons = points = items = groups = rounding = 0
    for settlement in v.each("settlements", settlements, GroupSettlement):
        groups += 1
        rounding += settlement.rounding_kept
        for st in settlement.statements:
            if st.paid.currency != currency:
                raise InvalidValue("currency", st.paid.currency, f"the P&L is in {currency}")
            paid += st.paid.amount
        for effect in settlement.effects:
            if isinstance(effect, Refund):
                refunds[effect.reason.value] += effect.amount.amount
            elif isinstance(effect, PayReward):
                rewards[effect.kind.value] += effect.amount.amount
            elif isinstance(effect, ClawBack):
                clawed += effect.amount.amount
            elif isinstance(effect, IssueCoupon):
                coupons += 1
            elif isinstance(effect, AwardPoints):
                points += effect.points
            elif isinstance(effect, ShipGift):
                items += effect.quantity
        for posting in settlement.postings:
            amount = posting.amount.amount
            merchant += (posting.destination == MERCHANT) * amount - (
                posting.source == MERCHANT
            ) * amount
            promotion += (posting.source == PROMOTION) * amount - (
                posting.destination == PROMOTION
            ) * amount

    def money(amount: int) -> Money:
        return Money(amount=amount, currency=currency)

    return CampaignPnL(
        gross_paid=money(paid),
        refunds=tuple((k, money(v)) for k, v in sorted(refunds.items())),
        rewards=tuple((k, money(v)) for k, v in sorted(rewards.items())),
        clawed_back=money(clawed),
        merchant_revenue=money(merchant),
        promotion_spend=money(promotion),
        coupons=coupons,
        points=points,
        gift_items=items,
        rounding_kept=rounding,
        groups=groups,
    )
