"""A group's coordinator at the desk after a round closes (issue 22): recording what arrived, settling, cancelling, and
the round's totals with their chart and exports; a repeated post does nothing twice, a round in the wrong state is
refused in words (409) and unchanged, and nobody but the group's coordinators reaches these pages.

Carmen coordinates the demo's Grupo de Consumo Solidario Equipetrol (Santa Cruz); Neusa coordinates another group (Bom
Fim, Porto Alegre); Patricia is a member of Equipetrol. Comarapa (demo data) sells Papa nativa at Bs55,00 the arroba in
packs of 4 arrobas: Patricia's 4 arrobas fill one pack and cost Bs220,00.
"""

from __future__ import annotations

import asyncio
import io
import re
from datetime import timedelta

from openpyxl import load_workbook

from market import clock
from market.enums import LedgerAccount, LedgerKind, RoundStatus
from market.models import (
    LedgerEntry,
    Notification,
    OrderRound,
    Organization,
    Person,
    Product,
    PurchasingGroup,
    RoundAllocation,
    RoundOffer,
)
from market.services.groups.rounds.closing import close_round
from market.services.groups.rounds.ordering import set_order_line
from market.services.groups.rounds.setup import OpenRound, offers_of, open_round
from serve import build
from tests.bot.conftest import patience, sandbox  # noqa: F401  (the bot's fixtures, for a test outside tests/bot)
from tests.bot.flows.conftest import feria_settings, hilda, people, retry_after_as_timedelta  # noqa: F401
from tests.market.web.pages.conftest import visible_text
from tests.support.desk import another_browser, desk_browser, page_token, sign_in

CARMEN, PATRICIA, NEUSA = 900_000_101, 900_000_103, 900_000_201
GROUP = "/escritorio/grupo/consumo-solidario-equipetrol"
FORMULA = '=HYPERLINK("http://evil.example/","Factura")'


async def _closed_round(*orders: tuple[int, int, int]) -> tuple[int, int]:
    """A round of Comarapa's offers that Carmen opened and closed, with these (member, quantity, tolerance) lines
    of Papa nativa; the round's id and Papa nativa's round offer id."""
    carmen_id = (await Person.get(telegram_user_id=CARMEN)).id
    group = await PurchasingGroup.get(slug="consumo-solidario-equipetrol")
    comarapa = (await Organization.get(slug="oeca-valles-comarapa")).id
    opened = await open_round(OpenRound(group.id, closes_at=clock.now() + timedelta(days=3),
                                        offer_ids=tuple(await offers_of([comarapa]))), by_person_id=carmen_id)
    papa = next(o.id for o in opened.offers if o.product_name == "Papa nativa")
    for member, quantity, tolerance in orders:
        person_id = (await Person.get(telegram_user_id=member)).id
        await set_order_line(opened.id, papa, person_id=person_id, quantity=quantity, tolerance=tolerance)
    await close_round(opened.id, by_person_id=carmen_id)
    return opened.id, papa


async def _demo_round() -> OrderRound:
    return await OrderRound.get(group__slug="consumo-solidario-equipetrol", number=1)


async def _arrived(papa: int) -> tuple[int | None, int, int]:
    """Papa nativa's recorded arrival, the arrobas its members get, and the corrections of members' bills."""
    offer = await RoundOffer.get(id=papa)
    given = sum(a.quantity + a.tolerance for a in await RoundAllocation.filter(round_offer_id=papa))
    corrections = await LedgerEntry.filter(kind=LedgerKind.CORRECTION, account=LedgerAccount.MEMBER,
                                          round_id=offer.round_id).count()
    return offer.units_received, given, corrections


async def _told(person, words: str, patience: float) -> str:  # noqa: F811
    """The bot's message to `person` holding `words`, waiting for the outbox to send it."""
    for _ in range(int(100 * patience)):
        for message in person.messages:
            if words in (message.text or ""):
                return message.text
        await asyncio.sleep(0.1)
    raise AssertionError(f"nothing holding {words!r} in {[m.text for m in person.messages]}")


def _field(html: str, name: str) -> str:
    return re.search(rf'<div class="field invalid">\s*<label for="f-{name}">.*?</div>', html, re.S)[0]


