"""Feria's HTTP transport (bot.connections) sends what python-telegram-bot's own sends: a form, its values intact."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

TRICKY = "Café & té = 2+2 %20 “ok”\nñandú 🐝 a=b&c"


async def test_text_and_buttons_reach_the_chat_as_written_whatever_they_hold(bot, client, ana):
    """The form is encoded by bot.connections itself (not aiohttp's FormData): '&', '=', '+', '%', newlines and
    emoji must come out as they went in."""
    await ana.says("hola")  # the chat exists once she has written
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("+1 kg & más", callback_data="add=1&x%")]])

    sent = await bot.send_message(chat_id=777, text=TRICKY, reply_markup=keyboard)
    edited = await bot.edit_message_text(TRICKY[::-1], chat_id=777, message_id=sent.message_id, reply_markup=keyboard)

    seen = [reply for reply in client.sent_to(777) if reply.from_bot]
    assert [(reply.text, reply.buttons) for reply in seen] == [(TRICKY[::-1], [[("+1 kg & más", "add=1&x%")]])]
    assert sent.text == TRICKY and edited.text == TRICKY[::-1]
