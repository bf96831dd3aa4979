"""The smaller choices of a campaign: its kind, limits, virtual completion, full groups."""

from __future__ import annotations

import enum

import attrs

from pintuan import _validators as v
from pintuan.errors import ConfigurationError

__all__ = ["FullGroupPolicy", "Kind", "UserLimits", "VirtualCompletion"]

_LIMIT = v.optional(v.integer(1, error=ConfigurationError))


class Kind(enum.Enum):
    """Which of the seed's five kinds a campaign is, derived from its policies.

    ``TIERED`` has a tier table; ``PINSHANG`` draws in every group, ships the
    product to winners and gives losers their money back (plus, usually, a
    reward); ``LOTTERY`` has any other draw; ``GIFT`` gives gifts on success
    without a draw; ``NORMAL`` has none of these.
    """

    NORMAL = "normal"
    TIERED = "tiered"
    LOTTERY = "lottery"
    PINSHANG = "pinshang"
    GIFT = "gift"


class FullGroupPolicy(enum.Enum):
    """What happens when a payer tries to join a group that is already full.

    ``REJECT`` refuses the join. ``REDIRECT`` refuses it with a follow-up join
    into another group with a free seat (the caller names that group in the
    decision context). ``OPEN_NEW`` refuses it with a follow-up that opens a
    new group for the payer (the caller supplies the new group's id).
    """

    REJECT = "reject"
    REDIRECT = "redirect"
    OPEN_NEW = "open_new"


@attrs.frozen(kw_only=True)
class UserLimits:
    """Per-user limits within one campaign; ``None`` means no limit.

    Attributes:
        max_groups_joined: Groups a user may join as a member (not as leader).
        max_groups_opened: Groups a user may open as leader.
        max_quantity: Units a user may buy in one order (at most
            ``MAX_QUANTITY``, 10,000, the bound of every order).
    """

    max_groups_joined: int | None = attrs.field(default=None, validator=_LIMIT)
    max_groups_opened: int | None = attrs.field(default=None, validator=_LIMIT)
    max_quantity: int | None = attrs.field(
        default=None, validator=v.optional(v.quantity(error=ConfigurationError))
    )


@attrs.frozen(kw_only=True)
class VirtualCompletion:
    """Fill a group's missing seats with placeholders at its deadline.

    At the deadline, a group that has at least ``min_real_members`` paying
    members succeeds, its empty seats taken by virtual members. Virtual members
    are flagged, never pay, never win and never receive anything.
    """

    min_real_members: int = attrs.field(validator=v.integer(1, error=ConfigurationError))
