"""The demo's ways to pay: Pix for two Brazilian organizations, a bank transfer for a Bolivian one.

Each is what the organization's admin would set in /organizacion → 💳 Ways to pay; the keys and accounts are
invented (the random Pix key and the e-mail at example.org reach nobody). A bank's QR needs a photo Telegram
keeps, so the demo has none: an admin uploads it in the chat.
"""

from __future__ import annotations

from market.demo.organizations import ORGANIZATIONS
from market.demo.rows import Refs, ensure
from market.enums import PaymentMethodKind
from market.models import PaymentMethod
from market.services.payments.methods import MethodDraft, check_draft

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
    """Each demo way to pay, checked as the bot checks it, once (by organization and kind)."""
    for position, (slug, draft) in enumerate(PAYMENT_METHODS):
        organization = refs.organizations[slug]
        territory = next(o.territory for o in ORGANIZATIONS if o.slug == slug)
        clean = check_draft(draft, refs.territories[territory].country_code)
        await ensure(PaymentMethod, {"organization": organization, "kind": clean.kind},
                     bank=clean.bank, account_number=clean.account_number, holder=clean.holder,
                     pix_key=clean.pix_key, city=clean.city, position=position)
