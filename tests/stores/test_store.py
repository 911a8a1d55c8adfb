"""The persistent store: named graphs, reopening, atomic replacement, queries and dumps."""

from __future__ import annotations

import dataclasses
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from ecosysteme.errors import QueryError, StoreError
from ecosysteme.projections.rdf import ONTOLOGY_GRAPH, TERRITORIES_GRAPH, dataset_graph_iri
from ecosysteme.stores.rdfstore import QueryRefused, RdfStore, ResultTooLarge, build_store, library
from ecosysteme.vocab import TERRITORY_NS, territory_iri

ROOT = Path(__file__).resolve().parents[2]


def count(store: RdfStore, where: str, **kw) -> int:
    return int(store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}", **kw).rows[0][0].value)


def test_graphs_of_a_built_store(shared_store, small_model):
    with RdfStore.open(shared_store) as store:
        graphs = {g.name: g for g in store.graphs()}
        assert set(graphs) == {"territoires", "ontologie", "description", "petit", "bord", "reseau"}
        assert graphs["petit"].iri == dataset_graph_iri("petit") and graphs["petit"].kind == "jeu"
        # every real territory, once: 5 levels, Rennes among the communes
        assert count(store, f"GRAPH <{TERRITORIES_GRAPH}> {{ ?t a eco:Commune }}") > 34_000
        rennes = store.query(f"SELECT ?nom WHERE {{ <{territory_iri('commune', '35238')}> rdfs:label ?nom }}")
        assert [r[0].value for r in rennes.rows] == ["Rennes"]
        assert count(store, f"GRAPH <{ONTOLOGY_GRAPH}> {{ eco:Acteur a owl:Class }}") == 1
        # the dataset graphs leave the territories to the territories graph (no double counting)
        assert count(store, f"GRAPH <{dataset_graph_iri('petit')}> {{ ?t ?p ?o "
                            f"FILTER (STRSTARTS(STR(?t), '{TERRITORY_NS}')) }}") == 0
        assert count(store, f"<{territory_iri('commune', '35238')}> eco:inclusDans ?parent") == 2
        assert graphs["petit"].triples == count(store, f"GRAPH <{dataset_graph_iri('petit')}> {{ ?s ?p ?o }}")


def test_queries_see_the_union_unless_told_otherwise(shared_store):
    with RdfStore.open(shared_store) as store:
        everything = count(store, "?a a eco:Acteur")
        petit = dataset_graph_iri("petit")
        assert everything == 5 + 7 + 90
        # FROM in the query is respected
        assert int(store.query(f"SELECT (COUNT(*) AS ?n) FROM <{petit}> WHERE {{ ?a a eco:Acteur }}")
                   .rows[0][0].value) == 5
        # the protocol's dataset wins over FROM
        assert count(store, "?a a eco:Acteur", default_graphs=[dataset_graph_iri("bord")]) == 7


def test_reopening_does_not_rebuild(shared_store):
    first = RdfStore.open(shared_store)
    version = first.version
    first.close()
    stamp = (shared_store / "ACTUEL").stat().st_mtime_ns
    with RdfStore.open(shared_store) as again:
        assert again.version == version
        assert count(again, "?a a eco:Acteur") == 102
    assert (shared_store / "ACTUEL").stat().st_mtime_ns == stamp


def test_missing_or_foreign_store(tmp_path):
    with pytest.raises(StoreError, match="n'est pas un magasin"):
        RdfStore.open(tmp_path / "absent")
    (tmp_path / "autre").mkdir()
    (tmp_path / "autre" / "fichier.txt").write_text("x")
    with pytest.raises(StoreError, match="n'est pas vide"), RdfStore.write(tmp_path / "autre"):
        pass


def test_a_failed_load_leaves_the_previous_graph(make_store, small_model):
    path = make_store(small_model)
    before = RdfStore.open(path)
    version, petit = before.version, before.graph("petit").triples
    before.close()
    good = "<https://example.org/a> <https://example.org/p> \"1\" .\n" * 3
    bad = good + "<https://example.org/b> <https://example.org/p> \"non terminé\n" + good
    with pytest.raises(StoreError, match="données RDF invalides"), RdfStore.write(path) as writer:
        writer.replace_graph(dataset_graph_iri("petit"), bad, kind="jeu")
    with RdfStore.open(path) as after:
        assert after.version == version
        assert after.graph("petit").triples == petit
        assert count(after, "?a a eco:Acteur") == 5
    # an error raised by the caller after a successful replacement is not published either
    with pytest.raises(RuntimeError), RdfStore.write(path) as writer:
        writer.replace_graph(dataset_graph_iri("petit"), good, kind="jeu")
        raise RuntimeError("interrompu")
    with RdfStore.open(path) as after:
        assert after.version == version and count(after, "?a a eco:Acteur") == 5


