"""Shared builders for the tests.

Money and instants, schedules, campaigns of every kind (normal, tiered,
lottery, pinshang, with rewards or a budget), groups and orders, command logs,
group snapshots, and a check of error messages. Test modules import their
builders from here and never from one another.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import settings
from hypothesis import strategies as st

from pintuan import (
    BudgetPolicy,
    Campaign,
    CloseGroup,
    DailyWindow,
    DecisionContext,
    DrawMode,
    DrawPolicy,
    ExpireGroup,
    Group,
    JoinGroup,
    LeaveGroup,
    Money,
    OpenGroup,
    Order,
    ParticipationReward,
    PinshangTerms,
    PintuanError,
    Prize,
    ReferralReward,
    RegionalReward,
    RewardAmount,
    RewardPlan,
    Role,
    Schedule,
    TeamReward,
    TierPayment,
    TierTable,
    VirtualCompletion,
    handle,
    settle_group,
)
from pintuan.replay import ReplayResult
from pintuan.testing import (  # noqa: F401 (re-exported for the test modules)
    aware_datetimes,
    campaigns,
    coupons,
    replay_log,
    tier_tables,
)
from pintuan.testing import command_logs as campaign_logs

SHANGHAI = ZoneInfo("Asia/Shanghai")
CNY = "CNY"
# A campaign's secret draw seed (draws need at least 16 bytes).
SEED = bytes(range(32))
# A context under which no limit, stock or new-user rule refuses a command.
CTX = DecisionContext(stock_left=10**9, user_is_new=True)
# Fewer examples for the slow properties that replay whole command logs.
FEW = settings(max_examples=40, deadline=None)


# --- money and instants ---------------------------------------------------------------


def cny(text: str) -> Money:
    """An amount written in yuan, such as ``"99.00"``, in CNY."""
    return Money.parse(f"{text} CNY")


def fen(amount: int) -> Money:
    """An amount in fen (minor units), in CNY: ``fen(990)`` is 9.90 CNY."""
    return Money(amount=amount, currency=CNY)


def at(hour: int, minute: int = 0, day: int = 1, second: int = 0) -> datetime:
    """An instant in July 2020, Shanghai time."""
    return datetime(2020, 7, day, hour, minute, second, tzinfo=SHANGHAI)


# --- schedules ------------------------------------------------------------------------


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


# --- campaigns ------------------------------------------------------------------------


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


def policy(
    mode: DrawMode = DrawMode.AT_GROUP_SUCCESS,
    prizes: int = 3,
    *,
    winner: Prize | None = None,
    loser: Prize | None = None,
    **options: Any,
) -> DrawPolicy:
    """A draw policy: the product for winners, money back for losers unless given."""
    return DrawPolicy(
        mode=mode,
        prizes=prizes,
        winner=Prize.product() if winner is None else winner,
        loser=Prize.money_back() if loser is None else loser,
        **options,
    )


def lottery(*, price: Money, group_size: int, draw: DrawPolicy, **options: Any) -> Campaign:
    """A lottery campaign of 1-hour groups on the seed's schedule."""
    fields: dict[str, Any] = {
        "campaign_id": "c1",
        "product_id": "p",
        "time_limit": timedelta(hours=1),
        "schedule": seed_schedule(),
    }
    fields.update(options)
    return Campaign.lottery(price=price, group_size=group_size, draw=draw, **fields)


def pinshang(**options: Any) -> Campaign:
    """The seed's pinshang: 100 x 99.00 CNY, a 3% win rate, 1.00 CNY for each loser."""
    terms = PinshangTerms.from_rate(
        price=cny("99.00"), group_size=100, rate_bps=300, participation_reward=cny("1.00")
    )
    return Campaign.pinshang(
        campaign_id="ps-2020-07",
        product_id="sku-99",
        terms=terms,
        time_limit=timedelta(hours=2),
        schedule=seed_schedule(),
        **options,
    )


# Virtual completion from one real member.
VC = VirtualCompletion(min_real_members=1)


