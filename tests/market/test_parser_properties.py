"""Every parser of outside input, fed anything: a value or its documented refusal, never a crash.

| parser                                   | input from                     | refusal                      |
|------------------------------------------|--------------------------------|------------------------------|
| market.rules.orders.parse_quantity       | a typed quantity, price, amount| Invalid("bad_quantity")      |
| market.rules.orders.check_quantity       | any parsed quantity            | Invalid(quantity_not_*)      |
| market.rules.moments.parse_moment        | a coordinator's closing time   | Invalid(bad_moment/moment_past) |
| market.stock_messages.read_number        | a producer's stock message     | None                         |
| market.stock_messages.parse_stock_message| a producer's stock message     | StockMessageError per line   |
| market.services.prices.imports.read_price  | a price series' CSV cell       | None                         |
| market.presentation.i18n.supported_locale/pick_locale | Telegram, browsers, ?lang=     | None / the default           |
| market.web.locale.accept_language_codes  | an Accept-Language header      | (skips what it cannot read)  |
| market.seal_codes.normalize_seal_code    | a typed or scanned seal code   | is_valid_seal_code False     |
| market.web.api.params.parse_query        | the API's query string         | InvalidParameters            |
| market.web.pages.search_form.parse_search| the search page's query string | SearchForm.problems          |

Where a formatter exists the value must come back from what it prints (quantities and amounts as babel
writes them for each locale, closing times as people write them, seal codes as labels print them).
"""

from __future__ import annotations

import unicodedata
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from babel.numbers import format_decimal
from hypothesis import given, settings
from hypothesis import strategies as st
from multidict import MultiDict

from market.errors import Invalid
from market.presentation.i18n import SUPPORTED_LOCALES, pick_locale, supported_locale
from market.rules.moments import parse_moment
from market.rules.orders import QUANTITY_PLACES, check_quantity, parse_quantity
from market.seal_codes import ALPHABET, LENGTH, format_seal_code, is_valid_seal_code, normalize_seal_code
from market.services.prices.imports import read_price
from market.stock_messages import LIMIT, StockMessageError, parse_stock_message, read_number
from market.web.api.params import Boolean, Choice, Code, Integer, InvalidParameters, Text, parse_query
from market.web.locale import accept_language_codes
from market.web.pages.search_form import MAX_CODE, parse_search

FAST = settings(max_examples=60, deadline=None)
# Text as people and clients send it: any characters, numbers-like pieces, and the odd huge value.
HUGE = ["9" * 10_000, "1e30", "1E+30", "-1e30", "NaN", "nan", "Infinity", "-inf", "sNaN", "9" * 30 + ",5",
        "x" * 100_000, "1" + ".000" * 2_000, "0," + "0" * 5_000 + "1", "\x00", "١٢", "１２", "½"]
numberish = st.one_of(
    st.text(max_size=40),
    st.text("0123456789.,-+ eE", max_size=30),
    st.sampled_from(HUGE),
)
ZONES = ["America/La_Paz", "America/Sao_Paulo", "America/Mexico_City", "America/Lima", "Pacific/Kiritimati", "UTC"]
FORMAT_LOCALES = ["es_BO", "es_MX", "pt_BR", "en", "es"]


# --- quantities ----------------------------------------------------------------------------------


@FAST
@given(text=numberish)
def test_a_typed_quantity_is_a_finite_non_negative_number_or_bad_quantity(text):
    try:
        quantity = parse_quantity(text)
    except Invalid as refused:
        assert refused.code == "bad_quantity"
        return

    assert quantity.is_finite() and 0 <= quantity < 10**9


@pytest.mark.parametrize("text", HUGE + ["-3", "-0", "0x10", "1 000", "1_000", "2 kg", ""])
def test_huge_signed_or_exotic_quantities_are_bad_quantities(text):
    with pytest.raises(Invalid) as refused:
        parse_quantity(text)

    assert refused.value.code == "bad_quantity"


@FAST
@given(quantity=st.decimals(min_value="0.001", max_value=999_999, places=QUANTITY_PLACES),
       locale=st.sampled_from(FORMAT_LOCALES))
def test_a_quantity_written_as_babel_writes_it_without_grouping_reads_back(quantity, locale):
    written = format_decimal(quantity, format="0.###", locale=locale)

    assert parse_quantity(written) == quantity


@FAST
@given(quantity=st.one_of(st.decimals(), st.sampled_from([Decimal("1e30"), Decimal("-0"), Decimal("1e-30")])),
       unit=st.sampled_from(["kg", "unit", "dozen", "quintal", "l", ""]))
