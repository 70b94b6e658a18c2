"""A person registers a cooperative in the chat, one question a message, and an operator decides on it."""

from __future__ import annotations

from decimal import Decimal

from market.enums import BoardRole, MembershipStatus, OrganizationStatus
from market.models import BoardRecord, Member, Organization, PickupPoint
from tests.bot.flows.test_operators import olivia  # noqa: F401  (the operator named from the command line)
from tests.bot.flows.test_rounds import receives_with

ROSA = 7401


async def register_until_summary(rosa):
    await rosa.says("/register")
    await receives_with(rosa, "What is its name?")
    await rosa.says("Cooperativa Quinua Real")
    form = await receives_with(rosa, "What kind of organization")
    await rosa.presses("Cooperative", message=form)
    await receives_with(rosa, "Where is it?")
    await rosa.says("santa cruz de la")
    matches = await receives_with(rosa, "Santa Cruz de la Sierra")
    await rosa.presses("Santa Cruz de la Sierra", message=matches)
    place = await rosa.sees_edited(matches)
    await rosa.presses("✅ Choose Santa Cruz de la Sierra", message=place)
    tax = await receives_with(rosa, "NIT: digits only")
    await rosa.says("10203-A")
    refused = await receives_with(rosa, "A Bolivian NIT is digits only")
    assert refused.text == "A Bolivian NIT is digits only, 7 to 13 of them, like 1020304050. Write it again, or press Skip."
    await rosa.presses("« Back", message=tax)  # the place again
    await receives_with(rosa, "Where is it?")
    await rosa.says("Buena Vista")
    matches = await receives_with(rosa, "Buena Vista")
    await rosa.presses("Buena Vista", message=matches)
    place = await rosa.sees_edited(matches)
    await rosa.presses("✅ Choose Buena Vista", message=place)
    await receives_with(rosa, "NIT: digits only")
    await rosa.says("1020304050")
    await receives_with(rosa, "Where do buyers pick up")
    await rosa.says("Feria Barrio Lindo, puesto 4")
    points = await receives_with(rosa, "1. Feria Barrio Lindo, puesto 4")
    await rosa.presses("Done with the pickup points »", message=points)
    fund = await receives_with(rosa, "solidarity fund")
    await rosa.says("25")
    await receives_with(rosa, "Write a number from 0 to 20, like 5 for 5 %.")
    await rosa.presses("5 %", message=fund)
    await receives_with(rosa, "Describe your organization")
    await rosa.says("Quinua real del altiplano, lavada y seleccionada.")
    logo = await receives_with(rosa, "Send your logo as a photo")
    await rosa.presses("Skip »", message=logo)
    return await receives_with(rosa, "Please check:")


async def test_a_person_registers_a_cooperative_and_becomes_its_president_once_an_operator_approves(
        olivia, people):  # noqa: F811
    rosa = people.person(ROSA, "Rosa", language_code="en")

    summary = await register_until_summary(rosa)
    assert "Tax number: 1020304050 (NIT ✓)" in summary.text
    assert "Place: Buena Vista" in summary.text
    assert await Organization.filter(name="Cooperativa Quinua Real").count() == 0  # nothing stored before confirming
    await rosa.presses("✅ Send for approval", message=summary)
    sent = await rosa.sees_edited(summary)
    assert sent.text.startswith("📨 «Cooperativa Quinua Real» waits for Feria's operators.")

    organization = await Organization.get(name="Cooperativa Quinua Real")
    assert organization.status == OrganizationStatus.PENDING
    assert organization.solidarity_fund_rate == Decimal("0.05")
    assert [p.text for p in await PickupPoint.filter(organization=organization)] == ["Feria Barrio Lindo, puesto 4"]
    await olivia.says("/operadores")
    home = await receives_with(olivia, "🛠 Cuidar esta Feria")
    await olivia.presses("📥 Organizaciones (2)", message=home)
    queue = await olivia.sees_edited(home)
    await olivia.presses("Cooperativa Quinua Real", message=queue)
    item = await olivia.sees_edited(queue)
    await olivia.presses("✅ Aprobar", message=item)
    await olivia.sees_edited(item)
    await receives_with(rosa, "«Cooperativa Quinua Real» was approved")

    member = await Member.get(organization=organization)
    assert member.status == MembershipStatus.APPROVED
    seat = await BoardRecord.get(organization=organization, ended_at=None)
    assert (seat.person_id, seat.role) == (member.person_id, BoardRole.PRESIDENT)
    await rosa.says("/organization")
    mine = await rosa.receives()
    assert "Cooperativa Quinua Real" in mine.text or any("Cooperativa Quinua Real" in t for row in mine.buttons
                                                        for t, _ in row)


async def test_an_operator_refusal_is_told_to_the_registrant_with_its_reason(olivia, people):  # noqa: F811
    rosa = people.person(ROSA, "Rosa", language_code="en")
    summary = await register_until_summary(rosa)
    await rosa.presses("✅ Send for approval", message=summary)
    sent = await rosa.sees_edited(summary)
    assert sent.text.startswith("📨 «Cooperativa Quinua Real» waits for Feria's operators.")

    await olivia.says("/operadores")
    home = await receives_with(olivia, "🛠 Cuidar esta Feria")
    await olivia.presses("📥 Organizaciones (2)", message=home)
    queue = await olivia.sees_edited(home)
    await olivia.presses("Cooperativa Quinua Real", message=queue)
    item = await olivia.sees_edited(queue)
    await olivia.presses("❌ Rechazar", message=item)
    await receives_with(olivia, "¿Por qué")
    await olivia.says("No encontramos su NIT en el padrón")

    told = await receives_with(rosa, "was not approved")
    assert "No encontramos su NIT en el padrón" in told.text
    organization = await Organization.get(name="Cooperativa Quinua Real")
    assert organization.status == OrganizationStatus.REFUSED
    assert await BoardRecord.filter(organization=organization).count() == 0
