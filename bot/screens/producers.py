"""Producers and their organizations: the admin's invitation link, requests to join and their answers."""

from __future__ import annotations

from bot.actions import Action
from bot.screens.menu import back_to_menu
from bot.screens.received import received_button
from bot.turn import Screen, Voice
from market.enums import MemberRole, MembershipStatus
from market.services.orders.received import WaitingOrders
from market.services.organizations.producers import MembershipView, ProducerInvite


def producer_link(username: str, code: str) -> str:
    return f"https://t.me/{username}?start=j_{code}"


def my_organizations(voice: Voice, memberships: tuple[MembershipView, ...], waiting: WaitingOrders) -> Screen:
    """Each organization the person belongs to: its received orders (and how many wait), offers, demand, their
    entry in its register; for admins, its producers, its board and its register."""
    _ = voice._
    waiting_at = {o.organization_id: o.waiting for o in waiting.organizations}
    if not memberships:
        return Screen(_("🧑‍🌾 You are not a member of any organization yet. Ask its admin for the invitation link "
                        "for producers."), [back_to_menu(voice)])
    lines = [_("🧑‍🌾 Your organizations")]
    rows = []
    for m in memberships:
        lines.append(f"• {m.organization_name}" + (" " + _("(admin)") if m.role == MemberRole.ADMIN else ""))
        rows.append([received_button(voice, m.organization_id, m.organization_name,
                                     waiting_at.get(m.organization_id, 0))])
        rows.append([voice.button(_("📦 Our offers"), Action.OFFERS, m.organization_id),
                     voice.button(_("📋 What is wanted · {organization}").format(organization=m.organization_name),
                                  Action.DEMAND, m.organization_id)])
        entry = voice.button(_("📋 My entry · {organization}").format(organization=m.organization_name),
                             Action.REGISTER_ENTRY, m.organization_id)
        statement = voice.button(_("💰 My statement"), Action.STATEMENT, m.organization_id)
        if m.role == MemberRole.ADMIN:
            rows.append([voice.button(_("👥 Producers of {organization}").format(organization=m.organization_name),
                                      Action.PRODUCERS, m.organization_id),
                         voice.button(_("👥 Board"), Action.BOARD, m.organization_id)])
            rows.append([entry, voice.button(_("📋 Register"), Action.REGISTER_LIST, m.organization_id, "a", 0)])
            rows.append([statement, voice.button(_("💰 Producers' statements"), Action.STATEMENTS,
                                                 m.organization_id, 0)])
            rows.append([voice.button(_("⚖ Fair price"), Action.FAIR_PRICE, "o", m.organization_id),
                         voice.button(_("🎪 Announce a feria"), Action.FAIR_ANNOUNCE, "o", m.organization_id)])
            rows.append([voice.button(_("🏅 Seal visits"), Action.SEAL_HOME, m.organization_id),
                         voice.button(_("💳 Ways to pay"), Action.PAY_METHODS, "o", m.organization_id)])
        else:
            rows.append([entry, statement])
    rows.append(back_to_menu(voice))
    return Screen("\n".join(lines), rows)


def producers_page(voice: Voice, organization_name: str, link: str, pending: tuple[MembershipView, ...]) -> Screen:
    """An admin's page: the link to send producers, and who waits for an answer."""
    _ = voice._
    lines = [_("👥 Producers of {organization}").format(organization=organization_name), "",
             _("Send this link to the producers who should post stock for the organization:"), link]
    rows = []
    if pending:
        lines += ["", _("Waiting for your answer:")]
        for m in pending:
            lines.append(f"• {m.person_name}")
            rows.append([voice.button(_("✅ {name}").format(name=m.person_name), Action.PRODUCER_ANSWER, m.id, 1),
                         voice.button(_("❌ {name}").format(name=m.person_name), Action.PRODUCER_ANSWER, m.id, 0)])
    rows.append([voice.button(_("« Menu"), Action.MENU)])
    return Screen("\n".join(lines), rows)


def invitation(voice: Voice, invite: ProducerInvite, code: str) -> Screen:
    _ = voice._
    return Screen(_("Ask to join «{organization}» ({place}) as a producer? Its admins will answer.").format(
        organization=invite.organization_name, place=invite.territory_name),
        [[voice.button(_("✅ Ask to join"), Action.PRODUCER_JOIN, code), voice.button(_("No, thanks"), Action.MENU)]])


def requested(voice: Voice, membership: MembershipView) -> Screen:
    _ = voice._
    if membership.status == MembershipStatus.APPROVED:
        return Screen(_("You are already a member of {organization}.").format(organization=membership.organization_name))
    return Screen(_("Your request went to the admins of {organization}. You will read their answer here.").format(
        organization=membership.organization_name))


def request_notice(voice: Voice, membership: MembershipView) -> Screen:
    """To an admin: a producer asks to join; one button answers."""
    _ = voice._
    if membership.status != MembershipStatus.PENDING:
        return decided_for_admin(voice, membership)
    return Screen(_("🧑‍🌾 {name} asks to join {organization} as a producer.").format(
        name=membership.person_name, organization=membership.organization_name),
        [[voice.button(_("✅ Approve"), Action.PRODUCER_ANSWER, membership.id, 1),
          voice.button(_("❌ Refuse"), Action.PRODUCER_ANSWER, membership.id, 0)]])


def decided_for_admin(voice: Voice, membership: MembershipView) -> Screen:
    _ = voice._
    if membership.status == MembershipStatus.APPROVED:
        return Screen(_("✅ {name} is a producer of {organization}.").format(
            name=membership.person_name, organization=membership.organization_name))
    return Screen(_("❌ {name}'s request to join {organization} was refused.").format(
        name=membership.person_name, organization=membership.organization_name))


def decision_notice(voice: Voice, membership: MembershipView) -> Screen:
    """To the producer: the admins' answer."""
    _ = voice._
    if membership.status == MembershipStatus.APPROVED:
        return Screen(_("✅ {organization} approved you. Post your stock by writing it here, like "
                        "“tomate 20 kg a 8,50”.").format(organization=membership.organization_name))
    return Screen(_("❌ {organization} did not approve your request. Ask its admins if you think it is a "
                    "mistake.").format(organization=membership.organization_name))
