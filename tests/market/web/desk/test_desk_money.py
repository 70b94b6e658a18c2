"""Money at the desk (issue 22): an organization's admin confirms or rejects the payments buyers say they made, and a
purchasing group's coordinator reads every member's account, records a member's payment and exports the entries;
the same services as the bot, so the buyer or member gets the bot's messages and receipts. Nothing twice, nothing on
bad input, nobody else's desk.

Carmen coordinates the demo's Grupo de Consumo Solidario Equipetrol; Comarapa sells Papa nativa at Bs55,00 the
arroba in packs of 4 arrobas. Hilda is an admin of Café Amboró, where Ana buys a kilo of coffee (Bs95,00).
"""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

from market import clock
from market.enums import LedgerAccount, LedgerKind, ProofStatus
from market.models import LedgerEntry, Order, Organization, PaymentProof, Person, PurchasingGroup
from market.services.groups.rounds.closing import close_round
from market.services.groups.rounds.ordering import set_order_line
from market.services.groups.rounds.setup import OpenRound, offers_of, open_round
from market.services.groups.rounds.views import get_round
from serve import build
from tests.bot.conftest import patience, sandbox  # noqa: F401  (the bot's fixtures, for a test outside tests/bot)
from tests.bot.flows.conftest import ana, feria_settings, hilda, people, retry_after_as_timedelta  # noqa: F401
from tests.bot.flows.test_payment_proofs import says_paid_with_photo
from tests.bot.flows.test_receipts import receives_document
from tests.market.web.pages.conftest import visible_text
from tests.support.desk import another_browser, desk_browser, sign_in
from tests.support.orders import the_order

AMBORO = "/escritorio/org/cafe-amboro"
GROUP = "/escritorio/grupo/consumo-solidario-equipetrol"
CARMEN, PATRICIA = 900_000_101, 900_000_103
FELIPA = 900_000_005  # an admin of CORACA Irupana, not of Café Amboró
FORMULA = '=HYPERLINK("http://evil.example/","Factura")'


async def test_an_admin_confirms_a_payment_on_the_web_once_and_the_buyer_gets_the_receipt(
        feria_settings, hilda, ana):  # noqa: F811
    async with desk_browser(build(feria_settings, "all")) as browser:
        await sign_in(browser, hilda)
        await says_paid_with_photo(ana)
        order = await the_order()
        proof = await PaymentProof.get()
        home = visible_text(await browser.text(AMBORO))
        order_page = await browser.text(f"{AMBORO}/pedidos/{order.id}")
        waiting = await browser.text(f"{AMBORO}/pagos")
        confirmed = await browser.post_form(f"{AMBORO}/pagos/{proof.id}/confirmar")
        receipt = await receives_document(ana)
        await browser.get(f"{AMBORO}/pagos")
        again = await browser.post_form(f"{AMBORO}/pagos/{proof.id}/confirmar", again=True)
        rejected_late = await browser.post_form(f"{AMBORO}/pagos/{proof.id}/rechazar", {"motivo": "No llegó"},
                                                again=True)
        payments = await LedgerEntry.filter(account=LedgerAccount.BUYER, order_id=order.id).count()
        paid_at = (await Order.get(id=order.id)).paid_at

    assert "1 pago que el comprador dice que hizo, por confirmar" in home
    assert f"{AMBORO}/pagos" in order_page, "the order's pending claim leads to the payments page"
    text = visible_text(waiting)
    assert f"💵 Ana dice que pagó el pedido #{order.id}." in text and "Bs95,00" in text
    assert "La foto de la transferencia está en tu chat de Telegram con el bot." in text
    assert confirmed.history[0].status == 303 and confirmed.url.path == f"{AMBORO}/pagos"
    assert "Pago confirmado" in visible_text(await confirmed.text())
    assert receipt.document["file_name"].startswith("recibo-") and "pagaste Bs95,00" in receipt.caption
    assert again.status == 409 and "Hilda ya confirmó este pago." in visible_text(await again.text())
    assert rejected_late.status == 409
    assert payments == 1 and paid_at is not None


