"""Normalizing names for search: case-, accent- and space-insensitive keys."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def search_key(text: str) -> str:
    """The key under which a name is searched and de-duplicated.

    | text              | key            |
    |-------------------|----------------|
    | "Café Tostado"    | "cafe tostado" |
    | "  FEIJÃO  preto" | "feijao preto" |
    | "Ñandutí"         | "nanduti"      |
    """
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SPACES.sub(" ", stripped).strip().casefold()
