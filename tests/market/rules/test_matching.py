import pytest

from market.rules.matching import (
    closest_word,
    content_words,
    match_key,
    name_matches,
    synonym_groups,
    word_forms,
    word_variants,
)


@pytest.mark.parametrize("word, forms", [
    ("Tomates", {"tomates", "tomat", "tomate"}),
    ("papas", {"papas", "pap", "papa"}),
    ("feijões", {"feijoes", "feijoe", "feijo"}),
    ("miel", {"miel"}),
])
def test_a_word_is_searched_by_its_stems_and_its_singular(word, forms):
    assert word_forms(word) == forms


@pytest.mark.parametrize("name, key", [
    ("Tomate", " tomat tomate "),
    ("Queijo colonial", " colonial queij queijo "),
])
def test_a_name_is_stored_with_every_form_of_its_words(name, key):
    assert match_key(name) == key


@pytest.mark.parametrize("text, words", [
    ("quiero 2 kg de quinua", ("quinua",)),
    ("Café tostado", ("Café", "tostado")),
    ("de", ("de",)),
    ("120,50", ("120", "50")),
    (" , ", ()),
])
def test_a_sentence_is_searched_by_the_words_that_may_name_a_product(text, words):
    assert content_words(text) == words


@pytest.mark.parametrize("extra, group", [
    ((), {"quinua", "quinoa"}),
    ((("quinua", "kinwa"),), {"quinua", "quinoa", "kinwa"}),
])
def test_a_network_s_synonyms_join_the_group_they_touch(extra, group):
    assert next(g for g in synonym_groups(extra) if "quinua" in g) == group


@pytest.mark.parametrize("word, whole", [
    ("tomates", {"tomat", "tomate"}),
    ("quinoa", {"quinu", "quinua"}),
    ("naranjas", {"naranj", "naranja"}),
    ("choclo", {"milho", "elote"}),
])
def test_a_search_word_matches_its_forms_and_its_synonyms(word, whole):
    substrings, forms = word_variants(word, synonym_groups())

    assert substrings == {word}
    assert whole <= forms


@pytest.mark.parametrize("word, vocabulary, closest", [
    ("tomtae", ["tomate", "papa"], "tomate"),
    ("tomatr", ["tomate", "papa"], "tomate"),
    ("quinwa", ["quinua", "papa"], "quinua"),
    ("kafe", ["cafe", "te"], "cafe"),
    ("miel", ["mel"], "mel"),
    ("zz", ["cafe"], None),
    ("banana", ["tomate", "papa"], None),
])
def test_a_typo_is_put_right_only_to_a_word_one_edit_away(word, vocabulary, closest):
    assert closest_word(word, vocabulary) == closest


@pytest.mark.parametrize("name, text, found", [
    ("queijo colonial", "queijo", True),
    ("queijo colonial", "queijos", True),
    ("quinua real", "precio quinoa", False),
    ("quinua real", "quinoa", True),
    ("tomate", "papa", False),
])
def test_a_name_is_found_by_the_words_of_a_search_as_the_catalog_finds_it(name, text, found):
    assert name_matches(name, text, synonym_groups()) is found
