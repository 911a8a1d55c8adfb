"""Exports: deterministic, atomic, conformant, and re-read by the reference readers."""

from __future__ import annotations

import pyshacl
import pytest
import rdflib
import rdflib.compare

from ecosysteme.export import export_model
from ecosysteme.fs import atomic_write
from ecosysteme.io import load_valid
from ecosysteme.projections.graph import to_networkx
from tests.conftest import FIXTURES, ROOT
from tests.export.dated import write_dated

ECO = rdflib.Namespace("https://w3id.org/ecosysteme/ontologie#")


@pytest.fixture(scope="module")
def outputs(tmp_path_factory, small_model):
    out = tmp_path_factory.mktemp("export")
    export_model(small_model, out)
    return out


def test_same_input_gives_byte_identical_outputs(tmp_path, outputs):
    model = load_valid(FIXTURES / "excel_cp1252", dataset="petit")
    export_model(model, tmp_path)
    for path in outputs.iterdir():
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name
    # nothing depends on the day of the run (networkx stamps GEXF files with it)
    assert b"lastmodifieddate" not in (outputs / "graphe.gexf").read_bytes()


@pytest.mark.parametrize(("name", "fmt"), [("graphe.ttl", "turtle"), ("graphe.nt", "nt"), ("graphe.jsonld", "json-ld")])
def test_rdf_reread_by_rdflib(outputs, name, fmt):
    g = rdflib.Graph()
    g.parse(outputs / name, format=fmt)
    actors = set(g.subjects(rdflib.RDF.type, ECO.Acteur))
    assert len(actors) == 5
    rameau = rdflib.URIRef("https://w3id.org/ecosysteme/id/petit/acteur/rameau")
    cc = rdflib.URIRef("https://w3id.org/ecosysteme/id/petit/acteur/cc-rennes")
    assert (rameau, ECO.partenaireDe, cc) in g and (cc, ECO.partenaireDe, rameau) in g  # symmetric
    rennes = rdflib.URIRef("https://w3id.org/ecosysteme/territoire/commune/35238")
    assert (rennes, ECO.inclusDans, rdflib.URIRef("https://w3id.org/ecosysteme/territoire/epci/243500139")) in g
    amounts = [o.toPython() for o in g.objects(None, ECO.montant)]
    assert [float(a) for a in amounts] == [1500.5]


def test_same_triples_in_every_rdf_format(outputs):
    graphs = []
    for name, fmt in [("graphe.ttl", "turtle"), ("graphe.nt", "nt"), ("graphe.jsonld", "json-ld")]:
        g = rdflib.Graph()
        g.parse(outputs / name, format=fmt)
        graphs.append(g)
    assert rdflib.compare.isomorphic(graphs[0], graphs[1])
    assert rdflib.compare.isomorphic(graphs[0], graphs[2])


def test_graph_satisfies_the_shacl_shapes(outputs):
    data = rdflib.Graph()
    data.parse(outputs / "graphe.ttl")
    data.parse(ROOT / "ontology" / "vocabulaires.ttl")
    data.parse(ROOT / "ontology" / "ecosysteme.ttl")
    shapes = rdflib.Graph().parse(ROOT / "ontology" / "formes.ttl")
    conforms, _, text = pyshacl.validate(data, shacl_graph=shapes, inference="rdfs")
    assert conforms, text


def test_shacl_catches_a_broken_graph(outputs):
    data = rdflib.Graph()
    data.parse(outputs / "graphe.ttl")
    data.parse(ROOT / "ontology" / "vocabulaires.ttl")
    rameau = rdflib.URIRef("https://w3id.org/ecosysteme/id/petit/acteur/rameau")
    data.add((rameau, ECO.monde, rdflib.URIRef("https://w3id.org/ecosysteme/vocabulaire/echelon/local")))
    shapes = rdflib.Graph().parse(ROOT / "ontology" / "formes.ttl")
    conforms, _, _ = pyshacl.validate(data, shacl_graph=shapes)
    assert not conforms


@pytest.mark.parametrize("name", ["graphe.graphml", "graphe.gexf"])
def test_graph_formats_hold_every_node_and_edge(outputs, small_model, name):
    """Counted with a namespace-aware XML parser; Gephi Lite's readers: see test_graph_readers.py.

    networkx cannot re-read them: it refuses graphs that mix directed and
    undirected edges, and partnerships are undirected.
    """
    from lxml import etree

    root = etree.parse(str(outputs / name)).getroot()
    ns = root.nsmap[None]
    original = to_networkx(small_model)
    assert len(root.findall(f".//{{{ns}}}node")) == original.number_of_nodes()
    edges = root.findall(f".//{{{ns}}}edge")
    assert len(edges) == original.number_of_edges()
    assert len({e.get("id") for e in edges}) == len(edges)


