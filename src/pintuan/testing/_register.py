"""The Hypothesis entry point: ``st.from_type`` for pintuan's values.

Hypothesis calls :func:`_hypothesis_setup_hook` when it is imported, through
the ``hypothesis`` entry point in pintuan's package metadata. It must not
fail, and should be cheap: the strategies are registered as functions of the
type, so nothing is built until a test asks for one.
"""

from __future__ import annotations

from typing import Any


def _hypothesis_setup_hook() -> None:
    """Register a strategy for each pintuan value type with ``st.register_type_strategy``."""
    from hypothesis import strategies as st

    import pintuan as pt
    from pintuan.testing import _campaigns, _rewards, _values

    table: dict[type[Any], st.SearchStrategy[Any]] = {
        pt.Money: _values.moneys(),
        pt.Schedule: _values.schedules(),
        pt.TierTable: _values.tier_tables(),
        pt.Campaign: _campaigns.campaigns(),
        pt.DrawPolicy: _rewards.draw_policies(),
        pt.PinshangTerms: _rewards.pinshang_terms(),
        pt.Prize: _rewards.prizes(),
        pt.RewardPlan: _rewards.reward_plans(),
        pt.GiftPlan: _rewards.gift_plans(),
        pt.Coupon: _rewards.coupons(),
    }
    for cls, strategy in table.items():
        st.register_type_strategy(cls, strategy)