async def test_a_rejection_needs_its_reason_and_the_buyer_reads_it(feria_settings, hilda, ana):  # noqa: F811
    async with desk_browser(build(feria_settings, "all")) as browser:
        await sign_in(browser, hilda)
        await says_paid_with_photo(ana)
        proof = await PaymentProof.get()
        await browser.get(f"{AMBORO}/pagos")
        blank = await browser.post_form(f"{AMBORO}/pagos/{proof.id}/rechazar", {"motivo": "  "})
        blank_html = await blank.text()
        status_after_blank = (await PaymentProof.get()).status
        forged = await browser.post_form(f"{AMBORO}/pagos/{proof.id}/rechazar", {"motivo": "x"}, csrf=False)
        rejected = await browser.post_form(f"{AMBORO}/pagos/{proof.id}/rechazar", {"motivo": "No llegó a la cuenta"})
        while "no confirmó tu pago" not in ((told := await ana.receives(timeout=5)).text or ""):
            pass
        status = (await PaymentProof.get()).status

    assert blank.status == 400 and status_after_blank == ProofStatus.PENDING
    field = re.search(rf'<div class="field invalid">\s*<label for="f-motivo-{proof.id}">.*?</div>', blank_html, re.S)[0]
    assert "Por favor escribe el motivo." in visible_text(field)
    assert forged.status == 403
    assert rejected.url.path == f"{AMBORO}/pagos" and "Pago rechazado" in visible_text(await rejected.text())
    assert "Motivo: No llegó a la cuenta" in told.text and status == ProofStatus.REJECTED


async def test_only_the_organizations_admins_see_its_payments(feria_settings, people, hilda, ana):  # noqa: F811
    felipa = people.person(FELIPA, "Felipa", language_code="es")
    async with desk_browser(build(feria_settings, "all")) as browser:
        await sign_in(browser, felipa)
        await says_paid_with_photo(ana)
        proof = await PaymentProof.get()
        page = await browser.get(f"{AMBORO}/pagos")
        await browser.get("/escritorio")
        post = await browser.post_form(f"{AMBORO}/pagos/{proof.id}/confirmar")
        status = (await PaymentProof.get()).status

    assert page.status == 403 and post.status == 403 and status == ProofStatus.PENDING


async def _closed_round(carmen_id: int, *members: int) -> int:
    """A round of Comarapa's Papa nativa where each of `members` ordered a pack (4 arrobas, Bs220,00), closed."""
    group = await PurchasingGroup.get(slug="consumo-solidario-equipetrol")
    comarapa = await Organization.get(slug="oeca-valles-comarapa")
    opened = await open_round(OpenRound(group.id, closes_at=clock.now() + timedelta(days=3),
                                        offer_ids=tuple(await offers_of([comarapa.id]))), by_person_id=carmen_id)
    papa = next(o for o in (await get_round(opened.id)).offers if o.product_name == "Papa nativa")
    for person_id in members:
        await set_order_line(opened.id, papa.id, person_id=person_id, quantity=4, tolerance=0)
    await close_round(opened.id, by_person_id=carmen_id)
    return opened.id


