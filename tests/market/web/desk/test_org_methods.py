"""The ways to pay an organization, at the desk (issue 22): its admin adds a bank transfer and cash, moves one up,
turns one off; Pix only in Brazil, its key checked as the bot checks it; the bot's services, so buyers read the same
ways. Nothing twice, nothing on bad input, nobody else's desk.

Café Amboró (Hilda, Bolivia) has no way to pay in the demo; CORACA Irupana (Felipa) has a transfer and cash at
pickup; the Cooperativa Nova Petrópolis (Ivone, Brazil, Portuguese) has none.
"""

from __future__ import annotations

import re

from market.enums import PaymentMethodKind
from market.models import Organization, PaymentMethod
from market.services.payments.methods import Payee, list_payment_methods
from serve import build
from tests.bot.conftest import patience, sandbox  # noqa: F401  (the bot's fixtures, for a test outside tests/bot)
from tests.bot.flows.conftest import feria_settings, hilda, people, retry_after_as_timedelta  # noqa: F401
from tests.bot.flows.test_ways_to_pay import CPF, IVONE, NOVA
from tests.market.web.pages.conftest import visible_text
from tests.support.desk import desk_browser, sign_in

AMBORO = "/escritorio/org/cafe-amboro"
WAYS = f"{AMBORO}/formas-de-pago"
FELIPA = 900_000_005  # an admin of CORACA Irupana, not of Café Amboró
TRANSFER = {"tipo": "transfer", "banco": "Banco Unión", "cuenta": "1-2345678", "titular": "Asoc. Café Amboró"}


async def amboro_ways() -> list[tuple[str, str, bool]]:
    return [(m.kind.value, m.bank, m.active) for m in await PaymentMethod.filter(
        organization__slug="cafe-amboro").order_by("position", "id")]


def field_text(html: str, name: str) -> str:
    return visible_text(re.search(rf'<div class="field invalid">\s*<label for="f-{name}">.*?</div>', html, re.S)[0])


async def test_an_admin_adds_a_transfer_and_cash_once_moves_cash_up_and_turns_the_transfer_off(
        feria_settings, hilda):  # noqa: F811
    async with desk_browser(build(feria_settings, "all")) as browser:
        await sign_in(browser, hilda)
        home = await browser.text(AMBORO)
        empty = visible_text(await browser.text(WAYS))
        blank = await browser.post_form(WAYS, {**TRANSFER, "banco": "  "})
        blank_html = await blank.text()
        after_blank = await amboro_ways()
        forged = await browser.post_form(WAYS, TRANSFER, csrf=False)
        added = await browser.post_form(WAYS, TRANSFER)
        again = await browser.post_form(WAYS, TRANSFER)
        cash = await browser.post_form(WAYS, {"tipo": "cash_pickup"})
        pix = await browser.post_form(WAYS, {"tipo": "pix", "clave_pix": CPF, "nombre_pix": "Amboro",
                                             "ciudad_pix": "Buena Vista"})
        pix_html = await pix.text()
        two = await amboro_ways()
        amboro = Payee(organization_id=(await Organization.get(slug="cafe-amboro")).id)
        transfer_id, cash_id = [m.id for m in await list_payment_methods(amboro)]
        moved = await browser.post_form(f"{WAYS}/{cash_id}/subir")
        buyers_read = [m.kind for m in await list_payment_methods(amboro)]
        off = await browser.post_form(f"{WAYS}/{transfer_id}/quitar")
        off_again = await browser.post_form(f"{WAYS}/{transfer_id}/quitar")
        last = await amboro_ways()

    assert f"{AMBORO}/formas-de-pago" in home
    assert "Ninguna aún" in empty and "Pix" not in empty, "Pix is for Brazil only"
    assert blank.status == 400 and 'value="1-2345678"' in blank_html and after_blank == []
    assert "Escribe de 1 a 80 caracteres, por favor." in field_text(blank_html, "banco")
    assert forged.status == 403
    assert added.history[0].status == 303 and again.history[0].status == 303 and cash.history[0].status == 303
    assert "Transferencia bancaria: Banco Unión, cuenta 1-2345678, Asoc. Café Amboró" in visible_text(
        await added.text())
    assert pix.status == 400 and "Pix es para organizaciones y grupos de Brasil." in visible_text(pix_html)
    assert two == [("transfer", "Banco Unión", True), ("cash_pickup", "", True)], "posted twice, added once"
    assert moved.history[0].status == 303
    assert buyers_read == [PaymentMethodKind.CASH_PICKUP, PaymentMethodKind.TRANSFER]
    assert off.history[0].status == 303 and "cuenta 1-2345678" not in visible_text(await off.text())
    assert off_again.status == 409 and "ya no se ofrece" in visible_text(await off_again.text())
    assert last == [("cash_pickup", "", True), ("transfer", "Banco Unión", False)], "kept for the orders placed with it"


async def test_a_brazilian_admin_adds_pix_with_its_key_checked(feria_settings, people):  # noqa: F811
    ivone = people.person(IVONE, "Ivone", language_code="pt-br")
    ways = f"/escritorio/org/{NOVA}/formas-de-pago"
    pix = {"tipo": "pix", "clave_pix": "390.533.447-06", "nombre_pix": "Coop Nova Petrópolis",
           "ciudad_pix": "Nova Petrópolis"}
    async with desk_browser(build(feria_settings, "all")) as browser:
        await sign_in(browser, ivone)
        await browser.get(ways)
        wrong = await browser.post_form(ways, pix)
        wrong_html = await wrong.text()
        after_wrong = await PaymentMethod.filter(organization__slug=NOVA).count()
        added = await browser.post_form(ways, {**pix, "clave_pix": CPF})
        shown = visible_text(await added.text())

    assert wrong.status == 400 and 'value="Coop Nova Petrópolis"' in wrong_html and after_wrong == 0
    assert field_text(wrong_html, "clave_pix").endswith("Isso não é uma chave Pix. Escreva um CPF, um CNPJ, um e-mail, "
                                                        "um telefone como +55 61 91234-5678 ou uma chave aleatória.")
    assert "Pix: chave 39053344705 (Coop Nova Petrópolis, Nova Petrópolis)" in shown


async def test_only_the_organizations_admins_reach_its_ways_to_pay(feria_settings, people, hilda):  # noqa: F811
    felipa = people.person(FELIPA, "Felipa", language_code="es")
    async with desk_browser(build(feria_settings, "all")) as browser:
        await sign_in(browser, hilda)
        irupana = [m.id for m in await PaymentMethod.filter(organization__slug="coraca-irupana")]
        await browser.get(WAYS)
        not_ours = await browser.post_form(f"{WAYS}/{irupana[0]}/quitar")
        not_ours_up = await browser.post_form(f"{WAYS}/{irupana[-1]}/subir")
        await sign_in(browser, felipa)
        page = await browser.get(WAYS)
        await browser.get("/escritorio")
        posted = await browser.post_form(WAYS, TRANSFER)
        irupana_active = await PaymentMethod.filter(organization__slug="coraca-irupana", active=True).count()
        amboro = await amboro_ways()

    assert not_ours.status == 409 and not_ours_up.status == 409
    assert page.status == 403 and posted.status == 403
    assert irupana_active == 2 and amboro == []
