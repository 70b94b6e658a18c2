"""Purchasing groups: the list, a group's page, joining by invitation, creating one, linking its chat."""

from __future__ import annotations

from bot.actions import Action
from bot.screens.menu import back_to_menu
from bot.turn import Screen, Voice
from market.enums import GroupJoinPolicy, GroupRole, RoundStatus
from market.presentation.labels import N_
from market.services.groups.joins import JoinRequestView
from market.services.groups.membership import GroupSummary, GroupView, InviteView, MemberEntry
from market.services.groups.rounds.queries import RoundSummary
from market.services.groups.rounds.setup import PlaceChoice

ROUND_STATUS = {
    RoundStatus.OPEN: N_("open"),
    RoundStatus.CLOSED: N_("closed"),
    RoundStatus.SETTLED: N_("settled"),
    RoundStatus.CANCELLED: N_("cancelled"),
}


def invite_link(username: str, code: str) -> str:
    return f"https://t.me/{username}?start=g_{code}"


def round_link(username: str, round_id: int) -> str:
    return f"https://t.me/{username}?start=r_{round_id}"


def group_list(voice: Voice, groups: tuple[GroupSummary, ...], waiting: tuple[JoinRequestView, ...] = ()) -> Screen:
    """The person's groups, and the groups they asked to join whose coordinators have not answered yet."""
    _ = voice._
    rows = [[voice.button(g.name, Action.GROUP, g.id)] for g in groups]
    rows += [[voice.button(_("⏳ {group} (waiting)").format(group=r.group_name), Action.GROUP_JOIN_WAITING, r.id)]
             for r in waiting]
    rows.append([voice.button(_("➕ Create a group"), Action.GROUP_CREATE)])
    rows.append(back_to_menu(voice))
    if not groups and not waiting:
        return Screen(_("👥 A purchasing group pools its families' orders to buy by the sack or case at fair "
                        "prices.\n\nAsk your coordinator for the invitation link, or create a group."), rows)
    return Screen(_("👥 Your purchasing groups"), rows)


def group_page(voice: Voice, group: GroupView, rounds: tuple[RoundSummary, ...], username: str) -> Screen:
    """A group as a member sees it; coordinators also get the link, the chat and a new round."""
    _ = voice._
    coordinator = group.viewer_role == GroupRole.COORDINATOR
    lines = [f"👥 {group.name}", group.territory_name]
    if group.pickup_point:
        lines.append(_("Pickup: {place}").format(place=group.pickup_point))
    lines.append(voice.ngettext("{count} member · coordinators: {names}", "{count} members · coordinators: {names}",
                                group.member_count).format(
        count=group.member_count, names=", ".join(group.coordinators)))
    if group.telegram_chat_id:
        lines.append(_("Group chat: linked ✓"))
    elif coordinator:
        lines.append(_("Group chat: not linked. Add me to your Telegram group and write /vincular there."))
    if coordinator and group.invite_code:
        lines += ["", _("Invitation link for new members:"), invite_link(username, group.invite_code)]
    rows = []
    for r in rounds:
        if r.status == RoundStatus.OPEN:
            label = _("🛒 Round #{number} · closes {when}").format(
                number=r.number, when=voice.moment(r.closes_at, group.time_zone, group.country_code))
        else:
            label = _("Round #{number} · {status}").format(number=r.number, status=_(ROUND_STATUS[r.status]))
        rows.append([voice.button(label, Action.ROUND, r.id)])
    if not any(r.status == RoundStatus.OPEN for r in rounds):
        lines += ["", _("No round is open now.")]
    if coordinator:
        rows.append([voice.button(_("🆕 Open a round"), Action.ROUND_OPEN, group.id),
                     voice.button(_("💳 Ways to pay"), Action.PAY_METHODS, "g", group.id)])
        rows.append([voice.button(_("👥 Members"), Action.GROUP_MEMBERS, group.id),
                     voice.button(_("🔄 New invitation link"), Action.GROUP_NEW_LINK, group.id)])
        settings = [voice.button(_("⚙️ Settings"), Action.GROUP_SETTINGS, group.id)]
        if group.join_policy == GroupJoinPolicy.APPROVAL:
            settings.append(voice.button(_("🙋 Join requests"), Action.GROUP_JOIN_REQUESTS, group.id, 0))
        rows.append(settings)
    rows.append([voice.button(_("📒 Accounts"), Action.GROUP_ACCOUNTS, group.id),
                 voice.button(_("🚪 Leave"), Action.GROUP_LEAVE, group.id)])
    rows.append([voice.button(_("« My groups"), Action.GROUPS)])
    return Screen("\n".join(lines), rows)


