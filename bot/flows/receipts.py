"""A person's receipts: /recibos lists the latest, and a press sends one's PDF again."""

from __future__ import annotations

from telegram import InputFile

from bot.actions import Action
from bot.callbacks import Press
from bot.flows.router import PressHandler
from bot.receipt_notices import receipt_document
from bot.screens import receipts as screens
from bot.turn import Turn, turn_handler
from market.services.receipts.views import get_own_receipt, list_receipts


@turn_handler
async def receipts_command(turn: Turn) -> None:
    """/recibos: the person's latest receipts."""
    await turn.send(screens.receipt_list(turn, await list_receipts(turn.person.id)))


async def receipts_pressed(turn: Turn, press: Press) -> None:
    await turn.show(screens.receipt_list(turn, await list_receipts(turn.person.id)))


async def receipt_again_pressed(turn: Turn, press: Press) -> None:
    """One of the person's receipts, as a PDF in their language (another's code is refused as unknown)."""
    receipt = await get_own_receipt(press.args[0], person_id=turn.person.id)
    document = receipt_document(receipt, turn.locale, turn.settings.public_url)
    await turn.toast()
    await turn.context.bot.send_document(
        turn.chat_id, InputFile(document.content, filename=document.file_name), caption=screens.caption(turn, receipt))


PRESSES: dict[Action, PressHandler] = {
    Action.RECEIPTS: receipts_pressed,
    Action.RECEIPT_AGAIN: receipt_again_pressed,
}
