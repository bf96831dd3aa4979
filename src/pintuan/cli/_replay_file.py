"""Parsing a replay file (TOML or JSON text) into a campaign and a command log.

The text is structured into pintuan's own values with the codec's one cattrs
converter (:func:`pintuan.codec.converter`), which also reads the friendly
forms used here: money as ``"99.00 CNY"``, durations as ``"2h30m"``, daily
windows as ``"10:00-12:00"``, dates and times as TOML's own. Any problem is
raised as a :class:`~pintuan.errors.ReplayFileError` whose ``field`` is the
path of the bad entry, e.g. ``campaign.group_size`` or ``commands[3].at``.
This module only parses text; reading files is the CLI's job.

Beyond the campaign's plain fields, a file may give ``kind = "lottery"``,
``"pinshang"`` or ``"gift"`` with the tables ``[campaign.draw]`` (a prize is
a table or a preset name: ``"product"``, ``"money_back"``, ``"nothing"``),
``[campaign.rewards]`` (``regional.agents`` as ``{region = "agent"}``) and
``[campaign.gifts]``; a pinshang campaign may instead give
``[campaign.pinshang]`` (``price``, ``group_size``, ``win_rate_bps`` or
``winners``, ``participation_reward``). Open and join commands take
``referral_chain = [...]`` and ``region``. A campaign with a draw needs the
top-level ``seed_hex``, its draw seed. Nothing is coerced: a list is never a
string, an int never a string, and unknown keys are refused at every level.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Mapping
from typing import Any

import attrs

from pintuan.campaign import Campaign, Kind
from pintuan.campaign.tiers import TierTable
from pintuan.codec import structure_value
from pintuan.draw import MIN_SEED_BYTES
from pintuan.errors import PintuanError, ReplayFileError
from pintuan.lifecycle.commands import (
    CloseGroup,
    Command,
    ExpireGroup,
    JoinGroup,
    LeaveGroup,
    OpenGroup,
)
from pintuan.lottery import PinshangTerms
from pintuan.money import Money

__all__ = ["ReplayInput", "parse_replay"]

_COMMANDS: Mapping[str, type] = {
    "open": OpenGroup,
    "join": JoinGroup,
    "leave": LeaveGroup,
    "expire": ExpireGroup,
    "close": CloseGroup,
}


@attrs.frozen(kw_only=True)
class ReplayInput:
    """A parsed replay file; ``seed`` is the campaign's draw seed (``seed_hex``)."""

    campaign: Campaign
    commands: tuple[Command, ...]
    returning_users: tuple[str, ...]
    seed: bytes | None = None


def structure(raw: Any, cls: type, path: str) -> Any:
    """Structure ``raw`` into ``cls``, or raise a :class:`ReplayFileError` at ``path``."""
    return structure_value(raw, cls, path=path, error=ReplayFileError)


_NEEDS = {
    Kind.TIERED: "a [campaign.tiers] table",
    Kind.LOTTERY: "a [campaign.draw] table",
    Kind.PINSHANG: "a [campaign.pinshang] table",
    Kind.GIFT: "a [campaign.gifts] table",
    Kind.NORMAL: "no tiers, draw or gifts",
}


def _campaign(raw: Any) -> Campaign:
    if not isinstance(raw, dict):
        raise ReplayFileError("campaign", raw, "must be a table with the campaign's fields")
    fields = dict(raw)
    kind = fields.pop("kind", "normal")
    if kind not in {k.value for k in Kind}:
        choices = ", ".join(k.value for k in Kind)
        raise ReplayFileError("campaign.kind", kind, f"must be one of: {choices}")
    if "tiers" in fields:
        # Group size, capacity and stock come from the tier table.
        table: TierTable = structure(fields["tiers"], TierTable, "campaign.tiers")
        fields["tiers"] = table
        fields.setdefault("group_size", table.first.size)
        fields.setdefault("capacity", table.top.size)
        fields.setdefault("stock", table.stock)
    if "pinshang" in fields:
        _pinshang_into(fields, kind)
    fields.setdefault("capacity", fields.get("group_size"))
    campaign: Campaign = structure(fields, Campaign, "campaign")
    declared = Kind(kind)
    # A pinshang draw is a lottery draw too: a file may call it either.
    if campaign.kind is not declared and (declared, campaign.kind) != (
        Kind.LOTTERY,
        Kind.PINSHANG,
    ):
        raise ReplayFileError(
            "campaign.kind",
            kind,
            f"the campaign's fields make it {campaign.kind.value}; "
            f"a {kind} campaign needs {_NEEDS[declared]}",
        )
    return campaign


@attrs.frozen(kw_only=True)
class _PinshangTable:
    """The ``[campaign.pinshang]`` table: PinshangTerms by a win rate or a winner count."""

    price: Money
    group_size: int
    participation_reward: Money | None = None
    win_rate_bps: int | None = None
    winners: int | None = None


