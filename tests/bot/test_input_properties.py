"""The bot's own readers of outside input, fed anything: a value or the refusal the person is told.

| reader                           | input                               | refusal                          |
|----------------------------------|-------------------------------------|----------------------------------|
| bot.callbacks.CallbackCodec.decode | a button's data, as any client sends | None (the button "has expired") |
| bot.flows.rounds.parse_line      | a member's typed "1,5", "3 frascos 1" | Invalid("not_whole_units")       |
| bot.flows.prices._unit           | the unit after a typed market price | Invalid("unknown_unit")          |
| bot.flows.start deep links       | "/start p_…", typed or from a link  | NotFound(<kind>_not_found)       |
| bot.flows.router.without_controls | typed text, at hand or stored       | none: controls read as spaces    |
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.callbacks import MAX_BYTES, CallbackCodec, Press
from bot.flows.prices import _unit
from bot.flows.rounds import parse_line
from bot.flows.router import without_controls
from bot.flows.start import MAX_ID, _refuse_impossible
from market.errors import Invalid, NotFound
from market.services.messaging.inbox import _storable
from market.stock_messages.words import _UNITS

FAST = settings(max_examples=80, deadline=None)
codec = CallbackCodec("4242:secret")
ANA, BETO = 777, 888
action = st.text("abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=3)
args = st.lists(st.text("abcdefghijklmnopqrstuvwxyz0123456789-_", min_size=1, max_size=8), max_size=3)


# --- button presses ------------------------------------------------------------------------------


@FAST
@given(data=st.one_of(st.none(), st.text(max_size=80), st.binary(max_size=64).map(lambda b: b.decode("latin-1")),
                      st.sampled_from(["1:sl:xx", "1:m::", "1:::", ":", "1:a:17:" + "A" * 60, "é" * 40])))
def test_any_data_a_client_sends_decodes_to_nothing_unless_the_bot_signed_it(data):
    assert codec.decode(ANA, data) is None


@FAST
@given(user=st.integers(1, 2**52), action=action, args=args, cut=st.integers(1, 63))
def test_a_truncated_button_decodes_to_nothing(user, action, args, cut):
    data = codec.encode(user, action, *args)

    assert codec.decode(user, data[:min(cut, len(data) - 1)]) is None


@FAST
@given(user=st.integers(1, 2**52), action=action, args=args)
def test_a_button_of_another_bot_or_for_another_person_decodes_to_nothing(user, action, args):
    data = codec.encode(user, action, *args)

    assert CallbackCodec("9999:another-bot").decode(user, data) is None
    assert codec.decode(user + 1, data) is None
    assert codec.decode(user, data) == Press(action, tuple(args))


@FAST
@given(user=st.integers(1, 2**52), action=action, args=args, position=st.integers(0, 63), char=st.characters())
def test_a_button_with_any_character_changed_decodes_to_nothing(user, action, args, position, char):
    data = codec.encode(user, action, *args)
    position %= len(data)
    forged = data[:position] + char + data[position + 1:]

    assert forged == data or codec.decode(user, forged) is None
    assert len(data.encode()) <= MAX_BYTES


# --- a member's typed order line -----------------------------------------------------------------


@FAST
@given(text=st.one_of(st.text(max_size=30), st.text("0123456789 +-,.", max_size=30),
                      st.sampled_from(["99999999999999999999", "5 99999999999999999999", "1e30", "NaN", "-3", "٥",
                                       "5\n", "x" * 4096, "🍅", "3 frascos", "1,5 kg 1"])))
def test_a_typed_order_line_is_two_amounts_within_the_columns_or_not_whole_units(text):
    try:
        quantity, tolerance, unit = parse_line(text)
    except Invalid as refused:
        assert refused.code == "not_whole_units"
        return

    assert 0 <= quantity < 10**9 and 0 <= tolerance < 10**9
    assert unit is None or unit in _UNITS


@FAST
@given(quantity=st.integers(0, 10**9 - 1), tolerance=st.integers(0, 10**9 - 1), form=st.sampled_from(["{} {}", "{}+{}",
                                                                                                      " {} + {} "]))
def test_an_order_line_written_any_way_reads_back(quantity, tolerance, form):
    assert parse_line(form.format(quantity, tolerance)) == (quantity, tolerance, None)
    assert parse_line(str(quantity)) == (quantity, 0, None)


@pytest.mark.parametrize(("text", "read"), [("1,5 1", (Decimal("1.5"), 1, None)), ("3 frascos", (3, 0, "jar")),
                                            ("500 g + 250 g", (500, 250, "g")), (",5 kilos", (Decimal("0.5"), 0, "kg"))])
def test_an_order_line_reads_decimals_and_the_unit_people_write(text, read):
    assert parse_line(text) == read


@pytest.mark.parametrize("text", ["99999999999999999999", "5 99999999999999999999", "-3", "NaN", "", "5 2 1",
                                  "3 please", "3 kg 1 frasco"])
def test_huge_negative_or_broken_order_lines_are_not_whole_units(text):
    with pytest.raises(Invalid) as refused:
        parse_line(text)

    assert refused.value.code == "not_whole_units"


# --- the unit of a typed market price ------------------------------------------------------------


@FAST
@given(words=st.one_of(st.text(max_size=40), st.sampled_from(["el kilo", "por quintal", "arrobas", "\n\nkg", "x" * 4096,
                                                               "🍅", "1 kg", "kg\nkg", "de de de"])),
       locale=st.sampled_from(["es", "pt_BR", "en", "xx"]))
def test_the_unit_of_a_typed_price_is_a_known_unit_or_unknown_unit(words, locale):
    try:
        unit = _unit(words, locale)
    except Invalid as refused:
        assert refused.code == "unknown_unit"
        return

    assert unit in _UNITS


# --- deep links ----------------------------------------------------------------------------------


@FAST
@given(kind=st.sampled_from(["p", "o", "s", "g", "j", "r", "", "zz"]),
       value=st.one_of(st.text(max_size=80), st.text("0123456789", max_size=4_000), st.integers(0, 10**30).map(str)))
def test_a_deep_link_that_cannot_name_anything_is_not_found_of_its_kind(kind, value):
    try:
        _refuse_impossible(kind, value)
    except NotFound as refused:
        assert refused.code.endswith("_not_found")
        assert len(str(refused.params.get("seal_code", ""))) <= 33
        return

    assert len(value) <= 64 or kind not in ("o", "s", "g", "j")
    assert not (kind in ("p", "r") and value.isdecimal() and value.isascii() and int(value) > MAX_ID)



# --- typed text ----------------------------------------------------------------------------------


@FAST
@given(text=st.text(max_size=40) | st.lists(st.sampled_from(["miel", " ", "\x00", "\ud800", "\ufffd", "\n", "\t"]))
       .map("".join))
def test_typed_text_reads_the_same_at_hand_and_read_back_from_the_inbox(text):
    """The inbox stores a NUL or a lone surrogate as U+FFFD (PostgreSQL's jsonb refuses both), and an update is
    processed from the copy at hand or, when another process or a retry takes it, from the stored one: either
    way the bot reads the same words."""
    assert without_controls(_storable(text)) == without_controls(text)


def test_a_nul_in_a_search_reads_as_a_space_at_hand_and_stored():
    assert without_controls("miel\x00") == without_controls(_storable("miel\x00")) == "miel "
