"""Stock a producer wrote in the chat: which products the lines are, and publishing them in one go.

    parse_stock_message (pure) ──▶ match_lines ──▶ the producer confirms ──▶ publish_stock

`match_lines` finds each line's product among the organization's, by name with accents, capitals and
plurals aside ("Tomates" is "tomate"), or offers the closest names. `publish_stock` writes every line
in one transaction: the stock set, added, or sold out, the price per the offer's unit, the offer
events the alerts announce (new stock, price change, sold out), and last the catalog's version (its stock version when
only the stock or price of existing products changed: market.services.catalog.version).
Quantities and prices written in another unit are converted through the territory's weights
(market.rules.units); a line whose unit cannot be compared with its offer's is refused, whole.
"""

from __future__ import annotations

import difflib
from collections.abc import Hashable
from dataclasses import dataclass
from decimal import Decimal
from types import EllipsisType

from tortoise.transactions import in_transaction

from market import clock
from market.enums import MemberRole, MembershipStatus, OfferEventKind, OfferStatus
from market.errors import Forbidden, Invalid, NotFound
from market.models import Category, Member, Offer, OfferEvent, Organization, Product
from market.rules.amounts import round_money
from market.rules.names import name_forms, repeated_lines, same_name
from market.rules.offers import OfferFace, Reach, offer_change_reach
from market.rules.orders import QUANTITY_PLACES, check_quantity
from market.rules.units import convert, price_per, repacked
from market.services.alerts.fanout import owe_offer_alerts
from market.services.catalog.version import bump_for_reaches
from market.services.lots.posting import LotMove, post_to_lot
from market.services.prices.observations import record_offer_price
from market.services.territories.units import local_units
from market.spreadsheet import starts_like_formula
from market.stock_messages import StockLine
from market.text import search_key

SUGGESTIONS = 3


@dataclass(frozen=True)
class LineMatch:
    """A parsed line and the product it names, or the closest names when none is exactly it."""

    line: StockLine
    product_id: int | None
    product_name: str | None
    suggestions: tuple[tuple[int, str], ...] = ()
    # The offer's unit and what one of it holds, for the product and each suggestion: (product id, unit, content).
    offers: tuple[tuple[int, str, tuple[Decimal, str] | None], ...] = ()


@dataclass(frozen=True)
class PublishItem:
    """A line to publish: on an existing product, or on a new one in a category."""

    line: StockLine
    product_id: int | None = None
    new_category_id: int | None = None


@dataclass(frozen=True)
class Published:
    product_id: int
    product_name: str
    stock: Decimal
    unit: str
    price: Decimal
    currency: str
    events: tuple[OfferEventKind, ...]
    lot: LotMove | None = None  # the poster's lot (or the one posted for) and the offer, before and after


async def match_lines(organization_id: int, lines: list[StockLine]) -> tuple[LineMatch, ...]:
    """Each line with its product of the organization, or up to three names close to what was written."""
    products = await Product.filter(organization_id=organization_id, active=True).order_by("name").values_list(
        "id", "name")
    keys = {search_key(name): (pid, name) for pid, name in products}
    offers = {pid: (pid, unit, (amount, content_unit) if amount is not None and content_unit else None)
              for pid, unit, amount, content_unit in await Offer.filter(product__organization_id=organization_id)
              .values_list("product_id", "unit", "content_quantity", "content_unit")}
    result = []
    for line in lines:
        found = next(((pid, name) for pid, name in products if same_name(name, line.product)), None)
        if found:
            result.append(LineMatch(line, found[0], found[1], offers=(offers[found[0]],) if found[0] in offers else ()))
            continue
        # Names sharing a word ("mieles" → Miel de abeja), then names spelled alike ("achachayru" → Achachairú).
        words = set().union(*name_forms(line.product)) if line.product else set()
        sharing = [k for k in keys if words & set().union(*name_forms(k))]
        close = difflib.get_close_matches(search_key(line.product), list(keys), n=SUGGESTIONS, cutoff=0.6)
        chosen = list(dict.fromkeys(sharing + close))[:SUGGESTIONS]
        suggested = tuple(keys[k] for k in chosen)
        result.append(LineMatch(line, None, None, suggested, tuple(offers[p] for p, _ in suggested if p in offers)))
    return tuple(result)


