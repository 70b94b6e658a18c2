"""A proof of payment as its payee reads it: the way to pay, whether a photo came, and once decided, by whom."""

from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal

from bot.callbacks import CallbackCodec
from bot.screens.payments import proof_notice
from bot.turn import Voice
from market.enums import ProofStatus
from market.services.payments.proofs import ProofView

PROOF = ProofView(
    id=7, status=ProofStatus.PENDING, payer_id=3, payer_name="Ana", amount=Decimal("95"), currency="BRL",
    order_id=12, organization_id=1, round_id=None, group_id=None, method_kind="pix", photo_file_id="",
    reason="", decided_by_name=None, created_at=datetime(2026, 11, 21, tzinfo=UTC), payee_name="Coopernova",
    country_code="BR",
)


def test_a_pending_proof_without_a_photo_says_so_and_the_way_it_was_paid_with_buttons_to_decide():
    screen = proof_notice(Voice("pt_BR", 1, CallbackCodec("123:token")), PROOF)

    assert screen.text.split("\n") == [
        "💵 Ana diz que pagou o pedido #12.", "Valor: R$\xa095,00", "Forma de pagamento: Pix", "Não enviou foto.",
    ]
    assert [b.text for row in screen.rows for b in row] == ["✅ Confirmar pagamento", "❌ Recusar"]
    assert screen.photo is None


def test_a_decided_proof_shows_who_decided_and_why_and_has_no_buttons():
    rejected = replace(PROOF, status=ProofStatus.REJECTED, decided_by_name="Hilda", reason="Não chegou",
                       photo_file_id="AgAD")

    screen = proof_notice(Voice("es", 1, CallbackCodec("123:token")), rejected)

    assert screen.text.split("\n")[-1] == "❌ Rechazado por Hilda: Não chegou"
    assert screen.rows == [] and screen.photo == "AgAD"
