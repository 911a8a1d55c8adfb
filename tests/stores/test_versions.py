"""Published versions: kept, listed, opened read-only by name, pruned; their source tables kept and read back."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ecosysteme.errors import StoreError
from ecosysteme.io import load_valid
from ecosysteme.stores.rdfstore import RdfStore, build_store
from tests.stores.conftest import BORD, write_tables


def actors(store: RdfStore) -> set[str]:
    rows = store.query("SELECT ?n WHERE { ?a a eco:Acteur ; rdfs:label ?n }").rows
    return {r[0].value for r in rows}


def cli(*args):
    return subprocess.run([sys.executable, "-m", "ecosysteme", *map(str, args)], capture_output=True, text=True,
                          timeout=300)


@pytest.fixture
def two_versions(make_store, tmp_path):
    """A store with two versions of the dataset ``bord`` published from their folders (one actor added)."""
    path = make_store()
    v1 = write_tables(tmp_path / "v1" / "bord", BORD)
    rows = [*BORD["acteurs"], ["nouvel-acteur", "Nouvel acteur", "association", "", "local", "commune:40001"]]
    v2 = write_tables(tmp_path / "v2" / "bord", {**BORD, "acteurs": rows})
    names = []
    for folder in (v1, v2):
        build_store(path, load_valid(folder), tables=folder)
        with RdfStore.open(path) as store:
            names.append(store.version)
    return path, names, (v1, v2)


def test_each_version_opens_read_only_as_published(two_versions):
    path, (old, new), _ = two_versions
    with RdfStore.open(path, version=old) as a, RdfStore.open(path) as b:
        assert a.version == old and b.version == new and a.pinned and not b.pinned
        assert actors(b) - actors(a) == {"Nouvel acteur"}
        assert a.refresh() is False and a.version == old  # a pinned version is never switched
        with pytest.raises(StoreError, match="lecture seule"):
            a.update("INSERT DATA { <https://example.org/a> <https://example.org/p> 1 }")


def test_sparql_command_on_a_version(two_versions):
    path, (old, _new), _ = two_versions
    query = 'ASK { ?a rdfs:label "Nouvel acteur" }'
    results = [cli("sparql", "-m", path, *args, query, "--format", "csv", "-q") for args in
               (("--version", old), ())]
    assert [r.returncode for r in results] == [0, 0], [r.stderr for r in results]
    assert [r.stdout.strip().splitlines()[-1] for r in results] == ["false", "true"]
    wrong = cli("sparql", "-m", path, "--version", "v000099", query)
    assert wrong.returncode == 2 and "pas de version « v000099 »" in wrong.stderr and old in wrong.stderr


def test_unknown_version_lists_the_existing_ones(two_versions):
    path, (old, new), _ = two_versions
    for wrong in ("v999999", "../versions", "actuel"):
        with pytest.raises(StoreError) as err:
            RdfStore.open(path, version=wrong)
        assert f"pas de version « {wrong} »" in str(err.value)
        assert "versions disponibles : " in str(err.value) and old in str(err.value) and new in str(err.value)


def test_listing_and_fingerprints(two_versions):
    path, (old, new), _ = two_versions
    versions = {v.name: v for v in RdfStore.versions(path)}
    assert versions[new].current and not versions[old].current
    assert versions[new].graphs["bord"] > versions[old].graphs["bord"]
    assert versions[new].triples == sum(versions[new].graphs.values())
    assert versions[old].fingerprint != versions[new].fingerprint and len(versions[new].fingerprint) == 64
    assert versions[new].datasets_with_tables == ("bord",)
    # the fingerprint is the one the description graph gives for the version
    with RdfStore.open(path) as store:
        rows = store.query(f"""SELECT ?f WHERE {{ GRAPH <https://w3id.org/ecosysteme/graphe/description> {{
            ?v dcat:version "{new}" ; dcterms:isVersionOf ?m ; spdx:checksum/spdx:checksumValue ?f }} }}""").rows
    assert [r[0].value for r in rows] == [versions[new].fingerprint]
    result = cli("magasin", "versions", "-m", path)
    assert result.returncode == 0, result.stderr
    assert f"{new}  publiée le " in result.stdout and "(ACTUELLE)" in result.stdout
    assert f"empreinte {versions[old].fingerprint}" in result.stdout and "bord : " in result.stdout


def test_kept_tables_are_the_validated_files(two_versions):
    path, (old, _new), (v1, _v2) = two_versions
    with RdfStore.open(path, version=old) as store:
        dataset, tables = store.tables()
        assert dataset == "bord"
        assert sorted(p.name for p in tables.iterdir()) == sorted(p.name for p in v1.iterdir())
        for f in v1.iterdir():
            assert (tables / f.name).read_bytes() == f.read_bytes()
        assert load_valid(tables, dataset=dataset) == load_valid(v1)
        with pytest.raises(StoreError, match="ne garde pas les tableaux du jeu « autre »"):
            store.tables("autre")
    meta = json.loads((path / "versions" / old / "sources" / "bord" / "source.json").read_text(encoding="utf-8"))
    assert meta["origine"] == str(v1.resolve()) and meta["jeu"] == "bord"


def test_tables_follow_the_graph(two_versions, small_model):
    path, (_old, new), _ = two_versions
    build_store(path, small_model)  # another dataset, loaded without tables: bord's are carried over
    with RdfStore.open(path) as store:
        assert store.tables()[0] == "bord"
    with RdfStore.write(path) as writer:
        writer.update("INSERT DATA { GRAPH <https://example.org/g> { <https://example.org/a> "
                      "<https://example.org/p> 1 } }")
    with RdfStore.open(path) as store, pytest.raises(StoreError, match="ne garde les tableaux d'aucun jeu"):
        store.tables()
    # an update that keeps every triple count still changes the version's fingerprint
    with RdfStore.write(path) as writer:
        writer.update('DELETE { GRAPH ?g { ?a rdfs:label "Nouvel acteur" } } INSERT { GRAPH ?g { ?a rdfs:label '
                      '"Acteur renommé" } } WHERE { GRAPH ?g { ?a rdfs:label "Nouvel acteur" } }')
    last, before = RdfStore.versions(path)[-1], RdfStore.versions(path)[-2]
    assert last.graphs == before.graphs and last.fingerprint != before.fingerprint
    with RdfStore.open(path, version=new) as store:
        assert store.tables()[0] == "bord"  # the published version is never rewritten


def test_prune_keeps_the_newest_the_current_and_those_being_read(two_versions, small_model):
    path, (_old, _new), _ = two_versions
    build_store(path, small_model)
    names = [v.name for v in RdfStore.versions(path)]
    assert len(names) == 4  # the base store's version, the two of bord, this one
    with RdfStore.open(path, version=names[1]):
        removed, busy = RdfStore.prune(path, keep=1)
        assert removed == [names[0], names[2]] and busy == [names[1]]
    with pytest.raises(StoreError, match="pas de version"):
        RdfStore.open(path, version=names[0])
    result = cli("magasin", "nettoyer", "-m", path, "--garder", "1")
    assert result.returncode == 0, result.stderr
    assert f"1 version(s) supprimée(s) : {names[1]}." in result.stderr
    assert [v.name for v in RdfStore.versions(path)] == [names[3]]
    result = cli("magasin", "nettoyer", "-m", path, "--garder", "0")
    assert result.returncode == 2 and "--garder" in result.stderr and "Traceback" not in result.stderr


def test_magasin_charger_keeps_the_tables(make_store, tmp_path):
    path = make_store()
    folder = write_tables(tmp_path / "bord", BORD)
    result = cli("magasin", "charger", folder, "-m", path, "-q")
    assert result.returncode == 0, result.stderr
    with RdfStore.open(path) as store:
        dataset, tables = store.tables()
        assert dataset == "bord" and (tables / "acteurs.csv").read_bytes() == (folder / "acteurs.csv").read_bytes()


def test_a_workbook_is_kept_and_reads_back_the_same(make_store):
    workbook = Path(__file__).resolve().parents[1] / "fixtures" / "classeur.xlsx"
    model, report = load_valid(workbook, with_report=True)
    path = make_store()
    build_store(path, model, tables=workbook)
    with RdfStore.open(path) as store:
        dataset, tables = store.tables()
        assert dataset == model.dataset and tables.name == "classeur.xlsx"
        again, again_report = load_valid(tables, dataset=dataset, with_report=True)
    assert again == model and again_report.completeness == report.completeness


def test_a_new_version_shares_the_unchanged_files_of_the_previous_one(two_versions):
    """Versions are kept because they are cheap: Oxigraph's checkpoint hard-links the files that did not change."""
    path, (old, new), _ = two_versions
    old_files = {f.stat().st_ino: f.stat().st_size for f in (path / "versions" / old / "oxigraph").rglob("*")
                 if f.is_file()}
    new_files = {f.stat().st_ino: f.stat().st_size for f in (path / "versions" / new / "oxigraph").rglob("*")
                 if f.is_file()}
    shared = sum(size for inode, size in new_files.items() if inode in old_files)
    # the territories graph (≈ 290,000 triples) did not change between the two: most bytes are shared
    assert shared > 0.5 * sum(new_files.values()), (shared, sum(new_files.values()))
