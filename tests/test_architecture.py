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
