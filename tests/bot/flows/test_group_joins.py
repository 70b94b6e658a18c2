"""A purchasing group whose coordinators approve newcomers, through the bot: the switch in the group's settings,
a request approved, one refused with a reason the person reads, a second coordinator's late answer, a request
taken back, and a waiting person who cannot order."""

from __future__ import annotations

from market.enums import GroupJoinPolicy, GroupMemberStatus, JoinRequestStatus
from market.models import GroupJoinRequest, GroupMember, Notification, PurchasingGroup
from tests.bot.flows.test_rounds import (
    ANA,
    BETO,
    CARMEN,
    CECI,
    DORA,
    create_group,
    join,
    open_round_on_comarapa,
    receives_with,
)

GROUP = "Compras del Barrio Norte"
WANTS = "quiere unirse a «Compras del Barrio Norte»"


async def _press(person, text: str, message):
    await person.presses(text, message=message)
    return await person.sees_edited(message)


async def approval_group(carmen):
    """Carmen's group, switched to approval in its settings: (invite code, the group's page)."""
    code, page = await create_group(carmen)
    settings = await _press(carmen, "⚙️ Ajustes", page)
    switched = await _press(carmen, "🔒 Aprobar a cada persona nueva", settings)
    assert settings.text.endswith("Entrada: abierta. Quien tenga el enlace de invitación se vuelve miembro.")
    assert switched.text == (f"⚙️ Ajustes de «{GROUP}»\n\nEntrada: con aprobación. Una persona coordinadora "
                             "aprueba a cada quien lo pida con el enlace.")
    assert switched.button_texts == ["🔓 Dejar entrar a quien tenga el enlace", "« Grupo"]
    return code, await _press(carmen, "« Grupo", switched)


async def asks(person, code: str):
    """The person opens the link and asks to join: the invitation, and what they see once they asked."""
    await person.says(f"/start g_{code}")
    invitation = await person.receives()
    return invitation, await _press(person, "✅ Pedir unirme", invitation)


async def test_a_coordinator_approves_a_request_and_the_person_becomes_a_member_told_in_their_language(
        feria, people):
    carmen = people.person(CARMEN, "Carmen", language_code="es")
    ana = people.person(ANA, "Ana", language_code="pt-br")
    code, page = await approval_group(carmen)

    await ana.says(f"/start g_{code}")
    invitation = await ana.receives()
    waiting = await _press(ana, "✅ Pedir para entrar", invitation)
    await ana.says(f"/start g_{code}")  # asks again before anyone answered: the same request
    again = await ana.receives()
    await _press(ana, "✅ Pedir para entrar", again)
    asked = await receives_with(carmen, WANTS)
    approved = await _press(carmen, "✅ Aprobar", asked)
    told = await receives_with(ana, "membro")

    assert "Quem coordena aprova cada pessoa nova: você pede e eu aviso a resposta." in invitation.text
    assert waiting.text == (f"⏳ Seu pedido para entrar em «{GROUP}» está com quem coordena. Eu aviso a resposta.")
    assert waiting.button_texts == ["✖️ Cancelar meu pedido", "« Meus grupos"]
    assert asked.text == f"🙋 Ana quiere unirse a «{GROUP}»."
    assert approved.text == f"✅ Ana ya es miembro de «{GROUP}»; se le avisó."
    assert told.text == f"✅ Agora você é membro de «{GROUP}»!"
    assert await Notification.filter(template="group_join_request").count() == 1
    request = await GroupJoinRequest.get(person__telegram_user_id=ANA).prefetch_related("decided_by")
    assert (request.status, request.decided_by.telegram_user_id, request.pending_key) == (
        JoinRequestStatus.APPROVED, CARMEN, None)
    assert await GroupMember.filter(person__telegram_user_id=ANA, status=GroupMemberStatus.ACTIVE).exists()
    await ana.presses("👥 Abrir o grupo", message=told)
    assert (await ana.sees_edited(told)).text.startswith(f"👥 {GROUP}")


