"""Campaign configuration: the campaign, its presets, tiers and reward plans.

Everything here is a frozen value checked at construction; nothing here
decides commands or moves money. A group needs or holds at most
:data:`MAX_GROUP_SIZE` (100,000) members and an order buys at most
:data:`MAX_QUANTITY` (10,000) units.
"""

from pintuan._validators import MAX_GROUP_SIZE, MAX_QUANTITY
from pintuan.campaign.campaign import Campaign
from pintuan.campaign.deadlines import WindowDeadline
from pintuan.campaign.options import FullGroupPolicy, Kind, UserLimits, VirtualCompletion
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

__all__ = [
    "MAX_GROUP_SIZE",
    "MAX_QUANTITY",
    "BudgetPolicy",
    "Campaign",
    "FullGroupPolicy",
    "Kind",
    "ParticipationReward",
    "ReferralReward",
    "RegionalReward",
    "RewardAmount",
    "RewardPlan",
    "RewardTiming",
    "TeamReward",
    "Tier",
    "TierPayment",
    "TierTable",
    "UserLimits",
    "VirtualCompletion",
    "WindowDeadline",
]
