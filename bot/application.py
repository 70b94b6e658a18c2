"""Build the python-telegram-bot Application for Feria's settings."""

from __future__ import annotations

import logging

from telegram.error import TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from bot import connections
from bot.callbacks import CallbackCodec
from bot.commands import COMMANDS, register_commands
from bot.flows import (
    alerts,
    cart,
    catalog,
    committee,
    demand,
    fair_prices,
    fairs,
    fund,
    group_joins,
    groups,
    guidance,
    maturity,
    networks,
    offers,
    operator_categories,
    operators,
    orders,
    organization,
    payment_methods,
    payments,
    places,
    prices,
    privacy,
    producers,
    questions,
    receipts,
    received,
    register,
    register_by_admin,
    registration,
    round_settlement,
    round_setup,
    rounds,
    router,
    seal_requests,
    start,
    statements,
    stock,
    stock_help,
    stock_lots,
    visit_signatures,
    visits,
    web_sign_in,
)
from bot.flows.errors import on_error
from bot.outbox.pacing import Pacer, RepliesFirst
from bot.turn import CODEC
from config import Settings

log = logging.getLogger(__name__)

# Replies answer a person's own action: they take the outbox's 30/s budget first, ahead of its
# notifications (bot.outbox.pacing.RepliesFirst); group chats keep PTB's 20/min, and a 429 on
# a reply is waited out and retried this many times.
REPLY_RETRIES = 2

# The offline sandbox accepts any well-formed token; this one names itself.
SANDBOX_TOKEN = "123456789:FERIA-SANDBOX-OFFLINE-TOKEN"

# Every flow's buttons (Action → handler) and typed answers (what the chat awaits → handler), registered here
# and only here: a new flow module adds its tables to these lists.
PRESS_TABLES = (
    start.PRESSES, catalog.PRESSES, cart.PRESSES, orders.PRESSES, groups.PRESSES, rounds.PRESSES, round_setup.PRESSES,
    round_settlement.PRESSES, offers.PRESSES, stock.PRESSES, stock_lots.PRESSES, alerts.PRESSES, prices.PRESSES, privacy.PRESSES,
    producers.PRESSES, demand.PRESSES, received.PRESSES, operators.PRESSES, operator_categories.PRESSES,
    organization.PRESSES, registration.PRESSES, places.PRESSES, maturity.PRESSES, group_joins.PRESSES,
    networks.PRESSES,
    committee.PRESSES,
    seal_requests.PRESSES,
    visits.PRESSES,
    visit_signatures.PRESSES,
    web_sign_in.PRESSES,
    register.PRESSES,
    register_by_admin.PRESSES,
    stock_help.PRESSES,
    statements.PRESSES,
    receipts.PRESSES,
    questions.PRESSES,
    fair_prices.PRESSES, fairs.PRESSES,
    payment_methods.PRESSES,
    payments.PRESSES,
    fund.PRESSES,
)
ANSWER_TABLES = (
    catalog.ANSWERS, cart.ANSWERS, orders.ANSWERS, groups.ANSWERS, rounds.ANSWERS, round_setup.ANSWERS,
    round_settlement.ANSWERS, offers.ANSWERS, stock.ANSWERS, alerts.ANSWERS, prices.ANSWERS,
    received.ANSWERS, operators.ANSWERS, operator_categories.ANSWERS, registration.ANSWERS, places.ANSWERS,
    maturity.ANSWERS, group_joins.ANSWERS,
    networks.ANSWERS,
    committee.ANSWERS,
    visits.ANSWERS,
    visit_signatures.ANSWERS,
    register.ANSWERS,
    register_by_admin.ANSWERS,
    statements.ANSWERS,
    fair_prices.ANSWERS, fairs.ANSWERS,
    payment_methods.ANSWERS,
    payments.ANSWERS,
    fund.ANSWERS,
)


async def _announce_commands(application: Application) -> None:
    """Show each language its command menu; a Bot API that refuses must not stop the bot."""
    try:
        await register_commands(application.bot, application.bot_data["settings"].default_locale)
    except TelegramError:
        log.warning("bot: could not register the command menus", exc_info=True)


