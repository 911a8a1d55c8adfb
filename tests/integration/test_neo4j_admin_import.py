"""The neo4j-admin CSVs, imported by the real ``neo4j-admin database import full`` of Neo4j 5.26, give the
graph that ``push`` writes: same nodes, labels, properties (typed) and relationships."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import neo4j
import pytest

from ecosysteme.export import export_model
from ecosysteme.export.tables import NEO4J_FILES
from ecosysteme.io import load_valid
from ecosysteme.stores.neo4j import graph_rows, push

pytestmark = pytest.mark.neo4j

ROOT = Path(__file__).resolve().parents[2]
SMALL = ROOT / "tests" / "fixtures" / "utf8_bom_virgule"


def snapshot(driver, uids: list[str]) -> tuple[dict, list]:
    nodes, _, _ = driver.execute_query(
        "MATCH (n) WHERE n.uid IN $uids RETURN n.uid AS uid, labels(n) AS labels, properties(n) AS props", uids=uids)
    rels, _, _ = driver.execute_query(
        "MATCH (a)-[r]->(b) WHERE a.uid IN $uids AND b.uid IN $uids "
        "RETURN a.uid AS a, type(r) AS t, b.uid AS b, properties(r) AS props", uids=uids)
    return ({r["uid"]: (sorted(r["labels"]), r["props"]) for r in nodes},
            sorted((r["a"], r["t"], r["b"], sorted(r["props"].items())) for r in rels))


def test_neo4j_admin_import_gives_the_graph_push_writes(tmp_path, neo4j_driver, jeu):
    from ecosysteme.stores.neo4j_local import LocalNeo4j, ensure_neo4j

    model = load_valid(SMALL, dataset=jeu)
    files = tmp_path / "csv"
    export_model(model, files, ["neo4j-admin"])
    home = tmp_path / "importee"
    (home / "conf").mkdir(parents=True)
    command = ["java", "-Xmx256m", "-cp", f"{ensure_neo4j()}/*", "org.neo4j.cli.AdminTool",
               "database", "import", "full", "neo4j", "--array-delimiter=|", "--max-off-heap-memory=256m",
               f"--report-file={tmp_path / 'import.report'}",
               *(f"--nodes={files / name}" for name in NEO4J_FILES[:-1]), f"--relationships={files / NEO4J_FILES[-1]}"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False,
                          env={**os.environ, "NEO4J_HOME": str(home), "NEO4J_CONF": str(home / "conf")})
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "IMPORT DONE" in done.stdout

    push(neo4j_driver, model)
    rows = graph_rows(model)
    uids = [n.uid for n in rows.nodes] + [t.uid for t in rows.territories]
    pushed_nodes, pushed_rels = snapshot(neo4j_driver, uids)
    with LocalNeo4j(home, heap="512m", pagecache="64m") as server, \
            neo4j.GraphDatabase.driver(server.uri, auth=server.auth) as driver:
        imported_nodes, imported_rels = snapshot(driver, uids)
    assert len(imported_nodes) == len(uids)
    assert imported_nodes == pushed_nodes
    assert len(imported_rels) == len(rows.rels) + len(rows.inclusions)
    assert imported_rels == pushed_rels
    funding = [r for r in imported_rels if r[1] == "FINANCEMENT"]
    assert dict(funding[0][3])["montant"] == 1500.5 and isinstance(dict(funding[0][3])["debut"], neo4j.time.Date)
