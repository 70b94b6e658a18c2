"""A producer joins an organization by the admin's link, and the admin answers with one button."""

from __future__ import annotations

import re

from market.enums import MembershipStatus
from market.models import Member
from tests.bot.flows.conftest import HILDA
from tests.bot.flows.test_rounds import receives_with

AMBORO = "Asociación de Productores de Café Amboró"


async def producer_link(hilda) -> str:
    await hilda.says("/organizacion")
    mine = await hilda.receives()
    await hilda.presses(f"👥 Productores · {AMBORO}", message=mine)
    page = await hilda.sees_edited(mine)
    return re.search(r"start=j_([A-Za-z0-9_-]+)", page.text)[1]


async def test_a_producer_asks_to_join_by_the_link_and_the_admin_approves_with_one_button(feria, people, hilda):
    rosa = people.person(7101, "Rosa", language_code="es")
    code = await producer_link(hilda)

    await rosa.says(f"/start j_{code}")
    invitation = await rosa.receives()
    await rosa.presses("✅ Pedir unirme", message=invitation)
    sent = await rosa.sees_edited(invitation)
    request = await receives_with(hilda, "🧑‍🌾 Rosa pide unirse")
    refuse = request.button("❌ Rechazar")["callback_data"]
    await hilda.presses("✅ Aprobar", message=request)
    approved = await hilda.sees_edited(request)
    answer = await receives_with(rosa, AMBORO)
    # A slow phone still showing the buttons sends "refuse" after the approval: the first answer stands.
    late = await people.press_button(HILDA, request.message_id, refuse, chat_id=HILDA, forged=True)
    await people.wait_for_answer(late)

    assert invitation.text == f"¿Pedir unirte a «{AMBORO}» (Buena Vista) como productor/a? Sus administradores responderán."
    assert sent.text == f"Tu solicitud llegó a los administradores de {AMBORO}. Aquí leerás su respuesta."
    assert approved.text == f"✅ Rosa ya produce para {AMBORO}."
    assert answer.text.startswith(f"✅ {AMBORO} te aprobó. Publica tu stock escribiéndolo aquí")
    member = await Member.get(person__telegram_user_id=7101)
    assert member.status == MembershipStatus.APPROVED
    assert [m.text for m in rosa.messages].count(answer.text) == 1


async def test_a_producer_refused_reads_it_and_a_stranger_cannot_answer(feria, people, hilda):
    rosa = people.person(7101, "Rosa", language_code="es")
    code = await producer_link(hilda)
    await rosa.says(f"/start j_{code}")
    await rosa.presses("✅ Pedir unirme", message=await rosa.receives())
    request = await receives_with(hilda, "🧑‍🌾 Rosa pide unirse")
    await hilda.presses("❌ Rechazar", message=request)
    refused = await hilda.sees_edited(request)
    answer = await receives_with(rosa, AMBORO)

    assert refused.text == f"❌ Se rechazó la solicitud de Rosa para unirse a {AMBORO}."
    assert answer.text.startswith(f"❌ {AMBORO} no aprobó tu solicitud.")
    assert (await Member.get(person__telegram_user_id=7101)).status == MembershipStatus.REFUSED
