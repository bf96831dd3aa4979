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

from pintuan import __version__
from pintuan.cli._draw import register as _register_draw
from pintuan.cli._replay_file import parse_replay
from pintuan.cli._simulate import register as _register_simulate
from pintuan.codec import to_json
from pintuan.draw import DrawRecord
from pintuan.errors import PintuanError, ReplayFileError
from pintuan.replay import ReplayResult, replay
from pintuan.settlement import GroupSettlement
from pintuan.settlement.effects import AwardPoints, Effect, IssueCoupon, PayReward, ShipGift

__all__ = ["build_parser", "main", "parse_replay"]


def _read_replay(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ReplayFileError("file", str(path), f"cannot be read: {exc}") from None


def _effect_line(effect: Effect) -> str:
    """One effect as a line: rewards, coupons, points and gifts say who gets what."""
    if isinstance(effect, PayReward):
        what = f"{effect.amount} to {effect.beneficiary} ({effect.kind.value})"
        return f"reward   {effect.order_id} {what}  key={effect.key}"
    if isinstance(effect, IssueCoupon):
        coupon = effect.coupon
        ref = f"link {coupon.link}" if coupon.link is not None else coupon.reference
        return f"coupon   {effect.order_id} {ref} to {effect.user_id}  key={effect.key}"
    if isinstance(effect, AwardPoints):
        return f"points   {effect.order_id} {effect.points} to {effect.user_id}  key={effect.key}"
    if isinstance(effect, ShipGift):
        item = f"{effect.product_id} x {effect.quantity}"
        return f"gift     {effect.order_id} {item}  key={effect.key}"
    name = type(effect).__name__.lower()
    amount = getattr(effect, "amount", None)
    extra = f" {amount}" if amount is not None else ""
    return f"{name:<8} {effect.order_id}{extra}  key={effect.key}"


def _print_draw(record: DrawRecord) -> None:
    print(f"  draw     {record.protocol} commitment {record.commitment}")
    print(f"           pool {record.pool_digest}, {record.k} prize(s)")
    print(f"  winners  {', '.join(record.winners) or '(none)'}")


def _print_totals(settlement: GroupSettlement) -> None:
    rewards = [e.amount for e in settlement.effects if isinstance(e, PayReward)]
    spent = sum(rewards[1:], rewards[0]) if rewards else None
    line = (
        f"  totals   paid {settlement.paid}, refunded {settlement.refunded}, "
        f"kept by the merchant {settlement.captured}"
    )
    print(line + (f", rewards {spent}" if spent is not None else ""))
    for skipped in settlement.skipped_rewards:
        print(
            f"  skipped  {skipped.order_id} {skipped.amount} to {skipped.beneficiary} "
            f"({skipped.kind.value}): over the reward budget"
        )


def _print_result(result: ReplayResult) -> None:
    print(
        f"{len(result.groups)} group(s), {len(result.events)} event(s), "
        f"{len(result.rejections)} rejected command(s)"
    )
    if result.seed_commitment is not None:
        print(f"draw seed commitment {result.seed_commitment}")
    if result.campaign_draw is not None:
        winners = ", ".join(result.campaign_draw.winners) or "(none)"
        print(f"campaign-end draw winners: {winners}")
        print(f"campaign-end draw pool digest {result.campaign_draw.pool_digest}")
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
        if settlement.draw is not None:
            _print_draw(settlement.draw)
        for effect in settlement.effects:
            print(f"  {_effect_line(effect)}")
        for statement in settlement.statements:
            print(f"  * {statement.text}")
        _print_totals(settlement)


def _replay_command(args: argparse.Namespace) -> int:
    path = Path(args.file)
    fmt = "json" if path.suffix.lower() == ".json" else "toml"
    try:
        data = parse_replay(_read_replay(path), fmt=fmt, name=str(path))
    except ReplayFileError as err:  # say which file, whatever went wrong in it
        where = err.field if err.field == "file" else f"{path}: {err.field}"
        raise ReplayFileError(where, err.value, err.rule) from None
    result = replay(
        data.campaign, data.commands, returning_users=data.returning_users, seed=data.seed
    )
    if args.json:
        print(to_json(result, indent=2))
    else:
        _print_result(result)
    return 0


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``pintuan`` command."""
    summary = __doc__.splitlines()[0].replace("``", "")
    parser = argparse.ArgumentParser(prog="pintuan", description=summary)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    rep = sub.add_parser("replay", help="replay a campaign's command log and settle its groups")
    rep.add_argument("file", help="a TOML or JSON replay file (see examples/)")
    rep.add_argument(
        "--json",
        action="store_true",
        help="print the whole result as a pintuan.codec JSON document instead of text",
    )
    rep.set_defaults(func=_replay_command)
    _register_draw(sub)
    _register_simulate(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    args = build_parser().parse_args(argv)
    try:
        code: int = args.func(args)
    except PintuanError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # e.g. `pintuan replay FILE | head`
        sys.stderr.close()
        return 0
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