async def test_a_coordinator_records_a_members_payment_once_and_exports_the_accounts(feria_settings, people):  # noqa: F811
    carmen = people.person(CARMEN, "Carmen", language_code="es")
    patricia = people.person(PATRICIA, "Patricia", language_code="es")
    formula = people.person(7001, FORMULA, language_code="es")
    async with desk_browser(build(feria_settings, "all")) as browser:
        await sign_in(browser, carmen)
        invite = (await PurchasingGroup.get(slug="consumo-solidario-equipetrol")).invite_code
        await formula.says(f"/start g_{invite}")
        invitation = await formula.receives()
        await formula.presses("✅ Unirme", message=invitation)
        await formula.sees_edited(invitation)
        carmen_id = (await Person.get(telegram_user_id=CARMEN)).id
        patricia_id = (await Person.get(telegram_user_id=PATRICIA)).id
        formula_id = (await Person.get(telegram_user_id=7001)).id
        round_id = await _closed_round(carmen_id, patricia_id, formula_id)

        home = await browser.text(GROUP)
        before = visible_text(await browser.text(f"{GROUP}/cuentas"))
        form = {"miembro": str(patricia_id), "ronda": str(round_id), "monto": "45,50", "nota": ""}
        bad = await browser.post_form(f"{GROUP}/cuentas/pago", {**form, "monto": "cuarenta"})
        bad_html = await bad.text()
        too_fine = await browser.post_form(f"{GROUP}/cuentas/pago", {**form, "monto": "45,505"})
        key = re.search(r'name="clave" value="([^"]+)"', await browser.text(f"{GROUP}/cuentas"))[1]
        forged = await browser.post_form(f"{GROUP}/cuentas/pago", {**form, "clave": key}, csrf=False)
        recorded = await browser.post_form(f"{GROUP}/cuentas/pago", {**form, "clave": key})
        repeated = await browser.post_form(f"{GROUP}/cuentas/pago", {**form, "clave": key}, again=True)
        receipt = await receives_document(patricia)
        payments = await LedgerEntry.filter(kind=LedgerKind.PAYMENT, member__person_id=patricia_id
                                            ).values_list("amount", flat=True)
        exported = await browser.get(f"{GROUP}/cuentas.csv")
        csv_text = await exported.text()

    assert f"{GROUP}/cuentas" in home
    assert "Patricia Méndez Soliz" in before and "debe Bs220,00" in before
    assert bad.status == 400 and 'value="cuarenta"' in bad_html
    field = re.search(r'<div class="field invalid">\s*<label for="f-monto">.*?</div>', bad_html, re.S)[0]
    assert "Por favor escribe un número, como 2 o 1,5." in visible_text(field)
    assert too_fine.status == 400 and "decimales" in visible_text(await too_fine.text())
    assert forged.status == 403
    assert recorded.history[0].status == 303 and repeated.url == recorded.url
    after = visible_text(await recorded.text())
    assert "💵 Pago de Bs45,50 de Patricia Méndez Soliz registrado." in after
    assert "debe Bs174,50" in after
    assert [Decimal(p) for p in payments] == [Decimal("45.50")], "posted twice, recorded once"
    assert receipt.document["file_name"].startswith("recibo-")
    assert exported.headers["Content-Type"].startswith("text/csv")
    assert "'=HYPERLINK" in csv_text and "\n=" not in csv_text and ";=" not in csv_text
    assert "Patricia Méndez Soliz;" in csv_text and ";Pago;45,50;BOB;" in csv_text


async def test_only_the_groups_coordinators_reach_its_accounts(feria_settings, people, hilda):  # noqa: F811
    patricia = people.person(PATRICIA, "Patricia", language_code="es")
    async with desk_browser(build(feria_settings, "all")) as browser:
        pages = [f"{GROUP}/cuentas", f"{GROUP}/cuentas.csv"]
        await sign_in(browser, hilda)
        as_admin = [(await browser.get(page)).status for page in pages]
        member = await another_browser(browser)
        await sign_in(member, patricia)
        as_member = [(await member.get(page)).status for page in pages]
        await member.get("/escritorio")
        posted = await member.post_form(f"{GROUP}/cuentas/pago", {"miembro": "1", "ronda": "1", "monto": "10"})
        entries = await LedgerEntry.filter(kind=LedgerKind.PAYMENT).count()
        await member.client.session.close()

    assert as_admin == [403, 403] and as_member == [403, 403]
    assert posted.status == 403 and entries == 0
