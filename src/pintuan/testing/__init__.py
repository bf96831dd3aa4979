"""pintuan.testing: Hypothesis strategies and invariant checks for tests of code built on pintuan.

Install with ``pip install 'pintuan[testing]'``. The strategies follow
Hypothesis's own style (plural names, keyword-only bounds, arguments that take
strategies) and are registered for :func:`hypothesis.strategies.from_type`, so
``st.from_type(pintuan.Campaign)`` works once pintuan is installed:

* values: :func:`moneys`, :func:`aware_datetimes`, :func:`schedules`,
  :func:`tier_tables`, :func:`seeds`, :func:`currencies`;
* what campaigns give: :func:`coupons`, :func:`prizes`, :func:`gift_plans`,
  :func:`reward_plans`, :func:`draw_policies`, :func:`pinshang_terms`;
* :func:`campaigns` of every kind, and :func:`command_logs` fitted to one
  campaign, which :func:`replay_log` runs (with returns after success);
* :func:`check_settlement`, which raises :class:`SettlementInvariantError`
  (an ``AssertionError``) when a settlement breaks an invariant.

    >>> from hypothesis import given
    >>> from pintuan.testing import campaigns, check_settlement, command_logs, replay_log, seeds
    >>> from hypothesis import strategies as st
    >>> @given(st.data(), campaigns(), seeds())
    ... def test_settlements_keep_the_invariants(data, campaign, seed):
    ...     log = data.draw(command_logs(campaign))
    ...     check_settlement(campaign, replay_log(campaign, log, seed=seed).settlements)
"""

from pintuan.testing._campaigns import campaigns
from pintuan.testing._invariants import INVARIANTS, SettlementInvariantError, check_settlement
from pintuan.testing._logs import CommandLog, Return, command_logs, replay_log
from pintuan.testing._rewards import (
    REGIONS,
    coupons,
    draw_policies,
    gift_plans,
    pinshang_terms,
    prizes,
    reward_plans,
)
from pintuan.testing._values import (
    ZONES,
    aware_datetimes,
    currencies,
    moneys,
    schedules,
    seeds,
    tier_tables,
)

__all__ = [
    "INVARIANTS",
    "REGIONS",
    "ZONES",
    "CommandLog",
    "Return",
    "SettlementInvariantError",
    "aware_datetimes",
    "campaigns",
    "check_settlement",
    "command_logs",
    "coupons",
    "currencies",
    "draw_policies",
    "gift_plans",
    "moneys",
    "pinshang_terms",
    "prizes",
    "replay_log",
    "reward_plans",
    "schedules",
    "seeds",
    "tier_tables",
]
