"""What the bot sends always fits Telegram's limits."""

import pytest

from bot.turn import fit


@pytest.mark.parametrize("text, limit, result", [
    ("short", 10, "short"),
    ("line one\nline two", 12, "line one\n…"),
    ("abcdefghijkl", 5, "abcd…"),
])
def test_a_text_over_the_limit_is_cut_at_a_line_break_and_marked(text, limit, result):
    assert fit(text, limit) == result
    assert len(fit(text, limit)) <= limit
