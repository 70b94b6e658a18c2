"""Every desk page scores 100 in Lighthouse's accessibility audit (Lighthouse 12, Debian's Chromium, offline) and
weighs under 100 KB, opened as the person it is for.

A new desk page is one more path in PAGES, under the demo person who may open it. All pages are audited in one
Lighthouse process and one Chromium, a few seconds each, with work waiting on them (work_waiting): a payment the
buyer says they made, a member's, a closed round with its pickup list.
"""

from __future__ import annotations

import os
import re
from decimal import Decimal
from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import PHONE
from tests.browser.desk_page import DeskPage

MAX_BYTES = 100_000

# Who opens which pages: None is a browser signed in to nobody that has asked for a code (so /entrar/espera waits).
# A path with " → " is a page reached by the first link on the page before it whose address matches the pattern
# after it (a visit, a round: their ids are the database's); "a → b → c" goes on from b's page.
AMBORO = "/escritorio/org/cafe-amboro"
EQUIPETROL = "/escritorio/grupo/consumo-solidario-equipetrol"
BOLIVIA = "/escritorio/red/red-spg-bolivia"
PAGES: dict[str | None, tuple[str, ...]] = {
    None: ("/entrar", "/entrar/espera", "/entrar/espera?manual=1"),
    "Hilda Justiniano Rojas": (  # admin of Café Amboró
        "/escritorio", AMBORO, f"{AMBORO}/pedidos", f"{AMBORO}/pedidos → {AMBORO}/pedidos/[0-9]+", f"{AMBORO}/productos",
        f"{AMBORO}/productos → {AMBORO}/productos/[0-9]+", f"{AMBORO}/importar", f"{AMBORO}/informes",
        f"{AMBORO}/pagos",
        f"{AMBORO}/registro", f"{AMBORO}/registro → {AMBORO}/registro/[0-9]+", f"{AMBORO}/registro/mio",
        f"{AMBORO}/junta", f"{AMBORO}/junta/renovar", f"{AMBORO}/junta/renunciar",
        f"{AMBORO}/madurez", f"{AMBORO}/lotes", f"{AMBORO}/estados", f"{AMBORO}/estados → {AMBORO}/estados/[0-9]+",
        f"{AMBORO}/formas-de-pago", f"{AMBORO}/fondo",
    ),
    "Carmen Gutiérrez Ribera": (  # coordinates Equipetrol, sits on the Bolivian network's committee
        EQUIPETROL, f"{EQUIPETROL} → {EQUIPETROL}/rondas/[0-9]+", f"{EQUIPETROL}/rondas/nueva", f"{EQUIPETROL}/cuentas",
        *(f"{EQUIPETROL} → {EQUIPETROL}/rondas/[0-9]+ → {EQUIPETROL}/rondas/[0-9]+/{tail}"
          for tail in ("retiro", "llegadas", "totales", "liquidar")),
        BOLIVIA, f"{BOLIVIA}/visitas", f"{BOLIVIA}/visitas → {BOLIVIA}/visitas/[0-9]+", f"{BOLIVIA}/sellos",
        f"{BOLIVIA}/sellos → {BOLIVIA}/sellos/[0-9]+", f"{BOLIVIA}/revisores", f"{BOLIVIA}/lista",
        f"{BOLIVIA}/sellos → {BOLIVIA}/sellos/[0-9]+ → {BOLIVIA}/sellos/[0-9]+/(suspender|reinstaurar|revocar)",
        f"{BOLIVIA}/revisores → {BOLIVIA}/revisores/[0-9]+/retirar",
    ),
    "Olga Mercado Vargas": (  # an operator
        "/escritorio/operador", "/escritorio/operador/aprobaciones",
        "/escritorio/operador/aprobaciones → /escritorio/operador/aprobaciones/[a-z]+/[0-9]+",
        "/escritorio/operador/categorias", "/escritorio/operador/precios",
        "/escritorio/operador/territorios", "/escritorio/operador/operadores",
    ),
}

# Audits a page fails knowingly, with the reason. Issue 22 asks that the sign-in's waiting page "moves on by itself
# with a <meta http-equiv="refresh">, no script" and that every desk page scores 100; Lighthouse's meta-refresh audit
# (axe; WCAG 2.2.1, failure F41) fails any refresh timed under 20 hours, so that page scores 92. The page offers
# the same page without the refresh (?manual=1, audited above: 100), which is what WCAG asks (a time limit the person
# can turn off). Only this audit, only on this page.
KNOWN_FAILURES: dict[str, set[str]] = {"/entrar/espera": {"meta-refresh"}}


