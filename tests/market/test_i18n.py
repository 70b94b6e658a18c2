"""Locales: who gets which language, catalogs that compile and are complete, babel formats."""

import datetime as dt
from decimal import Decimal

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from market.presentation.i18n import (
    LOCALES_DIR,
    SUPPORTED_LOCALES,
    Translator,
    formatting_locale,
    pick_locale,
    supported_locale,
)

CATALOGS = sorted(LOCALES_DIR.glob("*/LC_MESSAGES/messages.po"))


@pytest.mark.parametrize(
    ("stored", "telegram", "default", "expected"),
    [
        ("en", "pt-br", "es", "en"),
        (None, "pt-br", "es", "pt_BR"),
        (None, "pt", "es", "pt_BR"),
        (None, "es-MX", "en", "es"),
        (None, "de", "es", "es"),
        (None, None, "pt_BR", "pt_BR"),
        ("garbage!!", "", "en", "en"),
    ],
)
def test_a_person_gets_their_stored_choice_then_telegrams_guess_then_the_default(stored, telegram, default, expected):
    assert pick_locale(stored, telegram, default) == expected


@pytest.mark.parametrize(("code", "expected"), [("pt_PT", "pt_BR"), ("EN-us", "en"), ("fr", None), ("", None), (None, None)])
def test_any_locale_code_maps_to_a_served_catalog_or_none(code, expected):
    assert supported_locale(code) == expected


def test_every_served_locale_has_a_catalog():
    assert {path.parent.parent.name for path in CATALOGS} == set(SUPPORTED_LOCALES)


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.parent.parent.name)
def test_every_catalog_compiles(path, tmp_path):
    with path.open("rb") as po:
        catalog = read_po(po)

    with (tmp_path / "messages.mo").open("wb") as mo:
        write_mo(mo, catalog)

    assert list(catalog.check()) == []


@pytest.mark.parametrize("locale", ["es", "pt_BR"])
def test_spanish_and_portuguese_translate_every_message(locale):
    with (LOCALES_DIR / locale / "LC_MESSAGES" / "messages.po").open("rb") as po:
        catalog = read_po(po)

    untranslated = [m.id for m in catalog if m.id and (not m.string or (isinstance(m.string, tuple) and not all(m.string)))]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]

    assert untranslated == [] and fuzzy == []


def test_the_catalogs_hold_every_message_the_code_uses():
    from babel.messages.extract import extract_from_dir

    root = LOCALES_DIR.parent
    method_map = [("bot/**.py", "python"), ("market/**.py", "python"), ("market/web/templates/**.html", "jinja2")]
    used = {
        message[2] if isinstance(message[2], str) else message[2][0]
        for directory in ("bot", "market")
        for message in extract_from_dir(
            root / directory, method_map=[(p.split("/", 1)[1], m) for p, m in method_map if p.startswith(directory)],
            keywords={"_": None, "gettext": None, "ngettext": (1, 2), "N_": None},
        )
    }
    with (LOCALES_DIR / "es" / "LC_MESSAGES" / "messages.po").open("rb") as po:
        known = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(po) if m.id}

    assert used - known == set()


def test_messages_and_plurals_are_translated():
    es, pt, en = Translator("es"), Translator("pt_BR"), Translator("en")

    assert es.gettext("Categories") == "Categorías"
    assert pt.gettext("Categories") == "Categorias"
    assert en.gettext("Categories") == "Categories"
    assert pt.ngettext("%(num)d organization", "%(num)d organizations", 2) % {"num": 2} == "2 organizações"


@pytest.mark.parametrize(
    ("locale", "country", "amount", "currency", "reader", "shown"),
    [
        ("es", "BO", "1234.5", "BOB", None, "Bs1.234,50"),
        ("es", "BO", "8.5", "BOB", "BO", "Bs8,50"),
        ("pt_BR", "BR", "1234.5", "BRL", None, "R$\xa01.234,50"),
        ("es", "MX", "85", "MXN", "MX", "$85.00"),
        ("es", "PY", "15000", "PYG", None, "Gs.\xa015.000"),
        ("en", None, "8.5", "BOB", None, "BOB8.50"),
        # Not the reader's money, or a bare "$" to a reader whose country is not known: it says whose it is.
        ("es", "MX", "320", "MXN", "BO", "MX$320,00"),
        ("es", "MX", "320", "MXN", None, "MX$320,00"),
        ("es", "BR", "9", "BRL", "BO", "R$\xa09,00"),
        ("es", "BR", "9", "BRL", None, "R$\xa09,00"),
        ("pt_BR", "BO", "8.5", "BOB", "BR", "Bs8,50"),
    ],
)
def test_money_is_formatted_for_the_persons_language_and_the_territorys_country(
        locale, country, amount, currency, reader, shown):
    assert Translator(locale, country).money(Decimal(amount), currency, reader) == shown


def test_a_closing_time_is_shown_in_the_territorys_time_zone():
    closes = dt.datetime(2026, 11, 21, 22, 0, tzinfo=dt.timezone.utc)

    assert Translator("es", "BO").datetime(closes, "America/La_Paz", format="short") == "21/11/26, 6:00\u202fp.\u202fm."


def test_formatting_falls_back_to_the_language_when_the_country_is_unknown_to_cldr():
    assert formatting_locale("es", "ZZ") == "es"
    assert formatting_locale("en", "MX") == "en"
    assert formatting_locale("es", "BO") == "es_BO"
