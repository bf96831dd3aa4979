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
from pintuan.group import Group, evolve
from pintuan.ledger import Posting, balances
from pintuan.money import Money, Rate, allocate
from pintuan.order import Order, Role
from pintuan.schedule import DailyWindow, Schedule
from pintuan.settlement import GroupSettlement, settle_group, settle_groups
from pintuan.statements import Outcome, Statement
from pintuan.summary import SettlementSummary, summarize
from pintuan.tiers import Tier, TierPayment, TierTable, tier_refunds

__all__ = [
    "AwardPoints",
    "Campaign",
    "Capture",
    "CloseGroup",
    "Command",
    "CommandRejected",
    "ConfigurationError",
    "Coupon",
    "CurrencyMismatch",
    "DailyWindow",
    "DecisionContext",
    "DrawError",
    "DrawRecord",
    "Effect",
    "Event",
    "ExpireGroup",
    "FailureReason",
    "FullGroupPolicy",
    "GiftItem",
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
    "PayReward",
    "PintuanError",
    "Posting",
    "Rate",
    "Refund",
    "RefundReason",
    "Rejection",
    "ReplayFileError",
    "RewardKind",
    "Role",
    "Schedule",
    "ScheduleError",
    "SettlementSummary",
    "Ship",
    "ShipGift",
    "Statement",
    "Tier",
    "TierPayment",
    "TierTable",
    "UserLimits",
    "Verification",
    "VirtualCompletion",
    "VirtualMembersAdded",
    "allocate",
    "balances",
    "commitment",
    "decide",
    "evolve",
    "group_seed",
    "handle",
    "pool_digest",
    "rank_entries",
    "select_winners",
    "settle_group",
    "settle_groups",
    "summarize",
    "tier_refunds",
    "verify",
]
