"""`python -m market.cli territories import FILE.csv`: municipalities and communities from a list, all or nothing.

Countries and their first-level subdivisions come from pycountry (the chooser creates their rows when first
used); what lies below them comes from an official list (Bolivia's INE, Brazil's IBGE, Mexico's INEGI) saved as
CSV. market.cli registers the command; a file that cannot be read is refused as `prices import` refuses one.
"""

from __future__ import annotations

import argparse
import asyncio
import sys

from market.cli_common import with_database
from market.errors import Invalid
from market.services.territories.imports import LEVELS, ImportReport, import_territories

# What is wrong with a line, for the person at the terminal ({detail}: what the line says).
PROBLEMS = {
    "code_invalid": "the code {detail!r} must be letters, digits, '.', '-' or '_' (no spaces), and not a country's "
                    "ISO code",
    "code_repeated": "the code is already on an earlier line: {detail}",
    "code_taken": "the code {detail} is already stored (imported before?)",
    "level_unknown": "the level {detail!r} is not one of region, municipality, community",
    "level_not_below": "its level must be below its parent's ({detail})",
    "name_length": "the name {detail!r} must be 2 to 80 characters",
    "name_unsafe": "the name {detail} starts like a spreadsheet formula (=, +, -, @) or holds a control character",
    "name_repeated": "{detail!r} is already a place with the same parent",
    "parent_missing": "the parent code is empty: write the code of a line of the file, a stored code or an ISO code "
                      "such as BO-S",
    "parent_unknown": "the parent {detail!r} is neither a line of the file, a stored code nor an ISO 3166 code "
                      "such as BO-S",
    "parent_cycle": "its parents lead back to it: {detail}",
    "time_zone_needed": "its parent's country has several time zones: run again with --time-zone, one of {detail}",
}


def import_file(database_url: str, path: str, time_zone: str | None) -> int:
    """0 when every line was imported, 1 when some are wrong (each named), 2 when the file cannot be read."""
    try:
        with open(path, "rb") as file:
            content = file.read()
        report = asyncio.run(with_database(database_url, import_territories, content, time_zone))
    except OSError as error:
        print(f"feria: cannot read {path}: {error.strerror}", file=sys.stderr)
        return 2
    except Invalid as error:
        print(f"feria: {path} imported nothing: {error.params.get('detail', error.code)} [{error.code}]",
              file=sys.stderr)
        return 2
    if report.problems:
        print(f"{path}: nothing imported, {_count(report)}:", file=sys.stderr)
        for problem in report.problems:
            print(f"line {problem.line}: {PROBLEMS[problem.code].format(detail=problem.detail)}", file=sys.stderr)
        return 1
    kinds = ", ".join(f"{n} {level.value}" for level, n in report.by_level)
    print(f"{report.added} places added ({kinds}).")
    return 0


def _count(report: ImportReport) -> str:
    bad = len({p.line for p in report.problems})
    return "1 line is wrong" if bad == 1 else f"{bad} lines are wrong"


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`territories import`, under market.cli's parser."""
    territories = commands.add_parser("territories", help="places below the countries and their subdivisions")
    actions = territories.add_subparsers(dest="territories_command", required=True)
    listing = actions.add_parser(
        "import", help="import municipalities and communities from a CSV file, all or nothing",
        description="Columns by header name: code, name, level (" + ", ".join(sorted(LEVELS)) + "), parent code; "
                    "separated by ';' or ','; UTF-8 with or without a BOM. A parent is a line of the same file "
                    "(earlier or later), a code already stored, or an ISO 3166 code such as BO-S or BR-SP. Each "
                    "place takes its parent's country, currency and time zone. A file with any wrong line imports "
                    "nothing and names each one.",
        epilog="Exit status: 0 imported, 1 wrong lines (named; nothing imported), 2 the file cannot be read.")
    listing.add_argument("file", help="the CSV file")
    listing.add_argument("--time-zone", metavar="ZONE",
                         help="for an ISO place created now in a country with several time zones (America/Sao_Paulo)")
