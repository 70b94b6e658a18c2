"""Reading stock messages: the example tables of market.stock_messages, the issue's rules, and properties."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from market.stock_messages import StockLine, StockMessageError, parse_stock_message, read_number


def table(function) -> list[list[str]]:
    """The rows of a docstring's example table, as stripped cells."""
    rows = [line.strip() for line in function.__doc__.splitlines() if line.strip().startswith("|")]
    return [[cell.strip() for cell in row.strip("|").split("|")] for row in rows[2:]]


def read_one(text: str, locale: str = "es") -> StockLine | StockMessageError:
    [result] = parse_stock_message(text, locale)
    return result


def expected(product, quantity, unit, mode="set", price=None, currency=None, per=None, content=None, line=1):
    return StockLine(
        line=line, product=product, quantity=Decimal(quantity), unit=unit, mode=mode,
        price=None if price is None else Decimal(price), currency=currency,
        price_unit=per, content=None if content is None else (Decimal(content[0]), content[1]),
    )


@pytest.mark.parametrize("text, number", table(read_number))
def test_read_number_follows_its_table(text, number):
    assert read_number(text) == (None if number == "None" else Decimal(number))


@pytest.mark.parametrize("message, product, qty, unit, mode, price, cur, per, content", table(parse_stock_message))
def test_parse_stock_message_follows_its_table(message, product, qty, unit, mode, price, cur, per, content):
    result = read_one(message)

    if product.endswith(("_quantity", "_large", "_price", "_name")):
        assert result == StockMessageError(product, line=1)
    else:
        amount, _, measure = content.partition(" ")
        assert result == expected(
            product, qty, unit, mode, price or None, cur or None, per or None, (amount, measure) if content else None
        )


def test_the_issues_examples_are_read_to_the_letter():
    assert read_one("Papa nativa 3 quintales 150 Bs c/u") == expected(
        "papa nativa", "3", "quintal", price="150", currency="BOB", per="quintal")
    assert read_one("café tostado 12 bolsas de 500g a 35") == expected(
        "café tostado", "12", "bag", price="35", per="bag", content=("500", "g"))
    assert read_one("mel 20 potes de 500 g R$ 25 cada", "pt") == expected(
        "mel", "20", "jar", price="25", currency="BRL", per="jar", content=("500", "g"))
    assert read_one("+20 kg tomate") == expected("tomate", "20", "kg", mode="add")


UNIT_WORDS = {
    "kg": "kg kgs kilo kilos kilogramo kilogramos quilo quilos Kg KG kg.",
    "g": "g gr grs gramo gramos grama gramas",
    "lb": "lb lbs libra libras pound pounds",
    "t": "t ton tons tonelada toneladas",
    "quintal": "qq quintal quintales QQ",
    "arroba": "@ arroba arrobas",
    "l": "l lt lts litro litros liter liters",
    "ml": "ml",
    "unit": "u un und unidad unidades unidade unidades pieza piezas pza unit units piece pieces",
    "dozen": "docena docenas dúzia dúzias dz dozen",
    "bunch": "atado atados manojo manojos maço maços molho molhos bunch bunches",
    "bag": "bolsa bolsas sacola sacolas bag bags",
    "sack": "saco sacos saca sacas costal costales sack sacks",
    "box": "caja cajas caixa caixas box boxes",
    "jar": "frasco frascos pote potes jar jars",
    "bottle": "botella botellas garrafa garrafas bottle bottles",
}


@pytest.mark.parametrize(
    "word, unit", [(word, unit) for unit, words in UNIT_WORDS.items() for word in words.split()]
)
def test_every_word_people_write_for_a_unit_gives_its_canonical_code(word, unit):
    assert read_one(f"papa 3 {word}").unit == unit
    assert read_one(f"papa 3{word}").unit == unit  # glued to the number
    assert read_one(f"papa 3 {word}").product == "papa"


def test_a_word_after_the_number_that_is_no_unit_belongs_to_the_product():
    assert read_one("30 huevos") == expected("huevos", "30", "unit")
    assert read_one("huevos 30") == expected("huevos", "30", "unit")


