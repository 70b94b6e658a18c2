"""An organization's admin sees and edits its products and offers at the desk (issue 22): the same checks as the bot,
each bad value named next to its field with nothing saved, a good edit in the public catalog at once."""

from __future__ import annotations

from decimal import Decimal

from market.models import Offer, OfferEvent, Product
from serve import build
from tests.market.web.pages.conftest import visible_text
from tests.support.desk import desk_browser, sign_in

PRODUCTS = "/escritorio/org/cafe-amboro/productos"
FELIPA = 900_000_005  # admin of CORACA Irupana (demo data), not of Café Amboró


async def a_product(slug: str = "cafe-amboro") -> Product:
    return await Product.filter(organization__slug=slug, active=True).order_by("id").prefetch_related("offer").first()


def form_of(product: Product, **changes: str) -> dict[str, str]:
    offer = product.offer
    fields = {"name": product.name, "category": "", "unit": offer.unit, "price": str(offer.price),
              "stock": str(offer.stock), "order_unit": str(offer.order_unit_quantity),
              "pack_size": str(offer.pack_size), "valid_until": ""}
    return fields | changes


async def test_the_list_shows_each_product_with_its_price_stock_and_pack(feria_settings, hilda):
    async with desk_browser(build(feria_settings, "all")) as browser:
        await sign_in(browser, hilda)
        product = await a_product()
        page = await browser.get(PRODUCTS)
        text = visible_text(await page.text())

    assert page.status == 200 and page.headers["Cache-Control"] == "private, no-store"
    assert "Productos y ofertas" in text and product.name in text
    assert "Importar productos y ofertas desde una planilla" in text


async def test_a_bad_price_is_named_next_to_its_field_and_nothing_changes(feria_settings, hilda):
    async with desk_browser(build(feria_settings, "all")) as browser:
        await sign_in(browser, hilda)
        product = await a_product()
        await browser.get(f"{PRODUCTS}/{product.id}")
        answer = await browser.post_form(f"{PRODUCTS}/{product.id}", form_of(
            product, name="Café renombrado", price="-3", stock="abc"))
        html = await answer.text()
        after = await Product.get(id=product.id).prefetch_related("offer")

    assert answer.status == 400
    assert "No se guardó nada" in visible_text(html)
    assert 'id="e-price">Escribe un monto mayor que cero, como 120,50.<' in html
    assert 'id="e-stock">Por favor escribe un número, como 2 o 1,5.<' in html
    assert 'aria-invalid="true" aria-describedby="e-price"' in html
    assert 'value="abc"' in html and 'value="Café renombrado"' in html, "values kept"
    assert (after.name, Decimal(after.offer.price), Decimal(after.offer.stock)) == (
        product.name, Decimal(product.offer.price), Decimal(product.offer.stock))


async def test_a_good_edit_shows_in_the_public_product_page_and_tells_the_alerts(feria_settings, hilda):
    async with desk_browser(build(feria_settings, "all")) as browser:
        await sign_in(browser, hilda)
        product = await a_product()
        await browser.get(f"{PRODUCTS}/{product.id}")
        saved = await browser.post_form(f"{PRODUCTS}/{product.id}", form_of(
            product, name="Café de la casa", price="51,50", stock="40", pack_size="6", valid_until="2099-12-31"))
        listed = visible_text(await saved.text())
        again = await browser.post_form(f"{PRODUCTS}/{product.id}", form_of(
            product, name="Café de la casa", price="51,50", stock="40", pack_size="6", valid_until="2099-12-31"),
            again=True)
        public = visible_text(await (await browser.get(f"/productos/{product.id}")).text())
        form = await (await browser.get(f"{PRODUCTS}/{product.id}")).text()
        offer = await Offer.get(product_id=product.id)
        prices = await OfferEvent.filter(offer_id=offer.id, kind="price_change").count()

    assert saved.status == 200 and saved.url.path == PRODUCTS and "Guardado." in listed
    assert again.status == 200
    assert "Café de la casa" in public and "51,50" in public
    assert (Decimal(offer.price), Decimal(offer.stock), offer.pack_size) == (Decimal("51.50"), Decimal(40), 6)
    assert 'value="2099-12-31"' in form, "the last day as it is where the organization is, not in UTC"
    assert prices == 1, "saving the same values again records no second price change"


async def test_an_admin_of_another_organization_gets_403_and_a_post_without_csrf_changes_nothing(
        feria_settings, hilda, people):
    felipa = people.person(FELIPA, "Felipa", language_code="es")
    async with desk_browser(build(feria_settings, "all")) as browser:
        await sign_in(browser, felipa)
        product = await a_product()
        listing = await browser.get(PRODUCTS)
        editing = await browser.get(f"{PRODUCTS}/{product.id}")
    async with desk_browser(build(feria_settings, "all")) as browser:
        await sign_in(browser, hilda)
        product = await a_product()
        await browser.get(f"{PRODUCTS}/{product.id}")
        forged = await browser.post_form(f"{PRODUCTS}/{product.id}", form_of(product, price="1,00"), csrf=False)
        after = await Offer.get(product_id=product.id)

    assert listing.status == 403 and editing.status == 403
    assert forged.status == 403 and Decimal(after.price) == Decimal(product.offer.price)


async def test_a_product_of_another_organization_is_not_found_from_this_ones_desk(feria_settings, hilda):
    async with desk_browser(build(feria_settings, "all")) as browser:
        await sign_in(browser, hilda)
        other = await a_product("coraca-irupana")
        page = await browser.get(f"{PRODUCTS}/{other.id}")

    assert page.status == 404
