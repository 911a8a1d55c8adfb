"""The bulk push to a real Neo4j: shape, constraints, idempotency, increments, pruning, kill-safety, CLI.

Every test writes to its own dataset (``jeu`` fixture) on the session's server.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path

import pytest
from neo4j.exceptions import ConstraintError

from ecosysteme.cli._cypher import parse_parameters
from ecosysteme.io import load_valid
from ecosysteme.stores.neo4j import dataset_counts, graph_rows, push, run_query, schema_statements

pytestmark = pytest.mark.neo4j

ROOT = Path(__file__).resolve().parents[2]
SMALL = ROOT / "tests" / "fixtures" / "utf8_bom_virgule"

#: The 5-actor fixture as Neo4j must hold it (counted by hand from tests/fixtures).
SMALL_COUNTS = {
    "Acteur": 5, "Programme": 1, "Besoin": 1, "Indicateur": 1, "Observation": 3,
    "PARTENARIAT": 1, "FINANCEMENT": 1, "MEMBRE_DE": 1, "PORTE": 1, "RELAIS": 1,
    "REPOND_A": 1,           # prog-kit -> b-emploi (column programmes.besoins)
    "EXPRIME": 2,            # cc-rennes and asso-quartier express b-emploi
    "INTERVIENT_SUR": 6,     # 5 actors + the programme
    "CONCERNE": 1,
    "INDICATEUR": 3, "TERRITOIRE_OBSERVE": 3,
}


def run_cli(*args: object, env: dict[str, str], timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ecosysteme", *map(str, args)], capture_output=True, text=True,
                          env=env, timeout=timeout, cwd=ROOT)


def q(driver, cypher: str, **params):
    return run_query(driver, cypher, params).rows


def copy_small(tmp_path: Path) -> Path:
    target = tmp_path / "jeu"
    shutil.copytree(SMALL, target)
    return target


def write_second_version(src: Path) -> None:
    """Edit a copy of the small fixture: labo renamed and now an association (its class label must change),
    fondation-x and its rows gone, new-one new, one membership gone, the partnership's start date moved."""
    acteurs = (src / "acteurs.csv").read_text(encoding="utf-8-sig").splitlines()
    acteurs = [line.replace("labo,Chaire InterActions,recherche,", "labo,Chaire Interactions 2,association,")
               for line in acteurs if not line.startswith("fondation-x,")]
    acteurs.append("new-one,Nouvelle venue,entreprise,,local,,35238,,,,")
    (src / "acteurs.csv").write_text("\n".join(acteurs) + "\n", encoding="utf-8")
    relations = (src / "relations.csv").read_text(encoding="utf-8-sig").splitlines()
    relations = [line for line in relations if not line.startswith(("fondation-x,", "asso-quartier,rameau"))]
    relations = [line.replace("rameau,cc-rennes,partenariat,,17/04/2020,", "rameau,cc-rennes,partenariat,,18/04/2020,")
                 for line in relations]
    (src / "relations.csv").write_text("\n".join(relations) + "\n", encoding="utf-8")


def snapshot(driver, jeu: str, *, skip: tuple[str, ...] = ()) -> list[tuple]:
    """Every node and relationship of a dataset with all its properties (order-free)."""
    nodes = q(driver, "MATCH (n {jeu: $jeu}) RETURN n.uid, labels(n), properties(n) ORDER BY n.uid", jeu=jeu)
    rels = q(driver, "MATCH (a {jeu: $jeu})-[x]->(b) RETURN a.uid, type(x), b.uid, properties(x)", jeu=jeu)
    norm = [(r[0], sorted(r[1]), sorted((k, v) for k, v in r[2].items() if k not in skip)) for r in nodes]
    norm_rels = sorted((r[0], r[1], r[2], sorted((k, str(v)) for k, v in r[3].items() if k not in skip))
                       for r in rels)
    return [*norm, *norm_rels]


