"""The confirmation card of a stock message: each line as it will be published, and what is unclear."""

from __future__ import annotations

from collections.abc import Iterable

from babel.numbers import get_currency_symbol
from telegram import InlineKeyboardButton

from bot.actions import Action
from bot.screens import stock_lots
from bot.turn import Screen, Voice, translator
from market.presentation.labels import N_, unit_name
from market.services.catalog.categories import CategoryNames
from market.services.organizations.producers import MembershipView
from market.services.stock.draft_lines import DraftLine
from market.services.stock.drafts import StockDraft
from market.services.stock.lot_preview import LotPreview
from market.services.stock.publishing import Published
from market.stock_messages import StockLine

# Why a line cannot be read, with a corrected example (the producer's other lines are still offered).
LINE_ERRORS = {
    "no_quantity": N_("Line {line}: I found no quantity. Write it like “tomate 20 kg a 8,50”."),
    "bad_quantity": N_("Line {line}: the quantity must be a number of zero or more, like “tomate 20 kg”."),
    "too_large": N_("Line {line}: that quantity is too large. Check the number, like “tomate 200 kg”."),
    "bad_price": N_("Line {line}: the price does not look right. Write it like “a 8,50”."),
    "bad_name": N_("Line {line}: a product's name cannot start with =, +, - or @. Write the name alone, like "
                   "“tomate 20 kg”."),
}
REPEATED = N_("Line {line}: {product} is already on line {first}. Write each product once, on one line.")


def what(voice: Voice, line: StockLine) -> str:
    """ "20 kg a Bs8,50 por kg", "+20 kg", "agotado": the line as it will be published."""
    _ = voice._
    if line.quantity == 0:
        return _("sold out")
    text = voice.quantity(line.quantity, line.unit)
    if line.content:
        amount, unit = line.content
        text = _("{quantity} of {content}").format(quantity=text, content=voice.quantity(amount, unit))
    if line.mode == "add":
        text = "+" + text
    elif line.mode == "take":
        text = "−" + text
    return text


def price(voice: Voice, line: StockLine, currency: str, country_code: str) -> str:
    if line.price is None:
        return ""
    return " · " + voice.per_unit(line.price, line.currency or currency, line.price_unit or line.unit, country_code)


def card(voice: Voice, organization_name: str, currency: str, country_code: str, draft: StockDraft,
         categories: dict[int, CategoryNames], lots: LotPreview | None = None) -> Screen:
    """Every line: ✅ known product, 🆕 new one (with its category), ❓ which product, ⚠️ unreadable or repeated."""
    _ = voice._
    lines = [_("📦 To publish for {organization}:").format(organization=organization_name), ""]
    rows: list[list[InlineKeyboardButton]] = []
    for line in draft.read_lines:
        stock = line.stock
        if line.error is not None or stock is None:  # a line without stock is one the parser could not read
            error = LINE_ERRORS.get(line.error or "no_quantity", LINE_ERRORS["no_quantity"])
            lines.append("⚠️ " + _(error).format(line=line.number))
            continue
        if line.repeats is not None:
            lines.append("⚠️ " + _(REPEATED).format(line=line.number, first=line.repeats, product=line.product_name))
            continue
        shown = what(voice, stock) + price(voice, stock, currency, country_code)
        if line.product_id is None and line.new_category_id is None:
            lines.append(_("❓ “{written}”: {what}. Which product is it?").format(
                written=stock.product or "…", what=shown))
            rows += [] if rows else _product_rows(voice, line, draft.token)  # one unclear line at a time
        elif line.repacks and line.bags is None:
            lines.append(_content_question(voice, line, shown))
        elif line.foreign and line.rate is None:
            lines.append(_("❓ {product}: {what}. Prices here are in {currency}: convert it at today's rate, or "
                           "write it in {currency}.").format(product=line.product_name, what=shown,
                                                             currency=symbol(voice, currency, country_code)))
            rows += [] if rows else [_currency_row(voice, line, currency, country_code, draft.token)]
        elif line.new_category_id is None:
            mark = "⚠️" if lots is not None and line.number in lots.short else "✅"
            lines.append(f"{mark} {line.product_name}: {_published(voice, line, currency, country_code)}")
        else:
            lines.append(_("🆕 {product} ({category}): {what}").format(
                product=line.product_name, category=_category(voice, categories, line.new_category_id),
                what=_published(voice, line, currency, country_code)))
        if lots is not None and line.number in lots.moves:  # the lot's and the offer's before → after
            lines.append(stock_lots.lot_line(voice, *lots.moves[line.number], lots.for_name))
        elif lots is not None and line.number in lots.short:  # "-15" on a lot of 10: said now, not on Publish
            lines.append(stock_lots.short_line(voice, *lots.short[line.number], lots.for_name))
    if lots is not None and lots.admin:  # an admin posts for the organization or a member
        rows.append([stock_lots.for_button(voice, lots, draft.token)])
    publishable = draft.ready and not (lots is not None and lots.short)
    buttons = [voice.button(_("✅ Publish"), Action.STOCK_PUBLISH, draft.token)] if publishable else []
    rows.append(buttons + [voice.button(_("✏️ Correct"), Action.STOCK_CORRECT, draft.token),
                           voice.button(_("❌ Cancel"), Action.STOCK_CANCEL, draft.token)])
    return Screen("\n".join(lines), rows)


