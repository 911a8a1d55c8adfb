"""Stores for the RDF tests: a base store with the reference graphs, copied per test.

Loading every real territory takes seconds, so it happens once per session;
each test copies that store (a folder) and loads its own datasets into the copy.

The hand-made ecosystem ``bord`` sits on the CC d'Aire-sur-l'Adour
(epci:200030435), an EPCI that spans the Gers (32, Occitanie) and the Landes
(40, Nouvelle-Aquitaine): it checks that a commune never reaches the other
département through its EPCI, and every rule of docs/questions.md.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

BORD = {
    "acteurs": [
        ["id", "nom", "type", "monde", "echelon", "territoires"],
        ["asso-aire", "Association d'Aire", "association", "", "local", "commune:40001"],
        ["mairie-barcelonne", "Mairie de Barcelonne-du-Gers", "collectivite", "", "local", "commune:32027"],
        ["entreprise-adour", "Entreprise de l'Adour", "entreprise", "", "intercommunal", "epci:200030435"],
        ["fondation-occitanie", "Fondation Occitanie", "financeur", "", "regional", "region:76"],
        ["reseau-national", "Réseau national", "reseau", "", "national", "france"],
        ["labo-landes", "Laboratoire des Landes", "recherche", "", "departemental", "departement:40"],
        ["etat-hors-sol", "Service de l'État sans territoire", "institution", "", "", ""],
    ],
    "programmes": [
        ["id", "nom", "porteurs", "themes", "besoins", "echelon", "territoires"],
        ["p-national", "Programme national", "reseau-national", "consolidation_mse", "", "national", "france"],
        ["p-occitanie", "Programme Occitanie", "fondation-occitanie", "", "b-gers", "regional", "region:76"],
        ["p-landes", "Programme Landes", "", "mobilisation_competences", "", "departemental", "departement:40"],
        ["p-nulle-part", "Programme sans territoire", "", "", "b-aire", "", ""],
        ["p-barcelonne", "Programme de Barcelonne", "", "acces_information", "", "local", "commune:32027"],
    ],
    "besoins": [
        ["id", "libelle", "theme", "territoires"],
        ["b-aire", "Besoin d'Aire-sur-l'Adour", "continuite_activite", "commune:40001"],
        ["b-gers", "Besoin du Gers", "alliances_strategiques", "departement:32"],
        ["b-partout", "Besoin sans territoire", "consolidation_mse", ""],
        ["b-nouvelle-aquitaine", "Besoin de Nouvelle-Aquitaine", "mobilisation_competences", "region:75"],
        ["b-barcelonne", "Besoin de Barcelonne", "acces_information", "commune:32027"],
    ],
    "relations": [
        ["source", "cible", "type", "montant"],
        ["asso-aire", "entreprise-adour", "partenariat", ""],
        ["labo-landes", "p-landes", "relais", ""],
        ["asso-aire", "p-barcelonne", "relais", ""],
        ["fondation-occitanie", "mairie-barcelonne", "financement", "1000"],
        ["mairie-barcelonne", "reseau-national", "membre_de", ""],
        ["entreprise-adour", "labo-landes", "accompagne", ""],
        ["etat-hors-sol", "asso-aire", "partenariat", ""],
    ],
}


def write_tables(folder: Path, tables: dict[str, list[list[str]]]) -> Path:
    """Write tables as ``;`` CSV files (what a French spreadsheet exports)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        with (folder / f"{name}.csv").open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh, delimiter=";").writerows(rows)
    return folder


@pytest.fixture(scope="session")
def bord_dir(tmp_path_factory) -> Path:
    return write_tables(tmp_path_factory.mktemp("tables") / "bord", BORD)


@pytest.fixture(scope="session")
def bord_model(bord_dir):
    from ecosysteme.io import load_valid

    return load_valid(bord_dir, dataset="bord")


@pytest.fixture(scope="session")
def reseau_model():
    from ecosysteme.io import load_valid

    return load_valid(ROOT / "data" / "reseau")


@pytest.fixture(scope="session")
def base_store(tmp_path_factory) -> Path:
    """A store holding only the territories and ontology graphs (built once)."""
    from ecosysteme.stores.rdfstore import RdfStore

    path = tmp_path_factory.mktemp("base") / "magasin"
    with RdfStore.write(path) as writer:
        writer.ensure_reference_graphs()
    return path


@pytest.fixture
def make_store(base_store, tmp_path):
    """``make_store(*models)``: a fresh store (copy of the base) with these datasets loaded."""
    from ecosysteme.stores.rdfstore import build_store

    counter = iter(range(1000))

    def make(*models, name: str | None = None) -> Path:
        path = tmp_path / (name or f"magasin{next(counter)}")
        shutil.copytree(base_store, path)
        if models:
            build_store(path, list(models))
        return path

    return make


@pytest.fixture(scope="session")
def shared_store(base_store, tmp_path_factory, small_model, bord_model, reseau_model) -> Path:
    """One read-only store with the three datasets, for tests that only query."""
    from ecosysteme.stores.rdfstore import build_store

    path = tmp_path_factory.mktemp("partage") / "magasin"
    shutil.copytree(base_store, path)
    build_store(path, [small_model, bord_model, reseau_model])
    return path
