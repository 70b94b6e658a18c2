"""bench/report.py renders the benches' JSON into BENCHMARKS.md; bench/checkout.py's smoke run oversells nothing.

No benchmark is timed here (speed belongs in bench/): the rendering is fed made-up documents,
and checkout.py runs its `--quick` mode only to check what it counts, not how fast it went.
"""

import importlib.util
import json
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def load(name: str):
    """A bench script as a module (bench/ is a folder of scripts, not a package)."""
    sys.path.insert(0, str(ROOT / "bench"))
    spec = importlib.util.spec_from_file_location(f"bench_{name}", ROOT / "bench" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


report = load("report")
results = load("results")

CATALOG = {
    "name": "catalog", "title": "Catalog search", "command": ".venv/bin/python bench/catalog.py --products 5000",
    "setup": "5000 products", "unit": "req/s", "baseline": "a bare aiohttp handler", "ratio": "search ÷ bare",
    "aim": "at least half", "notes": [],
    "rows": [
        results.row("bare aiohttp JSON handler", 24012.4, 1.0, **{"p50 ms": 1.9, "p99 ms": 4.25}),
        results.row("product search, repeated", 11766.1, 0.49, "bare aiohttp JSON handler",
                    **{"p50 ms": 4.1, "p99 ms": 12.0}),
    ],
}
CHECKOUT = {
    "name": "checkout", "title": "Checkout", "command": ".venv/bin/python bench/checkout.py --people 200",
    "setup": "200 people", "unit": "checkouts/s", "baseline": "sequential", "ratio": "concurrent ÷ sequential",
    "aim": "", "notes": [],
    "rows": [
        results.row("few units, sequential", 239.0, 1.0, placed=50, refused=150, oversold=0.0),
        results.row("few units, concurrent", 250.7, 1.049, "few units, sequential", placed=50, refused=150,
                    oversold=0.0),
    ],
}
MACHINE = [("CPU", "Example CPU @ 2.0GHz"), ("Cores", "2"), ("Note", "other tests shared the CPU")]


def rendered(documents: dict) -> str:
    return report.render(documents, MACHINE, quick=False, started=datetime(2026, 11, 21, 12, 0, tzinfo=timezone.utc))


def test_each_bench_becomes_a_section_with_its_command_baseline_and_a_table_of_ratios():
    text = rendered({"catalog": CATALOG, "checkout": CHECKOUT})

    assert "Run 2026-11-21 12:00 UTC." in text
    assert "- CPU: Example CPU @ 2.0GHz" in text and "- Note: other tests shared the CPU" in text
    assert "## Catalog search against a bare aiohttp handler" in text
    assert "    .venv/bin/python bench/catalog.py --products 5000" in text
    assert "- Baseline: a bare aiohttp handler." in text
    lines = text.splitlines()
    assert [[cell.strip() for cell in line.split("|")[1:4]] for line in lines if "search, repeated" in line] == [
        ["product search, repeated", "11,766", "0.49×"]
    ]
    assert any("bare aiohttp JSON handler" in line and "baseline" in line and "24,012" in line for line in lines)
    concurrent = next(line for line in lines if line.startswith("| few units, concurrent"))
    assert [cell.strip() for cell in concurrent.split("|")[1:-1]] == [
        "few units, concurrent", "251", "1.05×", "50", "150", "0.00"
    ]


def test_table_columns_line_up_so_the_markdown_reads_in_a_terminal():
    table = report.table(CHECKOUT)

    assert table[0].split("|")[1:-1] == [
        " subject               ", " checkouts/s ", "    ratio ", " placed ", " refused ", " oversold "
    ]
    assert len({len(line) for line in table}) == 1


def test_without_wrk_the_catalog_section_says_it_was_not_run_and_how_to_install_it(monkeypatch, tmp_path):
    monkeypatch.setattr(report.shutil, "which", lambda program: None)
    catalog = next(job for job in report.JOBS if job.name == "catalog")

    document = report.run_job(catalog, quick=True, directory=tmp_path)
    text = rendered({"catalog": document, "checkout": CHECKOUT})

    assert "**not run: wrk missing (apt-get install -y wrk)**" in text
    assert "few units, concurrent" in text


def test_only_picks_benches_by_name_or_script():
    assert [job.name for job in report.selected("checkout")] == ["checkout", "checkout_sqlite"]
    assert [job.name for job in report.selected("fanout,checkout_sqlite")] == ["fanout", "checkout_sqlite"]


def test_quick_checkout_on_sqlite_places_exactly_the_stock_and_oversells_nothing(tmp_path):
    out = tmp_path / "checkout.json"

    subprocess.run([sys.executable, str(ROOT / "bench" / "checkout.py"), "--database", "sqlite", "--quick",
                    "--json", str(out)], cwd=ROOT, check=True, capture_output=True, timeout=60)

    rows = {row["subject"]: row for row in json.loads(out.read_text())["rows"]}
    assert all(row["extra"]["oversold"] == 0 and row["extra"]["errors"] == 0 for row in rows.values())
    few = rows["few units, concurrent"]["extra"]
    assert (few["placed"], few["refused"], few["stock"]) == (5, 15, "5 → 0")
    assert rows["plenty, concurrent"]["extra"]["placed"] == 2 * 20, "its two mirrored runs, each placing all 20"
    assert rows["plenty, concurrent"]["ratio"] > 0
