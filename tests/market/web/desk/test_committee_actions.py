"""A PGS network's committee acts at the desk as in the bot's /comite and /redes (issue 22): a seal suspended,
reinstated and revoked from its page (a reason, a confirmation; the organization's admins told; the history shows
it), a condition found met, reviewers admitted and ended, a new checklist version. Each action is done once: a
second post is refused (409) and changes nothing; anyone off the committee, or of the seal's organization, gets a
403; bad input comes back with the error next to its field."""

from __future__ import annotations

import datetime as dt

from market import clock
from market.enums import ReviewerRole, SealEventKind, SealStatus
from market.models import Notification, PeerReview, PgsChecklist, PgsReviewer, Seal, SealCondition, SealEvent
from serve import build
from tests.bot import conftest as bot_fixtures
from tests.bot.flows import conftest as flow_fixtures
from tests.bot.flows.conftest import HILDA, REINA
from tests.bot.flows.test_committee import CARMEN, FELIPA, VICTORIA, person
from tests.bot.flows.test_rounds import receives_with
from tests.market.web.pages.conftest import visible_text
from tests.support.desk import desk_browser, sign_in

sandbox, patience = bot_fixtures.sandbox, bot_fixtures.patience
feria_settings, people = flow_fixtures.feria_settings, flow_fixtures.people
retry_after_as_timedelta = flow_fixtures.retry_after_as_timedelta

NETWORK = "/escritorio/red/red-spg-bolivia"


def en(path: str) -> str:
    """The page in English: the demo's people chose Spanish in the bot, and these tests read the desk's own words."""
    return f"{path}?lang=en"


async def test_a_seal_is_suspended_reinstated_and_revoked_once_each_with_its_reason_and_the_admin_told(
        feria_settings, people):
    carmen = people.person(CARMEN, "Carmen", language_code="en")
    felipa = people.person(FELIPA, "Felipa", language_code="es")
    async with desk_browser(build(feria_settings, "all")) as browser:
        seal = await Seal.get(organization__slug="coraca-irupana")
        page = f"{NETWORK}/sellos/{seal.id}"
        await sign_in(browser, carmen)
        before = visible_text(await browser.text(en(page)))
        form = visible_text(await browser.text(en(f"{page}/suspender")))
        forged = await browser.post_form(en(f"{page}/suspender"), {"reason": "Herbicida", "sure": "1"}, csrf=False)
        await browser.get(en(f"{page}/suspender"))
        bare = await browser.post_form(en(f"{page}/suspender"), {"reason": "  "})
        bare_html = await bare.text()
        untouched = (await Seal.get(id=seal.id)).status
        suspended = await browser.post_form(en(f"{page}/suspender"), {"reason": "Uso de herbicida", "sure": "1"})
        told = await receives_with(felipa, "suspendió")
        again = await browser.post_form(en(f"{page}/suspender"), {"reason": "Uso de herbicida", "sure": "1"},
                                        again=True)
        await browser.get(en(f"{page}/reinstaurar"))
        reinstated = await browser.post_form(en(f"{page}/reinstaurar"), {"reason": "", "sure": "1"})
        told_again = await receives_with(felipa, "rehabilitó")
        await browser.get(en(f"{page}/revocar"))
        too_long = await browser.post_form(en(f"{page}/revocar"), {"reason": "Fraude " * 80})
        revoked = await browser.post_form(en(f"{page}/revocar"), {"reason": "Fraude en el registro", "sure": "1"})
        revoke_again = await browser.get(en(f"{page}/revocar"))
        history = visible_text(await browser.text(en(page)))
        events = await SealEvent.filter(seal_id=seal.id).order_by("id").values_list("kind", "reason")
        status = (await Seal.get(id=seal.id)).status

    assert "Suspend the seal" in before and "Revoke the seal" in before and "Reinstate the seal" not in before
    assert "Reason (buyers read it)" in form and f"Yes, suspend the seal {seal.code}" in form
    assert forged.status == 403
    assert bare.status == 400 and untouched == SealStatus.GRANTED
    assert 'aria-invalid="true" aria-describedby="e-reason"' in bare_html and 'id="e-sure"' in bare_html
    assert "Please write the reason." in visible_text(bare_html) and "Tick the box to confirm." in visible_text(bare_html)
    assert suspended.url.path == page and "The seal is suspended" in visible_text(await suspended.text())
    assert "Suspended Carmen Uso de herbicida" in visible_text(await suspended.text()), "the history shows it"
    assert told.text.endswith("Motivo: Uso de herbicida")
    assert again.status == 409 and f"The seal {seal.code} is suspended already." in visible_text(await again.text())
    assert "The seal is valid again" in visible_text(await reinstated.text()) and told_again.text.startswith("▶")
    long_html = await too_long.text()
    assert too_long.status == 400 and "Fraude Fraude" in long_html, "the reason typed is kept"
    assert 'id="e-reason"' in long_html and 'id="e-sure"' in long_html
    assert "The seal is revoked" in visible_text(await revoked.text())
    assert revoke_again.status == 409 and "was revoked: it never comes back" in visible_text(await revoke_again.text())
    assert "Revoked Carmen Fraude en el registro" in history and "Act on the seal" not in history
    assert events[-3:] == [(SealEventKind.SUSPENDED, "Uso de herbicida"), (SealEventKind.REINSTATED, ""),
                           (SealEventKind.REVOKED, "Fraude en el registro")]
    assert status == SealStatus.REVOKED