async def test_a_short_delivery_recorded_at_the_desk_corrects_the_members_bill_and_the_bot_tells_her(
    feria_settings, people, patience  # noqa: F811
):
    carmen = people.person(CARMEN, "Carmen", language_code="es")
    patricia = people.person(PATRICIA, "Patricia", language_code="es")
    async with desk_browser(build(feria_settings, "all")) as browser:
        await sign_in(browser, carmen)
        round_id, papa = await _closed_round((PATRICIA, 4, 0))
        arrivals = f"{GROUP}/rondas/{round_id}/llegadas"
        field = f"llegado-{papa}"
        page_html = await browser.text(arrivals)
        page = visible_text(page_html)

        words = await browser.post_form(arrivals, {field: "dos"})
        words_html = await words.text()
        half = await browser.post_form(arrivals, {field: "2,5"})
        half_html = await half.text()
        after_bad_input = await _arrived(papa)
        recorded = await browser.post_form(arrivals, {field: "2"})
        recorded_text = visible_text(await recorded.text())
        after_recording = await _arrived(papa)
        again = await browser.post_form(arrivals, {field: "2"})
        again_text = visible_text(await again.text())
        after_again = await _arrived(papa)
        pickup = visible_text(await browser.text(f"{GROUP}/rondas/{round_id}/retiro"))
        told = await _told(patricia, "Tu cuenta de la ronda", patience)
        corrected_notices = await Notification.filter(template="round_corrected").count()

    assert "Papa nativa" in page and "sin registrar" in page and "Pedido: 4 arrobas" in page
    assert page_token(page_html) is not None
    assert words.status == 400 and 'value="dos"' in _field(words_html, field)
    assert "Por favor escribe un número, como 2 o 1,5." in visible_text(_field(words_html, field))
    assert half.status == 400 and "Esto se vende por 1: escribe 2 o 3." in visible_text(_field(half_html, field))
    assert after_bad_input == (None, 4, 0), "a bad amount records nothing"
    assert recorded.status == 200 and recorded.url.path == arrivals
    assert "Registrado. 1 cuenta cambió y se corrigió." in recorded_text
    assert after_recording == (2, 2, 1), "two arrobas arrived: Patricia gets two, and her bill is corrected once"
    assert "Registrado. Ninguna cuenta cambió." in again_text and after_again == after_recording
    assert "Papa nativa: 2 arrobas" in pickup and "Bs110,00" in pickup
    assert "Bs110,00" in told and "Bs220,00" in told
    assert corrected_notices == 1, "the same amounts posted again tell nobody twice"


async def test_a_coordinator_settles_a_closed_round_once_and_a_round_not_closed_is_refused(feria_settings, people):  # noqa: F811
    carmen = people.person(CARMEN, "Carmen", language_code="es")
    async with desk_browser(build(feria_settings, "all")) as browser:
        await sign_in(browser, carmen)
        demo = await _demo_round()
        open_question = await browser.get(f"{GROUP}/rondas/{demo.id}/liquidar")
        open_question_text = visible_text(await open_question.text())
        await browser.get(f"{GROUP}/rondas/{demo.id}/cerrar")  # a page whose form carries the token: a stale tab
        open_settle = await browser.post_form(f"{GROUP}/rondas/{demo.id}/liquidar")
        demo_status = (await OrderRound.get(id=demo.id)).status

        round_id, papa = await _closed_round((PATRICIA, 4, 0))
        here = f"{GROUP}/rondas/{round_id}"
        question_html = await browser.text(f"{here}/liquidar")
        question = visible_text(question_html)
        settled = await browser.post_form(f"{here}/liquidar")
        settled_text = visible_text(await settled.text())
        entries = await LedgerEntry.filter(round_id=round_id).count()
        settled_again = await browser.post_form(f"{here}/liquidar", again=True)
        status = (await OrderRound.get(id=round_id)).status
        entries_after = await LedgerEntry.filter(round_id=round_id).count()
        late_arrival = await browser.post_form(f"{here}/llegadas", {f"llegado-{papa}": "1"}, again=True)
        late_text = visible_text(await late_arrival.text())
        arrived = await _arrived(papa)
        late_cancel = await browser.get(f"{here}/cancelar")

    assert open_question.status == 409 and "Esta ronda todavía no está cerrada." in open_question_text
    assert "Sí, liquidarla" not in open_question_text, "no button to press on a round that cannot be settled"
    assert open_settle.status == 409 and demo_status == RoundStatus.OPEN
    assert "¿Liquidar la ronda #2?" in question and page_token(question_html) is not None
    assert settled.url.path == here and "liquidada" in settled_text
    assert settled_again.status == 200 and settled_again.url.path == here, "posted again, it is simply settled"
    assert status == RoundStatus.SETTLED and entries_after == entries
    assert late_arrival.status == 409 and "Esta ronda ya está liquidada." in late_text
    assert arrived == (None, 4, 0), "a settled round's arrivals are no longer recorded"
    assert late_cancel.status == 409


