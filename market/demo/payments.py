"""The demo's ways to pay: Pix for two Brazilian organizations, a bank transfer for a Bolivian one.

Each is what the organization's admin would set in /organizacion → 💳 Ways to pay; the keys and accounts are
invented (the random Pix key and the e-mail at example.org reach nobody). A bank's QR needs a photo Telegram
keeps, so the demo has none: an admin uploads it in the chat.
"""

from __future__ import annotations

from market.demo.rows import Refs, ensure
from market.enums import PaymentMethodKind
from market.models import PaymentMethod
from market.services.payments.methods import MethodDraft

# (organization slug, the way to pay as its admin would write it)
PAYMENT_METHODS = (
    ("agroecologistas-ipe", MethodDraft(PaymentMethodKind.PIX, pix_key="7d9f0335-8dcc-4054-9bf9-0c0c4b8d1a3e",
                                        holder="Agroecologistas de Ipê", city="Ipê")),
    ("agroecologistas-ipe", MethodDraft(PaymentMethodKind.CASH_PICKUP)),
    ("artesas-lomba-do-pinheiro", MethodDraft(PaymentMethodKind.PIX, pix_key="artesas.lomba@example.org",
                                              holder="Artesas Lomba do Pinheiro", city="Porto Alegre")),
    ("coraca-irupana", MethodDraft(PaymentMethodKind.TRANSFER, bank="Banco Unión", account_number="1-4471829",
                                   holder="CORACA Irupana")),
    ("coraca-irupana", MethodDraft(PaymentMethodKind.CASH_PICKUP)),
)


async def seed_payment_methods(refs: Refs) -> None:
    """Each demo way to pay, once (by organization and kind), as written above: tests/market/test_demo.py checks
    each as the bot checks what an admin writes (market.services.payments.methods.check_draft)."""
    for position, (slug, m) in enumerate(PAYMENT_METHODS):
        await ensure(PaymentMethod, {"organization": refs.organizations[slug], "kind": m.kind},
                     bank=m.bank, account_number=m.account_number, holder=m.holder, pix_key=m.pix_key, city=m.city,
                     position=position)
