"""The confirmation card of a stock message: each line as it will be published, and what is unclear."""

from __future__ import annotations

from collections.abc import Iterable

from bot.actions import Action
from bot.screens import stock_lots
from bot.turn import Screen, Voice
from market.presentation.labels import N_
from market.services.catalog.categories import CategoryNames
from market.services.organizations.producers import MembershipView
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
    rows = []
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
        if line.product_id is not None:
            lines.append(f"✅ {line.product_name}: {shown}")
        elif line.new_category_id is not None:
            lines.append(_("🆕 {product} ({category}): {what}").format(
                product=line.product_name, category=_category(voice, categories, line.new_category_id), what=shown))
        else:
            lines.append(_("❓ “{written}”: {what}. Which product is it?").format(
                written=stock.product or "…", what=shown))
            suggested = line.match.suggestions if line.match else ()
            row = [voice.button(name, Action.STOCK_PRODUCT, draft.token, line.number, pid) for pid, name in suggested]
            rows.append(row + [voice.button(_("🆕 New product"), Action.STOCK_NEW_PRODUCT, draft.token, line.number)])
        if lots is not None and line.number in lots.moves:  # the lot's and the offer's before → after
            lines.append(stock_lots.lot_line(voice, *lots.moves[line.number], lots.for_name))
    if lots is not None and lots.admin:  # an admin posts for the organization or a member
        rows.append([stock_lots.for_button(voice, lots, draft.token)])
    buttons = [voice.button(_("✅ Publish"), Action.STOCK_PUBLISH, draft.token)] if draft.ready else []
    rows.append(buttons + [voice.button(_("✏️ Correct"), Action.STOCK_CORRECT, draft.token),
                           voice.button(_("❌ Cancel"), Action.STOCK_CANCEL, draft.token)])
    return Screen("\n".join(lines), rows)


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

