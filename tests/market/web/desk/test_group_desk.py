"""A purchasing group's coordinator at the desk (issue 22): the group's rounds, opening one, extending it, closing it,
its bulk orders and bills, the pickup list to print and its CSV; nobody else reaches the group's pages.

Carmen coordinates the demo's Grupo de Consumo Solidario Equipetrol (Santa Cruz, where the tests' clock reads Saturday
21 November 2026, 11:00). Comarapa (demo data) sells Papa nativa at Bs55,00 the arroba in packs of 4 arrobas.
"""

from __future__ import annotations

import re

from market.enums import RoundStatus
from market.models import OrderRound, Organization, Person, PurchasingGroup
from market.services.groups.rounds.ordering import set_order_line
from market.services.groups.rounds.views import get_round
from serve import build
from tests.bot.conftest import patience, sandbox  # noqa: F401  (the bot's fixtures, for a test outside tests/bot)
from tests.bot.flows.conftest import feria_settings, hilda, people, retry_after_as_timedelta  # noqa: F401
from tests.market.web.pages.conftest import visible_text
from tests.support.desk import another_browser, desk_browser, sign_in

CARMEN, PATRICIA = 900_000_101, 900_000_103
GROUP = "/escritorio/grupo/consumo-solidario-equipetrol"
FORMULA = '=HYPERLINK("http://evil.example/","Factura")'


async def _comarapa() -> str:
    return str((await Organization.get(slug="oeca-valles-comarapa")).id)


async def _round_form(browser, **fields) -> dict[str, str]:
    """The new round's form as Carmen fills it: Comarapa, closing 28/11 20:00, picked up on Monday 30, with `fields`."""
    page = await browser.text(f"{GROUP}/rondas/nueva")
    shown_at = re.search(r'name="shown_at" value="(\d+)"', page)[1]
    return {"shown_at": shown_at, "closes": "28/11 20:00", "pickup_on": "2026-11-30", "pickup_point": "",
            "org": await _comarapa(), **fields}


async def test_a_coordinator_opens_extends_and_closes_a_round_and_prints_its_pickup_list(feria_settings, people):  # noqa: F811
    carmen = people.person(CARMEN, "Carmen", language_code="es")
    formula = people.person(7001, FORMULA, language_code="es")
    async with desk_browser(build(feria_settings, "all")) as browser:
        await sign_in(browser, carmen)
        home = visible_text(await browser.text(GROUP))
        before = await OrderRound.filter(group__slug="consumo-solidario-equipetrol").count()

        form = await _round_form(browser)
        opened = await browser.post_form(f"{GROUP}/rondas/nueva", form)
        again = await browser.post_form(f"{GROUP}/rondas/nueva", form, again=True)  # the same form sent twice (a double press)
        rounds = await OrderRound.filter(group__slug="consumo-solidario-equipetrol").count()
        round_id = int(opened.url.path.rsplit("/", 1)[1])
        open_page = visible_text(await opened.text())

        await browser.get(f"{GROUP}/rondas/{round_id}/extender")
        extended = await browser.post_form(f"{GROUP}/rondas/{round_id}/extender",
                                           {"closes": "29/11 20:00", "pickup_on": "2026-11-30"})
        repeated = await browser.post_form(f"{GROUP}/rondas/{round_id}/extender",
                                           {"closes": "29/11 20:00", "pickup_on": "2026-11-30"}, again=True)
        closes_at = (await OrderRound.get(id=round_id)).closes_at

        # Two members order: Patricia a whole pack of Papa nativa, and one whose name is a spreadsheet formula.
        invite = (await PurchasingGroup.get(slug="consumo-solidario-equipetrol")).invite_code
        await formula.says(f"/start g_{invite}")
        invitation = await formula.receives()
        await formula.presses("✅ Unirme", message=invitation)
        await formula.sees_edited(invitation)
        papa = next(o for o in (await get_round(round_id)).offers if o.product_name == "Papa nativa")
        patricia_id = (await Person.get(telegram_user_id=PATRICIA)).id
        formula_id = (await Person.get(telegram_user_id=7001)).id
        await set_order_line(round_id, papa.id, person_id=patricia_id, quantity=3, tolerance=1)
        await set_order_line(round_id, papa.id, person_id=formula_id, quantity=4, tolerance=0)

        await browser.get(f"{GROUP}/rondas/{round_id}/cerrar")
        closed = await browser.post_form(f"{GROUP}/rondas/{round_id}/cerrar")
        closed_again = await browser.post_form(f"{GROUP}/rondas/{round_id}/cerrar", again=True)
        status = (await OrderRound.get(id=round_id)).status
        round_page = visible_text(await closed.text())
        pickup = await browser.get(f"{GROUP}/rondas/{round_id}/retiro")
        pickup_html = await pickup.text()
        exported = await browser.get(f"{GROUP}/rondas/{round_id}/retiro.csv")
        csv_text = await exported.text()

    assert "Grupo de Consumo Solidario Equipetrol" in home and "8 miembros" in home
    assert "Ronda #1" in home and "abierta" in home, "the demo's open round is listed"
    assert opened.status == 200 and "Ronda #2" in open_page and "Papa nativa" in open_page
    assert again.url.path == opened.url.path and rounds == before + 1, "the form sent twice opens one round"
    assert extended.url.path.endswith(f"/rondas/{round_id}") and repeated.url.path == extended.url.path
    assert closes_at.isoformat().startswith("2026-11-30T00:00"), "29/11 20:00 in Santa Cruz"
    assert closed.url.path == closed_again.url.path and status == RoundStatus.CLOSED
    assert "OECA Valles de Comarapa" in round_page and "2 × 4 arrobas" in round_page
    patricia_row = re.search(r"Patricia Méndez Soliz.*?</tr>", pickup_html, re.S)[0]
    assert "Papa nativa: 4 arrobas" in visible_text(patricia_row) and "Bs220,00" in patricia_row
    assert "no pagado" in visible_text(patricia_row)
    assert 'class="sign"' in pickup_html and 'class="no-print"' in pickup_html, "a box to sign; links not printed"
    assert exported.headers["Content-Type"].startswith("text/csv")
    assert "'=HYPERLINK" in csv_text and "\n=" not in csv_text and ";=" not in csv_text
    assert "Patricia Méndez Soliz;Papa nativa 4 arrobas;220,00;0;BOB;" in csv_text


