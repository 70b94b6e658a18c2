import pytest

from market.rules.demand import product_key


@pytest.mark.parametrize("typed, key", [
    ("Quinua  Roja", "quinua roja"),
    ("¿Achachairú?", "achachairu"),
    ("ch'uño", "chuno"),
    ("mi\u200bel", "miel"),
    ("\u202eleim", "leim"),
    ("PAGO ATRASADO escriba a t.me/pagos", None),
    ("Gabriela Roca cel 71234567 Av Banzer 44", None),
    ("hola buenas tardes, mañana llevo lo de siempre", None),
    ("café 500g", None),
    ("миед", None),
    ("   ", None),
])
def test_only_the_words_of_a_product_name_are_kept(typed, key):
    assert product_key(typed) == key


@pytest.mark.parametrize("typed", [
    "pagos en www punto pagos", "escriba a @pagosbo", "https://t.me/x", "llame al 7 1 2 3 4 5 6 7",
    "a" * 41, "una dos tres cuatro cinco", "miel; DROP TABLE", "miel\nsegunda linea de texto raro",
])
def test_links_handles_numbers_and_long_or_many_words_are_never_kept(typed):
    assert product_key(typed) is None