def build_application(settings: Settings, *, updater: bool = True, pacer: Pacer | None = None) -> Application:
    """The bot, pointed at TELEGRAM_API_URL (Telegram, or any Bot-API-compatible server).

    `updater=False` builds it without PTB's Updater: Feria's own intake feeds it updates.
    `pacer` is the outbox dispatcher's: replies count against its overall budget, ahead of alerts.
    """
    token = settings.telegram_bot_token or SANDBOX_TOKEN
    polling = connections.request(1, keeps_results=True)  # the intake stores updates as Telegram sent them
    builder = (
        ApplicationBuilder()
        .token(token)
        .base_url(settings.telegram_api_url)
        .base_file_url(settings.telegram_file_url)
        .rate_limiter(RepliesFirst(pacer, max_retries=REPLY_RETRIES))
        # PTB's pool sizes (256 connections for calls, 1 for getUpdates), over aiohttp (bot/connections.py).
        .request(connections.request(256))
        .get_updates_request(polling)
    )
    if not updater:
        builder = builder.updater(None)
    application = builder.post_init(_announce_commands).build()
    application.bot_data["settings"] = settings
    application.bot_data[connections.POLLING] = polling
    application.bot_data[CODEC] = CallbackCodec(token)
    # Refused when an Action has no handler or two. Typed text that answers nothing the chat awaits is a
    # producer's stock, else a catalog search; a refused answer is judged in one place (bot/flows/questions.py).
    application.bot_data[places.CONTINUATIONS] = {**registration.CONTINUATIONS, **catalog.CONTINUATIONS,
                                                  **fair_prices.CONTINUATIONS, **fairs.CONTINUATIONS}
    application.bot_data[router.ROUTES] = router.join_routes(
        PRESS_TABLES, ANSWER_TABLES, other_text=stock.typed, refused=questions.answer_refused)
    private = filters.ChatType.PRIVATE
    # First: an edited message (commands too) is answered once with how to correct, and read no further.
    application.add_handler(MessageHandler(filters.UpdateType.EDITED_MESSAGE & private, router.edited))
    # Before any command's own handler (a group of its own runs first): a command leaves the pending question.
    application.add_handler(
        MessageHandler(filters.UpdateType.MESSAGE & filters.COMMAND & private, router.command_given), group=-1)
    application.add_handler(CommandHandler(COMMANDS["start"][:1], start.start, filters=private))
    application.add_handler(CommandHandler(COMMANDS["start"][1:], start.menu, filters=private))
    application.add_handler(CommandHandler(COMMANDS["cart"], cart.show_cart, filters=private))
    application.add_handler(CommandHandler(COMMANDS["orders"], orders.show_orders, filters=private))
    application.add_handler(CommandHandler(COMMANDS["language"], start.language, filters=private))
    application.add_handler(CommandHandler(COMMANDS["groups"], groups.show_groups, filters=private))
    application.add_handler(CommandHandler(COMMANDS["organization"], producers.show_organizations, filters=private))
    application.add_handler(CommandHandler(COMMANDS["alerts"], alerts.alerts_command, filters=private))
    application.add_handler(CommandHandler(COMMANDS["price"], prices.price_command, filters=private))
    application.add_handler(CommandHandler(COMMANDS["fairs"], fairs.fairs_command, filters=private))
    application.add_handler(CommandHandler(COMMANDS["mydata"], privacy.my_data_command, filters=private))
    application.add_handler(CommandHandler(COMMANDS["register"], registration.register_command, filters=private))
    application.add_handler(CommandHandler(COMMANDS["operators"], operators.operators_command, filters=private))
    application.add_handler(CommandHandler(COMMANDS["register_network"], networks.register_command, filters=private))
    application.add_handler(CommandHandler(COMMANDS["networks"], networks.networks_command, filters=private))
    application.add_handler(CommandHandler(COMMANDS["committee"], committee.committee_command, filters=private))
    application.add_handler(CommandHandler(COMMANDS["seal"], seal_requests.seal_command, filters=private))
    application.add_handler(CommandHandler(COMMANDS["visits"], visits.visits_command, filters=private))
    application.add_handler(CommandHandler(COMMANDS["register_entry"], register.register_command, filters=private))
    application.add_handler(CommandHandler(COMMANDS["help"], guidance.help_command, filters=private))
    application.add_handler(CommandHandler(COMMANDS["receipts"], receipts.receipts_command, filters=private))
    application.add_handler(CommandHandler(COMMANDS["fund"], fund.fund_command, filters=private))
    application.add_handler(CommandHandler(COMMANDS["sign_in"], web_sign_in.sign_in_command, filters=private))
    application.add_handler(CommandHandler(COMMANDS["link"], groups.link_command, filters=filters.ChatType.GROUPS))
    application.add_handler(MessageHandler(filters.StatusUpdate.MIGRATE, groups.chat_migrated))
    application.add_handler(CallbackQueryHandler(router.pressed))
    application.add_handler(ChatMemberHandler(start.membership_changed, ChatMemberHandler.MY_CHAT_MEMBER))
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND & private, router.wrote))
    application.add_handler(MessageHandler(filters.PHOTO & private, stock.photo_received))
    application.add_error_handler(on_error)
    return application
