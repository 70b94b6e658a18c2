"""A PGS network's committee at the desk (issue 22): a member signed in through the bot reads a visit's record (who
signed, in which role, when; the checklist's answers), decides it once, and reads the seals, reviewers and checklist;
anyone off the committee gets a 403, and another network's visit is not found through this network's address."""

from __future__ import annotations

from market.enums import ReviewerRole, ReviewStage, SignatureStatus
from market.models import PeerReview, PgsNetwork, PgsReviewer, Seal
from serve import build
from tests.bot import conftest as bot_fixtures
from tests.bot.flows import conftest as flow_fixtures
from tests.bot.flows.test_committee import CARMEN, ELENA, JUANA, OUTSIDERS, ROCIO, person, visit_to
from tests.market.services.seal_world import proposed_visit
from tests.market.web.pages.conftest import visible_text
from tests.support.desk import desk_browser, sign_in

# The served bot and its sandbox, as the bot flows' tests have them (their conftest is not this folder's).
sandbox, patience = bot_fixtures.sandbox, bot_fixtures.patience
feria_settings, people = flow_fixtures.feria_settings, flow_fixtures.people
retry_after_as_timedelta = flow_fixtures.retry_after_as_timedelta

NETWORK = "/escritorio/red/red-spg-bolivia"
COMARAPA = "OECA Valles de Comarapa"


async def test_a_committee_member_reads_a_visit_with_its_signatures_roles_and_answers(feria_settings, people):
    carmen = people.person(CARMEN, "Carmen", language_code="es")
    async with desk_browser(build(feria_settings, "all")) as browser:
        review = await visit_to("oeca-valles-comarapa", ("Tomate",), (JUANA, ReviewerRole.PRODUCER),
                                (ELENA, ReviewerRole.PRODUCER), (CARMEN, ReviewerRole.CONSUMER))
        await sign_in(browser, carmen)
        home = visible_text(await browser.text(NETWORK))
        page = await browser.get(f"{NETWORK}/visitas/{review.id}")
        text = visible_text(await page.text())
        listed = visible_text(await browser.text(f"{NETWORK}/visitas"))

    assert "Visitas que esperan una decisión" in home and COMARAPA in home
    assert page.status == 200 and page.headers["Cache-Control"] == "private, no-store"
    assert f"Visita a {COMARAPA}" in text
    assert "Juana Condori Quispe CORACA Irupana productor De acuerdo" in text
    assert "Rocío Zambrana Ortiz técnico De acuerdo" in text
    assert "Carmen consumidor De acuerdo" in text  # her name as she signed in through the bot
    # Elena reviews from the organization visited: her signature is listed, and counted for nothing.
    assert "productor miembro de la organización visitada: no cuenta" in text
    assert "1 productor(es) y 1 consumidor(es)" in text and "Los técnicos firman para el registro" in text
    assert "Lista de verificación, versión" in text
    assert "1 Semillas propias o de la red Se cumple" in text
    assert "2 fotos" in text and "Parcelas bajo sombra, sin agroquímicos." in text
    assert "Decidir" in text, "a visit proposed to the committee has its decision form"
    assert COMARAPA in listed


async def test_a_committee_member_grants_a_visit_once_from_the_desk(feria_settings, people):
    carmen = people.person(CARMEN, "Carmen", language_code="es")
    async with desk_browser(build(feria_settings, "all")) as browser:
        review = await visit_to("oeca-valles-comarapa", ("Tomate", "Lechuga"), *OUTSIDERS)
        await sign_in(browser, carmen)
        await browser.get(f"{NETWORK}/visitas/{review.id}")
        forged = await browser.post_form(f"{NETWORK}/visitas/{review.id}/decidir", {"verdict": "grant"}, csrf=False)
        untouched = (await PeerReview.get(id=review.id)).stage
        await browser.get(f"{NETWORK}/visitas/{review.id}")
        granted = await browser.post_form(f"{NETWORK}/visitas/{review.id}/decidir", {"verdict": "grant"})
        done = visible_text(await granted.text())
        again = await browser.post_form(f"{NETWORK}/visitas/{review.id}/decidir", {"verdict": "deny", "reason": "x"},
                                        again=True)
        seal = await Seal.get(organization__slug="oeca-valles-comarapa")
        seals = visible_text(await browser.text(f"{NETWORK}/sellos"))
        history = visible_text(await browser.text(f"{NETWORK}/sellos/{seal.id}"))
        decided = await PeerReview.get(id=review.id)
        carmen_id = await person(CARMEN)

    assert forged.status == 403 and untouched == ReviewStage.PROPOSED
    assert granted.url.path == f"{NETWORK}/visitas/{review.id}" and "La decisión está guardada" in done
    assert "Sello otorgado" in done and "Decidir" not in done
    assert again.status == 409 and "Esta visita ya fue decidida" in visible_text(await again.text())
    assert decided.stage == ReviewStage.DECIDED and decided.decided_by_id == carmen_id
    assert seal.code in seals and "Vigente" in seals
    assert "Otorgado Carmen" in history and "Lechuga, Tomate" in history


