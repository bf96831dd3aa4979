"""The ``pintuan`` command line: replay campaigns, run and verify draws.

This is the only part of pintuan that reads files. Errors in the input are
reported as ``error: <path of the bad field>=<value>: <rule>`` on standard
error with exit code 2, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from pintuan._cli_draw import register as _register_draw
from pintuan._replay_file import parse_replay
from pintuan.errors import PintuanError, ReplayFileError
from pintuan.replay import ReplayResult, replay

__all__ = ["main"]


def _read_replay(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ReplayFileError("file", str(path), f"cannot be read: {exc}") from None


def _print_result(result: ReplayResult) -> None:
    print(
        f"{len(result.groups)} group(s), {len(result.events)} event(s), "
        f"{len(result.rejections)} rejected command(s)"
    )
    for command, rejection in result.rejections:
        print(
            f"  rejected {type(command).__name__} {command.group_id}: "
            f"[{rejection.code.value}] {rejection}"
        )
    for group, settlement in zip(result.groups, result.settlements, strict=True):
        print()
        print(
            f"group {group.group_id}: {group.status.value}, "
            f"{group.real_count} paying member(s), deadline {group.deadline.isoformat()}"
        )
        for effect in settlement.effects:
            name = type(effect).__name__.lower()
            amount = getattr(effect, "amount", None)
            extra = f" {amount}" if amount is not None else ""
            print(f"  {name:<8} {effect.order_id}{extra}  key={effect.key}")
        for statement in settlement.statements:
            print(f"  * {statement.text}")


def _replay_command(args: argparse.Namespace) -> int:
    path = Path(args.file)
    fmt = "json" if path.suffix.lower() == ".json" else "toml"
    data = parse_replay(_read_replay(path), fmt=fmt)
    result = replay(data.campaign, data.commands, returning_users=data.returning_users)
    _print_result(result)
    return 0


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``pintuan`` command."""
    summary = __doc__.splitlines()[0].replace("``", "")
    parser = argparse.ArgumentParser(prog="pintuan", description=summary)
    sub = parser.add_subparsers(dest="command", required=True)
    rep = sub.add_parser("replay", help="replay a campaign's command log and settle its groups")
    rep.add_argument("file", help="a TOML or JSON replay file (see examples/)")
    rep.set_defaults(func=_replay_command)
    _register_draw(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    args = build_parser().parse_args(argv)
    try:
        code: int = args.func(args)
    except PintuanError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
