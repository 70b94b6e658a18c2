"""Buttons are signed for one person: stale, forged or borrowed presses decode to nothing."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.callbacks import MAX_BYTES, CallbackCodec, Press

codec = CallbackCodec("123:secret")
ANA, BETO = 777, 888


def test_a_button_decodes_for_the_person_it_was_made_for():
    data = codec.encode(ANA, "a", 17, "2")

    assert codec.decode(ANA, data) == Press("a", ("17", "2"))


def test_a_button_pressed_by_someone_else_decodes_to_nothing():
    assert codec.decode(BETO, codec.encode(ANA, "a", 17)) is None


@pytest.mark.parametrize("tamper", [
    lambda d: d.replace(":a:", ":c:"),            # another action
    lambda d: d.replace("17", "18"),              # another product
    lambda d: "0" + d[1:],                        # an older layout version
    lambda d: d[:-1] + ("A" if d[-1] != "A" else "B"),  # a guessed signature
    lambda d: d.rsplit(":", 1)[0],                # no signature
    lambda d: "",
    lambda d: "x" * 65,
])
def test_a_forged_or_stale_button_decodes_to_nothing(tamper):
    assert codec.decode(ANA, tamper(codec.encode(ANA, "a", 17))) is None


def test_buttons_of_another_bot_secret_do_not_decode():
    assert CallbackCodec("456:other").decode(ANA, codec.encode(ANA, "a", 17)) is None


def test_data_that_cannot_fit_in_64_bytes_is_refused_when_made():
    with pytest.raises(ValueError):
        codec.encode(ANA, "l", "x" * 60)


def test_arguments_with_separators_are_refused_when_made():
    with pytest.raises(ValueError):
        codec.encode(ANA, "l", "a.b")


@given(
    user=st.integers(min_value=1, max_value=2**52),
    action=st.text("abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=3),
    args=st.lists(st.text("abcdefghijklmnopqrstuvwxyz0123456789-_", min_size=1, max_size=8), max_size=4),
)
def test_every_encodable_button_round_trips_within_telegram_limits(user, action, args):
    data = codec.encode(user, action, *args)

    assert len(data.encode()) <= MAX_BYTES
    assert codec.decode(user, data) == Press(action, tuple(args) if args else ())
