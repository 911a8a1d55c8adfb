"""CSV exports: stable documented headers, UTF-8 with BOM, and the flavours Gephi, Kumu and neo4j-admin import."""

from __future__ import annotations

import csv
import io

import pytest

from ecosysteme.export import export_model
from ecosysteme.export.tables import (
    CSV_FILES,
    EDGE_COLUMNS,
    GEPHI_EDGE_COLUMNS,
    GEPHI_NODE_COLUMNS,
    KUMU_CONNECTION_COLUMNS,
    KUMU_ELEMENT_COLUMNS,
    NEO4J_FILES,
    NODE_COLUMNS,
)
from ecosysteme.io import load_valid
from ecosysteme.projections.graph import to_networkx
from ecosysteme.projections.neo4j import graph_rows
from ecosysteme.vocab import LINK_TYPES
from tests.conftest import ROOT

FLAVOURS = ["csv", "gephi", "kumu", "neo4j-admin"]
SYMMETRIC = {k for k, lt in LINK_TYPES.items() if lt.symmetric}
HEADERS = {
    "noeuds.csv": NODE_COLUMNS, "liens.csv": EDGE_COLUMNS,
    "gephi-noeuds.csv": GEPHI_NODE_COLUMNS, "gephi-liens.csv": GEPHI_EDGE_COLUMNS,
    "kumu-elements.csv": KUMU_ELEMENT_COLUMNS, "kumu-connexions.csv": KUMU_CONNECTION_COLUMNS,
}


def read(path, delimiter=","):
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), f"{path.name} sans BOM"
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=delimiter))


@pytest.fixture(scope="module")
def reseau_model():
    return load_valid(ROOT / "data" / "reseau", dataset="reseau")


@pytest.fixture(scope="module")
def petit(tmp_path_factory, small_model):
    out = tmp_path_factory.mktemp("tables-petit")
    export_model(small_model, out, FLAVOURS)
    return small_model, out


@pytest.fixture(scope="module")
def reseau(tmp_path_factory, reseau_model):
    out = tmp_path_factory.mktemp("tables-reseau")
    export_model(reseau_model, out, FLAVOURS)
    return reseau_model, out


def test_same_headers_in_the_same_order_whatever_the_data(petit, reseau):
    for name, header in HEADERS.items():
        lines = [(out / name).read_text(encoding="utf-8-sig").splitlines()[0] for _, out in (petit, reseau)]
        delimiter = ";" if name in CSV_FILES["csv"] else ","
        assert lines[0] == lines[1] == delimiter.join(header), name
    for name in NEO4J_FILES:
        assert (petit[1] / name).read_text(encoding="utf-8-sig").splitlines()[0] == \
            (reseau[1] / name).read_text(encoding="utf-8-sig").splitlines()[0], name


def test_every_column_is_documented():
    doc = (ROOT / "docs" / "exports.md").read_text(encoding="utf-8")
    for header in HEADERS.values():
        for column in header:
            assert f"`{column}`" in doc, column
    for name in [n for names in CSV_FILES.values() for n in names] + list(NEO4J_FILES):
        assert f"`{name}`" in doc, name


def test_people_csv_holds_every_node_and_edge(reseau):
    model, out = reseau
    g = to_networkx(model)
    nodes = read(out / "noeuds.csv", ";")
    edges = read(out / "liens.csv", ";")
    assert [n["identifiant"] for n in nodes] == [str(n) for n in g.nodes]
    assert len(edges) == g.number_of_edges()
    assert all(e["oriente"] == ("non" if e["relation"] in SYMMETRIC else "oui") for e in edges)
    territories = [n for n in nodes if n["categorie"] == "territoire"]
    assert territories and all(n["niveau_territorial"] and not n["echelon"] for n in territories)


def test_gephi_pair(reseau):
    model, out = reseau
    g = to_networkx(model)
    nodes = read(out / "gephi-noeuds.csv")
    edges = read(out / "gephi-liens.csv")
    ids = {n["Id"] for n in nodes}
    assert len(ids) == len(nodes) == g.number_of_nodes()
    assert len({e["Id"] for e in edges}) == len(edges) == g.number_of_edges()
    for e in edges:
        assert e["Source"] in ids and e["Target"] in ids
        assert e["Type"] == ("Undirected" if e["Kind"] in SYMMETRIC else "Directed")
        assert e["Label"] == LINK_TYPES[e["Kind"]].label_fr
    assert {e["Kind"] for e in edges} >= {"partenariat", "porte"}


def test_kumu_pair_names_elements_by_id(reseau):
    model, out = reseau
    elements = read(out / "kumu-elements.csv")
    connections = read(out / "kumu-connexions.csv")
    ids = {e["ID"] for e in elements}
    assert len(ids) == len(elements)
    assert {e["Type"] for e in elements} == {"Acteur", "Programme", "Besoin", "Territoire"}
    assert len(connections) == to_networkx(model).number_of_edges()
    assert all(c["From"] in ids and c["To"] in ids for c in connections)
    assert all(c["Direction"] == ("undirected" if c["Type"] in SYMMETRIC else "directed") for c in connections)


def test_amounts_are_numbers_in_every_flavour(petit):
    _, out = petit
    funding = [e for e in read(out / "liens.csv", ";") if e["relation"] == "financement"]
    assert [e["montant"] for e in funding] == ["1500,5"]
    for name, kind in (("gephi-liens.csv", "Kind"), ("kumu-connexions.csv", "Type")):
        assert [e["montant"] for e in read(out / name) if e[kind] == "financement"] == ["1500.5"]
    rels = read(out / "neo4j-relations.csv")
    assert [r["montant:double"] for r in rels if r[":TYPE"] == "FINANCEMENT"] == ["1500.5"]


def test_neo4j_admin_files_hold_the_rows_neo4j_push_writes(reseau):
    model, out = reseau
    rows = graph_rows(model)
    ids: set[str] = set()
    labels = 0
    for name in NEO4J_FILES[:-1]:
        nodes = read(out / name)
        ids |= {n["uid:ID"] for n in nodes}
        labels += len(nodes)
        assert all(n[":LABEL"] for n in nodes)
    assert labels == len(ids) == len(rows.nodes) + len(rows.territories)
    rels = read(out / NEO4J_FILES[-1])
    assert len(rels) == len(rows.rels) + len(rows.inclusions)
    assert all(r[":START_ID"] in ids and r[":END_ID"] in ids for r in rels)
    assert {r[":TYPE"] for r in rels} >= {"PARTENARIAT", "INCLUS_DANS", "INTERVIENT_SUR"}