# --------------------------------------------------------------------------
# Rows (pure) and schema
# --------------------------------------------------------------------------


def test_rows_are_deterministic_and_carry_provenance() -> None:
    model = load_valid(SMALL, dataset="petit")
    a, b = graph_rows(model), graph_rows(model)
    assert [n.props for n in a.nodes] == [n.props for n in b.nodes]
    actor = next(n for n in a.nodes if n.uid == "petit/acteur/asso-quartier")
    assert actor.label == "Acteur" and actor.extra_label == "Association"
    assert actor.props["fichier"] == "acteurs.csv" and actor.props["ligne"] == 4
    funding = next(r for r in a.rels if r.type == "FINANCEMENT")
    assert funding.props["montant"] == 1500.5 and funding.props["debut"] == date(2020, 4, 17)
    assert {t.uid for t in a.territories} >= {"france", "region:53", "departement:35", "epci:243500139",
                                             "commune:35238", "region:11"}


def test_constraints_and_indexes_exist(neo4j_driver, jeu: str) -> None:
    push(neo4j_driver, load_valid(SMALL, dataset=jeu))
    constraints = {r[0]: r[1:] for r in q(neo4j_driver, "SHOW CONSTRAINTS YIELD name, type, labelsOrTypes, "
                                                        "properties RETURN name, type, labelsOrTypes, properties")}
    for label in ("Acteur", "Programme", "Besoin", "Indicateur", "Observation", "Territoire"):
        assert constraints[f"{label.lower()}_uid"] == ["UNIQUENESS", [label], ["uid"]]
    indexes = {r[0] for r in q(neo4j_driver, "SHOW INDEXES YIELD name, state WHERE state = 'ONLINE' RETURN name")}
    assert {"acteur_jeu", "acteur_id", "acteur_monde", "observation_jeu"} <= indexes
    assert len(schema_statements()) == len(set(schema_statements()))
    # The uniqueness constraint is enforced by the server.
    with neo4j_driver.session() as session, pytest.raises(ConstraintError):
        session.run("CREATE (:Acteur {uid: $uid})", uid=f"{jeu}/acteur/rameau").consume()


# --------------------------------------------------------------------------
# Shape, idempotency, increments, pruning
# --------------------------------------------------------------------------


def test_push_writes_the_model_with_provenance(neo4j_driver, jeu: str) -> None:
    report = push(neo4j_driver, load_valid(SMALL, dataset=jeu))
    assert report.nodes_created == 11 and report.nodes_updated == 0
    assert dataset_counts(neo4j_driver, jeu) == dict(sorted(SMALL_COUNTS.items()))
    rows = q(neo4j_driver, "MATCH (a:Acteur:Association {jeu: $jeu}) RETURN a.id, a.nom, a.monde, a.fichier, a.ligne",
             jeu=jeu)
    assert rows == [["asso-quartier", "Association du Quartier Sud", "associations", "acteurs.csv", 4]]
    rows = q(neo4j_driver, "MATCH (:Acteur {jeu: $jeu, id: 'fondation-x'})-[f:FINANCEMENT]->(b) "
                           "RETURN b.id, f.montant, f.debut, f.fin, f.fichier, f.ligne", jeu=jeu)
    assert rows == [["asso-quartier", 1500.5, date(2020, 4, 17), date(2021, 12, 31), "relations.csv", 3]]
    # Territories come along with their inclusion, indicators with their observations.
    rows = q(neo4j_driver, "MATCH (:Acteur {jeu: $jeu, id: 'asso-quartier'})-[:INTERVIENT_SUR]->(c:Commune)"
                           "-[:INCLUS_DANS]->(e:EPCI) RETURN c.uid, c.nom, e.uid", jeu=jeu)
    assert rows == [["commune:35238", "Rennes", "epci:243500139"]]
    rows = q(neo4j_driver, "MATCH (o:Observation {jeu: $jeu})-[:TERRITOIRE_OBSERVE]->(t:Region) "
                           "MATCH (o)-[:INDICATEUR]->(i) RETURN t.uid, o.valeur, o.periode, i.code ORDER BY t.uid",
             jeu=jeu)
    assert rows == [["region:11", 7.6, "2019", "Freco.1"], ["region:53", 7.2, "2019", "Freco.1"]]
    assert q(neo4j_driver, "MATCH (j:Jeu {nom: $jeu}) RETURN j.noeuds, j.pousses", jeu=jeu) == [[11, 1]]


