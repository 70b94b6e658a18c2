"""Producers know they can post stock by writing: the menu's "Publish stock" page, and what to write instead
when a message looks like stock but would not be read as they meant (market.stock_messages.hints)."""

from __future__ import annotations

from bot.actions import Action
from bot.callbacks import Press
from bot.flows.router import PressHandler
from bot.screens import stock_help as screens
from bot.turn import Turn
from market.services.organizations.producers import my_organizations
from market.services.stock.publishing import stock_place
from market.stock_messages.hints import stock_hint

# An example for a person of no organization (an admin removed meanwhile): the most common unit and no currency.
NO_COUNTRY = ""


async def organization_country(turn: Turn) -> str | None:
    """The country of the person's first organization (its units and money make the example); None for no member."""
    organizations = await my_organizations(turn.person.id)
    if not organizations:
        return None
    return (await stock_place(organizations[0].organization_id)).country_code


async def how_to_post(turn: Turn, press: Press) -> None:
    """ "📦 Publish stock": what to write, with an example of their country, and what happens next."""
    await turn.show(screens.how_to_post(turn, await organization_country(turn) or NO_COUNTRY))


async def hinted(turn: Turn, text: str) -> bool:
    """Show a producer the closest readable form of a message that looks like stock and would not be read as
    meant; False (nothing said) for anyone else's message, and for one that is stock or a search."""
    if (country := await organization_country(turn)) is None:
        return False  # a consumer's words are a search, whatever they look like
    found = stock_hint(text, turn.locale, screens.example_product(turn, country))
    if found is None:
        return False
    await turn.send(screens.hint(turn, found, sum(1 for line in text.splitlines() if any(c.isalnum() for c in line))))
    return True


# What this flow's buttons run: bot/application.py registers this table.
PRESSES: dict[Action, PressHandler] = {
    Action.STOCK_HELP: how_to_post,
}
