"""Fixtures of the map, territory-view and radar tests: real models and a page-waiting helper."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser import wait_for
from tests.conftest import FIXTURES, ROOT

RESEAU = ROOT / "data" / "reseau"

#: Strings that would run script if a page put them into markup.
XSS_NAME = "<img src=x onerror=alert(1)>"
XSS_WEBSITE = 'https://exemple.fr/"><img src=x onerror=alert(2)>'
XSS_DESCRIPTION = "</script><script>alert(3)</script><!--"


def wait_map(page, timeout: float = 60.0) -> None:
    """Wait until the map is drawn and stable (``window.ecoMap.ready``)."""
    wait_for(page, "window.ecoMap !== undefined && window.ecoMap.ready === true", timeout)


@pytest.fixture(scope="session")
def reseau_model():
    from ecosysteme.io import load_valid

    return load_valid(RESEAU, dataset="reseau")


@pytest.fixture(scope="session")
def petit_model():
    from ecosysteme.io import load_valid

    return load_valid(FIXTURES / "excel_cp1252", dataset="petit")


def write_tables(folder: Path, tables: dict[str, str]) -> Path:
    """Write CSV tables (``;``-separated text) into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in tables.items():
        (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def xss_dir(tmp_path_factory) -> Path:
    """An ecosystem whose strings are script payloads (name, website, description, need, programme)."""
    folder = tmp_path_factory.mktemp("xss")
    return write_tables(folder, {
        "acteurs": (
            "id;nom;type;monde;echelon;territoires;besoins;site_web;description\n"
            f"xss;{XSS_NAME};association;associations;local;commune:35238;b1;{XSS_WEBSITE};{XSS_DESCRIPTION}\n"
            "voisin;Bonne Asso & Cie;association;associations;local;commune:35238;;;\n"
        ),
        "programmes": (
            "id;nom;porteurs;themes\n"
            "p1;<svg onload=alert(4)>;xss;continuite_activite\n"
        ),
        "besoins": (
            "id;libelle;theme\n"
            "b1;<iframe src=javascript:alert(5)>;continuite_activite\n"
        ),
        "relations": "source;cible;type\nxss;voisin;partenariat\n",
    })


@pytest.fixture(scope="session")
def xss_model(xss_dir):
    from ecosysteme.io import load_valid

    return load_valid(xss_dir, dataset="<b>jeu</b>")
