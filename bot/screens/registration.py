"""Registering an organization: one question a message, each with a way back and a way to cancel."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from telegram import InlineKeyboardButton

from bot.actions import Action
from bot.turn import Screen, Voice
from market.enums import LegalForm
from market.presentation.labels import LEGAL_FORMS
from market.services.organizations.registration import Registered

STEPS = ("name", "form", "place", "tax", "pickup", "fund", "description", "logo", "summary")
OPTIONAL = frozenset({"tax", "pickup", "description", "logo"})


def _nav(voice: Voice, step: str) -> list[InlineKeyboardButton]:
    _ = voice._
    row = []
    if STEPS.index(step) > 0:
        row.append(voice.button(_("« Back"), Action.REGISTRATION_BACK, step))
    if step in OPTIONAL:
        row.append(voice.button(_("Skip »"), Action.REGISTRATION_SKIP, step))
    row.append(voice.button(_("✖ Cancel"), Action.REGISTRATION_CANCEL))
    return row


def ask(voice: Voice, step: str, draft: dict[str, Any]) -> Screen:
    """The question of one step (the place's is the chooser: bot/screens/places.py)."""
    _ = voice._
    rows: list[list[InlineKeyboardButton]] = []
    if step == "name":
        text = _("🏢 Let's register your organization. What is its name?")
    elif step == "form":
        text = _("What kind of organization is «{name}»?").format(name=draft.get("name", ""))
        rows = [[voice.button(_(LEGAL_FORMS[form]), Action.REGISTRATION_FORM, form.value)] for form in LegalForm]
    elif step == "tax":
        text = _("Write its tax number ({rule}), or skip it for now.").format(rule=_tax_rule(voice, draft))
    elif step == "pickup":
        points = draft.get("pickup_points", [])
        text = _("Where do buyers pick up their orders? Write one place a message (a fair stall, your office).")
        if points:
            text += "\n" + "\n".join(f"{i}. {p}" for i, p in enumerate(points, start=1))
            rows = [[voice.button(_("Done with the pickup points »"), Action.REGISTRATION_SKIP, step)]]
    elif step == "fund":
        text = _("The solidarity fund keeps a share of each sale to start new projects of the network. What "
                 "share, from 0 to 20 %? Write a number, like 5.")
        rows = [[voice.button(f"{n} %", Action.REGISTRATION_FUND, n) for n in (0, 2, 5, 10)]]
    elif step == "description":
        text = _("Describe your organization in a few lines: what you grow or make, and where.")
    elif step == "logo":
        text = _("Send your logo as a photo, or skip it.")
    else:
        return summary(voice, draft)
    return Screen(text, [*rows, _nav(voice, step)])


def _tax_rule(voice: Voice, draft: dict[str, Any]) -> str:
    rule = {"BR": "CNPJ / CPF", "MX": "RFC", "BO": voice._("NIT: digits only")}
    return rule.get(draft.get("country_code", ""), voice._("letters and digits"))


def summary(voice: Voice, draft: dict[str, Any]) -> Screen:
    """Everything the person answered, to confirm before anything is stored."""
    _ = voice._
    lines = [_("Please check:"), "", f"🏢 {draft['name']}", _(LEGAL_FORMS[LegalForm(draft['form'])]),
             _("Place: {place}").format(place=draft.get("place_name", ""))]
    if draft.get("tax_number"):
        rule = draft.get("tax_rule") or _("plain check")
        lines.append(_("Tax number: {number} ({rule} ✓)").format(number=draft["tax_number"], rule=rule))
    lines += [_("Pick up at: {place}").format(place=p) for p in draft.get("pickup_points", [])]
    lines.append(_("Solidarity fund: {percent} of each sale").format(
        percent=f'{voice.number(Decimal(str(draft.get("fund_percent", "0"))))} %'))
    if draft.get("description"):
        lines += ["", draft["description"]]
    if draft.get("logo_file_id"):
        lines.append(_("Logo: received"))
    lines += ["", _("Feria's operators will check it before it is public.")]
    rows = [[voice.button(_("✅ Send for approval"), Action.REGISTRATION_CONFIRM, draft["token"])],
            _nav(voice, "summary")]
    return Screen("\n".join(lines), rows)


def sent(voice: Voice, registered: Registered) -> Screen:
    return Screen(voice._("📨 «{name}» waits for Feria's operators. I will tell you their decision here.").format(
        name=registered.name))


def cancelled(voice: Voice) -> Screen:
    return Screen(voice._("Registration cancelled: nothing was kept. Send /registrar to start again."))