async def test_a_condition_is_marked_met_once_and_the_admin_told(feria_settings, people):
    carmen = people.person(CARMEN, "Carmen", language_code="en")
    felipa = people.person(FELIPA, "Felipa", language_code="es")
    async with desk_browser(build(feria_settings, "all")) as browser:
        seal = await Seal.get(organization__slug="coraca-irupana")
        review = await PeerReview.filter(organization_id=seal.organization_id).first()
        condition = await SealCondition.create(seal=seal, review=review, position=1, text="Cerco vivo en el lindero",
                                               due_on=clock.today() + dt.timedelta(days=30))
        page = f"{NETWORK}/sellos/{seal.id}"
        await sign_in(browser, carmen)
        shown = visible_text(await browser.text(en(page)))
        forged = await browser.post_form(en(f"{page}/condiciones/{condition.id}/cumplida"), csrf=False)
        met = await browser.post_form(en(f"{page}/condiciones/{condition.id}/cumplida"))
        told = await receives_with(felipa, "cumplida")
        again = await browser.post_form(en(f"{page}/condiciones/{condition.id}/cumplida"), again=True)
        stored = await SealCondition.get(id=condition.id)
        events = await SealEvent.filter(seal_id=seal.id, kind=SealEventKind.CONDITION_MET).count()

    assert "Cerco vivo en el lindero" in shown and "Mark condition 1 as met" in shown
    assert forged.status == 403
    assert met.url.path == page and "The condition is marked met" in visible_text(await met.text())
    assert "Cerco vivo en el lindero" in told.text
    assert again.status == 409 and "That condition was marked met already." in visible_text(await again.text())
    assert stored.met_on == clock.today() and events == 1


async def test_nobody_off_the_committee_nor_of_the_seals_organization_acts_on_it(feria_settings, people):
    reina = people.person(REINA, "Reina", language_code="en")  # on the committee, a producer of Café Amboró
    victoria = people.person(VICTORIA, "Victoria", language_code="en")  # a reviewer, not on the committee
    hilda = people.person(HILDA, "Hilda", language_code="en")  # Café Amboró's admin
    async with desk_browser(build(feria_settings, "all")) as browser:
        amboro = await Seal.get(organization__slug="cafe-amboro")
        irupana = await Seal.get(organization__slug="coraca-irupana")
        await sign_in(browser, reina)
        own = visible_text(await browser.text(en(f"{NETWORK}/sellos/{amboro.id}")))
        own_action = await browser.get(en(f"{NETWORK}/sellos/{amboro.id}/revocar"))
        own_post = await browser.post_form(en(f"{NETWORK}/sellos/{amboro.id}/revocar"), {"reason": "x", "sure": "1"})
        statuses = []
        for who in (victoria, hilda):
            await browser.post_form("/salir")
            await sign_in(browser, who)
            statuses += [(await browser.get(en(f"{NETWORK}/sellos/{irupana.id}/suspender"))).status,
                         (await browser.get(en(f"{NETWORK}/revisores"))).status,
                         (await browser.get(en(f"{NETWORK}/lista"))).status]
            await browser.get("/escritorio")
            statuses += [(await browser.post_form(en(f"{NETWORK}/sellos/{irupana.id}/suspender"),
                                                  {"reason": "x", "sure": "1"})).status,
                         (await browser.post_form(en(f"{NETWORK}/revisores/nuevo"), {"person": "1", "role": "producer"}))
                         .status]
        seals = await Seal.filter(id__in=[amboro.id, irupana.id]).values_list("status", flat=True)

    assert "You are a member of this organization" in own and "Revoke the seal" not in own
    assert own_action.status == 403 and own_post.status == 403
    assert statuses == [403] * 10
    assert SealStatus.REVOKED not in seals and SealStatus.SUSPENDED not in seals