def member_list(voice: Voice, group_id: int, members: tuple[MemberEntry, ...]) -> Screen:
    """The group's members; a coordinator makes another one coordinator (to share the work, or to leave)."""
    _ = voice._
    lines = [_("👥 Members")]
    rows = []
    for m in members:
        if m.role == GroupRole.COORDINATOR:
            lines.append(_("• {name} (coordinator)").format(name=m.name))
        else:
            lines.append(f"• {m.name}")
            rows.append([voice.button(_("⭐ Make {name} coordinator").format(name=m.name),
                                      Action.GROUP_MAKE_COORDINATOR, group_id, m.person_id)])
    rows.append([voice.button(_("« Group"), Action.GROUP, group_id)])
    return Screen("\n".join(lines), rows)


def invitation(voice: Voice, invite: InviteView, code: str) -> Screen:
    _ = voice._
    text = voice.ngettext("Join the purchasing group «{name}» ({place})?\n{count} member · coordinators: {names}",
                          "Join the purchasing group «{name}» ({place})?\n{count} members · coordinators: {names}",
                          invite.member_count).format(
        name=invite.name, place=invite.territory_name, count=invite.member_count,
        names=", ".join(invite.coordinators))
    join = _("✅ Join")
    if invite.join_policy == GroupJoinPolicy.APPROVAL:
        text += "\n\n" + _("Its coordinators approve each new member: you ask, and I tell you their answer.")
        join = _("✅ Ask to join")
    return Screen(text, [[voice.button(join, Action.GROUP_JOIN, code),
                          voice.button(_("No, thanks"), Action.MENU)]])


def confirm_leave(voice: Voice, group: GroupView) -> Screen:
    _ = voice._
    return Screen(
        _("Leave «{name}»? Your lines in open rounds are removed; what you owe from closed rounds stays.").format(
            name=group.name),
        [[voice.button(_("Yes, leave"), Action.GROUP_LEAVE_CONFIRMED, group.id),
          voice.button(_("No, stay"), Action.GROUP, group.id)]],
    )


def ask_group_name(voice: Voice) -> Screen:
    return Screen(voice._("➕ What is the group called? Write its name, e.g. “Consumo solidario Equipetrol”."))


def ask_group_place(voice: Voice, name: str) -> Screen:
    return Screen(voice._("Where is «{name}»? Write your city or town.").format(name=name))


def place_choices(voice: Voice, places: tuple[PlaceChoice, ...]) -> Screen:
    _ = voice._
    if not places:
        return Screen(_("I don't know that place. Write the name of a city or town, e.g. “Santa Cruz”."))
    rows = [[voice.button(p.name + (f" ({p.parent_name})" if p.parent_name else ""), Action.GROUP_PLACE, p.id)] for p in places]
    return Screen(_("Which one? Or write another name."), rows)


def ask_group_pickup(voice: Voice) -> Screen:
    _ = voice._
    return Screen(
        _("Where do members pick up their orders? Write the place and time, e.g. “Casa comunal, sábado 9 a 12”."),
        [[voice.button(_("Skip for now"), Action.GROUP_NO_PICKUP_POINT)]],
    )


def chat_greeting(voice: Voice, groups: tuple[GroupSummary, ...]) -> Screen:
    """Said in a Telegram group the bot was added to: a coordinator links it to their purchasing group."""
    _ = voice._
    text = _("Hello! I'm Feria's bot. I will post each round's announcement and summary here once a "
             "coordinator links this chat to their purchasing group.")
    rows = [[voice.button(_("🔗 Link to «{name}»").format(name=g.name), Action.GROUP_CHAT_LINK, g.id)] for g in groups]
    if not groups:
        text += "\n\n" + _("A coordinator links it by writing /vincular here.")
    return Screen(text, rows)


def chat_linked(voice: Voice, group: GroupView) -> Screen:
    return Screen(voice._("✅ This chat is now the chat of «{name}». Round announcements and summaries "
                          "will appear here.").format(name=group.name))


def not_a_coordinator_here(voice: Voice) -> Screen:
    return Screen(voice._("Only a coordinator of a purchasing group can link this chat. Coordinators: "
                          "create your group in a private chat with me first."))
