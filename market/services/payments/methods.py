"""The ways to pay an organization or a purchasing group: its admins (or coordinators) add them, turn them off
and put them in order; buyers read the active ones.

A method is never edited: turning it off and adding a new one keeps every order pointing at the method it was
placed with. Every field a payee writes is checked here (lengths, a Pix key by its kind), whoever calls.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from tortoise.transactions import in_transaction

from market.enums import PaymentMethodKind
from market.errors import Forbidden, Invalid, NotFound
from market.models import Organization, PaymentMethod, PurchasingGroup
from market.rules.pix import CITY_LIMIT, NAME_LIMIT, check_pix_key
from market.services.groups.rounds.views import is_coordinator
from market.services.lots.preview import is_admin

# The most characters each field may hold (the model's columns; Pix's name and city: the BR Code's).
LIMITS = {"bank": 80, "account_number": 40, "holder": 80, "note": 200, "pix_name": NAME_LIMIT, "pix_city": CITY_LIMIT}
METHODS_LIMIT = 8  # active ways to pay one payee may have: a buyer's choice fits on a phone


@dataclass(frozen=True)
class Payee:
    """Who is paid: an organization or a purchasing group (exactly one)."""

    organization_id: int | None = None
    group_id: int | None = None

    def __post_init__(self) -> None:
        if (self.organization_id is None) == (self.group_id is None):
            raise ValueError("a payee is an organization or a group, never both nor neither")

    @property
    def filters(self) -> dict[str, int | None]:
        return {"organization_id": self.organization_id, "group_id": self.group_id}


@dataclass(frozen=True)
class MethodDraft:
    """What a payee writes for a way to pay; only the fields its kind uses are kept."""

    kind: PaymentMethodKind
    bank: str = ""
    account_number: str = ""
    holder: str = ""  # a transfer's account holder; Pix: the name the buyer's bank shows
    pix_key: str = ""
    city: str = ""
    qr_file_id: str = ""
    note: str = ""


@dataclass(frozen=True)
class PaymentMethodView:
    id: int
    kind: PaymentMethodKind
    bank: str
    account_number: str
    holder: str
    pix_key: str
    city: str
    qr_file_id: str
    note: str
    active: bool
    position: int


def check_text(field: str, text: str) -> str:
    """One field as typed, trimmed: Invalid("payment_text_length") when empty or longer than its limit."""
    value = " ".join(text.split())
    if not value or len(value) > LIMITS[field]:
        raise Invalid("payment_text_length", min=1, max=LIMITS[field])
    return value


def check_draft(draft: MethodDraft, country_code: str) -> MethodDraft:
    """The draft with its kind's fields checked and the others emptied."""
    kind = draft.kind
    if kind in (PaymentMethodKind.CASH_PICKUP, PaymentMethodKind.CASH_DELIVERY):
        return MethodDraft(kind, note=check_text("note", draft.note) if draft.note.strip() else "")
    if kind is PaymentMethodKind.TRANSFER:
        return MethodDraft(kind, bank=check_text("bank", draft.bank),
                           account_number=check_text("account_number", draft.account_number),
                           holder=check_text("holder", draft.holder))
    if kind is PaymentMethodKind.PIX:
        if country_code != "BR":
            raise Invalid("pix_needs_brazil")
        return MethodDraft(kind, pix_key=check_pix_key(draft.pix_key).value, holder=check_text("pix_name", draft.holder),
                           city=check_text("pix_city", draft.city))
    if not draft.qr_file_id:
        raise Invalid("payment_qr_missing")
    return MethodDraft(kind, qr_file_id=draft.qr_file_id[:255],
                       note=check_text("note", draft.note) if draft.note.strip() else "")


