"""The confirmation card of a stock message: each line as it will be published, and what is unclear."""

from __future__ import annotations

from bot.actions import Action
from bot.turn import Screen, Voice
from market.presentation.labels import N_
from market.services.catalog.categories import CategoryNames
from market.rules.names import repeated_lines
from market.stock_messages import StockLine, StockMessageError
from market.text import search_key

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
    return text


def price(voice: Voice, line: StockLine, currency: str, country_code: str) -> str:
    if line.price is None:
        return ""
    return " · " + voice.per_unit(line.price, line.currency or currency, line.price_unit or line.unit, country_code)


def card(voice: Voice, organization_name: str, currency: str, country_code: str, results, matches: dict,
         picks: dict, categories: dict[int, CategoryNames], token: str) -> Screen:
    """Every line: ✅ known product, 🆕 new one (with its category), ❓ which product, ⚠️ unreadable or repeated."""
    _ = voice._
    lines = [_("📦 To publish for {organization}:").format(organization=organization_name), ""]
    rows = []
    repeated = repeated_lines(_products(results, matches, picks))
    ready = not repeated
    for result in results:
        if isinstance(result, StockMessageError):
            lines.append("⚠️ " + _(LINE_ERRORS.get(result.code, LINE_ERRORS["no_quantity"])).format(line=result.line))
            continue
        match = matches[result.line]
        if result.line in repeated:
            lines.append("⚠️ " + _(REPEATED).format(line=result.line, first=repeated[result.line],
                                                    product=_name(result, match, picks)))
            continue
        shown = what(voice, result) + price(voice, result, currency, country_code)
        pick = picks.get(str(result.line))
        if match.product_id is not None:
            lines.append(f"✅ {match.product_name}: {shown}")
        elif isinstance(pick, int):
            lines.append(f"✅ {dict(match.suggestions)[pick]}: {shown}")
        elif isinstance(pick, str):
            lines.append(_("🆕 {product} ({category}): {what}").format(
                product=result.product.capitalize(), category=_category(voice, categories, int(pick[1:])), what=shown))
        else:
            ready = False
            lines.append(_("❓ “{written}”: {what}. Which product is it?").format(
                written=result.product or "…", what=shown))
            row = [voice.button(name, Action.STOCK_PRODUCT, token, result.line, pid) for pid, name in match.suggestions]
            rows.append(row + [voice.button(_("🆕 New product"), Action.STOCK_NEW_PRODUCT, token, result.line)])
    if not any(isinstance(r, StockLine) for r in results):
        ready = False
    buttons = [voice.button(_("✅ Publish"), Action.STOCK_PUBLISH, token)] if ready else []
    rows.append(buttons + [voice.button(_("✏️ Correct"), Action.STOCK_CORRECT, token),
                           voice.button(_("❌ Cancel"), Action.STOCK_CANCEL, token)])
    return Screen("\n".join(lines), rows)


def _products(results, matches: dict, picks: dict) -> list[tuple[int, object]]:
    """(line, the product it will publish on) for every line that knows its product, a new one by its name."""
    known = []
    for result in results:
        if isinstance(result, StockLine):
            pick = picks.get(str(result.line))
            product = matches[result.line].product_id or (pick if isinstance(pick, int) else None)
            if product is None and isinstance(pick, str):
                product = search_key(result.product)
            if product is not None:
                known.append((result.line, product))
    return known


def _name(result: StockLine, match, picks: dict) -> str:
    pick = picks.get(str(result.line))
    if match.product_id is not None:
        return match.product_name
    return dict(match.suggestions)[pick] if isinstance(pick, int) else result.product.capitalize()


def _category(voice: Voice, categories: dict[int, CategoryNames], category_id: int) -> str:
    category = categories.get(category_id)
    return voice.category(category.code, category.stored) if category else "…"


def choose_category(voice: Voice, line: int, categories: dict[int, CategoryNames], token: str) -> Screen:
    _ = voice._
    rows = [[voice.button(voice.category(c.code, c.stored), Action.STOCK_CATEGORY, token, line, cid)]
            for cid, c in categories.items()]
    return Screen(_("Which kind of product is it?"), rows)


def choose_organization(voice: Voice, organizations, token: str) -> Screen:
    _ = voice._
    return Screen(_("For which organization is this stock?"),
                  [[voice.button(m.organization_name, Action.STOCK_ORGANIZATION, token, m.organization_id)] for m in organizations])


def published(voice: Voice, items, country_code: str) -> Screen:
    _ = voice._
    lines = [_("✅ Published. The catalog shows it now:")]
    for p in items:
        stock = _("sold out") if p.stock == 0 else voice.quantity(p.stock, p.unit)
        lines.append(f"• {p.product_name}: {stock} · {voice.per_unit(p.price, p.currency, p.unit, country_code)}")
    return Screen("\n".join(lines))

