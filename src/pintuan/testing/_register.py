"""The Hypothesis entry point: ``st.from_type`` for pintuan's values.

Hypothesis calls :func:`_hypothesis_setup_hook` at the end of its own import,
through the ``hypothesis`` entry point in pintuan's package metadata (unless
``HYPOTHESIS_NO_PLUGINS`` is set). This module imports nothing; the hook
imports pintuan (about 0.2 s, once) and registers one strategy per value type.
Each strategy is built only when a test first asks for its type. The hook
never raises: a failure becomes a warning, so that it cannot break
``import hypothesis`` for code that does not use pintuan.
"""

from __future__ import annotations

from typing import Any


def _hypothesis_setup_hook() -> None:
    """Register a strategy for each pintuan value type with ``st.register_type_strategy``."""
    try:
        _register()
    except Exception as error:  # pragma: no cover - only a broken installation gets here
        import warnings

        warnings.warn(f"pintuan.testing could not register its strategies: {error!r}", stacklevel=2)


def _register() -> None:
    from hypothesis import strategies as st

    import pintuan as pt

    def lazily(name: str) -> Any:
        def build(_cls: type[Any]) -> st.SearchStrategy[Any]:
            from pintuan import testing

            strategy: st.SearchStrategy[Any] = getattr(testing, name)()
            return strategy

        return build

    table: dict[type[Any], str] = {
        pt.Money: "moneys",
        pt.Schedule: "schedules",
        pt.TierTable: "tier_tables",
        pt.Campaign: "campaigns",
        pt.DrawPolicy: "draw_policies",
        pt.PinshangTerms: "pinshang_terms",
        pt.Prize: "prizes",
        pt.RewardPlan: "reward_plans",
        pt.GiftPlan: "gift_plans",
        pt.Coupon: "coupons",
    }
    for cls, name in table.items():
        st.register_type_strategy(cls, lazily(name))
