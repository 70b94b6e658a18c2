"""PGS networks in the bot: registering one, a person's networks, one network, and its committee's screens
(reviewers with their roles, the norms document, the checklist versions)."""

from __future__ import annotations

from telegram import InlineKeyboardButton

from bot.actions import Action
from bot.screens.menu import back_to_menu
from bot.screens.names import person_name
from bot.turn import Screen, Voice
from market.enums import NetworkStatus, ReviewerRole
from market.presentation.labels import N_
from market.rules.checklists import NORM_MAX, NORM_MIN, NORMS_MAX
from market.services.groups.rounds.setup import PlaceChoice
from market.services.operators.roles import PersonRef
from market.services.seals.committee import (
    ChecklistView,
    NetworkPage,
    OrganizationChoice,
    ReviewerAdmitted,
    ReviewerView,
)
from market.services.seals.networks import NetworkView

ROLES = {ReviewerRole.PRODUCER: N_("producer"), ReviewerRole.CONSUMER: N_("consumer"),
         ReviewerRole.TECHNICIAN: N_("technician")}
ROLE_BUTTONS = {ReviewerRole.PRODUCER: N_("🧑‍🌾 Producer"), ReviewerRole.CONSUMER: N_("🛒 Consumer"),
                ReviewerRole.TECHNICIAN: N_("🔧 Technician")}
NO_ORGANIZATION = 0  # the organization argument of a reviewer who comes from none
NORMS_SHOWN = 120  # characters of the norms document on the network's screen: a cheap phone's few lines


def ask_name(voice: Voice) -> Screen:
    return Screen(voice._("🌱 What is the PGS network called? Write its name, e.g. “Red SPG de los Yungas”."))


def ask_place(voice: Voice, name: str) -> Screen:
    return Screen(voice._("Where does «{name}» work? Write a town or region.").format(name=name))


def place_choices(voice: Voice, places: tuple[PlaceChoice, ...]) -> Screen:
    _ = voice._
    if not places:
        return Screen(_("I don't know that place. Write the name of a city or town, e.g. “Santa Cruz”."))
    rows = [[voice.button(p.name + (f" ({p.parent_name})" if p.parent_name else ""), Action.NETWORK_PLACE, p.id)]
            for p in places]
    return Screen(_("Which one? Or write another name."), rows)


def ask_description(voice: Voice) -> Screen:
    _ = voice._
    return Screen(_("Describe the network in a few lines: who takes part and what it certifies."),
                  [[voice.button(_("Skip for now"), Action.NETWORK_NO_DESCRIPTION)]])


def ask_new_norms(voice: Voice) -> Screen:
    _ = voice._
    return Screen(_("📄 Does the network have a norms document, the rules its producers follow? Send a link to it, or "
                    "its text."), [[voice.button(_("Skip for now"), Action.NETWORK_NO_NORMS)]])


def registered(voice: Voice, network: NetworkView) -> Screen:
    return Screen(voice._("✅ «{name}» is registered. It waits for Feria's operators; I will tell you their "
                          "decision.").format(name=network.name),
                  [[voice.button(voice._("🌱 My networks"), Action.NETWORKS)]])


def network_list(voice: Voice, networks: tuple[NetworkView, ...]) -> Screen:
    """The networks the person reviews for (a button each) and those waiting for operators."""
    _ = voice._
    lines = [_("🌱 Your PGS networks")] if networks else [_("🌱 You review for no PGS network yet.")]
    rows = []
    for n in networks:
        if n.status == NetworkStatus.APPROVED:
            lines.append(f"• {n.name} ({n.territory_name})")
            rows.append([voice.button(f"🌱 {n.name}", Action.NETWORK, n.id)])
        elif n.status == NetworkStatus.PENDING:
            lines.append(_("⏳ {name}: waiting for Feria's operators").format(name=n.name))
        else:
            lines.append(_("❌ {name}: not approved").format(name=n.name))
    rows.append([voice.button(_("➕ Register a network"), Action.NETWORK_REGISTER)])
    rows.append(back_to_menu(voice))
    return Screen("\n".join(lines), rows)


