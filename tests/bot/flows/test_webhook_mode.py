"""The same conversations work when Telegram pushes updates to /telegram/webhook instead of being polled."""

import pytest

from market.enums import InboxStatus, OrderStatus
from market.models import InboxUpdate
from tests.bot.flows.test_ordering import checkout_with_pickup
from tests.support.orders import the_order


@pytest.fixture(params=["webhook"])
def mode(request) -> str:
    return request.param


async def test_in_webhook_mode_a_consumer_orders_and_the_organization_confirms(feria, ana, hilda):
    await ana.says("/start")
    menu = await ana.receives()
    _, placed = await checkout_with_pickup(ana, "Café tostado en grano")
    notice = await hilda.receives(timeout=5)
    await hilda.presses("✅ Confirmar", message=notice)
    await hilda.sees_answer()
    told = await ana.receives(timeout=5)

    order = await the_order()
    assert menu.text.startswith("¡Hola, Ana!")
    assert placed.text.startswith(f"✅ Pedido #{order.id} hecho")
    assert order.status == OrderStatus.CONFIRMED
    assert told.text.startswith("👍 Asociación de Productores de Café Amboró confirmó")
    assert "telegram_webhook" in feria.router.named_resources()
    assert await InboxUpdate.filter(status=InboxStatus.DONE).count() >= 6
    assert await InboxUpdate.exclude(status=InboxStatus.DONE).count() == 0
