"""Non-cash things a member can receive: coupons and gift items.

These values are shared by draw prizes (a coupon for losers, say) and by the
gift group buy (points, a coupon or a gift item to every member).
"""

from __future__ import annotations

from typing import Any

import attrs

from pintuan.errors import ConfigurationError

__all__ = ["Coupon", "GiftItem"]


def _optional_text(_inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and (not isinstance(value, str) or not value.strip()):
        raise ConfigurationError(attribute.name, value, "must be None or a non-empty string")


@attrs.frozen(kw_only=True)
class Coupon:
    """A coupon: a system coupon id, or an external coupon link (exactly one).

    >>> Coupon(system_id="cpn-10off")
    Coupon(system_id='cpn-10off', link=None)
    """

    system_id: str | None = attrs.field(default=None, validator=_optional_text)
    link: str | None = attrs.field(default=None, validator=_optional_text)

    def __attrs_post_init__(self) -> None:
        if (self.system_id is None) == (self.link is None):
            raise ConfigurationError(
                "coupon", (self.system_id, self.link), "give exactly one of system_id or link"
            )

    @property
    def reference(self) -> str:
        """The system id or the link, whichever is set."""
        return self.system_id if self.system_id is not None else str(self.link)


@attrs.frozen(kw_only=True)
class GiftItem:
    """A product shipped free with an order (buy one, get one)."""

    product_id: str = attrs.field()
    quantity: int = attrs.field(default=1)

    @product_id.validator
    def _check_product(self, attribute: attrs.Attribute[str], value: Any) -> None:
        if not isinstance(value, str) or not value:
            raise ConfigurationError("product_id", value, "must be a non-empty string")

    @quantity.validator
    def _check_quantity(self, attribute: attrs.Attribute[int], value: Any) -> None:
        if type(value) is not int or value < 1:
            raise ConfigurationError("quantity", value, "must be an int >= 1")