def network(voice: Voice, page: NetworkPage, note: str = "") -> Screen:
    """One network for one of its reviewers: short, for cheap phones; the committee's buttons for its members."""
    _ = voice._
    n = page.network
    norms = page.norms if len(page.norms) <= NORMS_SHOWN else page.norms[:NORMS_SHOWN - 1] + "…"
    lines = [note, ""] if note else []
    lines += [f"🌱 {n.name} ({n.territory_name})", _("✅ Approved by Feria's operators"),
              _("📄 Norms: {norms}").format(norms=norms) if norms else _("📄 Norms: not written yet"),
              _("You: {who}").format(who=_describe(voice, page.me)),
              _("Committee: {names}").format(names=_names(voice, [r for r in page.reviewers if r.committee]))]
    for role, label in ((ReviewerRole.PRODUCER, N_("Producers ({count}): {names}")),
                        (ReviewerRole.CONSUMER, N_("Consumers ({count}): {names}")),
                        (ReviewerRole.TECHNICIAN, N_("Technicians ({count}): {names}")),
                        (None, N_("No role yet ({count}): {names}"))):
        these = [r for r in page.reviewers if r.role == role]
        if these:
            lines.append(_(label).format(count=len(these), names=_names(voice, these)))
    lines.append(voice.ngettext("📋 Checklist: version {version}, {count} norm",
                                "📋 Checklist: version {version}, {count} norms", page.checklist_size).format(
        version=page.checklist_version, count=page.checklist_size) if page.checklist_version
        else _("📋 Checklist: none yet"))
    rows = []
    if page.me.committee:
        rows.append([voice.button(_("👥 Reviewers"), Action.NETWORK_REVIEWERS, n.id),
                     voice.button(_("📋 Checklist"), Action.NETWORK_CHECKLIST, n.id)])
        rows.append([voice.button(_("📄 Norms document"), Action.NETWORK_NORMS, n.id)])
    else:
        rows.append([voice.button(_("📋 Checklist"), Action.NETWORK_CHECKLIST, n.id)])
    shown = page.me.named_publicly
    rows.append([voice.button(_("👁 My name on seal pages: shown") if shown else _("👁 My name on seal pages: hidden"),
                              Action.NETWORK_NAMING, n.id, int(not shown))])
    rows.append([voice.button(_("⚖ Fair prices and ferias"), Action.FAIRS_OF_NETWORK, n.id)])
    rows.append([voice.button(_("🌱 My networks"), Action.NETWORKS)])
    return Screen("\n".join(lines), rows)


def _describe(voice: Voice, r: ReviewerView) -> str:
    """"producer, Cooperativa El Ceibo · committee"."""
    _ = voice._
    role = _(ROLES[r.role]) if r.role else _("no role yet")
    text = f"{role}, {r.organization_name}" if r.organization_name else role
    return text + (" · " + _("committee") if r.committee else "")


def _names(voice: Voice, reviewers: list[ReviewerView]) -> str:
    return ", ".join(person_name(voice, r.name) for r in reviewers) or "—"


def ask_norms(voice: Voice, network: NetworkView, norms: str) -> Screen:
    _ = voice._
    current = _("Now: {norms}").format(norms=norms) if norms else _("It has none yet.")
    return Screen(_("📄 The norms document of «{network}». {current}\n\nSend a link to it, or its text.").format(
        network=network.name, current=current))


# The committee's reviewers ------------------------------------------------------------------------------------

