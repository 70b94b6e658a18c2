"""An organization's maturity in the bot: its level, what it rests on and what would raise it (on its page, for
anyone), and for its admins the declarations only people can make (statutes, assemblies, contributions)."""

from __future__ import annotations

from datetime import date

from bot.actions import Action
from bot.screens.names import person_name
from bot.turn import Screen, Voice
from market.enums import DeclarationKind, Maturity
from market.presentation.labels import DECLARATION_KINDS, MATURITY, MATURITY_CRITERIA
from market.services.organizations.maturity import MaturityView
from market.services.organizations.maturity_declarations import DeclarationsPage

NEXT_LEVEL = {Maturity.EMBRYONIC: Maturity.CONSOLIDATING, Maturity.CONSOLIDATING: Maturity.CONSOLIDATED}
ASKS = {
    DeclarationKind.STATUTES: "📜",
    DeclarationKind.ASSEMBLY: "🗣",
    DeclarationKind.CONTRIBUTIONS: "🤝",
}


def maturity_lines(voice: Voice, view: MaturityView) -> list[str]:
    """The level, what it rests on, and what the next level still needs (nothing personal: anyone reads it)."""
    _ = voice._
    lines = [_("🌱 Maturity: {level}").format(level=_(MATURITY[view.level]))]
    if view.met:
        lines.append(_("Rests on: {criteria}.").format(criteria="; ".join(_(MATURITY_CRITERIA[c]) for c in view.met)))
    if view.raise_by:
        lines.append(_("To be {level} it needs: {criteria}.").format(
            level=_(MATURITY[NEXT_LEVEL[view.level]]).lower(),
            criteria="; ".join(_(MATURITY_CRITERIA[c]) for c in view.raise_by)))
    return lines


def maturity_page(voice: Voice, page: DeclarationsPage) -> Screen:
    """For its admins: the level and why, what they declared, and a button to declare each kind."""
    _ = voice._
    lines = [_("🌱 Maturity of {organization}").format(organization=page.organization_name), "",
             *maturity_lines(voice, page.maturity), "", _("What your admins declared:")]
    lines += [_("• {what}: {day} (by {name}, {declared})").format(
        what=_(DECLARATION_KINDS[d.kind]), day=voice.date(d.happened_on), name=person_name(voice, d.declared_by_name),
        declared=voice.date(d.declared_on)) for d in page.items] or [_("Nothing yet.")]
    org = page.organization_id
    rows = [[voice.button(f"{ASKS[kind]} {_(DECLARATION_KINDS[kind])}", Action.MATURITY_DECLARE, org, kind.value)]
            for kind in DeclarationKind]
    if page.next_offset is not None:
        rows.append([voice.button(_("More »"), Action.MATURITY, org, page.next_offset)])
    rows.append([voice.button(_("« Back"), Action.ORGANIZATION, org)])
    return Screen("\n".join(lines), rows)


def ask_day(voice: Voice, organization_id: int, kind: DeclarationKind, today: date) -> Screen:
    """Which day it happened, typed as the person writes days (an example from today)."""
    _ = voice._
    asks = {
        DeclarationKind.STATUTES: _("📜 On which day were the statutes approved?"),
        DeclarationKind.ASSEMBLY: _("🗣 On which day was the assembly held?"),
        DeclarationKind.CONTRIBUTIONS: _("🤝 On which day were the members' contributions collected?"),
    }
    text = "\n".join([asks[kind], _("Write the day, like {example}.").format(example=voice.date_as_typed(today))])
    return Screen(text, [[voice.button(_("« Back"), Action.MATURITY, organization_id, 0)]])


def day_unreadable(voice: Voice, organization_id: int, today: date) -> Screen:
    text = voice._("I could not read that day. Write it with the day, the month and the year, like {example}.").format(
        example=voice.date_as_typed(today))
    return Screen(text, [[voice.button(voice._("« Back"), Action.MATURITY, organization_id, 0)]])