async def test_a_waiting_person_cannot_order_and_a_refusal_with_a_reason_is_read_by_them(feria, people):
    carmen = people.person(CARMEN, "Carmen", language_code="es")
    beto = people.person(BETO, "Beto", language_code="es")
    code, page = await approval_group(carmen)
    round_id, _ = await open_round_on_comarapa(carmen, page)

    await asks(beto, code)
    await beto.says(f"/start r_{round_id}")
    cannot_order = await beto.receives()
    await beto.says("/grupos")
    groups = await beto.receives()
    asked = await receives_with(carmen, WANTS)
    await carmen.presses("❌ Rechazar", message=asked)
    why = await carmen.receives()
    await carmen.says("Solo vecinos del barrio Norte")
    refused = await carmen.receives()
    told = await receives_with(beto, "no aceptaron")

    assert cannot_order.text == "Solo los miembros del grupo pueden hacer eso."
    assert groups.button_texts[0] == f"⏳ {GROUP} (en espera)"
    assert why.text == "¿Por qué rechazas a Beto? Escribe un motivo corto que leerá, o rechaza sin motivo."
    assert refused.text == f"❌ Rechazaste la solicitud de Beto para unirse a «{GROUP}»; se le avisó."
    assert told.text == (f"❌ Quienes coordinan «{GROUP}» no aceptaron tu solicitud para unirte.\n"
                         "Su motivo: Solo vecinos del barrio Norte")
    assert not await GroupMember.filter(person__telegram_user_id=BETO).exists()
    request = await GroupJoinRequest.get(person__telegram_user_id=BETO)
    assert (request.status, request.reason) == (JoinRequestStatus.REFUSED, "Solo vecinos del barrio Norte")


async def test_a_second_coordinator_answering_late_is_told_it_was_answered_and_a_request_can_be_taken_back(
        feria, people):
    carmen = people.person(CARMEN, "Carmen", language_code="es")
    dora = people.person(DORA, "Dora", language_code="es")
    ceci = people.person(CECI, "Ceci", language_code="es")
    code, page = await approval_group(carmen)
    await asks(dora, code)  # Carmen lets Dora in and makes her coordinator too
    await _press(carmen, "✅ Aprobar", await receives_with(carmen, "Dora quiere unirse"))
    members = await _press(carmen, "👥 Miembros", page)
    await _press(carmen, "⭐ Que Dora también coordine", members)

    await asks(ceci, code)
    for_dora = await receives_with(dora, "Ceci quiere unirse")
    await _press(carmen, "✅ Aprobar", await receives_with(carmen, "Ceci quiere unirse"))
    await dora.presses("✅ Aprobar", message=for_dora)
    late = await dora.sees_answer()

    assert late.show_alert
    assert late.text == "Esa solicitud para unirse ya tuvo respuesta: vale la primera."
    assert await GroupJoinRequest.filter(person__telegram_user_id=CECI, status=JoinRequestStatus.APPROVED).count() == 1

    # Another family asks, then takes it back from /grupos: nobody is let in.
    eva = people.person(6104, "Eva", language_code="es")
    await asks(eva, code)
    await eva.says("/grupos")
    groups = await eva.receives()
    waiting = await _press(eva, f"⏳ {GROUP} (en espera)", groups)
    cancelled = await _press(eva, "✖️ Cancelar mi solicitud", waiting)

    assert cancelled.text == f"Tu solicitud para unirte a «{GROUP}» está cancelada."
    request = await GroupJoinRequest.get(person__telegram_user_id=6104)
    assert request.status == JoinRequestStatus.CANCELLED
    assert not await GroupMember.filter(person__telegram_user_id=6104).exists()


async def test_a_group_switched_back_to_open_lets_the_link_make_members_again_and_only_coordinators_switch(
        feria, people):
    carmen = people.person(CARMEN, "Carmen", language_code="es")
    code, page = await approval_group(carmen)
    settings = await _press(carmen, "⚙️ Ajustes", page)
    await _press(carmen, "🔓 Dejar entrar a quien tenga el enlace", settings)
    ana = people.person(ANA, "Ana", language_code="es")

    joined = await join(ana, code)

    assert joined.text.startswith(f"👥 {GROUP}")
    assert "⚙️ Ajustes" not in joined.button_texts  # a member has no settings to change
    assert (await PurchasingGroup.get(name=GROUP)).join_policy == GroupJoinPolicy.OPEN