def reviewers(voice: Voice, network: NetworkView, people: tuple[ReviewerView, ...], note: str = "") -> Screen:
    _ = voice._
    lines = [note, ""] if note else []
    lines += [_("👥 Reviewers of «{network}»").format(network=network.name), ""]
    lines += [f"• {person_name(voice, r.name)}: {_describe(voice, r)}" for r in people]
    lines += ["", _("Choose someone to change their role or seat, or admit a new reviewer.")]
    rows = [[voice.button(person_name(voice, r.name), Action.NETWORK_REVIEWER, network.id, r.person_id)]
            for r in people]
    rows.append([voice.button(_("➕ Admit a reviewer"), Action.NETWORK_REVIEWER_ADD, network.id)])
    rows.append([voice.button(_("« Back"), Action.NETWORK, network.id)])
    return Screen("\n".join(lines), rows)


def reviewer(voice: Voice, network: NetworkView, r: ReviewerView, note: str = "") -> Screen:
    """One reviewer as the committee sees them: a role button changes the role, then asks the organization."""
    _ = voice._
    lines = [note, ""] if note else []
    lines += [_("{name} in «{network}»: {who}").format(name=person_name(voice, r.name), network=network.name,
                                                          who=_describe(voice, r)),
              _("Name on seal pages: shown") if r.named_publicly else _("Name on seal pages: hidden"),
              "", _("Change their role:")]
    rows = [_role_buttons(voice, network.id, r.person_id, "c"),
            [voice.button(_("Take off the committee") if r.committee else _("⭐ Seat on the committee"),
                          Action.NETWORK_COMMITTEE, network.id, r.person_id, int(not r.committee))],
            [voice.button(_("🚫 Stop their reviewing"), Action.NETWORK_REVIEWER_OFF, network.id, r.person_id)],
            [voice.button(_("« Reviewers"), Action.NETWORK_REVIEWERS, network.id)]]
    return Screen("\n".join(lines), rows)


def _role_buttons(voice: Voice, network_id: int, person_id: int, mode: str) -> list[InlineKeyboardButton]:
    return [voice.button(voice._(label), Action.NETWORK_ROLE, network_id, person_id, role.value, mode)
            for role, label in ROLE_BUTTONS.items()]


def ask_reviewer(voice: Voice, network: NetworkView) -> Screen:
    return Screen(voice._("Who should review for «{name}»? Forward me a message from them, or write their Telegram "
                          "id (digits) or their @username. They must have sent /start to me first.").format(
        name=network.name))


def choose_role(voice: Voice, network: NetworkView, person: PersonRef) -> Screen:
    _ = voice._
    name = person_name(voice, person.name) + (f" (@{person.username})" if person.username else "")
    return Screen(_("Admit {name} to «{network}» as:").format(name=name, network=network.name),
                  [_role_buttons(voice, network.id, person.id, "a"),
                   [voice.button(_("No"), Action.NETWORK, network.id)]])


def choose_organization(voice: Voice, network: NetworkView, person: PersonRef, role: ReviewerRole,
                        organizations: tuple[OrganizationChoice, ...], mode: str) -> Screen:
    _ = voice._
    name = person_name(voice, person.name)
    text = _("{name} as {role}: from which organization?").format(name=name, role=_(ROLES[role]))
    if role == ReviewerRole.PRODUCER:
        text += "\n" + _("A producer reviews from their organization.")
    rows = [[voice.button(o.name, Action.NETWORK_ORIGIN, network.id, person.id, role.value, o.id, mode)]
            for o in organizations]
    rows.append([voice.button(_("No organization"), Action.NETWORK_ORIGIN, network.id, person.id, role.value,
                              NO_ORGANIZATION, mode)])
    rows.append([voice.button(_("« Back"), Action.NETWORK, network.id)])
    return Screen(text, rows)


def confirm_admission(voice: Voice, network: NetworkView, person: PersonRef, role: ReviewerRole,
                      organization: OrganizationChoice | None) -> Screen:
    _ = voice._
    who = _(ROLES[role]) + (f", {organization.name}" if organization else "")
    return Screen(_("Admit {name} to «{network}» as {who}? Reviewers visit farms and sign the visits. They will be "
                    "told, and asked whether the seal pages may show their name.").format(
        name=person_name(voice, person.name), network=network.name, who=who),
        [[voice.button(_("✅ Admit"), Action.NETWORK_ADMIT, network.id, person.id, role.value,
                       organization.id if organization else NO_ORGANIZATION),
          voice.button(_("No"), Action.NETWORK, network.id)]])


