"""Shared fixtures: real input files and the bundled data."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
VALID_INPUTS = ["excel_cp1252", "utf8_bom_virgule", "tabulation", "classeur.xlsx"]


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture(scope="session")
def small_model():
    """The small valid ecosystem of tests/fixtures (Excel cp1252 flavour)."""
    from ecosysteme.io import load_valid

    return load_valid(FIXTURES / "excel_cp1252", dataset="petit")


pytest_plugins = ["tests.browser"]
