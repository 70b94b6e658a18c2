"""Product names compared as people write them: accents, capitals and plurals aside.

Stock lines, alerts and market prices all ask whether two names are one product; the answer is here, once.
"""

from __future__ import annotations

from collections.abc import Hashable

from market.text import search_key


def name_forms(text: str) -> tuple[frozenset[str], ...]:
    """Each word of a name with and without a plural ending, to compare names plural-insensitively.

    | text       | forms                                   |
    |------------|-----------------------------------------|
    | "Tomates"  | ({tomates, tomate, tomat},)             |
    | "limón"    | ({limon},)                              |
    | "papas"    | ({papas, papa},)                        |
    """
    forms = []
    for word in search_key(text).split():
        options = {word}
        if len(word) > 3 and word.endswith("s"):
            options.add(word[:-1])
            if word.endswith("es"):
                options.add(word[:-2])
        forms.append(frozenset(options))
    return tuple(forms)


def same_name(a: str, b: str) -> bool:
    """ "Tomates" and "tomate", "limones" and "Limón": the same product name, word by word."""
    fa, fb = name_forms(a), name_forms(b)
    return bool(fa) and len(fa) == len(fb) and all(x & y for x, y in zip(fa, fb, strict=True))


def repeated_lines(keys: list[tuple[int, Hashable]]) -> dict[int, int]:
    """Each line that names a product an earlier line already named, with that earlier line's number.

    A message names each product once: "tomate 20 kg a 8" and "tomate 5 kg a 50" in one message would
    publish twice and record two prices, and which one stands would depend on the order of the lines.

    | (line, product)                         | repeated       |
    |-----------------------------------------|----------------|
    | (1, 7), (2, 8)                          | {}             |
    | (1, 7), (2, 8), (3, 7)                  | {3: 1}         |
    | (1, 7), (2, 7), (3, 7)                  | {2: 1, 3: 1}   |
    | (1, "new tomate"), (2, "new tomate")    | {2: 1}         |
    """
    first: dict[Hashable, int] = {}
    repeated = {}
    for line, key in keys:
        if key in first:
            repeated[line] = first[key]
        else:
            first[key] = line
    return repeated
