"""What each family is owed, at the desk (issue 22): Café Amboró's admin Hilda reads every producer's balance and
Reina's statement, records a payment to Reina once, takes one back once, exports the statement as CSV and .xlsx
(spreadsheet-safe), and sets the margin; the bot's services, so the bot's statement says the same. Nothing twice,
nothing on bad input, nobody else's desk.

Reina posts 80 kg of cacao on her lot; Ana buys 20 kg at Bs55,00 (Bs1.100,00), delivered and paid: less the solidarity
fund's 3 % (Bs33,00), Reina is owed Bs1.067,00.
"""

from __future__ import annotations

import io
import re
from decimal import Decimal

from openpyxl import load_workbook

from market.enums import LedgerAccount, OrderStatus
from market.models import LedgerEntry, Member, Organization, Person
from market.services.orders.status import advance_order, mark_order_paid
from market.services.organizations.statements import my_statement
from serve import build
from tests.bot.conftest import patience, sandbox  # noqa: F401  (the bot's fixtures, for a test outside tests/bot)
from tests.bot.flows.conftest import HILDA, REINA, ana, feria_settings, hilda, people, retry_after_as_timedelta  # noqa: F401
from tests.bot.flows.test_lots import orders_cacao, posts
from tests.market.web.pages.conftest import visible_text
from tests.support.desk import another_browser, desk_browser, sign_in
from tests.support.orders import the_order

AMBORO = "/escritorio/org/cafe-amboro"
FELIPA = 900_000_005  # an admin of CORACA Irupana, not of Café Amboró
FORMULA = '=HYPERLINK("http://evil.example/","Reina")'


async def reina_sold_twenty_kilos(hilda, reina, ana) -> int:  # noqa: F811
    """Reina's lot sells 20 kg of cacao to Ana, delivered and paid; Reina's member id."""
    await posts(hilda, "cacao en grano agotado")
    await posts(reina, "cacao en grano 80 kg")
    await orders_cacao(ana, "20")
    order = await the_order()
    hilda_id = (await Person.get(telegram_user_id=HILDA)).id
    for status in (OrderStatus.CONFIRMED, OrderStatus.READY, OrderStatus.DELIVERED):
        await advance_order(order.id, by_person_id=hilda_id, to=status)
    await mark_order_paid(order.id, by_person_id=hilda_id)
    return (await Member.get(organization__slug="cafe-amboro", person__telegram_user_id=REINA)).id


async def payments_to(member_id: int) -> list[Decimal]:
    return [Decimal(a) for a in await LedgerEntry.filter(account=LedgerAccount.PRODUCER, producer_id=member_id)
            .order_by("id").values_list("amount", flat=True)]


