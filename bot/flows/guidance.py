"""/ayuda (/ajuda, /help): what the person can do, for each role they hold."""

from __future__ import annotations

from bot.flows.stock_help import NO_COUNTRY, organization_country
from bot.screens.help import help_screen
from bot.turn import Turn, turn_handler
from market.services.people.roles import person_roles


@turn_handler
async def help_command(turn: Turn) -> None:
    """A few lines for each role the person holds, with the commands that matter to it."""
    roles = await person_roles(turn.person.id)
    await turn.send(help_screen(turn, roles, await organization_country(turn) or NO_COUNTRY))
