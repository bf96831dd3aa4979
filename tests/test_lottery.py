"""Tests of the lottery draw policy and pinshang terms (pintuan.lottery)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from _factories import CNY, SEED, cny, policy
from pintuan.draw import DrawRecord, group_seed, select_winners, select_winners_streaming, verify
from pintuan.errors import ConfigurationError, CurrencyMismatch, DrawError, MoneyError
from pintuan.gifts import Coupon
from pintuan.lottery import (
    DrawMode,
    DrawPolicy,
    PinshangTerms,
    Prize,
    draw_group,
    prize_for,
    winners_for_rate,
)
from pintuan.money import Money

COUPON = Coupon(system_id="cpn-10off")


seeds = st.binary(min_size=16, max_size=40)
order_id_sets = st.sets(st.text(min_size=1, max_size=8), max_size=30)
monies = st.builds(Money, amount=st.integers(0, 10**12), currency=st.just(CNY))


# ---------------------------------------------------------------- Prize


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"refund_bps": 10_001}, "refund_bps"),
        ({"refund_bps": -1}, "refund_bps"),
        ({"refund_bps": 50.0}, "refund_bps"),
        ({"refund_bps": True}, "refund_bps"),
        ({"ship": 1}, "ship"),
        ({"points": -1}, "points"),
        ({"points": 1.5}, "points"),
        ({"coupon": "cpn-10off"}, "coupon"),
        ({"cash_reward": Money.zero(CNY)}, "cash_reward"),
        ({"cash_reward": Money(amount=-1, currency=CNY)}, "cash_reward"),
        ({"cash_reward": 100}, "cash_reward"),
    ],
)
def test_prize_rejects_bad_fields(kwargs: dict[str, Any], field: str) -> None:
    with pytest.raises(ConfigurationError) as info:
        Prize(**kwargs)
    assert info.value.field == field
    assert info.value.value == kwargs[field]


@pytest.mark.parametrize("bps", [-1, 10_001, 20_000])
def test_refund_over_paid_names_the_rule(bps: int) -> None:
    with pytest.raises(ConfigurationError) as info:
        Prize(refund_bps=bps)
    assert info.value.field == "refund_bps"
    assert "an outcome cannot refund more than was paid" in info.value.rule


def test_presets() -> None:
    assert Prize.product() == Prize(ship=True)
    assert Prize.money_back() == Prize(refund_bps=10_000)
    assert Prize.coupon_only(COUPON) == Prize(coupon=COUPON)
    assert Prize.money_back_and_coupon(COUPON) == Prize(refund_bps=10_000, coupon=COUPON)
    assert Prize.nothing() == Prize(ship=False, refund_bps=0, coupon=None, points=0)
    assert Prize.pinshang_consolation(cny("1.00")) == Prize(
        refund_bps=10_000, cash_reward=cny("1.00")
    )
    with pytest.raises(ConfigurationError) as info:
        Prize.pinshang_consolation(Money.zero(CNY))
    assert info.value.field == "cash_reward"


def test_prizes_are_frozen() -> None:
    prize = Prize.product()
    with pytest.raises(AttributeError):
        prize.ship = False  # type: ignore[misc]


def test_refund_for_rounds_down() -> None:
    assert Prize(refund_bps=5000).refund_for(cny("0.99")) == cny("0.49")
    assert Prize.money_back().refund_for(cny("99.00")) == cny("99.00")
    assert Prize.nothing().refund_for(cny("99.00")) == cny("0")


def test_refund_for_rejects_bad_paid() -> None:
    with pytest.raises(ConfigurationError) as info:
        Prize.money_back().refund_for(9900)  # type: ignore[arg-type]
    assert info.value.field == "paid"
    with pytest.raises(MoneyError):
        Prize.money_back().refund_for(Money(amount=-1, currency=CNY))


@given(paid=monies, bps=st.integers(0, 10_000))
def test_refund_for_never_exceeds_paid(paid: Money, bps: int) -> None:
    refund = Prize(refund_bps=bps).refund_for(paid)
    assert refund.currency == paid.currency
    assert 0 <= refund.amount <= paid.amount
    # Rounded down: the exact share minus less than one minor unit.
    assert refund.amount * 10_000 <= paid.amount * bps < (refund.amount + 1) * 10_000


# ---------------------------------------------------------------- DrawPolicy


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"mode": "at_group_success"}, "mode"),
        ({"prizes": -1}, "prizes"),
        ({"prizes": 2.0}, "prizes"),
        ({"winner": "product"}, "winner"),
        ({"loser": None}, "loser"),
        ({"notify": "yes"}, "notify"),
    ],
)
def test_policy_rejects_bad_fields(kwargs: dict[str, Any], field: str) -> None:
    base: dict[str, Any] = {
        "mode": DrawMode.AT_GROUP_SUCCESS,
        "prizes": 1,
        "winner": Prize.product(),
        "loser": Prize.nothing(),
    }
    with pytest.raises(ConfigurationError) as info:
        DrawPolicy(**{**base, **kwargs})
    assert info.value.field == field


def test_policy_defaults() -> None:
    p = policy()
    assert p.notify is True


def test_mode_values_are_stable() -> None:
    assert DrawMode("at_group_success") is DrawMode.AT_GROUP_SUCCESS
    assert DrawMode("at_campaign_end") is DrawMode.AT_CAMPAIGN_END


def test_mode_2_prizes_cannot_exceed_group_size() -> None:
    policy(prizes=5).check_group_size(5)
    with pytest.raises(ConfigurationError) as info:
        policy(prizes=6).check_group_size(5)
    assert info.value.field == "prizes"
    assert info.value.value == 6
    assert "mode-2 draws cannot have more prizes than the group's size (5)" in info.value.rule


def test_mode_1_prizes_are_campaign_wide() -> None:
    policy(DrawMode.AT_CAMPAIGN_END, prizes=500).check_group_size(5)


@pytest.mark.parametrize("size", [0, -3, 2.5, True])
def test_check_group_size_rejects_bad_size(size: Any) -> None:
    with pytest.raises(ConfigurationError) as info:
        policy().check_group_size(size)
    assert info.value.field == "group_size"


# ---------------------------------------------------------------- win rate


@pytest.mark.parametrize(
    ("size", "bps", "winners"),
    [(100, 300, 3), (50, 200, 1), (10, 0, 0), (10, 10_000, 10), (200, 150, 3)],
)
def test_winners_for_rate(size: int, bps: int, winners: int) -> None:
    assert winners_for_rate(size, bps) == winners


@pytest.mark.parametrize(("size", "bps"), [(50, 300), (99, 300), (10, 1), (100, -1), (100, 10_001)])
def test_win_rate_must_give_whole_winners(size: int, bps: int) -> None:
    with pytest.raises(ConfigurationError) as info:
        winners_for_rate(size, bps)
    assert info.value.field == "win_rate"
    assert info.value.value == bps


def test_three_percent_of_fifty_is_not_rounded() -> None:
    with pytest.raises(ConfigurationError, match=r"1\.5 winners"):
        winners_for_rate(50, 300)


@given(size=st.integers(1, 10_000), winners=st.integers(0, 10_000))
def test_whole_rates_roundtrip(size: int, winners: int) -> None:
    winners = min(winners, size)
    if (winners * 10_000) % size == 0:
        assert winners_for_rate(size, winners * 10_000 // size) == winners


# ---------------------------------------------------------------- pinshang


def seed_terms() -> PinshangTerms:
    return PinshangTerms.from_rate(
        price=cny("99.00"), group_size=100, rate_bps=300, participation_reward=cny("1.00")
    )


def test_pinshang_from_rate() -> None:
    terms = seed_terms()
    assert terms == PinshangTerms(
        price=cny("99.00"), group_size=100, winners=3, participation_reward=cny("1.00")
    )
    p = terms.policy()
    assert p.mode is DrawMode.AT_GROUP_SUCCESS
    assert p.prizes == 3
    assert p.winner == Prize.product()
    assert p.loser == Prize.pinshang_consolation(cny("1.00"))
    p.check_group_size(terms.group_size)


def test_pinshang_without_reward_is_money_back_only() -> None:
    terms = PinshangTerms(
        price=cny("99.00"), group_size=10, winners=1, participation_reward=Money.zero(CNY)
    )
    assert terms.policy().loser == Prize.money_back()


def test_pinshang_seed_example() -> None:
    """100 x 99.00 paid; 3 shipped; 97 refunds of 99.00 and 97 rewards of 1.00."""
    terms = seed_terms()
    p = terms.policy()
    orders = [f"g1-o{i:03d}" for i in range(100)]
    record = draw_group(p, SEED, "g1", orders)
    assert len(record.winners) == 3
    assert verify(record, group_seed(SEED, "g1"), orders).ok
    winners = set(record.winners)
    prizes = {o: prize_for(p, o in winners) for o in orders}
    shipped = [o for o, prize in prizes.items() if prize.ship]
    refunds = [prizes[o].refund_for(terms.price) for o in orders]
    rewards = [prizes[o].cash_reward for o in orders if prizes[o].cash_reward is not None]
    assert sorted(shipped) == sorted(record.winners)
    assert [r for r in refunds if r] == [cny("99.00")] * 97
    assert rewards == [cny("1.00")] * 97
    paid = terms.price * 100
    refunded = sum((r.amount for r in refunds), 0)
    assert paid == cny("9900.00")
    assert paid.amount - refunded == cny("297.00").amount  # kept by the merchant
    assert sum(r.amount for r in rewards) == cny("97.00").amount  # promotion budget


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"price": cny("0")}, "price"),
        ({"price": 9900}, "price"),
        ({"group_size": 1}, "group_size"),
        ({"group_size": 10.0}, "group_size"),
        ({"winners": 0}, "winners"),
        ({"winners": 10}, "winners"),
        ({"winners": True}, "winners"),
        ({"participation_reward": Money(amount=-1, currency=CNY)}, "participation_reward"),
        ({"participation_reward": None}, "participation_reward"),
    ],
)
def test_pinshang_rejects_bad_terms(kwargs: dict[str, Any], field: str) -> None:
    base: dict[str, Any] = {
        "price": cny("99.00"),
        "group_size": 10,
        "winners": 1,
        "participation_reward": cny("1.00"),
    }
    with pytest.raises(ConfigurationError) as info:
        PinshangTerms(**{**base, **kwargs})
    assert info.value.field == field


def test_pinshang_reward_in_another_currency() -> None:
    with pytest.raises(CurrencyMismatch) as info:
        PinshangTerms(
            price=cny("99.00"),
            group_size=10,
            winners=1,
            participation_reward=Money.parse("1.00 USD"),
        )
    assert info.value.field == "participation_reward"


@pytest.mark.parametrize(("size", "bps"), [(50, 300), (100, 0), (10, 10_000)])
def test_pinshang_rate_must_give_some_but_not_all_winners(size: int, bps: int) -> None:
    with pytest.raises(ConfigurationError) as info:
        PinshangTerms.from_rate(cny("99.00"), size, bps, cny("1.00"))
    assert info.value.field == "win_rate"


def test_pinshang_from_rate_bad_group_size() -> None:
    with pytest.raises(ConfigurationError) as info:
        PinshangTerms.from_rate(cny("99.00"), 1, 10_000, cny("1.00"))
    assert info.value.field == "group_size"


# ---------------------------------------------------------------- draws


def test_draw_group_uses_group_seed() -> None:
    orders = [f"o{i}" for i in range(20)]
    record = draw_group(policy(prizes=3), SEED, "g-7", orders)
    assert isinstance(record, DrawRecord)
    assert record.k == 3
    assert record.winners == select_winners(group_seed(SEED, "g-7"), orders, 3)
    assert len(record.winners) + len(record.reserves) == 20


def test_draws_check_the_mode() -> None:
    with pytest.raises(ConfigurationError) as info:
        draw_group(policy(DrawMode.AT_CAMPAIGN_END), SEED, "g", ["a"])
    assert info.value.field == "mode"
    with pytest.raises(DrawError) as err:
        draw_group("policy", SEED, "g", ["a"])  # type: ignore[arg-type]
    assert err.value.field == "policy"


def test_draws_reject_bad_inputs() -> None:
    p1, p2 = policy(DrawMode.AT_CAMPAIGN_END), policy()
    with pytest.raises(DrawError, match="entries"):
        draw_group(p2, SEED, "g", ["a", "a"])
    with pytest.raises(DrawError) as info:
        draw_group(p2, SEED[:8], "g", ["a"])
    assert info.value.field == "seed"
    with pytest.raises(DrawError) as info:
        draw_group(p2, SEED, "", ["a"])
    assert info.value.field == "group_id"
    with pytest.raises(DrawError) as info:
        select_winners_streaming(SEED, ["a", ""], p1.prizes)
    assert info.value.field == "entries[1]"


def test_prize_for() -> None:
    p = DrawPolicy(
        mode=DrawMode.AT_CAMPAIGN_END,
        prizes=1,
        winner=Prize.product(),
        loser=Prize.coupon_only(COUPON),
    )
    assert prize_for(p, True) == Prize.product()
    assert prize_for(p, False) == Prize.coupon_only(COUPON)
    with pytest.raises(DrawError) as info:
        prize_for(p, 1)  # type: ignore[arg-type]
    assert info.value.field == "won"


@given(seed=seeds, orders=order_id_sets, k=st.integers(0, 40), data=st.data())
def test_group_draw_has_min_k_n_winners_and_ignores_order(
    seed: bytes, orders: set[str], k: int, data: st.DataObject
) -> None:
    p = policy(prizes=k)
    listed = sorted(orders)
    shuffled = data.draw(st.permutations(listed))
    record = draw_group(p, seed, "g", listed)
    assert len(record.winners) == min(k, len(orders))
    assert draw_group(p, seed, "g", shuffled) == record
    assert set(record.winners) | set(record.reserves) == orders


@given(seed=seeds, orders=order_id_sets, k=st.integers(0, 40), data=st.data())
def test_campaign_end_equals_select_winners(
    seed: bytes, orders: set[str], k: int, data: st.DataObject
) -> None:
    shuffled = data.draw(st.permutations(sorted(orders)))
    winners = select_winners_streaming(seed, iter(shuffled), k)
    assert winners == select_winners(seed, orders, k)
    assert len(winners) == min(k, len(orders))


group_id_pairs = st.lists(st.text(min_size=1, max_size=6), min_size=2, max_size=2, unique=True)


@given(seed=seeds, groups=group_id_pairs)
def test_group_draws_differ_between_groups(seed: bytes, groups: list[str]) -> None:
    orders = [f"o{i:02d}" for i in range(40)]
    p = policy(prizes=10)
    first, second = (draw_group(p, seed, g, orders) for g in groups)
    assert first.commitment != second.commitment
    # 40 entries ranked by two independent seeds: the full rankings agree with
    # probability 1/40!, so equal rankings mean the group seed was ignored.
    assert first.winners + first.reserves != second.winners + second.reserves


@given(seed=seeds, orders=order_id_sets, k=st.integers(0, 10))
def test_every_order_gets_exactly_one_prize(seed: bytes, orders: set[str], k: int) -> None:
    p = seed_terms().policy()
    p = DrawPolicy(mode=p.mode, prizes=k, winner=p.winner, loser=p.loser)
    record = draw_group(p, seed, "g", orders)
    winners = set(record.winners)
    outcomes = [prize_for(p, o in winners) for o in sorted(orders)]
    assert sum(prize.ship for prize in outcomes) == min(k, len(orders))
    assert all(prize.ship != bool(prize.refund_bps) for prize in outcomes)
