"""`python -m market.cli synonyms add|list`: the words this network's people use for a product beside the catalog's.

Every network starts from a small table per language (market.rules.matching.SYNONYMS: quinua/quinoa,
choclo/milho/elote, palta/abacate/aguacate, frijol/poroto/feijão); an operator adds what their people say
(`synonyms add es quinua kinwa`), and every search finds the product by either word at once. market.cli
registers these commands.
"""

from __future__ import annotations

import argparse
from collections.abc import Awaitable, Callable

from market.rules.matching import LANGUAGES
from market.services.catalog.matching import add_synonym, list_synonyms


def commands() -> dict[tuple[str, str], Callable[[argparse.Namespace], Awaitable[None]]]:
    """The commands by (command, subcommand), as market.cli.COMMANDS holds them."""
    return {("synonyms", "add"): _add, ("synonyms", "list"): _list}


async def _add(args: argparse.Namespace) -> None:
    if await add_synonym(args.language, args.word, args.synonym):
        print(f"Searches for “{args.synonym}” now find “{args.word}” too, and the other way round.")
    else:
        print(f"“{args.synonym}” already finds “{args.word}”.")


async def _list(args: argparse.Namespace) -> None:
    added = await list_synonyms()
    if not added:
        print("No synonyms added: searches use the ones every network starts from.")
    for language, word, synonym in added:
        print(f"{language}\t{word}\t{synonym}")


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`synonyms add|list`, under market.cli's parser."""
    synonyms = commands.add_parser("synonyms", help="words people use for a product, beside the catalog's")
    actions = synonyms.add_subparsers(dest="synonyms_command", required=True)
    add = actions.add_parser("add", help="a word that finds what another finds (one word each, any accents)",
                             epilog="Exit status: 0 added or known already, 1 refused (a phrase, or too long).")
    add.add_argument("language", choices=LANGUAGES, help="the language people say it in")
    add.add_argument("word", help="a word of the catalog's names (quinua)")
    add.add_argument("synonym", help="the word people use for it (quinoa)")
    actions.add_parser("list", help="the synonyms operators added")