# A button's label at most this long: two a row still fit a phone's width.
BUTTON_CHARACTERS = 22


def _label(text: str, limit: int = BUTTON_CHARACTERS) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def _product_rows(voice: Voice, line: DraftLine, token: str) -> list[list[InlineKeyboardButton]]:
    """The products the line may be, two a row, and a new one named with the line's own words."""
    suggested = [voice.button(_label(name), Action.STOCK_PRODUCT, token, line.number, pid)
                 for pid, name in (line.match.suggestions if line.match else ())]
    written = line.stock.product if line.stock is not None and line.stock.product else "…"
    new = voice.button(_label(voice._("🆕 New: {product}").format(product=written), 2 * BUTTON_CHARACTERS - 4),
                       Action.STOCK_NEW_PRODUCT, token, line.number)
    return [suggested[i:i + 2] for i in range(0, len(suggested), 2)] + [[new]]


def symbol(voice: Voice, currency: str, country_code: str) -> str:
    """ "Bs", "R$", "US$": a currency as the person's country writes it."""
    return get_currency_symbol(currency, locale=translator(voice.locale, country_code).format_locale)


def _currency_row(voice: Voice, line: DraftLine, currency: str, country_code: str,
                  token: str) -> list[InlineKeyboardButton]:
    _ = voice._
    local = symbol(voice, currency, country_code)
    foreign = line.stock.currency if line.stock is not None and line.stock.currency else currency
    return [voice.button(_("💱 Convert to {currency}").format(currency=local), Action.STOCK_RATE, token, foreign),
            voice.button(_("✏️ Write it in {currency}").format(currency=local), Action.STOCK_CORRECT, token, currency)]


def _content_question(voice: Voice, line: DraftLine, shown: str) -> str:
    """ "+3 bolsas de 300 g" of a coffee in bags of 250 g: how many of its bags (or, not described, of any)."""
    _ = voice._
    unit, content = line.offer or ("unit", None)
    if content is None:
        return _("❓ {product}: {what}. I don't know what one of its {units} holds: write how many {units} "
                 "you have, without what they hold.").format(product=line.product_name, what=shown,
                                                             units=unit_name(voice.ngettext, unit, 2))
    packs = _("{quantity} of {content}").format(quantity=unit_name(voice.ngettext, unit, 2),
                                                content=voice.quantity(content[0], content[1]))
    return _("❓ {product}: {what}. It is sold in {packs}: write how many {packs} you have.").format(
        product=line.product_name, what=shown, packs=packs)


