"""The committee's notices as the outbox renders them: a condition past due until it is met, a seal ending soon,
and a decision in the admin's own language."""

from __future__ import annotations

from market.enums import VisitProposal
from market.models import Person
from market.services.alerts.fanout import owe_seal_expiry_alerts
from market.services.seals.desk import mark_condition_met
from market.services.seals.notices import owe_condition_reminders
from tests.bot.test_notices import owed, render
from tests.market.services.catalog_fixtures import TODAY, days
from tests.market.services.seal_world import make_seal_world
from tests.market.services.test_pgs_decisions import decide, granted_with_condition, visit


async def test_a_condition_past_due_is_told_to_the_committee_until_it_is_met(db, settings):
    world = await make_seal_world()
    await Person.filter(id=world.people["carmen"]).update(locale="es")
    condition = await granted_with_condition(world, days(10))
    await owe_condition_reminders(days(11))
    [reminder] = await owed("condition_due", person_id=world.people["carmen"])

    before = await render(settings, reminder)
    await mark_condition_met(condition.id, by_person_id=world.people["juana"], today=days(12))
    after = await render(settings, reminder)

    assert before.text.startswith("⏰ Una condición del sello ")
    assert "vencía el 1 dic 2026 y aún no se cumplió: «Registro de colmenas». Envía /comite para actuar." in before.text
    assert after is None


async def test_a_seal_ending_within_a_month_asks_the_committee_to_plan_its_renewal_visit(db, settings):
    world = await make_seal_world()
    await Person.filter(id=world.people["rocio"]).update(locale="pt_BR")
    await decide(world, await visit(world, visited_on=days(-340)))
    await owe_seal_expiry_alerts(TODAY)
    [alert] = await owed("alert_seal_committee", person_id=world.people["rocio"])

    rendered = await render(settings, alert)

    assert rendered.text.endswith("vence em 16 de dez. de 2026: planejem a visita de renovação.")


async def test_a_denial_is_told_to_the_admin_in_their_language_with_its_reasons(db, settings):
    world = await make_seal_world()
    await Person.filter(id=world.people["hilda"]).update(locale="pt_BR")
    review = await visit(world)
    await decide(world, review, VisitProposal.DENY, reason="Queimadas recentes")
    [notice] = await owed("visit_decided")

    rendered = await render(settings, notice)

    assert rendered.text.startswith("❌ O comitê de Red red-spg-bolivia negou o selo a Asociación de Productores de "
                                    "Café Amboró depois da visita de ")
    assert rendered.text.endswith("Motivos: Queimadas recentes")
