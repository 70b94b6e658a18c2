"""What organizations sell: categories, products, their current offers and offer events."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.migrations.constraints import CheckConstraint
from tortoise.models import Model

from market.enums import OfferEventKind, OfferStatus
from market.models.base import created_at, currency, money, quantity, unit_code, updated_at
from market.rules.matching import match_key

if TYPE_CHECKING:  # the models a relation points to, for the type checker only (they import this module)
    from market.models.organizations import Organization
    from market.models.places import Person


class Category(Model):
    """A catalog category, known by its code.

    Its name on screen is the translation catalogs' for a built-in code (market.presentation.labels), or the
    names an operator stored, one per language: a category made or renamed in the bot has them.
    """

    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=32, unique=True)
    position = fields.SmallIntField(default=0)
    # NULL: no stored name in that language (the translation catalogs' name, or another language's, shows).
    name_es = fields.CharField(max_length=60, null=True)
    name_pt_br = fields.CharField(max_length=60, null=True)
    name_en = fields.CharField(max_length=60, null=True)

    class Meta:
        table = "category"


class Product(Model):
    """Something an organization sells, in a unit."""

    id = fields.IntField(primary_key=True)
    organization: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "market.Organization", related_name="products", on_delete=fields.CASCADE
    )
    organization_id: int
    category: fields.ForeignKeyRelation[Category] = fields.ForeignKeyField(
        "market.Category", related_name="products", on_delete=fields.RESTRICT
    )
    category_id: int
    name = fields.CharField(max_length=160)
    # Lowercase, accent-free name for search and de-duplication ("cafe tostado").
    search_key = fields.CharField(max_length=160)
    # Every word's forms between spaces, for search (market.rules.matching.match_key: " tomat tomate ").
    match_key = fields.TextField(default="", db_default="")
    description = fields.TextField(default="")
    unit = unit_code()
    photo_file_id = fields.CharField(max_length=255, null=True)
    active = fields.BooleanField(default=True)
    created_at = created_at()

    class Meta:
        table = "product"
        unique_together = (("organization_id", "search_key"),)
        indexes = (("search_key",), ("category_id", "active"))

    async def save(
        self, using_db: BaseDBAsyncClient | None = None, update_fields: Iterable[str] | None = None,
        force_create: bool = False, force_update: bool = False,
    ) -> None:
        """Saved with its name's match key, wherever it is made or renamed (market.rules.matching)."""
        self.match_key = match_key(self.name)
        if update_fields is not None and "name" in update_fields:
            update_fields = [*update_fields, "match_key"]
        await super().save(using_db, update_fields, force_create, force_update)


class ProductPhoto(Model):
    """A product's photo made small for the web catalog (a few KB): fetched once through the Bot API, kept here.

    Telegram keeps the photo a producer sent (Product.photo_file_id); a page cannot link it (its address holds the
    bot's token) and it weighs 100 KB or more. A new photo on the product (another file_id) replaces this one.
    """

    id = fields.IntField(primary_key=True)
    product: fields.OneToOneRelation[Product] = fields.OneToOneField(
        "market.Product", related_name="web_photo", on_delete=fields.CASCADE
    )
    product_id: int
    file_id = fields.CharField(max_length=255)
    content_type = fields.CharField(max_length=16)
    width = fields.SmallIntField()
    height = fields.SmallIntField()
    data = fields.BinaryField()
    created_at = created_at()

    class Meta:
        table = "product_photo"


class Offer(Model):
    """A product's current stock and price, and for group rounds also its order unit and pack size."""

    id = fields.IntField(primary_key=True)
    product: fields.OneToOneRelation[Product] = fields.OneToOneField(
        "market.Product", related_name="offer", on_delete=fields.CASCADE
    )
    product_id: int
    # Non-negative by a CHECK constraint: the database itself refuses an oversell. The checks cast
    # because SQLite stores decimals as text, where "0.000" > "0" would hold.
    stock = quantity()
    unit = unit_code()
    price = money()
    currency = currency()
    # The order unit of group rounds: `order_unit_quantity` of `unit` (1 kg, 0.5 kg, 1 dozen)...
    order_unit_quantity = quantity(default=1)
    # ...and how many order units make the case or sack the producer sells in bulk.
    pack_size = fields.IntField(default=1)
    # What one bag, jar or box of it holds (250 g): stock written in bags of another content is converted to these.
    # NULL: not known (a weight or volume unit, or a container nobody has described yet).
    content_quantity = quantity(null=True)
    content_unit = unit_code(null=True)
    status = fields.CharEnumField(OfferStatus, max_length=16, default=OfferStatus.ACTIVE)
    valid_until = fields.DatetimeField(null=True)
    # The catalog's stock version when a change of its stock or price alone last showed (0: none since it was made):
    # caches drop only the answers that show this product (market.services.catalog.version).
    stock_version = fields.BigIntField(default=0, db_default=0)
    created_at = created_at()
    updated_at = updated_at()

    class Meta:
        table = "offer"
        indexes = (("status", "stock"), ("stock_version",))
        constraints = (
            CheckConstraint(check="CAST(stock AS NUMERIC) >= 0", name="offer_stock_not_negative"),
            CheckConstraint(check="CAST(price AS NUMERIC) >= 0", name="offer_price_not_negative"),
            CheckConstraint(check="pack_size >= 1", name="offer_pack_size_positive"),
            CheckConstraint(check="CAST(order_unit_quantity AS NUMERIC) > 0", name="offer_order_unit_positive"),
        )


class OfferEvent(Model):
    """Something that happened to an offer (new stock, price change) that alerts may announce."""

    id = fields.IntField(primary_key=True)
    offer: fields.ForeignKeyRelation[Offer] = fields.ForeignKeyField(
        "market.Offer", related_name="events", on_delete=fields.CASCADE
    )
    offer_id: int
    kind = fields.CharEnumField(OfferEventKind, max_length=16)
    stock = quantity()
    price = money()
    currency = currency()
    by_person: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "market.Person", related_name="offer_events", null=True, on_delete=fields.SET_NULL
    )
    by_person_id: int | None
    at = created_at()

    class Meta:
        table = "offer_event"
        indexes = (("offer_id", "at"),)


class CatalogVersion(Model):
    """One row holding the numbers that writes changing search results or a product card raise.

    Response caches key on `version` (market.services.catalog.version), so a change empties them at once; a change of
    offers' stock or price alone raises `stock_version` instead and marks the offers with it (Offer.stock_version),
    so that only the answers showing those products are dropped.
    """

    id = fields.IntField(primary_key=True)
    version = fields.BigIntField(default=0)
    stock_version = fields.BigIntField(default=0, db_default=0)

    class Meta:
        table = "catalog_version"
