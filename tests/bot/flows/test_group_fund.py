"""A purchasing group's own solidarity fund: empty until a coordinator records money put in ("cuotas de
noviembre"), once however often ✅ is pressed; every member then reads it in /fondo. A round's fund shares stay the
producers' organization's and never fill the group's."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from market import clock
from market.enums import LedgerAccount, LedgerKind
from market.models import LedgerEntry
from tests.bot.flows.test_payment_proofs import next_with
from tests.bot.flows.test_round_coordination import _close
from tests.bot.flows.test_rounds import ANA, round_with_members
from tests.bot.flows.test_rounds import order as round_order

GROUP = "💰 Compras del Barrio Norte"


async def opens_group_fund(person):
    await person.says("/fondo")
    screen = await next_with(person, "💰")
    if GROUP in screen.button_texts:
        await person.presses(GROUP, message=screen)
        screen = await person.sees_edited(screen)
    return screen


async def test_a_coordinator_puts_money_in_the_groups_fund_once_and_every_member_sees_it(feria, people):
    carmen, (ana,), round_id, board = await round_with_members(people, (ANA, "Ana"))
    await round_order(ana, round_id, "Papa nativa", "4")
    await _close(carmen, board)
    round_share = await LedgerEntry.filter(account=LedgerAccount.SOLIDARITY_FUND, round_id=round_id).first()

    empty = await opens_group_fund(carmen)
    empty_to_ana = await opens_group_fund(ana)
    await carmen.presses("➕ Aporte al fondo", message=empty)
    await carmen.receives()
    await carmen.says("0")
    refused = await carmen.receives()
    await carmen.says("150")
    await carmen.receives()
    await carmen.says("cuotas de noviembre")
    await carmen.receives()
    day = clock.today() - timedelta(days=35)
    await carmen.says(day.strftime("%d/%m/%Y"))
    summary = await carmen.receives()
    await carmen.presses("✅ Registrarlo", message=summary)  # twice, before the first is answered
    await carmen.presses("✅ Registrarlo", message=summary)
    second = await carmen.sees_answer()
    recorded = await carmen.sees_edited(summary)
    seen_by_ana = await opens_group_fund(ana)

    assert round_share is not None and round_share.organization_id is not None  # the producers' fund's
    assert "El fondo está vacío" in empty.text and "Nada todavía: los coordinadores" in empty.text
    assert "➕ Aporte al fondo" in empty.button_texts and "➕ Donación" not in empty.button_texts
    assert "El fondo está vacío" in empty_to_ana.text and "➕ Aporte al fondo" not in empty_to_ana.button_texts
    assert refused.text == "Escribe un monto mayor que cero, como 120,50."
    assert summary.text.startswith("📝 Bs150,00 al fondo del grupo: cuotas de noviembre")
    assert second.text.startswith("Este botón ya no vale.")
    assert "Saldo: Bs150,00" in recorded.text and "➕ Donación" in recorded.button_texts
    assert "Saldo: Bs150,00" in seen_by_ana.text and "cuotas de noviembre" in seen_by_ana.text
    assert "➕ Aporte al fondo" not in seen_by_ana.button_texts
    entries = await LedgerEntry.filter(kind=LedgerKind.FUND_CONTRIBUTION, organization_id=None).values(
        "group_id", "amount", "memo", "account")
    assert len(entries) == 1 and entries[0]["group_id"] is not None
    assert Decimal(entries[0]["amount"]) == Decimal(150) and entries[0]["memo"] == "cuotas de noviembre"
