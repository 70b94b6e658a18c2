"""An admin writes a member's entry for her: Hilda, the admin of the demo's coffee association, writes Reina's;
Reina is told in the bot what was written, and who wrote it, with the way to correct it."""

from __future__ import annotations

from market.models import Member, MemberEntry, Person
from market.services.organizations.register_by_admin import write_member_entry
from tests.bot.flows.conftest import HILDA, REINA
from tests.bot.flows.test_rounds import receives_with

AMBORO = "Asociación de Productores de Café Amboró"


async def test_the_member_is_told_what_the_admin_wrote_and_opens_her_entry_to_correct_it(feria, people):
    reina = people.person(REINA, "Reina", language_code="en")
    await Person.filter(telegram_user_id=REINA).update(locale="en")  # she reads English
    member = await Member.get(organization__name=AMBORO, person__telegram_user_id=REINA)
    hilda = await Member.get(organization__name=AMBORO, person__telegram_user_id=HILDA).values("person_id")

    await write_member_entry(member.id, by_person_id=hilda["person_id"], version=0, community="Huaytú",
                             production="café 5 quintales, cosecha", family_size=6)
    told = await receives_with(reina, "wrote your entry")
    await reina.presses("📋 My entry", message=told)
    mine = await reina.sees_edited(told)

    assert told.text.startswith(f"✏️ Hilda Justiniano Rojas wrote your entry in the register of {AMBORO}:")
    assert "🏘 Community: Huaytú" in told.text and "👪 Family: 6 people" in told.text
    assert "correct it with /miregistro" in told.text
    assert "✏️ Written by Hilda Justiniano Rojas on " in mine.text, "her own entry says who wrote it"
    assert (await MemberEntry.get(member_id=member.id)).written_by_id == hilda["person_id"]
