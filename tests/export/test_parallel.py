"""The parallel export (graph formats in a forked child) writes the same bytes as the serial one."""

from __future__ import annotations

import multiprocessing

import pytest

from ecosysteme.export import DEFAULT_FORMATS, EXPORT_FORMATS, export_model
from ecosysteme.export.writers import PARALLEL_FROM
from ecosysteme.synth import synthetic_model

pytestmark = pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(),
                                reason="the parallel export needs fork")

ALL_FILES = sorted(n for f in DEFAULT_FORMATS for n in ((EXPORT_FORMATS[f],) if isinstance(EXPORT_FORMATS[f], str)
                                                   else EXPORT_FORMATS[f]))


@pytest.fixture(scope="module")
def model():
    m = synthetic_model(4200)  # ~4 200 actors + ~21 000 relations: above PARALLEL_FROM
    assert len(m.actors) + len(m.relations) >= PARALLEL_FROM
    return m


@pytest.fixture(scope="module")
def serial(tmp_path_factory, model):
    out = tmp_path_factory.mktemp("serie")
    written = export_model(model, out, parallel=False)
    return out, written


def _leftovers(out):
    return sorted(p.name for p in out.rglob("*") if p.name.startswith("."))


def test_parallel_and_serial_write_the_same_bytes(tmp_path, model, serial):
    ref, ref_written = serial
    steps = []
    written = export_model(model, tmp_path, parallel=True, progress=steps.append)
    assert [p.name for p in written] == [p.name for p in ref_written]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*ALL_FILES, "manifeste.json"])
    for name in [*ALL_FILES, "manifeste.json"]:
        assert (tmp_path / name).read_bytes() == (ref / name).read_bytes(), name
    # N-Triples and Turtle run here; JSON-LD and the graph formats are reported from the children
    assert steps == ["N-Triples", "Turtle"]
    assert multiprocessing.active_children() == []


def test_large_model_goes_parallel_by_default_with_same_bytes(tmp_path, model, serial):
    ref, _ = serial
    steps = []
    export_model(model, tmp_path, progress=steps.append)
    if steps != ["N-Triples", "Turtle"]:  # a single-core machine keeps the serial path
        assert steps == ["N-Triples", "Turtle", "JSON-LD", "GraphML", "GEXF", "CSV"]
    for name in ALL_FILES:
        assert (tmp_path / name).read_bytes() == (ref / name).read_bytes(), name


def test_graph_formats_alone_stay_in_process(tmp_path, model, serial):
    ref, _ = serial
    steps = []
    export_model(model, tmp_path, ["gexf", "csv"], parallel=True, progress=steps.append)
    assert steps == ["GEXF", "CSV"]  # nothing to share the work with: no child
    for name in ("graphe.gexf", "noeuds.csv", "liens.csv"):
        assert (tmp_path / name).read_bytes() == (ref / name).read_bytes(), name


def test_rdf_alone_writes_json_ld_in_a_child_with_same_bytes(tmp_path, model, serial):
    ref, _ = serial
    steps = []
    written = export_model(model, tmp_path, ["nt", "ttl", "jsonld"], parallel=True, progress=steps.append)
    assert [p.name for p in written] == ["graphe.nt", "graphe.ttl", "graphe.jsonld"]
    assert steps == ["N-Triples", "Turtle"]
    for name in ("graphe.nt", "graphe.ttl", "graphe.jsonld"):
        assert (tmp_path / name).read_bytes() == (ref / name).read_bytes(), name
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graphe.jsonld", "graphe.nt", "graphe.ttl", "manifeste.json"]


def test_error_in_the_json_ld_child_is_raised_and_leaves_no_partial_file(tmp_path, model, serial):
    ref, _ = serial
    (tmp_path / "graphe.jsonld").mkdir()
    with pytest.raises(IsADirectoryError) as info:
        export_model(model, tmp_path, ["nt", "ttl", "jsonld"], parallel=True)
    assert any("JSON-LD" in note for note in getattr(info.value, "__notes__", []))
    assert _leftovers(tmp_path) == []  # neither the child's temporary file nor the scratch folder
    for name in ("graphe.nt", "graphe.ttl"):
        assert (tmp_path / name).read_bytes() == (ref / name).read_bytes(), name
    assert multiprocessing.active_children() == []


def test_error_in_the_child_is_raised_and_leaves_no_partial_file(tmp_path, model, serial):
    ref, _ = serial
    (tmp_path / "graphe.gexf").mkdir()  # the child cannot rename its finished GEXF onto a folder
    with pytest.raises(IsADirectoryError) as info:
        export_model(model, tmp_path, parallel=True)
    assert any("processus fils" in note for note in getattr(info.value, "__notes__", []))
    assert (tmp_path / "graphe.gexf").is_dir() and not any((tmp_path / "graphe.gexf").iterdir())
    assert _leftovers(tmp_path) == []  # no temporary file left behind
    # what was written before the failure is complete: every RDF file, and GraphML (written before GEXF)
    for name in ("graphe.nt", "graphe.ttl", "graphe.jsonld", "graphe.graphml"):
        assert (tmp_path / name).read_bytes() == (ref / name).read_bytes(), name
    assert not (tmp_path / "noeuds.csv").exists() and not (tmp_path / "liens.csv").exists()
    assert multiprocessing.active_children() == []


def test_error_here_stops_the_child_and_leaves_no_partial_file(tmp_path, model, serial):
    ref, _ = serial
    (tmp_path / "graphe.nt").mkdir()  # the N-Triples, first of the RDF formats, fail here
    with pytest.raises(IsADirectoryError):
        export_model(model, tmp_path, parallel=True)
    assert multiprocessing.active_children() == []  # the child was stopped and reaped
    assert _leftovers(tmp_path) == []
    # the child may have finished some graph files before it was stopped: those are whole
    for name in ("graphe.graphml", "graphe.gexf", "noeuds.csv", "liens.csv"):
        path = tmp_path / name
        assert not path.exists() or path.read_bytes() == (ref / name).read_bytes(), name
