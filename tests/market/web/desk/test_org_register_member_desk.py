"""An admin writes a member's entry at the desk (issue 22: the secretary updating forty families' entries): the
member's own form but the gender, the bot's checks, all or nothing, written once however often the form is posted;
the page says who wrote it and when, and the member is told in the bot. Nobody writes another organization's
members' entries.

Hilda is an admin of the demo's Café Amboró (members Reina, Marcelino and Norma, no entries written); Felipa is
an admin of CORACA Irupana. They read English here (the catalogs come in their own commit).
"""

from __future__ import annotations

import re

from market.models import Member, MemberEntry, Notification, Person
from serve import build
from tests.bot.flows.conftest import HILDA, REINA
from tests.bot.flows.test_rounds import receives_with
from tests.market.web.pages.conftest import visible_text
from tests.support.desk import desk_browser, sign_in

REGISTER = "/escritorio/org/cafe-amboro/registro"
FELIPA = 900_000_005  # an admin of CORACA Irupana, not of Café Amboró
VERSION = re.compile(r'name="version" value="(\d+)"')


def entry_form(page_html: str, **changes: str) -> dict[str, str]:
    """The form as the page shows it (its version), with the changes typed."""
    found = VERSION.search(page_html)
    assert found, "the form carries the entry's version"
    return {"comunidad": "", "produccion": "", "familia": "", "version": found.group(1)} | changes


async def in_english(*telegram_ids: int) -> None:
    await Person.filter(telegram_user_id__in=telegram_ids).update(locale="en")


async def reinas() -> tuple[int, MemberEntry | None]:
    member = await Member.get(organization__slug="cafe-amboro", person__telegram_user_id=REINA)
    return member.id, await MemberEntry.filter(member_id=member.id).first()


async def test_an_admin_writes_a_members_entry_once_the_page_says_who_and_the_member_is_told(
        feria_settings, people, hilda):
    reina = people.person(REINA, "Reina", language_code="en")
    async with desk_browser(build(feria_settings, "all")) as browser:
        await in_english(HILDA, REINA)
        await sign_in(browser, hilda)
        member_id, _ = await reinas()
        page = await browser.text(f"{REGISTER}/{member_id}")
        form = entry_form(page, comunidad="Los Negros", produccion="café 5 quintales, cosecha\nmiel 30 kg",
                          familia="6", genero="woman")
        saved = await browser.post_form(f"{REGISTER}/{member_id}", form)
        saved_text = visible_text(await saved.text())
        again = await browser.post_form(f"{REGISTER}/{member_id}", form, again=True)
        again_html = await again.text()
        listed = visible_text(await browser.text(REGISTER))
        told = await receives_with(reina, "wrote your entry")
        _, entry = await reinas()
        hilda_id = (await Person.get(telegram_user_id=HILDA)).id
        told_once = await Notification.filter(template="register_written").count()

    assert "genero" not in page and "gender, if" not in page, "the gender is the member's own to declare"
    assert saved.history[0].status == 303 and saved.url.path == f"{REGISTER}/{member_id}"
    assert "✅ Saved. Reina Suárez Vaca is told in the bot" in saved_text
    assert re.search(r"Written by Hilda[^.]* on \w", saved_text), "the page says who wrote it and when"
    assert again.status == 409 and "This entry changed meanwhile, or it is saved already." in visible_text(again_html)
    assert entry is not None and entry.version == 1 and entry.family_size == 6 and entry.gender is None
    assert entry.community_name == "Los Negros" and [p["product"] for p in entry.production] == ["café", "miel"]
    assert entry.written_by_id == hilda_id
    assert "Written by Hilda" in listed, "the register's list says it too"
    assert told.text.startswith("✏️ Hilda") and "Los Negros" in told.text
    assert told_once == 1, "written and told once"


async def test_bad_input_is_named_next_to_each_field_kept_and_nothing_is_written_nor_told(feria_settings, hilda):
    async with desk_browser(build(feria_settings, "all")) as browser:
        await in_english(HILDA)
        await sign_in(browser, hilda)
        member_id, _ = await reinas()
        page = await browser.text(f"{REGISTER}/{member_id}")
        answer = await browser.post_form(f"{REGISTER}/{member_id}", entry_form(
            page, comunidad="Los Negros", produccion="café 5 quintales, cosecha\npapa muchas", familia="0"))
        html = await answer.text()
        half = await browser.post_form(f"{REGISTER}/{member_id}", entry_form(page, familia="tres"))
        half_html = await half.text()
        _, entry = await reinas()
        told = await Notification.filter(template="register_written").count()

    assert answer.status == 400 and "Nothing was saved: correct the fields marked." in visible_text(html)
    assert 'id="e-produccion">' in html and 'id="e-familia">Write how many people' in html
    assert 'value="Los Negros"' in html and "papa muchas</textarea>" in html, "values kept"
    assert half.status == 400 and 'id="e-familia">Write a whole number of people, like 5.' in half_html
    assert entry is None and told == 0


async def test_a_post_without_its_token_writes_nothing(feria_settings, hilda):
    async with desk_browser(build(feria_settings, "all")) as browser:
        await sign_in(browser, hilda)
        member_id, _ = await reinas()
        page = await browser.text(f"{REGISTER}/{member_id}")
        forged = await browser.post_form(f"{REGISTER}/{member_id}", entry_form(page, familia="4"), csrf=False)
        _, entry = await reinas()
        told = await Notification.filter(template="register_written").exists()

    assert forged.status == 403 and entry is None and not told


async def test_a_blank_form_for_an_entry_never_written_writes_nothing_and_tells_nobody(feria_settings, hilda):
    async with desk_browser(build(feria_settings, "all")) as browser:
        await in_english(HILDA)
        await sign_in(browser, hilda)
        member_id, _ = await reinas()
        page = await browser.text(f"{REGISTER}/{member_id}")
        blank = await browser.post_form(f"{REGISTER}/{member_id}", entry_form(page))
        text = visible_text(await blank.text())
        _, entry = await reinas()
        told = await Notification.filter(template="register_written").exists()

    assert blank.url.path == f"{REGISTER}/{member_id}" and "Nothing was written." in text
    assert entry is None and not told, "an empty entry would count as updated today"


async def test_no_admin_writes_another_organizations_members_entry(feria_settings, people, hilda):
    felipa = people.person(FELIPA, "Felipa", language_code="es")
    async with desk_browser(build(feria_settings, "all")) as browser:
        await sign_in(browser, felipa)
        member_id, _ = await reinas()
        juana = await Member.get(organization__slug="coraca-irupana", person__name="Juana Condori Quispe")
        before = await MemberEntry.get(member_id=juana.id)
        theirs = await browser.get(f"{REGISTER}/{member_id}")
        await browser.get(f"/escritorio/org/coraca-irupana/registro/{juana.id}")  # a page of hers, and its token
        write_there = await browser.post_form(f"{REGISTER}/{member_id}", {"familia": "3", "version": "0"})
        await browser.get(f"/escritorio/org/coraca-irupana/registro/{juana.id}")
        through_mine = await browser.post_form(f"/escritorio/org/coraca-irupana/registro/{member_id}",
                                               {"familia": "3", "version": "0"})
        _, entry = await reinas()
        juanas = await MemberEntry.get(member_id=juana.id)
        told = await Notification.filter(template="register_written").exists()

    assert theirs.status == 403 and write_there.status == 403
    assert through_mine.status == 404, "another organization's member is not found in this register"
    assert entry is None and juanas.version == before.version and not told
