"""Browsing: categories, regions, a page of products, and a product's card."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from telegram import InlineKeyboardButton

from bot.actions import Action
from bot.screens.menu import back_to_menu
from bot.turn import Screen, Voice
from market.presentation.labels import SEAL_STATUS
from market.seal_codes import format_seal_code
from market.services.catalog.browse import CategorySummary, RegionSummary
from market.services.catalog.card import ProductCard
from market.services.catalog.categories import CategoryNames
from market.services.catalog.products import ProductPage, ProductSummary
from market.services.catalog.search import CatalogSearch
from market.services.seals.verification import SealVerification

NONE = "-"  # an argument left open ("all regions") in callback data
QUICK_QUANTITIES = (Decimal(1), Decimal(2), Decimal(5))
DESCRIPTION_LIMIT = 400  # a card stays readable on a small screen and under a caption's 1024


def categories(voice: Voice, summaries: tuple[CategorySummary, ...]) -> Screen:
    _ = voice._
    buttons = [
        voice.button(f"{voice.category(c.code, c.names)} ({c.product_count})", Action.REGIONS, c.code) for c in summaries
    ]
    rows = [buttons[i:i + 2] for i in range(0, len(buttons), 2)]
    return Screen(_("Choose a category:"), rows + [back_to_menu(voice)])


def regions(voice: Voice, category: CategoryNames, summaries: tuple[RegionSummary, ...]) -> Screen:
    _ = voice._
    code = category.code
    rows = [[voice.button(_("All regions"), Action.PRODUCT_LIST, code, NONE, NONE)]]
    rows += [[voice.button(f"{r.name} ({r.product_count})", Action.PRODUCT_LIST, code, r.code, NONE)] for r in summaries]
    rows.append([voice.button(_("« Categories"), Action.CATEGORIES)])
    return Screen(
        _("{category}: where from?").format(category=voice.category(code, category.stored)), rows
    )


def product_page(voice: Voice, page: ProductPage, *, title: str, nav: tuple[Action, *tuple[str, ...]],
                 back: tuple[Action, *tuple[str, ...]], extra: list[list[InlineKeyboardButton]] | None = None,
                 empty: str | None = None) -> Screen:
    """A page of products; `nav` is the list's Action and arguments (a cursor follows), `back` where « leads,
    `extra` rows above « Back, `empty` what to say when the page is empty (else "Nothing here yet")."""
    _ = voice._
    extra = extra or []
    if not page.items:
        text = empty or _("{title}\n\nNothing here yet.").format(title=title)
        return Screen(text, [*extra, [voice.button(_("« Back"), *back)]])
    lines = [title, ""]
    rows = []
    # Two products of one name on a page are told apart by where they are made ("Tomate · Bolivia").
    names = Counter(item.name for item in page.items)
    for item in page.items:
        seal = " ✅" if item.sealed else ""
        price = (
            voice.per_unit(item.price, item.currency, item.unit, item.country_code)
            if item.price is not None and item.currency is not None else _("no offer now")
        )
        lines.append(f"• {item.name}{seal} — {price}")
        abroad = page.near_country is not None and item.country_code != page.near_country
        where = f"{item.organization_name}, {item.territory_name}"
        lines.append("  " + (_("{place} · in another country").format(place=where) if abroad else where))
        label = item.name if names[item.name] == 1 else f"{item.name} · {_place_of(voice, item, page.items)}"
        rows.append([voice.button(label, Action.PRODUCT, item.id)])
    paging = []
    if page.previous_before is not None:
        paging.append(voice.button(_("◀ Previous"), *nav, f"b{page.previous_before}"))
    if page.next_after is not None:
        paging.append(voice.button(_("Next ▶"), *nav, f"a{page.next_after}"))
    if paging:
        rows.append(paging)
    rows.extend(extra)
    rows.append([voice.button(_("« Back"), *back)])
    return Screen("\n".join(lines), rows)


def search_results(voice: Voice, found: CatalogSearch, text: str, place: str | None, *, ask_place: bool = False
                   ) -> Screen:
    """A page of a search's results, from the person's place; nothing found says so, with names to try instead.
    `ask_place`: the person has no place yet and is asked it, once, under these results."""
    _ = voice._
    title = _("Results for “{text}”").format(text=text)
    if found.corrected:
        title = _("Nothing is called “{text}”. Did you mean “{corrected}”?").format(text=text, corrected=found.corrected)
    if ask_place:
        title += "\n" + _("📍 Where are you? Choose your place and I'll show what is made nearest to you first.")
    extra = [[voice.button(_("🔎 {name}").format(name=name), Action.SEARCH_SUGGESTED, i)]
             for i, name in enumerate(found.suggestions)]
    where = _("📍 Near {place} · change").format(place=place) if place else _("📍 Choose my place")
    extra.append([voice.button(where, Action.MY_PLACE)])
    empty = _("No product matches “{text}” yet: the catalog has other things, and producers see what people "
              "look for.").format(text=text)
    if ask_place:
        empty += "\n" + _("📍 Where are you? Choose your place and I'll show what is made nearest to you first.")
    if found.suggestions:
        empty += "\n\n" + _("Perhaps one of these:")
    return product_page(voice, found.page, title=title, nav=(Action.SEARCH_PAGE,), back=(Action.MENU,),
                        extra=extra, empty=empty)


def _place_of(voice: Voice, item: ProductSummary, items: tuple[ProductSummary, ...]) -> str:
    """What tells a product from another of its name on the page: its country's name when they differ, else its
    place, else its organization."""
    namesakes = [other for other in items if other.name == item.name]
    if len({other.country_code for other in namesakes}) == len(namesakes):
        return voice.country(item.country_code)
    if len({other.territory_name for other in namesakes}) == len(namesakes):
        return item.territory_name
    return item.organization_name


def product_card(voice: Voice, card: ProductCard) -> Screen:
    _ = voice._
    org = card.organization
    lines = [card.name, f"{org.name} · {org.territory_name}", ""]
    rows = []
    offer = card.offer
    if offer is not None:
        lines.append(_("💲 {price}").format(price=voice.per_unit(offer.price, offer.currency, offer.unit, org.country_code)))
        if offer.stock > 0:
            lines.append(_("📦 Available: {quantity}").format(quantity=voice.quantity(offer.stock, offer.unit)))
        else:
            lines.append(_("📦 Out of stock for now"))
    for seal in card.seals:
        lines.append(_("✅ Participatory seal of {network}: {status} until {date} (code {code})").format(
            network=seal.network_name, status=_(SEAL_STATUS[seal.status]),
            date=voice.date(seal.valid_until) if seal.valid_until else "—", code=format_seal_code(seal.code),
        ))
    if not card.seals:
        lines.append(_("No participatory seal in force"))
    fair = card.fair_price
    if fair is not None:
        lines.append(_("⚖ Fair price in {territory}: {price}").format(
            territory=fair.territory_name, price=voice.per_unit(fair.amount, fair.currency, fair.unit, org.country_code)
        ))
    if card.description:
        description = card.description
        if len(description) > DESCRIPTION_LIMIT:
            description = description[:DESCRIPTION_LIMIT - 1].rstrip() + "…"
        lines += ["", description]
    if offer is not None and offer.stock > 0:
        quick = [
            voice.button(f"+{voice.quantity(q, offer.unit)}", Action.ADD, offer.id, str(q))
            for q in QUICK_QUANTITIES if q <= offer.stock
        ]
        if quick:
            rows.append(quick)
        rows.append([voice.button(_("✏ Other quantity"), Action.ADD_OTHER_QUANTITY, offer.id)])
    rows.append([voice.button(f"🏢 {org.name}", Action.ORGANIZATION, org.id)])
    rows.append([voice.button(_("🛒 My cart"), Action.CART), voice.button(_("« Back"), Action.BACK)])
    return Screen("\n".join(lines), rows, photo=card.photo_file_id)


def seal(voice: Voice, verification: SealVerification) -> Screen:
    """What a seal's code says today: the answer to a QR code on a jar of honey."""
    _ = voice._
    ok = "✅" if verification.valid_today else "⚠"
    lines = [
        _("{mark} Seal {code}: {status}").format(mark=ok, code=format_seal_code(verification.code),
                                                 status=_(SEAL_STATUS[verification.status])),
        _("Network: {network}").format(network=verification.network_name),
        _("Holder: {organization}").format(organization=verification.organization.name),
    ]
    if verification.valid_from and verification.valid_until:
        lines.append(_("Period: {start} to {end}").format(
            start=voice.date(verification.valid_from), end=voice.date(verification.valid_until)))
    if verification.status_reason:
        lines.append(_("Reason: {reason}").format(reason=verification.status_reason))
    if verification.scope:
        lines.append(_("Products: {products}").format(products=", ".join(p.name for p in verification.scope)))
    counts = verification.last_review_reviewers
    if verification.last_review_on and counts:
        lines.append(_(
            "Last peer review: {date} (signed by producers: {producers}, consumers: {consumers}, technicians: {technicians})"
        ).format(
            date=voice.date(verification.last_review_on), producers=counts.producer,
            consumers=counts.consumer, technicians=counts.technician,
        ))
    return Screen("\n".join(lines), [[voice.button(_("« Menu"), Action.MENU)]])