async def add_payment_method(payee: Payee, draft: MethodDraft, *, by_person_id: int) -> PaymentMethodView:
    """A new active way to pay, last in the payee's order; the same one again (a button pressed twice, an answer
    sent twice) is the one already there."""
    _name, country = await check_payee_manager(payee, by_person_id)
    clean = check_draft(draft, country)
    async with in_transaction():
        same = await PaymentMethod.filter(
            **payee.filters, active=True, kind=clean.kind, bank=clean.bank, account_number=clean.account_number,
            holder=clean.holder, pix_key=clean.pix_key, city=clean.city, qr_file_id=clean.qr_file_id).first()
        if same is not None:
            return method_view(same)
        active = await PaymentMethod.filter(**payee.filters, active=True).count()
        if active >= METHODS_LIMIT:
            raise Invalid("payment_methods_too_many", max=METHODS_LIMIT)
        last = await PaymentMethod.filter(**payee.filters).order_by("-position").first()
        method = await PaymentMethod.create(
            organization_id=payee.organization_id, group_id=payee.group_id, kind=clean.kind, bank=clean.bank,
            account_number=clean.account_number, holder=clean.holder, pix_key=clean.pix_key, city=clean.city,
            qr_file_id=clean.qr_file_id, note=clean.note, position=(last.position + 1) if last else 0, created_by_id=by_person_id,
        )
    return method_view(method)


async def list_payment_methods(payee: Payee) -> tuple[PaymentMethodView, ...]:
    """The payee's active ways to pay, in its order: what any buyer may read."""
    methods = await PaymentMethod.filter(**payee.filters, active=True).order_by("position", "id")
    return tuple(method_view(m) for m in methods)


async def turn_off_payment_method(method_id: int, *, by_person_id: int) -> PaymentMethodView:
    """The method is no longer offered (orders placed with it keep it); turning it off twice is the same."""
    method = await _method(method_id)
    await check_payee_manager(Payee(method.organization_id, method.group_id), by_person_id)
    await PaymentMethod.filter(id=method_id).update(active=False)
    return replace(method_view(method), active=False)


async def move_payment_method_up(method_id: int, *, by_person_id: int) -> tuple[PaymentMethodView, ...]:
    """The method swaps places with the one before it (the first stays first)."""
    method = await _method(method_id)
    payee = Payee(method.organization_id, method.group_id)
    await check_payee_manager(payee, by_person_id)
    async with in_transaction():
        ordered = list(await PaymentMethod.filter(**payee.filters, active=True).order_by("position", "id"))
        at = next((i for i, m in enumerate(ordered) if m.id == method_id), 0)
        if at > 0:
            ordered[at - 1], ordered[at] = ordered[at], ordered[at - 1]
        for position, m in enumerate(ordered):
            if m.position != position:
                await PaymentMethod.filter(id=m.id).update(position=position)
    return await list_payment_methods(payee)


@dataclass(frozen=True)
class PayeePage:
    """A payee's ways to pay, as its admins or coordinators manage them."""

    name: str
    country_code: str
    methods: tuple[PaymentMethodView, ...]


async def payment_methods_page(payee: Payee, *, by_person_id: int) -> PayeePage:
    name, country = await check_payee_manager(payee, by_person_id)
    return PayeePage(name, country, await list_payment_methods(payee))


def check_field(kind: PaymentMethodKind, field: str, text: str) -> str:
    """One answer to the questions that add a way to pay, checked as add_payment_method will check it."""
    if field == "pix_key":
        return check_pix_key(text).value
    if kind is PaymentMethodKind.PIX and field in ("holder", "city"):
        return check_text("pix_name" if field == "holder" else "pix_city", text)
    return check_text(field, text)


async def check_payee_manager(payee: Payee, person_id: int) -> tuple[str, str]:
    """The payee's name and country when the person may change its ways to pay: an approved admin of the
    organization, an active coordinator of the group; else Forbidden."""
    if payee.organization_id is not None:
        organization = await Organization.filter(id=payee.organization_id).select_related("territory").first()
        if organization is None:
            raise NotFound("organization_not_found")
        if not await is_admin(organization.id, person_id):
            raise Forbidden("not_an_admin")
        return organization.name, organization.territory.country_code
    group = await PurchasingGroup.filter(id=payee.group_id).select_related("territory").first()
    if group is None:
        raise NotFound("group_not_found")
    if not await is_coordinator(group.id, person_id):
        raise Forbidden("not_a_coordinator")
    return group.name, group.territory.country_code


async def _method(method_id: int) -> PaymentMethod:
    method = await PaymentMethod.get_or_none(id=method_id)
    if method is None:
        raise NotFound("payment_method_not_found")
    return method


def method_view(m: PaymentMethod) -> PaymentMethodView:
    return PaymentMethodView(m.id, PaymentMethodKind(m.kind), m.bank, m.account_number, m.holder, m.pix_key, m.city,
                             m.qr_file_id, m.note, m.active, m.position)