def test_pushing_twice_changes_nothing(neo4j_driver, jeu: str) -> None:
    model = load_valid(SMALL, dataset=jeu)
    push(neo4j_driver, model)
    before = snapshot(neo4j_driver, jeu)
    ids_before = q(neo4j_driver, "MATCH (n {jeu: $jeu}) RETURN n.uid, elementId(n) ORDER BY n.uid", jeu=jeu)
    territories_before = q(neo4j_driver, "MATCH (t:Territoire) RETURN count(t)")
    again = push(neo4j_driver, model)
    assert not again.changed
    assert (again.nodes_unchanged, again.rels_unchanged) == (11, sum(v for k, v in SMALL_COUNTS.items()
                                                                     if k.isupper()))
    assert snapshot(neo4j_driver, jeu) == before
    assert q(neo4j_driver, "MATCH (n {jeu: $jeu}) RETURN n.uid, elementId(n) ORDER BY n.uid", jeu=jeu) == ids_before
    assert q(neo4j_driver, "MATCH (t:Territoire) RETURN count(t)") == territories_before


def test_changed_rows_are_updated_and_gone_rows_pruned_only_with_prune(neo4j_driver, jeu: str,
                                                                         tmp_path: Path) -> None:
    src = copy_small(tmp_path)
    push(neo4j_driver, load_valid(src, dataset=jeu))
    other = f"{jeu}-autre"
    push(neo4j_driver, load_valid(SMALL, dataset=other))
    other_before = snapshot(neo4j_driver, other)

    write_second_version(src)
    v2 = load_valid(src, dataset=jeu)

    report = push(neo4j_driver, v2)
    assert (report.nodes_created, report.nodes_updated, report.nodes_deleted) == (1, 1, 0)
    # Created: new-one's INTERVIENT_SUR. Updated: the partnership (new start date), and the two rows that moved
    # up in relations.csv (their provenance line changed).
    assert (report.rels_created, report.rels_updated, report.rels_deleted) == (1, 3, 0)
    labo = q(neo4j_driver, "MATCH (a:Acteur {jeu: $jeu, id: 'labo'}) RETURN a.nom, labels(a), a.type", jeu=jeu)
    assert labo == [["Chaire Interactions 2", ["Acteur", "Association"], "association"]]
    assert q(neo4j_driver, "MATCH (:Acteur {jeu: $jeu, id: 'rameau'})-[p:PARTENARIAT]->() RETURN p.debut",
             jeu=jeu) == [[date(2020, 4, 18)]]
    # Without --prune, what left the input stays.
    assert q(neo4j_driver, "MATCH (a:Acteur {jeu: $jeu, id: 'fondation-x'})-[f:FINANCEMENT]->() RETURN count(f)",
             jeu=jeu) == [[1]]
    assert dataset_counts(neo4j_driver, jeu)["Acteur"] == 6

    report = push(neo4j_driver, v2, prune=True)
    assert (report.nodes_created, report.nodes_updated, report.nodes_deleted) == (0, 0, 1)
    # asso-quartier -> rameau (membre_de), and fondation-x's FINANCEMENT and INTERVIENT_SUR, gone with it.
    assert report.rels_deleted == 3
    counts = dataset_counts(neo4j_driver, jeu)
    assert counts["Acteur"] == 5 and "FINANCEMENT" not in counts and "MEMBRE_DE" not in counts
    assert counts["INTERVIENT_SUR"] == 6
    assert q(neo4j_driver, "MATCH (a:Acteur {jeu: $jeu, id: 'fondation-x'}) RETURN a", jeu=jeu) == []
    # Another dataset sharing the database is untouched, and so are the shared territories.
    assert snapshot(neo4j_driver, other) == other_before
    assert q(neo4j_driver, "MATCH (t:Territoire {uid: 'region:53'}) RETURN t.nom") == [["Bretagne"]]
    # Pushing the first version again with --prune gives back exactly the first graph.
    push(neo4j_driver, load_valid(SMALL, dataset=jeu), prune=True)
    assert dataset_counts(neo4j_driver, jeu) == dict(sorted(SMALL_COUNTS.items()))