def _published(voice: Voice, line: DraftLine, currency: str, country_code: str) -> str:
    """The line as written, and as it will be published when that differs: "+12 bolsas de 500 g = +24 bolsas de
    250 g", "Bs83,52 por kg (US$12,00 × 6,96)"."""
    written, published = line.stock, line.published
    assert written is not None  # a line on the card is read
    text = what(voice, written)
    if published is None:
        return text + price(voice, written, currency, country_code)
    if line.repacks:
        text += " = " + what(voice, published)
    text += price(voice, published, currency, country_code)
    if line.foreign and line.rate is not None and written.price is not None and written.currency is not None:
        text += f" ({voice.money(written.price, written.currency, country_code)} × {voice.number(line.rate)})"
    return text


def ask_rate(voice: Voice, foreign: str, currency: str, country_code: str, token: str) -> Screen:
    _ = voice._
    return Screen(_("How many {currency} is 1 {foreign} today? Write the rate, like “6,96”.").format(
        currency=symbol(voice, currency, country_code), foreign=symbol(voice, foreign, country_code)),
        [[voice.button(_("❌ Cancel"), Action.STOCK_CANCEL, token)]])


def write_in_currency(voice: Voice, currency: str, country_code: str) -> Screen:
    return Screen(voice._("Write the message again with the price in {currency}, like “tomate 20 kg a 8,50”.").format(
        currency=symbol(voice, currency, country_code)))


def not_stock(voice: Voice, token: str) -> Screen:
    """After ✏️ Correct, a message that holds no stock: what to write, and a way out."""
    _ = voice._
    return Screen(_("That is not stock. Write the corrected message: the product, the quantity and the price, like "
                    "“tomate 20 kg a 8,50”."), [[voice.button(_("❌ Cancel"), Action.STOCK_CANCEL, token)]])


def _category(voice: Voice, categories: dict[int, CategoryNames], category_id: int) -> str:
    category = categories.get(category_id)
    return voice.category(category.code, category.stored) if category else "…"


def choose_category(voice: Voice, line: int, categories: dict[int, CategoryNames], token: str) -> Screen:
    """The kinds of product to put a new one in; none yet (a new installation): who adds them, never a dead end."""
    _ = voice._
    rows = [[voice.button(voice.category(c.code, c.stored), Action.STOCK_CATEGORY, token, line, cid)]
            for cid, c in categories.items()]
    rows.append([voice.button(_("❌ Cancel"), Action.STOCK_CANCEL, token)])
    if not categories:
        return Screen(_("Feria has no kinds of product yet, and a new product needs one. Feria's operators add them: "
                        "ask them, then write your stock again."), rows)
    return Screen(_("Which kind of product is it?"), rows)


def choose_organization(voice: Voice, organizations: Iterable[MembershipView], token: str) -> Screen:
    _ = voice._
    rows = [[voice.button(m.organization_name, Action.STOCK_ORGANIZATION, token, m.organization_id)] for m in organizations]
    return Screen(_("For which organization is this stock?"), rows)


def published(voice: Voice, items: Iterable[Published], country_code: str) -> Screen:
    _ = voice._
    lines = [_("✅ Published. The catalog shows it now:")]
    for p in items:
        stock = _("sold out") if p.stock == 0 else voice.quantity(p.stock, p.unit)
        lines.append(f"• {p.product_name}: {stock} · {voice.per_unit(p.price, p.currency, p.unit, country_code)}")
        if p.lot is not None and not p.lot.own:  # a producer's own lot, before → after, and the offer's
            lines.append("   " + _("Your lot: {lot_before} → {lot_after} · On sale: {before} → {after}").format(
                lot_before=voice.number(p.lot.lot_before), lot_after=voice.quantity(p.lot.lot_after, p.unit),
                before=voice.number(p.lot.offer_before), after=voice.quantity(p.lot.offer_after, p.unit)))
    return Screen("\n".join(lines))

