"""requirements.lock holds every package pyproject.toml asks for, at a version it allows, each with its hashes."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent


def locked() -> dict[str, tuple[str, int]]:
    """name → (version, number of hashes) of each package in requirements.lock."""
    text = (ROOT / "requirements.lock").read_text()
    entries = re.split(r"\n(?=[A-Za-z0-9])", text)
    found = {}
    for entry in entries:
        if match := re.match(r"([A-Za-z0-9_.\-]+)==([^\s\\;]+)", entry):
            found[canonicalize_name(match[1])] = (match[2], entry.count("--hash=sha256:"))
    return found


def asked() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return [Requirement(spec) for spec in project["dependencies"] + project["optional-dependencies"]["test"]]


def test_every_package_pyproject_asks_for_is_locked_at_a_version_it_allows():
    packages = locked()

    missing = [str(r) for r in asked() if canonicalize_name(r.name) not in packages]
    outside = [f"{r} (locked {packages[canonicalize_name(r.name)][0]})" for r in asked()
               if canonicalize_name(r.name) in packages
               and not r.specifier.contains(packages[canonicalize_name(r.name)][0], prereleases=True)]

    assert missing == [], "run `make lock` after changing pyproject.toml's dependencies"
    assert outside == [], "run `make lock` after changing pyproject.toml's dependencies"


def test_every_locked_package_has_hashes():
    packages = locked()

    assert len(packages) > 50  # the transitive ones too, not only the direct
    assert [name for name, (_, hashes) in packages.items() if hashes == 0] == []
