"""An organization's admin imports products and offers from a spreadsheet at the desk (issue 22): all or nothing,
each bad row named, a file too large or of the wrong kind refused whole, the same file twice changing nothing."""

from __future__ import annotations

import io
from decimal import Decimal

from openpyxl import Workbook, load_workbook

from market.models import Offer, OfferEvent, Product
from serve import build
from tests.market.web.pages.conftest import visible_text
from tests.support.desk import desk_browser, sign_in

IMPORT = "/escritorio/org/cafe-amboro/importar"
HEADER = ["producto", "categoría", "unidad de venta", "precio", "cantidad", "unidad de pedido", "unidades por bulto",
          "válido hasta"]
FELIPA = 900_000_005  # admin of CORACA Irupana (demo data), not of Café Amboró


def jam_rows(bad_at: int | None = None) -> list[list[object]]:
    """30 jams; the one at `bad_at` (0-based) with a price nobody can read."""
    rows: list[list[object]] = [HEADER]
    for n in range(1, 31):
        price: object = 12.5 + n
        if bad_at is not None and n - 1 == bad_at:
            price = "doce"
        category = "Miel y conservas" if n % 2 else "honey_preserves"
        rows.append([f"Mermelada de frutilla {n:02d}", category, "frasco", price, 10 + n, 1, 12, None])
    return rows


def xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


async def upload(browser, data: bytes, *, csrf: bool = True):
    await browser.get(IMPORT)
    return await browser.post_form(IMPORT, {"file": io.BytesIO(data)}, csrf=csrf)


async def test_thirty_products_from_an_xlsx_with_one_bad_row_import_nothing_then_all_once_fixed(feria_settings, hilda):
    async with desk_browser(build(feria_settings, "all")) as browser:
        await sign_in(browser, hilda)
        before = await Product.filter(organization__slug="cafe-amboro").count()
        refused = await upload(browser, xlsx(jam_rows(bad_at=15)))
        refused_text = visible_text(await refused.text())
        after_refusal = await Product.filter(organization__slug="cafe-amboro").count()
        imported = await upload(browser, xlsx(jam_rows()))
        imported_text = visible_text(await imported.text())
        jam = await Product.get(organization__slug="cafe-amboro", name="Mermelada de frutilla 07").prefetch_related(
            "offer")
        search = visible_text(await (await browser.get("/buscar?q=mermelada")).text())
        public = visible_text(await (await browser.get(f"/productos/{jam.id}")).text())
        total = await Product.filter(organization__slug="cafe-amboro").count()
        events = await OfferEvent.filter(offer__product_id=jam.id).values_list("kind", flat=True)

    assert refused.status == 400
    assert "Nada se importó" in refused_text
    assert "17 precio" in refused_text, "the bad row, numbered as the spreadsheet shows it (the header is row 1)"
    assert after_refusal == before, "nothing of the good rows was imported"
    assert imported.status == 200 and imported.url.path == IMPORT
    assert "30 productos creados" in imported_text
    assert total == before + 30
    assert (Decimal(jam.offer.price), Decimal(jam.offer.stock), jam.offer.unit, jam.offer.pack_size) == (
        Decimal("19.50"), Decimal(17), "jar", 12)
    assert "Mermelada de frutilla 07" in search
    assert "Mermelada de frutilla 07" in public and "19,50" in public
    assert {"new_stock", "price_change"} <= {str(kind) for kind in events}, "the alerts hear of it as of posted stock"


