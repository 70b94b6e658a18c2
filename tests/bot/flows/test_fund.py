"""/fondo: Café Amboró's solidarity fund in the open. Hilda (admin) lends Marcelino Bs300 in two installments and
records two repayments; every member sees the same balance; a late installment reads as overdue."""

from __future__ import annotations

from datetime import datetime, timezone

from market import clock
from market.enums import FundUseKind
from market.models import FundUse, LedgerEntry
from tests.bot.flows.conftest import REINA

MARCELINO, NORMA = 900_000_003, 900_000_004
AMBORO = "💰 Asociación de Productores de Café Amboró"


async def opens_fund(person):
    """/fondo, choosing Café Amboró's fund when the person keeps several."""
    await person.says("/fondo")
    screen = await person.receives()
    if AMBORO in screen.button_texts:
        await person.presses(AMBORO, message=screen)
        screen = await person.sees_edited(screen)
    return screen


async def answers(person, *texts: str):
    """Each text typed in turn, and the bot's answer to the last."""
    for text in texts:
        await person.says(text)
        reply = await person.receives()
    return reply


async def repays(hilda, screen, amount: str):
    await hilda.presses("💵 Marcelino Flores Arteaga devolvió", message=screen)
    await hilda.receives()
    confirm = await answers(hilda, amount)
    await hilda.presses("✅ Registrarlo", message=confirm)
    return confirm, await hilda.sees_edited(confirm)


async def test_a_loan_and_two_repayments_show_the_same_balance_to_every_member(feria, people, hilda):
    marcelino = people.person(MARCELINO, "Marcelino Flores Arteaga", language_code="es")
    norma = people.person(NORMA, "Norma Añez Cuéllar", language_code="es")
    reina = people.person(REINA, "Reina Suárez Vaca", language_code="es")
    # The demo's fund: Bs1.502,85 contributed, a grant of Bs400 and a loan of Bs600 to Reina with Bs200 back.
    before = await opens_fund(hilda)
    await hilda.presses("➕ Préstamo a un socio", message=before)
    whom = await hilda.receives()
    await hilda.presses("Marcelino Flores Arteaga", message=whom)
    await hilda.receives()
    summary = await answers(hilda, "300", "Semilla de papa", "14/11/2026", "2", "01/12/2026",
                            "Asamblea extraordinaria, acta 13")
    await hilda.presses("✅ Registrarlo", message=summary)
    lent = await hilda.sees_edited(summary)
    confirm, _ = await repays(hilda, lent, "100")
    _, repaid = await repays(hilda, lent, "50")

    views = [repaid, await opens_fund(marcelino), await opens_fund(norma), await opens_fund(reina)]

    assert "Saldo: Bs702,85" in before.text
    assert summary.text.startswith("📝 Préstamo a Marcelino Flores Arteaga: Bs300,00 para Semilla de papa")
    assert "Se devuelve en 2 cuotas mensuales desde el 1 dic 2026." in summary.text
    assert "Saldo: Bs402,85" in lent.text
    assert confirm.text == "💵 ¿Marcelino Flores Arteaga devolvió Bs100,00?"
    for view in views:
        assert "Saldo: Bs552,85" in view.text
        assert ("• Préstamo a Marcelino Flores Arteaga: Bs300,00 para Semilla de papa (asamblea del 14 nov 2026, "
                "Asamblea extraordinaria, acta 13)") in view.text
        assert "Devuelto Bs150,00, faltan Bs150,00." in view.text
        assert "Atrasado" not in view.text.split("Marcelino")[1]
    assert "➕ Préstamo a un socio" in repaid.button_texts
    assert not any(b.startswith("➕") for v in views[1:] for b in v.button_texts)  # members see, admins record
    repayments = await LedgerEntry.filter(fund_use__borrower__person__telegram_user_id=MARCELINO,
                                          kind="loan_repayment").values_list("amount", flat=True)
    assert sorted(str(a) for a in repayments) == ["100.00", "50.00"]


