"""Bad input in the chat: oversized or meaningless messages, impossible quantities, unknown languages,
forged and stale buttons, links that name nothing. Each gets a clear answer in the person's language,
and nothing changes: no order, no cart line, no round line, no stock.
"""

from __future__ import annotations

from bot.callbacks import CallbackCodec
from market.models import CartItem, MemberOrderRow, Offer, Person
from tests.bot.flows.conftest import TOKEN
from tests.bot.flows.test_order_edges import to_checkout
from tests.bot.flows.test_ordering import card_of, checkout_with_pickup
from tests.bot.flows.test_round_coordination import EXPIRED, _close, _refused
from tests.bot.flows.test_rounds import ANA, answer_to, order, round_with_members
from tests.support.orders import placed_orders, the_order

NOT_A_NUMBER = "Por favor escribe un número, como 2 o 1,5."
# The bot's own codec: what a client could send only if it knew the bot's token (a leak, an older build).
BOTS_CODEC = CallbackCodec(TOKEN)


async def snapshot() -> tuple:
    """What bad input must never change: orders, cart lines, round lines and every offer's stock."""
    return (await placed_orders().count(), await CartItem.all().count(), await MemberOrderRow.all().count(),
            sorted(await Offer.all().values_list("id", "stock")))


async def press_forged(people, person, message, data: str):
    """A modified client presses `data` on `message`; the bot's answer to that press."""
    query = await people.press_button(person.id, message, data, forged=True)
    return await people.wait_for_answer(query)


async def test_an_oversized_symbol_only_or_control_character_search_gets_a_clear_answer(feria, ana):
    before = await snapshot()

    answers = []
    for text in ("x" * 4096, "🍅🍅🍅", "\x01\x02\x1b", "miel\x00"):
        await ana.says(text)
        answers.append((await ana.receives()).text)

    nothing = ": el catálogo tiene otras cosas, y los productores ven lo que la gente busca."
    asked = "\n📍 ¿Dónde estás? Elige tu lugar y te muestro primero lo que se produce más cerca."
    assert answers[:3] == [f"Todavía ningún producto se llama “{'x' * 100}”{nothing}{asked}",  # asked once
                           f"Todavía ningún producto se llama “🍅🍅🍅”{nothing}",
                           "¿Qué buscas? Escribe una palabra, como café, quinua o miel."]
    assert answers[3].startswith("Resultados para “miel”\n\n• Mel")  # a NUL reads as a space; mel is miel
    assert "• Miel de abeja" in answers[3]
    assert await snapshot() == before


async def test_impossible_quantities_are_explained_and_the_question_stays_open(feria, ana):
    card = await card_of(ana, "Chocolate amargo")  # sold by the unit
    await ana.presses("✏ Otra cantidad", message=card)
    await ana.receives()
    before = await snapshot()

    told = {}
    for text in ("0", "-3", "1e30", "99999999999999999999", "1,5", "🍅🍫", "NaN", "\x01\x02"):
        await ana.says(text)
        told[text[:20]] = (await ana.receives()).text
    unchanged = await snapshot()
    await ana.says("2")
    added = await ana.receives()

    assert told == {
        "0": "La cantidad debe ser mayor que cero.", "-3": NOT_A_NUMBER, "1e30": NOT_A_NUMBER,
        "99999999999999999999": NOT_A_NUMBER, "1,5": "Por favor escribe un número entero de unidades.",
        "🍅🍫": NOT_A_NUMBER, "NaN": f"🔎 ¿Buscar «NaN»?\n{NOT_A_NUMBER}",  # a word is asked about (test_no_trap.py)
        "\x01\x02": NOT_A_NUMBER,
    }
    assert unchanged == before
    assert added.text.startswith("Agregado: 2 unidades de Chocolate amargo.")


async def test_a_telegram_language_we_do_not_speak_gets_spanish_and_a_menu_that_works(feria, people):
    for user_id, code in ((5201, "xx"), (5202, "zh-Hant"), (5203, ""), (5204, None)):
        person = people.person(user_id, "Zoe", language_code=code)

        await person.says("/start")
        menu = await person.receives()
        await person.presses("🛒 Mi carrito", message=menu)
        cart = await person.sees_edited(menu)

        assert menu.text.startswith("¡Hola, Zoe! Te damos la bienvenida a Feria"), code
        assert {"🧺 Ver productos", "🔎 Buscar", "🛒 Mi carrito", "📦 Mis pedidos", "🌐 Idioma"} <= set(menu.button_texts)
        assert cart.text == "🛒 Tu carrito está vacío.", code


async def test_a_forged_language_choice_is_refused_and_the_language_stays(feria, ana):
    await ana.says("/idioma")
    picker = await ana.receives()

    unsigned = await press_forged(ana.client, ana, picker, "1:sl:xx:AAAAAAAA")
    signed = await press_forged(ana.client, ana, picker, BOTS_CODEC.encode(ana.id, "sl", "xx"))
    await ana.says("/start")
    menu = await ana.receives()

    assert unsigned.text == EXPIRED and unsigned.show_alert
    assert signed.text == "Ese idioma todavía no está disponible."
    assert (await Person.get(telegram_user_id=ana.id)).locale in (None, "es")
    assert menu.text.startswith("¡Hola, Ana!")


