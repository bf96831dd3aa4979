"""Shared builders for tests: campaigns, instants, command logs and group snapshots."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import attrs
from hypothesis import strategies as st

from pintuan import (
    BudgetPolicy,
    CloseGroup,
    Coupon,
    DailyWindow,
    DrawMode,
    DrawPolicy,
    ExpireGroup,
    FullGroupPolicy,
    GiftItem,
    GiftPlan,
    Group,
    JoinGroup,
    LeaveGroup,
    Money,
    OpenGroup,
    ParticipationReward,
    PinshangTerms,
    Prize,
    ReferralReward,
    RegionalReward,
    RewardAmount,
    RewardPlan,
    RewardTiming,
    Schedule,
    TeamReward,
    TierPayment,
    TierTable,
    UserLimits,
    VirtualCompletion,
)
from pintuan.campaign import Campaign
from pintuan.replay import ReplayResult, replay

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(hour: int, minute: int = 0, day: int = 1, second: int = 0) -> datetime:
    """An instant in July 2020, Shanghai time."""
    return datetime(2020, 7, day, hour, minute, second, tzinfo=SHANGHAI)


def seed_schedule() -> Schedule:
    """The seed's schedule: 2020-07-01..30, daily 10:00-12:00, Asia/Shanghai."""
    return Schedule(
        timezone="Asia/Shanghai",
        start_date=date(2020, 7, 1),
        end_date=date(2020, 7, 30),
        windows=(DailyWindow(start=time(10), end=time(12)),),
    )


def all_day_schedule() -> Schedule:
    return Schedule(
        timezone="Asia/Shanghai", start_date=date(2020, 7, 1), end_date=date(2020, 7, 30)
    )


def campaign(**overrides: Any) -> Campaign:
    """A normal campaign at 99.00 CNY, groups of 3, 2 hours, the seed's schedule.

    Overrides are any fields of :class:`Campaign` (a draw, rewards, gifts...);
    ``capacity`` defaults to ``group_size``.
    """
    options: dict[str, Any] = {
        "campaign_id": "c1",
        "product_id": "sku-1",
        "price": Money.parse("99.00 CNY"),
        "group_size": 3,
        "time_limit": timedelta(hours=2),
        "schedule": seed_schedule(),
    }
    options.update(overrides)
    options.setdefault("capacity", options["group_size"])
    return Campaign(**options)


def command_logs(*, groups: int = 3, users: int = 8, max_size: int = 40) -> st.SearchStrategy[list]:
    """Random command logs over a few groups and users, in time order.

    Every group is opened first (by users u0, u1, ...); then come joins (most
    often), leaves, expiries and operator closes. Times advance by 0-15 minutes
    per command from 2020-07-01 10:00, so logs cross deadlines and the daily
    window's end.
    """
    kinds = ["join"] * 5 + ["leave", "expire", "close", "open"]

    def build(steps: list[tuple[str, int, int, int, int]]) -> list:
        now = at(10)
        out: list = [
            OpenGroup(group_id=f"g{g}", order_id=f"open{g}", user_id=f"u{g}", at=now)
            for g in range(groups)
        ]
        for i, (kind, g, u, gap, qty) in enumerate(steps):
            now += timedelta(minutes=gap)
            gid, uid, oid = f"g{g}", f"u{u}", f"o{i}"
            if kind == "open":
                out.append(OpenGroup(group_id=gid, order_id=oid, user_id=uid, at=now, quantity=qty))
            elif kind == "join":
                out.append(JoinGroup(group_id=gid, order_id=oid, user_id=uid, at=now, quantity=qty))
            elif kind == "leave":
                target = f"o{i - 1 - u}" if i - 1 - u >= 0 else f"open{g}"
                out.append(LeaveGroup(group_id=gid, order_id=target, at=now))
            elif kind == "expire":
                out.append(ExpireGroup(group_id=gid, at=now))
            else:
                out.append(CloseGroup(group_id=gid, at=now))
        return out

    step = st.tuples(
        st.sampled_from(kinds),
        st.integers(0, groups - 1),
        st.integers(0, users - 1),
        st.integers(0, 15),
        st.integers(1, 2),
    )
    return st.lists(step, max_size=max_size).map(build)