def _pinshang_into(fields: dict[str, Any], kind: str) -> None:
    """Replace ``fields["pinshang"]`` with the price, group size and draw it sets."""
    if kind != Kind.PINSHANG.value:
        raise ReplayFileError("campaign.pinshang", kind, "is only for kind = 'pinshang'")
    for taken in ("price", "group_size", "draw"):
        if taken in fields:
            raise ReplayFileError(
                f"campaign.{taken}", fields[taken], "is set by [campaign.pinshang]; give it there"
            )
    path = "campaign.pinshang"
    table: _PinshangTable = structure(fields.pop("pinshang"), _PinshangTable, path)
    if (table.win_rate_bps is None) == (table.winners is None):
        both = (table.win_rate_bps, table.winners)
        raise ReplayFileError(f"{path}.win_rate_bps", both, "give exactly one of it or winners")
    reward = table.participation_reward or Money.zero(table.price.currency)
    try:
        if table.win_rate_bps is not None:
            terms = PinshangTerms.from_rate(
                table.price, table.group_size, table.win_rate_bps, reward
            )
        else:
            assert table.winners is not None
            terms = PinshangTerms(
                price=table.price,
                group_size=table.group_size,
                winners=table.winners,
                participation_reward=reward,
            )
    except PintuanError as err:
        field = "win_rate_bps" if err.field == "win_rate" else err.field
        raise ReplayFileError(f"{path}.{field}", err.value, err.rule) from None
    fields.update(price=terms.price, group_size=terms.group_size, draw=terms.policy())


def _seed(raw: Any) -> bytes:
    # The seed may be secret until the draw: errors describe it, never repeat it.
    if not isinstance(raw, str):
        raise ReplayFileError("seed_hex", type(raw).__name__, "must be a string of hex digits")
    try:
        seed = bytes.fromhex(raw)
    except ValueError as exc:
        raise ReplayFileError(
            "seed_hex", f"<{len(raw)} characters>", f"is not hex: {exc}"
        ) from None
    if len(seed) < MIN_SEED_BYTES:
        raise ReplayFileError(
            "seed_hex",
            f"<{len(seed)} bytes>",
            f"must be at least {MIN_SEED_BYTES} bytes ({2 * MIN_SEED_BYTES} hex digits)",
        )
    return seed


def _command(raw: Any, path: str) -> Command:
    if not isinstance(raw, dict):
        raise ReplayFileError(path, raw, "must be a table with a 'type'")
    fields = dict(raw)
    kind = fields.pop("type", None)
    if kind not in _COMMANDS:
        raise ReplayFileError(f"{path}.type", kind, f"must be one of: {', '.join(_COMMANDS)}")
    command: Command = structure(fields, _COMMANDS[kind], path)
    return command


def parse_replay(
    text: str, *, fmt: str, name: str = "<text>", need_seed: bool = True
) -> ReplayInput:
    """Parse replay-file text in ``fmt`` (``"toml"`` or ``"json"``).

    A campaign with a draw (lottery, pinshang) needs the top-level
    ``seed_hex``: its draw seed, at least 16 bytes as hex digits (unless
    ``need_seed`` is false: a simulation derives its own draw seeds).

    Raises:
        ReplayFileError: The text is not valid TOML/JSON, or an entry is
            missing or invalid; ``field`` is the entry's path.
    """
    try:
        data = tomllib.loads(text) if fmt == "toml" else json.loads(text)
    except (tomllib.TOMLDecodeError, json.JSONDecodeError) as exc:
        raise ReplayFileError("file", name, f"is not valid {fmt.upper()}: {exc}") from None
    if not isinstance(data, dict):
        raise ReplayFileError("file", type(data).__name__, "must hold a table at the top level")
    unknown = set(data) - {"campaign", "commands", "returning_users", "seed_hex"}
    if unknown:
        raise ReplayFileError("file", sorted(unknown), "unknown top-level keys")
    if "campaign" not in data:
        raise ReplayFileError("campaign", None, "is required")
    seed = _seed(data["seed_hex"]) if "seed_hex" in data else None
    campaign = _campaign(data["campaign"])
    if campaign.draw is not None and seed is None and need_seed:
        raise ReplayFileError(
            "seed_hex",
            None,
            f"is required: a {campaign.kind.value} campaign draws with the campaign's seed "
            f"(at least {MIN_SEED_BYTES} bytes as hex)",
        )
    raw_commands = data.get("commands", [])
    if not isinstance(raw_commands, list):
        raise ReplayFileError("commands", raw_commands, "must be a list of tables")
    commands = tuple(_command(raw, f"commands[{i}]") for i, raw in enumerate(raw_commands))
    users = data.get("returning_users", [])
    if not isinstance(users, list) or not all(isinstance(u, str) for u in users):
        raise ReplayFileError("returning_users", users, "must be a list of user ids")
    return ReplayInput(
        campaign=campaign, commands=commands, returning_users=tuple(users), seed=seed
    )