async def test_forged_truncated_and_borrowed_buttons_have_expired_and_change_nothing(feria, ana, people):
    card = await card_of(ana, "Café tostado en grano")
    await ana.presses("+1 kg", message=card)
    await ana.sees_answer()
    await ana.says("/carrito")
    cart = await ana.receives()
    empty_cart = BOTS_CODEC.encode(ana.id, "ce")
    before = await snapshot()

    forged = {
        "random bytes": "\x00\xff\x10 garbage \u202e",
        "another bot's": CallbackCodec("9999:another-bot").encode(ana.id, "ce"),
        "truncated": empty_cart[:-3],
        "made for someone else": BOTS_CODEC.encode(ana.id + 1, "ce"),
        "a non-ASCII signature": empty_cart.rsplit(":", 1)[0] + ":éééééééé",
        "an older layout": "0" + empty_cart[1:],
        "over 64 bytes": empty_cart + "x" * 64,
    }
    answers = {name: await press_forged(people, ana, cart, data) for name, data in forged.items()}

    assert {name: answer.text for name, answer in answers.items()} == {name: EXPIRED for name in forged}
    assert all(answer.show_alert for answer in answers.values())
    assert await snapshot() == before and before[1] == 1


async def test_a_stale_cart_button_after_checkout_shows_the_empty_cart_and_places_nothing_more(feria, ana):
    card = await card_of(ana, "Café tostado en grano")
    await ana.presses("+1 kg", message=card)
    await ana.sees_answer()
    await ana.says("/carrito")
    stale_cart = await ana.receives()
    how = await to_checkout(ana)
    await ana.presses("📍 Lo retiro yo", message=how)
    await ana.receives()
    placed = await snapshot()

    await ana.presses("✅ Finalizar pedido", message=stale_cart)
    emptied = await ana.sees_edited(stale_cart)
    await ana.presses("📍 Lo retiro yo", message=how)
    again = await ana.receives()

    assert emptied.text == "🛒 Tu carrito está vacío."
    order_id = (await the_order()).id
    assert again.text.startswith(f"✅ Pedido #{order_id} hecho. Lo recibe: Asociación de Productores de Café Amboró.")
    assert await snapshot() == placed and placed[0] == 1


async def test_an_order_button_after_the_order_was_cancelled_says_so_and_changes_nothing(feria, ana, hilda):
    await hilda.says("/start")
    await hilda.receives()
    await checkout_with_pickup(ana, "Café tostado en grano")
    notice = await hilda.receives(timeout=5)
    await ana.says("/pedidos")
    orders = await ana.receives()
    order_id = (await the_order()).id
    await ana.presses(f"Pedido #{order_id}", message=orders)
    detail = await ana.sees_edited(orders)
    await ana.presses("❌ Cancelar este pedido", message=detail)
    confirm = await ana.sees_edited(detail)
    await ana.presses("Sí, cancelarlo", message=confirm)
    await ana.sees_edited(confirm)
    await hilda.receives(timeout=5)  # told of the cancellation
    cancelled = await snapshot()

    refusal = await _refused(hilda, notice, "✅ Confirmar")

    assert refusal == "El pedido ya está en «Cancelado»: no se cambió nada."
    assert await snapshot() == cancelled


async def test_huge_order_lines_are_explained_and_a_round_button_after_the_close_changes_nothing(feria, people):
    carmen, (ana,), round_id, board = await round_with_members(people, (ANA, "Ana"))
    line = await order(ana, round_id, "Papa nativa", "2")
    huge = []
    for text in ("99999999999999999999", "5 99999999999999999999", "-3", "🥔"):
        await ana.says(text)
        huge.append((await answer_to(ana)).text)
    await _close(carmen, board)
    closed = await snapshot()

    refusal = await _refused(ana, line, "➕")

    assert huge == ["Escribe un número, o dos: “3” pide 3, “3 1” pide 3 y hasta 1 más."] * 4
    assert refusal == "Esta ronda está cerrada: los pedidos ya no pueden cambiar."
    assert await snapshot() == closed
    assert await MemberOrderRow.filter(member__person__telegram_user_id=ANA).values_list("quantity", flat=True) == [2]


async def test_a_link_that_cannot_name_anything_says_what_was_not_found(feria, ana):
    links = {
        "p_" + "9" * 20: "Ese producto ya no está en oferta.",
        "r_" + "9" * 20: "Esa ronda no existe.",
        "o_" + "é" * 300: "No conocemos esa organización.",
        "j_" + "x" * 100: "Este enlace de invitación ya no funciona. Pide uno nuevo a quien coordina.",
        "g_" + "x" * 3000: "Este enlace de invitación ya no funciona. Pide uno nuevo a quien coordina.",
        "s_" + "A" * 4000: f"Ningún sello tiene el código {'A' * 32}…. Revisa las letras e inténtalo de nuevo.",
    }
    before = await snapshot()

    told = {}
    for payload in links:
        await ana.says(f"/start {payload}")
        told[payload] = (await ana.receives()).text

    assert told == links
    assert await snapshot() == before
