"""Strategies for what a campaign gives away: coupons, prizes, gifts, reward plans."""

from __future__ import annotations

from hypothesis import strategies as st

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
from pintuan.gifts import Coupon, GiftItem, GiftPlan
from pintuan.lottery import DrawMode, DrawPolicy, PinshangTerms, Prize
from pintuan.money import Money

__all__ = [
    "REGIONS",
    "coupons",
    "draw_policies",
    "gift_plans",
    "pinshang_terms",
    "prizes",
    "reward_plans",
]

#: The (region, agent) pairs of generated regional rewards; command logs use the regions.
REGIONS = (("r1", "agent-1"), ("r2", "agent-2"), ("r3", "agent-3"))


def _ids(prefix: str) -> st.SearchStrategy[str]:
    return st.integers(0, 999).map(lambda n: f"{prefix}{n}")


def _cash(currency: str, low: int, high: int) -> st.SearchStrategy[Money]:
    return st.integers(low, high).map(lambda n: Money(amount=n, currency=currency))


def coupons() -> st.SearchStrategy[Coupon]:
    """Coupons: a system coupon id or an external coupon link."""
    return st.one_of(
        _ids("cpn-").map(lambda c: Coupon(system_id=c)),
        _ids("https://shop.example/c/").map(lambda c: Coupon(link=c)),
    )


def prizes(*, currency: str = "CNY") -> st.SearchStrategy[Prize]:
    """Any prize: ship or not, a refund share, a coupon, points, a cash reward."""
    return st.builds(
        Prize,
        ship=st.booleans(),
        refund_bps=st.sampled_from((0, 10_000)) | st.integers(0, 10_000),
        coupon=st.none() | coupons(),
        points=st.integers(0, 500),
        cash_reward=st.none() | _cash(currency, 1, 500),
    )


def gift_plans() -> st.SearchStrategy[GiftPlan]:
    """Gift plans: points, a coupon and/or a gift item, to every member or the leader."""
    item = st.builds(GiftItem, product_id=_ids("gift-"), quantity=st.integers(1, 3))
    return st.builds(
        GiftPlan,
        points=st.integers(1, 500),
        coupon=st.none() | coupons(),
        item=st.none() | item,
        leader_only=st.booleans(),
    )


def _amounts(currency: str) -> st.SearchStrategy[RewardAmount]:
    return st.one_of(
        _cash(currency, 0, 500).map(lambda m: RewardAmount(fixed=m)),
        st.integers(0, 2_000).map(lambda b: RewardAmount(bps=b)),
    )


@st.composite
def _reward_plans(
    draw: st.DrawFn,
    currency: str,
    budgets: st.SearchStrategy[Money | None],
    with_draw: bool,
) -> RewardPlan:
    timing = draw(st.sampled_from(RewardTiming))
    losers_only = draw(st.booleans()) and not (with_draw and timing is RewardTiming.ON_SUCCESS)
    participation = st.builds(
        ParticipationReward, amount=_cash(currency, 1, 300), losers_only=st.just(losers_only)
    )
    levels = st.lists(_amounts(currency), min_size=1, max_size=3).map(tuple)
    regional = st.builds(
        RegionalReward,
        bps=st.integers(0, 1_000),
        agents=st.just(REGIONS),
        require_agent=st.booleans(),
    )
    return RewardPlan(
        participation=draw(st.none() | participation),
        referral=draw(st.none() | levels.map(lambda x: ReferralReward(levels=x))),
        team=draw(st.none() | _amounts(currency).map(lambda a: TeamReward(amount=a))),
        regional=draw(st.none() | regional),
        timing=timing,
        budget=draw(budgets),
        budget_policy=draw(st.sampled_from(BudgetPolicy)),
    )


def reward_plans(
    *,
    currency: str = "CNY",
    budgets: st.SearchStrategy[Money | None] | None = None,
    with_draw: bool = False,
) -> st.SearchStrategy[RewardPlan]:
    """Reward plans: participation, referral (1-3 levels), team, regional rewards, a budget.

    Regional rewards name the agents of :data:`REGIONS`.

    Args:
        currency: The currency of every fixed amount.
        budgets: The budget (``None``: unlimited); by default none or 0 to 50.00.
        with_draw: For a campaign with a draw: a losers-only participation
            reward then comes with ``RewardTiming.AFTER_DRAW`` (losers are
            known only after the draw).
    """
    chosen = budgets if budgets is not None else st.none() | _cash(currency, 0, 5_000)
    return _reward_plans(currency, chosen, with_draw)


@st.composite
def _draw_policies(
    draw: st.DrawFn, group_size: int, modes: st.SearchStrategy[DrawMode], currency: str
) -> DrawPolicy:
    mode = draw(modes)
    top = group_size if mode is DrawMode.AT_GROUP_SUCCESS else 3 * group_size
    policy = DrawPolicy(
        mode=mode,
        prizes=draw(st.integers(0, top)),
        winner=draw(prizes(currency=currency)),
        loser=draw(prizes(currency=currency)),
        notify=draw(st.booleans()),
    )
    if policy.is_pinshang:  # a lottery, not a pinshang: give losers a point too
        loser = Prize(
            refund_bps=policy.loser.refund_bps, cash_reward=policy.loser.cash_reward, points=1
        )
        return DrawPolicy(
            mode=mode, prizes=policy.prizes, winner=policy.winner, loser=loser, notify=policy.notify
        )
    return policy


def draw_policies(
    *,
    group_size: int = 5,
    modes: st.SearchStrategy[DrawMode] | None = None,
    currency: str = "CNY",
) -> st.SearchStrategy[DrawPolicy]:
    """Lottery draw policies (never the pinshang shape) for groups of ``group_size``.

    In mode 2 (``AT_GROUP_SUCCESS``) there are at most ``group_size`` prizes;
    at the campaign's end up to three groups' worth.

    Args:
        group_size: The campaign's group size.
        modes: When the draw happens; by default either mode.
        currency: The currency of cash prizes.
    """
    return _draw_policies(
        group_size, modes if modes is not None else st.sampled_from(DrawMode), currency
    )


@st.composite
def _pinshang_terms(
    draw: st.DrawFn, prices: st.SearchStrategy[Money], sizes: st.SearchStrategy[int]
) -> PinshangTerms:
    price, size = draw(prices), draw(sizes)
    return PinshangTerms(
        price=price,
        group_size=size,
        winners=draw(st.integers(1, size - 1)),
        participation_reward=draw(_cash(price.currency, 0, max(price.amount // 10, 1))),
    )


def pinshang_terms(
    *,
    prices: st.SearchStrategy[Money] | None = None,
    group_sizes: st.SearchStrategy[int] | None = None,
) -> st.SearchStrategy[PinshangTerms]:
    """Pinshang terms with a whole number of winners, 1 to ``group_size - 1``.

    The winners are drawn directly, so no win rate can give a fraction of a
    winner; the participation reward is 0 to a tenth of the price.

    Args:
        prices: Positive prices; by default 1.00 to 999.00 CNY.
        group_sizes: Group sizes (>= 2); by default 2 to 6.
    """
    return _pinshang_terms(
        prices if prices is not None else _cash("CNY", 100, 99_900),
        group_sizes if group_sizes is not None else st.integers(2, 6),
    )