def test_push_queries_find_nodes_and_relationships_without_scans(neo4j_driver, jeu: str) -> None:
    """Every write of a push reaches its nodes and relationships by a seek, never by a scan of the database."""
    from ecosysteme.projections import neo4j as rows
    from ecosysteme.stores.neo4j import _push as n4

    push(neo4j_driver, load_valid(SMALL, dataset=jeu))  # the database holds relationships
    queries = [n4._merge_territories_query("Region")]
    for guarded in (False, True):
        queries += [n4._update_rels_query(guarded), n4._delete_rels_query(guarded), n4._delete_nodes_query(guarded),
                    n4._update_nodes_query("Acteur", guarded), n4._update_nodes_query("Besoin", guarded),
                    *(n4._create_rels_query(t, guarded) for t in rows.EDGE_TYPES.values())]
    with neo4j_driver.session() as session:
        for cypher in queries:
            params = {key: [] for key in ("id", "s", "t", "su", "tu", "uid", "props", "classe", *rows.REL_PROPERTIES,
                                          *rows.NODE_PROPERTIES["Territoire"])}
            plan = session.run("EXPLAIN " + cypher, params).consume().plan

            def operators(p):
                yield p["operatorType"].split("@")[0]
                for child in p.get("children", []):
                    yield from operators(child)

            found = set(operators(plan))
            assert not {op for op in found if "Scan" in op}, (cypher, found)
            assert {op for op in found if "Seek" in op}, (cypher, found)


def test_guarded_lookups_ignore_an_element_id_whose_uid_differs(neo4j_driver, jeu: str) -> None:
    """A batch-by-batch push checks the uid read with each elementId: a reused id must match nothing."""
    from ecosysteme.stores.neo4j import _push as n4

    push(neo4j_driver, load_valid(SMALL, dataset=jeu))
    before = snapshot(neo4j_driver, jeu)
    ((element_id,),) = q(neo4j_driver, "MATCH (a:Acteur {jeu: $jeu, id: 'rameau'}) RETURN elementId(a)", jeu=jeu)
    ((rel_id,),) = q(neo4j_driver, "MATCH (:Acteur {jeu: $jeu, id: 'rameau'})-[x:PARTENARIAT]->() "
                                   "RETURN elementId(x)", jeu=jeu)
    stranger = f"{jeu}/acteur/quelqu-un-d-autre"
    with neo4j_driver.session() as session:
        session.run(n4._delete_nodes_query(True), id=[element_id], uid=[stranger]).consume()
        session.run(n4._update_nodes_query("Acteur", True), id=[element_id], uid=[stranger],
                    props=[{"nom": "écrasé"}], classe=["Entreprise"]).consume()
        session.run(n4._delete_rels_query(True), id=[rel_id], su=[stranger], tu=[stranger]).consume()
    assert snapshot(neo4j_driver, jeu) == before
    with neo4j_driver.session() as session:  # the same queries with the right uid do act
        session.run(n4._delete_nodes_query(True), id=[element_id], uid=[f"{jeu}/acteur/rameau"]).consume()
    assert q(neo4j_driver, "MATCH (a:Acteur {jeu: $jeu, id: 'rameau'}) RETURN a", jeu=jeu) == []