async def test_a_reviewer_is_admitted_once_after_the_fields_named_are_corrected_and_then_ended(feria_settings, people):
    carmen = people.person(CARMEN, "Carmen", language_code="en")
    hilda = people.person(HILDA, "Hilda", language_code="es")
    async with desk_browser(build(feria_settings, "all")) as browser:
        hilda_id = await person(HILDA)
        await sign_in(browser, carmen)
        await browser.get(en(f"{NETWORK}/revisores"))
        wrong = await browser.post_form(en(f"{NETWORK}/revisores/nuevo"), {"person": "Hilda", "role": ""})
        unknown = await browser.post_form(en(f"{NETWORK}/revisores/nuevo"), {"person": "123456", "role": "producer"})
        step = await browser.post_form(en(f"{NETWORK}/revisores/nuevo"), {"person": str(HILDA), "role": "producer"})
        alone = await browser.post_form(en(f"{NETWORK}/revisores/admitir"),
                                        {"person_id": str(hilda_id), "role": "producer", "organization": ""})
        nothing = await PgsReviewer.filter(person_id=hilda_id).count()
        amboro = (await Seal.get(organization__slug="cafe-amboro")).organization_id
        admitted = await browser.post_form(en(f"{NETWORK}/revisores/admitir"), {
            "person_id": str(hilda_id), "role": "producer", "organization": str(amboro)})
        told = await receives_with(hilda, "revis")
        again = await browser.post_form(en(f"{NETWORK}/revisores/admitir"), {
            "person_id": str(hilda_id), "role": "consumer", "organization": ""})
        row = await PgsReviewer.get(person_id=hilda_id)
        notices = await Notification.filter(template="reviewer_named", person_id=hilda_id).count()
        confirm = visible_text(await browser.text(en(f"{NETWORK}/revisores/{hilda_id}/retirar")))
        ended = await browser.post_form(en(f"{NETWORK}/revisores/{hilda_id}/retirar"))
        ended_again = await browser.post_form(en(f"{NETWORK}/revisores/{hilda_id}/retirar"))
        active = (await PgsReviewer.get(person_id=hilda_id)).active

    wrong_html = await wrong.text()
    assert wrong.status == 400 and 'id="e-person"' in wrong_html and 'id="e-role"' in wrong_html
    assert 'value="Hilda"' in wrong_html, "the value typed is kept"
    assert "Write their Telegram id (digits, like 123456789) or their @username." in visible_text(wrong_html)
    assert unknown.status == 400 and "Telegram user 123456 has not written to the bot yet" in visible_text(
        await unknown.text())
    step_text = visible_text(await step.text())
    assert step.status == 200 and "Admit Hilda Justiniano Rojas as producer" in step_text and "Café Amboró" in step_text
    assert alone.status == 400 and "A producer reviews from their organization" in visible_text(await alone.text())
    assert nothing == 0
    assert admitted.url.path == f"{NETWORK}/revisores" and "Hilda Justiniano Rojas now reviews for the network" in visible_text(
        await admitted.text())
    assert told is not None
    assert "Hilda Justiniano Rojas reviewed for the network already: nothing changed." in visible_text(await again.text())
    assert (row.role, row.organization_id, row.active, notices) == (ReviewerRole.PRODUCER, amboro, True, 1)
    assert "End the reviewing of Hilda Justiniano Rojas" in confirm
    assert "Hilda Justiniano Rojas no longer reviews for the network" in visible_text(await ended.text())
    assert ended_again.status == 409 and "That person does not review for this network." in visible_text(
        await ended_again.text())
    assert active is False


