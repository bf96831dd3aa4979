"""pintuan: group-buy (拼团) rules as exact, immutable values and pure functions.

Configure a :class:`Campaign`, drive each group through its life with
:func:`decide` and :func:`evolve` (or :func:`handle`, which does both), and
turn groups into money movements with :func:`settle_group`. Draws follow the
public protocol of :mod:`pintuan.draw` (:func:`select_winners`, :func:`verify`). Nothing here reads
the clock, draws random numbers or touches files: time, ids and seeds are
always passed in.
"""

from pintuan.campaign import Campaign, FullGroupPolicy, Kind, UserLimits, VirtualCompletion
from pintuan.campaign.deadlines import WindowDeadline
from pintuan.campaign.rewards import (
    BudgetPolicy,
    ParticipationReward,
    ReferralReward,
    RegionalReward,
    RewardAmount,
    RewardPlan,
    RewardTiming,
    TeamReward,
)
from pintuan.campaign.tiers import Tier, TierPayment, TierTable
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
from pintuan.errors import (
    CodecError,
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
from pintuan.gifts import Coupon, GiftItem, GiftPlan
from pintuan.lifecycle._state import GroupStatus
from pintuan.lifecycle.book import CampaignBook
from pintuan.lifecycle.commands import (
    CloseGroup,
    Command,
    DecisionContext,
    ExpireGroup,
    JoinGroup,
    LeaveGroup,
    OpenGroup,
)
from pintuan.lifecycle.decider import decide, handle
from pintuan.lifecycle.events import (
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
from pintuan.lifecycle.group import Group, evolve
from pintuan.lifecycle.order import Order, Role
from pintuan.lottery import DrawMode, DrawPolicy, PinshangTerms, Prize, winners_for_rate
from pintuan.lottery.draws import campaign_end_record, draw_at_campaign_end
from pintuan.money import Money, Rate, allocate
from pintuan.reports import CampaignPnL, SettlementSummary, campaign_pnl, summarize
from pintuan.schedule import DailyWindow, Schedule
from pintuan.settlement import GroupSettlement, budget_order, settle_group, settle_groups
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
from pintuan.settlement.gifts import GiftLine
from pintuan.settlement.ledger import Posting, balances
from pintuan.settlement.returns import refund_after_success
from pintuan.settlement.rewards import RewardLine
from pintuan.settlement.statements import Outcome, Statement
from pintuan.settlement.tiers import tier_refunds
from pintuan.simulation import (
    Arrivals,
    Economics,
    JoinChoice,
    RunRecord,
    Simulation,
    SweepRow,
    simulate,
    sweep,
)

__all__ = [
    "Arrivals",
    "AwardPoints",
    "BudgetPolicy",
    "Campaign",
    "CampaignBook",
    "CampaignPnL",
    "Capture",
    "ClawBack",
    "CloseGroup",
    "CodecError",
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
    "Economics",
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
    "JoinChoice",
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
    "RunRecord",
    "Schedule",
    "ScheduleError",
    "SettlementSummary",
    "Ship",
    "ShipGift",
    "Simulation",
    "Statement",
    "SweepRow",
    "TeamReward",
    "Tier",
    "TierPayment",
    "TierTable",
    "UserLimits",
    "Verification",
    "VirtualCompletion",
    "VirtualMembersAdded",
    "WindowDeadline",
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
    "simulate",
    "summarize",
    "sweep",
    "tier_refunds",
    "verify",
    "winners_for_rate",
]


def __getattr__(name: str) -> str:
    """``__version__``, read from the installed metadata when first asked for.

    :mod:`importlib.metadata` imports a dozen modules (email, zipfile, csv...)
    that nothing else needs: every object they leave is one more for each full
    run of the garbage collector to scan.
    """
    if name != "__version__":
        raise AttributeError(f"module 'pintuan' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        found = version("pintuan")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        found = "0+unknown"
    globals()["__version__"] = found
    return found