def admitted(voice: Voice, result: ReviewerAdmitted) -> Screen:
    _ = voice._
    name = person_name(voice, result.reviewer.name)
    text = (_("✅ {name} reviews for «{network}» now, as {who}; they were told.") if result.added_now
            else _("{name} reviews for «{network}» already, as {who}."))
    return Screen(text.format(name=name, network=result.network.name, who=_describe(voice, result.reviewer)),
                  [[voice.button(_("👥 Reviewers"), Action.NETWORK_REVIEWERS, result.network.id)]])


def confirm_stop(voice: Voice, network: NetworkView, r: ReviewerView) -> Screen:
    _ = voice._
    return Screen(_("Should {name} stop reviewing for «{network}»? The visits they signed keep their signature.").format(
        name=person_name(voice, r.name), network=network.name),
        [[voice.button(_("🚫 Yes, stop"), Action.NETWORK_REVIEWER_OFF_CONFIRMED, network.id, r.person_id),
          voice.button(_("No"), Action.NETWORK_REVIEWER, network.id, r.person_id)]])


def reviewer_notice(voice: Voice, network: NetworkView, r: ReviewerView) -> Screen:
    """To the person admitted: their role, and whether the public seal pages may show their name."""
    _ = voice._
    return Screen(_("🌱 You are now a reviewer of the PGS network «{network}», as {who}.\n\nMay the public seal "
                    "pages show your name on the visits you sign? If not, they show only your role and "
                    "organization. You can change it later in /redes.").format(network=network.name,
                                                                            who=_describe(voice, r)),
                  [[voice.button(_("✅ Yes, show my name"), Action.NETWORK_NAMING, network.id, 1)],
                   [voice.button(_("No, only my role"), Action.NETWORK_NAMING, network.id, 0)]])


# The checklist --------------------------------------------------------------------------------------------------

def checklist(voice: Voice, network: NetworkView, current: ChecklistView | None, committee: bool,
              note: str = "") -> Screen:
    _ = voice._
    lines = [note, ""] if note else []
    if current is None:
        lines.append(_("📋 «{network}» has no checklist yet: the norms each visit checks, answered yes, no or not "
                       "applicable.").format(network=network.name))
    else:
        lines.append(_("📋 Checklist of «{network}», version {version}").format(network=network.name,
                                                                              version=current.version))
        lines += [f"{n.position}. {n.text}" for n in current.norms]
    rows = [[voice.button(_("✏️ New version"), Action.NETWORK_CHECKLIST_NEW, network.id)]] if committee else []
    rows.append([voice.button(_("« Back"), Action.NETWORK, network.id)])
    return Screen("\n".join(lines), rows)


def ask_checklist(voice: Voice, network: NetworkView, version: int) -> Screen:
    return Screen(voice._("✏️ Version {version} of the checklist of «{network}»: write its norms, one per line, "
                          "{min} to {max} characters each, at most {most}. A version already used by visits is never "
                          "changed.").format(version=version, network=network.name, min=NORM_MIN, max=NORM_MAX,
                                             most=NORMS_MAX))


def checklist_preview(voice: Voice, network: NetworkView, version: int, norms: tuple[str, ...]) -> Screen:
    _ = voice._
    lines = [_("📋 Version {version} of the checklist of «{network}»:").format(version=version, network=network.name)]
    lines += [f"{i}. {norm}" for i, norm in enumerate(norms, start=1)]
    lines += ["", _("Save it? To correct it, send the whole list again.")]
    return Screen("\n".join(lines),
                  [[voice.button(_("✅ Save version {version}").format(version=version),
                                 Action.NETWORK_CHECKLIST_CONFIRM, network.id)]])
