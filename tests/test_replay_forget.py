"""Tests of ``replay_stream(..., forget_settled=True)`` and ``CampaignBook.retire(forget=True)``.

On a log that keeps the promise (no command names a settled group or uses one
of its order ids), forgetting settled groups changes nothing: the stream
yields what it yields without forgetting, and what ``replay`` gives. On one
that breaks it, the documented difference shows. A forgotten group leaves no
trace in the book, and per-user limits still count the groups it held.
"""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from _factories import (
    FEW,
    SEED,
    at,
    campaign,
    campaign_logs,
    check_error,
    command_logs,
    lottery_with,
    pinshang,
    tiered,
)
from pintuan import (
    CampaignBook,
    Command,
    CommandRejected,
    DrawRecord,
    FullGroupPolicy,
    GroupSettlement,
    JoinGroup,
    OpenGroup,
    Prize,
    UserLimits,
)
from pintuan.errors import InvalidValue, Rejection
from pintuan.replay import _apply, replay, replay_stream
from pintuan.testing import campaigns

LIMITS = UserLimits(max_groups_joined=2, max_groups_opened=1)
CAMPAIGNS = {
    "normal": campaign(group_size=3, capacity=4, full_group_policy=FullGroupPolicy.REDIRECT),
    "open-new": campaign(group_size=2, full_group_policy=FullGroupPolicy.OPEN_NEW),
    "limits": campaign(group_size=2, limits=LIMITS),
    "join-limit": campaign(group_size=2, limits=UserLimits(max_groups_joined=1)),
    "stock": campaign(group_size=2, capacity=3, stock=7),
    "tiered": tiered(),
    "lottery": lottery_with(1, Prize.money_back()),
    "pinshang": pinshang(),
}
UNTIL = at(12, day=2)


def _plain(item):
    """A yielded item as a comparable value (exceptions compare by identity)."""
    if isinstance(item, tuple):
        cmd, err = item
        return (cmd, type(err), str(err), err.code, err.follow_up)
    return item


def _promised(c, log: list[Command]) -> list[Command]:
    """The commands of ``log`` that keep the promise, given those kept before them.

    A command is left out if it names a group the stream would have settled
    by then (as its group, or as the group a full group's follow-up opens)
    or uses an order id of such a group (members who left included). The
    book runs the kept commands as the stream does (``_apply``: the expiries
    due, the command, its follow-ups); retiring changes no decision.
    """

    def settled(group_id: str | None) -> bool:
        group = None if group_id is None else book.group(group_id)
        return group is not None and group.status.terminal

    book = CampaignBook.start(c)
    kept: list[Command] = []
    for command in log:
        order_id = command.order_id if isinstance(command, OpenGroup | JoinGroup) else None
        if settled(command.group_id) or settled(getattr(command, "new_group_id", None)):
            continue
        if order_id is not None and settled(book.group_of_order(order_id)):
            continue
        kept.append(command)
        book = _apply(book, command, [], [])
    return kept


def _stream(c, log, *, forget: bool, until=UNTIL) -> list:
    return [_plain(i) for i in replay_stream(c, log, seed=SEED, until=until, forget_settled=forget)]


def _check_same(c, log, until) -> None:
    forgetting = _stream(c, log, forget=True, until=until)
    assert forgetting == _stream(c, log, forget=False, until=until)
    full = replay(c, log, seed=SEED, until=until)
    settlements = [i for i in forgetting if isinstance(i, GroupSettlement)]
    assert {s.group_id: s for s in settlements} == {s.group_id: s for s in full.settlements}
    assert len(settlements) == len(full.settlements)  # each group settled once
    rejections = [i for i in forgetting if isinstance(i, tuple)]
    assert rejections == [_plain(r) for r in full.rejections]
    assert [i for i in forgetting if isinstance(i, DrawRecord)] == (
        [] if full.campaign_draw is None else [full.campaign_draw]
    )


@pytest.mark.parametrize("kind", sorted(CAMPAIGNS))
@FEW
@given(log=command_logs(groups=6, users=6, max_size=40))
def test_forgetting_on_a_promised_log_gives_what_keeping_gives(kind, log) -> None:
    c = CAMPAIGNS[kind]
    _check_same(c, _promised(c, log), UNTIL)


@FEW
@given(data=st.data())
def test_forgetting_changes_nothing_for_any_campaign_on_a_promised_log(data) -> None:
    c = data.draw(campaigns())
    drawn = data.draw(campaign_logs(c))
    _check_same(c, _promised(c, list(drawn.commands)), drawn.until)


def _two_groups_then(c, *late: Command) -> list[Command]:
    return [
        OpenGroup(group_id="g1", order_id="o1", user_id="u1", at=at(10)),
        JoinGroup(group_id="g1", order_id="o2", user_id="u2", at=at(10, 1)),  # g1 closes
        OpenGroup(group_id="g2", order_id="o3", user_id="u3", at=at(10, 2)),
        *late,
    ]


