"""The main menu as this person sees it, for /start and for every way back to it (« Menu, a place chosen from it)."""

from __future__ import annotations

from bot.screens.menu import main_menu
from bot.turn import Screen, Turn
from market.services.people.menu import menu_facts


async def menu_screen(turn: Turn, name: str | None = None) -> Screen:
    """The main menu for this person: the orders waiting for their organizations, and the operator's page when
    they are one."""
    waiting, operator = await menu_facts(turn.person.id)
    return main_menu(turn, name, waiting, operator=operator)
