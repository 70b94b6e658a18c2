"""Pix: keys checked by their kind, and the BR Code read back field by field with its CRC16."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from market.errors import Invalid
from market.rules.pix import (
    NO_TXID,
    PixKey,
    br_code,
    check_pix_key,
    crc16,
    crc_is_right,
    parse_br_code,
    parse_tlv,
    plain,
    txid_for,
)

# The Central Bank's manual prints this static code (a random key, no amount); rebuilt from its fields here.
MANUAL_EXAMPLE = ("00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR"
                  "5913Fulano de Tal6008BRASILIA62070503***63041D3D")


@pytest.mark.parametrize(("typed", "expected"), [
    ("390.533.447-05", PixKey("cpf", "39053344705")),
    ("39053344705", PixKey("cpf", "39053344705")),
    ("11.222.333/0001-81", PixKey("cnpj", "11222333000181")),
    ("Vendas@Coop.org.br", PixKey("email", "vendas@coop.org.br")),
    ("+55 (61) 91234-5678", PixKey("phone", "+5561912345678")),
    ("+556132345678", PixKey("phone", "+556132345678")),
    ("123E4567-E12B-12D1-A456-426655440000", PixKey("evp", "123e4567-e12b-12d1-a456-426655440000")),
])
def test_a_key_is_kept_as_the_br_code_carries_it(typed, expected):
    assert check_pix_key(typed) == expected


@pytest.mark.parametrize("typed", [
    "390.533.447-06",  # a CPF with a wrong check digit
    "11.222.333/0001-82",  # a CNPJ with a wrong check digit
    "+54 11 4123-4567",  # not a Brazilian phone
    "61912345678",  # a phone without +55 (and not a CPF)
    "vendas@", "vendas coop@org.br",
    "123e4567-e12b-12d1-a456-42665544000",  # one digit short of a random key
    "", "pix",
])
def test_anything_else_is_not_a_key(typed):
    with pytest.raises(Invalid) as refused:
        check_pix_key(typed)
    assert refused.value.code == "pix_key_invalid"


def test_crc16_ccitt_false_has_its_check_value():
    assert crc16("123456789") == "29B1"


def test_the_manuals_example_is_rebuilt_from_its_fields():
    code = br_code(key="123e4567-e12b-12d1-a456-426655440000", name="Fulano de Tal", city="BRASILIA")
    assert code == MANUAL_EXAMPLE
    assert crc_is_right(code)


def test_an_order_code_reads_back_field_by_field():
    code = br_code(key="vendas@coop.org.br", name="Cooperativa Nova Petrópolis Agricultores", city="Nova Petrópolis",
                   amount=Decimal("1234.5"), txid=txid_for("FERIA", 42))
    fields = parse_tlv(code)
    assert list(fields) == ["00", "26", "52", "53", "54", "58", "59", "60", "62", "63"]
    assert fields["00"] == "01"
    assert parse_tlv(fields["26"]) == {"00": "br.gov.bcb.pix", "01": "vendas@coop.org.br"}
    assert (fields["52"], fields["53"], fields["54"], fields["58"]) == ("0000", "986", "1234.50", "BR")
    assert fields["59"] == "Cooperativa Nova Petropol"  # 25 characters, accents off
    assert fields["60"] == "Nova Petropolis"
    assert parse_tlv(fields["62"]) == {"05": "FERIA42"}
    assert fields["63"] == crc16(code[:-4]) and code[-8:-4] == "6304"
    read = parse_br_code(code)
    assert (read.key, read.amount, read.txid) == ("vendas@coop.org.br", Decimal("1234.50"), "FERIA42")


def test_a_changed_character_fails_the_crc():
    code = br_code(key="+5561912345678", name="Ivone", city="Canela", amount=Decimal("10.00"))
    tampered = code.replace("5405" + "10.00", "5405" + "19.00")
    assert tampered != code
    assert not crc_is_right(tampered)
    with pytest.raises(ValueError):
        parse_br_code(tampered)


def test_without_a_txid_the_code_says_so():
    assert parse_br_code(br_code(key="39053344705", name="A", city="B")).txid == NO_TXID


@pytest.mark.parametrize(("text", "limit", "expected"), [
    ("Cooperativa Açaí", 25, "Cooperativa Acai"),
    ("São João da Boa Vista", 15, "Sao Joao da Boa"),
    ("  Ñandutí  Güira ", 25, "Nanduti Guira"),
])
def test_names_and_cities_lose_their_accents(text, limit, expected):
    assert plain(text, limit) == expected


_TEXT = st.text(st.characters(codec="utf-8", categories=("L", "N", "Zs", "P")), min_size=1, max_size=60)


@given(name=_TEXT, city=_TEXT, cents=st.integers(min_value=1, max_value=99_999_999_99),
       number=st.integers(min_value=1, max_value=10**12))
def test_any_name_city_and_amount_make_a_code_that_reads_back(name, city, cents, number):
    amount = Decimal(cents) / 100
    code = br_code(key="123e4567-e12b-12d1-a456-426655440000", name=name, city=city, amount=amount,
                   txid=txid_for("FERIA", number))
    assert code.isascii() and crc_is_right(code)
    read = parse_br_code(code)
    assert read.amount == amount
    assert read.txid == f"FERIA{number}"
    assert read.name == (plain(name, 25) or "N") and len(read.name) <= 25
    assert read.city == (plain(city, 15) or "N") and len(read.city) <= 15