def test_a_reused_order_id_of_a_settled_group_is_accepted_only_when_forgetting() -> None:
    c = campaign(group_size=2)
    log = _two_groups_then(c, JoinGroup(group_id="g2", order_id="o1", user_id="u4", at=at(10, 3)))
    kept = list(replay_stream(c, log))
    forgot = list(replay_stream(c, log, forget_settled=True))
    ((command, rejection),) = [i for i in kept if isinstance(i, tuple)]
    assert command.order_id == "o1"
    assert rejection.code is Rejection.DUPLICATE_ORDER
    assert [i for i in forgot if isinstance(i, tuple)] == []
    g2 = next(s for s in forgot if isinstance(s, GroupSettlement) and s.group_id == "g2")
    assert "o1" in {s.order_id for s in g2.statements}
    assert [_plain(r) for r in replay(c, log).rejections] == [_plain((command, rejection))]


def test_a_command_naming_a_settled_group_is_decided_as_for_an_unknown_group() -> None:
    c = campaign(group_size=2)
    log = _two_groups_then(c, JoinGroup(group_id="g1", order_id="o9", user_id="u9", at=at(10, 3)))
    (kept,) = [i for i in replay_stream(c, log) if isinstance(i, tuple)]
    (forgot,) = [i for i in replay_stream(c, log, forget_settled=True) if isinstance(i, tuple)]
    assert forgot[1].code is Rejection.UNKNOWN_GROUP
    assert kept[1].code is not Rejection.UNKNOWN_GROUP


def test_a_forgotten_group_leaves_no_trace_in_the_book() -> None:
    c = campaign(group_size=2, capacity=2, stock=10)
    book = CampaignBook.start(c)
    for command in _two_groups_then(c):
        book = book.record(book.decide(command))
    forgot = book.retire("g1", forget=True)
    assert forgot.retire("g2", forget=True) is forgot  # a group in flight is kept whole
    assert len(book) == 2
    assert len(forgot) == 1
    assert forgot.group("g1") is None
    assert [g.group_id for g in forgot.groups()] == ["g2"]
    assert forgot.group_of_order("o1") is None
    assert forgot.group_of_order("o2") is None
    assert forgot.group_of_order("o3") == "g2"
    assert forgot.stock_taken == book.stock_taken == 3  # sold stays sold
    assert forgot.due(at(23)) == book.due(at(23))
    probe = OpenGroup(group_id="g3", order_id="o1", user_id="u1", at=at(10, 5))
    assert (forgot.context(probe).order_id_taken, book.context(probe).order_id_taken) == (
        False,
        True,
    )
    # No limit in the campaign: the counts are no longer kept.
    assert (forgot.context(probe).user_groups_opened, book.context(probe).user_groups_opened) == (
        0,
        1,
    )
    # Opening numbers go on: a new group comes after the one in flight, whatever its id.
    later = forgot.record(forgot.decide(attrs.evolve(probe, group_id="g0")))
    assert [g.group_id for g in later.groups()] == ["g2", "g0"]


def test_retire_by_default_still_keeps_a_slim_copy() -> None:
    c = campaign(group_size=2, capacity=2)
    book = CampaignBook.start(c)
    for command in _two_groups_then(c):
        book = book.record(book.decide(command))
    retired = book.retire("g1")
    assert len(retired) == 2
    assert retired.group_of_order("o1") == "g1"


@pytest.mark.parametrize("forget", [None, 1, "yes"])
def test_retire_refuses_a_forget_that_is_not_a_bool(forget) -> None:
    book = CampaignBook.start(campaign())
    with pytest.raises(InvalidValue) as info:
        book.retire("g1", forget=forget)
    check_error(info, InvalidValue, "forget")
    assert info.value.value == forget


@pytest.mark.parametrize("forget", [None, 0, "yes"])
def test_the_stream_refuses_a_forget_settled_that_is_not_a_bool(forget) -> None:
    stream = replay_stream(campaign(), [], forget_settled=forget)
    with pytest.raises(InvalidValue) as info:
        next(stream)
    check_error(info, InvalidValue, "forget_settled")


def test_per_user_limits_count_forgotten_groups() -> None:
    c = campaign(group_size=2, limits=LIMITS)
    log = [
        OpenGroup(group_id="g1", order_id="o1", user_id="u1", at=at(10)),
        JoinGroup(group_id="g1", order_id="o2", user_id="u2", at=at(10, 1)),  # g1 closes
        OpenGroup(group_id="g2", order_id="o3", user_id="u3", at=at(10, 2)),
        JoinGroup(group_id="g2", order_id="o4", user_id="u2", at=at(10, 3)),  # g2 closes
        OpenGroup(group_id="g3", order_id="o5", user_id="u1", at=at(10, 4)),  # u1 opened g1
        OpenGroup(group_id="g4", order_id="o6", user_id="u4", at=at(10, 5)),
        JoinGroup(group_id="g4", order_id="o7", user_id="u2", at=at(10, 6)),  # u2 joined twice
    ]
    forgot = [_plain(i) for i in replay_stream(c, log, forget_settled=True)]
    assert forgot == _stream(c, log, forget=False, until=None)
    codes = [i[3] for i in forgot if isinstance(i, tuple)]
    assert codes == [Rejection.OPEN_LIMIT, Rejection.JOIN_LIMIT]
    book = CampaignBook.start(c)
    for command in log[:4]:
        book = book.record(book.decide(command))
    book = book.retire("g1", forget=True).retire("g2", forget=True)
    assert len(book) == 0
    with pytest.raises(CommandRejected) as info:
        book.decide(log[4])
    assert info.value.code is Rejection.OPEN_LIMIT
    assert book.context(log[6]).user_groups_joined == 2