@pytest.mark.parametrize("atomic", [False, True], ids=["par-lots", "atomique"])
def test_a_second_push_of_the_same_dataset_waits_for_the_first(neo4j_driver, jeu: str, atomic: bool) -> None:
    model = load_valid(SMALL, dataset=jeu)
    inside, release = threading.Event(), threading.Event()
    reports: dict[str, object] = {}

    def hold(phase: str, _done: int, _total: int) -> None:
        if phase == "nœuds":  # the lock is held from here to the end of the push
            inside.set()
            assert release.wait(120)

    def run(name: str, **kwargs) -> None:
        reports[name] = push(neo4j_driver, model, atomic=False, **kwargs)

    first = threading.Thread(target=run, args=("premier",), kwargs={"progress": hold})
    first.start()
    try:
        assert inside.wait(120)
        second = threading.Thread(target=lambda: reports.setdefault("second", push(neo4j_driver, model,
                                                                                  atomic=atomic)))
        second.start()
        second.join(3)
        assert second.is_alive() and "second" not in reports, "the second push must wait for the first's lock"
    finally:
        release.set()
        first.join(120)
    second.join(120)
    assert reports["premier"].nodes_created == 11
    assert not reports["second"].changed  # it ran after the first, on its result
    assert dataset_counts(neo4j_driver, jeu) == dict(sorted(SMALL_COUNTS.items()))


def test_batch_by_batch_updates_and_prunes_like_the_atomic_push(neo4j_driver, jeu: str, tmp_path: Path) -> None:
    src = copy_small(tmp_path)
    v1 = load_valid(src)
    write_second_version(src)
    v2 = load_valid(src)
    snapshots = []
    for mode, atomic in (("atomique", True), ("lots", False)):
        name = f"{jeu}-{mode}"
        v1.dataset = v2.dataset = name
        push(neo4j_driver, v1, atomic=atomic, batch_size=2)
        report = push(neo4j_driver, v2, prune=True, atomic=atomic, batch_size=2)
        assert (report.nodes_updated, report.nodes_deleted) == (1, 1)
        snapshots.append([tuple(str(x).replace(f"{name}/", "J/").replace(f"'{name}'", "'J'") for x in row)
                          for row in snapshot(neo4j_driver, name, skip=("empreinte",))])
    assert snapshots[0] == snapshots[1]  # (fingerprints hash the dataset's name)
    assert any("Chaire Interactions 2" in str(row) for row in snapshots[1])


def test_batch_by_batch_mode_gives_the_same_graph(neo4j_driver, jeu: str) -> None:
    model = load_valid(ROOT / "data" / "reseau", dataset=jeu)
    atomic = push(neo4j_driver, model, batch_size=37)
    reference = snapshot(neo4j_driver, jeu, skip=("empreinte",))
    model.dataset = f"{jeu}-lots"
    by_batch = push(neo4j_driver, model, atomic=False, batch_size=37)
    assert (atomic.nodes_created, atomic.rels_created) == (by_batch.nodes_created, by_batch.rels_created)
    renamed = [tuple(str(x).replace(f"{jeu}-lots/", f"{jeu}/").replace(f"'{jeu}-lots'", f"'{jeu}'") for x in row)
               for row in snapshot(neo4j_driver, f"{jeu}-lots", skip=("empreinte",))]
    assert renamed == [tuple(str(x) for x in row) for row in reference]
    assert not push(neo4j_driver, model, atomic=False).changed


# --------------------------------------------------------------------------
# A push killed half-way leaves the database as it was
# --------------------------------------------------------------------------


def _open_push_transactions(driver) -> list[list]:
    return q(driver, "SHOW TRANSACTIONS YIELD transactionId, metaData, currentQuery "
                     "WHERE metaData.application = 'ecosysteme' AND metaData.operation = 'push' "
                     "RETURN transactionId, currentQuery")


