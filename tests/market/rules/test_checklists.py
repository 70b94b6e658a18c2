"""market.rules.checklists: the norms of a checklist version, read one per line (the docstring's table)."""

from __future__ import annotations

import pytest

from market.errors import Invalid
from market.rules.checklists import checklist_norms


@pytest.mark.parametrize(("text", "norms"), [
    ("Semillas propias\nFuente de agua protegida", ("Semillas propias", "Fuente de agua protegida")),
    ("1. Semillas propias\n2) Sin quemas", ("Semillas propias", "Sin quemas")),
    ("• Semillas propias\n\n- Sin quemas  ", ("Semillas propias", "Sin quemas")),
    ("\n".join(f"Norma {n}" for n in range(60)), tuple(f"Norma {n}" for n in range(60))),
    ("abc\n" + "x" * 300, ("abc", "x" * 300)),
])
def test_the_norms_are_read_one_per_line_without_their_bullets(text, norms):
    assert checklist_norms(text) == norms


@pytest.mark.parametrize(("text", "code", "params"), [
    ("", "checklist_norm_count", {"min": 1, "max": 60}),
    ("-\n2.", "checklist_norm_count", {"min": 1, "max": 60}),
    ("\n".join(f"Norma {n}" for n in range(61)), "checklist_norm_count", {"min": 1, "max": 60}),
    ("Semillas propias\nAb", "checklist_norm_length", {"number": 2, "min": 3, "max": 300}),
    ("x" * 301, "checklist_norm_length", {"number": 1, "min": 3, "max": 300}),
    ("Sin quemas\nsin  QUEMAS", "checklist_norm_repeated", {"number": 2}),
    ("Sin quemas\nSin  quémas", "checklist_norm_repeated", {"number": 2}),
])
def test_a_bad_list_is_refused_whole_saying_which_norm(text, code, params):
    with pytest.raises(Invalid) as refused:
        checklist_norms(text)

    assert (refused.value.code, refused.value.params) == (code, params)