async def test_a_csv_with_semicolons_and_decimal_commas_imports_and_twice_duplicates_nothing(feria_settings, hilda):
    text = ("producto;categoría;unidad;precio;cantidad;válido hasta\n"
            "Café de altura Siberia;Café y cacao;kg;8,50;12,5;\n"
            "Miel de monte Yapacaní;Miel y conservas;frasco;35;10;31/12/2099\n")
    async with desk_browser(build(feria_settings, "all")) as browser:
        await sign_in(browser, hilda)
        first = visible_text(await (await upload(browser, text.encode())).text())
        again = visible_text(await (await upload(browser, ("\ufeff" + text).encode())).text())
        coffee = await Offer.get(product__organization__slug="cafe-amboro", product__name="Café de altura Siberia")
        honeys = await Product.filter(organization__slug="cafe-amboro", search_key="miel de monte yapacani").count()

    assert "2 productos creados" in first
    assert "0 productos creados" in again and "2 sin cambios" in again
    assert (Decimal(coffee.price), Decimal(coffee.stock)) == (Decimal("8.50"), Decimal("12.5"))
    assert honeys == 1


async def test_a_file_too_large_or_not_a_spreadsheet_imports_nothing(feria_settings, hilda):
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
    broken = xlsx(jam_rows())[:3000]  # a workbook cut short: a zip, but no workbook
    async with desk_browser(build(feria_settings, "all")) as browser:
        await sign_in(browser, hilda)
        before = await Product.all().count()
        large = await upload(browser, b"producto;precio\n" + b"x" * (2 * 1024 * 1024 + 10))
        picture = await upload(browser, png)
        cut = await upload(browser, broken)
        after = await Product.all().count()

    assert large.status == 400 and "más de 2 MB" in visible_text(await large.text())
    assert picture.status == 400 and "no es una planilla" in visible_text(await picture.text())
    assert cut.status == 400 and "no es una planilla" in visible_text(await cut.text())
    assert after == before


async def test_formulas_are_read_as_text_never_run(feria_settings, hilda):
    rows = [HEADER, ['=HYPERLINK("http://evil.example/","Factura")', "honey_preserves", "kg", "=2*4", 5]]
    async with desk_browser(build(feria_settings, "all")) as browser:
        await sign_in(browser, hilda)
        before = await Product.all().count()
        answer = await upload(browser, xlsx(rows))
        text = visible_text(await answer.text())
        after = await Product.all().count()

    assert answer.status == 400
    assert "2 producto" in text and "2 precio" in text, "both cells refused on row 2"
    assert after == before


async def test_an_admin_of_another_organization_gets_403_and_a_post_without_csrf_imports_nothing(
        feria_settings, hilda, people):
    felipa = people.person(FELIPA, "Felipa", language_code="es")
    async with desk_browser(build(feria_settings, "all")) as browser:
        await sign_in(browser, hilda)
        before = await Product.all().count()
        forged = await upload(browser, xlsx(jam_rows()), csrf=False)
        after_forged = await Product.all().count()
    async with desk_browser(build(feria_settings, "all")) as other:
        await sign_in(other, felipa)
        page = await other.get(IMPORT)
        template = await other.get(IMPORT + "/plantilla.csv")

    assert forged.status == 403 and after_forged == before
    assert page.status == 403 and template.status == 403


async def test_the_templates_name_the_columns_in_the_readers_language_and_import_as_they_are(feria_settings, hilda):
    async with desk_browser(build(feria_settings, "all")) as browser:
        await sign_in(browser, hilda)
        page = visible_text(await (await browser.get(IMPORT)).text())
        csv_file = await browser.get(IMPORT + "/plantilla.csv")
        csv_text = (await csv_file.read()).decode("utf-8-sig")
        workbook = await (await browser.get(IMPORT + "/plantilla.xlsx")).read()
        imported = visible_text(await (await upload(browser, workbook)).text())

    header = [cell.value for cell in next(load_workbook(io.BytesIO(workbook)).active.iter_rows(max_row=1))]
    assert "unidades por bulto" in page and "Plantilla para Excel o LibreOffice (.xlsx)" in page
    assert csv_text.splitlines()[0] == ";".join(HEADER)
    assert csv_file.headers["Cache-Control"] == "private, no-store"
    assert header == HEADER
    assert "1 producto creado" in imported
