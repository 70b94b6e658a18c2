from tortoise.transactions import in_transaction
from market.models import Notification
from market.services.notifications import enqueue_notification

async def test_a_dedupe_key_owes_a_chat_one_message_even_inside_a_transaction(db):
    async with in_transaction():
        first = await enqueue_notification(chat_id=7, template="t", dedupe_key="k")
        second = await enqueue_notification(chat_id=7, template="t", dedupe_key="k")
        third = await enqueue_notification(chat_id=8, template="t")
    assert (first, second, third) == (True, False, True)
    assert await Notification.all().count() == 2

async def test_a_rolled_back_change_owes_nothing(db):
    try:
        async with in_transaction():
            await enqueue_notification(chat_id=7, template="t")
            raise RuntimeError
    except RuntimeError:
        pass
    assert await Notification.all().count() == 0
