"""Settlement: groups into effects, double-entry postings and statements.

:func:`settle_group` settles one group, :func:`settle_groups` a stream of them
(sharing a reward budget in :func:`budget_order`), and
:func:`refund_after_success` adds a returned product's refund and clawbacks to
a settlement. Every effect and posting carries a deterministic key.
"""

from pintuan.settlement.effects import (
    AwardPoints,
    Capture,
    ClawBack,
    Effect,
    IssueCoupon,
    Notify,
    PayReward,
    Refund,
    RefundReason,
    RewardKind,
    Ship,
    ShipGift,
)
from pintuan.settlement.gifts import GiftLine, gift_lines
from pintuan.settlement.ledger import Posting, balances
from pintuan.settlement.returns import clawback_lines, refund_after_success
from pintuan.settlement.rewards import RewardLine, apply_budget, reward_lines
from pintuan.settlement.settle import GroupSettlement, settle_group
from pintuan.settlement.statements import Outcome, Statement
from pintuan.settlement.stream import budget_order, settle_groups
from pintuan.settlement.tiers import tier_refunds

__all__ = [
    "AwardPoints",
    "Capture",
    "ClawBack",
    "Effect",
    "GiftLine",
    "GroupSettlement",
    "IssueCoupon",
    "Notify",
    "Outcome",
    "PayReward",
    "Posting",
    "Refund",
    "RefundReason",
    "RewardKind",
    "RewardLine",
    "Ship",
    "ShipGift",
    "Statement",
    "apply_budget",
    "balances",
    "budget_order",
    "clawback_lines",
    "gift_lines",
    "refund_after_success",
    "reward_lines",
    "settle_group",
    "settle_groups",
    "tier_refunds",
]