def test_any_decimal_is_orderable_or_refused_with_a_quantity_code(quantity, unit):
    try:
        check_quantity(quantity, unit)
    except Invalid as refused:
        assert refused.code in ("quantity_not_positive", "quantity_not_whole", "quantity_too_precise")
        return

    assert quantity.is_finite() and quantity > 0


# --- closing times -------------------------------------------------------------------------------

NOW = datetime(2026, 11, 21, 15, tzinfo=timezone.utc)
moment_like = st.one_of(
    st.text(max_size=30),
    st.builds("{}/{}/{} {}:{:02d}".format, st.integers(0, 99), st.integers(0, 99), st.integers(0, 99_999),
              st.integers(0, 99), st.integers(0, 99)),
    st.sampled_from(["31/12/9999 23:00", "1/1/0001 0", "1/1/1 0:00", "29/2 10:00", "31/4 10",
                     "28/11 20:00" + " " * 50_000]),
)


@FAST
@given(text=moment_like, zone=st.sampled_from(ZONES))
def test_a_typed_closing_time_is_a_later_moment_in_utc_or_a_moment_refusal(text, zone):
    try:
        moment = parse_moment(text, zone, NOW)
    except Invalid as refused:
        assert refused.code in ("bad_moment", "moment_past")
        return

    assert moment.tzinfo == timezone.utc and moment > NOW


@FAST
@given(ahead=st.integers(1, 300 * 24 * 60), zone=st.sampled_from(ZONES), short_year=st.booleans())
def test_a_closing_time_written_as_people_write_it_reads_back_in_the_groups_time_zone(ahead, zone, short_year):
    local = (NOW + timedelta(minutes=ahead)).astimezone(ZoneInfo(zone))
    year = f"{local.year % 100:02d}" if short_year else f"{local.year}"
    written = f"{local.day}/{local.month}/{year} {local.hour}:{local.minute:02d}"

    assert parse_moment(written, zone, NOW) == local.replace(second=0, microsecond=0).astimezone(timezone.utc)


def test_a_moment_past_the_end_of_the_calendar_is_a_bad_moment_not_a_crash():
    with pytest.raises(Invalid) as refused:
        parse_moment("31/12/9999 23:00", "America/La_Paz", NOW)

    assert refused.value.code == "bad_moment"


# --- numbers and prices in stock messages and price series ---------------------------------------


@FAST
@given(text=numberish)
def test_a_number_in_a_stock_message_is_a_non_negative_decimal_or_unreadable(text):
    number = read_number(text)

    assert number is None or (number.is_finite() and number >= 0)


@FAST
@given(text=numberish)
def test_a_price_cell_is_a_decimal_or_unreadable(text):
    price = read_price(text)

    assert price is None or (price.is_finite() and price >= 0)


@FAST
@given(amount=st.decimals(min_value="0.01", max_value=9_999_999, places=2), locale=st.sampled_from(FORMAT_LOCALES))
def test_an_amount_as_babel_writes_it_for_each_locale_reads_back(amount, locale):
    written = format_decimal(amount, format="#,##0.00", locale=locale)

    assert read_number(written) == amount
    assert read_price(written) == amount


@pytest.mark.parametrize("text", ["9" * 10_000, "tomate " + "9" * 10_000 + " kg a 8", "tomate 1e30 kg",
                                  "x" * 100_000, "tomate 2 kg\n" * 8_000, "🍅" * 4_096, "\x00\x01\x1b"])
def test_oversized_stock_messages_are_read_line_by_line_or_refused_as_empty(text):
    try:
        results = parse_stock_message(text, "es")
    except StockMessageError as refused:
        assert refused.code == "empty"
        return

    lines = [result for result in results if not isinstance(result, StockMessageError)]
    assert all(line.quantity is None or 0 <= line.quantity <= LIMIT for line in lines)


# --- languages -----------------------------------------------------------------------------------

locale_like = st.one_of(
    st.none(), st.text(max_size=20), st.from_regex(r"[a-zA-Z]{1,8}([-_][a-zA-Z0-9]{1,8}){0,3}", fullmatch=True),
    st.sampled_from(["xx", "zh-Hant", "", " ", "und", "root", "i-klingon", "es@euro", "../../etc", "a" * 10_000,
                     "pt-br", "PT_br", "en-US-u-ca-gregory", "es_419", "\x00es"]),
)


@FAST
@given(code=locale_like)
def test_any_locale_code_maps_to_a_catalog_we_serve_or_none(code):
    assert supported_locale(code) in (*SUPPORTED_LOCALES, None)


