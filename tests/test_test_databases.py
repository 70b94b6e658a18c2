"""The test databases' seeded copies: what a test starts from is what the seed wrote, every time; which tests
each pass runs, each under an id of its own."""

from __future__ import annotations

from types import SimpleNamespace

import asyncpg
import pytest
from _pytest.nodeid import NodeId

from market.db import close_database, open_database
from market.models import Category, Product, __models__
from tests.conftest import give_each_test_an_id_of_its_own, uses_database


async def _rows(url: str) -> dict[str, list[tuple]]:
    ctx = await open_database(url, global_fallback=False)
    try:
        return {model.__name__: sorted(map(repr, await model.all().values_list())) for model in __models__}
    finally:
        await close_database(ctx)


async def _seed() -> None:
    category = await Category.create(code="seeded", position=1)
    await Category.create(code="other", position=2)
    await Category.filter(id=category.id).delete()  # the sequence moved past a row that is gone


async def test_a_seeded_copy_holds_the_seed_and_new_rows_take_the_next_ids(seeded):
    first = await seeded(_seed, "test-seed")
    seeded_rows = await _rows(first)
    ctx = await open_database(first, global_fallback=False)
    await Product.all().delete()
    await Category.create(code="written by a test", position=3)
    await close_database(ctx)

    again = await seeded(_seed, "test-seed")
    restored = await _rows(again)
    ctx = await open_database(again, global_fallback=False)
    new = await Category.create(code="after", position=4)
    await close_database(ctx)

    assert restored == seeded_rows
    assert len(restored["Category"]) == 1 and "written by a test" not in str(restored)
    assert new.id == 3  # after the seed's two categories, whatever was written since


@pytest.mark.postgres_only
async def test_the_postgresql_test_database_does_not_wait_for_its_commits_to_reach_the_disk(database_url):
    conn = await asyncpg.connect(database_url.replace("postgres://", "postgresql://", 1))
    try:
        setting = await conn.fetchval("SHOW synchronous_commit")
    finally:
        await conn.close()

    assert setting == "off"


@pytest.mark.parametrize("fixtures, keywords, uses", [
    (("feria_clock", "tmp_path"), {}, False),
    (("feria_clock", "db", "database_url", "migrated_database"), {}, True),
    (("feria_clock", "demo_database_url"), {}, True),
    (("feria_clock", "chain"), {}, True),
    (("feria_clock",), {"postgres_only": True}, True),
    (("feria_clock", "demo_database_url"), {"engine_blind": True}, False),
    (("feria_clock",), {"postgres_only": True, "engine_blind": True}, True),
])
def test_only_tests_using_a_database_run_in_the_postgresql_pass(fixtures, keywords, uses):
    item = SimpleNamespace(fixturenames=list(fixtures), keywords=keywords)

    assert uses_database(item) is uses


class _Item:
    """What the check reads of a collected test: its id, its module's and its function's name."""

    def __init__(self, nodeid: str, operation_label: str | None = None) -> None:
        self._id = NodeId.parse(nodeid)
        self.parent = SimpleNamespace(nodeid=self._id.path)
        self.originalname = self._id.names[-1]
        if operation_label is not None:
            self.operation_label = operation_label

    @property
    def nodeid(self) -> str:
        return str(self._id)


def test_each_api_operation_schemathesis_tests_gets_an_id_of_its_own():
    items = [_Item("tests/test_api.py::test_api", operation_label=label) for label in ("GET /a", "GET /b")]
    items.append(_Item("tests/test_api.py::test_other[1]"))

    give_each_test_an_id_of_its_own(items)

    assert [item.nodeid for item in items] == [
        "tests/test_api.py::test_api[GET /a]", "tests/test_api.py::test_api[GET /b]", "tests/test_api.py::test_other[1]",
    ]


def test_two_tests_sharing_an_id_stop_the_run():
    with pytest.raises(pytest.UsageError, match=r"tests/test_x.py::test_x\[1\]"):
        give_each_test_an_id_of_its_own([_Item("tests/test_x.py::test_x[1]"), _Item("tests/test_x.py::test_x[1]")])
