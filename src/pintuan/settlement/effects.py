"""Effects: what a settlement asks the outside world to do, as data.

pintuan never moves money or ships parcels itself. Settling a group returns
effects such as :class:`Refund` and :class:`Ship`; the calling service carries
them out. Each effect has a deterministic ``key`` to pass to the payment or
logistics API as its idempotency key (for WeChat Pay, the refund number), so
retrying a settlement can never pay twice.
"""

from __future__ import annotations

import enum

import attrs

from pintuan.gifts import Coupon
from pintuan.money import Money

__all__ = [
    "AwardPoints",
    "Capture",
    "ClawBack",
    "Effect",
    "IssueCoupon",
    "Notify",
    "PayReward",
    "Refund",
    "RefundReason",
    "RewardKind",
    "Ship",
    "ShipGift",
]


class RefundReason(enum.Enum):
    """Why money goes back to the original payment."""

    GROUP_FAILED = "group_failed"
    LEFT_GROUP = "left_group"
    TIER_DIFFERENCE = "tier_difference"
    DRAW = "draw"
    RETURNED = "returned"


@attrs.frozen(kw_only=True)
class Capture:
    """Take an order's escrowed payment as the merchant's revenue."""

    key: str
    group_id: str
    order_id: str
    amount: Money


@attrs.frozen(kw_only=True)
class Refund:
    """Return ``amount`` of an order's payment through the original payment."""

    key: str
    group_id: str
    order_id: str
    amount: Money
    reason: RefundReason


@attrs.frozen(kw_only=True)
class Ship:
    """Ship ``quantity`` units of the product for an order."""

    key: str
    group_id: str
    order_id: str
    product_id: str
    quantity: int


@attrs.frozen(kw_only=True)
class Notify:
    """Tell a user what happened to their order (``topic`` is a stable code)."""

    key: str
    group_id: str
    order_id: str
    user_id: str
    topic: str


class RewardKind(enum.Enum):
    """What a cash reward paid from the promotion budget is for."""

    PARTICIPATION = "participation"
    PRIZE = "prize"
    REFERRAL = "referral"
    TEAM = "team"
    REGIONAL = "regional"


@attrs.frozen(kw_only=True)
class PayReward:
    """Pay a cash reward from the promotion budget to ``beneficiary`` (a user id).

    A reward is never a refund: it is money the operator spends, recorded
    against the order that earned it so that it can be clawed back.
    """

    key: str
    group_id: str
    order_id: str
    beneficiary: str
    amount: Money
    kind: RewardKind


@attrs.frozen(kw_only=True)
class IssueCoupon:
    """Give a coupon to a user."""

    key: str
    group_id: str
    order_id: str
    user_id: str
    coupon: Coupon


@attrs.frozen(kw_only=True)
class AwardPoints:
    """Credit loyalty points (积分) to a user."""

    key: str
    group_id: str
    order_id: str
    user_id: str
    points: int


@attrs.frozen(kw_only=True)
class ShipGift:
    """Ship a free gift item with an order."""

    key: str
    group_id: str
    order_id: str
    product_id: str
    quantity: int


@attrs.frozen(kw_only=True)
class ClawBack:
    """Take back a reward paid earlier, because its order was refunded after success.

    ``reward_key`` is the key of the :class:`PayReward` being reversed.
    """

    key: str
    group_id: str
    order_id: str
    beneficiary: str
    amount: Money
    kind: RewardKind
    reward_key: str


Effect = (
    Capture | Refund | Ship | Notify | PayReward | IssueCoupon | AwardPoints | ShipGift | ClawBack
)
