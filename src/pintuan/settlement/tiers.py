"""Tier differences: what each member of a closed tiered group gets back.

The final tier of a tiered group (:class:`~pintuan.campaign.TierTable`) is
fixed by its member count when it closes; everyone then pays that tier's
price, and whoever paid more at joining is refunded the difference.
"""

from __future__ import annotations

from collections.abc import Iterable

from pintuan import _validators as v
from pintuan.campaign.tiers import TierTable
from pintuan.errors import ConfigurationError
from pintuan.lifecycle.order import Order, Role
from pintuan.money import Money

__all__ = ["tier_refunds"]


def tier_refunds(
    table: TierTable,
    orders: Iterable[Order],
    members_at_close: int,
    *,
    leader_price: Money | None = None,
) -> tuple[tuple[str, Money], ...]:
    """Return ``(order_id, refund)`` for every order that paid more than the final tier.

    Per order, refund = paid - final unit price x quantity, only when it is
    greater than zero; a leader with a leader price pays the lower of that price
    and the final tier's price. Virtual orders are skipped.

    Raises:
        ConfigurationError: ``members_at_close`` is below the first tier (the
            group failed: refund everything instead), or an argument is not
            of its type.
    """
    v.require("table", table, TierTable, error=ConfigurationError)
    final = table.price_for(members_at_close)
    if final is None:
        raise ConfigurationError(
            "members_at_close", members_at_close, f"is below the first tier ({table.first.size})"
        )
    out = []
    # Members mostly paid alike: compute each (paid, quantity, leader) case once.
    refunds: dict[tuple[int, str, int, bool], Money] = {}  # plain keys: cheap to hash
    for order in v.each("orders", orders, Order):
        if order.virtual:
            continue
        leads = leader_price is not None and order.role is Role.LEADER
        case = (order.paid.amount, order.paid.currency, order.quantity, leads)
        refund = refunds.get(case)
        if refund is None:
            unit = min(final, leader_price) if leads and leader_price is not None else final
            refund = refunds[case] = order.paid - unit * order.quantity
        if refund.amount > 0:
            out.append((order.order_id, refund))
    return tuple(out)
