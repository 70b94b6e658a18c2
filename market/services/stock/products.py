"""An organization's products and their offers as its admins manage them at the desk: listed, edited, made.

    desk_organization (admins only) ──▶ list_products / get_product ──▶ save_product (one transaction)

What the bot cannot change (a product's name, unit, category, a round's order unit and pack size) is written here;
stock, price and until when the offer stands go through the bot's own update_offer (market.services.stock.offers),
so the lots, the events the alerts announce, the price observed and the catalog's version stay right. A new product
is made as posting stock makes one: its offer at no stock and no price, then update_offer publishes both.

A unit changes only while no member's lot holds stock: their stock was counted in the old unit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from tortoise.transactions import in_transaction

from market import clock
from market.enums import OfferStatus
from market.errors import Forbidden, NotFound
from market.models import Category, Lot, Offer, Organization, Product
from market.rules.offers import offer_on_sale
from market.services.catalog.version import bump_catalog_version
from market.services.lots.preview import is_admin
from market.services.stock.offers import end_of_day, update_offer
from market.services.stock.product_fields import FieldError, ProductValues
from market.text import search_key


@dataclass(frozen=True)
class DeskOrganization:
    """The organization whose desk it is: how its money reads and where its days end."""

    id: int
    slug: str
    name: str
    currency: str
    country_code: str
    time_zone: str


@dataclass(frozen=True)
class ProductRow:
    """A product and its offer, as its admins see and edit them."""

    id: int
    name: str
    category_id: int
    category_code: str
    unit: str
    offer_id: int
    stock: Decimal
    price: Decimal
    currency: str
    order_unit: Decimal
    pack_size: int
    status: OfferStatus
    valid_until: datetime | None
    # The offer's last day where the organization is (valid_until is that day's last moment, in UTC).
    last_day: date | None
    on_sale: bool
    photo_file_id: str | None = None  # the Telegram photo the catalog shows (None: none)


class ProductNotSaved(Exception):
    """What a field's value met in the database (a name taken, a unit with stock in members' lots)."""

    def __init__(self, error: FieldError) -> None:
        super().__init__(error.code)
        self.error = error


async def desk_organization(slug: str, *, viewer_person_id: int) -> DeskOrganization:
    """The organization by its slug, for one of its admins; NotFound, or Forbidden("not_an_admin") for anyone else."""
    row = await Organization.filter(slug=slug).first().values(
        "id", "slug", "name", "territory__currency", "territory__country_code", "territory__time_zone")
    if row is None:
        raise NotFound("organization_not_found", slug=slug)
    if not await is_admin(row["id"], viewer_person_id):
        raise Forbidden("not_an_admin", organization=row["name"])
    return DeskOrganization(row["id"], row["slug"], row["name"], row["territory__currency"],
                            row["territory__country_code"], row["territory__time_zone"])


_COLUMNS = ("id", "name", "category_id", "unit", "offer__id", "offer__stock", "offer__price", "offer__currency",
            "offer__order_unit_quantity", "offer__pack_size", "offer__status", "offer__valid_until", "photo_file_id")


async def list_products(organization: DeskOrganization) -> tuple[ProductRow, ...]:
    """The organization's active products with their offers, by name."""
    rows = await Product.filter(organization_id=organization.id, active=True, offer__id__isnull=False).order_by(
        "search_key", "id").values(*_COLUMNS, category_code="category__code")
    now = clock.now()
    return tuple(_row(r, now, organization.time_zone) for r in rows)


async def get_product(organization: DeskOrganization, product_id: int) -> ProductRow:
    """One active product of the organization; NotFound("product_not_found") for any other."""
    row = await Product.filter(id=product_id, organization_id=organization.id, active=True,
                               offer__id__isnull=False).first().values(*_COLUMNS, category_code="category__code")
    if row is None:
        raise NotFound("product_not_found", product_id=product_id)
    return _row(row, clock.now(), organization.time_zone)


async def product_keys(organization: DeskOrganization) -> dict[str, int]:
    """Every product of the organization (withdrawn ones too) by the search key of its name: what a row names."""
    return dict(await Product.filter(organization_id=organization.id).values_list("search_key", "id"))


