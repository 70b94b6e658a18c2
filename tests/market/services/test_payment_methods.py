"""Ways to pay: only an organization's admins or a group's coordinators change them, every field is checked, and
a buyer chooses among the ways that fit the order."""

from decimal import Decimal

import pytest

from market.enums import PaymentMethodKind
from market.errors import Conflict, Forbidden, Invalid, NotFound
from market.models import PaymentMethod
from market.rules.pix import parse_br_code
from market.services.groups.membership import create_group
from market.services.orders.cart import add_to_cart
from market.services.orders.placing import place_orders
from market.services.orders.status import cancel_order
from market.services.payments.methods import (
    MethodDraft,
    Payee,
    add_payment_method,
    list_payment_methods,
    move_payment_method_up,
    turn_off_payment_method,
)
from market.services.payments.order_payment import choose_payment_method, payment_due
from tests.market.services.shop import make_person, make_shop

PIX = MethodDraft(PaymentMethodKind.PIX, pix_key="vendas@coop.org.br", holder="Cooperativa Açaí", city="Belém")
TRANSFER = MethodDraft(PaymentMethodKind.TRANSFER, bank="Banco Unión", account_number="1-2345678", holder="OECA")


async def brazilian_shop():
    return await make_shop("coop-acai", name="Cooperativa Açaí", currency="BRL", country_code="BR",
                           telegram_base=2000)


async def test_an_admin_adds_lists_reorders_and_turns_off_ways_to_pay(db):
    shop = await make_shop()
    payee = Payee(organization_id=shop.organization_id)
    transfer = await add_payment_method(payee, TRANSFER, by_person_id=shop.admin_id)
    cash = await add_payment_method(payee, MethodDraft(PaymentMethodKind.CASH_PICKUP, bank="ignored"),
                                    by_person_id=shop.admin_id)
    assert [m.kind for m in await list_payment_methods(payee)] == [PaymentMethodKind.TRANSFER,
                                                                 PaymentMethodKind.CASH_PICKUP]
    assert cash.bank == ""  # only the fields its kind uses are kept
    again = await add_payment_method(payee, MethodDraft(PaymentMethodKind.CASH_PICKUP), by_person_id=shop.admin_id)
    assert again == cash  # a button pressed twice adds it once
    moved = await move_payment_method_up(cash.id, by_person_id=shop.admin_id)
    assert [m.id for m in moved] == [cash.id, transfer.id]
    await turn_off_payment_method(transfer.id, by_person_id=shop.admin_id)
    await turn_off_payment_method(transfer.id, by_person_id=shop.admin_id)  # twice is the same
    assert [m.id for m in await list_payment_methods(payee)] == [cash.id]


async def test_a_producer_or_a_stranger_changes_nothing(db):
    shop = await make_shop()
    stranger = await make_person("Nadie")
    payee = Payee(organization_id=shop.organization_id)
    for person in (shop.producer_id, stranger):
        with pytest.raises(Forbidden) as refused:
            await add_payment_method(payee, TRANSFER, by_person_id=person)
        assert refused.value.code == "not_an_admin"
    method = await add_payment_method(payee, TRANSFER, by_person_id=shop.admin_id)
    with pytest.raises(Forbidden):
        await turn_off_payment_method(method.id, by_person_id=shop.producer_id)
    assert [m.id for m in await list_payment_methods(payee)] == [method.id]


async def test_a_groups_coordinators_set_its_ways_to_pay_and_its_members_do_not(db):
    shop = await make_shop()
    coordinator = await make_person("Carmen")
    group = await create_group(by_person_id=coordinator, name="Grupo Equipetrol", territory_id=shop.territory_id)
    payee = Payee(group_id=group.id)
    with pytest.raises(Forbidden) as refused:
        await add_payment_method(payee, TRANSFER, by_person_id=shop.admin_id)
    assert refused.value.code == "not_a_coordinator"
    added = await add_payment_method(payee, TRANSFER, by_person_id=coordinator)
    assert (await PaymentMethod.get(id=added.id)).group_id == group.id


@pytest.mark.parametrize(("draft", "code"), [
    (MethodDraft(PaymentMethodKind.PIX, pix_key="390.533.447-06", holder="A", city="B"), "pix_key_invalid"),
    (MethodDraft(PaymentMethodKind.PIX, pix_key="39053344705", holder="A" * 26, city="B"), "payment_text_length"),
    (MethodDraft(PaymentMethodKind.PIX, pix_key="39053344705", holder="A", city="C" * 16), "payment_text_length"),
    (MethodDraft(PaymentMethodKind.TRANSFER, bank=" ", account_number="1", holder="A"), "payment_text_length"),
    (MethodDraft(PaymentMethodKind.TRANSFER, bank="B", account_number="1" * 41, holder="A"), "payment_text_length"),
    (MethodDraft(PaymentMethodKind.BANK_QR), "payment_qr_missing"),
])
async def test_a_bad_field_saves_nothing(db, draft, code):
    shop = await brazilian_shop()
    with pytest.raises(Invalid) as refused:
        await add_payment_method(Payee(organization_id=shop.organization_id), draft, by_person_id=shop.admin_id)
    assert refused.value.code == code
    assert await PaymentMethod.all().count() == 0


async def test_pix_is_for_brazil(db):
    shop = await make_shop()
    with pytest.raises(Invalid) as refused:
        await add_payment_method(Payee(organization_id=shop.organization_id), PIX, by_person_id=shop.admin_id)
    assert refused.value.code == "pix_needs_brazil"


async def test_a_buyer_chooses_a_way_that_fits_and_pix_names_the_order_and_its_amount(db, consumer):
    shop = await brazilian_shop()
    payee = Payee(organization_id=shop.organization_id)
    pix = await add_payment_method(payee, PIX, by_person_id=shop.admin_id)
    on_delivery = await add_payment_method(payee, MethodDraft(PaymentMethodKind.CASH_DELIVERY),
                                           by_person_id=shop.admin_id)
    await add_to_cart(consumer, shop.offers["Tomate"], Decimal("3"))
    (order,) = await place_orders(consumer, idempotency_key="k1", pickup=True)

    due = await payment_due(order.id, by_person_id=consumer)
    assert [m.id for m in due.choices] == [pix.id]  # cash on delivery is not for an order picked up
    with pytest.raises(Conflict) as refused:
        await choose_payment_method(order.id, on_delivery.id, by_person_id=consumer)
    assert refused.value.code == "payment_method_not_offered"
    with pytest.raises(NotFound):  # another person's order is not theirs to choose for
        await choose_payment_method(order.id, pix.id, by_person_id=shop.admin_id)

    chosen = await choose_payment_method(order.id, pix.id, by_person_id=consumer)
    again = await choose_payment_method(order.id, pix.id, by_person_id=consumer)
    read = parse_br_code(chosen.pix_code)
    assert again == chosen
    assert (read.key, read.amount, read.txid) == ("vendas@coop.org.br", Decimal("22.50"), f"FERIA{order.id}")
    assert (read.name, read.city) == ("Cooperativa Acai", "Belem")

    await cancel_order(order.id, by_person_id=consumer)
    with pytest.raises(Conflict) as closed:
        await choose_payment_method(order.id, pix.id, by_person_id=consumer)
    assert closed.value.code == "order_not_payable"
