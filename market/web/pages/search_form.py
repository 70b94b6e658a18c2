"""The search page's address: its Spanish parameter names, read into a ProductQuery.

| parameter      | meaning                                              | example               |
|----------------|------------------------------------------------------|-----------------------|
| q              | words of the product's name, in any order and accent | q=cafe                |
| categoria      | a category code                                      | categoria=coffee_cocoa |
| territorio     | a territory code; takes in every place below it      | territorio=bo-scz     |
| cerca          | where the visitor is: a territory code, nearest first | cerca=bo-lpz          |
| organizacion   | an organization's slug                               | organizacion=cafe-amboro |
| forma          | an organization's legal form                         | forma=cooperative     |
| sello=1        | only products a seal valid today covers              | sello=1               |
| stock=1        | only products in stock                               | stock=1               |
| despues / antes| the page after, or before, a product id (keyset)     | despues=42            |
| lang           | the page's language (es, pt_BR, en)                  | lang=pt_BR            |

A value that cannot be understood is named in `problems`; the page then says so (HTTP 400)
instead of guessing. An unknown category, territory or organization simply finds nothing.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from market.enums import LegalForm
from market.services.catalog.products import MAX_TEXT, ProductQuery

PAGE_SIZE = 20
# Product ids are 32-bit integers on PostgreSQL: a larger cursor is not a product but an error there.
MAX_ID = 2**31 - 1
# Codes and slugs are at most 64 characters in the database.
MAX_CODE = 64
_TRUE, _FALSE = {"1", "on", "true", "si", "sí", "sim", "yes"}, {"", "0", "off", "false", "no", "nao", "não"}
LEGAL_FORMS = frozenset(form.value for form in LegalForm)


@dataclass(frozen=True)
class SearchForm:
    text: str = ""
    category: str = ""
    territory: str = ""
    organization: str = ""
    legal_form: str = ""
    sealed_only: bool = False
    in_stock_only: bool = False
    # Where the visitor is (a territory code): the nearest products first.
    near: str = ""
    after: int | None = None
    before: int | None = None
    # The parameters that could not be understood, by their name in the address.
    problems: tuple[str, ...] = ()

    def filters(self) -> dict[str, str]:
        """The search as it goes in a link, without the page cursor and without empty values."""
        params = {
            "q": self.text, "categoria": self.category, "territorio": self.territory,
            "organizacion": self.organization, "forma": self.legal_form,
            "sello": "1" if self.sealed_only else "", "stock": "1" if self.in_stock_only else "", "cerca": self.near,
        }
        return {name: value for name, value in params.items() if value}

    def product_query(self, *, first_page: bool = False) -> ProductQuery:
        return ProductQuery(
            text=self.text or None, category=self.category or None, territory=self.territory or None,
            organization=self.organization or None, legal_form=self.legal_form or None,
            sealed_only=self.sealed_only, in_stock_only=self.in_stock_only,
            after=None if first_page else self.after, before=None if first_page else self.before,
            limit=PAGE_SIZE, near=self.near or None,
        )


def parse_search(query: Mapping[str, str]) -> SearchForm:
    """Read the search page's parameters; what cannot be understood goes into `problems`.

    | query                   | result                                        |
    |-------------------------|-----------------------------------------------|
    | q=" café "              | text "café"                                   |
    | q="tomate\x00 miel"     | text "tomate miel"                            |
    | q=201 characters        | problems ("q",): the one problem "q" can have |
    | sello=1&stock=on        | sealed_only, in_stock_only                    |
    | sello=maybe             | problems ("sello",)                           |
    | forma=cooperative       | legal_form "cooperative"                      |
    | forma=bank              | problems ("forma",)                           |
    | categoria="fruits\x00"  | problems ("categoria",)                       |
    | despues=42              | after 42                                      |
    | despues=-1, despues=abc | problems ("despues",)                         |
    | despues=10,000 digits   | problems ("despues",)                         |
    | despues=4&antes=9       | problems ("antes",)                           |
    """
    problems: list[str] = []

    def code(name: str) -> str:
        value = query.get(name, "").strip()
        # Control characters are no code (and PostgreSQL refuses a NUL in text).
        if len(value) > MAX_CODE or any(unicodedata.category(c) == "Cc" for c in value):
            problems.append(name)
            return ""
        return value

    def words(name: str) -> str:
        # In typed words a control character is taken for a space: a tab pasted from a list still searches.
        value = " ".join("".join(" " if unicodedata.category(c) == "Cc" else c for c in query.get(name, "")).split())
        if len(value) > MAX_TEXT:
            problems.append(name)
            return ""
        return value

    def flag(name: str) -> bool:
        value = query.get(name, "").strip().lower()
        if value not in _TRUE | _FALSE:
            problems.append(name)
        return value in _TRUE

    def cursor(name: str) -> int | None:
        value = query.get(name, "").strip()
        if not value:
            return None
        # Length first: Python refuses to read an integer of more than 4,300 digits (a ValueError, a 500).
        if len(value) > len(str(MAX_ID)) or not (value.isascii() and value.isdigit() and 1 <= int(value) <= MAX_ID):
            problems.append(name)
            return None
        return int(value)

    legal_form = code("forma")
    if legal_form and legal_form not in LEGAL_FORMS:
        problems.append("forma")
        legal_form = ""
    form = SearchForm(
        text=words("q"), category=code("categoria"), territory=code("territorio"),
        organization=code("organizacion"), legal_form=legal_form,
        sealed_only=flag("sello"), in_stock_only=flag("stock"), near=code("cerca"), after=cursor("despues"),
        before=cursor("antes"),
    )
    if form.after is not None and form.before is not None:
        problems.append("antes")
    return dataclasses.replace(form, problems=tuple(problems))