def test_killed_push_leaves_the_previous_complete_push(neo4j_driver, neo4j_env, jeu: str, tmp_path: Path) -> None:
    from ecosysteme.synth import national_ecosystem, write_tables

    # Version 1, pushed completely.
    v1_dir, v2_dir = tmp_path / "v1", tmp_path / "v2"
    write_tables(national_ecosystem(1000, seed=1), v1_dir)
    write_tables(national_ecosystem(1000, seed=2), v2_dir)
    push(neo4j_driver, load_valid(v1_dir, dataset=jeu))
    counts_v1 = dataset_counts(neo4j_driver, jeu)
    snap_v1 = snapshot(neo4j_driver, jeu)
    assert counts_v1["Acteur"] == 1000 and counts_v1["PARTENARIAT"] > 1000

    # Version 2 through the CLI, tiny batches (the relationship phase lasts seconds), killed with SIGKILL once
    # relationships are being written.
    with subprocess.Popen([sys.executable, "-m", "ecosysteme", "neo4j", "push", v2_dir, "--jeu", jeu, "--prune",
                           "--taille-lot", "3"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          env=neo4j_env, cwd=ROOT) as proc:
        seen: list[str] = []
        in_links = threading.Event()

        def watch() -> None:
            assert proc.stderr is not None
            for line in proc.stderr:
                seen.append(line)
                if line.strip().startswith("liens"):
                    in_links.set()

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        try:
            assert in_links.wait(240), "".join(seen)
            time.sleep(0.5)  # a few batches of relationships into the transaction
            open_tx = _open_push_transactions(neo4j_driver)
            assert open_tx, "the push transaction should be open while it writes"
            assert proc.poll() is None, "the push must still be running when it is killed"
            proc.send_signal(signal.SIGKILL)
        finally:
            proc.kill()
            proc.wait(60)
            watcher.join(10)
    assert proc.returncode == -signal.SIGKILL
    deadline = time.monotonic() + 60
    while _open_push_transactions(neo4j_driver) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _open_push_transactions(neo4j_driver) == []

    # Nothing of version 2 is visible: same counts, same properties, same relationships.
    assert dataset_counts(neo4j_driver, jeu) == counts_v1
    assert snapshot(neo4j_driver, jeu) == snap_v1

    # The same push, run to its end, then installs version 2 entirely.
    result = run_cli("neo4j", "push", v2_dir, "--jeu", jeu, "--prune", "-q", env=neo4j_env)
    assert result.returncode == 0, result.stderr
    v2 = load_valid(v2_dir, dataset=jeu)
    rows = graph_rows(v2)
    counts_v2 = dataset_counts(neo4j_driver, jeu)
    assert sum(v for k, v in counts_v2.items() if not k.isupper()) == len(rows.nodes)
    assert sum(v for k, v in counts_v2.items() if k.isupper()) == len(rows.rels)
    assert not push(neo4j_driver, v2).changed


# --------------------------------------------------------------------------
# CLI: push and query, credentials, parameters
# --------------------------------------------------------------------------


def test_cli_push_then_query_with_parameters(neo4j_env, jeu: str) -> None:
    result = run_cli("neo4j", "push", SMALL, "--jeu", jeu, env=neo4j_env)
    assert result.returncode == 0, result.stderr
    assert "nœuds 11 créés" in result.stdout
    assert "liens" in result.stderr  # progress
    result = run_cli("neo4j", "query", "MATCH (a:Acteur {jeu: $jeu, monde: $monde}) RETURN a.id AS id, a.nom AS nom "
                     "ORDER BY id", "-p", f"jeu={jeu}", "-p", "monde=associations", env=neo4j_env)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split("|")[0].strip() == "id"
    assert [line.split("|")[0].strip() for line in lines[2:-1]] == ["asso-quartier", "rameau"]
    assert lines[-1] == "(2 lignes)"
    # Numbers are typed; CSV output.
    result = run_cli("neo4j", "query", "RETURN $n + 1 AS suivant, $s AS texte", "-p", "n=41", "-p", 's="41"',
                     "--format", "csv", env=neo4j_env)
    assert result.stdout == "suivant;texte\n42;41\n"
    # A shipped query file.
    result = run_cli("neo4j", "query", "-f", ROOT / "ontology" / "queries" / "q4_voisinage.cypher", "-p", f"jeu={jeu}",
                     "-p", "acteur=asso-quartier", "-p", "k=1", "--format", "csv", env=neo4j_env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["ressource;nature;distance", "fondation-x;acteur;1", "rameau;acteur;1"]


def test_cli_query_never_concatenates_input(neo4j_env, neo4j_driver, jeu: str) -> None:
    push(neo4j_driver, load_valid(SMALL, dataset=jeu))
    evil = "x'}) DETACH DELETE a //"
    result = run_cli("neo4j", "query", "MATCH (a:Acteur {jeu: $jeu, nom: $nom}) RETURN a.id", "-p", f"jeu={jeu}",
                     "-p", f"nom={evil}", env=neo4j_env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "(0 lignes)"
    assert dataset_counts(neo4j_driver, jeu)["Acteur"] == 5
    # Writes are refused unless asked for.
    result = run_cli("neo4j", "query", "MATCH (a:Acteur {jeu: $jeu}) DETACH DELETE a", "-p", f"jeu={jeu}",
                     env=neo4j_env)
    assert result.returncode == 2 and "--ecriture" in result.stderr and "Traceback" not in result.stderr
    assert dataset_counts(neo4j_driver, jeu)["Acteur"] == 5
    result = run_cli("neo4j", "query", "MATCH (a:Acteur {jeu: $jeu, id: 'labo'}) SET a.note = $note RETURN a.note",
                     "-p", f"jeu={jeu}", "-p", "note=vu", "--ecriture", env=neo4j_env)
    assert result.returncode == 0 and "vu" in result.stdout
    # A syntax error is a clean French error.
    result = run_cli("neo4j", "query", "MATCH (a RETURN a", env=neo4j_env)
    assert result.returncode == 2 and "Requête Cypher refusée" in result.stderr and "Traceback" not in result.stderr
    result = run_cli("neo4j", "query", "RETURN $absent", env=neo4j_env)
    assert result.returncode == 2 and "absent" in result.stderr


def test_credentials_from_environment_and_never_printed(neo4j_env, neo4j_server) -> None:
    secret = "not-the-Password-42"
    env = dict(neo4j_env, NEO4J_PASSWORD=secret)
    result = run_cli("neo4j", "query", "RETURN 1", env=env)
    assert result.returncode == 2
    assert "refuse l'authentification" in result.stderr and "NEO4J_PASSWORD" in result.stderr
    assert secret not in result.stderr + result.stdout and "Traceback" not in result.stderr
    # A flag wins over the environment, and is not printed either.
    result = run_cli("neo4j", "query", "RETURN 1 AS un", "--mot-de-passe", secret + "-flag", env=neo4j_env)
    assert result.returncode == 2 and secret not in result.stderr
    # Credentials inside the URI are not printed.
    host_port = neo4j_server.uri.removeprefix("bolt://")
    result = run_cli("neo4j", "query", "RETURN 1", "--uri", f"bolt://neo4j:{secret}@{host_port}",
                     env={k: v for k, v in neo4j_env.items() if k != "NEO4J_PASSWORD"})
    assert secret not in result.stderr + result.stdout


def test_unreachable_server_is_a_french_error(neo4j_env) -> None:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = dict(neo4j_env, NEO4J_URI=f"bolt://127.0.0.1:{port}")
    result = run_cli("neo4j", "push", SMALL, "-q", env=env)
    assert result.returncode == 2
    assert f"Neo4j est injoignable à bolt://127.0.0.1:{port}" in result.stderr
    assert "ecosysteme neo4j local" in result.stderr and "Traceback" not in result.stderr


def test_parameters_are_typed() -> None:
    assert parse_parameters(["k=2", "x=1.5", "t=region:53", "c=\"35\"", "e=", "neg=-3"]) == {
        "k": 2, "x": 1.5, "t": "region:53", "c": "35", "e": "", "neg": -3}
    from ecosysteme.errors import QueryError

    with pytest.raises(QueryError, match="nom=valeur"):
        parse_parameters(["sans-egal"])
    with pytest.raises(QueryError):
        parse_parameters(["a b=1"])


def test_environment_defaults() -> None:
    from ecosysteme.stores.neo4j import connection_settings

    s = connection_settings(env={})
    assert (s.uri, s.user, s.password) == ("bolt://127.0.0.1:7687", "neo4j", None)
    s = connection_settings(env={"NEO4J_URI": "bolt://h:1", "NEO4J_USER": "u", "NEO4J_PASSWORD": "p-secret"})
    assert (s.uri, s.user, s.auth) == ("bolt://h:1", "u", ("u", "p-secret"))
    assert connection_settings(env={"NEO4J_USERNAME": "aura"}).user == "aura"  # cypher-shell's and Aura's name
    assert connection_settings(env={"NEO4J_USERNAME": "aura", "NEO4J_USER": "old"}).user == "aura"
    assert "p-secret" not in repr(s)
    s = connection_settings(uri="bolt://x:2", password="flag", env={"NEO4J_URI": "bolt://h:1",
                                                                    "NEO4J_PASSWORD": "env"})
    assert (s.uri, s.password) == ("bolt://x:2", "flag")
    assert connection_settings(uri="bolt://u:pw@h:7687", env={}).safe_uri == "bolt://h:7687"


def test_dry_run_lists_the_changes_and_writes_nothing(neo4j_driver, neo4j_env, jeu: str, tmp_path: Path) -> None:
    src = copy_small(tmp_path)
    push(neo4j_driver, load_valid(src, dataset=jeu))
    before = snapshot(neo4j_driver, jeu)
    write_second_version(src)
    v2 = load_valid(src, dataset=jeu)

    report = push(neo4j_driver, v2, dry_run=True)
    assert report.dry_run and snapshot(neo4j_driver, jeu) == before
    assert (report.nodes_created, report.nodes_updated, report.nodes_deleted) == (1, 1, 0)
    assert (report.rels_created, report.rels_updated, report.rels_deleted) == (1, 3, 0)
    assert report.changes["noeuds_crees"] == [f"{jeu}/acteur/new-one"]
    assert report.changes["noeuds_modifies"] == [f"{jeu}/acteur/labo"]
    assert report.changes["noeuds_absents_gardes"] == [f"{jeu}/acteur/fondation-x"]
    assert report.changes["liens_crees"] == [f"INTERVIENT_SUR {jeu}/acteur/new-one -> commune:35238"]

    pruned = push(neo4j_driver, v2, dry_run=True, prune=True)
    assert snapshot(neo4j_driver, jeu) == before
    assert (pruned.nodes_deleted, pruned.rels_deleted) == (1, 3)  # as the real push with prune counts them
    assert pruned.changes["noeuds_supprimes"] == [f"{jeu}/acteur/fondation-x"]
    real = push(neo4j_driver, v2, prune=True)
    assert (real.nodes_created, real.nodes_updated, real.nodes_deleted, real.rels_created, real.rels_updated,
            real.rels_deleted) == (pruned.nodes_created, pruned.nodes_updated, pruned.nodes_deleted,
                                   pruned.rels_created, pruned.rels_updated, pruned.rels_deleted)

    result = run_cli("neo4j", "push", SMALL, "--jeu", jeu, "--dry-run", "--prune", "-q", env=neo4j_env)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"Simulation, rien n'est écrit — jeu « {jeu} » : nœuds 1 à créer")
    assert "noeuds supprimes (1) :" in lines and f"  {jeu}/acteur/new-one" in lines
    assert dataset_counts(neo4j_driver, jeu)["Acteur"] == 5  # still v2: the simulation wrote nothing
