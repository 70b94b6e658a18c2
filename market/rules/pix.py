"""Pix: a key checked by its kind, and the static BR Code ("Pix copia e cola") a buyer's bank app reads.

The BR Code is EMV-MPM: fields written as ID (2 digits), length (2 digits) and value, some holding fields
of their own (26, the merchant account; 62, the additional data). The last field, 63, is the CRC16-CCITT-FALSE
(polynomial 0x1021, start 0xFFFF) of everything before it, "6304" included, in 4 uppercase hex digits.

| field | what                      | value                                          |
|-------|---------------------------|------------------------------------------------|
| 00    | payload format            | "01"                                           |
| 26    | merchant account (nested) | 00 "br.gov.bcb.pix", 01 the key                |
| 52    | merchant category         | "0000"                                         |
| 53    | currency                  | "986" (BRL)                                    |
| 54    | amount, when given        | "10.50"                                        |
| 58    | country                   | "BR"                                           |
| 59    | merchant name             | 25 characters at most, without accents         |
| 60    | merchant city             | 15 characters at most, without accents         |
| 62    | additional data (nested)  | 05 the txid: letters and digits, 25 at most    |
| 63    | CRC16                     | "1D3D"                                         |

Keys, as typed and as kept:

| typed                                  | kind  | kept                                   |
|----------------------------------------|-------|----------------------------------------|
| "390.533.447-05"                       | cpf   | "39053344705"                          |
| "11.222.333/0001-81"                   | cnpj  | "11222333000181"                       |
| "Vendas@Coop.org.br"                   | email | "vendas@coop.org.br"                   |
| "+55 (61) 91234-5678"                  | phone | "+5561912345678"                       |
| "123E4567-E12B-12D1-A456-426655440000" | evp   | "123e4567-e12b-12d1-a456-426655440000" |
| "390.533.447-06"                       | —     | Invalid("pix_key_invalid")             |
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from stdnum.br import cnpj, cpf

from market.errors import Invalid

GUI = "br.gov.bcb.pix"
NAME_LIMIT, CITY_LIMIT, TXID_LIMIT, KEY_LIMIT = 25, 15, 25, 77
NO_TXID = "***"  # a static code with no id of its own, as the spec writes it
_EMAIL = re.compile(r"[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+")
_EVP = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_PHONE = re.compile(r"\+55\d{10,11}")


@dataclass(frozen=True)
class PixKey:
    kind: str  # "cpf", "cnpj", "email", "phone", "evp"
    value: str  # as it goes into the BR Code


def check_pix_key(typed: str) -> PixKey:
    """The key as the BR Code carries it (see the table above), or Invalid("pix_key_invalid")."""
    text = typed.strip()
    if text.startswith("+"):
        phone = re.sub(r"[\s().-]", "", text)
        if _PHONE.fullmatch(phone):
            return PixKey("phone", phone)
    elif "@" in text:
        email = text.lower()
        if len(email) <= KEY_LIMIT and _EMAIL.fullmatch(email):
            return PixKey("email", email)
    elif _EVP.fullmatch(text.lower()):
        return PixKey("evp", text.lower())
    else:
        for kind, module in (("cpf", cpf), ("cnpj", cnpj)):
            if module.is_valid(text):
                return PixKey(kind, module.compact(text))
    raise Invalid("pix_key_invalid")


def plain(text: str, limit: int) -> str:
    """Accents off and only printable ASCII, cut to `limit`: what the BR Code's name and city may hold.

    | text                   | limit | result            |
    |------------------------|-------|-------------------|
    | "Cooperativa Açaí"     | 25    | "Cooperativa Acai"|
    | "São João da Boa Vista"| 15    | "Sao Joao da Boa" |
    """
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_only = "".join(c for c in decomposed if " " <= c <= "~")
    return " ".join(ascii_only.split())[:limit].strip()


def txid_for(prefix: str, number: int) -> str:
    """An id naming what is paid, letters and digits only: txid_for("FERIA", 42) == "FERIA42"."""
    return re.sub(r"[^A-Za-z0-9]", "", f"{prefix}{number}")[:TXID_LIMIT]


def crc16(data: str) -> str:
    """CRC16-CCITT-FALSE of the text's bytes, 4 uppercase hex digits: crc16("123456789") == "29B1"."""
    crc = 0xFFFF
    for byte in data.encode("utf-8"):
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return f"{crc:04X}"


def _field(tag: str, value: str) -> str:
    if not 0 < len(value) <= 99:
        raise ValueError(f"BR Code field {tag} must hold 1 to 99 characters, not {len(value)}")
    return f"{tag}{len(value):02d}{value}"


def br_code(*, key: str, name: str, city: str, amount: Decimal | None = None, txid: str = NO_TXID) -> str:
    """The static BR Code for paying `amount` (None: the payer types it) to `key`, naming `txid`.

    The key must be one check_pix_key kept; name and city lose their accents and are cut to their limits.
    """
    if amount is not None and amount <= 0:
        raise ValueError("a BR Code's amount must be positive")
    txid = txid if txid == NO_TXID else re.sub(r"[^A-Za-z0-9]", "", txid)[:TXID_LIMIT] or NO_TXID
    payload = "".join([
        _field("00", "01"),
        _field("26", _field("00", GUI) + _field("01", key)),
        _field("52", "0000"),
        _field("53", "986"),
        _field("54", f"{amount.quantize(Decimal('0.01'))}") if amount is not None else "",
        _field("58", "BR"),
        _field("59", plain(name, NAME_LIMIT) or "N"),
        _field("60", plain(city, CITY_LIMIT) or "N"),
        _field("62", _field("05", txid)),
        "6304",
    ])
    return payload + crc16(payload)


def parse_tlv(text: str) -> dict[str, str]:
    """EMV fields by their ID: parse_tlv("0002015802BR") == {"00": "01", "58": "BR"}. ValueError when cut short."""
    fields: dict[str, str] = {}
    at = 0
    while at < len(text):
        tag, size = text[at:at + 2], text[at + 2:at + 4]
        if len(tag) < 2 or not size.isdecimal() or at + 4 + int(size) > len(text):
            raise ValueError(f"BR Code cut short at position {at}")
        fields[tag] = text[at + 4:at + 4 + int(size)]
        at += 4 + int(size)
    return fields


def crc_is_right(code: str) -> bool:
    """Whether the code ends in "6304" and the CRC16 of everything up to it."""
    return len(code) > 8 and code[-8:-4] == "6304" and crc16(code[:-4]) == code[-4:].upper()


@dataclass(frozen=True)
class BrCode:
    key: str
    name: str
    city: str
    amount: Decimal | None
    txid: str
    fields: dict[str, str]  # every top-level field, as read


def parse_br_code(code: str) -> BrCode:
    """The fields of a static Pix BR Code; ValueError when it is not one or its CRC16 is wrong."""
    if not crc_is_right(code):
        raise ValueError("BR Code's CRC16 does not match")
    fields = parse_tlv(code)
    account = parse_tlv(fields.get("26", ""))
    if fields.get("00") != "01" or account.get("00", "").lower() != GUI or "01" not in account:
        raise ValueError("not a Pix BR Code")
    extra = parse_tlv(fields.get("62", ""))
    amount = Decimal(fields["54"]) if "54" in fields else None
    return BrCode(account["01"], fields.get("59", ""), fields.get("60", ""), amount, extra.get("05", ""), fields)
