"""The seed's five kinds as named constructors of :class:`~pintuan.campaign.Campaign`.

Each preset takes the fields its kind needs and the options that make sense
for it, all as typed keyword arguments. An option a kind does not take, or a
missing one, is a :class:`~pintuan.errors.ConfigurationError` naming it (a
type checker flags both before that); so is a positional argument. Policies
combine beyond the presets (a tiered campaign with gifts, a lottery with
rewards) through the presets' own options or through
:class:`~pintuan.campaign.Campaign` itself.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, Self, TypeVar

from pintuan.campaign.deadlines import WindowDeadline
from pintuan.campaign.options import FullGroupPolicy, UserLimits, VirtualCompletion
from pintuan.campaign.rewards import RewardPlan
from pintuan.campaign.tiers import TierPayment, TierTable
from pintuan.errors import ConfigurationError
from pintuan.gifts import GiftPlan
from pintuan.lottery import DrawPolicy, PinshangTerms
from pintuan.money import Money
from pintuan.schedule import Schedule

__all__ = ["Presets"]

_REJECT = FullGroupPolicy.REJECT
_ELAPSED = WindowDeadline.ELAPSED

_P = ParamSpec("_P")
_C = TypeVar("_C")
_R = TypeVar("_R")


def _options(
    preset: Callable[Concatenate[_C, _P], _R],
) -> Callable[Concatenate[_C, _P], _R]:
    """Turn a wrong keyword of ``preset`` into a ConfigurationError naming it."""
    params = list(inspect.signature(preset).parameters.values())[1:]  # without cls
    known = {p.name for p in params}
    required = [p.name for p in params if p.default is inspect.Parameter.empty]
    where = f"Campaign.{preset.__name__}"

    @functools.wraps(preset)
    def checked(cls: _C, /, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        if args:
            raise ConfigurationError(
                "args", args, f"{where} takes keyword arguments only ({', '.join(sorted(known))})"
            )
        for name, value in kwargs.items():
            if name not in known:
                raise ConfigurationError(
                    name, value, f"is not an option of {where}; it takes {', '.join(sorted(known))}"
                )
        for name in required:
            if name not in kwargs:
                raise ConfigurationError(name, None, f"is required by {where}")
        return preset(cls, *args, **kwargs)

    return checked


class Presets:
    """Named constructors of :class:`~pintuan.campaign.Campaign`, one per kind."""

    if TYPE_CHECKING:  # Campaign's own constructor, made by attrs

        def __init__(self, **fields: Any) -> None: ...

    @classmethod
    @_options
    def normal(
        cls,
        *,
        campaign_id: str,
        product_id: str,
        price: Money,
        group_size: int,
        time_limit: timedelta,
        schedule: Schedule,
        capacity: int | None = None,
        limits: UserLimits | None = None,
        stock: int | None = None,
        leader_price: Money | None = None,
        new_users_only: bool = False,
        virtual_completion: VirtualCompletion | None = None,
        full_group_policy: FullGroupPolicy = _REJECT,
        window_deadline: WindowDeadline = _ELAPSED,
        rewards: RewardPlan | None = None,
    ) -> Self:
        """Build a normal group buy (普通拼团): a fixed price, N members to succeed.

        ``capacity`` defaults to ``group_size`` (the group closes when it
        succeeds); ``limits`` to no limits.
        """
        return cls(
            campaign_id=campaign_id,
            product_id=product_id,
            price=price,
            group_size=group_size,
            capacity=group_size if capacity is None else capacity,
            time_limit=time_limit,
            schedule=schedule,
            limits=UserLimits() if limits is None else limits,
            stock=stock,
            leader_price=leader_price,
            new_users_only=new_users_only,
            virtual_completion=virtual_completion,
            full_group_policy=full_group_policy,
            window_deadline=window_deadline,
            rewards=rewards,
        )

    @classmethod
    @_options
    def tiered(
        cls,
        *,
        campaign_id: str,
        product_id: str,
        tiers: TierTable,
        time_limit: timedelta,
        schedule: Schedule,
        tier_payment: TierPayment = TierPayment.FIRST_TIER,
        limits: UserLimits | None = None,
        leader_price: Money | None = None,
        new_users_only: bool = False,
        virtual_completion: VirtualCompletion | None = None,
        full_group_policy: FullGroupPolicy = _REJECT,
        window_deadline: WindowDeadline = _ELAPSED,
        rewards: RewardPlan | None = None,
        gifts: GiftPlan | None = None,
    ) -> Self:
        """Build a tiered group buy (阶梯拼团) from a tier table.

        The group succeeds at the first tier's size, accepts members up to the
        top tier's size, and sells the table's stock.
        """
        if not isinstance(tiers, TierTable):
            raise ConfigurationError("tiers", tiers, "must be a TierTable")
        return cls(
            campaign_id=campaign_id,
            product_id=product_id,
            group_size=tiers.first.size,
            capacity=tiers.top.size,
            time_limit=time_limit,
            schedule=schedule,
            limits=UserLimits() if limits is None else limits,
            stock=tiers.stock,
            leader_price=leader_price,
            new_users_only=new_users_only,
            virtual_completion=virtual_completion,
            full_group_policy=full_group_policy,
            window_deadline=window_deadline,
            tiers=tiers,
            tier_payment=tier_payment,
            rewards=rewards,
            gifts=gifts,
        )

    @classmethod
    @_options
    def lottery(
        cls,
        *,
        campaign_id: str,
        product_id: str,
        price: Money,
        group_size: int,
        time_limit: timedelta,
        schedule: Schedule,
        draw: DrawPolicy,
        capacity: int | None = None,
        limits: UserLimits | None = None,
        stock: int | None = None,
        new_users_only: bool = False,
        virtual_completion: VirtualCompletion | None = None,
        full_group_policy: FullGroupPolicy = _REJECT,
        window_deadline: WindowDeadline = _ELAPSED,
        rewards: RewardPlan | None = None,
        gifts: GiftPlan | None = None,
    ) -> Self:
        """Build a lottery group buy (抽奖拼团): groups succeed, then a draw decides.

        ``draw`` says when the draw happens (when each group closes, or once at
        the campaign's end), how many prizes there are and what winners and
        losers get.
        """
        return cls(
            campaign_id=campaign_id,
            product_id=product_id,
            price=price,
            group_size=group_size,
            capacity=group_size if capacity is None else capacity,
            time_limit=time_limit,
            schedule=schedule,
            limits=UserLimits() if limits is None else limits,
            stock=stock,
            new_users_only=new_users_only,
            virtual_completion=virtual_completion,
            full_group_policy=full_group_policy,
            window_deadline=window_deadline,
            draw=draw,
            rewards=rewards,
            gifts=gifts,
        )

    @classmethod
    @_options
    def pinshang(
        cls,
        *,
        campaign_id: str,
        product_id: str,
        terms: PinshangTerms,
        time_limit: timedelta,
        schedule: Schedule,
        limits: UserLimits | None = None,
        stock: int | None = None,
        new_users_only: bool = False,
        virtual_completion: VirtualCompletion | None = None,
        full_group_policy: FullGroupPolicy = _REJECT,
        window_deadline: WindowDeadline = _ELAPSED,
        rewards: RewardPlan | None = None,
    ) -> Self:
        """Build a pinshang (拼商) campaign: a draw in every group that succeeds.

        A few winners get the product; the rest get their money back plus a
        participation reward paid from the promotion budget. The seed's
        example is ``PinshangTerms.from_rate(price=99.00 CNY, group_size=100,
        rate_bps=300, participation_reward=1.00 CNY)``. Daily windows come
        from ``schedule``.
        """
        if not isinstance(terms, PinshangTerms):
            raise ConfigurationError("terms", terms, "must be PinshangTerms")
        return cls.lottery(
            campaign_id=campaign_id,
            product_id=product_id,
            price=terms.price,
            group_size=terms.group_size,
            time_limit=time_limit,
            schedule=schedule,
            draw=terms.policy(),
            limits=limits,
            stock=stock,
            new_users_only=new_users_only,
            virtual_completion=virtual_completion,
            full_group_policy=full_group_policy,
            window_deadline=window_deadline,
            rewards=rewards,
        )

    @classmethod
    @_options
    def gift(
        cls,
        *,
        campaign_id: str,
        product_id: str,
        price: Money,
        group_size: int,
        time_limit: timedelta,
        schedule: Schedule,
        gifts: GiftPlan,
        capacity: int | None = None,
        limits: UserLimits | None = None,
        stock: int | None = None,
        leader_price: Money | None = None,
        new_users_only: bool = False,
        virtual_completion: VirtualCompletion | None = None,
        full_group_policy: FullGroupPolicy = _REJECT,
        window_deadline: WindowDeadline = _ELAPSED,
        rewards: RewardPlan | None = None,
    ) -> Self:
        """Build a gift group buy (赠送拼团): members of a successful group get gifts."""
        if not isinstance(gifts, GiftPlan):
            raise ConfigurationError("gifts", gifts, "must be a GiftPlan")
        return cls(
            campaign_id=campaign_id,
            product_id=product_id,
            price=price,
            group_size=group_size,
            capacity=group_size if capacity is None else capacity,
            time_limit=time_limit,
            schedule=schedule,
            limits=UserLimits() if limits is None else limits,
            stock=stock,
            leader_price=leader_price,
            new_users_only=new_users_only,
            virtual_completion=virtual_completion,
            full_group_policy=full_group_policy,
            window_deadline=window_deadline,
            rewards=rewards,
            gifts=gifts,
        )
