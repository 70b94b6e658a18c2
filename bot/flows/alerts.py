"""/alertas: a person's alerts — the list, adding one step by step, removing one, muting and quiet hours.

Adding keeps its draft in the chat's state ({"alert": {...}}), so a restart between two steps
continues it; the territory and the kind travel in the buttons.
"""

from __future__ import annotations

from datetime import time
from typing import Any

from bot.actions import Action
from bot.callbacks import Press
from bot.flows.router import AnswerHandler, PressHandler
from bot.screens import alerts as screens
from bot.turn import Turn, turn_handler
from market.rules.orders import parse_quantity
from market.services.alerts.subscriptions import (
    AddSubscription,
    add_subscription,
    alert_settings,
    alert_territories,
    list_subscriptions,
    mute_alerts,
    remove_subscription,
    set_quiet_hours,
    unmute_alerts,
)
from market.services.catalog.categories import all_categories
from market.services.messaging.chats import get_chat_state, set_awaiting


async def _show_list(turn: Turn, note: str | None = None, *, new: bool = False) -> None:
    screen = screens.alert_list(turn, await list_subscriptions(turn.person.id), await alert_settings(turn.person.id),
                                note)
    await (turn.send(screen) if new else turn.show(screen))


@turn_handler
async def alerts_command(turn: Turn) -> None:
    """/alertas, /alerts."""
    await _show_list(turn, new=True)


async def alerts_pressed(turn: Turn, press: Press) -> None:
    await set_awaiting(turn.chat_id, None)
    await _show_list(turn)


async def add_pressed(turn: Turn, press: Press) -> None:
    """The kind is the argument: a product (typed), a category (buttons), a price (typed twice), ferias."""
    code = press.args[0]
    if code not in screens.KIND_CODES:
        return
    if code in "sp":
        await turn.ask("alert_product", {"alert": {"kind": code}}, screens.ask_product(turn))
        return
    await set_awaiting(turn.chat_id, None, {"alert": {"kind": code}})
    if code == "c":
        await turn.show(screens.choose_category(turn, await all_categories()))
    else:
        await _ask_territory(turn)


async def product_typed(turn: Turn, text: str, data: dict[str, Any]) -> None:
    draft = {**data.get("alert", {}), "product": text[:160]}
    await set_awaiting(turn.chat_id, None, {"alert": draft})
    await _ask_territory(turn, new=True)


async def category_chosen(turn: Turn, press: Press) -> None:
    await set_awaiting(turn.chat_id, None, {"alert": {"kind": "c", "category": press.int_arg(0)}})
    await _ask_territory(turn)


async def _ask_territory(turn: Turn, *, new: bool = False) -> None:
    territories = await alert_territories(turn.person.id)
    draft = (await get_chat_state(turn.chat_id)).data.get("alert", {})
    # A price is compared in a currency: "anywhere" has none.
    screen = screens.choose_territory(turn, territories, anywhere=draft.get("kind") != "p")
    await (turn.send(screen) if new else turn.show(screen))


async def territory_chosen(turn: Turn, press: Press) -> None:
    state = await get_chat_state(turn.chat_id)
    draft = state.data.get("alert")
    if draft is None:
        await _show_list(turn)
        return
    draft["territory"] = None if press.args[0] == screens.ANYWHERE else press.int_arg(0)
    if draft["kind"] == "p":
        await turn.ask("alert_threshold", {"alert": draft}, screens.ask_threshold(turn, draft["product"]))
        return
    await _save(turn, draft)


async def threshold_typed(turn: Turn, text: str, data: dict[str, Any]) -> None:
    """A refused amount leaves the chat waiting for another."""
    await _save(turn, {**data["alert"], "threshold": parse_quantity(text)}, new=True)


async def _save(turn: Turn, draft: dict[str, Any], *, new: bool = False) -> None:
    await add_subscription(AddSubscription(
        screens.KIND_CODES[draft["kind"]], product=draft.get("product"), category_id=draft.get("category"),
        territory_id=draft.get("territory"), threshold=draft.get("threshold")), person_id=turn.person.id)
    await set_awaiting(turn.chat_id, None)
    await _show_list(turn, turn._("✅ Alert saved."), new=new)


async def remove_pressed(turn: Turn, press: Press) -> None:
    await remove_subscription(turn.person.id, press.int_arg(0))
    await _show_list(turn, turn._("Alert removed."))


async def quiet_pressed(turn: Turn, press: Press) -> None:
    await turn.show(screens.quiet_options(turn, await alert_settings(turn.person.id)))


async def mute_pressed(turn: Turn, press: Press) -> None:
    """Hours in the button; "0" until unmuted, "u" unmutes (the alerts that waited come now)."""
    choice = press.args[0]
    if choice == "u":
        await unmute_alerts(turn.person.id)
        note = turn._("🔔 Alerts are on again.")
    else:
        await mute_alerts(turn.person.id, hours=None if choice == "0" else int(choice))
        note = turn._("🔕 Alerts muted.")
    await _show_list(turn, note)


async def quiet_hours_pressed(turn: Turn, press: Press) -> None:
    if press.args[0] == "n":
        await set_quiet_hours(turn.person.id, None, None)
    else:
        await set_quiet_hours(turn.person.id, time(press.int_arg(0)), time(press.int_arg(1)))
    await _show_list(turn, turn._("✅ Quiet hours saved."))


# What this flow's buttons and awaited answers run: bot/application.py registers these tables.
PRESSES: dict[Action, PressHandler] = {
    Action.ALERTS: alerts_pressed,
    Action.ALERT_ADD: add_pressed,
    Action.ALERT_CATEGORY: category_chosen,
    Action.ALERT_TERRITORY: territory_chosen,
    Action.ALERT_REMOVE: remove_pressed,
    Action.ALERT_QUIET_OPTIONS: quiet_pressed,
    Action.ALERT_MUTE: mute_pressed,
    Action.ALERT_QUIET_HOURS: quiet_hours_pressed,
}
ANSWERS: dict[str, AnswerHandler] = {
    "alert_product": product_typed,
    "alert_threshold": threshold_typed,
}
