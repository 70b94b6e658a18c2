"""An organization's visit requests in the bot: its seal page, the network and products of a request, and the
notices of a request to the network's reviewers and of its taking to the organization's admins."""

from __future__ import annotations

from bot.actions import Action
from bot.screens.menu import back_to_menu
from bot.screens.names import person_name
from bot.turn import Screen, Voice
from market.enums import VisitRequestStatus
from market.services.seals.requests import Choice, RequestStart, RequestView


def choose_organization(voice: Voice, organizations: tuple[Choice, ...]) -> Screen:
    _ = voice._
    if not organizations:
        return Screen(_("🏅 Only an organization's admins ask a PGS network for a visit."), [back_to_menu(voice)])
    return Screen(_("🏅 For which organization?"),
                  [*[[voice.button(o.name, Action.SEAL_HOME, o.id)] for o in organizations], back_to_menu(voice)])


def seal_home(voice: Voice, organization: Choice, requests: tuple[RequestView, ...]) -> Screen:
    """The organization's visit requests still waiting, and a way to ask for one."""
    _ = voice._
    lines = [_("🏅 Seal visits · {organization}").format(organization=organization.name)]
    rows = [[voice.button(_("📝 Ask for a visit"), Action.SEAL_REQUEST, organization.id)]]
    if not requests:
        lines.append(_("No visit asked for yet. A PGS network's reviewers visit and, with the committee, grant the "
                       "seal."))
    for r in requests:
        if r.status == VisitRequestStatus.OPEN:
            lines.append(_("• {network}: waiting for a reviewer ({products})").format(
                network=r.network_name, products=", ".join(r.products)))
            rows.append([voice.button(_("✖ Withdraw · {network}").format(network=r.network_name),
                                      Action.SEAL_REQUEST_WITHDRAW, r.id)])
        else:
            lines.append(_("• {network}: {name} leads the visit ({products})").format(
                network=r.network_name, name=person_name(voice, r.taken_by_name), products=", ".join(r.products)))
    rows.append(back_to_menu(voice))
    return Screen("\n".join(lines), rows)


def choose_network(voice: Voice, start: RequestStart) -> Screen:
    _ = voice._
    back = [voice.button(_("« Back"), Action.SEAL_HOME, start.organization_id)]
    if not start.products:
        return Screen(_("{organization} has no products yet: add them before asking for a visit.").format(
            organization=start.organization_name), [back])
    if not start.networks:
        return Screen(_("There is no approved PGS network yet."), [back])
    rows = [[voice.button(n.name, Action.SEAL_REQUEST_NETWORK, start.organization_id, n.id)] for n in start.networks]
    return Screen(_("Which network should visit {organization}?").format(organization=start.organization_name),
                  [*rows, back])


def choose_products(voice: Voice, start: RequestStart, network: Choice, chosen: set[int]) -> Screen:
    _ = voice._
    org = start.organization_id
    rows = [[voice.button(("☑️ " if p.id in chosen else "⬜ ") + p.name, Action.SEAL_REQUEST_PRODUCT, org, network.id,
                          p.id)] for p in start.products]
    rows.append([voice.button(_("✅ Ask for the visit"), Action.SEAL_REQUEST_CONFIRM, org, network.id),
                 voice.button(_("« Back"), Action.SEAL_REQUEST, org)])
    return Screen(_("Which products should «{network}» visit? Choose one or more.").format(network=network.name), rows)


def requested(voice: Voice, request: RequestView) -> Screen:
    return Screen(voice._("✅ You asked «{network}» for a visit ({products}). Its reviewers were told; I will tell you "
                          "who takes it.").format(network=request.network_name, products=", ".join(request.products)),
                  [[voice.button(voice._("🏅 Seal visits"), Action.SEAL_HOME, request.organization_id)]])


def request_notice(voice: Voice, request: RequestView) -> Screen:
    return Screen(voice._("🌱 {organization} asks «{network}» for a visit: {products}. Send /visitas to take it.").format(
        organization=request.organization_name, network=request.network_name, products=", ".join(request.products)),
        [[voice.button(voice._("🌱 Visits"), Action.VISITS)]])


def taken_notice(voice: Voice, request: RequestView) -> Screen:
    """To the organization's admins: who leads the visit they asked for."""
    return Screen(voice._("🌱 {name}, a reviewer of «{network}», takes your request for a visit ({products}). Agree on "
                          "the day with them.").format(name=person_name(voice, request.taken_by_name),
                                                       network=request.network_name,
                                                       products=", ".join(request.products)),
                  [[voice.button(voice._("🏅 Seal visits"), Action.SEAL_HOME, request.organization_id)]])
