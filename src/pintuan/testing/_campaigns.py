"""The ``campaigns`` strategy: every kind, with rewards, gifts, budgets and options."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from hypothesis import strategies as st

from pintuan.campaign import Campaign, FullGroupPolicy, Kind, UserLimits, VirtualCompletion
from pintuan.campaign.deadlines import WindowDeadline
from pintuan.campaign.rewards import RewardPlan
from pintuan.errors import InvalidValue
from pintuan.lottery import DrawMode
from pintuan.money import Money
from pintuan.schedule import Schedule
from pintuan.testing._rewards import (
    draw_policies,
    gift_plans,
    pinshang_terms,
    reward_plans,
)
from pintuan.testing._values import moneys, tier_tables
from pintuan.testing._values import schedules as _schedules

__all__ = ["campaigns"]

_OPTIONAL_LIMIT = st.none() | st.integers(1, 3)


def _kinds(kinds: Iterable[Kind | str] | st.SearchStrategy[Kind] | None) -> st.SearchStrategy[Kind]:
    if kinds is None:
        return st.sampled_from(Kind)
    if isinstance(kinds, st.SearchStrategy):
        return kinds
    chosen = [Kind(k) for k in kinds]
    if not chosen:
        raise InvalidValue("kinds", kinds, "name at least one Kind")
    return st.sampled_from(chosen)


@st.composite
def _options(draw: st.DrawFn, size: int, price: Money | None, extras: bool) -> dict[str, Any]:
    """Options every preset takes, and leader price and stock for those that take them."""
    if not extras:
        return {}
    options: dict[str, Any] = {
        "limits": draw(
            st.just(UserLimits())
            | st.builds(
                UserLimits,
                max_groups_joined=_OPTIONAL_LIMIT,
                max_groups_opened=_OPTIONAL_LIMIT,
                max_quantity=_OPTIONAL_LIMIT,
            )
        ),
        "new_users_only": draw(st.booleans()),
        "virtual_completion": draw(
            st.none() | st.builds(VirtualCompletion, min_real_members=st.integers(1, size - 1))
        ),
        "full_group_policy": draw(st.sampled_from(FullGroupPolicy)),
        "window_deadline": draw(st.sampled_from(WindowDeadline)),
    }
    if price is not None:
        options["stock"] = draw(st.none() | st.integers(size, 20 * size))
    return options


@st.composite
def _campaigns(
    draw: st.DrawFn,
    kinds: st.SearchStrategy[Kind],
    schedules: st.SearchStrategy[Schedule],
    prices: st.SearchStrategy[Money],
    group_sizes: st.SearchStrategy[int],
    time_limits: st.SearchStrategy[timedelta],
    rewards: st.SearchStrategy[RewardPlan | None] | None,
    extras: bool,
) -> Campaign:
    kind = draw(kinds)
    size = draw(group_sizes)
    price = draw(prices)
    with_draw = kind in (Kind.LOTTERY, Kind.PINSHANG)
    plans = (
        rewards
        if rewards is not None
        else st.none() | reward_plans(currency=price.currency, with_draw=with_draw)
    )
    common: dict[str, Any] = {
        "campaign_id": draw(st.sampled_from(("c1", "campaign-2020-07", "活动-1"))),
        "product_id": draw(st.sampled_from(("sku-1", "蜂蜜-500g"))),
        "time_limit": draw(time_limits),
        "schedule": draw(schedules),
        "rewards": draw(plans),
    }
    gifts = st.none() | gift_plans()
    if kind is Kind.TIERED:
        table = draw(
            tier_tables(min_group_size=size, max_group_size=size + 6, prices=st.just(price))
        )
        options = draw(_options(table.first.size, None, extras))
        return Campaign.tiered(tiers=table, gifts=draw(gifts), **common, **options)
    options = draw(_options(size, price, extras))
    if kind is Kind.PINSHANG:
        terms = draw(pinshang_terms(prices=st.just(price), group_sizes=st.just(size)))
        return Campaign.pinshang(terms=terms, **common, **options)
    capacity = draw(st.integers(size, size + 2))
    if kind is Kind.LOTTERY:
        policy = draw(draw_policies(group_size=size, currency=price.currency))
        return Campaign.lottery(
            price=price,
            group_size=size,
            capacity=capacity if policy.mode is DrawMode.AT_GROUP_SUCCESS else size,
            draw=policy,
            gifts=draw(gifts),
            **common,
            **options,
        )
    if extras:
        options["leader_price"] = draw(st.none() | moneys(max_value=price, currency=price.currency))
    if kind is Kind.GIFT:
        return Campaign.gift(
            price=price, group_size=size, capacity=capacity, gifts=draw(gift_plans()), **common,
            **options,
        )  # fmt: skip
    return Campaign.normal(price=price, group_size=size, capacity=capacity, **common, **options)


def campaigns(
    *,
    kinds: Iterable[Kind | str] | st.SearchStrategy[Kind] | None = None,
    schedules: st.SearchStrategy[Schedule] | None = None,
    prices: st.SearchStrategy[Money] | None = None,
    group_sizes: st.SearchStrategy[int] | None = None,
    time_limits: st.SearchStrategy[timedelta] | None = None,
    rewards: st.SearchStrategy[RewardPlan | None] | None = None,
    options: bool = True,
) -> st.SearchStrategy[Campaign]:
    """Campaigns of the kinds asked for, each valid by construction.

    Normal, tiered (prices that never rise, a stock), lottery (a draw as each
    group succeeds or once at the campaign's end; any prizes, never the
    pinshang shape), pinshang (a whole number of winners) and gift campaigns;
    tiered and lottery campaigns may have gifts too, and any kind a reward
    plan with a budget. ``campaign.kind`` is always one of ``kinds``.

    Args:
        kinds: The kinds to draw from (``Kind`` values or their names, or a
            strategy of ``Kind``); by default all five.
        schedules: Campaign schedules; by default :func:`schedules` of up to 45 days.
        prices: Positive group prices (the first tier's, for tiered); by
            default 1.00 to 999.00 CNY.
        group_sizes: Members needed to succeed (>= 2); by default 2 to 5.
        time_limits: How long a group has to fill; by default 30 minutes to 2 days.
        rewards: Reward plans or ``None``; by default none or any
            :func:`reward_plans` in the price's currency.
        options: Also draw per-user limits, stock, new-users-only, virtual
            completion, a leader price, the full-group policy and the window
            deadline rule (otherwise the presets' defaults).
    """
    return _campaigns(
        _kinds(kinds),
        schedules if schedules is not None else _schedules(),
        prices if prices is not None else moneys(min_value=100, max_value=99_900),
        group_sizes if group_sizes is not None else st.integers(2, 5),
        time_limits
        if time_limits is not None
        else st.integers(30, 2 * 24 * 60).map(lambda m: timedelta(minutes=m)),
        rewards,
        options,
    )
