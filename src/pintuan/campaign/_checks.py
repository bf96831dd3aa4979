"""Cross-field rules of a campaign, run once its fields are each valid."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pintuan._validators import MAX_QUANTITY
from pintuan.campaign.rewards import RewardTiming
from pintuan.errors import ConfigurationError, CurrencyMismatch
from pintuan.lottery import DrawMode
from pintuan.money import MAX_AMOUNT, Money

if TYPE_CHECKING:  # types only: Campaign calls these from its constructor
    from pintuan.campaign.campaign import Campaign

__all__ = ["check_campaign"]


def check_campaign(campaign: Campaign) -> None:
    """Raise on the first cross-field rule ``campaign`` breaks.

    Raises:
        ConfigurationError: Naming the field that breaks a rule.
        CurrencyMismatch: An amount not in the campaign's currency.
    """
    _check_pricing(campaign)
    _check_order_total(campaign)
    _check_seats(campaign)
    _check_policies(campaign)


def _check_pricing(campaign: Campaign) -> None:
    tiers = campaign.tiers
    if tiers is None:
        if campaign.price is None:
            raise ConfigurationError("price", None, "a campaign without tiers needs a price")
        return
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


def _check_order_total(campaign: Campaign) -> None:
    """The dearest order the campaign can take is still money (at most MAX_AMOUNT)."""
    most = campaign.limits.max_quantity or MAX_QUANTITY
    price = campaign.base_price
    if price.amount * most > MAX_AMOUNT:
        raise ConfigurationError(
            "price",
            str(price),
            f"times the most units of an order ({most}) is more than the largest amount, "
            f"MAX_AMOUNT = {MAX_AMOUNT} minor units; lower the price or limits.max_quantity",
        )


def _check_seats(campaign: Campaign) -> None:
    if campaign.capacity < campaign.group_size:
        raise ConfigurationError(
            "capacity", campaign.capacity, f"must be at least group_size ({campaign.group_size})"
        )
    leader_price = campaign.leader_price
    if leader_price is not None:
        _same_currency("leader_price", leader_price, campaign.currency)
        if leader_price > campaign.base_price:
            raise ConfigurationError(
                "leader_price",
                str(leader_price),
                f"must be between 0 and the group price {campaign.base_price}",
            )
    vc = campaign.virtual_completion
    if vc is not None and vc.min_real_members >= campaign.group_size:
        raise ConfigurationError(
            "virtual_completion.min_real_members",
            vc.min_real_members,
            f"must be below group_size ({campaign.group_size}); a full group needs no filling",
        )
    if campaign.stock is not None and campaign.stock < campaign.group_size:
        raise ConfigurationError(
            "stock", campaign.stock, f"must cover at least one group of {campaign.group_size}"
        )


def _check_policies(campaign: Campaign) -> None:
    """Draw and rewards: currencies, the mode-2 prize limit, reward timing."""
    draw, rewards = campaign.draw, campaign.rewards
    if draw is not None:
        if campaign.tiers is not None:
            raise ConfigurationError("draw", draw.mode.value, "draws do not combine with tiers")
        if draw.mode is DrawMode.AT_GROUP_SUCCESS:
            draw.check_group_size(campaign.group_size)
        for side, prize in (("winner", draw.winner), ("loser", draw.loser)):
            _same_currency(f"draw.{side}.cash_reward", prize.cash_reward, campaign.currency)
    if rewards is None:
        return
    if (
        draw is not None
        and rewards.timing is RewardTiming.ON_SUCCESS
        and rewards.participation is not None
        and rewards.participation.losers_only
    ):
        raise ConfigurationError(
            "rewards.timing",
            rewards.timing.value,
            "a losers-only participation reward needs AFTER_DRAW: losers are known after the draw",
        )
    if rewards.currency not in (None, campaign.currency):
        raise CurrencyMismatch(
            "rewards", rewards.currency, f"must be in the campaign's currency {campaign.currency}"
        )


def _same_currency(field: str, amount: Money | None, currency: str) -> None:
    if amount is not None and amount.currency != currency:
        raise CurrencyMismatch(field, str(amount), f"must be in the campaign's currency {currency}")