def snapshot(group: Group | None) -> Any:
    """A deep, independent copy of everything observable in a group.

    ``attrs.asdict(group, recurse=True)`` would keep the very same Roster
    objects, so a roster changed in place would still compare equal; the
    rosters are therefore materialised into tuples of plain dicts.
    """
    if group is None:
        return None
    fields = attrs.asdict(group, recurse=False)
    for name in ("members", "departed"):
        roster = getattr(group, name)
        fields[name] = (len(roster), tuple(attrs.asdict(o) for o in roster))
    fields["users"] = tuple(group.members.has_user(o.user_id) for o in group.orders)
    return fields


# Builders of every kind of value, for the codec's round-trip properties.

SEED = bytes(range(32))


def cny(amount: int) -> Money:
    return Money(amount=amount, currency="CNY")


def aware_datetimes() -> st.SearchStrategy[datetime]:
    """Aware instants in any IANA zone (ambiguous and skipped wall times too) or offset."""
    offsets = st.integers(-14 * 60, 14 * 60).map(lambda m: timezone(timedelta(minutes=m)))
    return st.datetimes(
        min_value=datetime(1900, 1, 1),  # noqa: DTZ001 (hypothesis adds the zone)
        max_value=datetime(2200, 1, 1),  # noqa: DTZ001
        timezones=st.one_of(st.timezones(), offsets, st.just(UTC)),
    )


def schedules() -> st.SearchStrategy[Schedule]:
    """A few schedules: windows, none, across midnight, a recurrence, other zones."""
    night = DailyWindow(start=time(22), end=time(2))
    return st.sampled_from(
        [
            seed_schedule,
            all_day_schedule,
            lambda: Schedule(
                timezone="America/New_York",
                start_date=date(2021, 3, 1),
                end_date=date(2021, 11, 30),
                windows=(DailyWindow(start=time(9, 30), end=time(11, 0, 30)), night),
                recurrence="FREQ=WEEKLY;BYDAY=SA,SU",
            ),
        ]
    ).map(lambda build: build())


def _ids(prefix: str) -> st.SearchStrategy[str]:
    return st.integers(0, 999).map(lambda n: f"{prefix}{n}")


def coupons() -> st.SearchStrategy[Coupon]:
    return st.one_of(
        _ids("cpn-").map(lambda c: Coupon(system_id=c)),
        _ids("https://shop.example/c/").map(lambda c: Coupon(link=c)),
    )


def prizes() -> st.SearchStrategy[Prize]:
    return st.builds(
        Prize,
        ship=st.booleans(),
        refund_bps=st.integers(0, 10_000),
        coupon=st.none() | coupons(),
        points=st.integers(0, 500),
        cash_reward=st.none() | st.integers(1, 500).map(cny),
    )


def gift_plans() -> st.SearchStrategy[GiftPlan]:
    item = st.builds(GiftItem, product_id=_ids("gift-"), quantity=st.integers(1, 3))
    return st.builds(
        GiftPlan,
        points=st.integers(1, 500),
        coupon=st.none() | coupons(),
        item=st.none() | item,
        leader_only=st.booleans(),
    )


def _amounts() -> st.SearchStrategy[RewardAmount]:
    return st.one_of(
        st.integers(0, 500).map(lambda n: RewardAmount(fixed=cny(n))),
        st.integers(0, 10_000).map(lambda b: RewardAmount(bps=b)),
    )


@st.composite
def reward_plans(
    draw: st.DrawFn, *, with_draw: bool = False, agents_required: bool = True
) -> RewardPlan:
    """Any reward plan: participation, referral, team, regional, a budget."""
    timing = draw(st.sampled_from(RewardTiming))
    losers_only = draw(st.booleans()) and not (with_draw and timing is RewardTiming.ON_SUCCESS)
    participation = ParticipationReward(
        amount=cny(draw(st.integers(1, 300))), losers_only=losers_only
    )
    regional = RegionalReward(
        bps=draw(st.integers(0, 10_000)),
        agents=(("r1", "agent-1"), ("r2", "agent-2")),
        require_agent=agents_required and draw(st.booleans()),
    )
    return RewardPlan(
        participation=draw(st.none() | st.just(participation)),
        referral=draw(
            st.none()
            | st.lists(_amounts(), min_size=1, max_size=3).map(
                lambda levels: ReferralReward(levels=tuple(levels))
            )
        ),
        team=draw(st.none() | _amounts().map(lambda a: TeamReward(amount=a))),
        regional=draw(st.none() | st.just(regional)),
        timing=timing,
        budget=draw(st.none() | st.integers(0, 5_000).map(cny)),
        budget_policy=draw(st.sampled_from(BudgetPolicy)),
    )


