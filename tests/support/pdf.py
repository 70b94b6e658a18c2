"""A PDF's text as a viewer shows it, read by poppler's pdftotext (installed by .ci/run where missing)."""

from __future__ import annotations

import subprocess


def pdf_text(pdf: bytes) -> str:
    """The text of every page, in reading order, spaces collapsed (so a test's words need not know the layout)."""
    done = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True)
    return " ".join(done.stdout.decode("utf-8").split())
