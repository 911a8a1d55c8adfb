"""The library as a notebook user meets it: a cheap import, one Ecosystem object, one error tree."""

from __future__ import annotations

import ast
import subprocess
import sys

import pytest

from tests.conftest import ROOT

HEAVY = ("pandas", "numpy", "networkx", "rdflib", "pyoxigraph", "sklearn", "scipy", "numba", "matplotlib", "neo4j")


def test_importing_the_package_loads_no_heavy_library():
    out = subprocess.run([sys.executable, "-X", "importtime", "-c", "import ecosysteme, ecosysteme.cli"],
                         capture_output=True, text=True, check=True).stderr
    loaded = {line.rsplit("|", 1)[1].strip() for line in out.splitlines() if "|" in line}
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))
    assert "ecosysteme.errors" in loaded  # the probe reads what it should


def test_lazy_names_resolve_to_the_real_functions():
    import ecosysteme
    from ecosysteme.io import load

    assert ecosysteme.load is load
    assert ecosysteme.analysis.__name__ == "ecosysteme.analysis"


def test_every_exception_class_lives_in_errors_py():
    """User-facing exceptions are defined once, in errors.py (private control-flow ones aside)."""
    elsewhere = []
    for path in (ROOT / "src" / "ecosysteme").rglob("*.py"):
        if path.name == "errors.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and not node.name.startswith("_") and any(
                    (isinstance(b, ast.Name) and (b.id.endswith(("Error", "Exception")) or b.id == "KeyError"))
                    for b in node.bases):
                elsewhere.append(f"{path.relative_to(ROOT)}:{node.name}")
    assert not elsewhere, elsewhere


def test_the_notebook_api_of_issue_11(tmp_path):
    """What a notebook user writes, end to end, on the bundled fictional example."""
    import ecosysteme as eco

    e = eco.read(ROOT / "data" / "exemple-epci")
    text = repr(e)
    assert "\n" not in text and len(text) < 200 and "220 acteurs" in text and "478 relations" in text
    actors = e.actors
    assert actors.index.name == "id" and len(actors) == 220 and actors.loc["le-rameau", "name"] == "Le RAMEAU"
    assert all(":" in t or t == "france" for t in actors.loc["le-rameau", "territories"])
    assert len(e.relations) == 478 and {"source", "target", "type"} <= set(e.relations.columns)
    assert e.programmes.index.name == "id" and len(e.programmes) == 22
    assert e.graph is e.graph and e.graph.number_of_nodes() > 220  # cached networkx graph
    st = e.to_store()
    rows = st.run("q1_besoins_non_couverts", territoire="epci:242900835").to_dataframe()
    assert len(rows) > 0  # the territories and the ontology are there: the shipped query just works
    cov = eco.analysis.coverage(e)
    frame = cov.to_frame()
    assert len(frame) == len(cov.rows) > 0 and {"besoin", "territoire", "statut"} <= set(frame.columns)
    gaps = eco.analysis.find_gaps(e, "epci:242900835").to_frame()
    assert {"genre", "territoire", "priorite", "rang"} <= set(gaps.columns) and len(gaps) > 0
    view = e.map(centre="le-rameau")
    shown = view._repr_html_()
    assert shown.startswith("<iframe") and "srcdoc=" in shown and "&lt;!doctype html&gt;" in shown.lower()
    assert view.save(tmp_path / "carte.html").read_text(encoding="utf-8") == view.html
    written = e.export(tmp_path / "sortie", formats=["ttl", "gexf"])
    assert sorted(p.name for p in written) == ["graphe.gexf", "graphe.ttl"]


def test_reading_invalid_tables_raises_with_the_report(tmp_path):
    import ecosysteme as eco

    (tmp_path / "acteurs.csv").write_text("id;nom;type\na1;X;licorne\n", encoding="utf-8")
    with pytest.raises(eco.ValidationFailed) as caught:
        eco.read(tmp_path)
    assert caught.value.report.errors[0].column == "type"


def test_analyses_take_an_ecosystem_and_share_its_indexes():
    import ecosysteme as eco
    from ecosysteme.analysis import coverage, find_gaps

    e = eco.read(ROOT / "data" / "reseau")
    find_gaps(e)
    presence = e.presence
    coverage(e)
    assert e.presence is presence and e.fragility is e.fragility
    assert eco.analysis.neighbourhood(e, "le-rameau", 1) == eco.analysis.neighbourhood(e.model, "le-rameau", 1)


def test_french_wording_helpers():
    from ecosysteme.text import count_fr, de, level_article, que

    assert (de("Albi"), de("Morlaix"), de("Office des loisirs"), de("Hérouville")) == (
        "d'Albi", "de Morlaix", "d'Office des loisirs", "d'Hérouville")
    assert (que("l'EPCI"), que("la commune")) == ("que l'EPCI", "que la commune")
    assert (count_fr(0, "paire"), count_fr(1, "paire"), count_fr(2, "paire"), count_fr(3, "morceau", "morceaux")) == (
        "0 paire", "1 paire", "2 paires", "3 morceaux")
    assert level_article("epci") == "l'EPCI" and level_article("commune") == "la commune"
