"""Tests of :func:`pintuan.replay.replay`: the campaign-wide bookkeeping it keeps.

``replay`` feeds :func:`pintuan.decide` a :class:`pintuan.DecisionContext`
built from its books: per-user counts of groups joined and opened (across
groups, including groups left or failed), whether the user is new, the stock
left (taken by each order, given back when an order leaves or its group
fails), the order ids taken in any group and, under the redirect policy,
another group with a free seat that the payer is not already in. Each test
pins the exact rejection codes, so breaking one line of that bookkeeping fails
a test. ``replay`` also publishes the record of a campaign-end draw.
"""

from __future__ import annotations

from datetime import timedelta

from _factories import SEED, at, campaign, campaign_end_lottery
from pintuan import (
    CloseGroup,
    ExpireGroup,
    FullGroupPolicy,
    GroupStatus,
    JoinGroup,
    LeaveGroup,
    OpenGroup,
    Rejection,
    UserLimits,
    verify,
)
from pintuan.replay import replay

_clock = iter(range(10_000))


def tick(hour: int = 10) -> dict:
    """A fresh order id and a strictly later instant inside the 10:00-12:00 window."""
    n = next(_clock)
    return {"order_id": f"o{n}", "at": at(hour, n // 60 % 60, second=n % 60)}


def open_(gid: str, user: str, quantity: int = 1, **kw) -> OpenGroup:
    return OpenGroup(group_id=gid, user_id=user, quantity=quantity, **{**tick(), **kw})


def join(gid: str, user: str, quantity: int = 1, **kw) -> JoinGroup:
    return JoinGroup(group_id=gid, user_id=user, quantity=quantity, **{**tick(), **kw})


def leave(gid: str, placed: OpenGroup | JoinGroup) -> LeaveGroup:
    return LeaveGroup(group_id=gid, order_id=placed.order_id, at=tick()["at"])


def rejected(result) -> list[tuple[str, str, Rejection]]:
    """(command type, group id, code) of every refused command, in order."""
    return [(type(cmd).__name__, cmd.group_id, err.code) for cmd, err in result.rejections]


def members(result, gid: str) -> list[str]:
    group = next(g for g in result.groups if g.group_id == gid)
    return [o.user_id for o in group.orders]


# ---------------------------------------------------------------- per-user limits


def test_join_limit_counts_joins_across_groups():
    c = campaign(limits=UserLimits(max_groups_joined=2))
    log = [open_(g, f"lead-{g}") for g in ("g1", "g2", "g3")]
    log += [join("g1", "x"), join("g2", "x"), join("g3", "x"), join("g3", "y")]
    result = replay(c, log)
    assert rejected(result) == [("JoinGroup", "g3", Rejection.JOIN_LIMIT)]
    assert members(result, "g3") == ["lead-g3", "y"]


def test_join_limit_counts_groups_the_user_left():
    c = campaign(limits=UserLimits(max_groups_joined=1))
    log = [open_("g1", "a"), open_("g2", "b"), first := join("g1", "x")]
    log += [leave("g1", first), join("g2", "x")]
    result = replay(c, log)
    assert rejected(result) == [("JoinGroup", "g2", Rejection.JOIN_LIMIT)]


def test_opening_does_not_use_the_join_quota_and_joining_not_the_open_quota():
    c = campaign(limits=UserLimits(max_groups_joined=1, max_groups_opened=1))
    log = [open_("g1", "x"), open_("g2", "y"), join("g2", "x"), join("g1", "y")]
    result = replay(c, log)
    assert rejected(result) == []
    assert members(result, "g2") == ["y", "x"]
    assert members(result, "g1") == ["x", "y"]


def test_open_limit_counts_opens_across_groups_even_failed_ones():
    c = campaign(limits=UserLimits(max_groups_opened=1))
    log = [first := open_("g1", "x"), leave("g1", first)]
    log += [open_("g2", "x"), open_("g3", "y")]
    result = replay(c, log)
    assert result.groups[0].status is GroupStatus.FAILED
    assert rejected(result) == [("OpenGroup", "g2", Rejection.OPEN_LIMIT)]
    assert [g.group_id for g in result.groups] == ["g1", "g3"]


# ---------------------------------------------------------------- new users only


def test_new_users_only_refuses_returning_users_to_open_and_to_join():
    c = campaign(new_users_only=True)
    log = [open_("g0", "old"), open_("g1", "new"), join("g1", "old"), join("g1", "new2")]
    result = replay(c, log, returning_users=iter(["old", "someone-else"]))
    assert rejected(result) == [
        ("OpenGroup", "g0", Rejection.NOT_NEW_USER),
        ("JoinGroup", "g1", Rejection.NOT_NEW_USER),
    ]
    assert members(result, "g1") == ["new", "new2"]


def test_returning_users_may_take_part_when_the_campaign_is_for_everyone():
    result = replay(campaign(), [open_("g1", "old"), join("g1", "old2")], returning_users=["old"])
    assert rejected(result) == []


# ---------------------------------------------------------------- stock


def test_stock_runs_out_and_a_leave_gives_its_units_back():
    c = campaign(group_size=3, stock=4)
    log = [open_("g1", "a"), leaver := join("g1", "b", quantity=2)]
    log += [open_("g2", "c"), join("g1", "d")]  # 4 units taken: d is refused
    log += [leave("g1", leaver)]  # 2 back
    log += [join("g1", "d", quantity=2), join("g2", "e")]  # 4 taken again: e refused
    result = replay(c, log)
    assert rejected(result) == [
        ("JoinGroup", "g1", Rejection.OUT_OF_STOCK),
        ("JoinGroup", "g2", Rejection.OUT_OF_STOCK),
    ]
    assert members(result, "g1") == ["a", "d"]


def test_the_last_member_leaving_gives_the_stock_back_once():
    c = campaign(group_size=2, stock=3)
    log = [open_("g1", "a"), join("g1", "b"), lone := open_("g2", "c")]
    log += [open_("g3", "d")]  # 3 units taken: d is refused
    # c leaves: g2 fails as it empties; one unit back, not two.
    log += [leave("g2", lone)]
    log += [open_("g3", "d"), open_("g4", "e")]
    result = replay(c, log)
    assert [g.status for g in result.groups] == [
        GroupStatus.CLOSED, GroupStatus.FAILED, GroupStatus.FORMING,
    ]  # fmt: skip
    assert rejected(result) == [
        ("OpenGroup", "g3", Rejection.OUT_OF_STOCK),
        ("OpenGroup", "g4", Rejection.OUT_OF_STOCK),
    ]


def test_a_failed_group_gives_its_stock_back():
    for ending in ("expire", "close"):
        c = campaign(group_size=3, stock=3, time_limit=timedelta(minutes=30))
        log = [open_("g1", "a", quantity=2), open_("g2", "b"), open_("g3", "c")]  # c refused
        end = at(10, 45)  # after g1's deadline (30 minutes after it opened)
        if ending == "expire":
            log.append(ExpireGroup(group_id="g1", at=end))
        else:
            log.append(CloseGroup(group_id="g1", at=end))
        log += [
            OpenGroup(group_id="g3", order_id="late-1", user_id="c", at=end, quantity=2),
            OpenGroup(group_id="g4", order_id="late-2", user_id="d", at=end),
        ]
        result = replay(c, log)
        assert result.groups[0].status is GroupStatus.FAILED, ending
        # g2's deadline has passed too: replay expires it before the late opens,
        # so its unit comes back as well and both late opens fit.
        assert result.groups[1].status is GroupStatus.FAILED, ending
        assert rejected(result) == [("OpenGroup", "g3", Rejection.OUT_OF_STOCK)], ending
        assert members(result, "g3") == ["c"]
        assert members(result, "g4") == ["d"]


# ---------------------------------------------------------------- full-group redirect


def test_redirect_skips_a_group_the_payer_is_already_in():
    c = campaign(group_size=2, full_group_policy=FullGroupPolicy.REDIRECT)
    log = [open_("g1", "a"), join("g1", "b"), open_("g2", "c"), open_("g3", "d")]
    log += [join("g1", "c")]  # g1 is full; g2 has a seat but c is in it
    result = replay(c, log)
    assert rejected(result) == [("JoinGroup", "g1", Rejection.GROUP_FULL)]
    follow_up = result.rejections[0][1].follow_up
    assert isinstance(follow_up, JoinGroup)
    assert (follow_up.group_id, follow_up.user_id) == ("g3", "c")
    assert members(result, "g2") == ["c"]
    assert members(result, "g3") == ["d", "c"]


def test_no_redirect_when_the_only_free_seat_is_in_the_payers_own_group():
    c = campaign(group_size=2, full_group_policy=FullGroupPolicy.REDIRECT)
    log = [open_("g1", "a"), join("g1", "b"), open_("g2", "c"), join("g1", "c")]
    result = replay(c, log)
    assert rejected(result) == [("JoinGroup", "g1", Rejection.GROUP_FULL)]
    assert result.rejections[0][1].follow_up is None
    assert members(result, "g2") == ["c"]


def test_replay_follows_the_redirect_into_a_group_with_a_seat():
    c = campaign(group_size=2, capacity=2, full_group_policy=FullGroupPolicy.REDIRECT)
    log = [
        OpenGroup(group_id="g1", order_id="o1", user_id="u1", at=at(10, 1)),
        OpenGroup(group_id="g2", order_id="o2", user_id="u2", at=at(10, 2)),
        JoinGroup(group_id="g1", order_id="o3", user_id="u3", at=at(10, 3)),
        JoinGroup(group_id="g1", order_id="o4", user_id="u4", at=at(10, 4)),
    ]
    result = replay(c, log)
    assert [r.code for _, r in result.rejections] == [Rejection.GROUP_FULL]
    g2 = next(g for g in result.groups if g.group_id == "g2")
    assert [o.order_id for o in g2.orders] == ["o2", "o4"]
    assert g2.status is GroupStatus.CLOSED


# ---------------------------------------------------------------- order ids across groups


def test_replay_refuses_an_order_id_reused_across_groups_even_after_leaving():
    c = campaign(group_size=3, capacity=3)
    log = [
        OpenGroup(group_id="g1", order_id="o1", user_id="u1", at=at(10, 1)),
        JoinGroup(group_id="g1", order_id="o2", user_id="u2", at=at(10, 2)),
        LeaveGroup(group_id="g1", order_id="o2", at=at(10, 3)),
        OpenGroup(group_id="g2", order_id="o1", user_id="u3", at=at(10, 4)),
        OpenGroup(group_id="g2", order_id="o2", user_id="u3", at=at(10, 5)),
        OpenGroup(group_id="g2", order_id="o3", user_id="u3", at=at(10, 6)),
    ]
    result = replay(c, log)
    refused = [(cmd.order_id, r.code) for cmd, r in result.rejections]
    assert refused == [("o1", Rejection.DUPLICATE_ORDER), ("o2", Rejection.DUPLICATE_ORDER)]
    assert [g.group_id for g in result.groups] == ["g1", "g2"]
    assert [o.order_id for o in result.groups[1].orders] == ["o3"]


# ---------------------------------------------------------------- the campaign-end draw


def test_replay_publishes_the_campaign_end_record_and_keeps_group_order():
    c = campaign_end_lottery()
    log = []
    for n, minute in ((1, 30), (2, 5), (3, 1)):
        start = at(10, minute)
        log.append(OpenGroup(group_id=f"g{n}", order_id=f"g{n}-1", user_id=f"g{n}-a", at=start))
        later = start + timedelta(seconds=1)
        log.append(JoinGroup(group_id=f"g{n}", order_id=f"g{n}-2", user_id=f"g{n}-b", at=later))
    result = replay(c, log, seed=SEED)
    assert [g.group_id for g in result.groups] == ["g1", "g2", "g3"]
    assert [s.group_id for s in result.settlements] == ["g1", "g2", "g3"]
    assert result.campaign_draw is not None
    assert result.campaign_winners == result.campaign_draw.winners
    entries = [o.order_id for g in result.groups for o in g.members]
    assert verify(result.campaign_draw, SEED, entries).ok