@pytest.mark.parametrize(
    "text, price, currency",
    [
        ("papa 3 qq 150 Bs", "150", "BOB"), ("papa 3 qq Bs. 150", "150", "BOB"), ("papa 3 qq 150 bs", "150", "BOB"),
        ("papa 3 qq 150 BOB", "150", "BOB"), ("papa 3 qq 150 bolivianos", "150", "BOB"),
        ("feijão 3 sacas R$ 150", "150", "BRL"), ("feijão 3 sacas R$150", "150", "BRL"),
        ("feijão 3 sacas 150 BRL", "150", "BRL"), ("feijão 3 sacas 150 reais", "150", "BRL"),
        ("chile 3 kg 150 MXN", "150", "MXN"), ("papa 3 kg S/ 15", "15", "PEN"), ("papa 3 kg S/. 15", "15", "PEN"),
        ("papa 3 kg 15 PEN", "15", "PEN"), ("papa 3 kg 15 soles", "15", "PEN"), ("papa 3 kg 15 sol", "15", "PEN"),
        ("mandioca 3 kg Gs 15.000", "15000", "PYG"), ("mandioca 3 kg 15.000 PYG", "15000", "PYG"),
        ("mandioca 3 kg 15.000 guaraníes", "15000", "PYG"), ("café 3 kg 15.000 COP", "15000", "COP"),
        ("yerba 3 kg 1500 ARS", "1500", "ARS"), ("honey 3 jars 15 USD", "15", "USD"),
        ("honey 3 jars US$ 15", "15", "USD"), ("miel 3 frascos 15 dólares", "15", "USD"),
        ("honey 3 jars 15 dollars", "15", "USD"), ("chile 3 kg $150", "150", None),
        ("chile 3 kg 150 pesos", "150", None),
    ],
)
def test_a_price_takes_the_currency_written_with_it(text, price, currency):
    result = read_one(text)

    assert (result.price, result.currency, result.product) == (Decimal(price), currency, text.split()[0])


@pytest.mark.parametrize(
    "text, price, per",
    [
        ("tomate 20 kg a 8,50", "8.50", "kg"), ("tomate 20 kg à 8,50", "8.50", "kg"),
        ("tomate 20 kg por 8,50", "8.50", "kg"), ("tomatoes 20 lb at 2.50", "2.50", "lb"),
        ("huevos 30 1,50 cada", "1.50", "unit"), ("huevos 30 1,50 c/u", "1.50", "unit"),
        ("eggs 30 dozen 4 each", "4", "dozen"), ("lechuga 30 2,50", "2.50", "unit"),
        ("tomate 20 kg 8,50/kg", "8.50", "kg"), ("tomate 2 cajas 8,50 el kilo", "8.50", "kg"),
        ("tomate 2 cajas a 8,50 por kilo", "8.50", "kg"), ("tomate 2 caixas R$ 8,50 o quilo", "8.50", "kg"),
        ("huevos 10 cajas 12 la docena", "12", "dozen"), ("papa 3 sacos 120 la arroba", "120", "arroba"),
        ("queso 3 piezas 40 cada una", "40", "unit"), ("papa 3 qq 150 Bs c/u", "150", "quintal"),
        ("Bs 150 c/u papa 3 qq", "150", "quintal"),
    ],
)
def test_the_price_is_marked_by_a_word_or_is_the_second_number_and_says_what_it_is_per(text, price, per):
    result = read_one(text)

    assert (result.price, result.price_unit) == (Decimal(price), per)


@pytest.mark.parametrize(
    "text, content",
    [
        ("café 12 bolsas de 500g", ("500", "g")), ("café 12 bolsas 500 g", ("500", "g")),
        ("vinho 6 garrafas de 750 ml", ("750", "ml")), ("papa 3 sacos de 1 qq", ("1", "quintal")),
        ("arroz 10 bolsas de 1/2 kg", ("0.5", "kg")), ("apples 3 boxes of 20 lb", ("20", "lb")),
        ("agua 6 botellas (2 l)", ("2", "l")),
    ],
)
def test_a_weight_right_after_a_container_is_what_one_container_holds(text, content):
    result = read_one(text)

    assert result.content == (Decimal(content[0]), content[1])
    assert result.product == text.split()[0]


def test_a_weight_is_no_content_after_a_weight_or_without_a_container_word():
    assert read_one("papa 20 kg 500 g").content is None
    assert read_one("papa 20 500 g").content is None


@pytest.mark.parametrize(
    "text, product",
    [
        ("20 kg de tomate", "tomate"), ("3 sacas de feijão", "feijão"), ("dulce de leche 10 frascos", "dulce de leche"),
        ("10 kg de tomate de árbol", "tomate de árbol"), ("Tomate: 20kg", "tomate"), ("*Tomate* 20 kg", "tomate"),
        ("CAFÉ TOSTADO 3 kg", "café tostado"), ("  papa   nativa   3 kg  ", "papa nativa"),
        ("papa (nativa) 3 kg", "papa (nativa)"), ("tengo 20 kg de tomate", "tomate"), ("20 lbs of apples", "apples"),
        ("papa 3 kg, precio 8", "papa"),
    ],
)
def test_the_product_is_what_is_left_lowercased_without_the_connector(text, product):
    assert read_one(text).product == product


