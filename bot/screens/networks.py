"""PGS networks in the bot: registering one, a person's networks, and naming a reviewer."""

from __future__ import annotations

from bot.actions import Action
from bot.screens.menu import back_to_menu
from bot.screens.names import person_name
from bot.turn import Screen, Voice
from market.enums import NetworkStatus
from market.services.groups.rounds.setup import PlaceChoice
from market.services.operators.roles import PersonRef
from market.services.seals.networks import NetworkView, ReviewerAdded


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


def registered(voice: Voice, network: NetworkView) -> Screen:
    return Screen(voice._("✅ «{name}» is registered. It waits for Feria's operators; I will tell you their "
                          "decision.").format(name=network.name),
                  [[voice.button(voice._("🌱 My networks"), Action.NETWORKS)]])


def network_list(voice: Voice, networks: tuple[NetworkView, ...]) -> Screen:
    """The networks the person reviews for (with a button to name a reviewer) and those waiting for operators."""
    _ = voice._
    lines = [_("🌱 Your PGS networks")] if networks else [_("🌱 You review for no PGS network yet.")]
    rows = []
    for n in networks:
        if n.status == NetworkStatus.APPROVED:
            lines += ["", f"{n.name} ({n.territory_name})",
                      _("Reviewers: {names}").format(names=", ".join(person_name(voice, r) for r in n.reviewers))]
            rows.append([voice.button(_("➕ Reviewer for {name}").format(name=n.name), Action.NETWORK_REVIEWER_ADD,
                                      n.id)])
            rows.append([voice.button(_("⚖ Fair prices and ferias · {name}").format(name=n.name),
                                      Action.FAIRS_OF_NETWORK, n.id)])
        elif n.status == NetworkStatus.PENDING:
            lines += ["", _("⏳ {name}: waiting for Feria's operators").format(name=n.name)]
        else:
            lines += ["", _("❌ {name}: not approved").format(name=n.name)]
    rows.append([voice.button(_("➕ Register a network"), Action.NETWORK_REGISTER)])
    rows.append(back_to_menu(voice))
    return Screen("\n".join(lines), rows)


def ask_reviewer(voice: Voice, network: NetworkView) -> Screen:
    return Screen(voice._("Who should review for «{name}»? Forward me a message from them, or write their Telegram "
                          "id (digits) or their @username. They must have sent /start to me first.").format(
        name=network.name), [[voice.button(voice._("« Back"), Action.NETWORKS)]])


def confirm_reviewer(voice: Voice, network: NetworkView, person: PersonRef) -> Screen:
    _ = voice._
    name = person_name(voice, person.name) + (f" (@{person.username})" if person.username else "")
    return Screen(_("Name {name} reviewer of «{network}»? Reviewers visit farms, sign peer reviews and name other "
                    "reviewers.").format(name=name, network=network.name),
                  [[voice.button(_("✅ Name reviewer"), Action.NETWORK_REVIEWER_CONFIRM, network.id, person.id),
                    voice.button(_("No"), Action.NETWORKS)]])


def reviewer_added(voice: Voice, added: ReviewerAdded) -> Screen:
    _ = voice._
    name = person_name(voice, added.person_name)
    text = (_("✅ {name} reviews for «{network}» now; they were told.") if added.added_now
            else _("{name} reviews for «{network}» already."))
    return Screen(text.format(name=name, network=added.network.name),
                  [[voice.button(_("🌱 My networks"), Action.NETWORKS)]])


def reviewer_notice(voice: Voice, network: NetworkView) -> Screen:
    """To the person named reviewer."""
    return Screen(voice._("🌱 You are now a reviewer of the PGS network «{network}». Send /redes to see it.").format(
        network=network.name), [[voice.button(voice._("🌱 My networks"), Action.NETWORKS)]])
