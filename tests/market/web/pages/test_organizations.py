"""The organization page: who they are, their products, their seals current and past, and the bot."""

import re

from tests.market.web.pages.conftest import BOT, page, visible_text


async def test_an_organization_page_shows_who_they_are_in_spanish(client, demo):
    body = await page(client, "/organizaciones/cafe-amboro", lang="es")

    text = visible_text(body)
    assert "Asociación de Productores de Café Amboró" in text
    assert "Asociación de productores" in text and "En consolidación" in text and "Buena Vista (BO)" in text
    assert "3 %" in text  # the solidarity fund's share, as Spanish writes a percentage
    assert "Retira en: Tienda de la asociación, plaza principal de Buena Vista (lunes a sábado)" in text
    assert f'href="https://t.me/{BOT}?start=o_cafe-amboro"' in body


async def test_an_organization_page_lists_its_products_and_links_to_all_of_them(client, demo):
    body = await page(client, "/organizaciones/cafe-amboro", lang="es")

    listed = {int(id_) for id_ in re.findall(r'class="name" href="/productos/(\d+)\?', body)}
    assert demo.product_ids["Café tostado en grano"] in listed and "Bs95,00 por kg" in visible_text(body)
    assert 'href="/buscar?organizacion=cafe-amboro&amp;lang=es"' in body


async def test_a_past_seal_is_listed_apart_and_reads_as_expired(client, demo):
    code = demo.seal_codes["cafe-amboro"]

    body = await page(client, "/organizaciones/cafe-amboro", lang="es")

    text = visible_text(body)
    assert "Sin sello participativo vigente" in text
    assert re.search(rf'<li class="not-valid">\s*<a href="/sellos/{code}\?lang=es">{code}</a> · <strong>Vencido</strong>', body)


async def test_a_suspended_seal_shows_its_reason_in_portuguese(client, demo):
    body = await page(client, "/organizaciones/agroecologistas-ipe", lang="pt-BR")

    text = visible_text(body)
    assert "Associação de produtores" in text and "Em consolidação" in text and "Suspenso" in text
    assert "Deriva de agrotóxico da lavoura vizinha atingiu a área de tomate." in text
    assert "Sem selo participativo vigente" in text


async def test_an_unknown_organization_is_a_translated_404(client):
    spanish = await page(client, "/organizaciones/no-existe", lang="es", status=404)
    portuguese = await page(client, "/organizaciones/nao-existe", lang="pt-BR", status=404)

    assert "No conocemos esa organización." in spanish
    assert "Não conhecemos essa organização." in portuguese


async def test_an_address_with_a_control_character_is_not_found_rather_than_an_error(client):
    body = await page(client, "/organizaciones/cafe%00amboro", lang="es", status=404)

    assert "No conocemos esa organización." in body


async def test_an_organization_page_shows_its_board_and_when_it_was_renewed(client, demo):
    body = await page(client, "/organizaciones/cafe-amboro", lang="es")

    text = visible_text(body)
    assert "Junta directiva Hilda Justiniano Rojas: Presidencia, desde el 5 may 2026" in text
    assert "Renovada el 5 may 2026; un periodo dura 12 meses, hasta el 5 may 2027." in text
    assert "no se ha renovado" not in text


async def test_a_board_past_its_term_without_renewal_is_said_in_portuguese(client, demo):
    body = await page(client, "/organizaciones/oeca-valles-comarapa", lang="pt-BR")

    text = visible_text(body)
    assert "Diretoria" in text and ": Presidência, desde 17 de set. de 2025" in text
    assert "O mandato da diretoria terminou em 17 de set. de 2026 e ela não foi renovada desde então." in text


async def test_an_organization_page_sums_its_solidarity_fund_without_naming_borrowers(client, demo):
    body = await page(client, "/organizaciones/cafe-amboro", lang="es")

    text = visible_text(body)
    # The demo: Bs1.500 given before Feria and a sale's 3 %, a grant of Bs400, a loan of Bs600 with Bs200 repaid.
    assert "Saldo Bs702,85" in text and "Aportado por las ventas Bs1.502,85" in text
    assert "Usado en donaciones Bs400,00" in text and "Prestado a socios Bs600,00" in text
    assert "Préstamos por cobrar 1 préstamo, Bs400,00 por devolver" in text
    # Who borrowed, and for what, stays among the members (the bot's /fondo).
    assert "Reina" not in text.split("Fondo solidario Saldo")[1] and "Plantines" not in text