@pytest.mark.parametrize(
    "text", ["- tomate 20 kg", "* tomate 20 kg", "• tomate 20 kg", "1. tomate 20 kg", "2) tomate 20 kg",
             "🍅 tomate 20 kg", "✅ tomate 20 kg", "1️⃣ tomate 20 kg", "- 1. tomate 20 kg"],
)
def test_leading_bullets_are_ignored(text):
    assert read_one(text) == expected("tomate", "20", "kg")


@pytest.mark.parametrize(
    "text, mode", [("+20 kg tomate", "add"), ("+ 20 kg tomate", "add"), ("tomate +20kg", "add"), ("tomate 20 kg", "set")]
)
def test_a_plus_before_the_quantity_adds_to_the_stock(text, mode):
    assert read_one(text).mode == mode


@pytest.mark.parametrize(
    "text", ["tomate agotado", "Tomate AGOTADO", "tomate agotada", "tomate esgotado", "tomate sold out",
             "tomate - sold out", "SOLD OUT tomate"],
)
def test_sold_out_is_a_quantity_of_zero(text):
    assert read_one(text) == expected("tomate", "0", "unit")


@pytest.mark.parametrize(
    "text, code",
    [
        ("tomate", "no_quantity"), ("tomate a 8,50", "no_quantity"), ("Buenos días!", "no_quantity"),
        ("tomate 1,2,3 kg", "bad_quantity"),
        ("tomate 1000001 kg", "too_large"), ("tomate 1.000.001 kg", "too_large"),
        ("tomate 20 kg a -8", "bad_price"), ("tomate 20 kg a 1.000.001", "bad_price"), ("tomate 20 kg Bs -8", "bad_price"),
    ],
)
def test_a_line_that_cannot_be_read_says_why(text, code):
    assert read_one(text) == StockMessageError(code, line=1)


def test_the_limits_themselves_are_accepted():
    result = read_one("tomate 1.000.000 kg a 1.000.000")

    assert (result.quantity, result.price) == (Decimal(1_000_000), Decimal(1_000_000))


def test_each_line_gives_one_result_in_order_and_blank_lines_keep_the_numbering():
    message = "Hola!\n\n- tomate 20 kg\n- papa 1,2,3 kg\n-----\n- cebolla 5 kg"

    assert parse_stock_message(message) == [
        StockMessageError("no_quantity", line=1),
        expected("tomate", "20", "kg", line=3),
        StockMessageError("bad_quantity", line=4),
        expected("cebolla", "5", "kg", line=6),
    ]


@pytest.mark.parametrize("text", ["", "   ", "\n\n", "🍅🍅", "---\n***"])
def test_a_message_with_no_letter_or_digit_is_refused_as_empty(text):
    with pytest.raises(StockMessageError) as refused:
        parse_stock_message(text)

    assert (refused.value.code, refused.value.line) == ("empty", 0)


@pytest.mark.parametrize("locale", ["es", "pt", "en", "es_BO", "pt-BR", "en_US", "xx", ""])
def test_the_number_rules_are_the_same_in_every_language(locale):
    assert read_one("tomate 1.200,50 kg a 8,50", locale).quantity == Decimal("1200.5")
    assert read_one("tomate 0,500 kg", locale).quantity == Decimal("0.5")


def test_the_producers_language_is_read_first():
    assert read_one("papa 20 kg 8 real", "pt").currency == "BRL"
    assert read_one("papa 20 kg 8 real", "es").currency is None  # "real" is an ordinary Spanish word
    assert read_one("papa real 20 kg", "es").product == "papa real"


def test_an_error_compares_by_code_and_line_and_says_so():
    error = StockMessageError("bad_price", line=3)

    assert error == StockMessageError("bad_price", 3)
    assert error != StockMessageError("bad_price", 2)
    assert repr(error) == "StockMessageError('bad_price', line=3)"
    assert isinstance(error, ValueError)


# --- properties ----------------------------------------------------------------------------------

pieces = st.sampled_from(
    ["tomate", "café", "de", "a", "kg", "qq", "@", "Bs.", "R$", "S/.", "$", "c/u", "cada", "el", "la", "mil",
     "agotado", "sold out", "1/2", "-", "+", "•", "1.", "2)", ",", ".", ":", "🍅", "\n", " ", "0", "8,50",
     "1.200", "1,200.50", "99999999", "x", "(", ")", "por", "o", "quilo", "each"]
)


@given(text=st.one_of(st.text(), st.lists(pieces, max_size=25).map(" ".join), st.lists(pieces).map("".join)),
       locale=st.sampled_from(["es", "pt", "en", "pt_BR", "", "zz"]))
def test_any_text_gives_results_or_empty_and_never_anything_else(text, locale):
    try:
        results = parse_stock_message(text, locale)
    except StockMessageError as refused:
        assert (refused.code, refused.line) == ("empty", 0)
        return

    lines = [result.line for result in results]
    assert lines == sorted(set(lines))
    assert all(isinstance(result, (StockLine, StockMessageError)) for result in results)


