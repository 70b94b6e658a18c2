"""How a producer posts stock by writing: the menu's "Publish stock" page, and what to write when a message
looks like stock but cannot be read as meant."""

from __future__ import annotations

from bot.screens.menu import back_to_menu
from bot.turn import Screen, Voice
from market.presentation.labels import N_
from market.stock_messages.hints import StockHint

# A stock message as a producer of each country writes it: a product of theirs, a quantity in the unit their
# market uses (the quintal in Bolivia, the saca in Brazil) and a price in their currency. Every example reads
# as stock in every language (tests/bot/screens/test_stock_help.py).
EXAMPLES = {
    "BO": (N_("potatoes"), "20 qq", "150"),
    "PE": (N_("potatoes"), "50 kg", "3"),
    "BR": (N_("beans"), "3 sacas", "300"),
    "MX": (N_("tomatoes"), "20 kg", "25"),
    "CO": (N_("tomatoes"), "20 kg", "3.500"),
    "AR": (N_("tomatoes"), "20 kg", "1.500"),
    "PY": (N_("tomatoes"), "20 kg", "8.000"),
}
DEFAULT_EXAMPLE = (N_("tomatoes"), "20 kg", "8")

HINTS = {
    "spelled_number": N_("Write the quantity in numbers:"),
    "misspelt_unit": N_("I don't know that unit. Did you mean:"),
    "no_product": N_("Write which product it is, then the quantity:"),
}


def example_product(voice: Voice, country_code: str) -> str:
    """The example's product, in the person's language ("papa")."""
    return voice._(EXAMPLES.get(country_code, DEFAULT_EXAMPLE)[0])


def example(voice: Voice, country_code: str) -> str:
    """ "papa 20 qq a 150": a stock message as a producer of that country writes it, in the person's language."""
    product, quantity, price = EXAMPLES.get(country_code, DEFAULT_EXAMPLE)
    return voice._("{product} {quantity} at {price}").format(product=voice._(product), quantity=quantity, price=price)


def how_to_post(voice: Voice, country_code: str) -> Screen:
    """What to write to post stock, and what happens next."""
    _ = voice._
    product = example_product(voice, country_code)
    lines = [
        _("📦 To publish stock, write it to me in a message, one product a line:"),
        f"“{example(voice, country_code)}”",
        "",
        _("I answer with a card: check each line and press ✅ Publish. Nothing is published before."),
        _("It is your own lot: “{product} +5 kg” adds to it, “{product} -3 kg” takes away.").format(product=product),
        _("“{product} sold out” says there is none left. A photo with the message as its caption goes on the "
          "product.").format(product=product),
    ]
    return Screen("\n".join(lines), [back_to_menu(voice)])


def hint(voice: Voice, found: StockHint, lines: int) -> Screen:
    """The closest readable form of a line that looks like stock: nothing is published, the producer writes it."""
    _ = voice._
    said = _(HINTS[found.code])
    if lines > 1:
        said = _("Line {line}: {hint}").format(line=found.line, hint=said)
    return Screen("\n".join([said, f"“{found.readable}”", _("Write it again like that, and I will show it to you "
                                                           "before publishing.")]))
