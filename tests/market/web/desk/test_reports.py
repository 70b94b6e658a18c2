"""An organization's reports at the desk (issue 22): its admin reads the sales by month, product, buyer and place,
and the solidarity fund by month, with a chart; each report downloads as a spreadsheet-safe CSV and an .xlsx with
the same totals. Orders are placed through the services on known days; nobody else's reports."""

from __future__ import annotations

import io
from datetime import datetime, timezone
from decimal import Decimal

from openpyxl import load_workbook

from market.enums import OrderStatus
from market.models import Offer, Order, Organization, Person, Territory
from market.services.funds import fund_summary
from market.services.orders.cart import add_to_cart
from market.services.orders.placing import place_orders
from market.services.orders.status import advance_order, cancel_order, mark_order_paid
from serve import build
from tests.bot.conftest import sandbox  # noqa: F401  (the bot's fixtures, for a test outside tests/bot)
from tests.bot.flows.conftest import HILDA, feria_settings, hilda, people, retry_after_as_timedelta  # noqa: F401
from tests.market.web.pages.conftest import visible_text
from tests.support.desk import desk_browser, sign_in
from tests.support.orders import DEMO_SALES

REPORTS = "/escritorio/org/cafe-amboro/informes"
FELIPA = 900_000_005  # admin of CORACA Irupana in the demo, not of Café Amboró
COFFEE = "Café tostado en grano"  # Bs95,00 the kg
PERIOD = "desde=2026-08&hasta=2026-09"


async def _order(feria_clock, buyer: Person, kg: str, at: datetime, key: str) -> int:
    """`buyer` orders `kg` of coffee from Café Amboró at the moment `at` (UTC)."""
    feria_clock.travel(at)
    offer = await Offer.filter(product__name=COFFEE, product__organization__slug="cafe-amboro").first()
    assert offer is not None
    await add_to_cart(buyer.id, offer.id, Decimal(kg))
    (placed,) = await place_orders(buyer.id, idempotency_key=key)
    return placed.id


async def _sales(feria_clock) -> None:
    """August: "=cmd()" buys 2 kg, paid. September: Rosa 1 kg delivered, and 3 kg at 23:30 on the 30th in La Paz
    (October in UTC), paid; a placed order and a cancelled one, not sales."""
    hilda_id = (await Person.get(telegram_user_id=HILDA)).id
    place = await Territory.filter(country_code="BO").order_by("id").first()
    assert place is not None
    hostile = await Person.create(name="=cmd()", territory=place)
    rosa = await Person.create(name="Rosa Quispe")
    first = await _order(feria_clock, hostile, "2", datetime(2026, 8, 10, 15, tzinfo=timezone.utc), "r1")
    await mark_order_paid(first, by_person_id=hilda_id)
    second = await _order(feria_clock, rosa, "1", datetime(2026, 9, 5, 15, tzinfo=timezone.utc), "r2")
    for step in (OrderStatus.CONFIRMED, OrderStatus.READY, OrderStatus.DELIVERED):
        await advance_order(second, by_person_id=hilda_id, to=step)
    late = await _order(feria_clock, rosa, "3", datetime(2026, 10, 1, 3, 30, tzinfo=timezone.utc), "r3")
    await mark_order_paid(late, by_person_id=hilda_id)
    await _order(feria_clock, rosa, "4", datetime(2026, 9, 6, 15, tzinfo=timezone.utc), "r4")
    cancelled = await _order(feria_clock, rosa, "5", datetime(2026, 9, 7, 15, tzinfo=timezone.utc), "r5")
    await cancel_order(cancelled, by_person_id=rosa.id)
    feria_clock.travel(datetime(2026, 11, 21, 15, tzinfo=timezone.utc))