# Three decimals after a whole part read as thousands ("1.200"), so only two, or three below one.
quantities = st.one_of(
    st.decimals(min_value=0, max_value=999_999, places=2, allow_nan=False, allow_infinity=False),
    st.decimals(min_value=0, max_value="0.999", places=3, allow_nan=False, allow_infinity=False),
)


@given(quantity=quantities, comma=st.booleans())
def test_a_written_quantity_reads_back(quantity, comma):
    written = f"{quantity:f}".replace(".", "," if comma else ".")

    result = read_one(f"papa {written} kg")

    assert (result.product, result.quantity, result.unit) == ("papa", quantity, "kg")


@given(whole=st.integers(1, 999_999), cents=st.integers(0, 99), dot_groups=st.booleans())
def test_a_grouped_price_reads_back(whole, cents, dot_groups):
    grouped = f"{whole:,}.{cents:02d}"
    if dot_groups:
        grouped = grouped.replace(",", "_").replace(".", ",").replace("_", ".")

    assert read_one(f"papa 3 kg a {grouped}").price == Decimal(f"{whole}.{cents:02d}")


# --- where the issue is silent (the module docstring says so) -------------------------------------


@pytest.mark.parametrize(
    "text, quantity, price",
    [
        ("queso 1 1/2 kg a 40", "1.5", "40"), ("harina 3/4 kg", "0.75", None),
        ("queso 10 kg a 35 mil", "10", "35000"), ("tomate 20 kg x 8,50", "20", "8.5"),
    ],
)
def test_fractions_mil_and_x_read_as_people_mean_them(text, quantity, price):
    result = read_one(text)

    assert (result.quantity, result.price) == (Decimal(quantity), None if price is None else Decimal(price))


@pytest.mark.parametrize(
    "text, unit, price, per",
    [("boi 15 @ R$ 300", "arroba", "300", "arroba"), ("tomatoes 20 lb @ 2.50", "lb", "2.50", "lb"),
     ("queso 20 kg 8,50 c/kg", "kg", "8.50", "kg"), ("chile 5 kg 40 x kilo", "kg", "40", "kg")],
)
def test_an_at_sign_after_the_quantity_is_an_arroba_and_elsewhere_means_at(text, unit, price, per):
    result = read_one(text)

    assert (result.unit, result.price, result.price_unit) == (unit, Decimal(price), per)


@pytest.mark.parametrize(
    "text, product, quantity", [("tomate-5kg", "tomate", "5"), ("tomate - 5 kg", "tomate", "5")]
)
def test_a_dash_glued_to_a_word_or_apart_from_the_number_is_no_minus(text, product, quantity):
    result = read_one(text)

    assert (result.product, result.quantity) == (product, Decimal(quantity))


def test_a_name_that_looks_like_a_currency_word_stays_in_the_product():
    assert read_one("papa real 20 kg 150 Bs", "pt") == expected("papa real", "20", "kg", price="150", currency="BOB",
                                                               per="kg")


def test_sold_out_with_a_quantity_keeps_the_unit_written():
    assert read_one("papa 3 qq agotado") == expected("papa", "0", "quintal")


def test_a_price_label_and_filler_words_are_not_part_of_the_product():
    assert read_one("Hoy tengo papa 3 qq, precio: 150 Bs") == expected(
        "papa", "3", "quintal", price="150", currency="BOB", per="quintal")


@pytest.mark.parametrize("text", [
    '=HYPERLINK("http://evil.example/","Factura") 20 kg a 8,50', "@papa (nativa) 3 kg a 2", "+ (x) 3 kg",
    "-(papa) 3 kg a 2",
])
def test_a_product_written_as_a_spreadsheet_formula_is_refused_with_its_line(text):
    assert parse_stock_message("tomate 20 kg\n" + text) == [
        expected("tomate", "20", "kg"), StockMessageError("bad_name", line=2)]


@pytest.mark.parametrize("text, product", [("tomate (=x) 2 kg", "tomate (=x)"), ("=tomate 20 kg", "tomate"),
                                           ("- tomate 20 kg", "tomate"), ("+20 kg tomate", "tomate")])
def test_a_mark_inside_a_name_or_one_a_producer_writes_before_it_is_no_formula(text, product):
    assert read_one(text).product == product


@pytest.mark.parametrize("text", ["tomate -5 kg", "-5 kg tomate", "tomate −5 kg"])
def test_a_minus_glued_to_the_quantity_takes_it_away_from_the_lot(text):
    assert read_one(text) == expected("tomate", "5", "kg", mode="take")


def test_a_minus_with_no_product_takes_away_too():
    assert read_one("-3 kg") == expected("", "3", "kg", mode="take")
