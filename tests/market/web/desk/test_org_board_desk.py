"""The board at the desk (issue 22): an organization's admin reads its seats, its term and every change its records
hold, and changes it as the bot lets her (name an admin, hand over an office or her seat, step down, a re-election
as it is, the term's length), each asked once more, through the bot's services: the member seated hears it in the
bot, nothing is done twice, bad input changes nothing, and nobody else's board is reachable.

Hilda presides Café Amboró (demo data) alone; Reina, Marcelino and Norma are its producers.
"""

from __future__ import annotations

from market.enums import BoardRole, MemberRole
from market.models import BoardRecord, Member, Organization
from serve import build
from tests.market.web.pages.conftest import visible_text
from tests.support.desk import desk_browser, sign_in

AMBORO = "/escritorio/org/cafe-amboro"
BOARD = f"{AMBORO}/junta"
REINA = 900_000_002
FELIPA = 900_000_005  # an admin of CORACA Irupana, not of Café Amboró


async def member(name: str) -> Member:
    return await Member.get(organization__slug="cafe-amboro", person__name=name)


async def records() -> int:
    return await BoardRecord.filter(organization__slug="cafe-amboro").count()


async def test_an_admin_names_an_admin_once_who_hears_it_in_the_bot(feria_settings, people, hilda):
    reina = people.person(REINA, "Reina", language_code="es")
    async with desk_browser(build(feria_settings, "all")) as browser:
        await sign_in(browser, hilda)
        board = visible_text(await browser.text(BOARD))
        chosen = await member("Reina Suárez Vaca")
        asked = visible_text(await browser.text(f"{BOARD}/cambio?cambio=name_admin&persona={chosen.person_id}"))
        version = str(await records())
        done = await browser.post_form(f"{BOARD}/cambio", {"cambio": "name_admin", "persona": str(chosen.person_id),
                                                           "version": version})
        done_text = visible_text(await done.text())
        told = await reina.receives(timeout=10)
        again = await browser.post_form(f"{BOARD}/cambio", {"cambio": "name_admin", "persona": str(chosen.person_id),
                                                            "version": version})
        again_text = visible_text(await again.text())
        role = (await member("Reina Suárez Vaca")).role
        count = await records()

    assert "Presidencia Hilda" in board and "Historial de la junta directiva" in board
    assert "¿Nombrar a Reina Suárez Vaca en la administración de Asociación de Productores de Café Amboró?" in asked
    assert done.history[0].status == 303 and done.url.path == BOARD and "✅ Listo: la junta directiva cambió." in done_text
    assert "Reina Suárez Vaca" in done_text and "dado por Hilda" in done_text, "the history says who gave the seat"
    assert "Asociación de Productores de Café Amboró" in told.text
    assert again.status == 409 and "La junta directiva cambió desde que abriste esta página" in again_text
    assert role == MemberRole.ADMIN and count == 2


async def test_a_term_outside_one_to_sixty_months_is_named_next_to_its_field(feria_settings, hilda):
    async with desk_browser(build(feria_settings, "all")) as browser:
        await sign_in(browser, hilda)
        await browser.get(BOARD)
        bad = await browser.post_form(f"{BOARD}/mandato", {"meses": "72"})
        html = await bad.text()
        months_after_bad = (await Organization.get(slug="cafe-amboro")).term_months
        good = await browser.post_form(f"{BOARD}/mandato", {"meses": "24"})
        good_text = visible_text(await good.text())
        months = (await Organization.get(slug="cafe-amboro")).term_months

    assert bad.status == 400 and 'id="e-meses">Un periodo dura de 1 a 60 meses.<' in html and 'value="72"' in html
    assert months_after_bad == 12
    assert good.url.path == BOARD and "✅ Periodo cambiado." in good_text and months == 24


async def test_the_last_admin_cannot_step_down_and_a_renewal_is_recorded_once(feria_settings, hilda):
    async with desk_browser(build(feria_settings, "all")) as browser:
        await sign_in(browser, hilda)
        await browser.get(f"{BOARD}/renunciar")
        refused = await browser.post_form(f"{BOARD}/renunciar", {"version": str(await records())})
        refused_text = visible_text(await refused.text())
        asked = visible_text(await browser.text(f"{BOARD}/renovar"))
        version = str(await records())
        renewed = await browser.post_form(f"{BOARD}/renovar", {"version": version})
        renewed_text = visible_text(await renewed.text())
        twice = await browser.post_form(f"{BOARD}/renovar", {"version": version})
        seats = await BoardRecord.filter(organization__slug="cafe-amboro", ended_at__isnull=True).values_list(
            "role", flat=True)
        count = await records()

    assert refused.status == 409 and "Eres la última persona en la administración" in refused_text
    assert "¿La asamblea reeligió la junta directiva" in asked
    assert renewed.url.path == BOARD and "✅ Hoy empieza un nuevo periodo." in renewed_text
    assert twice.status == 409
    assert seats == [BoardRole.PRESIDENT] and count == 2, "one renewal: the old seat ended, one started"


async def test_handing_over_her_seat_takes_her_off_the_board_and_its_desk(feria_settings, hilda):
    async with desk_browser(build(feria_settings, "all")) as browser:
        await sign_in(browser, hilda)
        norma = await member("Norma Añez Cuéllar")
        await browser.get(f"{BOARD}/cambio?cambio=seat&persona={norma.person_id}")
        handed = await browser.post_form(f"{BOARD}/cambio", {"cambio": "seat", "persona": str(norma.person_id),
                                                             "version": str(await records())})
        text = visible_text(await handed.text())
        desk = await browser.get(AMBORO)
        hildas_role = (await member("Hilda")).role

    assert handed.status == 200 and "Pasaste tu lugar y dejaste la junta directiva" in text
    assert "Presidencia Norma Añez Cuéllar" in text
    assert desk.status == 403 and hildas_role == MemberRole.PRODUCER


async def test_a_change_without_its_token_or_by_another_organizations_admin_changes_nothing(
        feria_settings, people, hilda):
    felipa = people.person(FELIPA, "Felipa", language_code="es")
    async with desk_browser(build(feria_settings, "all")) as browser:
        await sign_in(browser, hilda)
        reina = await member("Reina Suárez Vaca")
        await browser.get(BOARD)
        forged = await browser.post_form(f"{BOARD}/cambio", {"cambio": "name_admin", "persona": str(reina.person_id),
                                                             "version": str(await records())}, csrf=False)
        unknown = await browser.get(f"{BOARD}/cambio?cambio=name_admin&persona=999999")
        unknown_html = await unknown.text()
        await sign_in(browser, felipa)
        theirs = await browser.get(BOARD)
        await browser.get("/escritorio/org/coraca-irupana/junta")  # a token of her own desk
        posted = await browser.post_form(f"{BOARD}/cambio", {"cambio": "name_admin", "persona": str(reina.person_id)})
        token_sent = browser.posted is not None
        role = (await member("Reina Suárez Vaca")).role

    assert forged.status == 403
    assert unknown.status == 409 and 'id="e-persona-name_admin">' in unknown_html
    assert token_sent, "refused for who she is, not for a missing token"
    assert theirs.status == 403 and posted.status == 403
    assert role == MemberRole.PRODUCER