async def save_product(
    organization: DeskOrganization, product_id: int | None, values: ProductValues, *, by_person_id: int,
) -> bool:
    """Write the values on the product (None: make it) in one transaction; whether anything changed.

    ProductNotSaved names the field a value cannot be taken for; an offer's refusal (market.services.stock.offers,
    the lots') is raised as it comes. A new product needs its category, unit and price
    (FieldError "field_missing").
    """
    if not await is_admin(organization.id, by_person_id):
        raise Forbidden("not_an_admin", organization=organization.name)
    async with in_transaction():
        if product_id is None:
            product, changed = await _make(organization, values), True
        else:
            found = await Product.filter(id=product_id, organization_id=organization.id).select_for_update().first()
            if found is None:
                raise NotFound("product_not_found", product_id=product_id)
            product, changed = found, await _describe(organization, found, values)
        offer = await Offer.filter(product_id=product.id).get()
        before = (Decimal(offer.stock), Decimal(offer.price), offer.valid_until, offer.status)
        until: Any = ...
        if values.has_valid_until or product_id is None:
            until = end_of_day(values.valid_until, organization.time_zone) if values.valid_until else None
        if not product.active:  # a product withdrawn for good comes back when its admin writes it again
            await Product.filter(id=product.id).update(active=True)
            changed = True
        after = await update_offer(offer.id, by_person_id=by_person_id, stock=values.stock, price=values.price,
                                   valid_until=until)
        changed = changed or before != (after.stock, after.price, after.valid_until, after.status)
    return changed


async def _make(organization: DeskOrganization, values: ProductValues) -> Product:
    """A new product and its offer at no stock and no price (update_offer publishes both, as posting stock does)."""
    for name, value in (("category", values.category_id), ("unit", values.unit), ("price", values.price)):
        if value is None:
            raise ProductNotSaved(FieldError(name, "field_missing"))
    assert values.unit is not None and values.category_id is not None
    if not await Category.exists(id=values.category_id):
        raise ProductNotSaved(FieldError("category", "category_unknown", {"category": ""}))
    product = await Product.create(organization_id=organization.id, category_id=values.category_id,
                                   name=values.name, search_key=search_key(values.name), unit=values.unit)
    await Offer.create(product=product, stock=0, unit=values.unit, price=0, currency=organization.currency,
                       order_unit_quantity=values.order_unit or 1, pack_size=values.pack_size or 1)
    return product


async def _describe(organization: DeskOrganization, product: Product, values: ProductValues) -> bool:
    """The product's name, category and unit, the offer's order unit and pack size; whether any changed."""
    changes: dict[str, Any] = {}
    offer_changes: dict[str, Any] = {}
    key = search_key(values.name)
    if values.name != product.name:
        if key != product.search_key and await Product.filter(organization_id=organization.id, search_key=key) \
                .exclude(id=product.id).exists():
            raise ProductNotSaved(FieldError("name", "product_name_taken", {"product": values.name}))
        changes |= {"name": values.name, "search_key": key}
    if values.category_id is not None and values.category_id != product.category_id:
        changes["category_id"] = values.category_id
    offer = await Offer.filter(product_id=product.id).select_for_update().get()
    if values.unit is not None and values.unit != offer.unit:
        held = await Lot.filter(offer_id=offer.id, member_id__isnull=False, stock__gt=0).exists()
        if held:
            raise ProductNotSaved(FieldError("unit", "unit_change_with_stock", {"product": product.name}))
        changes["unit"] = values.unit
        offer_changes |= {"unit": values.unit, "content_quantity": None, "content_unit": None}
    if values.order_unit is not None and Decimal(offer.order_unit_quantity) != values.order_unit:
        offer_changes["order_unit_quantity"] = values.order_unit
    if values.pack_size is not None and offer.pack_size != values.pack_size:
        offer_changes["pack_size"] = values.pack_size
    if changes:
        for name, value in changes.items():
            setattr(product, name, value)
        await product.save(update_fields=list(changes))
    if offer_changes:
        await Offer.filter(id=offer.id).update(**offer_changes, updated_at=clock.now())
    if changes or offer_changes:
        await bump_catalog_version()
    return bool(changes or offer_changes)


async def set_photo(organization: DeskOrganization, product_id: int, file_id: str, *, by_person_id: int) -> None:
    """Put the Telegram photo `file_id` on one of the organization's products, as a photo sent with stock does."""
    if not await is_admin(organization.id, by_person_id):
        raise Forbidden("not_an_admin", organization=organization.name)
    async with in_transaction():
        if not await Product.filter(id=product_id, organization_id=organization.id, active=True).update(
                photo_file_id=file_id):
            raise NotFound("product_not_found", product_id=product_id)
        await bump_catalog_version()


def _row(row: dict[str, Any], now: datetime, time_zone: str) -> ProductRow:
    status = OfferStatus(row["offer__status"])
    until = row["offer__valid_until"]
    return ProductRow(
        id=row["id"], name=row["name"], category_id=row["category_id"], category_code=row["category_code"],
        unit=row["unit"], offer_id=row["offer__id"], stock=Decimal(row["offer__stock"]),
        price=Decimal(row["offer__price"]), currency=row["offer__currency"],
        order_unit=Decimal(row["offer__order_unit_quantity"]), pack_size=row["offer__pack_size"], status=status,
        valid_until=until, last_day=until.astimezone(ZoneInfo(time_zone)).date() if until else None,
        on_sale=offer_on_sale(status, until, now), photo_file_id=row["photo_file_id"] or None,
    )

