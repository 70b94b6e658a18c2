"""The bot's commands: the names people type in each language, and the menu Telegram shows."""

from __future__ import annotations

from telegram import Bot, BotCommand

from bot.turn import translator
from market.enums import SUPPORTED_LOCALES
from market.presentation.labels import N_

# Every name works in every language; the menu shows each language its own names.
COMMANDS = {
    "start": ("start", "menu"),
    "cart": ("carrito", "carrinho", "cart"),
    "orders": ("pedidos", "orders"),
    "language": ("idioma", "lingua", "language"),
    "groups": ("grupos", "groups"),
    "organization": ("organizacion", "organizacao", "organization"),
    "alerts": ("alertas", "alerts"),
    "price": ("precio", "preco", "price"),
    "fairs": ("ferias", "feiras", "fairs"),  # the ferias of the coming days
    "mydata": ("misdatos", "meusdados", "mydata"),
    "register": ("registrar", "cadastrar", "register"),  # register an organization
    "register_entry": ("miregistro", "meucadastro", "myentry"),  # a member's entry in the member register
    "link": ("vincular", "link"),  # in a group chat: link it to a purchasing group
    # Operators only (the services refuse anyone else); left out of the menu every person sees.
    "operators": ("operadores", "operators"),
    # PGS networks: register one (it waits for an operator), and a reviewer's networks, where they name reviewers.
    "register_network": ("registrar_red", "cadastrar_rede", "register_network"),
    "networks": ("redes", "networks"),
    "committee": ("comite", "committee"),  # a network's committee: visits to decide, seals to act on
    # PGS visits: an organization's admin asks for one (/sello); a reviewer takes, leads or signs one (/visitas).
    "seal": ("sello", "selo", "seal"),
    "visits": ("visitas", "visits"),
    "fund": ("fondo", "fundo", "fund"),  # the solidarity fund of a person's organizations and groups
    "help": ("ayuda", "ajuda", "help"),  # what the person can do, for each role they hold
    "receipts": ("recibos", "receipts"),  # the person's receipts, each PDF sent again on a press
    "sign_in": ("entrar", "login"),  # sign a browser in to the desk with the code it shows
}
MENU = {
    "es": (("start", N_("Main menu")), ("carrito", N_("My cart")), ("pedidos", N_("My orders")),
           ("grupos", N_("My purchasing groups")), ("organizacion", N_("My organization")),
           ("precio", N_("Prices")), ("ferias", N_("Ferias")), ("alertas", N_("My alerts")),
           ("idioma", N_("Language")), ("misdatos", N_("My data")), ("ayuda", N_("Help"))),
    "pt_BR": (("start", N_("Main menu")), ("carrinho", N_("My cart")), ("pedidos", N_("My orders")),
              ("grupos", N_("My purchasing groups")), ("organizacao", N_("My organization")),
              ("preco", N_("Prices")), ("feiras", N_("Ferias")), ("alertas", N_("My alerts")),
              ("idioma", N_("Language")), ("meusdados", N_("My data")), ("ajuda", N_("Help"))),
    "en": (("start", N_("Main menu")), ("cart", N_("My cart")), ("orders", N_("My orders")),
           ("groups", N_("My purchasing groups")), ("organization", N_("My organization")),
           ("price", N_("Prices")), ("fairs", N_("Ferias")), ("alerts", N_("My alerts")),
           ("language", N_("Language")), ("mydata", N_("My data")), ("help", N_("Help"))),
}
# Telegram matches a person's language_code ("pt", "es") to a menu by its two letters.
TELEGRAM_LANGUAGE = {"es": "es", "pt_BR": "pt", "en": "en"}


def command_name(command: str, locale: str) -> str:
    """ "/carrito", "/carrinho", "/cart": a command as a person of that language types it (Spanish's name when
    Portuguese has none of its own: "/pedidos", "/redes")."""
    names = COMMANDS[command]
    language = locale.split("_")[0]
    name = names[-1] if language == "en" else names[1] if language == "pt" and len(names) == 3 else names[0]
    return "/" + name


def menu_for(locale: str) -> list[BotCommand]:
    _ = translator(locale).gettext
    return [BotCommand(name, _(description)) for name, description in MENU[locale]]


async def register_commands(bot: Bot, default_locale: str) -> None:
    """setMyCommands for each language, and the default language's menu for everyone else."""
    for locale in SUPPORTED_LOCALES:
        await bot.set_my_commands(menu_for(locale), language_code=TELEGRAM_LANGUAGE[locale])
    await bot.set_my_commands(menu_for(translator(default_locale).locale))