async def publish_stock(
    organization_id: int, *, by_person_id: int, items: list[PublishItem], photo_file_id: str | None = None,
    lot_for: int | None | EllipsisType = ...,
) -> tuple[Published, ...]:
    """Publish every item in one transaction (nothing when one is refused); the photo goes on the first item's product.

    Each line writes on a lot (market.services.lots): unsaid (`lot_for` ...), a producer's own and an admin's the
    organization's own; an admin may name it: the organization's (None) or an approved member's (their person id).
    The offer's stock is the sum of its lots.
    Two items on one product refuse the whole message: Invalid("duplicate_product", product, line, first).
    """
    poster = await _check_member(organization_id, by_person_id)
    member_id = await _lot_member(organization_id, poster, lot_for)
    keys: list[tuple[int, Hashable]] = [
        (item.line.line, item.product_id or search_key(item.line.product)) for item in items
    ]
    if repeated := repeated_lines(keys):
        line, first = next(iter(repeated.items()))
        raise Invalid("duplicate_product", product=items[[k for k, _ in keys].index(line)].line.product,
                      line=line, first=first)
    territory = await Organization.filter(id=organization_id).first().values("territory_id", "territory__currency")
    currency = territory["territory__currency"]
    local = await local_units(territory["territory_id"])
    published = []
    reaches: dict[int, Reach] = {}  # by offer
    async with in_transaction():
        if named := sorted({item.product_id for item in items if item.product_id is not None}):
            # The named products' offers locked first, in offer order, as checkout locks them: a message and a
            # checkout (or two messages naming products in other orders) never each hold what the other waits for.
            # A model query: tortoise-orm leaves FOR UPDATE out of a values_list query.
            await Offer.filter(product_id__in=named).order_by("id").select_for_update()
        for index, item in enumerate(items):
            product = await _product(organization_id, item, currency)
            done, offer_id, reach = await _publish_line(product, item.line, currency, local, by_person_id,
                                                        member_id, poster.role == MemberRole.ADMIN)
            published.append(done)
            # A line naming no product may have made one (new in searches); a photo is raised with the catalog too.
            new = item.product_id is None or bool(index == 0 and photo_file_id)
            reaches[offer_id] = Reach.CATALOG if new else reach
            if index == 0 and photo_file_id:
                await Product.filter(id=product.id).update(photo_file_id=photo_file_id)
        await owe_offer_alerts(published)
        await bump_for_reaches(reaches)
    return tuple(published)


async def _product(organization_id: int, item: PublishItem, currency: str) -> Product:
    if item.product_id is not None:
        product = await Product.filter(id=item.product_id, organization_id=organization_id).first()
        if product is None:
            raise NotFound("product_not_found")
        return product
    if item.new_category_id is None or not await Category.exists(id=item.new_category_id):
        raise Invalid("category_needed", product=item.line.product)
    if item.line.price is None:
        raise Invalid("price_needed", product=item.line.product)
    name = item.line.product[:1].upper() + item.line.product[1:]
    if starts_like_formula(name):  # the parser refuses it; a name reaches a coordinator's spreadsheet
        raise Invalid("bad_name", product=name)
    existing = await Product.filter(organization_id=organization_id, search_key=search_key(name)).first()
    if existing is not None:  # made a moment ago by another line or message: the same product
        return existing
    product = await Product.create(organization_id=organization_id, category_id=item.new_category_id, name=name,
                                   search_key=search_key(name), unit=item.line.unit)
    content = item.line.content or (None, None)
    await Offer.create(product=product, stock=0, unit=item.line.unit, price=0, currency=currency,
                       content_quantity=content[0], content_unit=content[1])
    return product


def _line_quantity(product: Product, offer: Offer, line: StockLine, local: dict[str, tuple[str, Decimal]]) -> Decimal:
    """The line's quantity in the offer's unit; bags of another content were converted by the draft (drafts.py)."""
    held = (Decimal(offer.content_quantity), offer.content_unit) if offer.content_quantity and offer.content_unit else None
    if line.quantity and line.content and line.unit == offer.unit and repacked(line.quantity, line.content, held) != \
            line.quantity:  # never dropped here: refused
        raise Invalid("content_mismatch", product=product.name, unit=offer.unit)
    # Sold out is none of anything, whatever the unit written ("achachairú agotado").
    quantity = Decimal(0) if line.quantity == 0 else convert(line.quantity, line.unit, offer.unit, local, line.content)
    if quantity is None:
        raise Invalid("unit_mismatch", product=product.name, unit=offer.unit)
    quantity = quantity.quantize(Decimal(1).scaleb(-QUANTITY_PLACES))
    if quantity:
        check_quantity(quantity, offer.unit)
    return quantity


