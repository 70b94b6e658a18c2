"""Issue 22's check, as one story in Chromium on the served app and its offline sandbox, at 360 px.

People sign in to the desk through the bot (the sandbox's chat page, as `make run` serves it) and do at the desk
what they would otherwise do in the chat; what the desk does, the other person reads in their chat:

- Carmen orders coffee in the chat; Hilda, Café Amboró's admin, confirms it at the desk; Carmen is told;
  Carmen says "Ya pagué" in the chat; Hilda confirms the payment at the desk; Carmen is told.
- Hilda imports 30 products from an .xlsx with one bad row (nothing imported, the row named), fixes it, imports.
- Hilda cannot open another organization's desk (403).
- Carmen, who coordinates Equipetrol, prints a round's pickup list (Chromium's own PDF, read back as text).
- Carmen, on the Bolivian network's committee, reads a visit with its signatures.
- Olga, an operator, approves the organization that waits; its registrant is told in the chat.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from playwright.async_api import Page, expect

from tests.browser.conftest import PHONE, watch_policy
from tests.browser.desk_page import DeskPage
from tests.browser.sandbox_page import WAIT_MS, SandboxPage
from tests.market.web.desk.test_org_import import jam_rows, xlsx

HILDA = "Hilda Justiniano Rojas"  # admin of Café Amboró
CARMEN = "Carmen Gutiérrez Ribera"  # consumer; coordinates Equipetrol; on the Bolivian network's committee
OLGA = "Olga Mercado Vargas"  # an operator
DIONISIA = "Dionisia Rojas Cuéllar"  # registered an association that waits for an operator
APICULTORAS = "Asociación de Apicultoras de Comarapa"
AMBORO = "/escritorio/org/cafe-amboro"
EQUIPETROL = "/escritorio/grupo/consumo-solidario-equipetrol"
BOLIVIA = "/escritorio/red/red-spg-bolivia"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


async def signed_in(browser, feria: str, name: str, errors: list[str]) -> DeskPage:
    """A browser of its own (its own cookies, a phone's screen) signed in to the desk as `name`; what its pages'
    policy blocked or its scripts threw goes to `errors`."""
    assert browser.browser is not None
    own = await browser.browser.new_context(viewport=PHONE, locale="es-BO")
    page = await own.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    watch_policy(page, errors)
    desk = DeskPage(page, feria)
    await desk.signs_in_as(name)
    return desk


async def main_text(page: Page) -> str:
    return await page.locator("main").inner_text()


async def carmen_orders_coffee(chat: SandboxPage) -> str:
    """Carmen's order of 2 kg of Café Amboró's coffee, placed in the chat; its number."""
    await chat.opens_as(CARMEN)
    await chat.sends("/start")
    await chat.sees("¿Qué quieres hacer?")
    await chat.presses("🧺 Ver productos")
    await chat.presses("Café y cacao (8)")
    await chat.presses("Santa Cruz (4)")
    await chat.presses("Café tostado en grano")
    await chat.presses("+2 kg")
    await chat.sees_toast("Agregado: 2 kg de Café tostado en grano. En tu carrito: 2 kg.")
    await chat.presses("🛒 Mi carrito")
    await chat.presses("✅ Finalizar pedido")
    await chat.presses("📍 Lo retiro yo")
    placed = await chat.sees("hecho. Lo recibe: Asociación de Productores de Café Amboró.")
    number = re.search(r"✅ Pedido #(\d+) hecho\.", await placed.inner_text())
    assert number is not None
    return number.group(1)


async def test_the_desk_in_chromium_orders_payments_import_pickup_visit_and_approval(browser, page, feria):
    chat = SandboxPage(page, feria)
    errors: list[str] = []
    hilda = await signed_in(browser, feria, HILDA, errors)  # her chat has started: the bot may write to her
    number = await carmen_orders_coffee(chat)

    # Hilda finds the order waiting at the desk and confirms it; Carmen reads it in the chat.
    await hilda.opens(f"{AMBORO}/pedidos?estado=placed")
    await hilda.page.get_by_role("link", name=re.compile(f"#{number}")).first.click()
    await expect(hilda.page.get_by_role("heading", level=1)).to_have_text(
        f"Pedido #{number} de Carmen Gutiérrez Ribera", timeout=WAIT_MS)
    await hilda.page.get_by_role("button", name="Confirmar").click()
    await expect(hilda.page.get_by_role("status")).to_contain_text(f"Pedido #{number} confirmado", timeout=WAIT_MS)
    await chat.sees(f"👍 Asociación de Productores de Café Amboró confirmó tu pedido #{number}.")

    # Carmen says she paid, without a photo; Hilda confirms the payment at the desk; Carmen is told.
    await chat.presses("✅ Ya pagué")
    await chat.presses(re.compile("sin foto", re.IGNORECASE))
    await chat.sees("📨 Enviado a Asociación de Productores de Café Amboró.")
    await hilda.opens(f"{AMBORO}/pagos")
    assert f"Carmen Gutiérrez Ribera dice que pagó el pedido #{number}." in await main_text(hilda.page)
    await hilda.page.get_by_role("button", name="Confirmar pago de Bs190,00").click()
    await expect(hilda.page.get_by_role("status")).to_contain_text("Pago confirmado", timeout=WAIT_MS)
    await chat.sees(f"✅ Asociación de Productores de Café Amboró confirmó tu pago de Bs190,00 por el pedido #{number}.")
    await hilda.opens(f"{AMBORO}/pedidos/{number}")
    paid = await main_text(hilda.page)
    assert "\nPagado\n" in paid and "✅ Confirmado por Hilda Justiniano Rojas." in paid

    # 30 products from an .xlsx with one bad row: nothing imported, the row named; fixed, all imported.
    await hilda.opens(f"{AMBORO}/importar")
    await hilda.page.get_by_label(re.compile(r"\.xlsx")).set_input_files(
        {"name": "mermeladas.xlsx", "mimeType": XLSX, "buffer": xlsx(jam_rows(bad_at=15))})
    await hilda.page.get_by_role("button", name="Importar").click()
    refused = await main_text(hilda.page)
    assert "Nada se importó" in refused and re.search(r"\n17\tprecio\t", refused), "the bad row as the spreadsheet numbers it"
    await hilda.opens(f"{AMBORO}/productos")
    assert "Mermelada de frutilla" not in await main_text(hilda.page)
    await hilda.opens(f"{AMBORO}/importar")
    await hilda.page.get_by_label(re.compile(r"\.xlsx")).set_input_files(
        {"name": "mermeladas.xlsx", "mimeType": XLSX, "buffer": xlsx(jam_rows())})
    await hilda.page.get_by_role("button", name="Importar").click()
    assert "30 productos creados" in await main_text(hilda.page)
    await hilda.opens(f"{AMBORO}/productos")
    assert (await main_text(hilda.page)).count("Mermelada de frutilla") == 30

    # Another organization's desk is closed to her.
    other = await hilda.opens("/escritorio/org/coraca-irupana")
    assert other is not None and other.status == 403
    await hilda.page.context.close()

    # Carmen, who coordinates Equipetrol, closes its open round and prints its pickup list: Chromium's PDF of the
    # page, read back.
    carmen = await signed_in(browser, feria, CARMEN, errors)
    await carmen.opens(EQUIPETROL)
    await carmen.page.get_by_role("link", name="Ronda #1").click()
    await carmen.page.get_by_role("link", name="Cerrar ahora").click()
    await carmen.page.get_by_role("button", name="Sí, cerrarla").click()
    await carmen.page.get_by_role("link", name="Lista de retiro", exact=True).click()
    await expect(carmen.page.get_by_role("heading", level=1)).to_contain_text("Lista de retiro", timeout=WAIT_MS)
    printed = await printed_text(carmen.page, "/tmp/desk-pickup.pdf")
    assert "Lista de retiro · ronda #1" in printed and "Firma" in printed
    assert re.search(r"Claudia Peña Cuéllar +Tomate: 5 kg +Bs37,50", printed), "a member, what she takes, what she pays"
    assert "Cerrar sesión" not in printed and "Descargar" not in printed, "the header and the links are not printed"

    # Carmen reads a visit at the committee's desk: who signed it, and the checklist.
    await carmen.opens(f"{BOLIVIA}/visitas")
    await carmen.page.locator("main a[href*='/visitas/']").first.click()
    await expect(carmen.page.get_by_role("heading", level=1)).to_contain_text("Visita a ", timeout=WAIT_MS)
    await expect(carmen.page.get_by_role("heading", name="Firmas")).to_be_visible(timeout=WAIT_MS)
    await expect(carmen.page.get_by_role("heading", name=re.compile("Lista de verificación"))).to_be_visible(timeout=WAIT_MS)
    await carmen.page.context.close()

    # Olga approves the association that waits; Dionisia, who registered it in the chat, reads so there.
    await chat.opens_as(DIONISIA)
    await chat.sends("/start")
    await chat.sees("¿Qué quieres hacer?")
    olga = await signed_in(browser, feria, OLGA, errors)
    await olga.opens("/escritorio/operador/aprobaciones")
    await olga.page.get_by_role("link", name=APICULTORAS).click()
    await olga.page.get_by_role("button", name="Aprobar").click()
    await expect(olga.page.get_by_role("status")).to_contain_text(f"«{APICULTORAS}» está aprobada", timeout=WAIT_MS)
    await chat.sees(f"✅ Las personas operadoras de Feria aprobaron «{APICULTORAS}»")
    await olga.page.context.close()
    assert errors == [], "no desk page ran or tried to run a script"


async def printed_text(page: Page, path: str) -> str:
    """The page as Chromium prints it (its print style sheet) on A4, as text."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is missing (apt-get install -y poppler-utils)")
    await page.emulate_media(media="print")
    Path(path).write_bytes(await page.pdf(width="210mm", height="297mm"))
    return subprocess.run(["pdftotext", "-layout", path, "-"], capture_output=True, text=True, check=True).stdout
