"""GEXF and GraphML as the tools users open them read them.

Gephi Lite's own parsers (graphology-gexf, graphology-graphml, pinned in
package-lock.json) are run by node on our files; the GEXF is validated
against the official GEXF 1.3 XSD (tests/export/schemas/gexf-1.3, CC BY 4.0).
"""

from __future__ import annotations

import json
import subprocess
from collections import Counter

import pytest
from lxml import etree

from ecosysteme.export import export_model
from ecosysteme.io import load_valid
from ecosysteme.projections.graph import to_networkx
from ecosysteme.viz.mapdata import map_data
from ecosysteme.viz.style import CATEGORIES, EDGE_STYLES
from ecosysteme.vocab import LINK_TYPES
from tests.conftest import ROOT
from tests.export.dated import write_dated

SCHEMA = ROOT / "tests" / "export" / "schemas" / "gexf-1.3" / "gexf.xsd"
READER = ROOT / "tests" / "export" / "graphology_read.js"
SYMMETRIC = {k for k, lt in LINK_TYPES.items() if lt.symmetric}


def rgb(hex_color: str) -> str:
    """A map colour as graphology-gexf reports a GEXF colour."""
    return "rgb({},{},{})".format(*(int(hex_color[i:i + 2], 16) for i in (1, 3, 5)))