@FAST
@given(stored=locale_like, telegram=locale_like, default=locale_like)
def test_a_person_always_gets_a_catalog_we_serve(stored, telegram, default):
    assert pick_locale(stored, telegram, default) in SUPPORTED_LOCALES


@pytest.mark.parametrize("code", ["xx", "zh-Hant", "", None])
def test_an_unknown_telegram_language_falls_back_to_the_default(code):
    assert pick_locale(None, code, "es") == "es"
    assert pick_locale(None, code, "pt_BR") == "pt_BR"


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_each_catalog_we_serve_reads_back_as_itself(locale):
    assert supported_locale(locale) == locale and supported_locale(locale.replace("_", "-").lower()) == locale


@FAST
@given(header=st.one_of(st.text(max_size=60), st.text(",;=q0123456789. -*abcdefzPTBR", max_size=60)))
def test_an_accept_language_header_gives_its_codes_best_first_and_never_fails(header):
    codes = accept_language_codes(header)

    assert all(code and code == code.strip() and "," not in code and ";" not in code for code in codes)


# --- seal codes ----------------------------------------------------------------------------------


@FAST
@given(code=st.text(ALPHABET, min_size=LENGTH, max_size=LENGTH), lower=st.booleans(), spaced=st.booleans())
def test_a_seal_code_as_a_label_prints_it_or_a_person_types_it_reads_back(code, lower, spaced):
    printed = format_seal_code(code)
    typed = printed.lower() if lower else printed
    typed = f" {typed.replace('-', ' ')} " if spaced else typed

    assert normalize_seal_code(typed) == code and is_valid_seal_code(code)


@FAST
@given(raw=st.one_of(st.text(max_size=40), st.sampled_from(["x" * 100_000, "\x00", "K7HM-Q2R0", "ǅ" * 8])))
def test_any_typed_seal_code_is_valid_only_when_it_has_eight_letters_of_the_alphabet(raw):
    code = normalize_seal_code(raw)

    assert is_valid_seal_code(code) == (len(code) == LENGTH and set(code) <= set(ALPHABET))


# --- the API's query parameters and the search page's ----------------------------------------------

PARAMS = (Integer("limit", "", minimum=1, maximum=100), Integer("after", ""), Boolean("sealed", ""),
          Text("q", "", max_length=200), Code("category", ""), Choice("form", "", choices=("oeca", "coraca")))
raw_value = st.one_of(st.text(max_size=30), numberish, st.sampled_from(["true", "false", "oeca", "cafe", "-1",
                                                                        "2147483648", "x" * 201]))


@FAST
@given(query=st.lists(st.tuples(st.sampled_from([p.name for p in PARAMS] + ["lang"]), raw_value), max_size=8))
def test_any_query_string_gives_typed_values_or_names_each_bad_parameter(query):
    try:
        values = parse_query(MultiDict(query), PARAMS)
    except InvalidParameters as refused:
        named = {name for name, _, _ in refused.problems}
        assert named and named <= {p.name for p in PARAMS}
        return

    assert values["limit"] is None or 1 <= values["limit"] <= 100
    assert values["after"] is None or 1 <= values["after"] <= 2**31 - 1
    assert isinstance(values["sealed"], bool) and values["form"] in (None, "oeca", "coraca")
    assert values["q"] is None or len(values["q"]) <= 200 and not any(unicodedata.category(c) in ("Cc", "Cs")
                                                                      for c in values["q"])


@FAST
@given(number=st.integers(-(10**20), 10**20))
def test_an_integer_parameter_reads_back_within_its_range_and_is_refused_outside(number):
    try:
        values = parse_query(MultiDict(limit=str(number)), PARAMS[:1])
    except InvalidParameters as refused:
        assert not 1 <= number <= 100
        assert refused.problems[0][:2] in (("limit", "out_of_range"), ("limit", "not_integer"))
        return

    assert values["limit"] == number


@FAST
@given(query=st.dictionaries(st.sampled_from(["q", "categoria", "territorio", "organizacion", "forma", "sello", "stock",
                                              "despues", "antes", "lang"]), raw_value, max_size=6))
def test_any_search_page_query_gives_a_search_or_names_what_it_cannot_read(query):
    form = parse_search(query)

    assert set(form.problems) <= set(query)
    assert all(len(value) <= MAX_CODE for value in (form.category, form.territory, form.organization))
    assert form.after is None or 1 <= form.after <= 2**31 - 1
    assert form.before is None or 1 <= form.before <= 2**31 - 1
    form.product_query()  # what the search runs: building it refuses nothing the form let through
