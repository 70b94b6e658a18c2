"""Seal verification: by address or typed code, every status told plainly, unknown codes a translated 404, QR."""

import re

import segno

from market.enums import SealStatus
from market.models import Seal
from market.seal_codes import format_seal_code
from tests.market.web.pages.conftest import PUBLIC_URL, page, visible_text


async def test_a_valid_seal_says_who_holds_it_what_it_covers_and_who_reviewed_it(client, demo):
    code = demo.seal_codes["coraca-irupana"]

    body = await page(client, f"/sellos/{code}", lang="es")

    text = visible_text(body)
    assert f"✔ Sello {format_seal_code(code)}: Vigente" in text
    assert "Red: Red de Certificación Participativa de Bolivia" in text
    assert "Titular: CORACA Irupana · Irupana" in text
    assert re.search(r"Periodo: del \d+ \w+ \d{4} al \d+ \w+ \d{4}", text)
    assert re.search(r"Última visita de pares: .+ \(firmada por productores: 1, consumidores: 1, técnicos: 1\)", text)
    for product in ("Café orgánico de Yungas", "Quinua real", "Amaranto", "Miel de abeja de Yungas"):
        assert f'?lang=es">{product}</a>' in body


async def test_a_seal_recorded_by_the_cli_tells_its_visits_without_a_checklist_and_without_findings(client, demo):
    code = demo.seal_codes["coraca-irupana"]

    text = visible_text(await page(client, f"/sellos/{code}", lang="es"))

    history = text[text.index("Historial del sello"):text.index("Código QR")]
    assert re.search(r"\d+ \w+ \d{4}: sello renovado .+ \d+ \w+ \d{4}: sello otorgado", history)
    assert history.count("Sin lista de verificación") == 2
    # The demo's reviewers who agreed to be named are; the others are their role and organization.
    assert ("Firmada por: una persona productora de OECA Valles de Comarapa Carmen Gutiérrez Ribera, consumidor/a "
            "Rocío Zambrana Ortiz, técnico/a") in history
    assert "almacenamiento de la quinua" not in text  # the renewal's findings stay with the network


async def test_a_code_is_found_whatever_its_case_and_dashes(client, demo):
    code = demo.seal_codes["coraca-irupana"]

    body = await page(client, f"/sellos/{format_seal_code(code).lower()}", lang="pt-BR")

    assert f"✔ Selo {format_seal_code(code)}: Vigente" in visible_text(body)


async def test_a_seal_not_valid_today_says_so_plainly(client, demo):
    for holder, lang, says in [
        ("cafe-amboro", "es", "⚠ Sello {code}: Vencido"),
        ("agroecologistas-ipe", "pt-BR", "⚠ Selo {code}: Suspenso"),
        ("oeca-valles-comarapa", "es", "⚠ Sello {code}: En revisión"),
    ]:
        code = demo.seal_codes[holder]

        body = await page(client, f"/sellos/{code}", lang=lang)

        assert says.format(code=format_seal_code(code)) in visible_text(body)
        assert '<p class="status not-valid"' in body


async def test_a_revoked_seal_reads_as_revoked_with_its_reason(client, demo):
    code = demo.seal_codes["coop-nova-petropolis"]
    await Seal.filter(code=code).update(status=SealStatus.REVOKED, status_reason="Uso de herbicida comprovado.")
    try:
        body = await page(client, f"/sellos/{code}", lang="pt-BR")
    finally:  # the demo database may be shared (see conftest)
        await Seal.filter(code=code).update(status=SealStatus.GRANTED, status_reason="")

    text = visible_text(body)
    assert f"⚠ Selo {format_seal_code(code)}: Revogado" in text and "Uso de herbicida comprovado." in text


async def test_an_unknown_code_is_a_translated_not_found_page_with_the_form_to_try_again(client):
    spanish = await page(client, "/sellos/abcd-2345", lang="es", status=404)
    portuguese = await page(client, "/sellos/abcd-2345", lang="pt-BR", status=404)

    assert "Ningún sello tiene el código ABCD2345. Revisa las letras e inténtalo de nuevo." in visible_text(spanish)
    assert "Nenhum selo tem o código ABCD2345. Confira as letras e tente de novo." in visible_text(portuguese)
    assert 'action="/sellos"' in spanish and 'value="ABCD2345"' in spanish


async def test_a_code_that_could_not_be_a_seal_is_not_found_either(client):
    body = await page(client, "/sellos/0O1Il<b>x", lang="es", status=404)

    assert "<b>" not in body and "Ningún sello tiene el código" in visible_text(body)


async def test_a_typed_code_goes_to_the_seals_own_page_in_the_same_language(client, demo):
    code = demo.seal_codes["coraca-irupana"]

    response = await client.get("/sellos", params={"codigo": f" {format_seal_code(code).lower()} ", "lang": "pt_BR"},
                                allow_redirects=False)

    assert response.status == 303
    assert response.headers["Location"] == f"/sellos/{code}?lang=pt_BR"


async def test_the_seal_form_asks_for_a_code(client):
    body = await page(client, "/sellos", lang="es")

    assert 'action="/sellos"' in body and 'name="codigo"' in body


async def test_the_qr_code_points_at_the_seals_public_page(client, demo):
    code = demo.seal_codes["coraca-irupana"]

    response = await client.get(f"/sellos/{code.lower()}/qr.svg")

    svg = await response.text()
    expected = segno.make(f"{PUBLIC_URL}/sellos/{code}", error="m")
    assert response.status == 200 and response.content_type == "image/svg+xml"
    assert f"<title>{PUBLIC_URL}/sellos/{code}</title>" in svg
    assert f'viewBox="0 0 {expected.symbol_size()[0]} {expected.symbol_size()[1]}"' in svg
    assert f'src="/sellos/{code}/qr.svg"' in await page(client, f"/sellos/{code}", lang="es")


async def test_an_unknown_codes_qr_is_not_found(client):
    response = await client.get("/sellos/ABCD2345/qr.svg")

    assert response.status == 404


async def test_a_code_with_a_control_character_is_not_found_and_not_echoed(client):
    body = await page(client, "/sellos/AB%00CD", lang="es", status=404)

    assert "\x00" not in body and "ABCD" in visible_text(body)
