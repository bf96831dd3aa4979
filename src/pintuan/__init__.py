"""pintuan: group-buy (拼团) rules as exact, immutable values and pure functions.

Configure a :class:`Campaign`, drive each group through its life with
:func:`decide` and :func:`evolve` (or :func:`handle`, which does both), and
turn groups into money movements with :func:`settle_group`. Draws follow the
public protocol of :mod:`pintuan.draw` (:func:`select_winners`, :func:`verify`). Nothing here reads
the clock, draws random numbers or touches files: time, ids and seeds are
always passed in.
"""

from pintuan._state import GroupStatus
from pintuan.benefits import Coupon, GiftItem
from pintuan.campaign import Campaign, FullGroupPolicy, Kind, UserLimits, VirtualCompletion
from pintuan.commands import (
    CloseGroup,
    Command,
    DecisionContext,
    ExpireGroup,
    JoinGroup,
    LeaveGroup,
    OpenGroup,
)
from pintuan.decider import decide, handle
from pintuan.draw import (
    DrawRecord,
    Mismatch,
    Verification,
    commitment,
    group_seed,
    pool_digest,
    rank_entries,
    select_winners,
    verify,
)
from pintuan.effects import (
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
from pintuan.errors import (
    CommandRejected,
    ConfigurationError,
    CurrencyMismatch,
    DrawError,
    InvalidValue,
    MoneyError,
    NaiveDatetime,
    PintuanError,
    Rejection,
    ReplayFileError,
    ScheduleError,
)
from pintuan.events import (
    Event,
    FailureReason,
    GroupClosed,
    GroupFailed,
    GroupOpened,
    GroupSucceeded,
    MemberJoined,
    MemberLeft,
    VirtualMembersAdded,
)
from pintuan.gifts import GiftLine, GiftPlan
from pintuan.group import Group, evolve
from pintuan.ledger import Posting, balances
from pintuan.lottery import DrawMode, DrawPolicy, PinshangTerms, Prize, winners_for_rate
from pintuan.money import Money, Rate, allocate
from pintuan.order import Order, Role
from pintuan.pnl import CampaignPnL, campaign_pnl
from pintuan.returns import refund_after_success
from pintuan.rewards import (
    BudgetPolicy,
    ParticipationReward,
    ReferralReward,
    RegionalReward,
    RewardAmount,
    RewardLine,
    RewardPlan,
    RewardTiming,
    TeamReward,
)
from pintuan.schedule import DailyWindow, Schedule
from pintuan.settlement import (
    GroupSettlement,
    budget_order,
    campaign_end_record,
    draw_at_campaign_end,
    settle_group,
    settle_groups,
)
from pintuan.statements import Outcome, Statement
from pintuan.summary import SettlementSummary, summarize
from pintuan.tiers import Tier, TierPayment, TierTable, tier_refunds

__all__ = [
    "AwardPoints",
    "BudgetPolicy",
    "Campaign",
    "CampaignPnL",
    "Capture",
    "ClawBack",
    "CloseGroup",
    "Command",
    "CommandRejected",
    "ConfigurationError",
    "Coupon",
    "CurrencyMismatch",
    "DailyWindow",
    "DecisionContext",
    "DrawError",
    "DrawMode",
    "DrawPolicy",
    "DrawRecord",
    "Effect",
    "Event",
    "ExpireGroup",
    "FailureReason",
    "FullGroupPolicy",
    "GiftItem",
    "GiftLine",
    "GiftPlan",
    "Group",
    "GroupClosed",
    "GroupFailed",
    "GroupOpened",
    "GroupSettlement",
    "GroupStatus",
    "GroupSucceeded",
    "InvalidValue",
    "IssueCoupon",
    "JoinGroup",
    "Kind",
    "LeaveGroup",
    "MemberJoined",
    "MemberLeft",
    "Mismatch",
    "Money",
    "MoneyError",
    "NaiveDatetime",
    "Notify",
    "OpenGroup",
    "Order",
    "Outcome",
    "ParticipationReward",
    "PayReward",
    "PinshangTerms",
    "PintuanError",
    "Posting",
    "Prize",
    "Rate",
    "ReferralReward",
    "Refund",
    "RefundReason",
    "RegionalReward",
    "Rejection",
    "ReplayFileError",
    "RewardAmount",
    "RewardKind",
    "RewardLine",
    "RewardPlan",
    "RewardTiming",
    "Role",
    "Schedule",
    "ScheduleError",
    "SettlementSummary",
    "Ship",
    "ShipGift",
    "Statement",
    "TeamReward",
    "Tier",
    "TierPayment",
    "TierTable",
    "UserLimits",
    "Verification",
    "VirtualCompletion",
    "VirtualMembersAdded",
    "allocate",
    "balances",
    "budget_order",
    "campaign_end_record",
    "campaign_pnl",
    "commitment",
    "decide",
    "draw_at_campaign_end",
    "evolve",
    "group_seed",
    "handle",
    "pool_digest",
    "rank_entries",
    "refund_after_success",
    "select_winners",
    "settle_group",
    "settle_groups",
    "summarize",
    "tier_refunds",
    "verify",
    "winners_for_rate",
]