def lottery_with(prizes: int, loser: Prize) -> Campaign:
    """A group-success lottery at 9.90 CNY, groups of 3 (capacity 4), virtual completion."""
    draw = DrawPolicy(
        mode=DrawMode.AT_GROUP_SUCCESS, prizes=prizes, winner=Prize.product(), loser=loser
    )
    return Campaign.lottery(
        campaign_id="c1",
        product_id="p",
        price=fen(990),
        group_size=3,
        capacity=4,
        time_limit=timedelta(hours=1),
        schedule=seed_schedule(),
        draw=draw,
        virtual_completion=VC,
    )


def pinshang_with(
    winners: int,
    reward: int,
    *,
    price: int = 990,
    size: int = 3,
    vc: VirtualCompletion | None = VC,
) -> Campaign:
    """A pinshang of ``size`` at ``price`` fen with ``winners`` and a ``reward`` in fen."""
    terms = PinshangTerms(
        price=fen(price), group_size=size, winners=winners, participation_reward=fen(reward)
    )
    return Campaign.pinshang(
        campaign_id="c1",
        product_id="p",
        terms=terms,
        time_limit=timedelta(hours=1),
        schedule=seed_schedule(),
        virtual_completion=vc,
    )


def campaign_end_lottery() -> Campaign:
    """A lottery at 10.00 CNY, groups of 2, 3 prizes drawn at the campaign's end."""
    draw = DrawPolicy(
        mode=DrawMode.AT_CAMPAIGN_END, prizes=3, winner=Prize.product(), loser=Prize.money_back()
    )
    return lottery(price=cny("10.00"), group_size=2, draw=draw)


def rewarded_campaign() -> Campaign:
    """100.00 CNY, groups of 3; referral rewards of 5% and 1.00, a 1% team reward."""
    plan = RewardPlan(
        referral=ReferralReward(levels=(RewardAmount(bps=500), RewardAmount(fixed=cny("1.00")))),
        team=TeamReward(amount=RewardAmount(bps=100)),
    )
    return Campaign.normal(
        campaign_id="c1",
        product_id="p",
        price=cny("100.00"),
        group_size=3,
        time_limit=timedelta(hours=1),
        schedule=seed_schedule(),
        rewards=plan,
    )


def budgeted_campaign() -> Campaign:
    """Team reward of 1.00 per closed group, budget 2.50: two groups are paid."""
    plan = RewardPlan(team=TeamReward(amount=RewardAmount(fixed=cny("1.00"))), budget=cny("2.50"))
    return Campaign.normal(
        campaign_id="c1",
        product_id="p",
        price=cny("10.00"),
        group_size=2,
        time_limit=timedelta(hours=1),
        schedule=seed_schedule(),
        rewards=plan,
    )


# --- tiered campaigns -----------------------------------------------------------------

STOCK = DecisionContext(stock_left=100_000)
SEED_ROWS = [(3, "99.00 CNY"), (5, "89.00 CNY"), (8, "79.00 CNY"), (10, "69.00 CNY")]


def seed_table(stock: int = 1000) -> TierTable:
    """The seed's tier table: 3 at 99.00, 5 at 89.00, 8 at 79.00, 10 at 69.00 CNY."""
    return TierTable.of(SEED_ROWS, stock=stock)


def tiered(payment: TierPayment = TierPayment.FIRST_TIER, **kw: Any) -> Campaign:
    """A tiered campaign (the seed's table unless ``tiers`` is given), all-day schedule."""
    return Campaign.tiered(
        campaign_id="c1",
        product_id="sku-1",
        tiers=kw.pop("tiers", seed_table()),
        time_limit=timedelta(hours=2),
        schedule=all_day_schedule(),
        tier_payment=payment,
        **kw,
    )


# Random tier tables: 1-4 tiers of 2-12 members, prices never rising, stock 10 000.
tables = tier_tables(max_group_size=12).map(lambda t: attrs.evolve(t, stock=10_000))


# --- reward plans ---------------------------------------------------------------------

_amounts = st.one_of(
    st.builds(RewardAmount, fixed=st.integers(0, 500).map(fen)),
    st.builds(RewardAmount, bps=st.integers(0, 10_000)),
)
# Random reward plans: each kind of reward or none, an optional budget under either policy.
plans = st.builds(
    RewardPlan,
    participation=st.none() | st.builds(ParticipationReward, amount=st.integers(1, 300).map(fen),
                                        losers_only=st.booleans()),
    referral=st.none() | st.builds(ReferralReward, levels=st.lists(_amounts, min_size=1,
                                                                   max_size=3).map(tuple)),
    team=st.none() | st.builds(TeamReward, amount=_amounts),
    regional=st.none() | st.builds(
        RegionalReward, bps=st.integers(0, 10_000),
        agents=st.just((("sh", "agent-sh"), ("bj", "v0"), ("gz", "u1"))),
    ),
    budget=st.none() | st.integers(0, 5_000).map(fen),
    budget_policy=st.sampled_from(BudgetPolicy),
)  # fmt: skip