async def test_a_denial_needs_its_reason_and_the_form_keeps_what_was_written(feria_settings, people):
    carmen = people.person(CARMEN, "Carmen", language_code="es")
    async with desk_browser(build(feria_settings, "all")) as browser:
        review = await visit_to("oeca-valles-comarapa", ("Tomate",), *OUTSIDERS)
        await sign_in(browser, carmen)
        await browser.get(f"{NETWORK}/visitas/{review.id}")
        refused = await browser.post_form(f"{NETWORK}/visitas/{review.id}/decidir",
                                          {"verdict": "deny", "reason": " ", "condition_1": "Cerco vivo"})
        html = await refused.text()
        undated = await browser.post_form(f"{NETWORK}/visitas/{review.id}/decidir",
                                          {"verdict": "conditions", "condition_1": "Cerco vivo", "due_1": "mañana"})
        still = (await PeerReview.get(id=review.id)).stage

    assert refused.status == 400 and "Por favor escribe el motivo." in visible_text(html)
    assert 'value="Cerco vivo"' in html and 'id="v-deny" name="verdict" value="deny" checked' in html
    assert undated.status == 400 and "Escribe el día en que debe cumplirse." in visible_text(await undated.text())
    assert still == ReviewStage.PROPOSED


async def test_seals_reviewers_and_checklist_pages_show_the_network(feria_settings, people):
    carmen = people.person(CARMEN, "Carmen", language_code="es")
    async with desk_browser(build(feria_settings, "all")) as browser:
        await sign_in(browser, carmen)
        seals = visible_text(await browser.text(f"{NETWORK}/sellos"))
        irupana = await Seal.get(organization__slug="coraca-irupana")
        seal = visible_text(await browser.text(f"{NETWORK}/sellos/{irupana.id}"))
        reviewers = visible_text(await browser.text(f"{NETWORK}/revisores"))
        checklist = visible_text(await browser.text(f"{NETWORK}/lista"))

    assert "CORACA Irupana" in seals and "Vencido" in seals, "Café Amboró's seal reads expired"
    assert "Renovado" in seal and "Otorgado" in seal and "Quinua real" in seal
    assert "Victoria Apaza Limachi consumidor — — Sentar a Victoria Apaza Limachi en el comité Sí" in reviewers
    assert ("Rocío Zambrana Ortiz nombrada en las páginas de sellos técnico — En el comité Sacar a Rocío Zambrana "
            "Ortiz del comité Sí") in reviewers
    assert "Versión 1 (la actual)" in checklist and "Trabajo familiar sin trabajo infantil" in checklist


async def test_nobody_off_the_committee_opens_it_and_another_networks_visit_is_not_found(feria_settings, people):
    carmen = people.person(CARMEN, "Carmen", language_code="es")
    victoria = people.person(900_000_109, "Victoria", language_code="es")  # a reviewer, not on the committee
    hilda = people.person(900_000_001, "Hilda", language_code="es")  # an organization's admin
    async with desk_browser(build(feria_settings, "all")) as browser:
        sul = await PgsNetwork.get(slug="rede-sul-certificacao")
        nova_petropolis = (await Seal.get(organization__slug="coop-nova-petropolis")).organization_id
        elsewhere = await proposed_visit(sul.id, nova_petropolis, [], lead=await person(ROCIO), signatures=[
            (await person(JUANA), ReviewerRole.PRODUCER, SignatureStatus.AGREED)])
        await PgsReviewer.create(network=sul, person_id=await person(CARMEN), role=ReviewerRole.CONSUMER,
                                 committee=True)
        await sign_in(browser, carmen)
        crossed = await browser.get(f"{NETWORK}/visitas/{elsewhere.id}")
        own = await browser.get(f"/escritorio/red/rede-sul-certificacao/visitas/{elsewhere.id}")
        unknown = await browser.get("/escritorio/red/no-such-network")
        await browser.post_form("/salir")
        await sign_in(browser, victoria)
        plain_reviewer = await browser.get(NETWORK)
        visit = await browser.get(f"{NETWORK}/visitas/{elsewhere.id}")
        await browser.post_form("/salir")
        await sign_in(browser, hilda)
        admin = await browser.get(f"{NETWORK}/sellos")

    assert crossed.status == 404, "a visit of another network, through this network's address"
    assert own.status == 200
    assert unknown.status == 404
    assert plain_reviewer.status == 403 and visit.status == 403 and admin.status == 403
