"""The words of a stock message in Spanish, Portuguese and English: units, currencies, fillers, sold out."""

from __future__ import annotations

from collections.abc import Iterable

from market.text import search_key

_UNITS = {  # canonical code -> what people write (accent-free keys; plurals in -s/-es are added)
    "kg": "kg kgs kl kls kilo kilogramo kilogram kilograma quilo quilograma",
    "g": "g gr grs grm grms gramo grama gram gramme",
    "lb": "lb lbs libra pound",
    "t": "t tn tns ton tonelada tonne",
    "quintal": "qq qqs quintal quintais",
    "arroba": "@ arroba",
    "l": "l lt lts ltr ltrs litro liter litre",
    "ml": "ml mls mililitro milliliter",
    "unit": "u un und unds ud uds unid unidad unidade pieza pza pzas pz pzs unit piece pc pcs peca",
    "dozen": "docena duzia dz dzs dozen",
    "bunch": "atado manojo mazo maco molho bunch",
    "bag": "bolsa bolsita sacola bag",
    "sack": "saco saca costal sack",
    "box": "caja cajita caixa box",
    "jar": "frasco pote jar",
    "bottle": "botella garrafa bottle",
}


MEASURES = frozenset({"kg", "g", "lb", "t", "quintal", "arroba", "l", "ml"})  # what a container holds


CONTAINERS = frozenset({"unit", "bunch", "bag", "sack", "box", "jar", "bottle"})


_CODES = {"bs": "BOB", "bob": "BOB", "brl": "BRL", "mxn": "MXN", "pen": "PEN", "gs": "PYG",
          "pyg": "PYG", "cop": "COP", "ars": "ARS", "usd": "USD"}


SIGNS = {"$": None, "r$": "BRL", "us$": "USD", "u$s": "USD", "mx$": "MXN", "col$": "COP",
          "s/": "PEN", "s/.": "PEN"}


_CURRENCY_WORDS: dict[str, dict[str, str | None]] = {
    "es": {"boliviano": "BOB", "sol": "PEN", "soles": "PEN", "guarani": "PYG", "dolar": "USD", "peso": None},
    "pt": {"real": "BRL", "reais": "BRL", "dolar": "USD", "boliviano": "BOB", "guarani": "PYG"},
    "en": {"dollar": "USD", "real": "BRL", "reais": "BRL", "peso": None, "sol": "PEN", "soles": "PEN"},
}


_PLAIN = {"es": {"real"}, "pt": {"sol", "soles"}, "en": set()}  # ordinary words there


_PRICE_BEFORE = {"es": "a por x precio valor cuesta", "pt": "a por x preco valor custa", "en": "at for x price"}


_ARTICLES = {"es": "el la lo los las a por x cada", "pt": "o a os as por pra x cada", "en": "the a per x each"}


_EACH = {"es": "cada", "pt": "cada", "en": "each ea"}


_ONE = {"es": "uno una", "pt": "um uma", "en": "one"}


_CONNECTORS = {"es": "de del", "pt": "de da do das dos", "en": "of"}


_FILLERS = {"es": "tengo tenemos hay hoy disponible disponibles stock",
            "pt": "tenho temos tem hoje disponivel disponiveis estoque",
            "en": "have today available stock"}


_SOLD_OUT = {"es": ["agotado", "agotada", "agotados", "agotadas", "sin stock"],
             "pt": ["esgotado", "esgotada", "esgotados", "esgotadas", "sem estoque"],
             "en": ["sold out", "sold - out", "soldout", "out of stock"]}


def unit_named(word: str) -> str | None:
    """The unit a typed word names, accents and plurals as people write them; None for any other word.

    | word     | unit  |
    |----------|-------|
    | "frascos"| jar   |
    | "Kilos"  | kg    |
    | "dúzias" | dozen |
    | "kg."    | kg    |
    | "please" | None  |
    """
    return _UNIT_WORDS.get(search_key(word).rstrip("."))


def _plurals(word: str) -> list[str]:
    return [word, word + "s", word + "es"] if len(word) > 2 and word != "@" else [word]


def language_of(locale: str) -> str:
    language = (locale or "").replace("-", "_").split("_")[0].lower()
    return language if language in _PLAIN else "es"


def vocabulary_of(language: str) -> dict[str, dict[str, object]]:
    """Every word's roles, the producer's language read first: its plain words mean nothing else."""
    vocabulary: dict[str, dict[str, object]] = {}

    def add(words: str | Iterable[str], role: str, value: object = True, plurals: bool = False) -> None:
        for word in words.split() if isinstance(words, str) else words:
            for form in _plurals(word) if plurals else [word]:
                if form not in _PLAIN[language]:
                    vocabulary.setdefault(form, {}).setdefault(role, value)

    for code, words in _UNITS.items():
        add(words, "unit", code, plurals=True)
    for key, code in _CODES.items():
        add([key], "currency", code)
    for other in [language] + [lang for lang in _PLAIN if lang != language]:
        for word, currency in _CURRENCY_WORDS[other].items():
            add([word], "currency_word", currency, plurals=True)
        add(_PRICE_BEFORE[other], "price_before")
        add(_ARTICLES[other], "article")
        add(_EACH[other], "each")
        add(_ONE[other], "one")
        add(_CONNECTORS[other], "connector")
        add(_FILLERS[other], "filler")
    return vocabulary


def _sold_out_phrases() -> list[list[str]]:
    phrases = [phrase.split() for lang in _SOLD_OUT.values() for phrase in lang]
    return sorted(phrases, key=len, reverse=True)


SOLD_OUT_PHRASES = _sold_out_phrases()


_UNIT_WORDS = {form: code for code, words in _UNITS.items() for word in words.split() for form in _plurals(word)}
