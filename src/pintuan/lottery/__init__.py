"""Lottery and pinshang: the draw policy and the draws, in one place.

:mod:`pintuan.lottery.policy` says when a campaign draws and what winners and
losers receive; :mod:`pintuan.lottery.draws` runs the group draw (mode 2) and
the campaign-end draw (mode 1) on draw protocol v1 (:mod:`pintuan.draw`).
Settling the drawn members is :mod:`pintuan.settlement.prizes`.
"""

from pintuan.lottery.draws import (
    campaign_end_record,
    campaign_entries,
    draw_at_campaign_end,
    draw_group,
)
from pintuan.lottery.policy import (
    DrawMode,
    DrawPolicy,
    PinshangTerms,
    Prize,
    prize_for,
    winners_for_rate,
)

__all__ = [
    "DrawMode",
    "DrawPolicy",
    "PinshangTerms",
    "Prize",
    "campaign_end_record",
    "campaign_entries",
    "draw_at_campaign_end",
    "draw_group",
    "prize_for",
    "winners_for_rate",
]
