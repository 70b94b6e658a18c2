"""/buscar as people write: plurals, synonyms and a sentence find the product; a typo is put right and said;
nothing found says so with names to try; a visitor in La Paz sees Bolivia's products first, the others marked."""

import pytest

from tests.market.web.pages.conftest import page, visible_text


@pytest.mark.parametrize(("typed", "found"), [
    ("tomates", "Tomate"), ("papas", "Papa nativa"), ("naranjas", "Naranja"), ("quinoa", "Quinua real"),
    ("quiero 2 kg de quinua", "Quinua real"), ("elote", "Farinha de milho"),
])
async def test_plurals_synonyms_and_a_sentence_find_the_product(client, demo, typed, found):
    text = visible_text(await page(client, "/buscar", lang="es", q=typed))

    assert f"Resultados para “{typed}”" in text
    assert found in text


async def test_a_typo_is_put_right_and_said(client, demo):
    text = visible_text(await page(client, "/buscar", lang="es", q="naranaj"))

    assert "Nada se llama “naranaj”. ¿Quisiste decir “naranja”?" in text
    assert "Naranja" in text


async def test_nothing_found_says_so_without_an_empty_shop_and_links_the_nearest_names(client, demo):
    body = await page(client, "/buscar", lang="es", q="quinua negra de altura")

    text = visible_text(body)
    assert "Todavía ningún producto se llama “quinua negra de altura”" in text
    assert "Quizás alguno de estos: Quinua real" in text
    assert 'class="suggestion" href="/buscar?q=Quinua+real' in body


async def test_a_visitor_in_la_paz_sees_bolivian_coffee_first_and_mexican_pesos_as_such(client, demo):
    text = visible_text(await page(client, "/buscar", lang="es", q="cafe", cerca="bo-lpz"))

    yungas, sierra = text.index("Café orgánico de Yungas"), text.index("Café de altura tostado")
    assert yungas < sierra
    assert "MX$320,00 por kg" in text and " $320" not in text
    assert "Capulálpam de Méndez · en otro país" in text