async def test_an_admin_records_a_payment_to_a_producer_once_and_her_statement_says_so(
        feria_settings, people, hilda, ana):  # noqa: F811
    reina = people.person(REINA, "Reina", language_code="es")
    async with desk_browser(build(feria_settings, "all")) as browser:
        await sign_in(browser, hilda)
        member_id = await reina_sold_twenty_kilos(hilda, reina, ana)
        statement = f"{AMBORO}/estados/{member_id}"
        home = await browser.text(AMBORO)
        listed = visible_text(await browser.text(f"{AMBORO}/estados"))
        before = visible_text(await browser.text(statement))
        in_portuguese = visible_text(await browser.text(f"{statement}?lang=pt_BR"))
        in_english = visible_text(await browser.text(f"{AMBORO}/estados?lang=en"))
        bad = await browser.post_form(f"{statement}/pago", {"monto": "mil"})
        bad_html = await bad.text()
        too_fine = await browser.post_form(f"{statement}/pago", {"monto": "100,505"})
        zero = await browser.post_form(f"{statement}/pago", {"monto": "0"})
        after_bad = await payments_to(member_id)
        key = re.search(r'name="clave" value="([^"]+)"', await browser.text(statement))[1]
        forged = await browser.post_form(f"{statement}/pago", {"monto": "1000", "clave": key}, csrf=False)
        recorded = await browser.post_form(f"{statement}/pago", {"monto": "1000", "clave": key})
        repeated = await browser.post_form(f"{statement}/pago", {"monto": "1000", "clave": key})
        paid = await payments_to(member_id)
        own = await my_statement((await Organization.get(slug="cafe-amboro")).id,
                                 person_id=(await Person.get(telegram_user_id=REINA)).id)

    assert f"{AMBORO}/estados" in home
    assert "Estado de cuenta de Reina" in listed and "Bs1.067,00" in listed
    assert "Cacao en grano" in before and "20 kg" in before and "Bs1.100,00" in before and "Bs33,00" in before
    assert "Saldo: Bs1.067,00" in before
    assert "Extrato de Reina" in in_portuguese and "Saldo: BOB 1.067,00" in in_portuguese.replace("\xa0", " ")
    assert "Statement of Reina" in in_english and "BOB1,067.00" in in_english
    assert bad.status == 400 and 'value="mil"' in bad_html
    field = re.search(r'<div class="field invalid">\s*<label for="f-monto">.*?</div>', bad_html, re.S)[0]
    assert "Por favor escribe un número, como 2 o 1,5." in visible_text(field)
    assert too_fine.status == 400 and "decimales" in visible_text(await too_fine.text())
    assert zero.status == 400 and "Escribe un monto mayor que cero" in visible_text(await zero.text())
    assert after_bad == []
    assert forged.status == 403
    assert recorded.history[0].status == 303 and recorded.url.path == statement
    assert repeated.history[0].status == 303
    shown = visible_text(await repeated.text())
    assert "Pago registrado" in shown and "Saldo: Bs67,00" in shown
    assert paid == [Decimal(1000)], "posted twice, recorded once"
    assert own.paid == Decimal(1000) and own.balance == Decimal(67), "the bot's statement reads the same payment"


async def test_a_payment_recorded_by_mistake_is_taken_back_once(feria_settings, people, hilda, ana):  # noqa: F811
    reina = people.person(REINA, "Reina", language_code="es")
    async with desk_browser(build(feria_settings, "all")) as browser:
        await sign_in(browser, hilda)
        member_id = await reina_sold_twenty_kilos(hilda, reina, ana)
        statement = f"{AMBORO}/estados/{member_id}"
        await browser.get(statement)
        await browser.post_form(f"{statement}/pago", {"monto": "500"})
        entry_id = (await LedgerEntry.get(account=LedgerAccount.PRODUCER)).id
        page = await browser.text(statement)
        forged = await browser.post_form(f"{statement}/pagos/{entry_id}/anular", csrf=False)
        taken_back = await browser.post_form(f"{statement}/pagos/{entry_id}/anular")
        again = await browser.post_form(f"{statement}/pagos/{entry_id}/anular")
        paid = await payments_to(member_id)

    assert f"{statement}/pagos/{entry_id}/anular" in page
    assert forged.status == 403
    assert taken_back.history[0].status == 303
    shown = visible_text(await taken_back.text())
    assert "Anulado con un nuevo registro." in shown and "Saldo: Bs1.067,00" in shown
    assert again.status == 409 and "Ese pago ya se anuló." in visible_text(await again.text())
    assert paid == [Decimal(500), Decimal(-500)]


