"""The draw's HMAC with its padded keys hashed once gives hmac.digest's bytes."""

from __future__ import annotations

import hmac

from hypothesis import given
from hypothesis import strategies as st

from pintuan.draw.protocol import _hmac_sha256, score


@given(
    key=st.binary(min_size=0, max_size=200),
    head=st.binary(max_size=80),
    messages=st.lists(st.binary(max_size=300)),
)
def test_it_is_hmac_sha256_for_keys_of_any_length(
    key: bytes, head: bytes, messages: list[bytes]
) -> None:
    # Keys shorter than, as long as and longer than SHA-256's 64-byte block;
    # the head every message starts with hashed once, before any of them.
    digest, headed = _hmac_sha256(key), _hmac_sha256(key, head)
    for message in messages:
        assert digest(message) == hmac.digest(key, message, "sha256")
        assert headed(message) == hmac.digest(key, head + message, "sha256")


def test_keys_at_the_block_size_edges() -> None:
    for size in (63, 64, 65, 128):
        key = bytes(range(size))
        assert _hmac_sha256(key)(b"entry:o-1") == hmac.digest(key, b"entry:o-1", "sha256")


def test_one_scorer_serves_many_messages_without_carrying_state() -> None:
    digest = _hmac_sha256(bytes(32), b"entry:")
    first = digest(b"a")
    digest(b"b")
    assert digest(b"a") == first == score(bytes(32), "a")
