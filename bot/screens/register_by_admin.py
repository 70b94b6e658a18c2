"""An admin writes a member's entry, part by part, as the member's own steps ask it (bot/screens/register.py):
community, production, family; never the gender, which is the member's own to declare."""

from __future__ import annotations

from telegram import InlineKeyboardButton

from bot.actions import Action
from bot.screens.register import COMMUNITY, FAMILY, PRODUCTION
from bot.turn import Screen, Voice
from market.services.organizations.register import COMMUNITY_PAGE, CommunityPage

STEPS = (COMMUNITY, PRODUCTION, FAMILY)  # then the entry is written


def next_step(step: str) -> str | None:
    index = STEPS.index(step) + 1
    return STEPS[index] if index < len(STEPS) else None


def step_buttons(voice: Voice, member_id: int, step: str, view: str, page: int) -> list[list[InlineKeyboardButton]]:
    """Skip this part (past the last, write what was given), or go back to the entry, writing nothing."""
    _ = voice._
    after = next_step(step)
    skip = voice.button(_("Skip »"), Action.REGISTER_WRITE_STEP, member_id, after or "w")
    return [[skip, voice.button(_("« Entry"), Action.REGISTER_MEMBER, member_id, view, page)]]


def community_step(voice: Voice, name: str, member_id: int, choices: CommunityPage, view: str,
                   page: int) -> Screen:
    _ = voice._
    if choices.items:
        text = _("🏘 Which community does {name} live in? Choose it, or write its name.").format(name=name)
    else:
        text = _("🏘 Which community does {name} live in? Write its name.").format(name=name)
    items = list(choices.items)
    rows = [[voice.button(c.name, Action.REGISTER_WRITE_COMMUNITY, member_id, c.territory_id, choices.offset)
             for c in items[i:i + 2]] for i in range(0, len(items), 2)]
    paging = []
    if choices.offset > 0:
        paging.append(voice.button("‹", Action.REGISTER_WRITE_COMMUNITIES, member_id,
                                   max(0, choices.offset - COMMUNITY_PAGE)))
    if choices.next_offset is not None:
        paging.append(voice.button("›", Action.REGISTER_WRITE_COMMUNITIES, member_id, choices.next_offset))
    if paging:
        rows.append(paging)
    return Screen(text, rows + step_buttons(voice, member_id, COMMUNITY, view, page))


def production_step(voice: Voice, name: str, member_id: int, view: str, page: int) -> Screen:
    return Screen(voice._("🌱 What does {name} produce? Write one product a line: the product, about how much with "
                          "its unit, and after a comma when. Like:\npapa 20 qq, mayo a julio\ncafé 5 quintales, "
                          "cosecha\nmiel 30 kg").format(name=name),
                  step_buttons(voice, member_id, PRODUCTION, view, page))


def family_step(voice: Voice, name: str, member_id: int, view: str, page: int) -> Screen:
    return Screen(voice._("👪 How many people are in the family of {name}, counting them? Write a number, "
                          "like 5.").format(name=name), step_buttons(voice, member_id, FAMILY, view, page))
