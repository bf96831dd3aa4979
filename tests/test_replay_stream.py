"""Tests of :func:`pintuan.replay.replay_stream`: the same results as ``replay``, streamed.

Random command logs run through both, for each kind of campaign; the stream
must refuse the same commands in the same order, settle every group exactly as
``replay`` does (settling a finished group early and letting its orders go
changes nothing), and yield the same campaign-end draw record.
"""

from __future__ import annotations

import pytest
from hypothesis import given

from _factories import (
    FEW,
    SEED,
    at,
    budgeted_campaign,
    campaign,
    campaign_end_lottery,
    check_error,
    command_logs,
    lottery_with,
    pinshang,
    tiered,
)
from pintuan import (
    CampaignBook,
    CommandRejected,
    DrawRecord,
    FullGroupPolicy,
    GroupSettlement,
    JoinGroup,
    OpenGroup,
    Prize,
)
from pintuan.errors import InvalidValue
from pintuan.replay import replay, replay_stream

CAMPAIGNS = {
    "normal": campaign(group_size=3, capacity=4, full_group_policy=FullGroupPolicy.REDIRECT),
    "open-new": campaign(group_size=2, full_group_policy=FullGroupPolicy.OPEN_NEW),
    "tiered": tiered(),
    "lottery": lottery_with(1, Prize.money_back()),
    "campaign-end": campaign_end_lottery(),
    "budget": budgeted_campaign(),
    "pinshang": pinshang(),
}


def _plain(rejections):
    """Refusals as comparable values (exceptions compare by identity)."""
    return [(cmd, type(err), str(err), err.code, err.follow_up) for cmd, err in rejections]


@pytest.mark.parametrize("kind", sorted(CAMPAIGNS))
@FEW
@given(log=command_logs(groups=3, users=6, max_size=40))
def test_the_stream_gives_what_replay_gives(kind, log) -> None:
    c = CAMPAIGNS[kind]
    until = at(12, day=2)
    full = replay(c, log, seed=SEED, until=until)
    settlements: dict[str, GroupSettlement] = {}
    rejections = []
    records = []
    for item in replay_stream(c, log, seed=SEED, until=until):
        if isinstance(item, GroupSettlement):
            assert item.group_id not in settlements  # each group is settled once
            settlements[item.group_id] = item
        elif isinstance(item, DrawRecord):
            records.append(item)
        else:
            rejections.append(item)
    assert _plain(rejections) == _plain(full.rejections)
    assert settlements == {s.group_id: s for s in full.settlements}
    assert records == ([] if full.campaign_draw is None else [full.campaign_draw])


def test_a_retired_group_still_refuses_as_before() -> None:
    c = campaign(group_size=2, capacity=2, full_group_policy=FullGroupPolicy.REDIRECT)
    book = CampaignBook.start(c)
    for command in (
        OpenGroup(group_id="g1", order_id="o1", user_id="u1", at=at(10)),
        JoinGroup(group_id="g1", order_id="o2", user_id="u2", at=at(10, 1)),
        OpenGroup(group_id="g2", order_id="o3", user_id="u3", at=at(10, 2)),
    ):
        book = book.record(book.decide(command))
    retired = book.retire("g1")
    assert retired.retire("g2") is retired  # a group in flight is kept whole
    assert retired.group("g1").status is book.group("g1").status
    assert len(retired.group("g1").members) == 2
    for late in (
        JoinGroup(group_id="g1", order_id="o9", user_id="u9", at=at(10, 5)),
        JoinGroup(group_id="g1", order_id="o9", user_id="u2", at=at(10, 5)),
        JoinGroup(group_id="g1", order_id="o2", user_id="u9", at=at(10, 5)),
        OpenGroup(group_id="g3", order_id="o1", user_id="u9", at=at(10, 5)),
    ):
        assert retired.context(late) == book.context(late)
        with pytest.raises(CommandRejected) as old:
            book.decide(late)
        with pytest.raises(CommandRejected) as new:
            retired.decide(late)
        assert (type(new.value), str(new.value)) == (type(old.value), str(old.value))
        assert getattr(new.value, "follow_up", None) == getattr(old.value, "follow_up", None)


def test_the_stream_refuses_a_short_seed_before_running() -> None:
    stream = replay_stream(pinshang(), [], seed=b"short")
    with pytest.raises(Exception, match="seed"):
        next(stream)


def test_the_stream_settles_a_group_when_it_finishes() -> None:
    c = campaign(group_size=2, capacity=2)
    log = [
        OpenGroup(group_id="g1", order_id="o1", user_id="u1", at=at(10)),
        JoinGroup(group_id="g1", order_id="o2", user_id="u2", at=at(10, 1)),
        OpenGroup(group_id="g2", order_id="o3", user_id="u3", at=at(10, 2)),
    ]
    seen = []

    def commands():
        for command in log:
            seen.append(command.order_id)
            yield command

    stream = replay_stream(c, commands())
    first = next(stream)
    assert isinstance(first, GroupSettlement)
    assert first.group_id == "g1"
    assert seen == ["o1", "o2"]  # settled before the rest of the log was read
    rest = list(stream)
    assert [s.group_id for s in rest] == ["g2"]


@pytest.mark.parametrize("group_id", [None, 5, b"g1"])
def test_retire_refuses_a_group_id_that_is_not_a_string(group_id) -> None:
    book = CampaignBook.start(campaign())
    with pytest.raises(InvalidValue) as info:
        book.retire(group_id)
    check_error(info, InvalidValue, "group_id")
    assert info.value.value == group_id