def test_a_killed_load_leaves_the_previous_graph(make_store, small_model, tmp_path):
    path = make_store(small_model)
    with RdfStore.open(path) as before:
        version = before.version
    ready = tmp_path / "pret"
    script = textwrap.dedent(f"""
        import time
        from pathlib import Path
        from ecosysteme.stores.rdfstore import RdfStore
        from ecosysteme.projections.rdf import dataset_graph_iri
        with RdfStore.write({str(path)!r}) as writer:
            writer.remove_graph(dataset_graph_iri("petit"))
            data = "".join(f"<https://example.org/s{{i}}> <https://example.org/p> \\"{{i}}\\" .\\n"
                           for i in range(20000))
            writer.replace_graph(dataset_graph_iri("petit"), data, kind="jeu")
            Path({str(ready)!r}).write_text("ok")
            time.sleep(60)
    """)
    child = subprocess.Popen([sys.executable, "-c", script])
    try:
        deadline = time.monotonic() + 60
        while not ready.exists():
            assert child.poll() is None, "le processus d'écriture s'est arrêté tout seul"
            assert time.monotonic() < deadline
            time.sleep(0.05)
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=10)
    finally:
        if child.poll() is None:
            child.kill()
    orphans = [p for p in (path / "versions").iterdir() if p.name.startswith(".en-cours-")]
    assert orphans, "the killed writer should have left its unfinished version"
    with RdfStore.open(path) as after:
        assert after.version == version
        assert count(after, "?a a eco:Acteur") == 5
    # the next writer removes the unfinished version and publishes normally
    with RdfStore.write(path) as writer:
        writer.replace_graph("https://example.org/g", "<https://example.org/a> <https://example.org/p> \"1\" .\n")
    assert not [p for p in (path / "versions").iterdir() if p.name.startswith(".en-cours-")]
    with RdfStore.open(path) as after:
        assert after.version != version
        assert count(after, "?a a eco:Acteur") == 5 and after.graph("https://example.org/g").triples == 1


def test_one_writer_at_a_time(make_store):
    path = make_store()
    with RdfStore.write(path), pytest.raises(StoreError, match="déjà en cours d'écriture"), RdfStore.write(path):
        pass


def test_readers_keep_their_snapshot_and_refresh(make_store, small_model, bord_model):
    path = make_store(small_model)
    reader = RdfStore.open(path)
    old = reader.version
    build_store(path, bord_model)
    assert count(reader, "?a a eco:Acteur") == 5  # consistent snapshot
    assert reader.refresh() is True and reader.version != old
    assert count(reader, "?a a eco:Acteur") == 12
    assert reader.refresh() is False
    reader.close()
    # published versions are kept (to be cited and compared) until « magasin nettoyer »
    build_store(path, bord_model)
    names = [v.name for v in RdfStore.versions(path)]
    with RdfStore.open(path) as current:
        assert len(names) == 4 and names[-1] == current.version


def test_precomputed_ntriples_one_per_model(tmp_path, small_model, bord_model):
    from ecosysteme.ecosystem import Ecosystem

    models = [small_model, bord_model]
    ecosystems = [Ecosystem(m) for m in models]
    for e in ecosystems:
        assert e.ntriples  # computed for an export: the store reuses the dataset's part
    build_store(tmp_path / "avec", ecosystems)
    build_store(tmp_path / "sans", models)
    query = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
    with RdfStore.open(tmp_path / "avec") as a, RdfStore.open(tmp_path / "sans") as b:
        assert [tuple(map(str, r)) for r in a.query(query).rows] == [tuple(map(str, r)) for r in b.query(query).rows]


def test_precomputed_ntriples_keep_unicode_line_separators(tmp_path, small_model):
    import copy
    from dataclasses import replace

    from ecosysteme.ecosystem import Ecosystem

    model = copy.deepcopy(small_model)
    first = next(iter(model.actors))
    name = "Réseau\u2028ligne\x85suite\x1cfin"  # str.splitlines() would cut at each of these
    model.actors[first] = replace(model.actors[first], name=name)
    e = Ecosystem(model)
    assert e.ntriples
    build_store(tmp_path / "magasin", e)
    with RdfStore.open(tmp_path / "magasin") as store:
        result = store.query("SELECT ?n WHERE { GRAPH ?g { ?a dcterms:identifier ?id ; rdfs:label ?n } "
                             f"FILTER (?id = '{first}') }}")  # a fixture id: no quote in it
        assert [str(row[0].value) for row in result.rows] == [name]


def test_rebuilding_a_dataset_replaces_its_graph(make_store, small_model):
    from ecosysteme.io import load_valid
    from tests.stores.conftest import BORD, write_tables

    path = make_store(small_model)
    tables = {k: [list(r) for r in v] for k, v in BORD.items()}
    tables["acteurs"] = tables["acteurs"][:3]
    tables["relations"] = [tables["relations"][0]]
    tables["programmes"] = [tables["programmes"][0]]
    smaller = load_valid(write_tables(path.parent / "petit-modifie", tables), dataset="petit")
    build_store(path, smaller)
    with RdfStore.open(path) as store:
        assert count(store, "?a a eco:Acteur", default_graphs=[dataset_graph_iri("petit")]) == 2
        assert not store.query("ASK { ?a dcterms:identifier 'rameau' }").value


