"""An operator named from the command line looks after the installation in the chat: the queue, approving and
refusing an organization, naming a second operator, and a new category."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

import pytest

from market.enums import MemberRole, MembershipStatus, OrganizationStatus
from market.models import Category, Decision, Member, Operator, Organization, Person, Territory
from tests.bot.flows.test_rounds import receives_with
from tests.support.clock import child_clock

ROOT = Path(__file__).resolve().parents[3]
OLIVIA, LIDIA, PEDRO = 7301, 7302, 7303
DEMO_OPERATOR = 900_000_401  # Olga, named by nobody in the demo


async def cli(database_url: str, *args: str) -> tuple[int, str, str]:
    """`python -m market.cli …` in its own process, as an installer runs it, on the bot's database."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "WEBHOOK_", "FERIA_"))}
    env.update(DATABASE_URL=database_url, **child_clock())
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "market.cli", *args, cwd=ROOT, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await asyncio.wait_for(process.communicate(), 60)
    return process.returncode, out.decode(), err.decode()


async def waiting_organization(name: str, admin_telegram_id: int) -> int:
    """An organization that waits for an operator, asked for by a person who wrote to the bot (its admin)."""
    place = await Territory.filter(level="municipality").order_by("id").first()
    organization = await Organization.create(
        slug=name.lower().replace(" ", "-"), name=name, legal_form="cooperative", maturity="embryonic",
        territory=place, tax_number="1020304050", description="Quinua real de Salinas de Garci Mendoza")
    person = await Person.get(telegram_user_id=admin_telegram_id)
    await Member.create(organization=organization, person=person, role=MemberRole.ADMIN,
                        status=MembershipStatus.APPROVED)
    return organization.id


@pytest.fixture
async def olivia(feria, feria_settings, people):
    """Olivia wrote /start, then the installer named her operator from the command line."""
    olivia = people.person(OLIVIA, "Olivia", language_code="es")
    await olivia.says("/start")
    menu = await olivia.receives()
    assert "🛠 Operación" not in menu.button_texts

    status, out, err = await cli(feria_settings.database_url, "operators", "add", str(OLIVIA))

    assert (status, err) == (0, "")
    assert out == "Olivia (Telegram 7301) is now an operator. They can use /operadores (/operators) in the bot.\n"
    told = await receives_with(olivia, "Ahora eres persona operadora")
    assert told.text == ("🛠 Ahora eres persona operadora de esta Feria (te nombró la línea de comandos de la "
                         "instalación). Envía /operadores para ver lo que espera una decisión.")
    return olivia


async def test_an_operator_approves_a_waiting_organization_and_names_a_second_operator(olivia, people):
    lidia = people.person(LIDIA, "Lidia", language_code="es")
    pedro = people.person(PEDRO, "Pedro", language_code="es")
    for person in (lidia, pedro):
        await person.says("/start")
        await person.receives()
    organization = await waiting_organization("Cooperativa Salinas", LIDIA)

    await olivia.says("/operadores")
    home = await olivia.receives()
    await olivia.presses("📥 Organizaciones (2)", message=home)  # the demo's waiting one, and this
    queue = await olivia.sees_edited(home)
    await olivia.presses("Cooperativa Salinas", message=queue)
    item = await olivia.sees_edited(queue)
    await olivia.presses("✅ Aprobar", message=item)
    approved = await olivia.sees_edited(item)
    told = await receives_with(lidia, "Cooperativa Salinas")

    assert home.text == "🛠 Cuidar esta Feria\n\nEsperando una decisión:\n• Organizaciones: 2\n• Redes SPG: 1"
    assert queue.text.startswith("📥 Organizaciones que esperan una decisión\n\n• Asociación de Apicultoras de Comarapa")
    assert "\n• Cooperativa Salinas (Cooperativa, " in queue.text
    assert item.text.splitlines()[:2] == ["🏢 Cooperativa Salinas", "Cooperativa"]
    assert "Lo pidió: Lidia" in item.text and "Número tributario: 1020304050" in item.text
    assert approved.text == "✅ «Cooperativa Salinas» está aprobada: ya es pública, y se avisó a quien la pidió."
    assert told.text == ("✅ Las personas operadoras de Feria aprobaron «Cooperativa Salinas»: ya está en el catálogo. "
                         "Invita a sus productores desde la página de tu organización.")
    assert told.button_texts == ["🧑‍🌾 Mi organización"]
    assert (await Organization.get(id=organization)).status == OrganizationStatus.APPROVED
    decision = await Decision.get(subject_id=organization).prefetch_related("by_person")
    assert (decision.kind, decision.approved, decision.by_person.telegram_user_id) == ("organization", True, OLIVIA)

    # A second operator, by forwarding a message Pedro wrote; a bare name is refused with what to write.
    await olivia.presses("📥 Lo que espera", message=approved)
    again = await olivia.sees_edited(approved)
    await olivia.presses("👥 Personas operadoras", message=again)
    listing = await olivia.sees_edited(again)
    await olivia.presses("➕ Nombrar persona operadora", message=listing)
    asked = await olivia.receives()
    await olivia.says("Pedro")
    refused = await olivia.receives()
    await olivia.forwards("Hola, soy Pedro de la red SPG", written_by=pedro)
    confirm = await olivia.receives()
    await olivia.presses("✅ Nombrar", message=confirm)
    named = await olivia.sees_edited(confirm)
    pedro_told = await receives_with(pedro, "Ahora eres persona operadora")

    assert listing.text.startswith("👥 Personas operadoras de esta Feria\n\n• Olga Mercado Vargas, nombrada por la "
                                   "línea de comandos el ")  # the demo's
    assert "\n• Olivia, nombrada por la línea de comandos el " in listing.text
    assert asked.text.startswith("¿Quién será persona operadora? Reenvíame un mensaje suyo")
    assert refused.text == ("Reenvíame un mensaje de la persona, o escribe su id de Telegram (cifras, como 123456789) "
                            "o su @usuario.")
    assert confirm.text.startswith("¿Nombrar a Pedro como persona operadora?")
    assert named.text == "✅ Pedro ya es persona operadora; se le avisó."
    assert "(te nombró Olivia)" in pedro_told.text
    roles = await Operator.filter(removed_at__isnull=True).order_by("id").values_list(
        "person__telegram_user_id", "named_by__telegram_user_id")
    assert roles == [(DEMO_OPERATOR, None), (OLIVIA, None), (PEDRO, OLIVIA)]


