"""The member register in the chat: Reina, a producer of the demo's coffee association, fills her entry (a bad
line answered with what to write) and updates it; Hilda, its admin, reads the register, its totals and its CSV;
a year on, Reina is reminded once."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from market.enums import TerritoryLevel
from market.models import Member, MemberEntry, Notification, Person, Territory
from market.services.organizations.register_notices import owe_register_reminders
from market.services.organizations.register_views import register_entry
from tests.bot.flows.conftest import HILDA, REINA
from tests.bot.flows.test_lots import posts
from tests.bot.flows.test_rounds import receives_with

AMBORO = "Asociación de Productores de Café Amboró"


async def add_communities() -> None:
    """Two communities below Buena Vista (the demo lists none there)."""
    buena_vista = await Territory.get(code="bo-scz-buena-vista")
    for code, name in (("bo-scz-bv-huaytu", "Huaytú"), ("bo-scz-bv-san-isidro", "San Isidro")):
        await Territory.create(code=code, name=name, level=TerritoryLevel.COMMUNITY, parent=buena_vista,
                               country_code="BO", currency="BOB", time_zone="America/La_Paz")


async def fill_entry(reina) -> None:
    await reina.says("/miregistro")
    entry = await reina.receives()
    await reina.presses("✍️ Llenarla", message=entry)
    community = await reina.sees_edited(entry)
    await reina.presses("San Isidro", message=community)
    await reina.sees_edited(community)
    await reina.says("papa 20 qq, mayo a julio\ncafé 5 quintales, cosecha")
    await reina.receives()
    await reina.says("5")
    gender = await reina.receives()
    await reina.presses("Mujer", message=gender)
    await reina.sees_edited(gender)


async def test_a_producer_fills_her_entry_step_by_step_and_a_bad_line_is_answered_with_what_to_write(feria, people):
    await add_communities()
    reina = people.person(REINA, "Reina", language_code="es")

    await reina.says("/miregistro")
    entry = await reina.receives()
    await reina.presses("✍️ Llenarla", message=entry)
    community = await reina.sees_edited(entry)
    await reina.presses("San Isidro", message=community)
    production = await reina.sees_edited(community)
    await reina.says("papa 20 qq, mayo a julio\nmaíz")
    bad_line = await reina.receives()
    await reina.says("papa 20 qq, mayo a julio\ncafé 5 quintales, cosecha")
    family = await reina.receives()
    await reina.says("muchos")
    bad_family = await reina.receives()
    await reina.says("5")
    gender = await reina.receives()
    await reina.presses("Mujer", message=gender)
    saved = await reina.sees_edited(gender)

    assert entry.text.splitlines()[:6] == [
        f"📋 Mi ficha en el registro · {AMBORO}", "", "🏘 Comunidad: —", "🌱 Producción: —", "👪 Familia: —",
        "Todavía sin llenar."]
    assert entry.text.splitlines()[-1] == (f"🔒 Solo los administradores de {AMBORO} ven lo que escribes aquí. Tu "
                                           "género nunca se muestra con tu nombre.")
    assert community.button_texts[:2] == ["Huaytú", "San Isidro"]
    assert production.text.startswith("🌱 ¿Qué produces? Escribe un producto por línea")
    assert bad_line.text == ("No pude leer la línea 2. Escribe un producto por línea: el producto, cuánto más o menos "
                             "con su unidad y, después de una coma, cuándo, como “papa 20 qq, mayo a julio”.")
    assert family.text.startswith("👪 ¿Cuántas personas son en tu familia")
    assert bad_family.text == ("🔎 ¿Buscar «muchos»?\n"  # a word where a number was asked: maybe a search (no trap)
                               "Escribe cuántas personas tiene tu familia, con un número de 1 a 40, como 5.")
    assert gender.button_texts[:4] == ["Mujer", "Hombre", "Otro", "Prefiero no decirlo"]
    assert saved.text.splitlines()[:10] == [
        "✅ Guardado.", "", f"📋 Mi ficha en el registro · {AMBORO}", "", "🏘 Comunidad: San Isidro",
        "🌱 Producción:", "• papa: unos 20 quintales, mayo a julio", "• café: unos 5 quintales, cosecha",
        "👪 Familia: 5 personas", "Actualizada el 21 nov 2026."]
    assert "🙋 Género: Mujer (solo se cuenta en los totales)" in saved.text.splitlines()
    assert "✅ Sigue igual" in saved.button_texts


async def test_a_typed_community_not_listed_is_kept_as_written_and_a_step_may_be_skipped(feria, people):
    reina = people.person(REINA, "Reina", language_code="es")
    await reina.says("/miregistro")
    entry = await reina.receives()
    await reina.presses("🏘 Comunidad", message=entry)
    community = await reina.sees_edited(entry)

    await reina.says("Los Ángeles del Surutú")
    production = await reina.receives()
    await reina.presses("Omitir »", message=production)
    family = await reina.sees_edited(production)
    await reina.presses("« Mi ficha", message=family)
    back = await reina.sees_edited(family)

    assert community.text == "🏘 ¿En qué comunidad vives? Escribe su nombre."
    assert "🏘 Comunidad: Los Ángeles del Surutú" in back.text.splitlines()
    assert "🌱 Producción: —" in back.text.splitlines()


async def test_the_admin_reads_the_register_its_totals_and_its_csv_without_gender(feria, people, hilda):
    await add_communities()
    reina = people.person(REINA, "Reina", language_code="es")
    await fill_entry(reina)

    await hilda.says("/organizacion")
    mine = await hilda.receives()
    await hilda.presses("📋 Registro de socios", message=mine)
    listed = await hilda.sees_edited(mine)
    await hilda.presses("📊 Totales", message=listed)
    totals = await hilda.sees_edited(listed)
    await hilda.presses("« Registro", message=totals)
    again = await hilda.sees_edited(totals)
    await hilda.presses("⚠️ Solo sin actualizar", message=again)
    stale = await hilda.sees_edited(again)
    await hilda.presses("⬇️ CSV", message=stale)
    document = await receives_with_document(hilda)
    rows = list(csv.reader(io.StringIO(people.download(document.document["file_id"]).decode("utf-8-sig")),
                           delimiter=";"))

    lines = listed.text.splitlines()
    assert lines[0] == f"📋 Registro · {AMBORO}"
    assert "• Reina — San Isidro · 👪 5 · papa, café · 21/11/26" in lines
    assert "Mujer" not in listed.text
    assert totals.text.splitlines()[2:6] == [
        f"👥 {lines[1].split()[0]} socias y socios; 1 actualizaron en los últimos 12 meses.",
        "👪 5 personas en las familias de las 1 personas que lo dijeron.",
        "Mujeres entre quienes producen: 100 % (1 lo declararon).",
        "Mujeres en la junta directiva: — (0 de 1 lo declararon).",
    ]
    assert "Reina" not in stale.text and "Hilda" in stale.text  # she has written no entry
    assert rows[0] == ["socio o socia", "rol", "comunidad", "personas en la familia", "producto", "cantidad", "unidad",
                       "temporada", "actualizado el"]
    assert ["Reina", "productor", "San Isidro", "5", "papa", "20", "quintal", "mayo a julio", "2026-11-21"] in rows
    assert not any(cell in ("woman", "Mujer") for row in rows for cell in row)


async def receives_with_document(person):
    while True:
        message = await person.receives()
        if message.document:
            return message


async def test_a_year_on_the_producer_is_reminded_once_and_says_her_entry_is_still_right(feria, people, feria_clock):
    reina = people.person(REINA, "Reina", language_code="es")
    await reina.says("/miregistro")
    entry = await reina.receives()
    await reina.presses("👪 Familia", message=entry)
    await reina.sees_edited(entry)
    await reina.says("4")
    await reina.receives()
    feria_clock.advance(timedelta(days=396))  # thirteen months on

    await owe_register_reminders()
    await owe_register_reminders()
    reminder = await receives_with(reina, "¿Sigue igual?")
    await reina.presses("📋 Mi ficha", message=reminder)
    mine = await reina.sees_edited(reminder)
    await reina.presses("✅ Sigue igual", message=mine)
    confirmed = await reina.sees_edited(mine)

    assert reminder.text == (f"📋 Tu ficha en el registro de {AMBORO} se actualizó por última vez el 21 nov 2026. "
                             "¿Sigue igual?")
    assert "⚠️ Hace más de 12 meses." in mine.text
    assert confirmed.text.startswith("✅ Gracias: tu ficha cuenta como actualizada.")
    assert await Notification.filter(template="register_reminder", person__telegram_user_id=REINA).count() == 1
    assert (await MemberEntry.get(member__person__telegram_user_id=REINA)).family_size == 4


async def test_a_producer_leaves_her_organization_keeping_her_entry_and_the_admin_is_told_to_step_down_first(
        feria, people, hilda):
    reina = people.person(REINA, "Reina", language_code="es")
    await reina.says("/miregistro")
    entry = await reina.receives()
    await reina.presses("👪 Familia", message=entry)
    await reina.sees_edited(entry)
    await reina.says("3")
    gender = await reina.receives()
    await reina.presses("« Mi ficha", message=gender)
    page = await reina.sees_edited(gender)

    await reina.presses(f"🚪 Salir de {AMBORO}", message=page)
    asked = await reina.sees_edited(page)
    await reina.presses("🚪 Sí, salir", message=asked)
    left = await reina.sees_edited(asked)
    await reina.says("/miregistro")
    after = await reina.receives()
    await hilda.says("/miregistro")
    hildas = await hilda.receives()
    await hilda.presses(f"🚪 Salir de {AMBORO}", message=hildas)
    await hilda.presses("🚪 Sí, salir", message=await hilda.sees_edited(hildas))
    refused = await hilda.sees_answer()

    assert asked.text.startswith(f"🚪 ¿Salir de {AMBORO}? Ya no publicarás su stock.")
    assert left.text == f"🚪 Saliste de {AMBORO}."
    assert after.text.startswith("📋 Todavía no eres socia o socio de ninguna organización")
    assert (await MemberEntry.get(member__person__telegram_user_id=REINA)).family_size == 3
    assert refused.text == "Estás en la junta directiva: primero pasa tu lugar o deja la junta (👥 Junta directiva)."


async def test_her_entry_shows_the_seasons_her_lots_record_and_the_admin_reads_them_too(feria, people, hilda,
                                                                                        feria_clock):
    reina = people.person(REINA, "Reina", language_code="es")
    await posts(reina, "cacao en grano 40 kg")
    feria_clock.advance(timedelta(days=15))  # into December
    await posts(reina, "+20 kg cacao en grano")
    await posts(reina, "-5 kg cacao en grano")  # taken away: spoiled, or kept for the family

    await reina.says("/miregistro")
    entry = await reina.receives()

    lines = entry.text.splitlines()
    at = lines.index("📦 Lo que trajiste al stock de la organización:")
    assert lines[at + 1] == "• Cacao en grano: 55 kg, nov–dic 2026"
    member = await Member.get(person__telegram_user_id=REINA, organization__slug="cafe-amboro")
    admin = await Person.get(telegram_user_id=HILDA)
    seen = await register_entry(member.id, by_person_id=admin.id)
    assert [(s.product, s.quantity) for s in seen.seasons] == [("Cacao en grano", 55)]