_LIMITS = ("max_groups_joined", "max_groups_opened", "max_quantity")


def _virtual(least: int) -> VirtualCompletion:
    return VirtualCompletion(min_real_members=least)


@st.composite
def campaigns(draw: st.DrawFn, *, replayable: bool = False) -> Campaign:
    """A campaign of any kind with any options.

    ``replayable`` keeps what :func:`command_logs` can fill: open all day, a
    time limit of hours, no user limits, no required region agents.
    """
    kind = draw(st.sampled_from(["normal", "tiered", "lottery", "pinshang", "gift"]))
    size = draw(st.integers(2, 5))
    price = cny(draw(st.integers(100, 20_000)))
    with_draw, agents = kind in ("lottery", "pinshang"), not replayable
    common: dict[str, Any] = {
        "campaign_id": "c-codec",
        "product_id": draw(st.sampled_from(["sku-1", "蜂蜜-500g"])),
        "time_limit": draw(st.timedeltas(timedelta(seconds=1), timedelta(days=30))),
        "schedule": draw(schedules()),
        "limits": draw(
            st.builds(UserLimits, **dict.fromkeys(_LIMITS, st.none() | st.integers(1, 9)))
        ),
        "new_users_only": draw(st.booleans()),
        "virtual_completion": draw(st.none() | st.integers(1, size - 1).map(_virtual)),
        "full_group_policy": draw(st.sampled_from(FullGroupPolicy)),
        "rewards": draw(st.none() | reward_plans(with_draw=with_draw, agents_required=agents)),
    }
    if replayable:  # groups that can fill within the command logs' hours
        hours = st.integers(1, 3).map(lambda h: timedelta(hours=h))
        common.update(time_limit=draw(hours), schedule=all_day_schedule(), limits=UserLimits())
    extra = {"stock": draw(st.none() | st.integers(size, 500))}
    if kind == "tiered":
        steps = draw(st.lists(st.tuples(st.integers(1, 3), st.integers(0, 500)), max_size=3))
        rows, at_size, unit = [(size, price)], size, price.amount
        for grow, cut in steps:
            at_size, unit = at_size + grow, max(unit - cut, 1)
            rows.append((at_size, cny(unit)))
        table = TierTable.of(rows, stock=draw(st.integers(size, 500)))
        return Campaign.tiered(
            tiers=table,
            tier_payment=draw(st.sampled_from(TierPayment)),
            gifts=draw(st.none() | gift_plans()),
            **common,
        )
    if kind == "pinshang":
        reward = cny(draw(st.integers(0, 300)))
        terms = PinshangTerms(
            price=price,
            group_size=size,
            winners=draw(st.integers(1, size - 1)),
            participation_reward=reward,
        )
        return Campaign.pinshang(terms=terms, **common, **extra)
    if kind == "lottery":
        mode = draw(st.sampled_from(DrawMode))
        top = size if mode is DrawMode.AT_GROUP_SUCCESS else 20
        policy = DrawPolicy(
            mode=mode,
            prizes=draw(st.integers(0, top)),
            winner=draw(prizes()),
            loser=draw(prizes()),
            notify=draw(st.booleans()),
        )
        return Campaign.lottery(
            price=price,
            group_size=size,
            draw=policy,
            gifts=draw(st.none() | gift_plans()),
            **common,
            **extra,
        )
    extra["leader_price"] = draw(st.none() | st.integers(0, price.amount).map(cny))
    if kind == "gift":
        return Campaign.gift(
            price=price, group_size=size, gifts=draw(gift_plans()), **common, **extra
        )
    return Campaign.normal(price=price, group_size=size, **common, **extra)


def _with_referrals(commands: list) -> list:
    """Give every other join a referrer and a region, so rewards have work to do."""
    return [
        attrs.evolve(c, referral_chain=("sharer-a", "sharer-b")[: i % 3], region=f"r{i % 3}")
        if isinstance(c, JoinGroup) and i % 2
        else c
        for i, c in enumerate(commands)
    ]


@st.composite
def replays(draw: st.DrawFn) -> ReplayResult:
    """The replay of a random command log against a random campaign, with a seed."""
    chosen = draw(campaigns(replayable=True))
    commands = _with_referrals(draw(command_logs(max_size=30)))
    return replay(chosen, commands, seed=SEED)
