"""Deterministic idempotency keys for money movements and other effects."""

from __future__ import annotations

import re
from collections.abc import Callable
from hashlib import sha256

from pintuan.errors import InvalidValue

__all__ = [
    "Fixed",
    "GroupKeys",
    "derive_key",
    "fixed_key",
    "fixed_part",
    "idempotency_key",
    "key_prefix",
    "key_suffix",
    "prefix_maker",
    "tailed_key",
]

_KIND = re.compile(r"[a-z]{1,16}")
_CHECKED_KINDS: set[str] = set()  # kinds already validated (a cache, not state)


def _chunk(index: int, part: str) -> bytes:
    """One part's UTF-8 bytes prefixed with their length (8 bytes, big-endian)."""
    if type(part) is not str:
        raise InvalidValue(f"parts[{index}]", part, "must be a string")
    try:
        data = part.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidValue(f"parts[{index}]", part, "must be a UTF-8 encodable string") from None
    return len(data).to_bytes(8, "big") + data


def _encoded(parts: tuple[str, ...]) -> bytes:
    """The parts' chunks in order: an unambiguous encoding."""
    return b"".join(_chunk(i, part) for i, part in enumerate(parts))


def key_prefix(*parts: str) -> bytes:
    """Return the 32-byte SHA-256 of the parts, each prefixed with its length.

    The length prefixes make the encoding unambiguous: ``("ab", "c")`` and
    ``("a", "bc")`` give different prefixes.

    Raises:
        InvalidValue: A part is not a string, or not encodable as UTF-8.
    """
    return sha256(_encoded(parts)).digest()


def prefix_maker(*leading: str) -> Callable[[str], bytes]:
    """Return ``last -> key_prefix(*leading, last)``, encoding ``leading`` once.

    Raises:
        InvalidValue: A part is not a string, or not encodable as UTF-8.
    """
    head = _encoded(leading)
    n = len(leading)

    def make(last: str) -> bytes:
        if type(last) is str and last.isascii():  # an id, mostly: _chunk's bytes, inline
            return sha256(head + len(last).to_bytes(8, "big") + last.encode()).digest()
        return sha256(head + _chunk(n, last)).digest()

    return make


def key_suffix(kind: str, detail: str = "") -> bytes:
    """Return the bytes that follow a :func:`key_prefix` in the key of ``kind``.

    Raises:
        InvalidValue: ``kind`` is not 1-16 lower-case ASCII letters.
    """
    if kind not in _CHECKED_KINDS:
        if not isinstance(kind, str) or not _KIND.fullmatch(kind):
            raise InvalidValue("kind", kind, "must be 1 to 16 lower-case ASCII letters")
        _CHECKED_KINDS.add(kind)
    # prefix has a fixed length and kind has no NUL, so this input is unambiguous.
    return b"".join((kind.encode("ascii"), b"\x00", detail.encode("utf-8", "surrogatepass")))


def derive_key(prefix: bytes, kind: str, detail: str = "") -> str:
    """Return the key of one effect of ``kind`` from a :func:`key_prefix`.

    Raises:
        InvalidValue: ``kind`` is not 1-16 lower-case ASCII letters.
    """
    return fixed_key(fixed_part(kind, detail), prefix)


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


#: A key's fixed part: its text before the hash, and the bytes after the prefix.
Fixed = tuple[str, bytes]


def fixed_part(kind: str, detail: str = "") -> Fixed:
    """The fixed part of the keys of ``kind`` whose detail starts with (or is) ``detail``.

    Raises:
        InvalidValue: ``kind`` is not 1-16 lower-case ASCII letters.
    """
    return f"pt1-{kind}-", key_suffix(kind, detail)


def fixed_key(fixed: Fixed, prefix: bytes) -> str:
    """``derive_key(prefix, kind, detail)`` of the kind and detail ``fixed`` was made of."""
    return fixed[0] + sha256(prefix + fixed[1]).hexdigest()[:32]


def tailed_key(fixed: Fixed, prefix: bytes, tail: bytes) -> str:
    """``derive_key(prefix, kind, detail + more)``, ``tail`` being ``more`` in UTF-8.

    ``fixed`` is ``fixed_part(kind, detail)``: a detail made of a fixed start
    and a varying end is encoded once, not once per key made of it.
    """
    return fixed[0] + sha256(prefix + fixed[1] + tail).hexdigest()[:32]


class GroupKeys:
    """The keys of one group's effects, each order's prefix computed once.

    ``keys.make(kind, order_id, detail)`` is ``idempotency_key(kind,
    campaign_id, group_id, order_id, detail=detail)``; an order's keys are
    mostly made one after another, so the last order's prefix is kept at hand.
    """

    __slots__ = ("_make_prefix", "_oid", "_prefix", "_prefixes")

    def __init__(self, campaign_id: str, group_id: str) -> None:
        self._make_prefix = prefix_maker(campaign_id, group_id)
        self._prefixes: dict[str, bytes] = {}
        self._oid: str | None = None
        self._prefix = b""

    def prefix(self, oid: str) -> bytes:
        """``key_prefix(campaign_id, group_id, oid)``, made once per order."""
        prefix = self._prefixes.get(oid)
        if prefix is None:
            prefix = self._prefixes[oid] = self._make_prefix(oid)
        self._oid, self._prefix = oid, prefix
        return prefix

    def make(self, kind: str, order_id: str, detail: str = "") -> str:
        """The key of one effect of ``kind`` for the order ``order_id``.

        Raises:
            InvalidValue: ``kind`` is not 1-16 lower-case ASCII letters.
        """
        head = _HEADS.get(kind) or _HEADS.setdefault(kind, fixed_part(kind))
        prefix = self._prefix if order_id is self._oid else self.prefix(order_id)
        return tailed_key(head, prefix, detail.encode("utf-8", "surrogatepass"))


# Per kind, its fixed_part, made the first time the kind is seen (which checks it).
_HEADS: dict[str, Fixed] = {}
