"""What the committee's and the operator's action pages share: the bot's words for the refusals the web door's
DETAILS does not name, and a person named by their Telegram id or @username, as the bot's /operadores and /redes
name them (a forwarded message, the bot's third way, has no web equivalent)."""

from __future__ import annotations

from aiohttp import web

from market.errors import FeriaError, Invalid
from market.presentation.labels import N_
from market.services.operators.roles import PersonRef, find_person_by_telegram_id, find_person_by_username
from market.web.api.problems import _Blanks
from market.web.desk.common import desk_locale, refusal_words
from market.web.pages.common import translator

# The bot's words (bot.flows.errors.REFUSALS) where they fit a page; the desk's own where the bot's speak of the chat.
WORDS = {
    "condition_already_met": N_("That condition was marked met already."),
    "condition_not_found": N_("That condition no longer exists."),
    "reviewer_not_found": N_("That person does not review for this network."),
    "last_committee_member": N_("The committee needs at least one member: seat someone else on it first."),
    "producer_reviewer_needs_organization": N_(
        "A producer reviews from their organization: choose it. If they belong to none in Feria, choose another role."),
    "reviewer_organization_not_theirs": N_("They are not a member of that organization. Choose again."),
    "checklist_norm_count": N_("Write {min} to {max} norms, one per line. Nothing was saved."),
    "checklist_norm_length": N_("Norm {number} must have {min} to {max} characters. Nothing was saved."),
    "checklist_norm_repeated": N_("Norm {number} is written twice. Nothing was saved."),
    "checklist_changed": N_("The checklist changed meanwhile, or this version is saved already. Open it again."),
    "person_not_started": N_("Telegram user {telegram_user_id} has not written to the bot yet. Ask them to send /start "
                             "to the bot, then try again."),
    "username_unknown": N_("Nobody who wrote to the bot is @{username}. Ask them to send /start to the bot, or write "
                           "their Telegram id."),
    "bad_person_reference": N_("Write their Telegram id (digits, like 123456789) or their @username."),
    "operator_not_found": N_("That person is no longer an operator."),
    "last_operator": N_("That is the last operator: name another one first."),
}


def refusal(request: web.Request, error: FeriaError) -> str:
    """A refusal in the person's language: these pages' words, else the web door's."""
    if error.code not in WORDS:
        return refusal_words(request, error)
    return translator(desk_locale(request)).gettext(WORDS[error.code]).format_map(_Blanks(error.params))


def words(request: web.Request, text: str) -> str:
    return translator(desk_locale(request)).gettext(text)


async def typed_person(text: str) -> PersonRef:
    """The person an @username or a Telegram id names, once they wrote to the bot (the bot's person_named)."""
    typed = text.strip()
    if typed.startswith("@"):
        return await find_person_by_username(typed)
    if typed.isdecimal() and typed.isascii() and len(typed) <= 19:
        return await find_person_by_telegram_id(int(typed))
    raise Invalid("bad_person_reference")
