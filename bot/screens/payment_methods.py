"""Ways to pay: the page where an organization's admins or a group's coordinators set them, the questions that
add one, and what a buyer reads to pay an order (transfer details, a Pix code, a bank's QR, cash)."""

from __future__ import annotations

from html import escape

from bot.actions import Action
from bot.turn import Screen, Voice
from market.enums import PaymentMethodKind
from market.presentation.labels import N_
from market.services.payments.methods import PaymentMethodView
from market.services.payments.order_payment import PaymentDue

KIND_NAMES = {
    PaymentMethodKind.CASH_PICKUP: N_("💵 Cash at pickup"),
    PaymentMethodKind.CASH_DELIVERY: N_("💵 Cash on delivery"),
    PaymentMethodKind.TRANSFER: N_("🏦 Bank transfer"),
    PaymentMethodKind.PIX: N_("⚡ Pix"),
    PaymentMethodKind.BANK_QR: N_("🔳 Bank QR"),
}
# Each kind's questions, in order: the draft field the answer fills, and the question.
STEPS = {
    PaymentMethodKind.TRANSFER: (("bank", N_("🏦 Which bank? (its name, like “Banco Unión”)")),
                                 ("account_number", N_("🔢 The account number?")),
                                 ("holder", N_("👤 The account holder's name?"))),
    PaymentMethodKind.PIX: (("pix_key", N_("⚡ The Pix key? (CPF, CNPJ, e-mail, phone like +55 61 91234-5678, or "
                                          "random key)")),
                            ("holder", N_("👤 The name buyers' banks show (at most 25 letters)?")),
                            ("city", N_("🏙 The city (at most 15 letters)?"))),
}
ASK_QR = N_("🔳 Send the QR code your bank gave you, as a photo.")


def describe(voice: Voice, method: PaymentMethodView) -> str:
    """One way to pay in a line, as its payee and buyers read it."""
    _ = voice._
    name = _(KIND_NAMES[method.kind])
    if method.kind is PaymentMethodKind.TRANSFER:
        return _("{kind}: {bank}, account {account}, {holder}").format(
            kind=name, bank=method.bank, account=method.account_number, holder=method.holder)
    if method.kind is PaymentMethodKind.PIX:
        return _("{kind}: key {key} ({name}, {city})").format(
            kind=name, key=method.pix_key, name=method.holder, city=method.city)
    return name


def methods_page(voice: Voice, payee: tuple[str, int], payee_name: str, methods: tuple[PaymentMethodView, ...],
                 back: tuple[Action, ...] | tuple[Action, int]) -> Screen:
    _ = voice._
    lines = [_("💳 Ways to pay · {payee}").format(payee=payee_name), ""]
    rows = []
    if not methods:
        lines.append(_("None yet: buyers are told to pay at pickup or on delivery. Add the ways you accept."))
    for number, method in enumerate(methods, 1):
        lines.append(f"{number}. {describe(voice, method)}")
        row = [voice.button(_("🚫 Turn off {number}").format(number=number), Action.PAY_METHOD_OFF, method.id, *payee)]
        if number > 1:
            row.append(voice.button(_("⬆ {number}").format(number=number), Action.PAY_METHOD_UP, method.id, *payee))
        rows.append(row)
    rows.append([voice.button(_("➕ Add a way to pay"), Action.PAY_METHOD_ADD, *payee)])
    rows.append([voice.button(_("« Back"), *back)])
    return Screen("\n".join(lines), rows)


def kinds(voice: Voice, payee: tuple[str, int], country_code: str) -> Screen:
    _ = voice._
    offered = [k for k in PaymentMethodKind if k is not PaymentMethodKind.PIX or country_code == "BR"]
    rows = [[voice.button(_(KIND_NAMES[k]), Action.PAY_METHOD_KIND, *payee, k.value)] for k in offered]
    rows.append([voice.button(_("« Back"), Action.PAY_METHODS, *payee)])
    return Screen(_("Which way to pay do you want to add?"), rows)


def ask_step(voice: Voice, kind: PaymentMethodKind, step: int) -> Screen:
    return Screen(voice._(STEPS[kind][step][1]))


def ask_qr(voice: Voice) -> Screen:
    return Screen(voice._(ASK_QR))


def added(voice: Voice, method: PaymentMethodView, payee: tuple[str, int]) -> Screen:
    _ = voice._
    return Screen(_("✅ Added: {method}").format(method=describe(voice, method)),
                  [[voice.button(_("💳 Ways to pay"), Action.PAY_METHODS, *payee)]])


def choose(voice: Voice, due: PaymentDue) -> Screen:
    """The buyer chooses how to pay one order among the ways that fit it."""
    _ = voice._
    rows = [[voice.button(describe_short(voice, m), Action.PAY_CHOOSE, due.order_id, m.id)] for m in due.choices]
    return Screen(_("💳 How will you pay order #{number} ({total})?").format(
        number=due.order_id, total=voice.money(due.amount, due.currency, due.country_code)), rows)


def describe_short(voice: Voice, method: PaymentMethodView) -> str:
    """A button's words: the kind, and the bank of a transfer."""
    name = voice._(KIND_NAMES[method.kind])
    return f"{name} · {method.bank}" if method.kind is PaymentMethodKind.TRANSFER else name


def how_to_pay(voice: Voice, due: PaymentDue) -> str:
    """What the chosen way needs, as HTML (the Pix code in <code>, so a tap copies it); the cash words when none
    was chosen."""
    _ = voice._
    amount = voice.money(due.amount, due.currency, due.country_code)
    method = due.method
    if method is None or method.kind in (PaymentMethodKind.CASH_PICKUP, PaymentMethodKind.CASH_DELIVERY):
        if due.delivery:
            return escape(_("💵 You pay {amount} on delivery.").format(amount=amount))
        return escape(_("💵 You pay {amount} at pickup.").format(amount=amount))
    if method.kind is PaymentMethodKind.TRANSFER:
        return escape("\n".join([
            _("🏦 Pay {amount} by transfer:").format(amount=amount),
            _("Bank: {bank}").format(bank=method.bank),
            _("Account: {account}").format(account=method.account_number),
            _("Holder: {holder}").format(holder=method.holder),
            _("Reference: order #{number}").format(number=due.order_id),
        ]))
    if method.kind is PaymentMethodKind.PIX:
        head = escape(_("⚡ Pay {amount} by Pix to {name}: copy this code into your bank's app (Pix copia e cola), "
                        "or read the QR.").format(amount=amount, name=method.holder))
        return f"{head}\n\n<code>{escape(due.pix_code)}</code>" if due.pix_code else head
    return escape(_("🔳 Pay {amount} with {organization}'s QR in your bank's app. Reference: order #{number}.").format(
        amount=amount, organization=due.organization_name, number=due.order_id))


def qr_caption(voice: Voice, due: PaymentDue) -> str:
    return voice._("Order #{number}: {amount}").format(
        number=due.order_id, amount=voice.money(due.amount, due.currency, due.country_code))


def bill_ways_to_pay(voice: Voice, methods: tuple[PaymentMethodView, ...]) -> list[str]:
    """The group's ways to pay, under a member's round account (none set: nothing is added)."""
    if not methods:
        return []
    _ = voice._
    return ["", _("💳 Ways to pay the group:"), *(f"• {describe(voice, m)}" for m in methods)]
