"""The catalog's side of matching words (market.rules.matching): the synonyms stored, the filter, nearness, typos.

    words_filter("quiero 2 kg de quinua")   every content word matches: its substring or a form of it or a synonym
    nearness(territory)                    0 the searcher's community … 3 their country, 4 elsewhere
    correction("tomatr")                   "tomate": the words the catalog's names hold, one typo away
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz, process
from tortoise.expressions import Case, Q, When

from market.enums import TerritoryLevel
from market.errors import Invalid
from market.models import Organization, Product, SearchSynonym, Territory
from market.rules.matching import LANGUAGES, closest_word, content_words, synonym_groups, word_variants
from market.services.catalog.browse import TERRITORY_DEPTH, public_filter
from market.text import search_key

# Nearness ranks: the searcher's community, municipality, region, country, then anywhere else.
RANKS = {TerritoryLevel.COMMUNITY: 0, TerritoryLevel.MUNICIPALITY: 1, TerritoryLevel.REGION: 2,
         TerritoryLevel.COUNTRY: 3}
ELSEWHERE = 4
MAX_WORD = 40


@dataclass(frozen=True)
class Near:
    """Where a search is made from: its ranks by place, and the country (a product outside it is "en otro país")."""

    territory_code: str
    country_code: str
    # (rank, the organizations of that rank), nearest first; the organizations of other countries are ELSEWHERE.
    ranks: tuple[tuple[int, tuple[int, ...]], ...]


async def stored_groups() -> tuple[frozenset[str], ...]:
    """The synonym groups: the ones every network starts from, joined with those its operators added."""
    pairs = await SearchSynonym.all().values_list("word", "synonym")
    return synonym_groups((str(a), str(b)) for a, b in pairs)


async def words_filter(text: str) -> Q | None:
    """Products whose name holds every content word of `text` (a plural, a synonym, in any order); None: no words."""
    alternatives = await word_alternatives(text)
    if alternatives is None:
        return None
    return Q(*(
        Q(*[Q(search_key__contains=s) for s in substrings] + [Q(match_key__contains=f" {w} ") for w in whole],
          join_type=Q.OR)
        for substrings, whole in alternatives
    ))


async def word_alternatives(text: str) -> tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] | None:
    """For each content word of `text`, the substrings of a name key and the whole words of a match key that stand
    for it (market.rules.matching.word_variants); None: no words."""
    words = content_words(text)
    if not words:
        return None
    groups = await stored_groups()
    return tuple((tuple(sorted(s)), tuple(sorted(w))) for s, w in (word_variants(word, groups) for word in words))


async def add_synonym(language: str, word: str, synonym: str) -> bool:
    """Stores that `synonym` names what `word` names for the network's people; False when it was already known."""
    if language not in LANGUAGES:
        raise Invalid("invalid_parameter", parameter="language")
    a, b = search_key(word), search_key(synonym)
    for value, name in ((a, "word"), (b, "synonym")):
        if not value or len(value) > MAX_WORD or " " in value:
            raise Invalid("invalid_parameter", parameter=name, max=MAX_WORD)
    if a == b or any(a in g and b in g for g in await stored_groups()):
        return False
    await SearchSynonym.create(language=language, word=a, synonym=b)
    return True


async def list_synonyms() -> tuple[tuple[str, str, str], ...]:
    """The synonyms operators added: (language, word, synonym), by language then word."""
    rows = await SearchSynonym.all().order_by("language", "word", "synonym").values_list("language", "word", "synonym")
    return tuple((str(lang), str(w), str(s)) for lang, w, s in rows)


async def near_place(code: str | None) -> Near | None:
    """The searcher's place (a territory code), with the organizations of their country by nearness; None: none."""
    if code is None:
        return None
    # The place and every place above it, with their levels, in one query (a missing parent reads as None).
    mine = await Territory.filter(code=code).first().values_list(
        "country_code", *(f"{'parent__' * n}code" for n in range(TERRITORY_DEPTH + 1)),
        *(f"{'parent__' * n}level" for n in range(TERRITORY_DEPTH + 1)))
    if mine is None:
        return None
    country, codes, levels = mine[0], mine[1:TERRITORY_DEPTH + 2], mine[TERRITORY_DEPTH + 2:]
    chain = [(c, RANKS[TerritoryLevel(level)]) for c, level in zip(codes, levels, strict=True) if c is not None]
    # Each organization of the country with its place and the places above it: the nearest shared one ranks it.
    up = ["territory__code"] + [f"territory{'__parent' * n}__code" for n in range(1, TERRITORY_DEPTH + 1)]
    rows = await Organization.filter(territory__country_code=country).values_list("id", *up)
    ranks: dict[int, list[int]] = {}
    for organization_id, *above in rows:
        rank = min((r for c, r in chain if c in above), default=ELSEWHERE)
        ranks.setdefault(rank, []).append(organization_id)
    return Near(code, str(country), tuple(sorted((r, tuple(ids)) for r, ids in ranks.items())))


def nearness(near: Near) -> Case:
    """A product's rank for the searcher: how near them its organization is, else ELSEWHERE (another country)."""
    return Case(*(When(Q(organization_id__in=list(ids)), then=str(rank)) for rank, ids in near.ranks),
                default=str(ELSEWHERE))


async def correction(text: str) -> str | None:
    """The search with each unknown word put right to a word of the catalog's names one typo away; None: none."""
    words = content_words(text)
    if not words:
        return None
    names = await Product.filter(public_filter(), active=True).distinct().values_list("search_key", flat=True)
    groups = await stored_groups()
    vocabulary = {w for name in names for w in str(name).split() if len(w) > 2} | {w for g in groups for w in g}
    fixed, changed = [], False
    for word in words:
        plain = search_key(word)
        if plain in vocabulary or any(plain in g for g in groups):
            fixed.append(plain)
            continue
        close = closest_word(plain, vocabulary)
        fixed.append(close or plain)
        changed |= close is not None
    return " ".join(fixed) if changed else None


async def suggestions(text: str, limit: int = 3) -> tuple[str, ...]:
    """The catalog's product names nearest to what was typed, for a search that found nothing ("Quinua real")."""
    query = " ".join(search_key(w) for w in content_words(text))
    if not query:
        return ()
    rows = await Product.filter(public_filter(), active=True).order_by("id").values_list("search_key", "name")
    names: dict[str, str] = {}
    for key, name in rows:
        names.setdefault(str(key), str(name))  # one name a key: "Tomate" of two organizations is one suggestion
    found = process.extract(query, sorted(names), scorer=fuzz.WRatio, limit=limit, score_cutoff=60)
    return tuple(names[key] for key, _, _ in found)