async def test_an_installment_due_and_not_repaid_reads_as_overdue(feria, people, hilda):
    clock.travel(datetime(2027, 1, 20, 15, 0, tzinfo=timezone.utc))
    reina = people.person(REINA, "Reina Suárez Vaca", language_code="es")

    view = await opens_fund(reina)

    # Reina's Bs600 in three Bs200 installments from 11 November: Bs200 back, so December's and January's are late.
    assert "⚠️ Atrasado: Bs200,00 vencía el 11 dic 2026." in view.text
    assert "⚠️ Atrasado: Bs200,00 vencía el 11 ene 2027." in view.text


async def test_a_grant_above_the_balance_is_refused_and_nothing_is_written(feria, hilda):
    uses = await FundUse.all().count()
    screen = await opens_fund(hilda)
    await hilda.presses("➕ Donación", message=screen)
    await hilda.receives()

    refused = await answers(hilda, "100000")

    assert refused.text == "El fondo tiene Bs702,85: no alcanza. No se registró nada."
    assert await FundUse.all().count() == uses
    assert not await FundUse.filter(kind=FundUseKind.GRANT, amount="100000").exists()


async def test_a_member_outside_the_board_sees_the_fund_but_no_way_to_record(feria, people):
    reina = people.person(REINA, "Reina Suárez Vaca", language_code="es")

    view = await opens_fund(reina)

    assert "💰 Fondo solidario · Asociación de Productores de Café Amboró" in view.text
    assert "Préstamo a Reina Suárez Vaca: Bs600,00" in view.text
    assert not [b for b in view.button_texts if b.startswith(("➕", "💵"))]


async def test_each_bad_answer_is_told_why_and_the_same_question_stays(feria, hilda):
    screen = await opens_fund(hilda)
    await hilda.presses("➕ Préstamo a un socio", message=screen)
    whom = await hilda.receives()
    await hilda.presses("Norma Añez Cuéllar", message=whom)
    await hilda.receives()

    cents = await answers(hilda, "1,5555")
    future = await answers(hilda, "100", "Semilla", "01/01/2030")
    too_many = await answers(hilda, "14/11/2026", "99")
    before = await answers(hilda, "4", "14/11/2026")
    summary = await answers(hilda, "01/12/2026", "Acta 13")

    assert cents.text == "Ese monto tiene más decimales de los que usa BOB, como 120,50 o 15000."
    assert future.text == "Ese día aún no llegó: escribe la fecha de la asamblea, como 15/11/2026."
    assert too_many.text == "Escribe cuántas cuotas mensuales, de 1 a 36, cada una de al menos un centavo."
    assert before.text == "La primera cuota va después de la asamblea: escribe un día posterior."
    assert "Se devuelve en 4 cuotas mensuales desde el 1 dic 2026." in summary.text
    assert await FundUse.filter(purpose="Semilla").count() == 0  # nothing until ✅ Registrarlo


async def test_a_repayment_recorded_by_mistake_is_taken_back_and_the_balance_follows(feria, hilda):
    screen = await opens_fund(hilda)
    await hilda.presses("💵 Reina Suárez Vaca devolvió", message=screen)
    await hilda.receives()
    confirm = await answers(hilda, "50")
    await hilda.presses("✅ Registrarlo", message=confirm)
    repaid = await hilda.sees_edited(confirm)
    [take_back] = [b for b in repaid.button_texts if b.startswith("↩️ Anular Bs50,00")]

    await hilda.presses(take_back, message=repaid)
    after = await hilda.sees_edited(repaid)

    assert "Saldo: Bs752,85" in repaid.text and "Saldo: Bs702,85" in after.text
    assert "Devuelto Bs200,00, faltan Bs400,00." in after.text
    assert not [b for b in after.button_texts if b.startswith("↩️ Anular Bs50,00")]
    assert (await hilda.sees_answer()).text == "↩️ Anulado con un nuevo registro."
