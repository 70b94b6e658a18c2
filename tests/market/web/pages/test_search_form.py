"""The search page's address read into a search: the table of search_form.parse_search."""

import pytest

from market.web.pages.search_form import PAGE_SIZE, SearchForm, parse_search


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"q": " café "}, SearchForm(text="café")),
        ({"q": "tomate\x00 miel"}, SearchForm(text="tomate miel")),
        ({"q": "a" * 201}, SearchForm(problems=("q",))),
        ({"sello": "1", "stock": "on"}, SearchForm(sealed_only=True, in_stock_only=True)),
        ({"sello": "0", "stock": ""}, SearchForm()),
        ({"sello": "maybe"}, SearchForm(problems=("sello",))),
        ({"forma": "cooperative"}, SearchForm(legal_form="cooperative")),
        ({"forma": "bank"}, SearchForm(problems=("forma",))),
        ({"categoria": "fruits\x00"}, SearchForm(problems=("categoria",))),
        ({"territorio": "x" * 65}, SearchForm(problems=("territorio",))),
        ({"despues": "42"}, SearchForm(after=42)),
        ({"despues": "-1"}, SearchForm(problems=("despues",))),
        ({"despues": "abc"}, SearchForm(problems=("despues",))),
        ({"antes": "99999999999"}, SearchForm(problems=("antes",))),
        ({"despues": "4", "antes": "9"}, SearchForm(after=4, before=9, problems=("antes",))),
        ({"lang": "pt_BR", "other": "ignored"}, SearchForm()),
    ],
)
def test_the_address_reads_into_a_search_or_names_what_it_could_not_understand(query, expected):
    assert parse_search(query) == expected


def test_a_search_keeps_its_filters_in_links_but_not_its_page():
    form = parse_search({"q": "miel", "categoria": "honey_preserves", "sello": "1", "despues": "7"})

    assert form.filters() == {"q": "miel", "categoria": "honey_preserves", "sello": "1"}
    assert form.product_query().after == 7 and form.product_query(first_page=True).after is None
    assert form.product_query().limit == PAGE_SIZE and form.product_query().sealed_only
