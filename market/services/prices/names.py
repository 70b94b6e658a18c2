"""Which product a price question names: "/preco queijo" asks for "Queijo colonial" when that is what is known.

The catalog's matching (market.rules.matching) over the names the place knows prices for: its market
observations, its fair prices and its country's offers. A name known as typed stays; else the name it finds
(plurals, synonyms, a word of a longer name), the one with most prices first; else one typo put right.
"""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from tortoise.functions import Count

from market.models import FairPrice, Offer, PriceObservation
from market.rules.matching import closest_word, content_words, name_matches
from market.rules.names import same_name
from market.services.catalog.matching import stored_groups
from market.services.prices.places import Place
from market.text import search_key

KNOWN_DAYS = 90


async def known_name(product_text: str, place: Place) -> str:
    """The name the place knows prices for that `product_text` asks for; `product_text` itself when none."""
    since = place.day_start(place.today() - timedelta(days=KNOWN_DAYS))
    observed = await PriceObservation.filter(
        territory_id__in=_everywhere(place), currency=place.currency, observed_at__gte=since,
    ).group_by("search_key").annotate(n=Count("id")).values_list("search_key", "n")
    declared = await FairPrice.filter(territory_id__in=place.chain, currency=place.currency).values_list(
        "search_key", flat=True)
    offered = await Offer.filter(currency=place.currency, product__active=True,
                                 product__organization__territory__country_code=place.country_code).values_list(
        "product__search_key", flat=True)
    counts = Counter({str(key): int(n) for key, n in observed})
    for key in (*declared, *offered):
        counts[str(key)] += 1
    if any(same_name(key, product_text) for key in counts):
        return product_text
    groups = await stored_groups()
    found = [key for key in counts if name_matches(key, product_text, groups)]
    if not found:
        vocabulary = {w for key in counts for w in key.split() if len(w) > 2}
        fixed = " ".join(closest_word(w, vocabulary) or search_key(w) for w in content_words(product_text))
        found = [key for key in counts if fixed and name_matches(key, fixed, groups)]
    if not found:
        return product_text
    return min(found, key=lambda key: (-counts[key], len(key), key))


def _everywhere(place: Place) -> list[int]:
    """Every territory whose observations one of the place's markets reads."""
    return sorted({t for ids in place.scopes.values() for t in ids})