@pytest.fixture
def lighthouse(browser):
    """Lighthouse's runner, once Chromium is there (the `browser` fixture checks it)."""
    from tests.browser.accessibility import lighthouse_missing

    reason = lighthouse_missing()
    if reason is not None:
        if os.environ.get("FERIA_REQUIRE_BROWSER") == "1":
            pytest.fail(f"FERIA_REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(reason)


async def reached(desk: DeskPage, listed: str) -> str:
    """The path `listed` names: itself, or the first link matching its pattern on the page before " → "."""
    start, *patterns = listed.split(" → ")
    for pattern in patterns:
        start = await first_link(desk, start, pattern)
    return start


async def first_link(desk: DeskPage, start: str, pattern: str) -> str:
    await desk.opens(start)
    for href in await desk.page.locator("main a[href]").evaluate_all("links => links.map(a => a.getAttribute('href'))"):
        if re.fullmatch(pattern, urlsplit(href).path):
            return urlsplit(href).path
    raise AssertionError(f"no link to {pattern} on {start}")


async def work_waiting() -> None:
    """What makes the pages show their tables and forms: a payment Café Amboró's buyer says they made (the payments
    page, the order's page), Equipetrol's open round closed (its packs, its pickup list) and a member's payment on
    it waiting for the coordinators (the accounts page)."""
    from market.enums import RoundStatus
    from market.models import Offer, OrderRound, Person
    from market.services.groups.rounds.closing import close_round
    from market.services.orders.cart import add_to_cart
    from market.services.orders.placing import place_orders
    from market.services.payments.proofs import claim_paid

    carmen = await Person.get(name="Carmen Gutiérrez Ribera")
    coffee = await Offer.get(product__organization__slug="cafe-amboro", product__name="Café tostado en grano")
    await add_to_cart(carmen.id, coffee.id, Decimal(2))
    (order,) = await place_orders(carmen.id, idempotency_key="audit")
    await claim_paid(by_person_id=carmen.id, order_id=order.id, source="audit-order")
    the_round = await OrderRound.get(group__slug="consumo-solidario-equipetrol", status=RoundStatus.OPEN)
    await close_round(the_round.id, by_person_id=carmen.id)  # she coordinates Equipetrol
    claudia = await Person.get(name="Claudia Peña Cuéllar")
    await claim_paid(by_person_id=claudia.id, round_id=the_round.id, source="audit-round")


def path_of(url: str) -> str:
    return urlsplit(url).path


# The pages' HTML is the same whichever engine is behind them, and the desk's own tests run on both: the audit
# (two and a half minutes) runs in the SQLite pass alone.
@pytest.mark.engine_blind
async def test_every_desk_page_scores_100_for_accessibility_and_weighs_under_100_kb(lighthouse, browser, feria):
    from tests.browser.accessibility import Audited, audit_accessibility

    await work_waiting()
    audited: list[Audited] = []
    too_heavy: dict[str, int] = {}
    for who, paths in PAGES.items():
        context = await browser.browser.new_context(viewport=PHONE, locale="es-BO")
        desk = DeskPage(await context.new_page(), feria)
        if who is None:
            await desk.asks_for_a_code()
        else:
            await desk.signs_in_as(who)
        cookie = await desk.cookie_header()
        for listed in paths:
            path = await reached(desk, listed)
            response = await desk.opens(path)
            assert response is not None and response.ok, path
            assert response.url.startswith(feria + path), f"{path} sent {who} to {response.url}"
            if (size := len(await response.body())) >= MAX_BYTES:
                too_heavy[path] = size
            audited.append(Audited(feria + path, cookie))
        await context.close()

    audits = await audit_accessibility(audited)
    print("lighthouse:", ", ".join(f"{path_of(audit.url)} {audit.score} in {audit.seconds:.1f} s" for audit in audits))

    report = "\n".join(audit.explain() for audit in audits if audit.score != 100
                       and not (set(audit.failing) <= KNOWN_FAILURES.get(urlsplit(audit.url).path, set())
                                and "manual=1" not in audit.url))
    assert report == "", "Lighthouse accessibility below 100:\n" + report
    assert [audit.final_url for audit in audits] == [page.url for page in audited], "each page audited where it is"
    assert too_heavy == {}