async def test_a_new_checklist_version_is_previewed_then_saved_once_and_a_bad_list_saves_nothing(feria_settings, people):
    carmen = people.person(CARMEN, "Carmen", language_code="en")
    norms = "1. Semillas propias\n2. Sin quemas\n3. Agua protegida"
    async with desk_browser(build(feria_settings, "all")) as browser:
        await sign_in(browser, carmen)
        page = visible_text(await browser.text(en(f"{NETWORK}/lista")))
        before = await PgsChecklist.filter(network__slug="red-spg-bolivia").count()
        bad = await browser.post_form(en(f"{NETWORK}/lista/nueva"), {"after_version": str(before),
                                                                 "norms": "Sin quemas\nsin  QUEMAS"})
        preview = await browser.post_form(en(f"{NETWORK}/lista/nueva"), {"after_version": str(before), "norms": norms})
        forged = await browser.post_form(en(f"{NETWORK}/lista/nueva"), {
            "after_version": str(before), "norms": norms, "confirm": "1"}, csrf=False)
        saved = await browser.post_form(en(f"{NETWORK}/lista/nueva"), {
            "after_version": str(before), "norms": norms, "confirm": "1"})
        again = await browser.post_form(en(f"{NETWORK}/lista/nueva"), {
            "after_version": str(before), "norms": norms, "confirm": "1"})
        after = await PgsChecklist.filter(network__slug="red-spg-bolivia").order_by("-version").first()
        count = await PgsChecklist.filter(network__slug="red-spg-bolivia").count()

    assert f"Write version {before + 1}" in page and "Trabajo familiar sin trabajo infantil" in page
    bad_html = await bad.text()
    assert bad.status == 400 and 'id="e-norms"' in bad_html and "Norm 2 is written twice." in visible_text(bad_html)
    assert "sin  QUEMAS" in bad_html, "the list typed is kept"
    preview_text = visible_text(await preview.text())
    assert preview.status == 200 and "3 norms" in preview_text and "1 Semillas propias" not in preview_text
    assert f"Save version {before + 1}" in preview_text
    assert forged.status == 403
    assert saved.url.path == f"{NETWORK}/lista" and f"Version {before + 1} of the checklist is saved" in visible_text(
        await saved.text())
    assert again.status == 409 and "The checklist changed meanwhile" in visible_text(await again.text())
    assert count == before + 1 and after is not None and after.version == before + 1


async def test_a_reviewer_is_seated_on_the_committee_and_taken_off_it_each_once(feria_settings, people):
    carmen = people.person(CARMEN, "Carmen", language_code="en")
    async with desk_browser(build(feria_settings, "all")) as browser:
        victoria_id = await person(VICTORIA)
        path = en(f"{NETWORK}/revisores/{victoria_id}/comite")
        await sign_in(browser, carmen)
        page = visible_text(await browser.text(en(f"{NETWORK}/revisores")))
        forged = await browser.post_form(path, {"en": "1"}, csrf=False)
        seated = await browser.post_form(path, {"en": "1"})
        again = await browser.post_form(path, {"en": "1"})
        on = (await PgsReviewer.get(person_id=victoria_id, network__slug="red-spg-bolivia")).committee
        off = await browser.post_form(path, {"en": "0"})
        after = (await PgsReviewer.get(person_id=victoria_id, network__slug="red-spg-bolivia")).committee

    assert "Seat Victoria Apaza Limachi on the committee" in page
    assert forged.status == 403
    assert seated.url.path == f"{NETWORK}/revisores" and "Victoria Apaza Limachi sits on the committee." in (
        visible_text(await seated.text()))
    assert again.status == 200 and on is True
    assert "no longer sits on the committee; they still review" in visible_text(await off.text()) and after is False
