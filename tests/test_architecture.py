"""The layers of DESIGN.md hold, each contract a test that names it:

- the domain (market/ outside market/web) never imports telegram or aiohttp;
- pure rules import no models, no services, no tortoise, no presentation;
- the enums module imports nothing of the ORM (nor of Feria);
- the domain never imports the presentation (labels, price texts, charts, the Translator);
- adapters (bot/, market/web, the CLI) import no models beyond the enums: they call services;
- no import cycle between service modules, nor between service packages;
- product code asks the one clock (market/clock.py) for the time.
"""

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


def imported_names(source: str) -> set[str]:
    """Full dotted names of every module a Python source imports (`from a.b import c` gives a.b and a.b.c)."""
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def module_name(relative: Path) -> str:
    return ".".join(relative.with_suffix("").parts).removesuffix(".__init__")


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


# Which modules may import what: `path: module` for each import that breaks a contract.
PURE = ("market/rules", "market/aggregation.py", "market/stock_messages", "market/text.py", "market/spreadsheet.py",
        "market/seal_codes.py", "market/errors.py", "market/enums.py")
NOT_IN_PURE = ("tortoise", "market.models", "market.services", "market.presentation", "market.db", "market.web", "bot")
ADAPTERS = ("bot", "market/web", "market/cli.py", "market/cli_common.py", "market/cli_seals.py", "market/cli_prices.py",
            "market/cli_tokens.py", "market/cli_operators.py", "serve.py")


def _sources(root: Path, prefixes: tuple[str, ...]) -> list[tuple[Path, str]]:
    found = []
    for prefix in prefixes:
        path = root / prefix
        files = [path] if path.suffix == ".py" else sorted(path.rglob("*.py"))
        found += [(f.relative_to(root), f.read_text(encoding="utf-8")) for f in files if f.exists()]
    return found


def _breaks(root: Path, prefixes: tuple[str, ...], forbidden, allowed=()) -> list[str]:
    broken = []
    for relative, source in _sources(root, prefixes):
        for name in sorted(imported_names(source)):
            if any(name == f or name.startswith(f + ".") for f in forbidden) and not any(
                    name == a or name.startswith(a + ".") for a in allowed):
                broken.append(f"{relative}: {name}")
    return broken


def test_pure_rules_import_no_models_services_tortoise_or_presentation():
    assert _breaks(ROOT, PURE, NOT_IN_PURE) == []


def test_the_enums_module_imports_nothing_of_the_orm_nor_of_feria():
    assert _breaks(ROOT, ("market/enums.py",), ("tortoise", "market", "babel", "aiohttp", "telegram")) == []


def test_the_domain_never_imports_the_presentation():
    domain = [str(p.relative_to(ROOT)) for p in sorted((ROOT / "market").iterdir())
              if p.name not in ("web", "presentation", "__pycache__") and not p.name.startswith("cli")]
    assert _breaks(ROOT, tuple(domain), ("market.presentation",)) == []


def test_adapters_import_no_models_beyond_the_enums():
    assert _breaks(ROOT, ADAPTERS, ("market.models",)) == []


def import_graph(root: Path, package: str = "market/services") -> dict[str, set[str]]:
    """Each module under `package` and the modules of that package it imports."""
    prefix = package.replace("/", ".")
    graph = {module_name(relative): set() for relative, _ in _sources(root, (package,))}
    for relative, source in _sources(root, (package,)):
        graph[module_name(relative)] = {n for n in imported_names(source) if n in graph and n != module_name(relative)
                                        and n != prefix}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one node (Tarjan), each sorted: every import cycle."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph.get(node, ())):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                other = stack.pop()
                on_stack.discard(other)
                component.append(other)
                if other == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def package_graph(graph: dict[str, set[str]], depth: int = 3) -> dict[str, set[str]]:
    """The same imports between packages (market.services.<package>), a package's own imports left out."""
    def package(module: str) -> str:
        return ".".join(module.split(".")[:depth])

    packages: dict[str, set[str]] = {}
    for module, imports in graph.items():
        packages.setdefault(package(module), set()).update(package(i) for i in imports if package(i) != package(module))
    return packages


def test_service_modules_import_no_cycle():
    assert cycles(import_graph(ROOT)) == []


def test_service_packages_import_no_cycle():
    assert cycles(package_graph(import_graph(ROOT))) == []


def test_the_cycle_check_finds_a_cycle_between_modules_and_between_packages(tmp_path):
    services = tmp_path / "market" / "services"
    for package, module, source in [("stock", "publishing", "from market.services.alerts.fanout import owe"),
                                    ("alerts", "fanout", "from market.services.alerts.names import same"),
                                    ("alerts", "names", "from market.services.stock.publishing import x")]:
        (services / package).mkdir(parents=True, exist_ok=True)
        (services / package / f"{module}.py").write_text(source)
    graph = import_graph(tmp_path)

    assert cycles(graph) == [["market.services.alerts.fanout", "market.services.alerts.names",
                              "market.services.stock.publishing"]]
    (services / "alerts" / "names.py").write_text("from market.services.stock.offers import x")
    (services / "stock" / "offers.py").write_text("")
    graph = import_graph(tmp_path)
    assert cycles(graph) == []
    assert cycles(package_graph(graph)) == [["market.services.alerts", "market.services.stock"]]


@pytest.mark.parametrize(("prefixes", "path", "source"), [
    (PURE, "market/rules/rounds.py", "from market.models import OrderRound"),
    (PURE, "market/rules/rounds.py", "from tortoise.expressions import Q"),
    (PURE, "market/text.py", "import market.services.catalog.browse"),
    (ADAPTERS, "bot/flows/cart.py", "from market.models.orders import Order"),
    (ADAPTERS, "market/web/pages/products.py", "from market.models import Product"),
])
def test_the_layer_checks_catch_an_import_across_a_contract(tmp_path, prefixes, path, source):
    (tmp_path / path).parent.mkdir(parents=True)
    (tmp_path / path).write_text(source + "\nfrom market.enums import OfferStatus\n")
    forbidden = NOT_IN_PURE if prefixes is PURE else ("market.models",)

    assert {b.split(":")[0] for b in _breaks(tmp_path, prefixes, forbidden)} == {path}




def test_no_product_module_is_over_400_lines_but_generated_migrations():
    long = [f"{relative}: {source.count(chr(10))}" for relative, source in _sources(ROOT, ("market", "bot"))
            if relative.parts[:2] != ("market", "migrations") and source.count("\n") > 400]
    assert long == []
