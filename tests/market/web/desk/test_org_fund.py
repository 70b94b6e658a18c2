"""The solidarity fund at the desk (issue 22): Café Amboró's admin Hilda reads the balance and its uses, records a
loan to Reina that an assembly decided, a repayment, and takes a repayment back; the bot's services and rules, so
every member sees the same fund in the bot. Each wrong field said next to it, nothing twice, nothing on bad input,
nobody else's desk.

The demo's fund holds Bs702,85: Bs1.500,00 from earlier sales and the demo's orders' shares, less a grant of
Bs400,00 and a loan of Bs600,00 to Reina, who paid Bs200,00 back.
"""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

from market import clock
from market.enums import FundUseKind, LedgerKind
from market.models import FundUse, LedgerEntry, Member, Organization
from market.services.funds import Fund, get_fund
from serve import build
from tests.bot.conftest import patience, sandbox  # noqa: F401  (the bot's fixtures, for a test outside tests/bot)
from tests.bot.flows.conftest import REINA, feria_settings, hilda, people, retry_after_as_timedelta  # noqa: F401
from tests.market.web.pages.conftest import visible_text
from tests.support.desk import desk_browser, sign_in

AMBORO = "/escritorio/org/cafe-amboro"
FUND = f"{AMBORO}/fondo"
FELIPA = 900_000_005  # an admin of CORACA Irupana, not of Café Amboró


async def amboro_id() -> int:
    return (await Organization.get(slug="cafe-amboro")).id


def field_text(html: str, name: str) -> str:
    return visible_text(re.search(rf'<div class="field invalid">\s*<label for="f-{name}">.*?</div>', html, re.S)[0])


async def loan_form() -> dict[str, str]:
    """A loan of Bs300,00 to Reina decided a week ago, paid back in 3 installments from next month."""
    reina = await Member.get(organization__slug="cafe-amboro", person__telegram_user_id=REINA)
    today = clock.today("America/La_Paz")
    return {"tipo": "loan", "prestatario": str(reina.id), "monto": "300", "para": "Semillas de café",
            "fecha": (today - timedelta(days=7)).isoformat(), "acta": "Asamblea ordinaria, acta 12", "cuotas": "3",
            "primera_cuota": (today + timedelta(days=30)).isoformat()}


async def test_an_admin_records_a_loan_once_with_each_wrong_field_named(feria_settings, hilda):  # noqa: F811
    async with desk_browser(build(feria_settings, "all")) as browser:
        await sign_in(browser, hilda)
        amboro = await amboro_id()
        form = await loan_form()
        home = await browser.text(AMBORO)
        before = visible_text(await browser.text(FUND))
        wrong = await browser.post_form(f"{FUND}/uso", {
            **form, "prestatario": "", "monto": "mucho", "para": " ",
            "fecha": (clock.today("America/La_Paz") + timedelta(days=2)).isoformat(), "cuotas": "0"})
        wrong_html = await wrong.text()
        too_much = await browser.post_form(f"{FUND}/uso", {**form, "monto": "703"})
        after_wrong = await FundUse.filter(organization_id=amboro).count()
        key = re.search(r'name="clave" value="([^"]+)"', await browser.text(FUND))[1]
        forged = await browser.post_form(f"{FUND}/uso", {**form, "clave": key}, csrf=False)
        recorded = await browser.post_form(f"{FUND}/uso", {**form, "clave": key})
        repeated = await browser.post_form(f"{FUND}/uso", {**form, "clave": key})
        uses = await FundUse.filter(purpose="Semillas de café").values_list("kind", "amount")
        seen_in_the_bot = await get_fund(Fund(organization_id=amboro), viewer_person_id=(
            await Member.get(organization_id=amboro, person__telegram_user_id=REINA)).person_id)

    assert f"{AMBORO}/fondo" in home
    assert "Saldo: Bs702,85" in before and "Reparar la tostadora comunal" in before
    assert wrong.status == 400 and 'value="mucho"' in wrong_html and 'value="Asamblea ordinaria, acta 12"' in wrong_html
    assert field_text(wrong_html, "prestatario").endswith("Elige uno de la lista.")
    assert field_text(wrong_html, "monto").endswith("Escribe un monto en BOB, como 12,50, o 0.")
    assert field_text(wrong_html, "para").endswith("Escribe de 1 a 200 caracteres, por favor.")
    assert "Ese día aún no llegó" in field_text(wrong_html, "fecha")
    assert "de 1 a 36" in field_text(wrong_html, "cuotas")
    assert too_much.status == 409 and "El fondo tiene Bs702,85" in field_text(await too_much.text(), "monto")
    assert after_wrong == 2 and forged.status == 403, "the demo's two uses, and none more"
    assert recorded.history[0].status == 303 and repeated.history[0].status == 303
    shown = visible_text(await repeated.text())
    assert "Saldo: Bs402,85" in shown and "Préstamo a Reina" in shown and "Semillas de café" in shown
    assert [(FundUseKind(k), Decimal(a)) for k, a in uses] == [(FundUseKind.LOAN, Decimal(300))], "posted twice, once"
    assert seen_in_the_bot.balance == Decimal("402.85") and seen_in_the_bot.uses[0].loan.left == Decimal(300)


