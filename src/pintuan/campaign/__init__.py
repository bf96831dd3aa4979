"""Campaign configuration: the campaign, its presets, tiers and reward plans.

Everything here is a frozen value checked at construction; nothing here
decides commands or moves money.
"""

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
