"""Parsing a replay file (TOML or JSON text) into a campaign and a command log.

The text is structured into pintuan's own values with cattrs. Any problem is
raised as a :class:`~pintuan.errors.ReplayFileError` whose ``field`` is the
path of the bad entry, e.g. ``campaign.group_size`` or ``commands[3].at``.
This module only parses text; reading files is the CLI's job.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta
from typing import Any

import attrs
import cattrs

from pintuan.campaign import Campaign, Kind
from pintuan.commands import CloseGroup, Command, ExpireGroup, JoinGroup, LeaveGroup, OpenGroup
from pintuan.errors import PintuanError, ReplayFileError
from pintuan.money import Money
from pintuan.schedule import DailyWindow
from pintuan.tiers import TierTable

__all__ = ["ReplayInput", "parse_replay"]

_COMMANDS: Mapping[str, type] = {
    "open": OpenGroup,
    "join": JoinGroup,
    "leave": LeaveGroup,
    "expire": ExpireGroup,
    "close": CloseGroup,
}
_DURATION = re.compile(r"(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?")


@attrs.frozen(kw_only=True)
class ReplayInput:
    """A parsed replay file."""

    campaign: Campaign
    commands: tuple[Command, ...]
    returning_users: tuple[str, ...]


def _duration(value: Any, _type: Any) -> timedelta:
    match = _DURATION.fullmatch(value) if isinstance(value, str) and value else None
    if match is None:
        raise ValueError(f"{value!r} is not a duration such as '24h', '90m' or '1d12h'")
    d, h, m, s = (int(x or 0) for x in match.groups())
    return timedelta(days=d, hours=h, minutes=m, seconds=s)


def _iso(kind: type, parse: Callable[[str], Any]) -> Callable[[Any, Any], Any]:
    def hook(value: Any, _type: Any) -> Any:
        if isinstance(value, kind) and not (kind is date and isinstance(value, datetime)):
            return value
        if not isinstance(value, str):
            raise ValueError(f"{value!r} is not an ISO 8601 {kind.__name__}")
        return parse(value)

    return hook


def _exactly(kind: type) -> Callable[[Any, Any], Any]:
    """A hook that accepts only values already of ``kind`` (no silent coercion)."""

    def hook(value: Any, _type: Any) -> Any:
        if type(value) is not kind:
            raise ValueError(f"must be of type {kind.__name__}, not {type(value).__name__}")
        return value

    return hook


def _converter() -> cattrs.Converter:
    conv = cattrs.Converter(forbid_extra_keys=True)
    for kind in (str, int, bool):
        conv.register_structure_hook(kind, _exactly(kind))
    conv.register_structure_hook(Money, lambda v, _t: Money.parse(v))
    conv.register_structure_hook(timedelta, _duration)
    conv.register_structure_hook(date, _iso(date, date.fromisoformat))
    conv.register_structure_hook(datetime, _iso(datetime, datetime.fromisoformat))
    conv.register_structure_hook(DailyWindow, lambda v, _t: DailyWindow.parse(v))
    conv.register_structure_hook(
        TierTable,
        lambda v, _t: (
            v if isinstance(v, TierTable) else (conv.structure_attrs_fromdict(v, TierTable))
        ),
    )
    return conv


_CONVERTER = _converter()


_STEP = re.compile(r"\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]|\['([^']*)'\]")


def _lookup(raw: Any, where: str) -> Any:
    """Return the raw value at a cattrs path such as ``$.schedule.windows[0]``."""
    value = raw
    for name, index, key in _STEP.findall(where):
        try:
            value = value[int(index)] if index else value[name or key]
        except (KeyError, IndexError, TypeError):
            return None
    return value


def _leaf(exc: BaseException) -> BaseException:
    while isinstance(exc, cattrs.BaseValidationError) and exc.exceptions:
        exc = exc.exceptions[0]
    return exc


def _fail(path: str, raw: Any, exc: BaseException) -> ReplayFileError:
    if isinstance(exc, PintuanError):
        return ReplayFileError(f"{path}.{exc.field}", exc.value, exc.rule)
    if isinstance(exc, cattrs.BaseValidationError):
        message, _, where = cattrs.transform_error(exc, path="$")[0].rpartition(" @ ")
        leaf = _leaf(exc)
        if isinstance(leaf, cattrs.ForbiddenExtraKeysError):
            extra = sorted(leaf.extra_fields)
            return ReplayFileError(f"{path}{where[1:]}", extra, "unknown field(s)")
        if isinstance(leaf, PintuanError):
            return ReplayFileError(f"{path}{where[1:]}.{leaf.field}", leaf.value, leaf.rule)
        if isinstance(leaf, ValueError) and str(leaf) and not isinstance(leaf, KeyError):
            message = str(leaf)
        return ReplayFileError(f"{path}{where[1:]}", _lookup(raw, where), message)
    return ReplayFileError(path, raw, str(exc))


def _structure(raw: Any, cls: type, path: str) -> Any:
    if not isinstance(raw, dict):
        raise ReplayFileError(path, raw, "must be a table (mapping)")
    try:
        return _CONVERTER.structure(raw, cls)
    except (cattrs.BaseValidationError, PintuanError, ValueError, TypeError, KeyError) as exc:
        raise _fail(path, raw, exc) from None


def _campaign(raw: Any) -> Campaign:
    if not isinstance(raw, dict):
        raise ReplayFileError("campaign", raw, "must be a table with the campaign's fields")
    fields = dict(raw)
    kind = fields.get("kind", "normal")
    if kind not in {k.value for k in Kind}:
        choices = ", ".join(k.value for k in Kind)
        raise ReplayFileError("campaign.kind", kind, f"must be one of: {choices}")
    fields["kind"] = kind
    if kind == Kind.TIERED.value and "tiers" in fields:
        # Group size, capacity and stock come from the tier table.
        table: TierTable = _structure(fields["tiers"], TierTable, "campaign.tiers")
        fields["tiers"] = table
        fields.setdefault("group_size", table.first.size)
        fields.setdefault("capacity", table.top.size)
        fields.setdefault("stock", table.stock)
    fields.setdefault("capacity", fields.get("group_size"))
    campaign: Campaign = _structure(fields, Campaign, "campaign")
    return campaign


def _command(raw: Any, path: str) -> Command:
    if not isinstance(raw, dict):
        raise ReplayFileError(path, raw, "must be a table with a 'type'")
    fields = dict(raw)
    kind = fields.pop("type", None)
    if kind not in _COMMANDS:
        raise ReplayFileError(f"{path}.type", kind, f"must be one of: {', '.join(_COMMANDS)}")
    command: Command = _structure(fields, _COMMANDS[kind], path)
    return command


def parse_replay(text: str, *, fmt: str) -> ReplayInput:
    """Parse replay-file text in ``fmt`` (``"toml"`` or ``"json"``).

    Raises:
        ReplayFileError: The text is not valid TOML/JSON, or an entry is
            missing or invalid; ``field`` is the entry's path.
    """
    try:
        data = tomllib.loads(text) if fmt == "toml" else json.loads(text)
    except (tomllib.TOMLDecodeError, json.JSONDecodeError) as exc:
        raise ReplayFileError("file", fmt, f"is not valid {fmt.upper()}: {exc}") from None
    if not isinstance(data, dict):
        raise ReplayFileError("file", type(data).__name__, "must hold a table at the top level")
    unknown = set(data) - {"campaign", "commands", "returning_users"}
    if unknown:
        raise ReplayFileError("file", sorted(unknown), "unknown top-level keys")
    if "campaign" not in data:
        raise ReplayFileError("campaign", None, "is required")
    campaign = _campaign(data["campaign"])
    raw_commands = data.get("commands", [])
    if not isinstance(raw_commands, list):
        raise ReplayFileError("commands", raw_commands, "must be a list of tables")
    commands = tuple(_command(raw, f"commands[{i}]") for i, raw in enumerate(raw_commands))
    users = data.get("returning_users", [])
    if not isinstance(users, list) or not all(isinstance(u, str) for u in users):
        raise ReplayFileError("returning_users", users, "must be a list of user ids")
    return ReplayInput(campaign=campaign, commands=commands, returning_users=tuple(users))
