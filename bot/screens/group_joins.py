"""Joining a group whose coordinators approve newcomers: the waiting person's screens, the coordinators' request
and its answers, and the group's settings where a coordinator chooses how it takes newcomers."""

from __future__ import annotations

from bot.actions import Action
from bot.screens.names import person_name
from bot.turn import Screen, Voice
from market.enums import GroupJoinPolicy, JoinRequestStatus
from market.services.groups.joins import JoinRequestView
from market.services.groups.membership import GroupView


def waiting(voice: Voice, request: JoinRequestView) -> Screen:
    """To the person who asked: their request waits; they may take it back."""
    _ = voice._
    if request.status != JoinRequestStatus.PENDING:
        return Screen(_("Your request to join «{group}» was answered already.").format(group=request.group_name),
                      [[voice.button(_("« My groups"), Action.GROUPS)]])
    return Screen(_("⏳ Your request to join «{group}» is with its coordinators. I will tell you their answer.").format(
        group=request.group_name),
        [[voice.button(_("✖️ Cancel my request"), Action.GROUP_JOIN_CANCEL, request.id)],
         [voice.button(_("« My groups"), Action.GROUPS)]])


def cancelled(voice: Voice, request: JoinRequestView) -> Screen:
    return Screen(voice._("Your request to join «{group}» is cancelled.").format(group=request.group_name),
                  [[voice.button(voice._("« My groups"), Action.GROUPS)]])


def request(voice: Voice, request: JoinRequestView) -> Screen:
    """To a coordinator: who wants to join, and the two answers while it waits."""
    _ = voice._
    text = _("🙋 {name} wants to join «{group}».").format(name=person_name(voice, request.person_name),
                                                        group=request.group_name)
    if request.status != JoinRequestStatus.PENDING:
        return Screen(text + "\n\n" + _("This request was answered already."),
                      [[voice.button(_("« Group"), Action.GROUP, request.group_id)]])
    return Screen(text, [[voice.button(_("✅ Approve"), Action.GROUP_JOIN_APPROVE, request.id),
                          voice.button(_("❌ Refuse"), Action.GROUP_JOIN_REFUSE, request.id)]])


def ask_reason(voice: Voice, request: JoinRequestView) -> Screen:
    _ = voice._
    return Screen(_("Why do you refuse {name}? Write a short reason they will read, or refuse without one.").format(
        name=person_name(voice, request.person_name)),
        [[voice.button(_("Refuse without a reason"), Action.GROUP_JOIN_REFUSE_NOW, request.id)]])


def decided(voice: Voice, request: JoinRequestView) -> Screen:
    """To the coordinator who answered."""
    _ = voice._
    name = person_name(voice, request.person_name)
    text = (_("✅ {name} is now a member of «{group}»; they were told.")
            if request.status == JoinRequestStatus.APPROVED else
            _("❌ You refused {name}'s request to join «{group}»; they were told."))
    return Screen(text.format(name=name, group=request.group_name),
                  [[voice.button(_("« Group"), Action.GROUP, request.group_id)]])


def decision_notice(voice: Voice, request: JoinRequestView) -> Screen:
    """To the person who asked, in their language: the coordinators' answer."""
    _ = voice._
    if request.status == JoinRequestStatus.APPROVED:
        return Screen(_("✅ You are now a member of «{group}»!").format(group=request.group_name),
                      [[voice.button(_("👥 Open the group"), Action.GROUP, request.group_id)]])
    text = _("❌ The coordinators of «{group}» did not accept your request to join.").format(group=request.group_name)
    if request.reason:
        text += "\n" + _("Their reason: {reason}").format(reason=request.reason)
    return Screen(text)


def request_list(voice: Voice, group_id: int, requests: tuple[JoinRequestView, ...], offset: int,
                 more: bool) -> Screen:
    """A page of who waits to join, oldest first: a button opens each."""
    _ = voice._
    lines = [_("🙋 Waiting to join"), ""]
    if not requests:
        lines.append(_("Nobody waits now."))
    lines += [_("• {name}, since {day}").format(name=person_name(voice, r.person_name),
                                               day=voice.date(r.asked_at.date())) for r in requests]
    rows = [[voice.button(person_name(voice, r.person_name), Action.GROUP_JOIN_REQUEST, r.id)] for r in requests]
    if more:
        rows.append([voice.button(_("More »"), Action.GROUP_JOIN_REQUESTS, group_id, offset + len(requests))])
    rows.append([voice.button(_("« Group"), Action.GROUP, group_id)])
    return Screen("\n".join(lines), rows)


def settings(voice: Voice, group: GroupView) -> Screen:
    """A coordinator's settings of the group: how it takes newcomers, and the switch."""
    _ = voice._
    if group.join_policy == GroupJoinPolicy.APPROVAL:
        policy = _("Joining: with approval. A coordinator approves each person who asks with the link.")
        switch = voice.button(_("🔓 Let anyone with the link join"), Action.GROUP_JOIN_POLICY, group.id,
                              GroupJoinPolicy.OPEN.value)
    else:
        policy = _("Joining: open. Anyone with the invitation link becomes a member.")
        switch = voice.button(_("🔒 Approve each newcomer"), Action.GROUP_JOIN_POLICY, group.id,
                              GroupJoinPolicy.APPROVAL.value)
    return Screen("\n".join([_("⚙️ Settings of «{name}»").format(name=group.name), "", policy]),
                  [[switch], [voice.button(_("« Group"), Action.GROUP, group.id)]])
