"""Cross-field checks of a :class:`~pintuan.campaign.Campaign`, run at construction."""

from __future__ import annotations

# campaign.py imports this module lazily, once it is fully loaded.
from pintuan.campaign import Campaign, FullGroupPolicy, Kind, UserLimits, VirtualCompletion
from pintuan.errors import ConfigurationError, CurrencyMismatch
from pintuan.gifts import GiftPlan
from pintuan.lottery import DrawMode, DrawPolicy
from pintuan.money import Money
from pintuan.rewards import RewardPlan, RewardTiming
from pintuan.tiers import TierPayment, TierTable

__all__ = ["check_policies", "check_pricing", "check_types"]


def check_pricing(campaign: Campaign) -> None:
    tiers = campaign.tiers
    if tiers is None:
        if campaign.price is None:
            raise ConfigurationError("price", None, "a campaign without tiers needs a price")
        if campaign.kind is Kind.TIERED:
            raise ConfigurationError("tiers", None, "a tiered campaign needs a tier table")
        return
    if not isinstance(tiers, TierTable):
        raise ConfigurationError("tiers", tiers, "must be a TierTable or None")
    if campaign.kind is Kind.NORMAL:
        raise ConfigurationError(
            "kind", campaign.kind.value, "a campaign with a tier table is tiered (Campaign.tiered)"
        )
    if not isinstance(campaign.tier_payment, TierPayment):
        raise ConfigurationError("tier_payment", campaign.tier_payment, "must be a TierPayment")
    if campaign.price is not None:
        raise ConfigurationError(
            "price", str(campaign.price), "a tiered campaign takes its prices from the tier table"
        )
    rules = (
        ("group_size", campaign.group_size, tiers.first.size, "the first tier's size"),
        ("capacity", campaign.capacity, tiers.top.size, "the top tier's size"),
        ("stock", campaign.stock, tiers.stock, "the tier table's stock"),
    )
    for name, value, expected, what in rules:
        if value != expected:
            raise ConfigurationError(name, value, f"must equal {what} ({expected}) with tiers")


def check_types(campaign: Campaign) -> None:
    checks: tuple[tuple[str, object, type], ...] = (
        ("limits", campaign.limits, UserLimits),
        ("new_users_only", campaign.new_users_only, bool),
        ("full_group_policy", campaign.full_group_policy, FullGroupPolicy),
    )
    for name, value, kind in checks:
        if not isinstance(value, kind):
            raise ConfigurationError(name, value, f"must be a {kind.__name__}")
    vc = campaign.virtual_completion
    if vc is not None and not isinstance(vc, VirtualCompletion):
        raise ConfigurationError("virtual_completion", vc, "must be VirtualCompletion or None")


def check_policies(campaign: Campaign) -> None:
    """Draw, rewards and gifts: types, currencies and the mode-2 prize limit."""
    draw, rewards, gifts = campaign.draw, campaign.rewards, campaign.gifts
    for name, value, kind in (
        ("draw", draw, DrawPolicy),
        ("rewards", rewards, RewardPlan),
        ("gifts", gifts, GiftPlan),
    ):
        if value is not None and not isinstance(value, kind):
            raise ConfigurationError(name, value, f"must be a {kind.__name__} or None")
    if campaign.kind in (Kind.LOTTERY, Kind.PINSHANG) and draw is None:
        raise ConfigurationError("draw", None, f"a {campaign.kind.value} campaign needs a draw")
    if campaign.kind is Kind.GIFT and gifts is None:
        raise ConfigurationError("gifts", None, "a gift campaign needs a gift plan")
    if draw is not None:
        if campaign.tiers is not None:
            raise ConfigurationError("draw", draw.mode.value, "draws do not combine with tiers")
        if draw.mode is DrawMode.AT_GROUP_SUCCESS:
            draw.check_group_size(campaign.group_size)
        for side, prize in (("winner", draw.winner), ("loser", draw.loser)):
            _same_currency(f"draw.{side}.cash_reward", prize.cash_reward, campaign.currency)
    if (
        rewards is not None
        and draw is not None
        and rewards.timing is RewardTiming.ON_SUCCESS
        and rewards.participation is not None
        and rewards.participation.losers_only
    ):
        raise ConfigurationError(
            "rewards.timing",
            rewards.timing.value,
            "a losers-only participation reward needs AFTER_DRAW: losers are known after the draw",
        )
    if rewards is not None and rewards.currency not in (None, campaign.currency):
        raise CurrencyMismatch(
            "rewards", rewards.currency, f"must be in the campaign's currency {campaign.currency}"
        )


def _same_currency(field: str, amount: Money | None, currency: str) -> None:
    if amount is not None and amount.currency != currency:
        raise CurrencyMismatch(field, str(amount), f"must be in the campaign's currency {currency}")
