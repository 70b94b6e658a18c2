"""An admin writes a member's entry for her: Hilda, the admin of the demo's coffee association, writes Reina's;
Reina is told in the bot what was written, and who wrote it, with the way to correct it."""

from __future__ import annotations

from market.models import Member, MemberEntry, Notification, Person
from market.services.organizations.register_by_admin import write_member_entry
from tests.bot.flows.conftest import HILDA, REINA
from tests.bot.flows.test_register import add_communities
from tests.bot.flows.test_rounds import receives_with

AMBORO = "Asociación de Productores de Café Amboró"


async def test_the_member_is_told_what_the_admin_wrote_and_opens_her_entry_to_correct_it(feria, people):
    await add_communities()
    reina = people.person(REINA, "Reina", language_code="es")
    member = await Member.get(organization__name=AMBORO, person__telegram_user_id=REINA)
    hilda = await Member.get(organization__name=AMBORO, person__telegram_user_id=HILDA).values("person_id")

    await write_member_entry(member.id, by_person_id=hilda["person_id"], version=0, community="Huaytú",
                             production="café 5 quintales, cosecha", family_size=6)
    told = await receives_with(reina, "escribió tu ficha")
    await reina.presses("📋 Mi ficha", message=told)
    mine = await reina.sees_edited(told)

    assert told.text.startswith(f"✏️ Hilda Justiniano Rojas escribió tu ficha en el registro de {AMBORO}:")
    assert "🏘 Comunidad: Huaytú" in told.text and "👪 Familia: 6 personas" in told.text
    assert "corrígela con /miregistro" in told.text
    assert "✏️ Escrita por Hilda Justiniano Rojas el " in mine.text, "her own entry says who wrote it"
    assert (await MemberEntry.get(member_id=member.id)).written_by_id == hilda["person_id"]


async def test_the_admin_writes_a_members_entry_from_the_register_with_the_members_questions_and_writes_it_once(
        feria, people, hilda):
    await add_communities()
    await Person.filter(telegram_user_id__in=(HILDA, REINA)).update(locale="en")  # they read English
    reina = people.person(REINA, "Reina", language_code="en")

    await hilda.says("/organizacion")
    home = await hilda.receives()
    await hilda.presses("📋 Register", message=home)
    listed = await hilda.sees_edited(home)
    await hilda.presses("Reina Suárez Vaca", message=listed)
    entry = await hilda.sees_edited(listed)
    await hilda.presses("✏️ Write this entry", message=entry)
    community = await hilda.sees_edited(entry)
    await hilda.presses("San Isidro", message=community)
    production = await hilda.sees_edited(community)
    await hilda.says("papa 20 qq, mayo a julio\nmaíz")
    bad_line = await hilda.receives()
    await hilda.says("café 5 quintales, cosecha")
    family = await hilda.receives()
    await hilda.says("6")
    saved = await hilda.receives()
    await hilda.presses("Skip »", message=family)  # the last question's button, pressed again after the write
    again = await hilda.sees_edited(family)
    told = await receives_with(reina, "wrote your entry")
    written = await MemberEntry.get(member__person__telegram_user_id=REINA)

    assert community.text == "🏘 Which community does Reina Suárez Vaca live in? Choose it, or write its name."
    assert production.text.startswith("🌱 What does Reina Suárez Vaca produce?")
    assert "2" in bad_line.text and written.version == 1
    assert family.text.startswith("👪 How many people are in the family of Reina Suárez Vaca")
    assert "Gender" not in " ".join([community.text, production.text, family.text]), "never asked for her"
    assert saved.text.startswith("✅ Saved. Reina Suárez Vaca is told in the bot")
    assert "🏘 Community: San Isidro" in saved.text and "👪 Family: 6 people" in saved.text
    assert any(line.startswith("✏️ Written by Hilda") for line in saved.text.splitlines())
    assert "✏️ Written by Hilda" in again.text and "✅ Saved." not in again.text
    assert (written.family_size, written.gender, written.community_name) == (6, None, "")
    assert [line["product"] for line in written.production] == ["café"]
    assert written.written_by_id == (await Person.get(telegram_user_id=HILDA)).id
    assert told.text.startswith("✏️ Hilda")
    assert await Notification.filter(template="register_written").count() == 1, "written and told once"
