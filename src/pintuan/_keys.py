"""Deterministic idempotency keys for money movements and other effects."""

from __future__ import annotations

import hashlib

__all__ = ["idempotency_key"]

_SEP = "\x1f"


def idempotency_key(kind: str, *parts: str) -> str:
    """Return a stable key for one effect, safe as a payment API's refund number.

    The key is ``"pt1-" + kind + "-"`` followed by 32 hex digits of the SHA-256
    of the parts joined by the unit separator, so it is at most 64 characters,
    uses only ``[0-9a-z-]`` and is the same on every run and machine.

    >>> idempotency_key("refund", "c1", "g1", "o1", "group_failed")
    'pt1-refund-...'
    """
    digest = hashlib.sha256(_SEP.join((kind, *parts)).encode("utf-8")).hexdigest()
    return f"pt1-{kind}-{digest[:32]}"
