"""People: registered from Telegram on every update, found again, and their chosen locale."""

import asyncio

import pytest

from market.errors import Invalid, NotFound
from market.models import Person
from market.services.people.profile import (
    PersonView,
    find_person_by_telegram,
    get_person,
    register_person,
    set_person_locale,
)


async def test_a_new_telegram_user_becomes_a_person_without_a_chosen_locale(db):
    person = await register_person(501, "Rosa Quispe", "rosaq", "es")

    assert person == PersonView(person.id, "Rosa Quispe", 501, "rosaq", None, "es")
    assert await find_person_by_telegram(501) == person


async def test_registering_again_unchanged_costs_one_query_and_writes_nothing(db, queries):
    first = await register_person(501, "Rosa Quispe", "rosaq", "es")
    stamped = (await Person.get(id=first.id)).updated_at
    queries.start()

    again = await register_person(501, "Rosa Quispe", "rosaq", "es")

    assert again == first
    assert len(queries.statements) == 1
    assert queries.statements[0].lstrip().upper().startswith("SELECT")
    assert (await Person.get(id=first.id)).updated_at == stamped


async def test_a_changed_name_username_or_language_is_updated_and_the_chosen_locale_kept(db):
    first = await register_person(501, "Rosa", "rosaq", "es")
    await set_person_locale(first.id, "en")

    again = await register_person(501, "Rosa Quispe Mamani", None, "pt-br")

    assert again == PersonView(first.id, "Rosa Quispe Mamani", 501, None, "en", "pt-br")
    assert await get_person(first.id) == again


async def test_a_name_longer_than_its_column_is_cut_to_fit(db):
    person = await register_person(501, "R" * 64 + " " + "Q" * 64, "u" * 70, "es")

    assert (len(person.name), len(person.username)) == (128, 64)
    assert await get_person(person.id) == person


async def test_two_first_updates_of_one_person_at_once_make_one_person(db):
    people = await asyncio.gather(*(register_person(501, "Rosa Quispe", "rosaq", "es") for _ in range(5)))

    assert len({p.id for p in people}) == 1
    assert await Person.filter(telegram_user_id=501).count() == 1


async def test_a_racing_update_that_changed_the_name_still_lands(db):
    old, new = await asyncio.gather(
        register_person(501, "Rosa", "rosaq", "es"), register_person(501, "Rosa Quispe", "rosaq", "es")
    )

    assert old.id == new.id
    assert (await get_person(new.id)).name in ("Rosa", "Rosa Quispe")


async def test_an_unknown_person_is_not_found(db):
    with pytest.raises(NotFound) as refused:
        await get_person(999)

    assert refused.value.code == "person_not_found"
    assert await find_person_by_telegram(999) is None


@pytest.mark.parametrize("locale", ["es", "pt_BR", "en"])
async def test_a_person_chooses_a_served_locale(db, locale):
    person = await register_person(501, "Rosa Quispe", None, "es")

    chosen = await set_person_locale(person.id, locale)

    assert chosen.locale == locale
    assert (await find_person_by_telegram(501)).locale == locale


@pytest.mark.parametrize("locale", ["fr", "pt", "es_BO", ""])
async def test_a_locale_we_do_not_serve_is_refused(db, locale):
    person = await register_person(501, "Rosa Quispe", None, "es")

    with pytest.raises(Invalid) as refused:
        await set_person_locale(person.id, locale)

    assert (refused.value.code, refused.value.params) == ("unsupported_locale", {"locale": locale})
    assert (await get_person(person.id)).locale is None


async def test_choosing_a_locale_for_an_unknown_person_is_not_found(db):
    with pytest.raises(NotFound):
        await set_person_locale(999, "en")
