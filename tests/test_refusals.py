"""Every refusal raised in market/ and bot/ is declared in market.refusals as it is raised, and has words at its doors.

The source is read, not run (tests/support/refusal_sites.py): each `Invalid("code", name=...)`, and each
code passed through a variable, a table, a parameter or a refusal passed on. Which door meets which code
follows from which adapter refers to which function; each door has words for every code it meets.
"""

from __future__ import annotations

from string import Formatter

import pytest

from bot.flows.errors import REFUSALS as BOT_WORDS
from market.cli import REFUSALS as CLI_WORDS
from market.errors import Conflict, FeriaError, Forbidden, Invalid, NotFound, Unavailable
from market.refusals import REGISTRY, Kind
from market.web.api.problems import DETAILS, TITLES
from tests.support.refusal_sites import Site, Source, door_codes, raise_sites

# A door's modules, by dotted prefix: a refusal reached from them is one a person there can meet.
DOOR_MODULES = {
    "bot": ("bot.flows",),  # handlers; the error handler words what they raise
    "api": ("market.web.api", "market.web.middlewares"),
    "web": ("market.web.pages", "market.web.views", "market.web.middlewares", "market.web.desk"),
    "cli": ("market.cli", "market.cli_tokens", "market.cli_operators"),
}
# A door's words for a code (the web's: a problem's detail, or its own title, on a page as in the API).
WORDS = {"bot": BOT_WORDS, "api": DETAILS | TITLES, "web": DETAILS | TITLES, "cli": CLI_WORDS}
# Names a door's words may use beyond the refusal's parameters: the CLI lists what a review lacks (`reasons`).
MADE_BY_THE_DOOR = {"cli": {"missing"}, "bot": {"missing"}}
RAISED_AS: dict[str, Kind | None] = {
    cls.__name__: cls.kind for cls in (FeriaError, NotFound, Invalid, Forbidden, Conflict, Unavailable)
}
# A refusal passed on with its code (`Forbidden(error.code, person=...)`), by the function passing it on:
# the codes it can be, or the function whose refusals it passes on.
PASSED_ON = {
    "market.services.seals.support.transition": "market.rules.reviews.seal_transition",
    # The CLI names the person and the slug in a permission refusal the service raised without them.
    "market.cli_prices._declarer_named": frozenset({"not_an_admin", "not_a_reviewer", "not_on_committee"}),
    "market.cli_tokens._named": frozenset({"not_an_admin"}),
}


@pytest.fixture(scope="module")
def source() -> Source:
    return Source()


@pytest.fixture(scope="module")
def sites(source) -> list[Site]:
    return raise_sites(source, set(RAISED_AS), PASSED_ON)


def test_every_code_raised_can_be_read_from_the_source(sites):
    unread = [f"{s.where}: say in PASSED_ON what it passes on" for s in sites if not s.codes]

    assert unread == []


def test_every_code_raised_is_declared_as_the_kind_it_is_raised_as(sites):
    wrong = [f"{s.where}: {code} raised as {s.raised_as}, declared {REGISTRY[code].kind if code in REGISTRY else None}"
             for s in sites for code in sorted(s.codes)
             if code not in REGISTRY or REGISTRY[code].kind is not RAISED_AS[s.raised_as]]

    assert wrong == []


def test_every_parameter_a_refusal_is_raised_with_is_declared(sites):
    wrong = [f"{s.where}: {code} with {sorted(s.params - REGISTRY[code].params)}"
             for s in sites for code in sorted(s.codes) if code in REGISTRY and not s.params <= REGISTRY[code].params]

    assert wrong == []


def test_every_declared_code_and_parameter_is_raised_somewhere(sites):
    raised: dict[str, set[str]] = {}
    for site in sites:
        for code in site.codes:
            raised.setdefault(code, set()).update(site.params)

    unraised = [code for code in REGISTRY if code not in raised]
    never_given = [f"{code}: {sorted(r.params - raised[code])}"
                   for code, r in REGISTRY.items() if r.params - raised.get(code, r.params)]
    assert (unraised, never_given) == ([], [])


def test_every_door_that_reaches_a_code_is_among_its_declared_doors(source, sites):
    met = door_codes(source, sites, DOOR_MODULES)

    undeclared = sorted(f"{code} at {door}" for door, codes in met.items() for code in codes
                        if code in REGISTRY and door not in REGISTRY[code].doors)
    assert undeclared == []


def test_every_refusal_passed_on_is_found_where_it_is_said_to_be(sites):
    assert set(PASSED_ON) <= {s.function for s in sites}


@pytest.mark.parametrize(("make", "error"), [
    (lambda: Invalid("no_such_refusal"), ValueError),
    (lambda: NotFound("cart_empty"), TypeError),
    (lambda: NotFound("order_not_found", order_id=7), TypeError),
])
def test_a_refusal_with_an_undeclared_code_kind_or_parameter_is_refused_where_it_is_made(make, error):
    with pytest.raises(error):
        make()


def test_the_reader_follows_a_code_through_a_table_a_parameter_a_constant_and_a_choice(tmp_path):
    (tmp_path / "market").mkdir()
    (tmp_path / "market" / "rules.py").write_text(
        'GONE = "gone"\n'
        'TABLE = {"a": "from_table", "b": ("also_from_table", 3)}\n'
        "def by_table(key):\n    raise NotFound(TABLE[key], thing=1)\n"
        "def by_parameter(code):\n    return Conflict(code)\n"
        'def callers():\n    raise by_parameter("first")\n    raise by_parameter(code="second")\n'
        'def by_choice(flag):\n    raise Invalid("yes" if flag else GONE)\n'
        "def by_local():\n    code = GONE\n    raise NotFound(code)\n"
        "def unreadable(error):\n    raise Forbidden(error.code)\n"
    )

    sites = raise_sites(Source(tmp_path, ("market",)), set(RAISED_AS), {})

    assert sorted((s.function.rsplit(".", 1)[1], sorted(s.codes), sorted(s.params)) for s in sites) == [
        ("by_choice", ["gone", "yes"], []),
        ("by_local", ["gone"], []),
        ("by_parameter", ["first", "second"], []),
        ("by_table", ["also_from_table", "from_table"], ["thing"]),
        ("unreadable", [], []),
    ]


@pytest.mark.parametrize(("door", "code"), sorted((door, code) for code, r in REGISTRY.items() for door in r.doors))
def test_every_door_has_words_for_each_code_it_meets(door, code):
    assert code in WORDS[door]


@pytest.mark.parametrize("door", sorted(WORDS))
def test_a_doors_words_name_declared_codes_and_only_their_parameters(door):
    wrong = []
    for code, text in WORDS[door].items():
        named = {name for _, name, _, _ in Formatter().parse(text) if name}
        given = REGISTRY[code].params | MADE_BY_THE_DOOR.get(door, set()) if code in REGISTRY else set()
        if code not in REGISTRY or not named <= given:
            wrong.append(f"{code}: {sorted(named - given)}")

    assert wrong == []