def read_with_graphology(fmt: str, path) -> dict:
    done = subprocess.run(["node", str(READER), fmt, str(path)], capture_output=True, text=True, timeout=120,
                          check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def reseau_model():
    return load_valid(ROOT / "data" / "reseau", dataset="reseau")


@pytest.fixture(scope="module", params=["petit", "reseau"])
def exported(request, tmp_path_factory, small_model, reseau_model):
    """(model, output folder) for the small fixture and the bundled network data."""
    model = small_model if request.param == "petit" else reseau_model
    out = tmp_path_factory.mktemp(f"graphes-{request.param}")
    export_model(model, out, ["gexf", "graphml"])
    return model, out


@pytest.fixture(scope="module")
def schema():
    return etree.XMLSchema(etree.parse(str(SCHEMA)))


def test_gexf_is_valid_against_the_official_xsd(exported, schema):
    _, out = exported
    doc = etree.parse(str(out / "graphe.gexf"))
    assert schema.validate(doc), "\n".join(str(e) for e in schema.error_log[:20])
    assert doc.getroot().get("version") == "1.3"


def test_the_xsd_rejects_a_relation_type_in_edge_type(exported, schema, tmp_path):
    """What the GEXF writer used to do (``type="porte"``) is caught: the validation is not vacuous."""
    _, out = exported
    text = (out / "graphe.gexf").read_text(encoding="utf-8")
    text = text.replace(' kind="porte" type="directed"', ' type="porte"', 1)
    assert ' type="porte"' in text
    (tmp_path / "casse.gexf").write_text(text, encoding="utf-8")
    assert not schema.validate(etree.parse(str(tmp_path / "casse.gexf")))


@pytest.mark.parametrize("fmt", ["gexf", "graphml"])
def test_gephi_lite_parsers_keep_every_edge_and_its_direction(exported, fmt):
    model, out = exported
    g = to_networkx(model)
    read = read_with_graphology(fmt, out / f"graphe.{fmt}")
    assert read["order"] == g.number_of_nodes()
    assert read["size"] == g.number_of_edges()
    assert len({e["key"] for e in read["edges"]}) == g.number_of_edges()  # unique edge ids
    expected = Counter((u, v, d["type"]) for u, v, d in g.edges(data=True))
    found = Counter()
    for e in read["edges"]:
        kind = e["attributes"]["relation"]
        assert e["undirected"] == (kind in SYMMETRIC), e
        if fmt == "gexf":
            assert e["attributes"]["kind"] == kind
        # an undirected edge may come back with its ends swapped
        ends = (e["source"], e["target"])
        if e["undirected"] and (*ends, kind) not in expected:
            ends = ends[::-1]
        found[(*ends, kind)] += 1
    assert found == expected
    assert read["type"] == "mixed"  # partnerships undirected, the rest directed


def test_parallel_edges_of_different_types_are_all_kept(reseau_model, tmp_path):
    export_model(reseau_model, tmp_path, ["gexf", "graphml"])
    g = to_networkx(reseau_model)
    pairs = Counter(frozenset((u, v)) for u, v in g.edges())
    parallel = {p for p, n in pairs.items() if n > 1}
    assert parallel  # the bundled data has some: the test checks something
    for fmt in ("gexf", "graphml"):
        read = read_with_graphology(fmt, tmp_path / f"graphe.{fmt}")
        assert read["multi"], fmt
        kept = Counter(frozenset((e["source"], e["target"])) for e in read["edges"])
        assert all(kept[p] == pairs[p] for p in parallel), fmt


def test_gexf_draws_what_the_map_draws(exported):
    model, out = exported
    read = read_with_graphology("gexf", out / "graphe.gexf")
    data = map_data(model)
    nodes = data["nodes"]
    assert nodes["id"]
    for ident, cat, size, x, y in zip(nodes["id"], nodes["cat"], nodes["size"], nodes["x"], nodes["y"], strict=True):
        attrs = read["nodes"][ident]
        assert attrs["color"] == rgb(CATEGORIES[cat].color), ident
        assert attrs["size"] == size, ident
        assert (attrs["x"], attrs["y"]) == (x, -y), ident  # Gephi's y axis points up, the page's down
        assert attrs["shape"] == {"dot": "disc"}.get(CATEGORIES[cat].shape, CATEGORIES[cat].shape)
    for e in read["edges"]:
        style = EDGE_STYLES.get(e["attributes"]["relation"])
        if style is None:  # territorial links: not drawn on the map, no colour
            assert "color" not in e["attributes"]
            continue
        assert e["attributes"]["color"] == rgb(style.color)
        assert e["attributes"]["thickness"] == style.width
        assert e["attributes"]["shape"] == ("solid" if not style.dashes else ("dotted" if style.dashes[0] <= 2
                                                                            else "dashed"))


@pytest.mark.parametrize("fmt", ["gexf", "graphml"])
def test_attributes_are_typed(tmp_path, small_model, fmt):
    export_model(small_model, tmp_path, [fmt])
    read = read_with_graphology(fmt, tmp_path / f"graphe.{fmt}")
    funding = [e for e in read["edges"] if e["attributes"]["relation"] == "financement"]
    assert [e["attributes"]["montant"] for e in funding] == [1500.5]  # a number, not the text "1500.5"
    assert isinstance(read["nodes"]["commune:35238"]["population"], int)
    rameau = read["nodes"]["rameau"]
    assert rameau["natures_ingenierie"] == "catalyse|management_projets"  # French names, as in the CSV
    assert (rameau["categorie"], rameau["monde"], rameau["echelon"]) == ("acteur", "associations", "national")
    assert read["nodes"]["commune:35238"]["niveau_territorial"] == "commune"
    assert "besoins" not in rameau  # no empty value for an empty list


def test_dated_relations_give_gephi_a_timeline(tmp_path, small_model):
    export_model(small_model, tmp_path, ["gexf"])
    root = etree.parse(str(tmp_path / "graphe.gexf")).getroot()
    ns = {"g": "http://gexf.net/1.3"}
    graph = root.find("g:graph", ns)
    assert (graph.get("mode"), graph.get("timeformat")) == ("dynamic", "date")
    dated = [e for e in graph.iterfind("g:edges/g:edge", ns) if e.get("start")]
    assert dated and all(len(e.get("start")) == 10 for e in dated)


def test_dates_kept_at_the_year_or_the_month_span_their_period_on_the_timeline(tmp_path, schema):
    src = write_dated(tmp_path / "jeu", "2021", "02/2024")
    export_model(load_valid(src, dataset="dates"), tmp_path / "sortie", ["gexf"])
    path = tmp_path / "sortie" / "graphe.gexf"
    schema.assertValid(etree.parse(str(path)))
    edge = next(e for e in etree.parse(str(path)).getroot().iter("{http://gexf.net/1.3}edge")
                if e.get("kind") == "financement")
    assert (edge.get("start"), edge.get("end")) == ("2021-01-01", "2024-02-29")
    values = {v.get("value") for v in edge.iter("{http://gexf.net/1.3}attvalue")}
    assert {"2021", "2024-02"} <= values  # the attributes keep the precision the source gave
    graph = read_with_graphology("gexf", path)
    assert len(graph["edges"]) == len(etree.parse(str(path)).getroot().findall(".//{http://gexf.net/1.3}edge"))