async def test_an_admin_reads_sales_by_month_product_buyer_and_place_and_downloads_them(
        feria_settings, hilda, feria_clock):  # noqa: F811
    async with desk_browser(build(feria_settings, "all")) as browser:
        await sign_in(browser, hilda)  # first: the orders' notices to come would land in the middle of it
        await _sales(feria_clock)
        home = visible_text(await browser.text("/escritorio/org/cafe-amboro"))
        page = await browser.get(f"{REPORTS}?{PERIOD}")
        text = visible_text(await page.text())
        default = visible_text(await browser.text(REPORTS))
        chart = await browser.get(f"{REPORTS}/ventas.png?{PERIOD}")
        png = await chart.read()
        buyers_csv = await (await browser.get(f"{REPORTS}/ventas-comprador.csv?{PERIOD}")).text()
        months_csv = await (await browser.get(f"{REPORTS}/ventas-mes.csv?{PERIOD}")).text()
        xlsx = await browser.get(f"{REPORTS}/ventas-mes.xlsx?{PERIOD}")
        book = load_workbook(io.BytesIO(await xlsx.read()))
        buyers_book = load_workbook(io.BytesIO(await (await browser.get(
            f"{REPORTS}/ventas-comprador.xlsx?{PERIOD}")).read()))
        demo_sales = await Order.filter(idempotency_key__startswith=DEMO_SALES).count()

    assert "Informes: ventas y fondo solidario" in home
    assert page.status == 200 and page.headers["Cache-Control"] == "private, no-store"
    assert "De ago 2026 a sept 2026, meses según el calendario de la organización." in text
    assert "ago 2026 1 Bs190,00" in text  # the month, its sales, the amount
    assert "sept 2026 2 Bs380,00" in text  # 1 kg and 3 kg (the 30th in La Paz), not the placed nor the cancelled
    assert "Total 3 Bs570,00" in text
    assert f"{COFFEE} 6 kg Bs570,00" in text
    assert "Rosa Quispe 2 Bs380,00" in text and "=cmd() 1 Bs190,00" in text
    assert "Lugar no indicado 2 Bs380,00" in text
    assert "Una venta es un pedido entregado o pagado" in text
    assert "nov 2026" in default and "dic 2025" in default and demo_sales >= 1
    assert chart.content_type == "image/png" and png.startswith(b"\x89PNG") and len(png) < 60_000
    assert "'=cmd();1;190,00;BOB" in buyers_csv and "\n=cmd()" not in buyers_csv
    assert "2026-08;1;190,00" in months_csv and "2026-09;2;380,00" in months_csv
    assert "total;3;570,00" in months_csv
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][:3] == ("mes", "pedidos", "monto")
    assert rows[1][:3] == ("2026-08", 1, 190) and rows[2][:3] == ("2026-09", 2, 380) and rows[3][:3] == ("total", 3, 570)
    assert book.active.cell(row=2, column=3).number_format == "0.00"
    buyer_rows = list(buyers_book.active.iter_rows(values_only=True))
    assert ("'=cmd()", 1, 190, "BOB") in buyer_rows


async def test_the_fund_by_month_comes_in_with_sales_and_ends_at_the_balance(feria_settings, hilda, feria_clock):  # noqa: F811
    async with desk_browser(build(feria_settings, "all")) as browser:
        await sign_in(browser, hilda)  # first: the orders' notices to come would land in the middle of it
        await _sales(feria_clock)
        text = visible_text(await browser.text(f"{REPORTS}?desde=2026-08&hasta=2026-11"))
        fund_csv = await (await browser.get(f"{REPORTS}/fondo.csv?desde=2026-08&hasta=2026-11")).text()
        fund_xlsx = load_workbook(io.BytesIO(await (await browser.get(
            f"{REPORTS}/fondo.xlsx?desde=2026-08&hasta=2026-11")).read()))
        organization_id = (await Organization.get(slug="cafe-amboro")).id
        balance = (await fund_summary(organization_id)).balance

    # The fund's share comes in when an order is paid: 3 % of Bs190 in August, of Bs285 on 30 September (La Paz).
    fund = text[text.index("Fondo solidario por mes"):]
    assert "ago 2026 Bs5,70 Bs0,00 Bs0,00 Bs5,70" in fund
    assert "sept 2026 Bs8,55 Bs0,00 Bs0,00 Bs14,25" in fund
    assert "2026-08;5,70;0;0;5,70;BOB" in fund_csv
    last = list(fund_xlsx.active.iter_rows(values_only=True))[-1]
    assert last[0] == "2026-11" and Decimal(str(last[4])) == balance
    assert f"Bs{balance:.2f}".replace(".", ",") in fund.replace(".", "")


async def test_a_bad_month_is_said_next_to_its_field(feria_settings, hilda):  # noqa: F811
    async with desk_browser(build(feria_settings, "all")) as browser:
        await sign_in(browser, hilda)
        bad = await browser.get(f"{REPORTS}?desde=agosto&hasta=2026-09")
        backwards = await browser.get(f"{REPORTS}?desde=2026-09&hasta=2026-01")
        bad_text, backwards_text = visible_text(await bad.text()), visible_text(await backwards.text())

    assert bad.status == 400 and "Eso no es un mes: escríbelo como 2026-09." in bad_text
    assert backwards.status == 400 and "Este mes es anterior al primer mes." in backwards_text


async def test_an_admin_of_another_organization_gets_403(feria_settings, hilda, people):  # noqa: F811
    felipa = people.person(FELIPA, "Felipa", language_code="es")
    async with desk_browser(build(feria_settings, "all")) as browser:
        await sign_in(browser, felipa)
        pages = [await browser.get(f"{REPORTS}{tail}")
                 for tail in ("", "/ventas.png", "/ventas-mes.csv", "/fondo.xlsx")]

    assert [page.status for page in pages] == [403, 403, 403, 403]
