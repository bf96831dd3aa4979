"""Command logs fitted to a campaign, and replaying them with returns after success.

:func:`command_logs` draws, for one campaign, a few groups with a fate each
(fill, fall short, lose members, be closed by the operator), members arriving
inside the schedule's windows before each group's deadline, referrers and
regions for the rewards, and returns of products after success. The result is
a :class:`CommandLog`; :func:`replay_log` runs it through
:func:`pintuan.replay.replay` and applies the returns with
:func:`pintuan.refund_after_success`.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import attrs
from hypothesis import strategies as st

from pintuan._time import utc
from pintuan.campaign import Campaign, FullGroupPolicy
from pintuan.errors import InvalidValue
from pintuan.lifecycle import (
    CloseGroup,
    Command,
    ExpireGroup,
    GroupStatus,
    JoinGroup,
    LeaveGroup,
    OpenGroup,
)
from pintuan.money import Money
from pintuan.replay import ReplayResult, replay
from pintuan.settlement import GroupSettlement
from pintuan.settlement.returns import refund_after_success
from pintuan.settlement.statements import Outcome

__all__ = ["CommandLog", "Return", "command_logs", "replay_log"]

_FATES = ("fill", "fill", "short", "leave", "close")
_RETURNABLE = (Outcome.SHIPPED, Outcome.WON, Outcome.LOST)


@attrs.frozen(kw_only=True)
class Return:
    """A product returned after its group succeeded.

    Attributes:
        order_id: The order returned.
        share_bps: The share of what the merchant kept that goes back, in
            basis points (at least one minor unit is refunded).
        return_id: The caller's id of the return (it makes the keys).
    """

    order_id: str
    share_bps: int
    return_id: str


@attrs.frozen(kw_only=True)
class CommandLog:
    """A drawn command log for one campaign.

    Attributes:
        commands: The commands, in time order.
        returns: Products returned after success, applied after settling
            (a return may appear twice: a retry changes nothing).
        until: The instant every group still due is expired at, so that
            every group ends (and a campaign-end draw has closed groups).
    """

    commands: tuple[Command, ...]
    returns: tuple[Return, ...] = ()
    until: datetime | None = None


def _referral(draw: st.DrawFn, user: str) -> tuple[str, ...]:
    # Some chains name the buyer (self-referral is never paid) or repeat a name.
    pool = st.sampled_from(("sharer-a", "sharer-b", "sharer-c", user))
    return tuple(draw(st.lists(pool, max_size=3)))


def _region(draw: st.DrawFn, campaign: Campaign) -> str | None:
    regional = None if campaign.rewards is None else campaign.rewards.regional
    if regional is None:
        return draw(st.none() | st.just("r1"))
    known = st.sampled_from([r for r, _ in regional.agents])
    return draw(known if regional.require_agent else st.none() | known | st.just("r-unknown"))


@st.composite
def _group(
    draw: st.DrawFn, campaign: Campaign, number: int, users: int, spread: timedelta
) -> tuple[list[Command], list[Return], datetime | None]:
    """One group's commands and returns, and its deadline (None if it never opens)."""
    schedule, gid = campaign.schedule, f"g{number}"
    offset = draw(st.integers(0, max(int(spread.total_seconds()) // 60, 0)))
    opened = schedule.next_open(schedule.opens_at + timedelta(minutes=offset))
    if opened is None:
        return [], [], None
    deadline = campaign.deadline_for(opened)
    fate = draw(st.sampled_from(_FATES))
    size, capacity = campaign.group_size, campaign.capacity
    members = (
        draw(st.integers(1, size - 1)) if fate == "short" else draw(st.integers(size, capacity))
    )
    # Gaps spread the members over the time limit; a few arrive too late.
    step = max(int(campaign.time_limit.total_seconds() // 60) // (members + 1), 1)
    user_ids = draw(
        st.lists(st.integers(0, users - 1), min_size=members, max_size=members, unique=True)
    )
    big = st.integers(1, 2) if draw(st.integers(0, 9)) == 0 else st.just(1)
    commands: list[Command] = []
    returns: list[Return] = []
    now: datetime | None = opened
    for k, u in enumerate(user_ids):
        assert now is not None
        oid, uid = f"{gid}-o{k}", f"u{u}"
        fields: dict[str, Any] = {
            "group_id": gid, "order_id": oid, "user_id": uid, "at": now, "quantity": draw(big),
            "referral_chain": _referral(draw, uid), "region": _region(draw, campaign),
        }  # fmt: skip
        if k == 0:
            commands.append(OpenGroup(**fields))
        else:
            spare = None
            if campaign.full_group_policy is FullGroupPolicy.OPEN_NEW:
                spare = f"{gid}-new{k}"
            commands.append(JoinGroup(new_group_id=spare, **fields))
            if fate == "leave" and draw(st.integers(0, 2)) == 0:
                commands.append(LeaveGroup(group_id=gid, order_id=oid, at=now))
        if draw(st.integers(0, 3)) == 0:
            share = draw(st.sampled_from((10_000, 5_000)) | st.integers(1, 10_000))
            returns.extend(
                [Return(order_id=oid, share_bps=share, return_id=f"ret-{oid}")]
                * draw(st.integers(1, 2))
            )
        now = schedule.next_open(now + timedelta(minutes=draw(st.integers(0, 2 * step))))
        if now is None or utc(now) > utc(deadline) + timedelta(minutes=step):
            break
    last = commands[-1].at
    if fate == "close":
        commands.append(
            CloseGroup(group_id=gid, at=last + timedelta(minutes=draw(st.integers(0, step))))
        )
    elif draw(st.integers(0, 4)) == 0:  # an explicit expiry (early ones are refused)
        commands.append(ExpireGroup(group_id=gid, at=max(last, deadline)))
    return commands, returns, deadline


@st.composite
def _command_logs(
    draw: st.DrawFn, campaign: Campaign, min_groups: int, max_groups: int, users: int
) -> CommandLog:
    schedule = campaign.schedule
    span = utc(schedule.closes_at) - utc(schedule.opens_at)
    spread = min(span, max(campaign.time_limit, timedelta(hours=1)) * 3)
    groups = draw(st.integers(min_groups, max_groups))
    timed: list[tuple[datetime, int, Command]] = []
    returns: list[Return] = []
    deadlines: list[datetime] = []
    for number in range(groups):
        commands, group_returns, deadline = draw(_group(campaign, number, users, spread))
        timed.extend((utc(c.at), len(timed) + i, c) for i, c in enumerate(commands))
        returns.extend(group_returns)
        if deadline is not None:
            deadlines.append(utc(deadline))
    timed.sort(key=lambda item: (item[0], item[1]))
    until = max([*deadlines, *(t for t, _, _ in timed)], default=None)
    return CommandLog(
        commands=tuple(c for _, _, c in timed),
        returns=tuple(returns),
        until=None if until is None else until + timedelta(seconds=1),
    )


def command_logs(
    campaign: Campaign,
    *,
    min_groups: int = 1,
    max_groups: int = 4,
    users: int | None = None,
) -> st.SearchStrategy[CommandLog]:
    """Command logs that drive ``campaign``'s groups to every end.

    Each group is opened inside the schedule and given a fate: filled to
    between its size and its capacity, left short, losing members, or closed
    by the operator. Members arrive inside the windows, spread over the time
    limit (a few too late), some with two units, referrers (sometimes
    themselves) and regions. About a quarter of the orders are returned after
    success, a few twice (a retry). Users come from a pool of ``users``, so
    limits and "already a member" rejections happen too.

    Args:
        campaign: The campaign the log is for.
        min_groups: Fewest groups (>= 1).
        max_groups: Most groups.
        users: Size of the user pool; by default enough for every seat.

    Raises:
        InvalidValue: ``min_groups`` below 1 or above ``max_groups``.
    """
    if not 1 <= min_groups <= max_groups:
        raise InvalidValue("min_groups", min_groups, f"must be 1 to max_groups ({max_groups})")
    pool = users if users is not None else max_groups * campaign.capacity + 2
    return _command_logs(campaign, min_groups, max_groups, max(pool, campaign.capacity))


def _apply_returns(settlement: GroupSettlement, returns: tuple[Return, ...]) -> GroupSettlement:
    if settlement.status is not GroupStatus.CLOSED:
        return settlement
    statements = {s.order_id: s for s in settlement.statements}
    for ret in returns:
        statement = statements.get(ret.order_id)
        if statement is None or statement.outcome not in _RETURNABLE:
            continue
        kept = statement.captured.amount
        if kept <= 0:
            continue
        amount = Money(
            amount=max(kept * ret.share_bps // 10_000, 1), currency=statement.paid.currency
        )
        settlement = refund_after_success(
            settlement, order_id=ret.order_id, amount=amount, return_id=ret.return_id
        )
        statements[ret.order_id] = statement  # a retry refunds the same amount
    return settlement


def replay_log(campaign: Campaign, log: CommandLog, *, seed: bytes) -> ReplayResult:
    """Replay ``log`` against ``campaign`` and apply its returns after success.

    The commands go through :func:`pintuan.replay.replay` (with ``log.until``
    and ``seed``); then each return of an order that succeeded and still has
    money with the merchant is refunded with :func:`pintuan.refund_after_success`.

    Args:
        campaign: The campaign.
        log: A log drawn by :func:`command_logs`.
        seed: The draw seed (see :func:`seeds`).

    Returns:
        The replay, with the returns in its settlements.
    """
    result = replay(campaign, log.commands, seed=seed, until=log.until)
    settlements = tuple(_apply_returns(s, log.returns) for s in result.settlements)
    return attrs.evolve(result, settlements=settlements)
