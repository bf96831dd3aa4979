"""Who may buy into a group: the checks on a buyer before an open or a join.

They read the campaign, the group and the campaign-wide facts of the
:class:`~pintuan.lifecycle.commands.DecisionContext`; each refusal is a
:class:`~pintuan.errors.CommandRejected` with its code.
"""

from __future__ import annotations

from typing import Any

from pintuan.campaign import Campaign, FullGroupPolicy
from pintuan.errors import CommandRejected, InvalidValue, Rejection
from pintuan.lifecycle._state import refusal
from pintuan.lifecycle.commands import Command, DecisionContext, JoinGroup, OpenGroup
from pintuan.lifecycle.group import Group

__all__ = ["check_buyer", "check_newcomer", "group_full", "has_seat", "is_full", "refused"]


def check_newcomer(group: Group, command: JoinGroup) -> None:
    """Refuse a join by an order or a user already in the group."""
    if group.has_order(command.order_id):
        raise CommandRejected(
            Rejection.DUPLICATE_ORDER, "order_id", command.order_id, "is already in this group"
        )
    if group.members.has_user(command.user_id):
        raise CommandRejected(
            Rejection.ALREADY_MEMBER, "user_id", command.user_id, "is already in this group"
        )


def check_buyer(
    campaign: Campaign,
    command: OpenGroup | JoinGroup,
    context: DecisionContext,
    *,
    opening: bool,
) -> None:
    """Refuse a buyer the campaign's rules or the campaign-wide facts exclude.

    In this order: an order id used elsewhere in the campaign, outside the
    schedule, over the per-order quantity, not a new user where only new users
    may take part, over the user's open or join limit, out of stock.
    """
    if context.order_id_taken:
        raise CommandRejected(
            Rejection.DUPLICATE_ORDER,
            "order_id",
            command.order_id,
            "is already used by an order of another group of this campaign",
        )
    needs_window = opening or campaign.window_deadline.joins_need_a_window
    if needs_window and not campaign.schedule.is_open(command.at):
        raise CommandRejected(
            Rejection.OUTSIDE_SCHEDULE, "at", command.at, "is outside the campaign's open windows"
        )
    limits = campaign.limits
    if limits.max_quantity is not None and command.quantity > limits.max_quantity:
        raise CommandRejected(
            Rejection.QUANTITY_LIMIT,
            "quantity",
            command.quantity,
            f"exceeds the per-order limit of {limits.max_quantity}",
        )
    if campaign.new_users_only and not context.user_is_new:
        raise CommandRejected(
            Rejection.NOT_NEW_USER, "user_id", command.user_id, "only new users may take part"
        )
    most = limits.max_groups_opened if opening else limits.max_groups_joined
    done = context.user_groups_opened if opening else context.user_groups_joined
    if most is not None and done >= most:
        # The code read only here: Rejection.X is a slow look-up in Python 3.11.
        code = Rejection.OPEN_LIMIT if opening else Rejection.JOIN_LIMIT
        verb = "open" if opening else "join"
        raise CommandRejected(
            code, "user_id", command.user_id, f"may {verb} at most {most} group(s) in this campaign"
        )
    if campaign.stock is not None:
        if context.stock_left is None:
            raise InvalidValue(
                "context.stock_left", None, "is required because the campaign has a stock limit"
            )
        if context.stock_left < command.quantity:
            raise CommandRejected(
                Rejection.OUT_OF_STOCK,
                "quantity",
                command.quantity,
                f"only {context.stock_left} unit(s) of stock left",
            )


def is_full(campaign: Campaign, group: Group) -> bool:
    """Whether the group holds as many members as the campaign allows."""
    return len(group.members) >= campaign.capacity


def has_seat(campaign: Campaign, group: Group) -> bool:
    """Whether the group may still take a member: not terminal and not full."""
    return not group.status.terminal and not is_full(campaign, group)


def group_full(
    campaign: Campaign, group: Group, command: JoinGroup, context: DecisionContext
) -> CommandRejected:
    """The rejection of a join into a full group, with the policy's follow-up."""
    return CommandRejected(
        Rejection.GROUP_FULL,
        "group_id",
        group.group_id,
        f"already holds {campaign.capacity} members (full-group policy: "
        f"{campaign.full_group_policy.value})",
        follow_up=_full_group_follow_up(campaign, command, context),
    )


def _full_group_follow_up(
    campaign: Campaign, command: JoinGroup, context: DecisionContext
) -> Command | None:
    policy = campaign.full_group_policy
    same_buyer: dict[str, Any] = {
        "order_id": command.order_id,
        "user_id": command.user_id,
        "at": command.at,
        "quantity": command.quantity,
        "referral_chain": command.referral_chain,
        "region": command.region,
    }
    if policy is FullGroupPolicy.REDIRECT and context.group_with_seat is not None:
        return JoinGroup(group_id=context.group_with_seat, **same_buyer)
    if policy is FullGroupPolicy.OPEN_NEW and command.new_group_id is not None:
        return OpenGroup(group_id=command.new_group_id, **same_buyer)
    return None


def refused(
    campaign: Campaign, group: Group | None, command: Command, context: DecisionContext
) -> CommandRejected:
    """The rejection of a command the state table does not allow."""
    status = None if group is None else group.status
    code = refusal(status, command)
    if code is Rejection.UNKNOWN_GROUP:
        return CommandRejected(code, "group_id", command.group_id, "no such group has been opened")
    if code is Rejection.GROUP_EXISTS:
        return CommandRejected(code, "group_id", command.group_id, "a group with this id is open")
    assert group is not None
    assert status is not None
    if isinstance(command, JoinGroup):
        # A member retrying is told so; a newcomer to a full group gets the
        # campaign's full-group policy.
        check_newcomer(group, command)
        if is_full(campaign, group):
            return group_full(campaign, group, command, context)
    return CommandRejected(
        code,
        "command",
        type(command).__name__,
        f"is not allowed while the group is {status.value}",
    )
