"""The ways to pay an organization, at its desk, for its admins: listed in the order buyers read them, added (cash at
pickup or on delivery, a bank transfer, Pix in Brazil), turned off, and moved up.

The bot's services and checks (bot/flows/payment_methods.py): payment_methods_page, check_field (each answer checked
as the bot checks it, so an error is said next to its field), add_payment_method, turn_off_payment_method,
move_payment_method_up. A way to pay is never edited, as in the bot: turning it off and adding a new one keeps every
order pointing at the way it was placed with. A bank's QR is a photo the bot keeps in Telegram: it is added in the
chat, and listed, moved and turned off here.

    GET  /escritorio/org/{slug}/formas-de-pago                     ?hecho=added|off|up
    POST /escritorio/org/{slug}/formas-de-pago                     tipo, and its fields (below)
    POST /escritorio/org/{slug}/formas-de-pago/{method_id}/quitar
    POST /escritorio/org/{slug}/formas-de-pago/{method_id}/subir

Adding the same way twice (a form posted again) is the one already there; turning off or moving a way that is no
longer offered changes nothing (409).
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from market.enums import PaymentMethodKind
from market.errors import FeriaError, Invalid
from market.presentation.labels import N_
from market.services.orders.search import OrganizationOrders
from market.services.payments.methods import (
    MethodDraft,
    Payee,
    PayeePage,
    add_payment_method,
    check_field,
    move_payment_method_up,
    payment_methods_page,
    turn_off_payment_method,
)
from market.web.desk.common import FORM, PERSON, desk_view, refusal_words, render, see_other
from market.web.desk.organization import SLUG, admin_organization
from market.web.pages.common import path_segment

routes = web.RouteTableDef()
METHODS = f"/escritorio/org/{SLUG}/formas-de-pago"
METHOD = METHODS + "/{method_id:[0-9]{1,9}}"
DONE = ("added", "off", "up")
# The bot's names of each kind (bot/screens/payment_methods.py KIND_NAMES, without the emoji).
KIND_NAMES = {
    PaymentMethodKind.CASH_PICKUP: N_("Cash at pickup"),
    PaymentMethodKind.CASH_DELIVERY: N_("Cash on delivery"),
    PaymentMethodKind.TRANSFER: N_("Bank transfer"),
    PaymentMethodKind.PIX: N_("Pix"),
    PaymentMethodKind.BANK_QR: N_("Bank QR"),
}
CASH = (PaymentMethodKind.CASH_PICKUP, PaymentMethodKind.CASH_DELIVERY)
# Each kind's form fields, in order: the form's name for it, and the draft's field it fills (as the bot's STEPS).
FIELDS = {
    PaymentMethodKind.TRANSFER: (("banco", "bank"), ("cuenta", "account_number"), ("titular", "holder")),
    PaymentMethodKind.PIX: (("clave_pix", "pix_key"), ("nombre_pix", "holder"), ("ciudad_pix", "city")),
}
NOT_OFFERED = N_("That way to pay is no longer offered: nothing was changed.")


def methods_path(organization: OrganizationOrders, rest: str = "") -> str:
    return f"/escritorio/org/{path_segment(organization.slug)}/formas-de-pago{rest}"


@routes.get(METHODS)
@desk_view
async def methods_page(request: web.Request) -> web.StreamResponse:
    organization = await admin_organization(request)
    done = request.query.get("hecho", "")
    return await _show(request, organization, {}, {}, done=done if done in DONE else "")


@routes.post(METHODS)
@desk_view
async def add(request: web.Request) -> web.StreamResponse:
    """A new way to pay, each field checked as the bot checks its answer; nothing added while one is wrong."""
    organization = await admin_organization(request)
    form = request[FORM]
    try:
        kind = PaymentMethodKind(str(form.get("tipo", "")))
    except ValueError:
        raise web.HTTPBadRequest() from None  # no form of the page sends another kind
    if kind is PaymentMethodKind.BANK_QR:
        raise web.HTTPBadRequest()  # a photo in Telegram: added in the chat
    values = {name: str(form.get(name, ""))[:300] for name, _ in FIELDS.get(kind, ())}
    errors: dict[str, str] = {}
    draft: dict[str, str] = {}
    for name, field in FIELDS.get(kind, ()):
        try:
            draft[field] = check_field(kind, field, values[name])
        except Invalid as refused:
            errors[name] = refusal_words(request, refused)
    if errors:
        return await _show(request, organization, values, errors, status=400)
    try:
        await add_payment_method(Payee(organization_id=organization.id), MethodDraft(kind, **draft),
                                 by_person_id=request[PERSON].person_id)
    except Invalid as refused:
        return await _show(request, organization, values, {}, refused=refused, status=400)
    raise see_other(request, methods_path(organization, "?hecho=added"))


@routes.post(METHOD + "/quitar")
@desk_view
async def turn_off(request: web.Request) -> web.StreamResponse:
    """No longer offered to buyers; the orders placed with it keep it."""
    organization, method_id = await _offered(request)
    if method_id is None:
        return await _show(request, organization, {}, {}, not_offered=True, status=409)
    await turn_off_payment_method(method_id, by_person_id=request[PERSON].person_id)
    raise see_other(request, methods_path(organization, "?hecho=off"))


@routes.post(METHOD + "/subir")
@desk_view
async def move_up(request: web.Request) -> web.StreamResponse:
    """One place earlier in the order buyers read them (the first stays first)."""
    organization, method_id = await _offered(request)
    if method_id is None:
        return await _show(request, organization, {}, {}, not_offered=True, status=409)
    await move_payment_method_up(method_id, by_person_id=request[PERSON].person_id)
    raise see_other(request, methods_path(organization, "?hecho=up"))


async def _offered(request: web.Request) -> tuple[OrganizationOrders, int | None]:
    """The organization, and the way to pay the address names if it is one the organization offers now."""
    organization = await admin_organization(request)
    page = await payment_methods_page(Payee(organization_id=organization.id), by_person_id=request[PERSON].person_id)
    method_id = int(request.match_info["method_id"])
    return organization, method_id if method_id in {m.id for m in page.methods} else None


async def _show(request: web.Request, organization: OrganizationOrders, values: dict[str, str],
                errors: dict[str, str], *, done: str = "", refused: FeriaError | None = None,
                not_offered: bool = False, status: int = 200) -> web.Response:
    page: PayeePage = await payment_methods_page(Payee(organization_id=organization.id),
                                                 by_person_id=request[PERSON].person_id)
    context: dict[str, Any] = {
        "organization": organization, "page": page, "values": values, "errors": errors, "done": done,
        "refusal": refusal_words(request, refused) if refused else "", "not_offered": not_offered,
        "kinds": KIND_NAMES, "base": methods_path(organization), "pix": page.country_code == "BR",
        "kind": PaymentMethodKind, "not_offered_words": NOT_OFFERED,
    }
    return await render("desk/org/methods.html", request, context, status=status)