def test_csv_nodes_and_edges(outputs, small_model):
    nodes = (outputs / "noeuds.csv").read_text(encoding="utf-8-sig").splitlines()
    edges = (outputs / "liens.csv").read_text(encoding="utf-8-sig").splitlines()
    g = to_networkx(small_model)
    assert len(nodes) == g.number_of_nodes() + 1 and len(edges) == g.number_of_edges() + 1
    assert nodes[0].startswith("identifiant;nom;categorie;")
    assert "fondation-x;asso-quartier;financement;oui;1500,5;" in "\n".join(edges)  # decimal comma, as Excel writes


def test_networkx_projection_has_provenance_and_territory_hierarchy(small_model):
    g = to_networkx(small_model)
    data = g.edges["fondation-x", "asso-quartier", "financement"]
    assert data["amount"] == 1500.5 and data["provenance"] == "acteurs.csv, ligne 3".replace("acteurs", "relations")
    assert g.has_edge("commune:35238", "epci:243500139")
    assert g.has_edge("epci:243500139", "departement:35")
    assert g.has_edge("departement:35", "region:53") and g.has_edge("region:53", "france")
    assert g.nodes["commune:35238"]["label"] == "Rennes"


def test_atomic_write_keeps_previous_content_on_failure(tmp_path):
    target = tmp_path / "graphe.ttl"
    target.write_text("ancien contenu", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_write(target) as fh:
        fh.write("moitié d'un fichier")
        raise RuntimeError("interruption")
    assert target.read_text(encoding="utf-8") == "ancien contenu"
    assert [p.name for p in tmp_path.iterdir()] == ["graphe.ttl"]  # no temporary file left


def test_interrupted_export_leaves_no_partial_file(tmp_path, small_model, monkeypatch):
    import ecosysteme.export.writers as writers

    def boom(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(writers, "write_gexf", boom)
    with pytest.raises(KeyboardInterrupt):
        export_model(small_model, tmp_path, ["graphml", "gexf"])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graphe.graphml"]


@pytest.mark.parametrize(("written", "canonical"), [
    ("15000.0", "15000"), ("1500.50", "1500.5"), ("0.0", "0"), ("-0.0", "0"), ("00012.3400", "12.34"),
    ("-3.250", "-3.25"), ("7", "7"), (".5", "0.5"), ("20520", "20520")])
def test_decimals_are_written_in_the_canonical_form_rdf_stores_keep(written, canonical):
    import pyoxigraph as ox

    from ecosysteme.projections.rdf import canonical_decimal

    assert canonical_decimal(written) == canonical
    store = ox.Store()
    store.load(f'<urn:s> <urn:p> "{written}"^^<http://www.w3.org/2001/XMLSchema#decimal> .',
               format=ox.RdfFormat.N_TRIPLES)
    assert next(iter(store)).object.value == canonical  # Oxigraph's own canonical form


def test_dates_kept_at_the_year_or_the_month_satisfy_the_shapes(tmp_path):
    """A year alone or a month is kept at its precision (xsd:gYear / xsd:gYearMonth) and the shapes accept it."""
    src = write_dated(tmp_path / "jeu", "2021", "03/2022")
    out = tmp_path / "sortie"
    export_model(load_valid(src, dataset="dates"), out)
    data = rdflib.Graph().parse(out / "graphe.ttl")
    kinds = {o.datatype for p in (ECO.dateDebut, ECO.dateFin) for o in data.objects(None, p)}
    assert kinds == {rdflib.XSD.gYear, rdflib.XSD.gYearMonth}
    data.parse(ROOT / "ontology" / "vocabulaires.ttl")
    data.parse(ROOT / "ontology" / "ecosysteme.ttl")
    shapes = rdflib.Graph().parse(ROOT / "ontology" / "formes.ttl")
    conforms, _, text = pyshacl.validate(data, shacl_graph=shapes, inference="rdfs")
    assert conforms, text
    # A date written as plain text still breaks the shape.
    link = next(data.subjects(ECO.dateDebut, None))
    data.set((link, ECO.dateDebut, rdflib.Literal("2021")))
    conforms, _, _ = pyshacl.validate(data, shacl_graph=shapes, inference="rdfs")
    assert not conforms
