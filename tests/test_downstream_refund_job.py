"""A downstream test, as a user of pintuan would write it: "my refund job never refunds more
than was paid".

It uses only the public API of ``pintuan`` and ``pintuan.testing`` (no test
helpers of this repository), and is the example of docs/testing.md. The
refund job is the user's code: it carries out the ``Refund`` effects of
settlements through a payment gateway, by idempotency key, and may run
again after a crash or as a group moves on.
"""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

import pintuan as pt
from pintuan.testing import campaigns, check_settlement, command_logs, replay_log, seeds


class FakeGateway:
    """A payment gateway that, like WeChat Pay, refunds a refund number only once."""

    def __init__(self) -> None:
        self.refunds: dict[str, tuple[str, int]] = {}  # refund number -> (order id, amount)

    def refund(self, refund_number: str, order_id: str, amount: int) -> None:
        self.refunds.setdefault(refund_number, (order_id, amount))


def refund_job(settlements: list[pt.GroupSettlement], gateway: FakeGateway) -> None:
    """The code under test: carry out every refund the settlements ask for."""
    for settlement in settlements:
        for effect in settlement.effects:
            if isinstance(effect, pt.Refund):
                gateway.refund(effect.key, effect.order_id, effect.amount.amount)


@settings(max_examples=50, deadline=None)
@given(st.data(), campaigns(), seeds())
def test_my_refund_job_never_refunds_more_than_was_paid(data, campaign, seed) -> None:
    log = data.draw(command_logs(campaign))
    result = replay_log(campaign, log, seed=seed)
    check_settlement(campaign, result.settlements)  # the library kept its promises

    gateway = FakeGateway()
    refund_job(list(result.settlements), gateway)
    refund_job(list(result.settlements), gateway)  # a retry after a crash

    paid = {x.order_id: x.paid.amount for s in result.settlements for x in s.statements}
    refunded: Counter[str] = Counter()
    for order_id, amount in gateway.refunds.values():
        refunded[order_id] += amount
    for order_id, amount in refunded.items():
        assert 0 < amount <= paid[order_id]
