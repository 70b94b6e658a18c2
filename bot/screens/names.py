"""How a person's name is shown to others: the one place that knows a forgotten person has none."""

from __future__ import annotations

from bot.turn import Voice
from market.presentation.labels import N_

# A person who asked Feria to forget them keeps their place in accounts and orders, without a name.
FORMER_MEMBER = N_("Former member")


def person_name(voice: Voice, name: str | None) -> str:
    """The name as stored, or the neutral label in the reader's language when it was erased ("")."""
    return name or voice._(FORMER_MEMBER)