def test_reserved_dataset_names(make_store, small_model):
    from dataclasses import replace

    path = make_store()
    with pytest.raises(StoreError, match="réservé"), RdfStore.write(path) as writer:
        writer.load_model(replace(small_model, dataset="territoires"))


def test_query_errors_are_clean(shared_store):
    with RdfStore.open(shared_store) as store:
        with pytest.raises(QueryError) as err:
            store.query("SELECT ?a WHERE {\n  ?a a eco:Acteur\n  FILTER(\n}")
        message = str(err.value)
        assert "ligne 4" in message and "colonne" in message
        assert err.value.line == 4  # type: ignore[attr-defined]
        with pytest.raises(QueryRefused, match="SERVICE"):
            store.query("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }")
        with pytest.raises(QueryRefused, match="mise à jour"):
            store.query("INSERT DATA { <http://a> <http://b> 1 }")
        with pytest.raises(ResultTooLarge, match="LIMIT"):
            store.query("SELECT ?a WHERE { ?a a eco:Acteur }", max_results=10)
        assert len(store.query("SELECT ?a WHERE { ?a a eco:Acteur } LIMIT 10", max_results=10)) == 10


def test_update_in_a_writer(make_store, small_model):
    path = make_store(small_model)
    with RdfStore.write(path) as writer:
        writer.update("INSERT DATA { GRAPH <https://example.org/notes> { <https://example.org/a> rdfs:label 'x' } }")
        with pytest.raises(QueryRefused):
            writer.update("LOAD <http://127.0.0.1:9/data.ttl>")
    with RdfStore.open(path) as store:
        info = store.graph("https://example.org/notes")
        assert info is not None and info.triples == 1 and info.kind == "autre"


@pytest.mark.parametrize("fmt", ["ttl", "nt", "jsonld", "rdfxml"])
def test_dumps_parse_back(shared_store, fmt):
    with RdfStore.open(shared_store) as store:
        info = store.graph("petit")
        data = store.dump(info.iri, fmt)
    rdf_format = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD,
                  "rdfxml": ox.RdfFormat.RDF_XML}[fmt]
    triples = set(ox.parse(data, format=rdf_format))
    assert len(triples) == info.triples


def test_memory_store(small_model):
    store = RdfStore.memory()
    store.ensure_reference_graphs()
    store.load_model(small_model)
    assert count(store, "?a a eco:Acteur") == 5
    assert {g.name for g in store.graphs()} == {"territoires", "ontologie", "petit"}
    with pytest.raises(StoreError):
        store.replace_graph("https://example.org/g", "<https://example.org/a> <p> .\n")
    assert count(store, "?a a eco:Acteur") == 5


def test_every_shipped_query_is_documented_and_consistent():
    from ecosysteme.stores.rdfstore._lexer import values_blocks

    readme = (ROOT / "ontology" / "queries" / "README.md").read_text(encoding="utf-8")
    for name, query in library().items():
        assert f"`{name}.rq`" in readme, f"{name}.rq n'est pas documentée dans ontology/queries/README.md"
        assert query.title != name and query.description, name
        for param in query.parameters:
            blocks = values_blocks(query.text, param.name)
            assert blocks and len({query.text[a:b].strip() for a, b in blocks}) == 1, (name, param.name)
            assert param.default == query.text[blocks[0][0]:blocks[0][1]].strip()


def test_territories_graph_of_an_older_version_is_rebuilt(make_store):
    from ecosysteme.stores.rdfstore._store import _sha256_files

    """A store built before the territory projection changed gets today's triples (igeo:codeINSEE here)."""
    path = make_store()
    with RdfStore.write(path) as writer:
        # as the previous version left it: the fingerprint of the data files alone, no igeo:codeINSEE
        writer.update("DELETE WHERE { GRAPH <https://w3id.org/ecosysteme/graphe/territoires> "
                      "{ ?t <http://rdf.insee.fr/def/geo#codeINSEE> ?c } }")
        info = writer.graph("territoires")
        old = _sha256_files(sorted((ROOT / "data" / "territoires").glob("*.csv")))
        writer._catalogue[info.iri] = dataclasses.replace(info, fingerprint=old)
    with RdfStore.write(path) as writer:
        assert writer.ensure_reference_graphs() == ["https://w3id.org/ecosysteme/graphe/territoires"]
        assert writer.ensure_reference_graphs() == []  # and then it is up to date
    with RdfStore.open(path) as store:
        assert count(store, "?t <http://rdf.insee.fr/def/geo#codeINSEE> ?c") > 30000
