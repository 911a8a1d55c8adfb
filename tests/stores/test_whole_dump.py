"""The whole store as quads (N-Quads, TriG): every named graph, with its name, re-read by a standard parser."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter

import pyoxigraph as ox

from ecosysteme.stores.rdfstore import RdfStore


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "ecosysteme", "magasin", "exporter", *map(str, args)],
                          capture_output=True, text=True, timeout=600, check=False)


def test_the_whole_store_exports_as_n_quads_and_trig(shared_store, tmp_path):
    with RdfStore.open(shared_store) as db:
        expected = {g.iri: g.triples for g in db.graphs()}
        version = db.version
    done = _cli("-m", shared_store, "--format", "nq", "-o", tmp_path / "tout.nq")
    assert done.returncode == 0, done.stderr
    assert f"(version {version})" in done.stderr
    quads = list(ox.parse(path=str(tmp_path / "tout.nq"), format=ox.RdfFormat.N_QUADS))
    per_graph = Counter(q.graph_name.value for q in quads)
    assert per_graph == expected  # every graph, named, with exactly its triples
    done = _cli("-m", shared_store, "--format", "trig", "-o", tmp_path / "tout.trig")
    assert done.returncode == 0, done.stderr
    trig = set(ox.parse(path=str(tmp_path / "tout.trig"), format=ox.RdfFormat.TRIG))
    assert trig == set(quads)


def test_a_graph_format_needs_a_graph_and_a_quad_format_none(shared_store, tmp_path):
    for args in (["--format", "ttl"], ["bord", "--format", "nq"]):
        done = _cli(*args, "-m", shared_store, "-o", tmp_path / "x")
        assert done.returncode != 0 and "nq ou trig" in done.stderr and "Traceback" not in done.stderr
        assert not (tmp_path / "x").exists()
