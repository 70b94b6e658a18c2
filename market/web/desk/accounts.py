"""A purchasing group's accounts at the desk, for its coordinators (its treasurers): each member's balance and
entries, a payment recorded, the members' "Ya pagué" confirmed or rejected, and the entries as CSV.

The bot's services and checks (bot/flows/round_settlement.py, bot/flows/payments.py): get_group_accounts,
record_payment (the amount typed as in the chat, "45,50", in the round's currency), group_pending_proofs,
confirm_proof / reject_proof. The member gets the bot's receipt of a payment, as in the chat.

    GET  /escritorio/grupo/{slug}/cuentas                       ?hecho=paid&pago=<id> | confirmed | rejected
    POST /escritorio/grupo/{slug}/cuentas/pago                  miembro, ronda, monto, nota, clave
    POST /escritorio/grupo/{slug}/cuentas/avisos/{id}/confirmar
    POST /escritorio/grupo/{slug}/cuentas/avisos/{id}/rechazar  motivo
    GET  /escritorio/grupo/{slug}/cuentas.csv

A payment form carries a key drawn when it was shown (`clave`): posted again, it records nothing more.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from aiohttp import web

from market.enums import LedgerKind
from market.errors import Conflict, FeriaError, Forbidden, Invalid, NotFound
from market.presentation.labels import N_
from market.presentation.sheets import sheet_csv
from market.rules.orders import parse_quantity
from market.services.groups.accounts import MemberEntry, get_group_accounts, member_entries
from market.services.groups.rounds.settlement import record_payment
from market.services.groups.rounds.setup import GroupPlace
from market.services.payments.proofs import confirm_proof, get_proof, group_pending_proofs, reject_proof
from market.spreadsheet import Cell, Sheet
from market.web.desk.common import (
    FORM,
    PERSON,
    desk_locale,
    desk_view,
    new_form_key,
    posted_key,
    refusal_words,
    render,
    see_other,
)
from market.web.desk.groups import coordinated_group, group_path
from market.web.desk.orders import METHODS
from market.web.desk.payments import decision_context
from market.web.pages.common import translator

routes = web.RouteTableDef()
ACCOUNTS = "/escritorio/grupo/{slug}/cuentas"
PROOF = ACCOUNTS + "/avisos/{proof_id:[0-9]{1,9}}"
ENTRY_KINDS = {
    LedgerKind.CHARGE: N_("Bill"),
    LedgerKind.PAYMENT: N_("Payment"),
    LedgerKind.CORRECTION: N_("Correction"),
    LedgerKind.REFUND: N_("Refund"),
}
# Which field of the payment form a refusal is about (others go above the form).
FIELD_OF = {
    "bad_quantity": "monto", "amount_not_positive": "monto", "amount_below_minor_unit": "monto",
    "note_too_long": "nota", "round_not_closed": "ronda", "round_not_found": "ronda", "not_a_group_member": "miembro",
}
CHOOSE = N_("Choose one from the list.")
CSV_COLUMNS = ("member", "day", "round", "entry", "amount", "currency", "note")


@routes.get(ACCOUNTS)
@desk_view
async def accounts_page(request: web.Request) -> web.StreamResponse:
    place = await coordinated_group(request)
    done = request.query.get("hecho", "")
    paid = request.query.get("pago", "")
    return await _show(request, place, {}, {}, done=done if done in ("paid", "confirmed", "rejected") else "",
                       paid_id=int(paid) if paid.isdigit() and len(paid) < 10 else 0)


@routes.post(ACCOUNTS + "/pago")
@desk_view
async def record(request: web.Request) -> web.StreamResponse:
    """Record what a member paid for a round; a bad amount is said next to its field and nothing is recorded."""
    place = await coordinated_group(request)
    form = request[FORM]
    values = {name: str(form.get(name, "")).strip()[:300] for name in ("miembro", "ronda", "monto", "nota", "clave")}
    errors: dict[str, str] = {}
    if not values["miembro"].isdigit() or len(values["miembro"]) > 9:
        errors["miembro"] = translator(desk_locale(request)).gettext(CHOOSE)
    if not values["ronda"].isdigit() or len(values["ronda"]) > 9:
        errors["ronda"] = translator(desk_locale(request)).gettext(CHOOSE)
    amount = None
    try:
        amount = parse_quantity(values["monto"])
    except Invalid as refused:
        errors["monto"] = refusal_words(request, refused)
    rounds = (await get_group_accounts(place.group_id, viewer_person_id=request[PERSON].person_id)).rounds
    if values["ronda"] and values["ronda"] not in {str(r.round_id) for r in rounds}:
        errors["ronda"] = translator(desk_locale(request)).gettext(CHOOSE)  # another group's round
    if errors or amount is None:
        return await _show(request, place, values, errors, status=400)
    key = posted_key(values["clave"])
    try:
        payment = await record_payment(int(values["ronda"]), member_person_id=int(values["miembro"]), amount=amount,
                                       by_person_id=request[PERSON].person_id, note=values["nota"], key=key)
    except (Invalid, Conflict, NotFound, Forbidden) as refused:
        errors[FIELD_OF.get(refused.code, "form")] = refusal_words(request, refused)
        return await _show(request, place, values, errors, status=409 if isinstance(refused, Conflict) else 400)
    raise see_other(request, group_path(request, f"/cuentas?hecho=paid&pago={payment.id}"))


@routes.post(PROOF + "/confirmar")
@desk_view
async def confirm(request: web.Request) -> web.StreamResponse:
    return await _decide(request, "confirmed", "")


@routes.post(PROOF + "/rechazar")
@desk_view
async def reject(request: web.Request) -> web.StreamResponse:
    return await _decide(request, "rejected", str(request[FORM].get("motivo", "")))


async def _decide(request: web.Request, done: str, reason: str) -> web.StreamResponse:
    """A member's "Ya pagué" confirmed (the payment recorded once, the receipt sent) or rejected with the reason."""
    place = await coordinated_group(request)
    person_id, proof_id = request[PERSON].person_id, int(request.match_info["proof_id"])
    try:
        proof = await get_proof(proof_id, viewer_id=person_id)
    except (NotFound, Forbidden):
        raise web.HTTPNotFound() from None
    if proof.group_id != place.group_id:
        raise web.HTTPNotFound()
    try:
        if done == "confirmed":
            await confirm_proof(proof_id, by_person_id=person_id)
        else:
            await reject_proof(proof_id, by_person_id=person_id, reason=reason)
    except (Invalid, Conflict) as refused:
        return await _show(request, place, {}, {}, refused=refused, proof_id=proof_id, reason=reason,
                           status=400 if isinstance(refused, Invalid) else 409)
    raise see_other(request, group_path(request, f"/cuentas?hecho={done}"))


