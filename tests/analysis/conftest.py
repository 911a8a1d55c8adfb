"""Fixtures of the analysis tests: the hand-made mini ecosystem (real CSV files, real validation)."""

from __future__ import annotations

import pytest

from tests.analysis.mini import load_mini


@pytest.fixture(scope="session")
def mini(tmp_path_factory):
    return load_mini(tmp_path_factory.mktemp("mini"))


@pytest.fixture(scope="session")
def mini_eco(mini):
    """The mini ecosystem with its cached indexes, shared by the tests that ask many questions."""
    from ecosysteme.ecosystem import Ecosystem

    return Ecosystem(mini)


@pytest.fixture(scope="session")
def reseau():
    from ecosysteme.io import load_valid
    from tests.conftest import ROOT

    return load_valid(ROOT / "data" / "reseau")
