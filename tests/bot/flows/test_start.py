"""/start greets a person in their language with the main menu; /idioma changes the language for good."""

from tests.bot.flows.conftest import TOKEN  # noqa: F401


async def test_start_greets_in_spanish_with_the_main_menu(feria, ana):
    await ana.says("/start")

    menu = await ana.receives()
    assert menu.text.startswith("¡Hola, Ana! Te damos la bienvenida a Feria")
    assert menu.button_texts == ["🧺 Ver productos", "🔎 Buscar", "🛒 Mi carrito", "📦 Mis pedidos", "👥 Mis grupos", "🌐 Idioma",
                                 "📍 Mi lugar", "🔒 Mis datos"]


async def test_start_greets_a_portuguese_speaker_in_portuguese(feria, people):
    joao = people.person(5002, "João", language_code="pt-br")

    await joao.says("/start")

    menu = await joao.receives()
    assert menu.text.startswith("Olá, João! Boas-vindas à Feria")
    assert "🛒 Meu carrinho" in menu.button_texts


async def test_a_language_chosen_with_idioma_is_kept_over_telegrams_language(feria, ana):
    await ana.says("/idioma")
    picker = await ana.receives()
    await ana.presses("English", message=picker)
    answer = await ana.sees_answer()
    changed = await ana.sees_edited(picker)

    await ana.says("/start")
    menu = await ana.receives()

    assert picker.text.startswith("Tu idioma es Español")
    assert answer.text == "Language changed."
    assert changed.text == "What would you like to do?"
    assert menu.text.startswith("Hello, Ana! Welcome to Feria")


async def test_the_command_menu_is_registered_in_each_language(feria, people):
    await people.person(5003, "Ana", language_code="es").says("/start")
    await people.person(5003, "Ana", language_code="es").receives()

    spanish = people.commands(5003, "es")
    portuguese = people.commands(5003, "pt")
    english = people.commands(5003, "en")

    assert spanish[:3] == [("start", "Menú principal"), ("carrito", "Mi carrito"), ("pedidos", "Mis pedidos")]
    assert ("carrinho", "Meu carrinho") in portuguese
    assert ("orders", "My orders") in english


async def test_a_brazilian_telegram_app_shows_the_portuguese_command_menu(feria, people):
    joao = people.person(5004, "João", language_code="pt-br")
    await joao.says("/start")
    await joao.receives()

    assert joao.commands[:2] == [("start", "Menu principal"), ("carrinho", "Meu carrinho")]
