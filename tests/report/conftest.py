"""Fixtures of the report tests: the mini ecosystem with a hostile actor name."""

from __future__ import annotations

import pytest

from tests.analysis.mini import XSS_NAME, load_mini, write_mini


@pytest.fixture(scope="session")
def hostile_dir(tmp_path_factory):
    return write_mini(tmp_path_factory.mktemp("hostile"), seul=XSS_NAME)


@pytest.fixture(scope="session")
def hostile(tmp_path_factory):
    return load_mini(tmp_path_factory.mktemp("hostile-model"), seul=XSS_NAME)


@pytest.fixture(scope="session")
def hostile_report(hostile):  # the mini ecosystem with a hostile name, without suggestions
    from ecosysteme.report import build_gap_report

    return build_gap_report(hostile, suggestions=0)


@pytest.fixture(scope="session")
def reseau():
    from ecosysteme.io import load_valid
    from tests.conftest import ROOT

    return load_valid(ROOT / "data" / "reseau")