async def test_a_coordinator_cancels_an_open_round_once_and_the_members_who_ordered_are_told(
    feria_settings, people, patience  # noqa: F811
):
    carmen = people.person(CARMEN, "Carmen", language_code="es")
    patricia = people.person(PATRICIA, "Patricia", language_code="es")
    async with desk_browser(build(feria_settings, "all")) as browser:
        await sign_in(browser, carmen)
        demo = await _demo_round()
        here = f"{GROUP}/rondas/{demo.id}"
        question_html = await browser.text(f"{here}/cancelar")
        question = visible_text(question_html)
        cancelled = await browser.post_form(f"{here}/cancelar")
        cancelled_text = visible_text(await cancelled.text())
        told = await _told(patricia, "se canceló", patience)
        notices = await Notification.filter(template="round_cancelled").count()
        cancelled_again = await browser.post_form(f"{here}/cancelar", again=True)
        notices_after = await Notification.filter(template="round_cancelled").count()
        status = (await OrderRound.get(id=demo.id)).status
        arrivals = await browser.get(f"{here}/llegadas")
        settle = await browser.post_form(f"{here}/liquidar", again=True)
        settle_text = visible_text(await settle.text())

        round_id, _ = await _closed_round((PATRICIA, 4, 0))
        closed_cancel = await browser.post_form(f"{GROUP}/rondas/{round_id}/cancelar", again=True)
        closed_text = visible_text(await closed_cancel.text())
        closed_status = (await OrderRound.get(id=round_id)).status

    assert "¿Cancelar la ronda #1? Nadie paga nada y se avisa a los miembros." in question
    assert page_token(question_html) is not None
    assert cancelled.url.path == here and "cancelada" in cancelled_text
    assert "La ronda #1 de Grupo de Consumo Solidario Equipetrol se canceló." in told
    assert cancelled_again.url.path == here and notices_after == notices, "posted again, nobody is told twice"
    assert status == RoundStatus.CANCELLED
    assert arrivals.status == 409, "a cancelled round has nothing arriving"
    assert settle.status == 409 and "Esta ronda se canceló: no hay nada que pagar." in settle_text
    assert closed_cancel.status == 409 and "Esta ronda está cerrada" in closed_text
    assert closed_status == RoundStatus.CLOSED


