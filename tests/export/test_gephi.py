"""Our GEXF, GraphML and Gephi CSV opened by Gephi itself: the Gephi toolkit 0.10.1 (Maven Central).

``scripts/setup.sh --test`` puts the toolkit in the cache; ``GephiRead.java``
imports a file with Gephi's own importers and prints what Gephi holds.
"""

from __future__ import annotations

import functools
import os
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from ecosysteme.export import export_model
from ecosysteme.io import load_valid
from ecosysteme.projections.graph import to_networkx
from ecosysteme.viz.mapdata import map_data
from ecosysteme.viz.style import CATEGORIES
from ecosysteme.vocab import LINK_TYPES
from tests.conftest import ROOT

READER = ROOT / "tests" / "export" / "GephiRead.java"
SYMMETRIC = {k for k, lt in LINK_TYPES.items() if lt.symmetric}


def toolkit() -> Path:
    cache = Path(os.environ.get("ECOSYSTEME_CACHE", "").strip() or Path.home() / ".cache" / "ecosysteme")
    jar = cache.expanduser() / "gephi-toolkit-0.10.1" / "gephi-toolkit-0.10.1-all.jar"
    assert jar.is_file(), f"Gephi toolkit absent ({jar}) : lancer scripts/setup.sh --test"
    return jar


@functools.cache
def read_with_gephi(path: Path) -> dict:
    """What Gephi holds after importing ``path`` (once per file and session: a JVM start costs seconds)."""
    done = subprocess.run(["java", "-Djava.awt.headless=true", "-Xmx512m", "-cp", str(toolkit()), str(READER),
                           str(path)], capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    read: dict = {"issues": [], "nodes": {}, "edges": []}
    for line in done.stdout.splitlines():
        kind, *cells = line.split("\t")
        if kind == "ISSUE":
            read["issues"].append((cells[0], cells[1]))
        elif kind in ("NODES", "EDGES"):
            read[kind.lower() + "_count"] = int(cells[0])
        elif kind == "NODE":
            ident, label, rgb, size, x, y = cells
            read["nodes"][ident] = {"label": label, "rgb": rgb, "size": float(size), "x": float(x), "y": float(y)}
        elif kind == "EDGE":
            read["edges"].append(tuple(cells[:4]))
            read.setdefault("intervals", []).append(0 if cells[4] == "-" else int(cells[4]))
    return read


@pytest.fixture(scope="module")
def reseau(tmp_path_factory):
    model = load_valid(ROOT / "data" / "reseau", dataset="reseau")
    out = tmp_path_factory.mktemp("gephi")
    export_model(model, out, ["gexf", "graphml", "gephi"])
    return model, to_networkx(model), out


def expected_edges(g) -> Counter:
    """(source, target, type, direction) of every edge, an undirected one with its ends sorted."""
    def ends(u, v, kind):
        return tuple(sorted((u, v))) if kind in SYMMETRIC else (u, v)
    return Counter((*ends(u, v, d["type"]), d["type"], "undirected" if d["type"] in SYMMETRIC else "directed")
                   for u, v, d in g.edges(data=True))


def found_edges(read: dict) -> Counter:
    """The same, from what Gephi holds (kind = Gephi's edge Kind)."""
    return Counter(((*sorted((s, t)),) if direction == "undirected" else (s, t)) + (kind, direction)
                   for s, t, kind, direction in read["edges"])


def test_gephi_opens_the_gexf_without_a_complaint_and_keeps_every_edge(reseau):
    _, g, out = reseau
    read = read_with_gephi(out / "graphe.gexf")
    assert [i for i in read["issues"] if i[0] in ("SEVERE", "WARNING", "CRITICAL")] == []
    assert (read["nodes_count"], read["edges_count"]) == (g.number_of_nodes(), g.number_of_edges())
    assert found_edges(read) == expected_edges(g)  # Kind is the relation type; partnerships undirected
    # dated relations are on Gephi's timeline (one interval each), the others always there
    dated = sum(1 for _, _, d in g.edges(data=True) if d.get("start") or d.get("end"))
    assert dated and sum(read["intervals"]) == dated


def test_gephi_shows_the_maps_picture(reseau):
    model, _, out = reseau
    read = read_with_gephi(out / "graphe.gexf")
    nodes = map_data(model)["nodes"]
    for ident, cat, size, x, y in zip(nodes["id"], nodes["cat"], nodes["size"], nodes["x"], nodes["y"], strict=True):
        shown = read["nodes"][ident]
        color = CATEGORIES[cat].color
        assert shown["rgb"] == ",".join(str(int(color[i:i + 2], 16)) for i in (1, 3, 5)), ident
        assert shown["size"] == pytest.approx(size, abs=1e-3), ident
        assert (shown["x"], shown["y"]) == (pytest.approx(x, abs=1e-2), pytest.approx(-y, abs=1e-2)), ident


def test_gephi_opens_the_graphml_keeping_parallel_edges_and_partnerships_undirected(reseau):
    _, g, out = reseau
    read = read_with_gephi(out / "graphe.graphml")
    assert [i for i in read["issues"] if i[0] in ("SEVERE", "CRITICAL")] == []
    assert (read["nodes_count"], read["edges_count"]) == (g.number_of_nodes(), g.number_of_edges())
    assert found_edges(read) == expected_edges(g)  # the edge's label attribute is Gephi's kind


def test_gephi_spreadsheet_import_reads_the_gephi_csv(reseau):
    _, g, out = reseau
    edges = read_with_gephi(out / "gephi-liens.csv")
    assert [i for i in edges["issues"] if i[0] in ("SEVERE", "CRITICAL")] == []
    assert edges["edges_count"] == g.number_of_edges()  # "Source"/"Target" found despite the BOM
    assert found_edges(edges) == expected_edges(g)
    nodes = read_with_gephi(out / "gephi-noeuds.csv")
    assert nodes["nodes_count"] == g.number_of_nodes()
    assert {i: n["label"] for i, n in nodes["nodes"].items()} == {str(i): a["label"] for i, a in g.nodes(data=True)}