async def test_a_statement_exports_as_csv_and_xlsx_with_formulas_neutralized(
        feria_settings, people, hilda, ana):  # noqa: F811
    reina = people.person(REINA, "Reina", language_code="es")
    async with desk_browser(build(feria_settings, "all")) as browser:
        await sign_in(browser, hilda)
        member_id = await reina_sold_twenty_kilos(hilda, reina, ana)
        await Person.filter(telegram_user_id=REINA).update(name=FORMULA)
        one_csv = await browser.get(f"{AMBORO}/estados/{member_id}.csv")
        one_text = await one_csv.text()
        one_xlsx = await browser.get(f"{AMBORO}/estados/{member_id}.xlsx")
        book = load_workbook(io.BytesIO(await one_xlsx.read()))
        every = await (await browser.get(f"{AMBORO}/estados.csv")).text()
        every_xlsx = await browser.get(f"{AMBORO}/estados.xlsx")

    assert one_csv.headers["Content-Type"].startswith("text/csv")
    assert "productor;mes;producto;cantidad;unidad" in one_text
    assert "'=HYPERLINK" in one_text and "\n=" not in one_text and ";=" not in one_text
    assert ";Cacao en grano;20;kg;BOB;1100,00;33,00;0,00;1067,00;" in one_text
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][:3] == ("productor", "mes", "producto")
    assert rows[1][0].startswith("'=HYPERLINK") and rows[1][9] == 1067
    assert "'=HYPERLINK" in every and ";1067,00;" in every
    assert every_xlsx.status == 200 and every_xlsx.headers["Content-Type"].startswith("application/vnd.openxmlformats")


async def test_the_margin_is_set_at_the_desk_within_the_bots_range(feria_settings, hilda):  # noqa: F811
    async with desk_browser(build(feria_settings, "all")) as browser:
        await sign_in(browser, hilda)
        await browser.get(f"{AMBORO}/estados")
        too_high = await browser.post_form(f"{AMBORO}/estados/margen", {"margen": "31"})
        too_high_html = await too_high.text()
        rate_after_bad = (await Organization.get(slug="cafe-amboro")).margin_rate
        forged = await browser.post_form(f"{AMBORO}/estados/margen", {"margen": "12"}, csrf=False)
        saved = await browser.post_form(f"{AMBORO}/estados/margen", {"margen": "7,5 %"})
        rate = (await Organization.get(slug="cafe-amboro")).margin_rate

    assert too_high.status == 400 and 'value="31"' in too_high_html
    field = re.search(r'<div class="field invalid">\s*<label for="f-margen">.*?</div>', too_high_html, re.S)[0]
    assert "Escribe un número de 0 a 30, como 10 para 10 %." in visible_text(field)
    assert Decimal(rate_after_bad) == 0 and forged.status == 403
    assert saved.history[0].status == 303 and "Margen: 7,5" in visible_text(await saved.text())
    assert Decimal(rate) == Decimal("0.075")


async def test_only_the_organizations_admins_reach_its_statements(feria_settings, people, hilda, ana):  # noqa: F811
    felipa = people.person(FELIPA, "Felipa", language_code="es")
    reina = people.person(REINA, "Reina", language_code="es")
    async with desk_browser(build(feria_settings, "all")) as browser:
        await sign_in(browser, hilda)
        member_id = await reina_sold_twenty_kilos(hilda, reina, ana)
        irupana_member = (await Member.filter(organization__slug="coraca-irupana").first()).id
        not_ours = (await browser.get(f"{AMBORO}/estados/{irupana_member}")).status
        other = await another_browser(browser)
        await sign_in(other, felipa)
        pages = [f"{AMBORO}/estados", f"{AMBORO}/estados.csv", f"{AMBORO}/estados/{member_id}",
                 f"{AMBORO}/estados/{member_id}.xlsx"]
        as_other_admin = [(await other.get(page)).status for page in pages]
        producer = await another_browser(browser)
        await sign_in(producer, reina)
        as_producer = [(await producer.get(page)).status for page in pages]
        await other.get("/escritorio")
        posted = await other.post_form(f"{AMBORO}/estados/{member_id}/pago", {"monto": "10"})
        margin = await other.post_form(f"{AMBORO}/estados/margen", {"margen": "20"})
        paid = await payments_to(member_id)
        rate = (await Organization.get(slug="cafe-amboro")).margin_rate
        await other.client.session.close()
        await producer.client.session.close()

    assert not_ours == 404
    assert as_other_admin == [403, 403, 403, 403] and as_producer == [403, 403, 403, 403]
    assert posted.status == 403 and margin.status == 403 and paid == [] and Decimal(rate) == 0