async def test_a_rounds_totals_by_product_and_producer_come_with_a_chart_and_spreadsheet_safe_exports(
    feria_settings, people  # noqa: F811
):
    carmen = people.person(CARMEN, "Carmen", language_code="es")
    async with desk_browser(build(feria_settings, "all")) as browser:
        await sign_in(browser, carmen)
        round_id, _ = await _closed_round((PATRICIA, 4, 0))
        await Product.filter(name="Papa nativa", organization__slug="oeca-valles-comarapa").update(name=FORMULA)
        here = f"{GROUP}/rondas/{round_id}"
        page = await browser.get(f"{here}/totales")
        page_html = await page.text()
        chart = await browser.get(f"{here}/totales.png")
        chart_bytes = await chart.read()
        by_product = await (await browser.get(f"{here}/totales-producto.csv")).text()
        by_producer = await (await browser.get(f"{here}/totales-productor.csv")).text()
        book = load_workbook(io.BytesIO(await (await browser.get(f"{here}/totales-producto.xlsx")).read()))
        pickup = await browser.get(f"{here}/retiro.xlsx")
        pickup_book = load_workbook(io.BytesIO(await pickup.read()))
        open_totals = await browser.get(f"{GROUP}/rondas/{(await _demo_round()).id}/totales")

    text = visible_text(page_html)
    assert page.status == 200 and "OECA Valles de Comarapa" in text and "Bs220,00" in text
    assert 'alt="' in page_html and "totales.png" in page_html
    assert chart.headers["Content-Type"] == "image/png" and chart_bytes.startswith(b"\x89PNG")
    assert "'=HYPERLINK" in by_product and "\n=" not in by_product and ";=" not in by_product
    assert "OECA Valles de Comarapa;1;215,60;220,00;4,40;BOB" in by_producer.replace("\r", "")
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][:2] == ("productor", "producto") and rows[1][1].startswith("'=HYPERLINK")
    assert rows[1][6] == 220, "money stays a number"
    assert pickup.headers["Content-Type"].startswith("application/vnd.openxmlformats")
    pickup_rows = list(pickup_book.active.iter_rows(values_only=True))
    patricia = next(r for r in pickup_rows if r[0] == "Patricia Méndez Soliz")
    assert patricia[1].startswith("'=HYPERLINK") and patricia[2] == 220
    assert open_totals.status == 409, "an open round has no totals yet"


async def test_only_the_groups_coordinators_reach_these_pages_and_a_post_without_its_token_changes_nothing(
    feria_settings, people, hilda  # noqa: F811
):
    carmen = people.person(CARMEN, "Carmen", language_code="es")
    patricia = people.person(PATRICIA, "Patricia", language_code="es")
    neusa = people.person(NEUSA, "Neusa", language_code="pt-br")
    async with desk_browser(build(feria_settings, "all")) as browser:
        others = {}
        for who, person in (("hilda", hilda), ("patricia", patricia), ("neusa", neusa), ("carmen", carmen)):
            others[who] = browser if who == "carmen" else await another_browser(browser)
            await sign_in(others[who], person)  # before the close: its notices would come first in their chats
        round_id, papa = await _closed_round((PATRICIA, 4, 0))
        here = f"{GROUP}/rondas/{round_id}"
        pages = [f"{here}/{tail}" for tail in ("llegadas", "liquidar", "cancelar", "totales", "totales.png",
                                               "totales-producto.csv", "totales-productor.xlsx", "retiro.xlsx")]
        posts = {f"{here}/llegadas": {f"llegado-{papa}": "1"}, f"{here}/liquidar": {}, f"{here}/cancelar": {}}
        statuses = {}
        for who in ("hilda", "patricia", "neusa"):
            other = others[who]
            statuses[who] = [(await other.get(page)).status for page in pages]
            # The browser's own token (its header's sign-out form carries it): refused for who they are, not for it.
            token = re.search(r'name="csrf" value="([^"]+)"', await other.text("/escritorio"))[1]
            for page, fields in posts.items():
                other.csrf = token
                statuses[who].append((await other.post_form(page, fields)).status)
            await other.client.session.close()
        await browser.get(f"{here}/llegadas")
        forged = [(await browser.post_form(page, fields, csrf=False)).status for page, fields in posts.items()]
        status = (await OrderRound.get(id=round_id)).status
        arrived = await _arrived(papa)

    expected = [403] * (len(pages) + len(posts))
    assert statuses == {"hilda": expected, "patricia": expected, "neusa": expected}
    assert forged == [403, 403, 403]
    assert status == RoundStatus.CLOSED and arrived == (None, 4, 0)


async def test_every_form_of_a_groups_desk_carries_its_own_token_as_a_browser_posts_it(feria_settings, people):  # noqa: F811
    carmen = people.person(CARMEN, "Carmen", language_code="es")
    async with desk_browser(build(feria_settings, "all")) as browser:
        await sign_in(browser, carmen)
        demo = await _demo_round()
        pages = [f"{GROUP}/rondas/nueva"] + [
            f"{GROUP}/rondas/{demo.id}/{tail}" for tail in ("extender", "cerrar", "cancelar")]
        without = [page for page in pages if page_token(await browser.text(page)) is None]

    assert without == []
