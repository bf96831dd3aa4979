"""Deterministic idempotency keys for money movements and other effects."""

from __future__ import annotations

import hashlib
import re

from pintuan.errors import InvalidValue

__all__ = ["derive_key", "idempotency_key", "key_prefix"]

_KIND = re.compile(r"[a-z]{1,16}")
_CHECKED_KINDS: set[str] = set()  # kinds already validated (a cache, not state)


def key_prefix(*parts: str) -> bytes:
    """Return the 32-byte SHA-256 of the parts, each prefixed with its length.

    The length prefixes make the encoding unambiguous: ``("ab", "c")`` and
    ``("a", "bc")`` give different prefixes.

    Raises:
        InvalidValue: A part is not a string, or not encodable as UTF-8.
    """
    chunks = []
    for i, part in enumerate(parts):
        if type(part) is not str:
            raise InvalidValue(f"parts[{i}]", part, "must be a string")
        try:
            data = part.encode("utf-8")
        except UnicodeEncodeError:
            raise InvalidValue(f"parts[{i}]", part, "must be a UTF-8 encodable string") from None
        chunks.append(len(data).to_bytes(8, "big"))
        chunks.append(data)
    return hashlib.sha256(b"".join(chunks)).digest()


def derive_key(prefix: bytes, kind: str, detail: str = "") -> str:
    """Return the key of one effect of ``kind`` from a :func:`key_prefix`.

    Raises:
        InvalidValue: ``kind`` is not 1-16 lower-case ASCII letters.
    """
    if kind not in _CHECKED_KINDS:
        if not isinstance(kind, str) or not _KIND.fullmatch(kind):
            raise InvalidValue("kind", kind, "must be 1 to 16 lower-case ASCII letters")
        _CHECKED_KINDS.add(kind)
    # prefix has a fixed length and kind has no NUL, so this input is unambiguous.
    data = b"".join(
        (prefix, kind.encode("ascii"), b"\x00", detail.encode("utf-8", "surrogatepass"))
    )
    return f"pt1-{kind}-{hashlib.sha256(data).hexdigest()[:32]}"


def idempotency_key(kind: str, *parts: str, detail: str = "") -> str:
    """Return a stable key for one effect, safe as a payment API's refund number.

    The key is ``"pt1-" + kind + "-"`` followed by 32 hex digits of a SHA-256,
    so it is at most 53 characters of ``[0-9a-z-]``, the same on every run and
    machine, and different for different ``(kind, parts, detail)``. Settlement
    keys are ``idempotency_key(kind, campaign_id, group_id, order_id,
    detail=...)``, so a service can recompute any of them.

    >>> idempotency_key("refund", "c1", "g1", "o1", detail="group_failed")
    'pt1-refund-...'

    Raises:
        InvalidValue: ``kind`` is not 1-16 lower-case letters, or a part is not
            a UTF-8 encodable string.
    """
    return derive_key(key_prefix(*parts), kind, detail)
