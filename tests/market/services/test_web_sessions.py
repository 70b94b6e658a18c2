"""The desk's sign-in codes and browser sessions (market.services.people.web_sessions), below the web and the bot."""

from __future__ import annotations

from datetime import timedelta

import pytest

from market.errors import NotFound
from market.models import LoginCode, WebSession
from market.services.people.privacy import forget_person
from market.services.people.web_sessions import (
    LoginState,
    approve_login,
    browser_sessions,
    collect_login,
    digest,
    purge_sign_ins,
    refuse_login,
    sign_out,
    signed_in,
    start_login,
)
from tests.market.services.shop import make_person
from tests.support.clock import NOW


async def _signed_in(person_id: int, secret: str = "browser-secret") -> str:
    started = await start_login(secret, "chrome", "android", now=NOW)
    await approve_login(started.code, person_id, now=NOW)
    outcome = await collect_login(started.code, secret, now=NOW)
    assert outcome.state is LoginState.APPROVED and outcome.token
    return outcome.token


async def test_a_session_is_kept_by_digest_and_names_its_person(db):
    ana = await make_person("Ana", telegram_user_id=5001, locale="pt_BR")
    token = await _signed_in(ana)

    row = await WebSession.get(person_id=ana)
    person = await signed_in(token, now=NOW + timedelta(days=29))
    assert row.digest == digest(token) and token not in repr(await WebSession.all().values())
    assert person is not None and (person.person_id, person.name, person.locale) == (ana, "Ana", "pt_BR")
    assert await signed_in(token, now=NOW + timedelta(days=30)) is None, "30 days, then it ends"
    assert await signed_in("not-a-token", now=NOW) is None


async def test_a_code_is_answered_once_and_collected_once(db):
    ana = await make_person("Ana", telegram_user_id=5001)
    started = await start_login("secret", "firefox", "windows", now=NOW)

    assert (await collect_login(started.code, "secret", now=NOW)).state is LoginState.WAITING
    await approve_login(started.code.lower(), ana, now=NOW)
    with pytest.raises(NotFound):
        await refuse_login(started.code, ana, now=NOW)  # answered already: the first answer stands
    assert (await collect_login(started.code, "another browser", now=NOW)).state is LoginState.EXPIRED
    assert (await collect_login(started.code, "secret", now=NOW)).state is LoginState.APPROVED
    assert (await collect_login(started.code, "secret", now=NOW)).state is LoginState.EXPIRED
    assert await WebSession.all().count() == 1


async def test_a_refused_or_late_code_signs_nobody_in(db):
    ana = await make_person("Ana", telegram_user_id=5001)
    refused = await start_login("secret", "chrome", "android", now=NOW)
    late = await start_login("secret", "chrome", "android", now=NOW)

    await refuse_login(refused.code, ana, now=NOW)
    with pytest.raises(NotFound):
        await approve_login(late.code, ana, now=NOW + timedelta(minutes=5))
    assert (await collect_login(refused.code, "secret", now=NOW)).state is LoginState.REFUSED
    assert (await collect_login(late.code, "secret", now=NOW + timedelta(minutes=5))).state is LoginState.EXPIRED
    assert await WebSession.all().count() == 0


async def test_a_person_signs_out_only_their_own_browsers(db):
    ana = await make_person("Ana", telegram_user_id=5001)
    bruno = await make_person("Bruno", telegram_user_id=5002)
    token = await _signed_in(ana)
    session = (await browser_sessions(ana, now=NOW))[0]

    assert not await sign_out(bruno, session.id, now=NOW)
    assert await signed_in(token, now=NOW) is not None
    assert await sign_out(ana, session.id, now=NOW)
    assert await signed_in(token, now=NOW) is None and await browser_sessions(ana, now=NOW) == []


async def test_forgetting_a_person_signs_every_browser_out(db):
    ana = await make_person("Ana", telegram_user_id=5001)
    token = await _signed_in(ana)

    await forget_person(ana, now=NOW)

    assert await signed_in(token, now=NOW) is None
    assert await WebSession.all().count() == 0 and await LoginCode.all().count() == 0


async def test_old_codes_and_sessions_are_purged(db):
    ana = await make_person("Ana", telegram_user_id=5001)
    kept = await _signed_in(ana, "one")
    await start_login("two", "chrome", "android", now=NOW)

    gone = await purge_sign_ins(now=NOW + timedelta(days=2))
    alive = await signed_in(kept, now=NOW + timedelta(days=2))
    later = await purge_sign_ins(now=NOW + timedelta(days=61))

    assert gone == 2  # both codes, a day past their end; the session is alive
    assert alive is not None
    assert later == 1 and await WebSession.all().count() == 0
