"""How typed words meet product names: stems, synonyms, the words around a product's name, and typos.

A product's name is stored with its match key: each word, its Spanish and Portuguese Snowball stems and its
plural-less form, between spaces (" tomate tomat "). A search word finds a product when the name's plain key
contains it (as before: "caf" finds "Café") or when one of its forms, or a synonym's, is a whole word of the
match key: "tomates" → tomat, "quinoa" → quinua → quinu. So both engines match with one LIKE per form.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

import snowballstemmer
from rapidfuzz import process
from rapidfuzz.distance import OSA

from market.text import search_key

# The languages whose stemmers and synonyms every search uses: names come in both on one catalog.
LANGUAGES = ("es", "pt")
_STEMMERS = {"es": "spanish", "pt": "portuguese"}

# Words of a sentence that name no product: "quiero 2 kg de quinua" looks for quinua.
FILLER = frozenset("""
    quiero queria quisiera busco buscando necesito comprar compro vendes venden tienes tienen tiene hay
    quero queria preciso procuro compra comprar vende tem voces voce
    want need buy looking for some any
    de del la el los las un una unos unas y o a al en con para por favor me mi
    do da dos das um uma uns umas e os as no na nos nas com pra para por favor eu
    the of and or
    kg kilo kilos kilogramo kilogramos kg. g gr gramos gramas grama l lt litro litros libra libras
    arroba arrobas quintal quintales docena docenas duzia duzias unidad unidades unidade unidades
    bolsa bolsas saco sacos caja cajas frasco frascos atado atados
    """.split())

# The synonyms every network starts from: words of one group name one product (a network adds its own).
SYNONYMS: Mapping[str, tuple[tuple[str, ...], ...]] = {
    "es": (
        ("quinua", "quinoa"),
        ("choclo", "elote", "milho"),
        ("palta", "aguacate", "abacate"),
        ("frijol", "poroto", "feijao", "feijoes", "caraota"),
        ("papa", "patata"),
        ("mani", "cacahuate", "amendoim"),
        ("zapallo", "calabaza", "abobora"),
    ),
    "pt": (
        ("quinoa", "quinua"),
        ("milho", "choclo", "elote"),
        ("abacate", "palta", "aguacate"),
        ("feijao", "feijoes", "frijol", "poroto"),
        ("amendoim", "mani", "cacahuate"),
        ("abobora", "zapallo", "calabaza"),
        ("queijo", "queso"),
        ("mel", "miel"),
    ),
}


@cache
def _stemmer(language: str) -> Any:  # snowballstemmer ships no types
    return snowballstemmer.stemmer(_STEMMERS[language])


def word_forms(word: str) -> frozenset[str]:
    """A word's plain key, its stems in each language (of the word as written, accents kept), and no plural.

    | word       | forms                              |
    |------------|------------------------------------|
    | "Tomates"  | {tomates, tomat, tomate}           |
    | "papas"    | {papas, pap, papa}                 |
    | "feijões"  | {feijoes, feijoe, feijo}           |
    | "miel"     | {miel}                             |
    """
    plain = search_key(word)
    lower = word.casefold()
    forms = {plain}
    for language in LANGUAGES:
        forms.add(search_key(str(_stemmer(language).stemWord(lower))))
    if len(plain) > 3 and plain.endswith("s"):
        forms.add(plain[:-1])
        if plain.endswith("es"):
            forms.add(plain[:-2])
    return frozenset(f for f in forms if f)


def match_key(name: str) -> str:
    """The key stored beside a product's name: every form of every word, each between spaces.

    | name               | key                                           |
    |--------------------|-----------------------------------------------|
    | "Tomate"           | " tomat tomate "                              |
    | "Queijo colonial"  | " colonial queij queijo "                     |
    """
    forms = sorted({f for word in search_key(name).split() for f in word_forms(word)})
    return f" {' '.join(forms)} " if forms else ""


def content_words(text: str) -> tuple[str, ...]:
    """The words of a search that may name a product: numbers and filler left out, unless nothing else is left
    (then every word, so that "120,50" still looks for what it says, and finds nothing, rather than everything).

    | text                      | words                |
    |---------------------------|----------------------|
    | "quiero 2 kg de quinua"   | (quinua,)            |
    | "Café tostado"            | (Café, tostado)      |
    | "de"                      | (de,)                |
    | "120,50"                  | (120, 50)            |
    | " , "                     | ()                   |
    """
    words = [w for w in re.split(r"[\s,.;:¿?¡!()\"']+", text) if w]
    kept = [w for w in words if not re.search(r"\d", w) and search_key(w) not in FILLER]
    return tuple(kept or words)


def synonym_groups(extra: Iterable[tuple[str, str]] = ()) -> tuple[frozenset[str], ...]:
    """The synonym groups of every language, and the pairs a network added (word, synonym), joined where they meet.

    | extra                          | a group holding "quinua"    |
    |--------------------------------|-----------------------------|
    | ()                             | {quinua, quinoa}            |
    | (("quinua", "kinwa"),)         | {quinua, quinoa, kinwa}     |
    """
    groups: list[set[str]] = [{search_key(w) for w in g} for language in LANGUAGES for g in SYNONYMS[language]]
    groups += [{search_key(a), search_key(b)} for a, b in extra]
    merged: list[set[str]] = []
    for group in groups:
        touching = [m for m in merged if m & group]
        for m in touching:
            group |= m
            merged.remove(m)
        merged.append(group)
    return tuple(frozenset(m) for m in merged)


def word_variants(word: str, groups: Iterable[frozenset[str]]) -> tuple[frozenset[str], frozenset[str]]:
    """What a search word matches: (substrings of the plain key, whole words of the match key).

    The word itself is a substring as before ("caf" finds "Café"); its forms and every synonym's forms are
    whole words ("quinoa" finds "Quinua real" through quinu).

    | word       | substrings | whole words (some)         |
    |------------|------------|----------------------------|
    | "tomates"  | {tomates}  | tomat, tomate              |
    | "quinoa"   | {quinoa}   | quino, quinu, quinua       |
    """
    plain = search_key(word)
    same = {plain}
    for group in groups:
        if plain in group or any(f in group for f in word_forms(word)):
            same |= group
    whole = frozenset(f for w in same for f in word_forms(w))
    return frozenset({plain}), whole


def name_matches(name: str, text: str, groups: Iterable[frozenset[str]]) -> bool:
    """Whether a search finds a name: each content word of `text` is in the name, or a form or synonym of it is a
    whole word of its match key (the catalog's rule, for names not stored as products: market prices).

    | name               | text              | found |
    |--------------------|-------------------|-------|
    | "queijo colonial"  | "queijo"          | yes   |
    | "queijo colonial"  | "queijos"         | yes   |
    | "quinua real"      | "precio quinoa"   | no    |
    | "quinua real"      | "quinoa"          | yes   |
    | "tomate"           | "papa"            | no    |
    """
    words = content_words(text)
    if not words:
        return False
    plain, forms = search_key(name), set(match_key(name).split())
    for word in words:
        substrings, whole = word_variants(word, groups)
        if not (any(s in plain for s in substrings) or whole & forms):
            return False
    return True


def closest_word(word: str, vocabulary: Iterable[str]) -> str | None:
    """The word of `vocabulary` a typo of `word` most likely meant: one edit (a swap is one) away, two past 6 letters.

    | word        | vocabulary              | closest  |
    |-------------|-------------------------|----------|
    | "tomtae"    | tomate, papa            | tomate   |
    | "tomatr"    | tomate, papa            | tomate   |
    | "quinwa"    | quinua, papa            | quinua   |
    | "kafe"      | cafe, te                | cafe     |
    | "miel"      | mel                     | mel      |
    | "zz"        | cafe                    | None     |
    """
    plain = search_key(word)
    if len(plain) < 3:
        return None
    allowed = 1 if len(plain) <= 6 else 2
    found = process.extractOne(plain, sorted(set(vocabulary)), scorer=OSA.distance,
                               score_cutoff=allowed)
    return str(found[0]) if found else None
