"""The ``pintuan draw`` and ``pintuan verify`` subcommands.

``register`` adds them to the ``pintuan`` command's subparsers. An entries file
holds one entry per line, in UTF-8; surrounding whitespace is stripped and
blank lines are ignored. Bad input (bad hex, an unreadable file, a malformed
record, duplicate entries) prints ``error: <message>`` on standard error and
exits with 2, never a traceback; a record that does not check exits with 1.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path

from pintuan.draw import DrawRecord, draw, verify
from pintuan.errors import DrawError, PintuanError

__all__ = ["guarded", "parse_seed_hex", "read_text", "register"]

_INDEXED = re.compile(r"entries\[(\d+)\]")


def read_text(path: str, field: str) -> str:
    """The text of a file named on the command line, or an error naming it."""
    try:
        # utf-8-sig: a byte-order mark must not become part of the first entry.
        return Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise DrawError(field, path, f"cannot be read: {exc}") from None


class _Entries:
    """The entries of a file, remembering the line each came from."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.items: list[str] = []
        self.lines: list[int] = []
        for number, line in enumerate(read_text(path, "ENTRIES_FILE").splitlines(), start=1):
            entry = line.strip()
            if entry:
                self.items.append(entry)
                self.lines.append(number)

    def located(self, err: DrawError) -> DrawError:
        """Return ``err`` naming ``file:line`` instead of an index into the entries."""
        match = _INDEXED.fullmatch(err.field)
        if match is None:
            return err
        rule = _INDEXED.sub(lambda m: f"line {self.lines[int(m.group(1))]}", err.rule)
        return DrawError(f"{self.path}:{self.lines[int(match.group(1))]}", err.value, rule)


def parse_seed_hex(text: str) -> bytes:
    """The bytes of ``--seed-hex`` text, or a :class:`DrawError` naming the option."""
    try:
        return bytes.fromhex(text)
    except ValueError:
        raise DrawError("--seed-hex", text, "must be hexadecimal digits") from None


def _read_record(path: str) -> DrawRecord:
    text = read_text(path, "RECORD")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DrawError("RECORD", path, f"is not valid JSON: {exc}") from None
    return DrawRecord.from_dict(data)


def guarded(handler: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """A command handler that reports a pintuan error on stderr and exits with 2."""

    def run(args: argparse.Namespace) -> int:
        try:
            return handler(args)
        except PintuanError as err:
            print(f"error: {err}", file=sys.stderr)
            return 2

    run.__name__ = handler.__name__
    run.__doc__ = handler.__doc__
    return run


@guarded
def _draw_command(args: argparse.Namespace) -> int:
    """Draw winners and write the record as JSON on standard output."""
    seed = parse_seed_hex(args.seed_hex)
    entries = _Entries(args.entries_file)
    try:
        record = draw(seed, entries.items, args.winners, reserves=args.reserves)
    except DrawError as err:
        raise entries.located(err) from None
    print(json.dumps(record.to_dict(), ensure_ascii=False, indent=2))
    return 0


@guarded
def _verify_command(args: argparse.Namespace) -> int:
    """Recompute a draw record; exit 0 if it checks, 1 and each mismatch if not."""
    seed = parse_seed_hex(args.seed_hex)
    record = _read_record(args.record)
    entries = _Entries(args.entries_file)
    try:
        result = verify(record, seed, entries.items)
    except DrawError as err:
        raise entries.located(err) from None
    if result.ok:
        print(
            f"ok: {len(record.winners)} winner(s) and {len(record.reserves)} reserve(s) "
            f"recomputed from {len(entries.items)} entries"
        )
        return 0
    for mismatch in result.mismatches:
        print(f"mismatch: {mismatch.describe()}")
    return 1


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``draw`` and ``verify`` subcommands to the ``pintuan`` command.

    Args:
        subparsers: The object returned by ``ArgumentParser.add_subparsers``.
            Each added parser sets ``func`` to a handler taking the parsed
            arguments and returning the exit code.
    """
    drw = subparsers.add_parser(
        "draw", help="draw winners from an entries file and print the record as JSON"
    )
    drw.add_argument("--seed-hex", required=True, metavar="HEX", help="the seed, in hex")
    drw.add_argument("--winners", required=True, type=int, metavar="K", help="number of winners")
    drw.add_argument(
        "--reserves",
        type=int,
        default=None,
        metavar="N",
        help="number of reserves to record (default: all the other entries)",
    )
    drw.add_argument("entries_file", metavar="ENTRIES_FILE", help="one entry per line, UTF-8")
    drw.set_defaults(func=_draw_command)

    ver = subparsers.add_parser(
        "verify", help="recompute a draw record; exit 1 and say what differs if it does not match"
    )
    ver.add_argument("record", metavar="RECORD", help="a draw record, as JSON")
    ver.add_argument("entries_file", metavar="ENTRIES_FILE", help="one entry per line, UTF-8")
    ver.add_argument("--seed-hex", required=True, metavar="HEX", help="the seed, in hex")
    ver.set_defaults(func=_verify_command)