async def test_a_refusal_asks_the_reason_and_the_admin_reads_it_and_a_non_operator_is_refused(olivia, people):
    lidia = people.person(LIDIA, "Lidia", language_code="es")
    await lidia.says("/start")
    await lidia.receives()
    organization = await waiting_organization("Cooperativa Salinas", LIDIA)

    await lidia.says("/operadores")
    not_yours = await lidia.receives()
    await olivia.says("/menu")
    menu = await olivia.receives()
    await olivia.presses("🛠 Operación", message=menu)
    home = await olivia.sees_edited(menu)
    await olivia.presses("📥 Organizaciones (2)", message=home)  # the demo's waiting one, and this
    queue = await olivia.sees_edited(home)
    await olivia.presses("Cooperativa Salinas", message=queue)
    item = await olivia.sees_edited(queue)
    await olivia.presses("❌ Rechazar", message=item)
    asked = await olivia.receives()
    await olivia.says("Falta la personería jurídica")
    refused = await olivia.receives()
    told = await receives_with(lidia, "Cooperativa Salinas")

    assert not_yours.text == "Solo las personas operadoras de Feria pueden hacer eso."
    assert asked.text == ("¿Por qué rechazas «Cooperativa Salinas»? Escribe el motivo en un mensaje: quienes lo "
                          "pidieron lo leerán.")
    assert refused.text == "❌ «Cooperativa Salinas» está rechazada. Se le dijo el motivo a quien la pidió."
    assert told.text == ("❌ Las personas operadoras de Feria no aprobaron «Cooperativa Salinas». Su motivo: Falta la "
                         "personería jurídica")
    assert (await Organization.get(id=organization)).status == OrganizationStatus.REFUSED


async def test_an_operator_adds_a_category_code_first_then_a_name_in_each_language(olivia):
    await olivia.says("/operadores")
    home = await olivia.receives()
    await olivia.presses("🏷 Categorías", message=home)
    categories = await olivia.sees_edited(home)
    await olivia.presses("➕ Nueva categoría", message=categories)
    await olivia.receives()
    await olivia.says("vegetables")
    taken = await olivia.receives()
    await olivia.says("2 semillas")
    bad_code = await olivia.receives()
    await olivia.says("semillas")
    for name in ("Semillas nativas", "Sementes crioulas", "Native seeds"):
        await olivia.receives()
        await olivia.says(name)
    added = await olivia.receives()

    assert taken.text == "Ya hay una categoría con el código vegetables. Escribe otro código."
    assert bad_code.text.startswith("Escribe un código de 2 a 32 letras minúsculas")
    assert added.text == ("✅ La categoría «Semillas nativas» ya está en el catálogo: las personas productoras pueden "
                          "poner productos nuevos en ella.")
    row = await Category.get(code="semillas")
    assert (row.name_es, row.name_pt_br, row.name_en) == ("Semillas nativas", "Sementes crioulas", "Native seeds")


async def test_naming_someone_the_bot_cannot_identify_says_what_to_write_instead(olivia, people):
    await olivia.says("/operadores")
    home = await olivia.receives()
    await olivia.presses("👥 Personas operadoras", message=home)
    listing = await olivia.sees_edited(home)
    await olivia.presses("➕ Nombrar persona operadora", message=listing)
    await olivia.receives()

    await olivia.forwards("Un mensaje de alguien reservado", written_by=None)
    hidden = await olivia.receives()
    await olivia.says("123456")
    unknown = await olivia.receives()

    assert hidden.text == ("Esa persona oculta su cuenta en los mensajes reenviados: escribe mejor su id de Telegram "
                           "o su @usuario.")
    assert unknown.text == ("La persona de Telegram 123456 todavía no escribió a este bot. Pídele que envíe /start "
                            "aquí y vuelve a intentarlo.")
    assert await Operator.all().count() == 2  # the demo's operator and Olivia: nobody named
