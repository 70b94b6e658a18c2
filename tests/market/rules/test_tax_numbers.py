"""The tax-number rule's table (market/rules/tax_numbers.py)."""

import pytest

from market.errors import Invalid
from market.rules.tax_numbers import TaxNumber, check_tax_number


@pytest.mark.parametrize(("country", "typed", "kept"), [
    ("BR", "11.222.333/0001-81", TaxNumber("11222333000181", "CNPJ")),
    ("BR", "390.533.447-05", TaxNumber("39053344705", "CPF")),
    ("MX", "abc-680524-p76", TaxNumber("ABC680524P76", "RFC")),
    ("BO", "1020304050", TaxNumber("1020304050", "NIT")),
    ("PE", "20-12345678-9", TaxNumber("20-12345678-9", None)),
])
def test_a_number_that_passes_its_country_rule_is_kept_with_the_rule_named(country, typed, kept):
    assert check_tax_number(typed, country) == kept


@pytest.mark.parametrize(("country", "typed", "code"), [
    ("BR", "11.222.333/0001-82", "tax_number_not_cnpj_or_cpf"),
    ("MX", "ABC68052", "tax_number_not_rfc"),
    ("BO", "10203-A", "tax_number_not_nit"),
    ("PE", "12#", "tax_number_bad_characters"),
])
def test_a_number_that_fails_names_the_rule_it_failed(country, typed, code):
    with pytest.raises(Invalid) as refused:
        check_tax_number(typed, country)

    assert refused.value.code == code
