"""Deterministic idempotency keys for money movements and other effects."""

from __future__ import annotations

import hashlib
import re

from pintuan.errors import InvalidValue

__all__ = ["idempotency_key"]

_KIND = re.compile(r"[a-z]{1,16}")


def idempotency_key(kind: str, *parts: str) -> str:
    """Return a stable key for one effect, safe as a payment API's refund number.

    The key is ``"pt1-" + kind + "-"`` followed by 32 hex digits of a SHA-256
    over the parts, each prefixed with its length, so no two different part
    lists share a key. It is at most 53 characters of ``[0-9a-z-]`` and the same
    on every run and machine.

    >>> idempotency_key("refund", "c1", "g1", "o1", "group_failed")
    'pt1-refund-...'

    Raises:
        InvalidValue: ``kind`` is not 1-16 lower-case letters, or a part is not
            encodable as UTF-8.
    """
    if not isinstance(kind, str) or not _KIND.fullmatch(kind):
        raise InvalidValue("kind", kind, "must be 1 to 16 lower-case ASCII letters")
    digest = hashlib.sha256()
    for i, part in enumerate((kind, *parts)):
        try:
            data = part.encode("utf-8")
        except (UnicodeEncodeError, AttributeError):
            raise InvalidValue(f"parts[{i}]", part, "must be a UTF-8 encodable string") from None
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return f"pt1-{kind}-{digest.hexdigest()[:32]}"