@routes.get(ACCOUNTS + ".csv")
@desk_view
async def accounts_csv(request: web.Request) -> web.StreamResponse:
    """Every member's entries as CSV in the person's language, names and notes spreadsheet-safe."""
    place = await coordinated_group(request)
    locale = desk_locale(request)
    words = translator(locale)
    entries = await member_entries(place.group_id, by_person_id=request[PERSON].person_id)
    rows: list[tuple[Cell, ...]] = [
        (e.name, e.created_at.date().isoformat(), e.round_number, words.gettext(ENTRY_KINDS.get(e.kind, e.kind.value)),
         e.amount, e.currency, e.memo)
        for e in entries
    ]
    return web.Response(
        text=sheet_csv(Sheet(CSV_COLUMNS, tuple(rows)), words), content_type="text/csv", charset="utf-8",
        headers={"Content-Disposition": f'attachment; filename="cuentas-{place.group_id}.csv"'},
    )


async def _show(request: web.Request, place: GroupPlace, values: dict[str, str], errors: dict[str, str], *,
                done: str = "", paid_id: int = 0, refused: FeriaError | None = None, proof_id: int = 0,
                reason: str = "", status: int = 200) -> web.Response:
    person_id = request[PERSON].person_id
    accounts = await get_group_accounts(place.group_id, viewer_person_id=person_id)
    entries: defaultdict[int, list[MemberEntry]] = defaultdict(list)
    for entry in await member_entries(place.group_id, by_person_id=person_id):
        entries[entry.member_id].append(entry)
    if not values.get("clave"):
        values = {**values, "clave": new_form_key()}
    if not values.get("ronda") and accounts.rounds:
        values["ronda"] = str(accounts.rounds[-1].round_id)  # the latest closed round
    words = translator(desk_locale(request))
    context: dict[str, Any] = {
        "place": place, "accounts": accounts, "entries": entries, "kinds": ENTRY_KINDS, "values": values,
        "errors": errors, "done": done, "paid": next((p for p in accounts.payments if p.id == paid_id), None),
        "proofs": await group_pending_proofs(place.group_id, by_person_id=person_id), "methods": METHODS,
        "base": group_path(request),
        "member_options": list({m.person_id: m.name for m in accounts.member_balances or ()}.items()),
        "rounds_options": [(r.round_id, words.gettext("Round #{number}").format(number=r.round_number))
                           for r in reversed(accounts.rounds)],
        **decision_context(request, refused, proof_id, reason),
    }
    return await render("desk/group/accounts.html", request, context, status=status)
