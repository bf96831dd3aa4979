"""The bad-input catalog, part 2: commands, decisions, events and settlement.

As in part 1 (``test_bad_inputs_values.py``): each case must raise exactly one
:mod:`pintuan.errors` class naming the bad field and value, in a message
``field=value: rule``, and leave every input (campaigns, groups, books,
settlements) unchanged. A refused command is a
:class:`~pintuan.errors.CommandRejected` whose field and value say what was
refused.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import attrs
import pytest

import pintuan as pt
from _factories import (
    CTX,
    SEED,
    at,
    budgeted_campaign,
    campaign,
    campaign_end_lottery,
    check_refused,
    closing_group,
    cny,
    full_group,
    lottery_with,
    seed_table,
)
from pintuan import codec
from pintuan.errors import CodecError, CommandRejected, DrawError, MoneyError, NaiveDatetime
from pintuan.errors import ConfigurationError as Cfg
from pintuan.errors import CurrencyMismatch as Mismatch
from pintuan.errors import InvalidValue as Invalid
from pintuan.settlement import apply_budget

NAIVE = datetime(2020, 7, 1, 10, 30)  # noqa: DTZ001 (the bad input)
USD = pt.Money.parse("1.00 USD")
CAMPAIGN = campaign()  # groups of 3 at 99.00 CNY, 10:00-12:00 daily
LIMITED = campaign(
    limits=pt.UserLimits(max_groups_joined=1, max_groups_opened=1, max_quantity=2),
    stock=10, new_users_only=True,
)  # fmt: skip
OTHER = campaign(campaign_id="c2", price=cny("1.00"))
FORMING = full_group(CAMPAIGN, 3, stop=1)  # g1-o1, g1-o2 of 3, open until 12:00
CLOSED = full_group(CAMPAIGN, 3)  # succeeded and closed
SETTLED = pt.settle_group(CAMPAIGN, CLOSED)
WAITING = pt.settle_group(CAMPAIGN, FORMING)
BUDGETED = budgeted_campaign()
BUDGET_GROUP = closing_group(BUDGETED, "b1", 1)
END_LOTTERY = campaign_end_lottery()
END_GROUP = closing_group(END_LOTTERY, "e1", 1)
MODE2 = lottery_with(1, pt.Prize.money_back())
MODE2_GROUP = full_group(MODE2, 4)
BOOK = pt.CampaignBook.start(CAMPAIGN).record(pt.decide(CAMPAIGN, None, pt.OpenGroup(
    group_id="g1", order_id="g1-o1", user_id="g1-u1", at=at(10)), CTX))  # fmt: skip
ORDER = FORMING.orders[0]
POSTING = SETTLED.postings[0]
# Every case may read these; none may change them.
SHARED = (CAMPAIGN, LIMITED, FORMING, CLOSED, SETTLED, WAITING, BUDGET_GROUP, END_GROUP,
          MODE2_GROUP, BOOK)  # fmt: skip


def opening(**kw: Any) -> pt.OpenGroup:
    return pt.OpenGroup(**{"group_id": "g9", "order_id": "o9", "user_id": "u9", "at": at(10, 30),
                           **kw})  # fmt: skip


def joining(**kw: Any) -> pt.JoinGroup:
    return pt.JoinGroup(**{"group_id": "g1", "order_id": "o9", "user_id": "u9", "at": at(10, 30),
                           **kw})  # fmt: skip


def leaving(**kw: Any) -> pt.LeaveGroup:
    return pt.LeaveGroup(**{"group_id": "g1", "order_id": "g1-o1", "at": at(10, 30), **kw})


def context(**kw: Any) -> pt.DecisionContext:
    return pt.DecisionContext(**kw)


def decide(group: pt.Group | None, command: Any, ctx: Any = CTX, c: Any = CAMPAIGN) -> Any:
    return pt.decide(c, group, command, ctx)


def limited(command: Any, **kw: Any) -> Any:
    return pt.decide(LIMITED, None, command, pt.DecisionContext(**{"stock_left": 10, **kw}))


def order(**kw: Any) -> pt.Order:
    return attrs.evolve(ORDER, **kw)


def joined(**kw: Any) -> pt.MemberJoined:
    fields = {"group_id": "g1", "at": at(11), "order": order(order_id="o9", user_id="u9"),
              "version": FORMING.version + 1}  # fmt: skip
    return pt.MemberJoined(**{**fields, **kw})


def refund(settlement: Any = SETTLED, **kw: Any) -> Any:
    fields = {"order_id": "g1-o1", "amount": cny("1.00"), "return_id": "r1"}
    return pt.refund_after_success(settlement, **{**fields, **kw})


EXPIRE_EARLY = pt.ExpireGroup(group_id="g1", at=at(11))
C = pytest.param
R = CommandRejected

# fmt: off
CASES = [
    # --- commands -----------------------------------------------------------------
    C(lambda: opening(group_id=""), Invalid, "group_id", "", id="open-group-id-empty"),
    C(lambda: opening(group_id=None), Invalid, "group_id", None, id="open-group-id-none"),
    C(lambda: opening(group_id=7), Invalid, "group_id", 7, id="open-group-id-int"),
    C(lambda: opening(order_id=""), Invalid, "order_id", "", id="open-order-id-empty"),
    C(lambda: opening(order_id="virtual:o"), Invalid, "order_id", "virtual:o",
      id="open-order-id-virtual"),
    C(lambda: opening(user_id="virtual:u"), Invalid, "user_id", "virtual:u",
      id="open-user-id-virtual"),
    C(lambda: opening(user_id=" "), Invalid, "user_id", " ", id="open-user-id-blank"),
    C(lambda: opening(at=NAIVE), NaiveDatetime, "at", NAIVE, id="open-naive"),
    C(lambda: opening(at="2020-07-01T10:00+08:00"), NaiveDatetime, "at",
      "2020-07-01T10:00+08:00", id="open-at-str"),
    C(lambda: opening(at=None), NaiveDatetime, "at", None, id="open-at-none"),
    C(lambda: opening(quantity=0), Invalid, "quantity", 0, id="open-quantity-0"),
    C(lambda: opening(quantity=-1), Invalid, "quantity", -1, id="open-quantity-negative"),
    C(lambda: opening(quantity=1.0), Invalid, "quantity", 1.0, id="open-quantity-float"),
    C(lambda: opening(quantity=True), Invalid, "quantity", True, id="open-quantity-bool"),
    C(lambda: opening(quantity=10**30), Invalid, "quantity", 10**30, id="open-quantity-huge"),
    C(lambda: opening(quantity=10_001), Invalid, "quantity", 10_001,
      id="open-quantity-over-max"),
    C(lambda: opening(referral_chain=["u1"]), Invalid, "referral_chain", ["u1"],
      id="open-chain-list"),
    C(lambda: opening(referral_chain=("",)), Invalid, "referral_chain", ("",),
      id="open-chain-empty-id"),
    C(lambda: opening(referral_chain=("virtual:x",)), Invalid, "referral_chain",
      ("virtual:x",), id="open-chain-virtual"),
    C(lambda: opening(region=""), Invalid, "region", "", id="open-region-empty"),
    C(lambda: opening(region=86), Invalid, "region", 86, id="open-region-int"),
    C(lambda: joining(expected_version=-1), Invalid, "expected_version", -1,
      id="join-version-negative"),
    C(lambda: joining(expected_version="2"), Invalid, "expected_version", "2",
      id="join-version-str"),
    C(lambda: joining(new_group_id=""), Invalid, "new_group_id", "", id="join-new-group-empty"),
    C(lambda: joining(quantity=0), Invalid, "quantity", 0, id="join-quantity-0"),
    C(lambda: joining(at=NAIVE), NaiveDatetime, "at", NAIVE, id="join-naive"),
    C(lambda: leaving(order_id=""), Invalid, "order_id", "", id="leave-order-empty"),
    C(lambda: leaving(at=NAIVE), NaiveDatetime, "at", NAIVE, id="leave-naive"),
    C(lambda: pt.ExpireGroup(group_id="g1", at=NAIVE), NaiveDatetime, "at", NAIVE,
      id="expire-naive"),
    C(lambda: pt.ExpireGroup(group_id="g1", at=at(12), expected_version=1.5), Invalid,
      "expected_version", 1.5, id="expire-version-float"),
    C(lambda: pt.CloseGroup(group_id=None, at=at(12)), Invalid, "group_id", None,
      id="close-group-none"),
    # --- the decision context -----------------------------------------------------
    C(lambda: context(user_groups_joined=-1), Invalid, "context.user_groups_joined", -1,
      id="context-joined-negative"),
    C(lambda: context(user_groups_opened="1"), Invalid, "context.user_groups_opened", "1",
      id="context-opened-str"),
    C(lambda: context(stock_left=-1), Invalid, "context.stock_left", -1,
      id="context-stock-negative"),
    C(lambda: context(stock_left=1.0), Invalid, "context.stock_left", 1.0,
      id="context-stock-float"),
    C(lambda: context(user_is_new=1), Invalid, "context.user_is_new", 1, id="context-new-int"),
    C(lambda: context(order_id_taken="no"), Invalid, "context.order_id_taken", "no",
      id="context-taken-str"),
    C(lambda: context(group_with_seat=""), Invalid, "group_with_seat", "",
      id="context-seat-empty"),
    # --- decide: its arguments ----------------------------------------------------
    C(lambda: decide(None, opening(), c=None), Invalid, "campaign", None,
      id="decide-campaign-none"),
    C(lambda: decide(None, opening(), c="c1"), Invalid, "campaign", "c1",
      id="decide-campaign-str"),
    C(lambda: decide("g1", joining()), Invalid, "group", "g1", id="decide-group-str"),
    C(lambda: decide(FORMING, joining(), c=OTHER), Invalid, "group.campaign_id", "c1",
      id="decide-other-campaign"),
    C(lambda: decide(None, None), Invalid, "command", None, id="decide-command-none"),
    C(lambda: decide(None, {"group_id": "g9"}), Invalid, "command", {"group_id": "g9"},
      id="decide-command-dict"),
    C(lambda: decide(FORMING, pt.GroupClosed(group_id="g1", at=at(11))), Invalid, "command",
      pt.GroupClosed(group_id="g1", at=at(11)), id="decide-event-as-command"),
    C(lambda: decide(None, opening(), ctx={}), Invalid, "context", {},
      id="decide-context-dict"),
    C(lambda: decide(None, opening(), ctx=None), Invalid, "context", None,
      id="decide-context-none"),
    C(lambda: pt.handle(CAMPAIGN, FORMING, "join", CTX), Invalid, "command", "join",
      id="handle-command-str"),
    C(lambda: pt.handle(OTHER, FORMING, joining(), CTX), Invalid, "group.campaign_id", "c1",
      id="handle-other-campaign"),
    # --- decide: refused commands -------------------------------------------------
    C(lambda: decide(FORMING, opening(group_id="g1")), R, "group_id", "g1",
      id="reject-group-exists"),
    C(lambda: decide(None, joining()), R, "group_id", "g1", id="reject-unknown-group"),
    C(lambda: decide(FORMING, joining(group_id="g2")), R, "group_id", "g2",
      id="reject-other-group-id"),
    C(lambda: decide(CLOSED, joining()), R, "group_id", "g1", id="reject-join-full"),
    C(lambda: decide(CLOSED, leaving()), R, "command", "LeaveGroup", id="reject-leave-closed"),
    C(lambda: decide(FORMING, joining(expected_version=1)), R, "expected_version", 1,
      id="reject-version-conflict"),
    C(lambda: decide(FORMING, joining(at=at(9))), R, "at", at(9), id="reject-time-backwards"),
    C(lambda: decide(None, opening(at=at(13))), R, "at", at(13), id="reject-outside-window"),
    C(lambda: decide(None, opening(at=at(10, day=31))), R, "at", at(10, day=31),
      id="reject-after-campaign"),
    C(lambda: decide(FORMING, joining(at=at(12, 30))), R, "at", at(12, 30),
      id="reject-deadline-passed"),
    C(lambda: decide(FORMING, EXPIRE_EARLY), R, "at", at(11), id="reject-expire-early"),
    C(lambda: decide(FORMING, joining(user_id="g1-u2")), R, "user_id", "g1-u2",
      id="reject-already-member"),
    C(lambda: decide(FORMING, joining(order_id="g1-o2")), R, "order_id", "g1-o2",
      id="reject-duplicate-order"),
    C(lambda: decide(FORMING, joining(), ctx=context(order_id_taken=True, stock_left=9)), R,
      "order_id", "o9", id="reject-order-taken"),
    C(lambda: decide(FORMING, leaving(order_id="o7")), R, "order_id", "o7",
      id="reject-leave-stranger"),
    C(lambda: limited(opening(), user_groups_opened=1, user_is_new=True), R, "user_id", "u9",
      id="reject-open-limit"),
    C(lambda: limited(opening(quantity=3), user_is_new=True), R, "quantity", 3,
      id="reject-quantity-limit"),
    C(lambda: limited(opening()), R, "user_id", "u9", id="reject-not-new"),
    C(lambda: limited(opening(quantity=2), stock_left=1, user_is_new=True), R, "quantity", 2,
      id="reject-out-of-stock"),
    C(lambda: limited(opening(), stock_left=None, user_is_new=True), Invalid,
      "context.stock_left", None, id="stock-left-missing"),
    # --- events and evolve --------------------------------------------------------
    C(lambda: pt.evolve("g1", joined()), Invalid, "state", "g1", id="evolve-state-str"),
    C(lambda: pt.evolve(FORMING, None), Invalid, "event", "NoneType", id="evolve-none"),
    C(lambda: pt.evolve(FORMING, joined(group_id="g2")), Invalid, "event.group_id", "g2",
      id="evolve-other-group"),
    C(lambda: pt.evolve(FORMING, joined(version=9)), Invalid, "event.version", 9,
      id="evolve-version-gap"),
    C(lambda: pt.evolve(FORMING, joined(at=at(9))), Invalid, "event.at", at(9),
      id="evolve-earlier"),
    C(lambda: pt.evolve(FORMING, joined(order=order(user_id="u9"))), Invalid,
      "event.order.order_id", "g1-o1", id="evolve-order-twice"),
    C(lambda: pt.evolve(FORMING, joined(order=order(order_id="o9"))), Invalid,
      "event.order.user_id", "g1-u1", id="evolve-user-twice"),
    C(lambda: pt.evolve(FORMING, joined(order=order(order_id="o9", user_id="u9",
                                                     group_id="g2"))),
      Invalid, "event.order.group_id", "g2", id="evolve-order-other-group"),
    C(lambda: pt.evolve(CLOSED, joined()), Invalid, "event", "MemberJoined",
      id="evolve-join-closed"),
    C(lambda: pt.MemberJoined(group_id="g1", at=at(11), order="o9"), Invalid, "order", "o9",
      id="event-order-str"),
    C(lambda: pt.MemberJoined(group_id="g1", at=NAIVE, order=ORDER), NaiveDatetime, "at", NAIVE,
      id="event-naive"),
    C(lambda: pt.GroupSucceeded(group_id="g1", at=at(11), version=0), Invalid, "version", 0,
      id="event-version-0"),
    C(lambda: pt.VirtualMembersAdded(group_id="g1", at=at(11), orders=[ORDER]), Invalid,
      "orders", [ORDER], id="event-orders-list"),
    # --- orders -------------------------------------------------------------------
    C(lambda: order(paid=cny("1.00")), Invalid, "paid", "1.00 CNY", id="order-paid-wrong"),
    C(lambda: order(unit_price="99.00 CNY"), Invalid, "unit_price", "99.00 CNY",
      id="order-unit-price-str"),
    C(lambda: order(quantity=0), Invalid, "quantity", 0, id="order-quantity-0"),
    C(lambda: order(quantity=10**30), Invalid, "quantity", 10**30, id="order-quantity-huge"),
    C(lambda: order(role="member"), Invalid, "role", "member", id="order-role-str"),
    C(lambda: order(paid_at=NAIVE), NaiveDatetime, "paid_at", NAIVE, id="order-naive"),
    C(lambda: order(order_id=""), Invalid, "order_id", "", id="order-id-empty"),
    C(lambda: order(referral_chain=("virtual:1",)), Invalid, "referral_chain", ("virtual:1",),
      id="order-chain-virtual"),
    # --- settle_group and settle_groups -------------------------------------------
    C(lambda: pt.settle_group(None, CLOSED), Invalid, "campaign", None,
      id="settle-campaign-none"),
    C(lambda: pt.settle_group(CAMPAIGN, None), Invalid, "group", None, id="settle-group-none"),
    C(lambda: pt.settle_group(CAMPAIGN, "g1"), Invalid, "group", "g1", id="settle-group-str"),
    C(lambda: pt.settle_group(OTHER, CLOSED), Invalid, "group.campaign_id", "c1",
      id="settle-other-campaign"),
    C(lambda: pt.settle_group(BUDGETED, BUDGET_GROUP), Invalid, "budget_left", None,
      id="settle-budget-left-missing"),
    C(lambda: pt.settle_group(BUDGETED, BUDGET_GROUP, budget_left=USD), Mismatch,
      "budget_left", "1.00 USD", id="settle-budget-left-usd"),
    C(lambda: pt.settle_group(BUDGETED, BUDGET_GROUP, budget_left=-cny("1")), Invalid,
      "budget_left", -cny("1"), id="settle-budget-left-negative"),
    C(lambda: pt.settle_group(BUDGETED, BUDGET_GROUP, budget_left="2.50"), Invalid,
      "budget_left", "2.50", id="settle-budget-left-str"),
    C(lambda: pt.settle_group(MODE2, MODE2_GROUP), Invalid, "seed", None,
      id="settle-seed-missing"),
    C(lambda: pt.settle_group(MODE2, MODE2_GROUP, seed=b"short"), DrawError, "seed",
      "<5 bytes>", id="settle-seed-short"),
    C(lambda: pt.settle_group(END_LOTTERY, END_GROUP, winners="e1-1"), Invalid, "winners",
      "e1-1", id="settle-winners-str"),
    C(lambda: pt.settle_group(END_LOTTERY, END_GROUP, winners=5), Invalid, "winners", 5,
      id="settle-winners-int"),
    C(lambda: pt.settle_group(END_LOTTERY, END_GROUP, winners=["a", "b", "c", "d"]), Invalid,
      "winners", 4, id="settle-winners-too-many"),
    C(lambda: pt.settle_group(END_LOTTERY, END_GROUP, winners=[""]), Invalid, "winners", [""],
      id="settle-winners-empty-id"),
    C(lambda: list(pt.settle_groups(None, [CLOSED])), Invalid, "campaign", None,
      id="settle-groups-campaign-none"),
    C(lambda: pt.settle_groups(CAMPAIGN, None), Invalid, "groups", None,
      id="settle-groups-none"),
    C(lambda: pt.settle_groups(CAMPAIGN, "g1"), Invalid, "groups", "g1",
      id="settle-groups-str"),
    C(lambda: pt.settle_groups(CAMPAIGN, [CLOSED, None]), Invalid, "groups", None,
      id="settle-groups-item-none"),
    C(lambda: pt.settle_groups(CAMPAIGN, [CLOSED, FORMING]), Invalid, "groups", "g1",
      id="settle-groups-same-id"),
    C(lambda: list(pt.settle_groups(CAMPAIGN, iter([CLOSED, CLOSED]))), Invalid, "groups",
      "g1", id="settle-groups-stream-twice"),
    C(lambda: list(pt.settle_groups(OTHER, [CLOSED])), Invalid, "group.campaign_id", "c1",
      id="settle-groups-other-campaign"),
    C(lambda: pt.budget_order(None), Invalid, "group", None, id="budget-order-none"),
    C(lambda: apply_budget(None, [], None), Invalid, "plan", None, id="apply-budget-plan"),
    C(lambda: apply_budget(BUDGETED.rewards, [None], None), Invalid, "lines", None,
      id="apply-budget-line-none"),
    C(lambda: apply_budget(BUDGETED.rewards, [], -cny("1")), Invalid, "remaining", -cny("1"),
      id="apply-budget-negative"),
    # --- returns ------------------------------------------------------------------
    C(lambda: refund(None), Invalid, "settlement", None, id="return-settlement-none"),
    C(lambda: refund(SETTLED.statements), Invalid, "settlement", SETTLED.statements,
      id="return-statements"),
    C(lambda: refund(WAITING), Invalid, "settlement.status", "forming",
      id="return-not-succeeded"),
    C(lambda: refund(order_id=None), Invalid, "order_id", None, id="return-order-none"),
    C(lambda: refund(order_id="o7"), Invalid, "order_id", "o7", id="return-unknown-order"),
    C(lambda: refund(amount="1.00"), MoneyError, "amount", "1.00", id="return-amount-str"),
    C(lambda: refund(amount=USD), MoneyError, "amount", USD, id="return-amount-usd"),
    C(lambda: refund(amount=cny("0")), Invalid, "amount", "0.00 CNY", id="return-amount-zero"),
    C(lambda: refund(amount=cny("-1")), Invalid, "amount", "-1.00 CNY",
      id="return-amount-negative"),
    C(lambda: refund(amount=cny("99.01")), Invalid, "amount", "99.01 CNY",
      id="return-amount-over"),
    C(lambda: refund(return_id=""), Invalid, "return_id", "", id="return-id-empty"),
    C(lambda: refund(return_id=5), Invalid, "return_id", 5, id="return-id-int"),
    C(lambda: refund(refund(), return_id="r2"), Invalid, "return_id", "r2",
      id="return-twice"),
    C(lambda: refund(refund(), amount=cny("2")), Invalid, "amount", "2.00 CNY",
      id="return-id-reused"),
    # --- ledger and reports -------------------------------------------------------
    C(lambda: pt.balances(None), Invalid, "postings", None, id="balances-none"),
    C(lambda: pt.balances([None]), Invalid, "postings", None, id="balances-item-none"),
    C(lambda: pt.balances([POSTING, "p"]), Invalid, "postings", "p", id="balances-item-str"),
    C(lambda: attrs.evolve(POSTING, amount=cny("0")), MoneyError, "amount", "0.00 CNY",
      id="posting-zero"),
    C(lambda: attrs.evolve(POSTING, amount="1"), MoneyError, "amount", "1",
      id="posting-amount-str"),
    C(lambda: pt.summarize("ABC", [SETTLED]), MoneyError, "currency", "ABC",
      id="summarize-abc"),
    C(lambda: pt.summarize("USD", [SETTLED]), Invalid, "currency", "CNY",
      id="summarize-other-currency"),
    C(lambda: pt.summarize("CNY", None), Invalid, "settlements", None, id="summarize-none"),
    C(lambda: pt.summarize("CNY", [None]), Invalid, "settlements", None,
      id="summarize-item-none"),
    C(lambda: pt.campaign_pnl(None, [SETTLED]), MoneyError, "currency", None, id="pnl-none"),
    C(lambda: pt.campaign_pnl("CNY", [CLOSED]), Invalid, "settlements", CLOSED,
      id="pnl-group-not-settlement"),
    C(lambda: pt.tier_refunds(None, CLOSED.orders, 3), Cfg, "table", None, id="tier-refunds-table"),
    C(lambda: pt.tier_refunds(seed_table(), CLOSED.orders, "3"), Cfg, "members", "3",
      id="tier-refunds-members-str"),
    C(lambda: pt.tier_refunds(seed_table(), CLOSED.orders, 2), Cfg, "members_at_close", 2,
      id="tier-refunds-below-first"),
    C(lambda: pt.tier_refunds(seed_table(), [None], 3), Invalid, "orders", None,
      id="tier-refunds-order-none"),
    C(lambda: seed_table().price_for(3.0), Cfg, "members", 3.0, id="price-for-float"),
    # --- campaign-end draws -------------------------------------------------------
    C(lambda: pt.draw_at_campaign_end(None, [END_GROUP], SEED), Invalid, "campaign", None,
      id="end-draw-campaign-none"),
    C(lambda: pt.draw_at_campaign_end(CAMPAIGN, [CLOSED], SEED), Cfg, "campaign.draw", None,
      id="end-draw-no-draw"),
    C(lambda: pt.draw_at_campaign_end(MODE2, [MODE2_GROUP], SEED), Cfg, "campaign.draw",
      "at_group_success", id="end-draw-mode-2"),
    C(lambda: pt.draw_at_campaign_end(END_LOTTERY, None, SEED), Invalid, "groups", None,
      id="end-draw-groups-none"),
    C(lambda: pt.draw_at_campaign_end(END_LOTTERY, [None], SEED), Invalid, "groups", None,
      id="end-draw-group-none"),
    C(lambda: pt.draw_at_campaign_end(END_LOTTERY, [END_GROUP], b"short"), DrawError, "seed",
      "<5 bytes>", id="end-draw-short-seed"),
    C(lambda: pt.campaign_end_record(END_LOTTERY, [END_GROUP], SEED, reserves=-1), DrawError,
      "reserves", -1, id="end-record-reserves"),
    C(lambda: pt.verify(None, SEED, ["a"]), DrawError, "record", None, id="verify-none"),
    # --- the campaign book --------------------------------------------------------
    C(lambda: pt.CampaignBook.start(None), Invalid, "campaign", None, id="book-campaign-none"),
    C(lambda: pt.CampaignBook.start(CAMPAIGN, returning_users="u1"), Invalid,
      "returning_users", "u1", id="book-users-str"),
    C(lambda: pt.CampaignBook.start(CAMPAIGN, returning_users=[""]), Invalid,
      "returning_users", "", id="book-user-empty"),
    C(lambda: BOOK.due(NAIVE), NaiveDatetime, "at", NAIVE, id="book-due-naive"),
    C(lambda: BOOK.decide({}), Invalid, "command", {}, id="book-decide-dict"),
    C(lambda: BOOK.context(None), Invalid, "command", None, id="book-context-none"),
    C(lambda: BOOK.decide(opening(group_id="g1")), R, "group_id", "g1",
      id="book-decide-rejected"),
    C(lambda: BOOK.record(None), Invalid, "events", None, id="book-record-none"),
    C(lambda: BOOK.record(["opened"]), Invalid, "events", "opened", id="book-record-str"),
    C(lambda: BOOK.record([joined(group_id="g5")]), Invalid, "event.group_id", "g5",
      id="book-record-unknown-group"),
    # --- the codec ----------------------------------------------------------------
    C(lambda: codec.to_json(None), CodecError, "value", None, id="to-json-none"),
    C(lambda: codec.unstructure(5), CodecError, "value", 5, id="unstructure-int"),
    C(lambda: codec.from_json("{", pt.Group), CodecError, "$", "{", id="from-json-broken"),
    C(lambda: codec.from_json(5, pt.Group), CodecError, "$", 5, id="from-json-int"),
    C(lambda: codec.from_json("{}", int), CodecError, "cls", int, id="from-json-cls"),
    C(lambda: codec.structure([], pt.Group), CodecError, "$", [], id="structure-list"),
    # --- campaigns at work --------------------------------------------------------
    C(lambda: CAMPAIGN.deadline_for(NAIVE), NaiveDatetime, "opened_at", NAIVE,
      id="deadline-for-naive"),
    C(lambda: CAMPAIGN.schedule.is_open(None), NaiveDatetime, "at", None, id="is-open-none"),
    C(lambda: pt.RewardAmount(bps=1).amount_on("1"), MoneyError, "amount", "1",
      id="amount-on-str"),
    C(lambda: pt.RewardAmount(fixed=cny("1")).amount_on(USD), Mismatch, "base", "1.00 USD",
      id="amount-on-usd"),
]
# fmt: on


@pytest.mark.parametrize(("call", "error", "field", "value"), CASES)
def test_bad_input_is_refused(call, error, field, value):
    check_refused(call, error, field, value, SHARED)


def test_refused_commands_carry_their_code():
    with pytest.raises(CommandRejected) as info:
        decide(FORMING, joining(at=at(12, 30)))
    assert info.value.code is pt.Rejection.DEADLINE_PASSED


def test_the_catalog_is_large():
    assert len(CASES) >= 80
    assert len({c.id for c in CASES}) == len(CASES)
