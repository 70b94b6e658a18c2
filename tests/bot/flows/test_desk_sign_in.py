"""Signing a browser in to the desk through the bot (issue 22): a one-time code, Yes or No in the chat, a cookie
that is Secure, HttpOnly and SameSite=Lax for 30 days, and the browsers signed in listed and signed out from
/misdatos and from the desk."""

from __future__ import annotations

from datetime import timedelta

from market import clock
from market.models import LoginCode, WebSession
from serve import build
from tests.market.web.pages.conftest import visible_text
from tests.support.desk import another_browser, ask_for_code, desk_browser, sign_in

AMBORO = "Asociación de Productores de Café Amboró"


async def test_an_admin_signs_in_by_saying_yes_in_the_bot_and_lands_on_her_desk(feria_settings, hilda):
    async with desk_browser(build(feria_settings, "all")) as browser:
        first = await browser.get("/escritorio")
        code = await ask_for_code(browser, "/escritorio")
        waiting = visible_text(await (await browser.get("/entrar/espera")).text())
        await hilda.says(f"/start login_{code}")
        question = await hilda.receives()
        await hilda.presses("Sí, entrar", message=question)
        done = await hilda.sees_edited(question)
        landed = await browser.get("/entrar/espera")
        home = visible_text(await landed.text())
        cookie = landed.history[0].headers.get("Set-Cookie", "") if landed.history else ""
        sessions = await WebSession.filter(person__telegram_user_id=hilda.id).count()

    assert first.url.path == "/entrar", "a browser signed in to nobody is sent to sign in"
    assert "Confirma en Telegram" in waiting and f"/entrar {code}" in waiting
    assert question.text.startswith("💻 ¿Entrar en Feria desde el navegador? (Chrome en Android)")
    assert done.text.startswith("✅")
    assert landed.url.path == "/escritorio"
    assert "Hola, Hilda" in home and AMBORO in home
    assert "Chrome en Android (este)" in home
    for attribute in ("Secure", "HttpOnly", "SameSite=Lax", "Max-Age=2592000"):
        assert attribute in cookie, attribute
    assert landed.headers["Cache-Control"] == "private, no-store"
    assert sessions == 1


async def test_a_code_works_once_and_only_for_the_browser_that_asked(feria_settings, hilda, ana):
    async with desk_browser(build(feria_settings, "all")) as browser:
        code = await ask_for_code(browser)
        other = await another_browser(browser)
        await hilda.says(f"/entrar {code.lower()[:4]}-{code.lower()[4:]}")  # typed, as a person may type it
        question = await hilda.receives()
        await hilda.presses("Sí, entrar", message=question)
        await hilda.sees_edited(question)
        # Someone who read the code over her shoulder: their browser never asked for it.
        stranger = await other.get("/entrar/espera")
        await ana.says(f"/start login_{code}")
        late = await ana.receives()
        landed = await browser.get("/entrar/espera")
        again = await browser.get("/entrar/espera")
        sessions = await WebSession.all().count()
        await other.client.close()

    assert stranger.url.path == "/entrar"
    assert "ha vencido o ya se usó" in late.text
    assert landed.url.path == "/escritorio"
    assert again.url.path == "/escritorio" and sessions == 1, "the code opened one session, once"


async def test_no_in_the_bot_signs_nobody_in(feria_settings, hilda):
    async with desk_browser(build(feria_settings, "all")) as browser:
        code = await ask_for_code(browser)
        await hilda.says(f"/start login_{code}")
        question = await hilda.receives()
        await hilda.presses("No", message=question)
        await hilda.sees_edited(question)
        refused = visible_text(await (await browser.get("/entrar/espera")).text())
        desk = await browser.get("/escritorio")
        sessions = await WebSession.all().count()

    assert "Entrada rechazada" in refused
    assert desk.url.path == "/entrar"
    assert sessions == 0


async def test_a_code_expires_after_five_minutes(feria_settings, hilda):
    async with desk_browser(build(feria_settings, "all")) as browser:
        code = await ask_for_code(browser)
        clock.advance(timedelta(minutes=5, seconds=1))
        await hilda.says(f"/start login_{code}")
        answer = await hilda.receives()
        page = visible_text(await (await browser.get("/entrar/espera")).text())
        approved = await LoginCode.filter(approved_at__isnull=False).count()

    assert "ha vencido o ya se usó" in answer.text
    assert "Este código venció" in page
    assert approved == 0


async def test_signing_out_from_misdatos_closes_the_browser(feria_settings, hilda):
    async with desk_browser(build(feria_settings, "all")) as browser:
        await sign_in(browser, hilda)
        await hilda.says("/misdatos")
        data = await hilda.receives()
        await hilda.presses("💻 Navegadores con sesión", message=data)
        listed = await hilda.sees_edited(data)
        await hilda.presses("Cerrar sesión en Chrome en Android", message=listed)
        after = await hilda.sees_edited(listed)
        desk = await browser.get("/escritorio")

    assert "Chrome en Android" in listed.text
    assert "Ningún navegador" in after.text
    assert desk.url.path == "/entrar", "the browser's cookie opens nothing once signed out"


async def test_a_form_without_its_csrf_token_changes_nothing(feria_settings, hilda):
    async with desk_browser(build(feria_settings, "all")) as browser:
        await sign_in(browser, hilda)
        session = await WebSession.get(person__telegram_user_id=hilda.id)
        forged = await browser.post_form(f"/escritorio/navegadores/{session.id}/cerrar", csrf=False)
        wrong = await browser.post_form(f"/escritorio/navegadores/{session.id}/cerrar", {"csrf": "0" * 32})
        still = await WebSession.get(id=session.id)
        home = await browser.get("/escritorio")
        closed = await browser.post_form(f"/escritorio/navegadores/{session.id}/cerrar")
        gone = await WebSession.get(id=session.id)

    assert forged.status == 403 and wrong.status == 403
    assert still.revoked_at is None and home.url.path == "/escritorio"
    assert closed.url.path == "/entrar" and gone.revoked_at is not None


async def test_signing_out_on_the_web_ends_the_session(feria_settings, hilda):
    async with desk_browser(build(feria_settings, "all")) as browser:
        await sign_in(browser, hilda)
        await browser.get("/escritorio")
        out = await browser.post_form("/salir")
        desk = await browser.get("/escritorio")
        revoked = await WebSession.filter(revoked_at__isnull=False).count()

    assert out.url.path == "/entrar" and desk.url.path == "/entrar"
    assert revoked == 1


async def test_the_waiting_page_checks_by_itself_unless_asked_to_stop(feria_settings, hilda):
    async with desk_browser(build(feria_settings, "all")) as browser:
        await ask_for_code(browser)
        page = await (await browser.get("/entrar/espera")).text()
        manual = await (await browser.get("/entrar/espera?manual=1")).text()

    assert '<meta http-equiv="refresh" content="5; url=/entrar/espera?lang=es">' in page
    assert "Dejar de comprobar sola" in visible_text(page)
    assert "http-equiv" not in manual and "Comprobar ahora" in visible_text(manual)
