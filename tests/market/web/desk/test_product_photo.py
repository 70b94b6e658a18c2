"""A product's photo uploaded at the desk (issue 22): sent by the bot to the admin's chat, so that it is a Telegram
photo like one sent there, shown in the public catalog at once; a file too large or not an image changes nothing."""

from __future__ import annotations

import io

from market.models import Product, ProductPhoto
from market.web.desk.common import MAX_UPLOAD
from serve import build
from tests.bot.sandbox.images import png
from tests.market.web.desk.test_org_products import PRODUCTS, a_product
from tests.market.web.pages.conftest import visible_text
from tests.support.desk import desk_browser, sign_in

FELIPA = 900_000_005  # admin of CORACA Irupana (demo data), not of Café Amboró


def photo(data: bytes, filename: str = "cafe.png") -> dict[str, io.BytesIO]:
    file = io.BytesIO(data)
    file.name = filename
    return {"photo": file}


async def test_an_uploaded_photo_reaches_the_admins_chat_and_the_public_catalog(feria_settings, hilda):
    async with desk_browser(build(feria_settings, "all")) as browser:
        await sign_in(browser, hilda)
        product = await a_product()
        before = await browser.text(f"{PRODUCTS}/{product.id}")
        saved = await browser.post_form(f"{PRODUCTS}/{product.id}/foto", photo(png(640, 480)))
        sent = await hilda.receives()
        stored = await Product.get(id=product.id)
        public = await (await browser.get(f"/productos/{product.id}")).text()
        image = await browser.get(f"/productos/{product.id}/foto")
        image_bytes = await image.read()

    assert "Todavía no tiene foto." in visible_text(before)
    assert saved.status == 200 and saved.url.path == f"{PRODUCTS}/{product.id}"
    text = visible_text(await saved.text())
    assert "Foto guardada" in text
    assert sent.photo and f"📷 La foto de {product.name} en el catálogo" in (sent.caption or "")
    assert stored.photo_file_id == sent.photo[-1]["file_id"], "the product shows the photo the bot sent"
    assert f"/productos/{product.id}/foto?v=" in public
    assert image.status == 200 and image.content_type == "image/webp" and image_bytes[:4] == b"RIFF"


async def test_a_file_too_large_or_not_an_image_is_named_and_changes_nothing(feria_settings, hilda):
    async with desk_browser(build(feria_settings, "all")) as browser:
        await sign_in(browser, hilda)
        product = await a_product()
        await browser.get(f"{PRODUCTS}/{product.id}")
        not_image = await browser.post_form(f"{PRODUCTS}/{product.id}/foto", photo(b"%PDF-1.4 not a photo", "foto.jpg"))
        not_image_text = visible_text(await not_image.text())
        huge = await browser.post_form(f"{PRODUCTS}/{product.id}/foto", photo(b"\x89PNG" + b"0" * MAX_UPLOAD))
        huge_text = visible_text(await huge.text())
        stored = await Product.get(id=product.id)
        copies = await ProductPhoto.filter(product_id=product.id).count()

    assert not_image.status == 400 and "Ese archivo no es una foto" in not_image_text
    assert huge.status == 400 and "Ese archivo pesa más de 2 MB" in huge_text
    assert not stored.photo_file_id and copies == 0


async def test_another_organizations_admin_gets_403_and_a_post_without_its_token_changes_nothing(
        feria_settings, hilda, people):
    felipa = people.person(FELIPA, "Felipa", language_code="es")
    async with desk_browser(build(feria_settings, "all")) as browser:
        await sign_in(browser, felipa)
        product = await a_product()
        await browser.get("/escritorio/org/coraca-irupana")
        other = await browser.post_form(f"{PRODUCTS}/{product.id}/foto", photo(png(40, 30)))
    async with desk_browser(build(feria_settings, "all")) as browser:
        await sign_in(browser, hilda)
        await browser.get(f"{PRODUCTS}/{product.id}")
        forged = await browser.post_form(f"{PRODUCTS}/{product.id}/foto", photo(png(40, 30)), csrf=False)
        stored = await Product.get(id=product.id)

    assert other.status == 403 and forged.status == 403
    assert not stored.photo_file_id
