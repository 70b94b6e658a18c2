"""The layers of DESIGN.md hold: outside market/web, market never imports telegram or aiohttp."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = ("telegram", "aiohttp")


def imported_modules(source: str) -> set[str]:
    """Top-level names of every module a Python source imports, however it imports them."""
    modules = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            modules.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules.add(node.module.split(".")[0])
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) in (
            "import_module",
            "__import__",
        ):
            if node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
                modules.add(node.args[0].value.split(".")[0])
    return modules


def adapter_imports_in_domain(root: Path) -> list[str]:
    """`path: module` for every import of an adapter library in market/ outside market/web/."""
    leaks = []
    for path in sorted((root / "market").rglob("*.py")):
        relative = path.relative_to(root)
        if relative.parts[:2] == ("market", "web"):
            continue
        for module in sorted(imported_modules(path.read_text(encoding="utf-8")) & set(FORBIDDEN)):
            leaks.append(f"{relative}: {module}")
    return leaks


def test_the_domain_never_imports_telegram_or_aiohttp():
    assert adapter_imports_in_domain(ROOT) == []


@pytest.mark.parametrize(
    "source",
    ["import telegram", "from telegram.ext import Application", "import aiohttp.web as w",
     "def f():\n    from aiohttp import web", "importlib.import_module('telegram.ext')"],
)
def test_the_import_check_catches_a_service_that_imports_an_adapter(tmp_path, source):
    (tmp_path / "market" / "services").mkdir(parents=True)
    (tmp_path / "market" / "services" / "orders.py").write_text(source)
    (tmp_path / "market" / "web").mkdir()
    (tmp_path / "market" / "web" / "views.py").write_text("from aiohttp import web")

    leaks = adapter_imports_in_domain(tmp_path)

    assert len(leaks) == 1 and leaks[0].startswith("market/services/orders.py: ")


# The one clock (market/clock.py): nothing else in the product asks the wall clock or the database's.
CLOCK_MODULE = Path("market/clock.py")
PRODUCT = ("market", "bot", "config")
_WALL_CALLS = {("datetime", "now"), ("datetime", "utcnow"), ("datetime", "today"), ("date", "today"),
               ("time", "time"), ("time", "time_ns"), ("time", "localtime"), ("time", "gmtime"), ("time", "ctime")}
_SQL_CLOCKS = ("now()", "current_timestamp", "current_date", "localtimestamp", "'now'")


def _dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    return ""


def wall_clock_uses(source: str) -> list[str]:
    """What in `source` reads the wall clock without market.clock: `datetime.now()`, `date.today()`,
    `time.time` (called or handed on), `from time import time`, an auto_now field, SQL's now()."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute):
            owner = _dotted(node.value).rsplit(".", 1)[-1]
            if (owner, node.attr) in _WALL_CALLS:
                found.append(f"{_dotted(node)} (line {node.lineno})")
        elif isinstance(node, ast.ImportFrom) and node.module in ("time", "datetime"):
            found += [f"from {node.module} import {a.name} (line {node.lineno})" for a in node.names
                      if (node.module, a.name) in _WALL_CALLS]
        elif isinstance(node, ast.keyword) and node.arg in ("auto_now", "auto_now_add"):
            if isinstance(node.value, ast.Constant) and node.value.value is True:
                found.append(f"{node.arg}=True (line {node.value.lineno})")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if any(word in node.value.lower() for word in _SQL_CLOCKS):
                found.append(f"the database's clock in {node.value[:40]!r} (line {node.lineno})")
    return found


def wall_clock_readers(root: Path) -> list[str]:
    """`path: use` for every wall-clock read in product code outside market/clock.py (and the models'
    stamp fields, which are tortoise's auto_now made to read market.clock; migrations only describe)."""
    paths = [root / "serve.py"] + [p for top in PRODUCT for p in sorted((root / top).rglob("*.py"))]
    readers = []
    for path in paths:
        relative = path.relative_to(root)
        if not path.exists() or relative == CLOCK_MODULE or relative.parts[:2] == ("market", "migrations"):
            continue
        uses = wall_clock_uses(path.read_text(encoding="utf-8"))
        if relative == Path("market/models/base.py"):
            uses = [u for u in uses if not u.startswith("auto_now")]
        readers += [f"{relative}: {use}" for use in uses]
    return readers


def test_product_code_asks_the_one_clock_for_the_time():
    assert wall_clock_readers(ROOT) == []


@pytest.mark.parametrize(
    "source",
    ["from datetime import datetime, timezone\nx = datetime.now(timezone.utc)", "import datetime as dt\ndt.date.today()",
     "import datetime\ndatetime.datetime.utcnow()", "import time\nstarted = time.time()",
     "from time import time", "import time\ndef f(clock=time.time): pass",
     "from tortoise import fields\nat = fields.DatetimeField(auto_now_add=True)",
     "SQL = 'UPDATE notification SET sent_at = NOW() WHERE id = $1'"],
)
def test_the_clock_check_catches_each_way_of_reading_the_wall_clock(tmp_path, source):
    (tmp_path / "market" / "services").mkdir(parents=True)
    (tmp_path / "market" / "services" / "orders.py").write_text(source)
    (tmp_path / "market" / "clock.py").write_text("import datetime\ndatetime.datetime.now(datetime.timezone.utc)")
    (tmp_path / "bot").mkdir()
    (tmp_path / "bot" / "timer.py").write_text("import time\ntime.monotonic()\nfrom market import clock\nclock.now()")

    readers = wall_clock_readers(tmp_path)

    assert len(readers) == 1 and readers[0].startswith("market/services/orders.py: ")
