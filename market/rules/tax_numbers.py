"""An organization's tax number, checked by its country's rule: which rule applied, and the number as kept.

Where a kept library knows the country's number (python-stdnum), its check digits decide: Brazil's CNPJ (an
organization) or CPF (a person), Mexico's RFC. Bolivia's NIT has no public check digit: digits only, 7 to 13.
Every other country gets a plain check: 4 to 20 letters or digits, with dots, dashes, slashes or spaces between.

| country | typed                  | result                                   |
|---------|------------------------|------------------------------------------|
| BR      | "11.222.333/0001-81"   | TaxNumber("11222333000181", "CNPJ")      |
| BR      | "390.533.447-05"       | TaxNumber("39053344705", "CPF")          |
| BR      | "11.222.333/0001-82"   | Invalid("tax_number_not_cnpj_or_cpf")    |
| MX      | "abc-680524-p76"       | TaxNumber("ABC680524P76", "RFC")         |
| MX      | "ABC68052"             | Invalid("tax_number_not_rfc")            |
| BO      | "1020304050"           | TaxNumber("1020304050", "NIT")           |
| BO      | "10203-A"              | Invalid("tax_number_not_nit")            |
| PE      | "20-12345678-9"        | TaxNumber("20-12345678-9", None)         |
| PE      | "12#"                  | Invalid("tax_number_bad_characters")     |
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from stdnum.br import cnpj, cpf
from stdnum.mx import rfc

from market.errors import Invalid

NIT_DIGITS = (7, 13)
_PLAIN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9./ -]{2,22})[A-Za-z0-9]")
PLAIN_LENGTH = (4, 20)


@dataclass(frozen=True)
class TaxNumber:
    number: str  # as kept: compact where the rule knows the number's form
    rule: str | None  # the rule that checked it ("CNPJ", "CPF", "RFC", "NIT"), None for the plain check


def check_tax_number(typed: str, country_code: str) -> TaxNumber:
    """The number checked by its country's rule (see the table above), or Invalid naming the rule it failed."""
    typed = typed.strip()
    if country_code == "BR":
        for rule, module in (("CNPJ", cnpj), ("CPF", cpf)):
            if module.is_valid(typed):
                return TaxNumber(module.compact(typed), rule)
        raise Invalid("tax_number_not_cnpj_or_cpf")
    if country_code == "MX":
        if rfc.is_valid(typed):
            return TaxNumber(rfc.compact(typed), "RFC")
        raise Invalid("tax_number_not_rfc")
    if country_code == "BO":
        low, high = NIT_DIGITS
        if typed.isdecimal() and typed.isascii() and low <= len(typed) <= high:
            return TaxNumber(typed, "NIT")
        raise Invalid("tax_number_not_nit", min=low, max=high)
    low, high = PLAIN_LENGTH
    if not _PLAIN.fullmatch(typed) or not low <= len(re.sub(r"[./ -]", "", typed)) <= high:
        raise Invalid("tax_number_bad_characters", min=low, max=high)
    return TaxNumber(typed, None)
