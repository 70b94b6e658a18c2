"""An organization's received orders at the desk: the list (by status and days, newest first) and one order with
the steps the bot offers its admins (bot/flows/orders.py, bot/flows/payments.py), through the same services.

    GET  /escritorio/org/{slug}/pedidos                        ?estado=&desde=&hasta=&pagina=
    GET  /escritorio/org/{slug}/pedidos/{id}                   ?hecho=<step>: the step just done
    POST /escritorio/org/{slug}/pedidos/{id}/avanzar           paso=confirmed|ready|delivered
    POST /escritorio/org/{slug}/pedidos/{id}/rechazar          motivo=...
    POST /escritorio/org/{slug}/pedidos/{id}/pagado
    POST /escritorio/org/{slug}/pedidos/{id}/devolucion

A step already taken (a second click, a page left open while someone else answered) changes nothing: the service
refuses it (order_status_changed, order_already_paid, ...) and the order is shown again saying why (409).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from aiohttp import web

from market.enums import OrderStatus
from market.errors import Conflict, FeriaError, Forbidden, Invalid
from market.presentation.labels import N_, ORDER_STATUS
from market.services.orders.received import ReceivedOrderDetail, get_received_order
from market.services.orders.refunds import record_refund, refund_state
from market.services.orders.search import OrganizationOrders, search_received_orders
from market.services.orders.status import advance_order, mark_order_paid, refuse_order
from market.services.payments.order_payment import received_payment
from market.web.desk.common import FORM, PERSON, desk_locale, desk_view, refusal_words, render, see_other
from market.web.desk.organization import SLUG, admin_organization
from market.web.pages.common import translator

routes = web.RouteTableDef()
ORDER = f"/escritorio/org/{SLUG}/pedidos/{{order_id:[0-9]{{1,9}}}}"
STEPS = {"confirmed": OrderStatus.CONFIRMED, "ready": OrderStatus.READY, "delivered": OrderStatus.DELIVERED}
DONE = ("confirmed", "ready", "delivered", "refused", "paid", "refunded")
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")
# The step the bot offers next for each status (bot/screens/orders.py NEXT_STEPS), by the value `paso` carries.
NEXT_STEPS = {
    OrderStatus.PLACED: ("confirmed", N_("Confirm the order")),
    OrderStatus.CONFIRMED: ("ready", N_("Mark ready for pickup")),
    OrderStatus.READY: ("delivered", N_("Mark delivered")),
}
# How the buyer chose to pay (the bot's words, bot/screens/payments.py METHODS).
METHODS = {
    "cash_pickup": N_("cash at pickup"),
    "cash_delivery": N_("cash on delivery"),
    "transfer": N_("bank transfer"),
    "pix": N_("Pix"),
    "bank_qr": N_("bank QR"),
}


@routes.get(f"/escritorio/org/{SLUG}/pedidos")
@desk_view
async def order_list(request: web.Request) -> web.StreamResponse:
    """The received orders that match the filter; a bad date is said next to its field (400)."""
    organization = await admin_organization(request)
    query, errors = request.query, dict[str, str]()
    status = query.get("estado", "")
    chosen = OrderStatus(status) if status in set(OrderStatus) else None
    since, until = _day(query.get("desde", ""), "desde", errors), _day(query.get("hasta", ""), "hasta", errors)
    if since and until and until < since:
        errors["hasta"] = "until_before_since"
        until = None
    page = int(query["pagina"]) - 1 if query.get("pagina", "").isdigit() and 0 < len(query["pagina"]) < 6 else 0
    found = await search_received_orders(organization.id, viewer_person_id=request[PERSON].person_id, status=chosen,
                                         since=since, until=until, page=page)
    _ = translator(desk_locale(request)).gettext
    words = _error_words(_)
    context = {
        "organization": organization, "found": found, "statuses": ORDER_STATUS,
        "status_options": [(status.value, _(label)) for status, label in ORDER_STATUS.items()],
        "local": _local(organization.time_zone),
        "filter": {"estado": chosen.value if chosen else "", "desde": query.get("desde", "")[:20],
                   "hasta": query.get("hasta", "")[:20]},
        "errors": {name: words[code] for name, code in errors.items()},
    }
    return await render("desk/org/orders.html", request, context, status=400 if errors else 200)


@routes.get(ORDER)
@desk_view
async def order_page(request: web.Request) -> web.StreamResponse:
    organization = await admin_organization(request)
    detail = await _order_of(organization, request)
    done = request.query.get("hecho", "")
    return await _show(request, organization, detail, done=done if done in DONE else "")


@routes.post(f"{ORDER}/avanzar")
@desk_view
async def advance(request: web.Request) -> web.StreamResponse:
    """Confirm, ready, delivered: the buyer is told by the bot, as when the button is pressed in the chat."""
    step = str(request[FORM].get("paso", ""))
    if step not in STEPS:
        raise web.HTTPBadRequest()  # the page offers only these
    return await _act(request, step, lambda order_id, person_id: advance_order(
        order_id, by_person_id=person_id, to=STEPS[step]))


@routes.post(f"{ORDER}/rechazar")
@desk_view
async def refuse(request: web.Request) -> web.StreamResponse:
    """Refuse with the reason the buyer will read; a paid order is owed back (only an admin refuses it)."""
    reason = str(request[FORM].get("motivo", ""))
    return await _act(request, "refused", lambda order_id, person_id: refuse_order(
        order_id, by_person_id=person_id, reason=reason), reason=reason)


@routes.post(f"{ORDER}/pagado")
@desk_view
async def paid(request: web.Request) -> web.StreamResponse:
    return await _act(request, "paid", lambda order_id, person_id: mark_order_paid(order_id, by_person_id=person_id))


@routes.post(f"{ORDER}/devolucion")
@desk_view
async def refunded(request: web.Request) -> web.StreamResponse:
    return await _act(request, "refunded", lambda order_id, person_id: record_refund(order_id, by_person_id=person_id))


async def _act(request: web.Request, done: str, step: Callable[[int, int], Any], *, reason: str = "") -> web.StreamResponse:
    """Take the step, then back to the order saying it was done; refused, the order again saying why (values kept)."""
    organization = await admin_organization(request)
    detail = await _order_of(organization, request)
    try:
        await step(detail.order.id, request[PERSON].person_id)
    except (Invalid, Conflict, Forbidden) as refused:
        detail = await _order_of(organization, request)
        status = 400 if isinstance(refused, Invalid) else 409 if isinstance(refused, Conflict) else 403
        return await _show(request, organization, detail, refused=refused, reason=reason, status=status)
    raise see_other(request, f"/escritorio/org/{organization.slug}/pedidos/{detail.order.id}?hecho={done}")


async def _order_of(organization: OrganizationOrders, request: web.Request) -> ReceivedOrderDetail:
    """The order the address names, if it is this organization's: another's is not found here (404)."""
    try:
        detail = await get_received_order(int(request.match_info["order_id"]), viewer_person_id=request[PERSON].person_id)
    except Forbidden:
        raise web.HTTPNotFound() from None
    if detail.order.organization_id != organization.id:
        raise web.HTTPNotFound()
    return detail


async def _show(request: web.Request, organization: OrganizationOrders, detail: ReceivedOrderDetail, *,
                done: str = "", refused: FeriaError | None = None, reason: str = "", status: int = 200
                ) -> web.StreamResponse:
    person_id = request[PERSON].person_id
    words = translator(desk_locale(request)).gettext
    context = {
        "organization": organization, "order": detail.order, "refund": await refund_state(detail.order.id),
        "payment": await received_payment(detail.order.id, by_person_id=person_id), "done": done,
        "statuses": ORDER_STATUS, "reason": reason, "methods": METHODS, "steps": NEXT_STEPS,
        "local": _local(organization.time_zone),
        "refusal": _refusal(request, refused, words) if refused else None,
        "reason_refused": refused is not None and refused.code in ("reason_missing", "reason_too_long"),
    }
    return await render("desk/org/order.html", request, context, status=status)


def _refusal(request: web.Request, error: FeriaError, _: Callable[[str], str]) -> str:
    """The refusal in the person's words, the order's status named as the desk names it."""
    status = error.params.get("status")
    if status is None:
        return refusal_words(request, error)
    return refusal_words(request, error, status=_(ORDER_STATUS.get(OrderStatus(status), str(status))))


def _day(text: str, name: str, errors: dict[str, str]) -> date | None:
    """A day typed or picked (2026-03-31, or 31/03/2026); a bad one is named in `errors` and not filtered on."""
    text = text.strip()
    if not text:
        return None
    for form in DATE_FORMATS:
        try:
            return datetime.strptime(text[:20], form).date()
        except ValueError:
            continue
    errors[name] = "not_a_date"
    return None


def _local(zone: str) -> Callable[[datetime], datetime]:
    """A moment on the organization's clock: its days and hours are the ones shown."""
    return lambda moment: moment.astimezone(ZoneInfo(zone))


def _error_words(_: Callable[[str], str]) -> dict[str, str]:
    return {
        "not_a_date": _("That is not a date: write it like 31/03/2026."),
        "until_before_since": _("This day is before the first day."),
    }