async def _publish_line(
    product: Product, line: StockLine, currency: str, local: dict[str, tuple[str, Decimal]], by_person_id: int,
    member_id: int | None, admin: bool,
) -> tuple[Published, int, Reach]:
    """The line published on the product's offer; with the offer's id and how far the change reaches the catalog
    (market.rules.offers.offer_change_reach; a product taken back into the catalog reaches it all)."""
    # Every product has its one offer, made with it and never deleted.
    offer = await Offer.filter(product_id=product.id).select_for_update().get()
    if line.currency is not None and line.currency != currency:
        raise Invalid("currency_mismatch", currency=line.currency, expected=currency, product=product.name)
    quantity = _line_quantity(product, offer, line, local)
    price = Decimal(offer.price)
    if line.price is not None:
        per = price_per(line.price, line.price_unit or line.unit, offer.unit, local, line.content)
        if per is None:
            raise Invalid("unit_mismatch", product=product.name, unit=offer.unit)
        # The price is the organization's: a producer may name one for a new product, an admin changes it.
        if round_money(per, currency) != price and price > 0 and not admin:
            raise Invalid("price_is_organizations", product=product.name, price=price, currency=currency,
                          unit=offer.unit)
        price = round_money(per, currency)
    move = await post_to_lot(offer.id, Decimal(offer.stock), member_id=member_id, by_person_id=by_person_id,
                             mode=line.mode, quantity=quantity, product=product.name, unit=offer.unit)
    stock = move.offer_after
    events = []
    if stock > Decimal(offer.stock):
        events.append(OfferEventKind.NEW_STOCK)
    if stock == 0 and Decimal(offer.stock) > 0:
        events.append(OfferEventKind.SOLD_OUT)
    if price != Decimal(offer.price):
        events.append(OfferEventKind.PRICE_CHANGE)
    # Posting stock puts the offer on sale now: a date that has passed no longer hides it.
    expired = offer.valid_until is not None and offer.valid_until <= clock.now()
    reach = Reach.CATALOG if not product.active else offer_change_reach(
        OfferFace(Decimal(offer.stock), Decimal(offer.price), offer.status, offer.valid_until),
        OfferFace(stock, price, OfferStatus.ACTIVE, None if expired else offer.valid_until))
    # updated_at says when stock was last posted: the home page's season reads it (an update() stamps nothing).
    await Offer.filter(id=offer.id).update(stock=stock, price=price, currency=currency, status=OfferStatus.ACTIVE,
                                           updated_at=clock.now(), **({"valid_until": None} if expired else {}))
    if OfferEventKind.PRICE_CHANGE in events:
        await record_offer_price(offer.id, by_person_id=by_person_id)
    if not product.active:
        await Product.filter(id=product.id).update(active=True)
    await OfferEvent.bulk_create([
        OfferEvent(offer_id=offer.id, kind=kind, stock=stock, price=price, currency=currency, by_person_id=by_person_id)
        for kind in events
    ])
    return Published(product.id, product.name, stock, offer.unit, price, currency, tuple(events), move), offer.id, reach


async def _check_member(organization_id: int, person_id: int) -> Member:
    if not await Organization.exists(id=organization_id):
        raise NotFound("organization_not_found")
    member = await Member.filter(organization_id=organization_id, person_id=person_id,
                                 status=MembershipStatus.APPROVED).first()
    if member is None:
        raise Forbidden("not_a_member")
    return member


async def _lot_member(organization_id: int, poster: Member, lot_for: int | None | EllipsisType) -> int | None:
    """The member whose lot the lines write on (None: the organization's own); only an admin posts for others.

    Unsaid (...), a producer posts on their own lot and an admin on the organization's (stock bought in or pooled,
    as an association's admin posts it); an admin's own family's produce is posted naming them (lot_for).
    """
    if lot_for is ...:
        return None if poster.role == MemberRole.ADMIN else poster.id
    if poster.role != MemberRole.ADMIN:
        raise Forbidden("not_an_admin")
    if lot_for is None:
        return None
    member = await Member.filter(organization_id=organization_id, person_id=lot_for,
                                 status=MembershipStatus.APPROVED).first()
    if member is None:
        raise NotFound("membership_not_found")
    return member.id


@dataclass(frozen=True)
class StockPlace:
    """What a stock card shows prices in: the organization's name, currency and country."""

    organization_id: int
    name: str
    currency: str
    country_code: str


async def stock_place(organization_id: int | None) -> StockPlace:
    """The organization's name, currency and country; NotFound for none (a draft for no organization yet)."""
    if organization_id is None:
        raise NotFound("organization_not_found")
    row = await Organization.filter(id=organization_id).first().values(
        "id", "name", "territory__currency", "territory__country_code")
    if row is None:
        raise NotFound("organization_not_found")
    return StockPlace(row["id"], row["name"], row["territory__currency"], row["territory__country_code"])
