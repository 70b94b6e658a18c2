"""`territories import FILE.csv` run in-process against an empty, migrated database: all of a file, or none of it."""

import asyncio

import pytest

from market.cli import main
from market.models import Person, Territory
from market.services.territories.places import places_below
from tests.support.databases import on_database

# Santa Cruz (BO-S) is not stored yet: the file's municipalities and communities hang below its ISO code, a
# community written before its municipality.
GOOD = """code,name,level,parent code
070101-01,Villa Primero de Mayo,community,070101
070101,Santa Cruz de la Sierra,municipality,BO-S
070501,Buena Vista,municipality,BO-S
070501-01,Huaytú,community,070501
"""


@pytest.fixture
def installation(database_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", database_url)
    return database_url


def stored(database_url) -> list[tuple]:
    return asyncio.run(on_database(database_url, lambda: Territory.all().order_by("code").values_list(
        "code", "name", "level", "parent__code", "country_code", "currency", "time_zone")))


def import_text(tmp_path, text: str, *, encoding: str = "utf-8", name: str = "places.csv") -> int:
    path = tmp_path / name
    path.write_text(text, encoding=encoding)
    return main(["territories", "import", str(path)])


def test_a_good_file_is_imported_below_an_iso_subdivision_with_its_country_currency_and_time_zone(
        installation, tmp_path, capsys):
    status = import_text(tmp_path, GOOD)

    assert (status, capsys.readouterr().out) == (0, "4 places added (2 municipality, 2 community).\n")
    assert stored(installation) == [
        ("070101", "Santa Cruz de la Sierra", "municipality", "bo-s", "BO", "BOB", "America/La_Paz"),
        ("070101-01", "Villa Primero de Mayo", "community", "070101", "BO", "BOB", "America/La_Paz"),
        ("070501", "Buena Vista", "municipality", "bo-s", "BO", "BOB", "America/La_Paz"),
        ("070501-01", "Huaytú", "community", "070501", "BO", "BOB", "America/La_Paz"),
        ("bo", "Bolivia", "country", None, "BO", "BOB", "America/La_Paz"),
        ("bo-s", "Santa Cruz", "region", "bo", "BO", "BOB", "America/La_Paz"),
    ]


def test_the_chooser_then_lists_the_imported_places_for_everyone(installation, tmp_path):
    import_text(tmp_path, GOOD)

    async def chooser() -> tuple[list[str], list[str]]:
        person = await Person.create(name="Rosa", telegram_user_id=901)
        santa_cruz = await places_below("BO-S", "es", person.id)
        buena_vista = await places_below(santa_cruz.items[0].key, "es", person.id)
        return [p.name for p in santa_cruz.items], [p.name for p in buena_vista.items]

    assert asyncio.run(on_database(installation, chooser)) == (
        ["Buena Vista", "Santa Cruz de la Sierra"], ["Huaytú"])


def test_a_file_with_two_bad_lines_names_each_and_stores_nothing(installation, tmp_path, capsys):
    text = GOOD + "070601,=HYPERLINK(\"http://evil.example\"),municipality,BO-S\n070701,Comarapa,town,BO-S\n"

    status = import_text(tmp_path, text)

    err = capsys.readouterr().err
    assert status == 1
    assert err.splitlines() == [
        f"{tmp_path / 'places.csv'}: nothing imported, 2 lines are wrong:",
        "line 6: the name '=HYPERLINK(\"http://evil.example\")' starts like a spreadsheet formula (=, +, -, @) or "
        "holds a control character",
        "line 7: the level 'town' is not one of region, municipality, community",
    ]
    assert stored(installation) == []


def test_a_spreadsheet_saved_in_spanish_with_a_bom_and_semicolons_is_read(installation, tmp_path, capsys):
    text = "\ufeffCode;Name;Level;Parent code\n070101;Santa Cruz de la Sierra;municipio;BO-S\n"

    status = import_text(tmp_path, text)

    assert (status, capsys.readouterr().out) == (0, "1 places added (1 municipality).\n")
    assert [row[:3] for row in stored(installation)][0] == ("070101", "Santa Cruz de la Sierra", "municipality")


def test_importing_the_same_file_again_is_refused_line_by_line_and_adds_nothing(installation, tmp_path, capsys):
    import_text(tmp_path, GOOD)
    capsys.readouterr()

    status = import_text(tmp_path, GOOD)

    err = capsys.readouterr().err.splitlines()
    assert status == 1
    assert err[0].endswith("nothing imported, 4 lines are wrong:")
    assert "line 2: the code 070101-01 is already stored (imported before?)" in err
    assert "line 3: the code 070101 is already stored (imported before?)" in err
    assert len(stored(installation)) == 6


@pytest.mark.parametrize(("line", "said"), [
    ("070801,Pailón,municipality,", "line 6: the parent code is empty: write the code of a line of the file, a "
                                    "stored code or an ISO code such as BO-S"),
    ("070801,Pailón,municipality,XX-99", "line 6: the parent 'XX-99' is neither a line of the file, a stored code "
                                         "nor an ISO 3166 code such as BO-S"),
    ("070101,Pailón,municipality,BO-S", "line 6: the code is already on an earlier line: 070101 (line 3)"),
    ("070801,Buena  vista,municipality,BO-S", "line 6: 'Buena vista' is already a place with the same parent"),
    ("070801,Pailón,region,070101", "line 6: its level must be below its parent's (070101: municipality)"),
    ("070801,,municipality,BO-S", "line 6: the name '' must be 2 to 80 characters"),
    ("070801,Pai\x07lón,municipality,BO-S", "line 6: the name 'Pai\\x07lón' starts like a spreadsheet formula "
                                              "(=, +, -, @) or holds a control character"),
    ("bo,Pailón,municipality,BO-S", "line 6: the code 'bo' must be letters, digits, '.', '-' or '_' (no spaces), "
                                    "and not a country's ISO code"),
])
def test_each_kind_of_bad_line_is_named_with_what_to_write(installation, tmp_path, capsys, line, said):
    status = import_text(tmp_path, GOOD + line + "\n")

    assert status == 1
    assert said in capsys.readouterr().err.splitlines()
    assert stored(installation) == []


def test_rows_that_are_each_others_parents_are_named_as_a_cycle(installation, tmp_path, capsys):
    text = "code,name,level,parent code\na1,Uno,community,b1\nb1,Dos,community,a1\n"

    assert import_text(tmp_path, text) == 1

    err = capsys.readouterr().err.splitlines()
    assert "line 2: its parents lead back to it: a1 → b1 → a1" in err
    assert "line 3: its parents lead back to it: b1 → a1 → b1" in err


def test_a_brazilian_state_asks_which_time_zone_until_one_is_given(installation, tmp_path, capsys):
    text = "code,name,level,parent code\n3550308,São Paulo,municipality,BR-SP\n"
    path = tmp_path / "sp.csv"
    path.write_text(text, encoding="utf-8")

    first = main(["territories", "import", str(path)])
    assert "run again with --time-zone, one of " in capsys.readouterr().err
    second = main(["territories", "import", str(path), "--time-zone", "America/Sao_Paulo"])

    assert (first, second) == (1, 0)
    assert ("3550308", "São Paulo", "municipality", "br-sp", "BR", "BRL", "America/Sao_Paulo") in stored(installation)


def test_a_file_that_is_not_utf8_or_lacks_a_column_is_not_read(installation, tmp_path, capsys):
    latin = import_text(tmp_path, "code,name,level,parent code\n070101,Cañada,municipality,BO-S\n",
                        encoding="latin-1")
    no_parent = import_text(tmp_path, "code,name,level\n070101,Cañada,municipality\n", name="b.csv")

    err = capsys.readouterr().err
    assert (latin, no_parent) == (2, 2)
    assert "not UTF-8 (save it as CSV UTF-8) [unreadable_file]" in err
    assert "missing columns: parent [unreadable_file]" in err


def test_a_list_of_three_thousand_communities_imports_at_once(installation, tmp_path, capsys):
    lines = ["code;name;level;parent code", "070101;Santa Cruz de la Sierra;municipio;BO-S"]
    lines += [f"070101-{n:04};Comunidad {n};comunidad;070101" for n in range(3000)]

    status = import_text(tmp_path, "\n".join(lines) + "\n")

    assert (status, capsys.readouterr().out) == (0, "3001 places added (1 municipality, 3000 community).\n")