async def test_a_bad_closing_time_or_pickup_day_is_named_next_to_its_field_and_nothing_opens(feria_settings, people):  # noqa: F811
    carmen = people.person(CARMEN, "Carmen", language_code="es")
    async with desk_browser(build(feria_settings, "all")) as browser:
        await sign_in(browser, carmen)
        before = await OrderRound.all().count()
        bad_time = await browser.post_form(f"{GROUP}/rondas/nueva", await _round_form(browser, closes="mañana"))
        bad_time_html = await bad_time.text()
        past = await browser.post_form(f"{GROUP}/rondas/nueva", await _round_form(browser, closes="20/11 20:00"))
        early_pickup = await browser.post_form(f"{GROUP}/rondas/nueva",
                                               await _round_form(browser, pickup_on="2026-11-27", pickup_point="Plaza"))
        early_html = await early_pickup.text()
        nothing = await browser.post_form(f"{GROUP}/rondas/nueva", {**await _round_form(browser), "org": ""})
        demo_round = await OrderRound.get(group__slug="consumo-solidario-equipetrol", number=1)
        await browser.get(f"{GROUP}/rondas/{demo_round.id}/extender")
        earlier = await browser.post_form(f"{GROUP}/rondas/{demo_round.id}/extender", {"closes": "23/11 20:00"})
        pickup_open = await browser.get(f"{GROUP}/rondas/{demo_round.id}/retiro")
        after = await OrderRound.all().count()
        closes_at = (await OrderRound.get(id=demo_round.id)).closes_at

    assert bad_time.status == 400
    field = re.search(r'<div class="field invalid">\s*<label for="f-closes">.*?</div>', bad_time_html, re.S)[0]
    assert 'value="mañana"' in field and 'aria-invalid="true"' in field
    assert "Escribe un día y una hora como “28/11 20:00”." in visible_text(field)
    assert past.status == 400 and "Esa hora ya pasó" in visible_text(await past.text())
    pickup_field = re.search(r'<div class="field invalid">\s*<label for="f-pickup_on">.*?</div>', early_html, re.S)[0]
    assert "Los miembros retiran el" in visible_text(pickup_field) and 'value="2026-11-27"' in pickup_field
    assert 'value="Plaza"' in early_html, "what was typed is kept"
    assert nothing.status == 400 and "Elige al menos una organización." in visible_text(await nothing.text())
    assert earlier.status == 400 and "La ronda ya cierra más tarde que eso." in visible_text(await earlier.text())
    assert closes_at == demo_round.closes_at and after == before
    assert pickup_open.status == 409, "an open round has no pickup list yet"


async def test_only_the_groups_coordinators_reach_its_desk_and_a_form_without_its_token_changes_nothing(
    feria_settings, people, hilda  # noqa: F811
):
    carmen = people.person(CARMEN, "Carmen", language_code="es")
    patricia = people.person(PATRICIA, "Patricia", language_code="es")
    async with desk_browser(build(feria_settings, "all")) as browser:
        demo_round = await OrderRound.get(group__slug="consumo-solidario-equipetrol", number=1)
        pages = [GROUP, f"{GROUP}/rondas/nueva", f"{GROUP}/rondas/{demo_round.id}",
                 f"{GROUP}/rondas/{demo_round.id}/retiro", f"{GROUP}/rondas/{demo_round.id}/retiro.csv"]
        await sign_in(browser, hilda)  # an admin of another organization
        as_admin = [(await browser.get(page)).status for page in pages]
        member = await another_browser(browser)
        await sign_in(member, patricia)  # a member of the group, not a coordinator
        as_member = [(await member.get(page)).status for page in pages]
        member_close = await member.post_form(f"{GROUP}/rondas/{demo_round.id}/cerrar")
        await member.client.session.close()
        coordinator = await another_browser(browser)
        await sign_in(coordinator, carmen)
        await coordinator.get(f"{GROUP}/rondas/{demo_round.id}/cerrar")
        forged = await coordinator.post_form(f"{GROUP}/rondas/{demo_round.id}/cerrar", csrf=False)
        forged_open = await coordinator.post_form(f"{GROUP}/rondas/nueva", await _round_form(coordinator), csrf=False)
        unknown = await coordinator.get("/escritorio/grupo/no-such-group")
        status = (await OrderRound.get(id=demo_round.id)).status
        rounds = await OrderRound.all().count()
        await coordinator.client.session.close()

    assert as_admin == [403] * len(pages) and as_member == [403] * len(pages)
    assert member_close.status == 403
    assert forged.status == 403 and forged_open.status == 403
    assert status == RoundStatus.OPEN and rounds == 2, "the demo's two groups' rounds, and no other"
    assert unknown.status == 404
