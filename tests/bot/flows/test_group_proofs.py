"""A group's side of "Ya pagué": a member who owes a closed round says she paid from the group's accounts, and the
group's coordinator finds the proofs waiting for her there, opens one with its photo and confirms it once."""

from __future__ import annotations

from decimal import Decimal

from market.enums import LedgerAccount, LedgerKind, ProofStatus
from market.models import LedgerEntry, PaymentProof
from tests.bot.flows.test_payment_proofs import next_with
from tests.bot.flows.test_round_coordination import _close
from tests.bot.flows.test_rounds import ANA, BETO, round_with_members
from tests.bot.flows.test_rounds import order as round_order
from tests.bot.sandbox.images import PNG_2x3


async def group_page(person):
    """The group's page as the member opens it from /grupos (the list first, when it shows one)."""
    await person.says("/grupos")
    while True:
        message = await person.receives(timeout=5)
        if "📒 Cuentas" in message.button_texts:
            return message
        if "Compras del Barrio Norte" in message.button_texts:
            await person.presses("Compras del Barrio Norte", message=message)
            return await person.sees_edited(message)


async def test_a_member_pays_from_her_accounts_and_the_coordinator_confirms_from_the_groups_accounts(feria, people):
    carmen, (ana, beto), round_id, board = await round_with_members(people, (ANA, "Ana"), (BETO, "Beto"))
    await round_order(ana, round_id, "Papa nativa", "4")
    closed = await _close(carmen, board)
    bill = await next_with(ana, "🧾 Tu")

    await ana.presses("📒 Cuentas", message=bill)
    accounts = await ana.sees_edited(bill)
    await ana.presses("✅ Ya pagué · ronda #1", message=accounts)
    await ana.receives()
    await ana.sends_photo(PNG_2x3)
    sent = await ana.receives()
    await next_with(carmen, "dice que pagó")

    beto_board = await group_page(beto)
    await beto.presses("📒 Cuentas", message=beto_board)
    beto_accounts = await beto.sees_edited(beto_board)

    await carmen.presses("📒 Cuentas", message=closed)
    carmen_accounts = await carmen.sees_edited(closed)
    await carmen.presses("💵 Pagos por confirmar (1)", message=carmen_accounts)
    pending = await carmen.sees_edited(carmen_accounts)
    amount = sent.text.split("pago de ")[1].rstrip(".")
    await carmen.presses(f"Ana · {amount}", message=pending)
    opened = await carmen.receives()
    await carmen.presses("✅ Confirmar pago", message=opened)
    await carmen.receives()
    await carmen.presses("✅ Confirmar pago", message=opened)
    twice = await carmen.sees_answer()
    await next_with(ana, "confirmó")
    ana_board = await group_page(ana)
    await ana.presses("📒 Cuentas", message=ana_board)
    paid_accounts = await ana.sees_edited(ana_board)

    assert "✅ Ya pagué · ronda #1" not in beto_accounts.button_texts
    assert "💵 Pagos por confirmar (1)" not in beto_accounts.button_texts
    assert pending.text == "💵 Pagos por confirmar"
    assert pending.button_texts == [f"Ana · {amount}", "« Cuentas"]
    assert opened.photo and opened.button_texts == ["✅ Confirmar pago", "❌ Rechazar"]
    assert "Carmen" in twice.text
    assert "✅ Ya pagué · ronda #1" not in paid_accounts.button_texts
    payments = await LedgerEntry.filter(account=LedgerAccount.MEMBER, kind=LedgerKind.PAYMENT, round_id=round_id)
    assert len(payments) == 1 and f"{Decimal(payments[0].amount):.2f}".replace(".", ",") in amount
    assert (await PaymentProof.get()).status == ProofStatus.CONFIRMED