# --- groups and orders ----------------------------------------------------------------


def full_group(c: Campaign, size: int, gid: str = "g1", referred=frozenset(), stop: int = 0):
    """Open and fill a group inside the seed's 10:00-12:00 window.

    Order ``<gid>-o<n>`` belongs to user ``<gid>-u<n>``; members join a second
    apart; the orders numbered in ``referred`` name ``ref-<n>`` as referrer; the
    last ``stop`` seats stay empty.
    """
    group, _ = handle(
        c, None, OpenGroup(group_id=gid, order_id=f"{gid}-o1", user_id=f"{gid}-u1", at=at(10)), CTX
    )
    for n in range(2, size + 1 - stop):
        chain = (f"ref-{n}",) if n in referred else ()
        cmd = JoinGroup(
            group_id=gid,
            order_id=f"{gid}-o{n}",
            user_id=f"{gid}-u{n}",
            at=at(10, 0, second=n % 60) + timedelta(minutes=n // 60),
            referral_chain=chain,
        )
        group, _ = handle(c, group, cmd, CTX)
    return group


def tiered_group(
    c: Campaign, members: int, *, quantities: dict[int, int] | None = None, close=True
) -> Group:
    """Open g1 and add ``members`` orders o1, o2... (user u<n>) a minute apart.

    ``quantities`` maps a member's number to its quantity (default 1). With
    ``close``, a group still open is expired at 12:00.
    """
    quantities = quantities or {}
    group, _ = handle(
        c,
        None,
        OpenGroup(
            group_id="g1", order_id="o1", user_id="u1", at=at(10), quantity=quantities.get(1, 1)
        ),
        STOCK,
    )
    for n in range(2, members + 1):
        group, _ = handle(
            c,
            group,
            JoinGroup(
                group_id="g1",
                order_id=f"o{n}",
                user_id=f"u{n}",
                at=at(10, n),
                quantity=quantities.get(n, 1),
            ),
            STOCK,
        )
    if close and not group.status.terminal:
        group, _ = handle(c, group, ExpireGroup(group_id="g1", at=at(12)))
    return group


def closing_group(c: Campaign, gid: str, minute: int, *, fail: bool = False) -> Group:
    """A group of 2 opened at 10:``minute`` that closes a second later (or fails)."""
    start = at(10, minute)
    group, _ = handle(
        c, None, OpenGroup(group_id=gid, order_id=f"{gid}-1", user_id=f"{gid}-u1", at=start), CTX
    )
    if fail:
        group, _ = handle(c, group, CloseGroup(group_id=gid, at=start + timedelta(seconds=1)))
    else:
        join = JoinGroup(
            group_id=gid, order_id=f"{gid}-2", user_id=f"{gid}-u2", at=start + timedelta(seconds=1)
        )
        group, _ = handle(c, group, join, CTX)
    return group


# (group id, opening minute[, fails]): closing order and group id order disagree.
STAGGERED = (("g1", 30), ("g2", 5), ("g3", 5), ("g4", 40), ("g5", 1), ("g6", 20, True))


def staggered_groups(c: Campaign) -> list[Group]:
    """The six groups of ``STAGGERED``: five close, g6 fails."""
    return [closing_group(c, g[0], g[1], fail=len(g) > 2) for g in STAGGERED]


def run_commands(c: Campaign, *commands: Any) -> Group:
    """Handle ``commands`` in turn, from no group."""
    group = None
    for command in commands:
        group, _ = handle(c, group, command)
    return group


def open_cmd(n: int = 1, t: datetime | None = None, gid: str = "g1") -> OpenGroup:
    """User u<n> opens ``gid`` with order ``<gid>-o<n>`` (at 10:05 by default)."""
    return OpenGroup(group_id=gid, order_id=f"{gid}-o{n}", user_id=f"u{n}", at=t or at(10, 5))


def join_cmd(n: int, t: datetime | None = None, gid: str = "g1", **kw: Any) -> JoinGroup:
    """User u<n> joins ``gid`` with order ``<gid>-o<n>`` (at 10:05 + n minutes by default)."""
    return JoinGroup(
        group_id=gid, order_id=f"{gid}-o{n}", user_id=f"u{n}", at=t or at(10, 5 + n), **kw
    )


def order(
    oid: str,
    user: str,
    *,
    price: Money | None = None,
    quantity: int = 1,
    role: Role = Role.MEMBER,
    chain: tuple[str, ...] = (),
    region: str | None = None,
) -> Order:
    """An order of group g1 paid at 10:00 (99.00 CNY a unit unless ``price``)."""
    unit = price if price is not None else cny("99.00")
    return Order(
        order_id=oid,
        user_id=user,
        group_id="g1",
        role=role,
        quantity=quantity,
        unit_price=unit,
        paid=Money.zero(unit.currency) if role is Role.VIRTUAL else unit * quantity,
        paid_at=at(10),
        referral_chain=chain,
        region=region,
    )


def rewarded_settlement():
    """``(campaign, group, settlement)``: a full group of ``rewarded_campaign``, o2 referred."""
    c = rewarded_campaign()
    group = full_group(c, 3, referred=frozenset({2}))
    return c, group, settle_group(c, group)


def of(settlement, kind):
    """The effects of ``settlement`` of type ``kind``, in order."""
    return [e for e in settlement.effects if isinstance(e, kind)]


def command_logs(*, groups: int = 3, users: int = 8, max_size: int = 40) -> st.SearchStrategy[list]:
    """Random command logs over a few groups and users, in time order, for any campaign.

    Unlike ``pintuan.testing.command_logs(campaign)`` (``campaign_logs`` here),
    which fits a log to one campaign so its groups reach every end, these
    logs ignore the campaign: most of their commands are refused, which is
    what the lifecycle's properties want.

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


# --- errors ---------------------------------------------------------------------------


def check_error(info: pytest.ExceptionInfo[Any], error: type[PintuanError], field: str) -> None:
    """The error is exactly ``error``, for ``field``, and its message says so."""
    assert type(info.value) is error
    assert info.value.field == field
    assert str(info.value).startswith(f"{field}=")
    assert info.value.rule in str(info.value)


# Builders of every kind of value, for the codec's round-trip properties: the
# strategies of pintuan.testing (aware_datetimes, coupons, campaigns),
# imported at the top, and replays.


@st.composite
def replays(draw: st.DrawFn) -> ReplayResult:
    """The replay of a command log fitted to a random campaign, with a seed and returns."""
    chosen = draw(campaigns())
    return replay_log(chosen, draw(campaign_logs(chosen)), seed=SEED)


# --- the bad-input catalog ------------------------------------------------------------


def shown(value: Any) -> str:
    """How an error message shows a bad value: ISO 8601 for dates and times, else repr."""
    return value.isoformat() if isinstance(value, date | time) else repr(value)


def state_of(value: Any) -> Any:
    """A deep, independent copy of an input, to show it unchanged after a refusal."""
    import copy  # here, not at the top: this section is appended to the module

    if isinstance(value, Group):
        return snapshot(value)
    if type(value).__name__ == "CampaignBook":  # compared by identity: compare what it holds
        groups = tuple(snapshot(g) for g in value.groups())
        return (value.campaign, value.returning_users, value.stock_taken, len(value), groups)
    if isinstance(value, tuple | list):
        return tuple(state_of(v) for v in value)
    return copy.deepcopy(value)


def check_refused(
    call: Any, error: type[PintuanError], field: str, value: Any, inputs: tuple[Any, ...]
) -> None:
    """``call()`` raises exactly ``error`` for ``field`` and ``value``, changing no input."""
    before = state_of(inputs)
    with pytest.raises(PintuanError) as info:
        call()
    err = info.value
    assert type(err) is error, f"{type(err).__name__}: {err}"
    assert err.field == field, str(err)
    assert err.value == value or (err.value != err.value and value != value), str(err)
    assert str(err) == f"{field}={shown(value)}: {err.rule}"
    assert err.rule
    assert state_of(inputs) == before