async def test_a_repayment_is_recorded_once_never_above_what_is_left_and_taken_back_once(
        feria_settings, hilda):  # noqa: F811
    async with desk_browser(build(feria_settings, "all")) as browser:
        await sign_in(browser, hilda)
        await amboro_id()
        await browser.get(FUND)
        await browser.post_form(f"{FUND}/uso", await loan_form())
        use = await FundUse.get(purpose="Semillas de café")
        name = f"devuelto-{use.id}"
        page = await browser.text(FUND)
        key = re.search(r'name="clave" value="([^"]+)"', page)[1]
        above = await browser.post_form(f"{FUND}/prestamos/{use.id}/devolucion", {name: "301", "clave": key})
        above_html = await above.text()
        repaid = await browser.post_form(f"{FUND}/prestamos/{use.id}/devolucion", {name: "100", "clave": key})
        again = await browser.post_form(f"{FUND}/prestamos/{use.id}/devolucion", {name: "100", "clave": key})
        entry = await LedgerEntry.get(kind=LedgerKind.LOAN_REPAYMENT, fund_use_id=use.id)
        taken_back = await browser.post_form(f"{FUND}/devoluciones/{entry.id}/anular")
        twice = await browser.post_form(f"{FUND}/devoluciones/{entry.id}/anular")
        entries = await LedgerEntry.filter(fund_use_id=use.id).order_by("id").values_list("kind", "amount")

    assert f"{FUND}/prestamos/{use.id}/devolucion" in page
    assert above.status == 400 and 'value="301"' in above_html
    assert "Solo faltan Bs300,00 por devolver" in field_text(above_html, name)
    assert repaid.history[0].status == 303 and again.history[0].status == 303
    assert "Devuelto Bs100,00, faltan Bs200,00." in visible_text(await again.text())
    assert taken_back.history[0].status == 303 and twice.status == 409
    assert "Ese pago ya se anuló." in visible_text(await twice.text())
    assert [(LedgerKind(k), Decimal(a)) for k, a in entries] == [
        (LedgerKind.FUND_USE, Decimal(-300)), (LedgerKind.LOAN_REPAYMENT, Decimal(100)),
        (LedgerKind.CORRECTION, Decimal(-100))]


async def test_only_the_organizations_admins_reach_its_fund_at_the_desk(feria_settings, people):  # noqa: F811
    felipa = people.person(FELIPA, "Felipa", language_code="es")
    async with desk_browser(build(feria_settings, "all")) as browser:
        await sign_in(browser, felipa)
        await amboro_id()
        page = await browser.get(FUND)
        await browser.get("/escritorio")
        posted = await browser.post_form(f"{FUND}/uso", await loan_form())
        uses = await FundUse.filter(purpose="Semillas de café").count()

    assert page.status == 403 and posted.status == 403 and uses == 0
