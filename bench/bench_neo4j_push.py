"""Benchmark: bulk push of the synthetic national ecosystem to a real Neo4j, against one query per row.

    .venv/bin/python bench/bench_neo4j_push.py                 # 100,000 actors, ~500,000 relations
    .venv/bin/python bench/bench_neo4j_push.py --acteurs 20000 # quicker
    .venv/bin/python bench/bench_neo4j_push.py --uri bolt://127.0.0.1:7687   # an existing server (NEO4J_* env)
    .venv/bin/python bench/bench_neo4j_push.py --memoire 1g    # the atomic first push is refused: see what follows

Without ``--uri`` a local Neo4j 5.26 (:class:`~ecosysteme.stores.neo4j_local.LocalNeo4j`)
is started in a temporary folder with ``--memoire`` of heap, and stopped at the end.

Measured in the same run, on the same server, after a warm-up push of a small
synthetic model into another dataset (a long-running server has its code
compiled by the JVM's JIT; a fresh one compiles it during the first push; the
warm-up's own time is printed too):

1. ``ecosysteme.stores.neo4j.push`` (atomic: one transaction, ``UNWIND``
   batches, nodes before relationships) of ``synthetic_model(N)`` into an empty
   dataset: nodes/s over the node phase, relationships/s over the relationship
   phase, then the commit (one for both) and the rate of nodes and
   relationships together with it, and the end-to-end rate; when the server
   refuses the transaction (heap too small), the bench checks that the
   dataset is absent and goes on;
2. the same push again (idempotent: nothing to write);
3. the same model pushed with ``atomic=False`` (one commit per batch, the
   ``--par-lots`` mode) into another dataset: per-phase rates include commits
   (skipped with ``--sans-par-lots`` unless the atomic push was refused);
4. the baseline, one query per row in auto-commit (``MERGE`` per node,
   ``MATCH``/``MATCH``/``MERGE`` per relationship), on a sample of the same rows;
   and the ratios of the bulk rates to the baseline's.

5. ``neo4j-admin database import full`` of the same model's neo4j-admin CSV
   export (``ecosysteme export --formats neo4j-admin``) into an empty database
   of its own, beside the server: the physical limit of a first load here; its
   rates and the push's ratio to them are printed (``--sans-import-admin``
   skips it).

Targets (issues 5 and 18): at least 20,000 nodes/s and 50,000 relationships/s
on the first push of 100k actors / 500k relations, MET/MISSED printed.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

NODE_TARGET = 20_000
REL_TARGET = 50_000


def rate(count: int, seconds: float) -> float:
    return count / seconds if seconds > 0 else float("inf")


def fmt(value: float) -> str:
    return f"{value:,.0f}".replace(",", " ")


def baseline(driver, rows, sample: int) -> tuple[int, float, int, float]:
    """One auto-commit query per row on a sample, in dataset ``bench-base`` (deleted afterwards)."""
    from ecosysteme.stores.neo4j import RelRow

    prefix = rows.dataset + "/"
    rels = [r for r in rows.rels if r.type == "PARTENARIAT"][:sample]
    wanted = {r.source for r in rels} | {r.target for r in rels}
    by_uid = {n.uid: n for n in rows.nodes if n.label == "Acteur"}
    nodes = [by_uid[u] for u in sorted(wanted)]
    extra = [n for n in rows.nodes if n.label == "Acteur" and n.uid not in wanted][: max(0, sample - len(nodes))]
    nodes.extend(extra)

    def base(uid: str) -> str:
        return "bench-base/" + uid.removeprefix(prefix)

    with driver.session() as session:
        t0 = time.perf_counter()
        for n in nodes:
            props = {k: v for k, v in n.props.items() if v is not None}
            props.update(uid=base(n.uid), jeu="bench-base")
            session.run("MERGE (n:Acteur {uid: $uid}) SET n += $props, n:$($classe)",
                        uid=props["uid"], props=props, classe=n.extra_label).consume()
        t_nodes = time.perf_counter() - t0
        t0 = time.perf_counter()
        for r in rels:
            assert isinstance(r, RelRow) and r.props is not None
            props = {k: v for k, v in r.props.items() if v is not None}
            session.run("MATCH (a:Acteur {uid: $s}) MATCH (b:Acteur {uid: $t}) "
                        "MERGE (a)-[x:PARTENARIAT {rang: $rang}]->(b) SET x += $props",
                        s=base(r.source), t=base(r.target), rang=r.rank, props=props).consume()
        t_rels = time.perf_counter() - t0
        session.run("MATCH (n:Acteur {jeu: 'bench-base'}) CALL (n) { DETACH DELETE n } "
                    "IN TRANSACTIONS OF 5000 ROWS").consume()
    return len(nodes), t_nodes, len(rels), t_rels


def admin_import(model, rows, work: Path, heap: str) -> tuple[float, float, float, float] | None:
    """``neo4j-admin database import full`` of our neo4j-admin CSVs into an empty database of its own.

    Returns (seconds of the import as the tool reports them, nodes/s, relationships/s, elements/s: the tool
    loads both in one run, so only the last is a fair rate), or None when it failed.
    """
    import re
    import subprocess

    from ecosysteme.export import export_model
    from ecosysteme.export.tables import NEO4J_FILES
    from ecosysteme.stores.neo4j_local import ensure_neo4j

    files = work / "csv"
    t0 = time.perf_counter()
    export_model(model, files, ["neo4j-admin"])
    t_export = time.perf_counter() - t0
    home = work / "admin-import"
    (home / "conf").mkdir(parents=True)
    command = ["java", f"-Xmx{heap}", "-cp", f"{ensure_neo4j()}/*", "org.neo4j.cli.AdminTool",
               "database", "import", "full", "neo4j", "--array-delimiter=|", f"--max-off-heap-memory={heap}",
               f"--report-file={work / 'import.report'}",
               *(f"--nodes={files / name}" for name in NEO4J_FILES[:-1]), f"--relationships={files / NEO4J_FILES[-1]}"]
    t0 = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, timeout=3600, check=False,
                          env={**os.environ, "NEO4J_HOME": str(home), "NEO4J_CONF": str(home / "conf")})
    wall = time.perf_counter() - t0
    if done.returncode != 0 or "IMPORT DONE" not in done.stdout:
        print(f"   échec de neo4j-admin (code {done.returncode}) : {(done.stdout + done.stderr)[-1500:]}")
        return None
    found = re.search(r"IMPORT DONE in (?:(\d+)m )?(?:(\d+)s )?(\d+)ms", done.stdout)
    seconds = (int(found[1] or 0) * 60 + int(found[2] or 0) + int(found[3]) / 1000) if found else wall
    nodes = len(rows.nodes) + len(rows.territories)
    rels = len(rows.rels) + len(rows.inclusions)
    print(f"   export CSV neo4j-admin {t_export:.1f} s ; import (d'après l'outil) {seconds:.1f} s, "
          f"{wall:.1f} s avec le démarrage de la JVM")
    print(f"   {nodes} nœuds et {rels} liens en une passe -> {fmt(rate(nodes + rels, seconds))} éléments/s")
    return seconds, rate(nodes, seconds), rate(rels, seconds), rate(nodes + rels, seconds)


def atomic_push(driver, rows, batch: int) -> tuple[float, float, float] | None:
    """The timed atomic push; None when the server refuses it (then checks that nothing was written)."""
    from ecosysteme.errors import StoreError
    from ecosysteme.stores.neo4j import dataset_counts, push

    t0 = time.perf_counter()
    try:
        report = push(driver, rows, batch_size=batch)
    except StoreError as exc:
        print(f"   refusé après {time.perf_counter() - t0:.1f} s : {exc}")
        assert dataset_counts(driver, rows.dataset) == {}, "a refused push must leave nothing behind"
        print("   base inchangée (aucun nœud ni lien de ce jeu) ; l'envoi par lots indépendants suit")
        return None
    total = time.perf_counter() - t0
    s = report.seconds
    n_rate = rate(report.nodes_created, s["nœuds"])
    r_rate = rate(report.rels_created, s["liens"])
    written = report.nodes_created + report.rels_created
    print(f"   nœuds : {report.nodes_created} en {s['nœuds']:.1f} s -> {fmt(n_rate)} nœuds/s")
    print(f"   liens : {report.rels_created} en {s['liens']:.1f} s -> {fmt(r_rate)} liens/s")
    print(f"   validation (commit, une seule pour nœuds et liens) : {s['commit']:.1f} s ; "
          f"lecture de l'existant {s['lecture']:.1f} s ; schéma {s['schema']:.1f} s")
    print(f"   écriture + commit : {written} éléments en {s['nœuds'] + s['liens'] + s['commit']:.1f} s -> "
          f"{fmt(rate(written, s['nœuds'] + s['liens'] + s['commit']))} éléments/s")
    print(f"   de bout en bout (schéma, territoires, lecture, écriture, commit) : {total:.1f} s -> "
          f"{fmt(rate(written, total))} éléments/s")
    counts = dataset_counts(driver, rows.dataset)
    in_db_nodes = sum(v for k, v in counts.items() if not k.isupper())
    in_db_rels = sum(v for k, v in counts.items() if k.isupper())
    assert (in_db_nodes, in_db_rels) == (len(rows.nodes), len(rows.rels)), (in_db_nodes, in_db_rels)
    return n_rate, r_rate, rate(written, total)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--acteurs", type=int, default=100_000, help="actors of the synthetic model")
    parser.add_argument("--echantillon", type=int, default=2_000, help="rows of the per-row baseline")
    parser.add_argument("--lot", type=int, default=20_000, help="rows per UNWIND batch")
    parser.add_argument("--uri", help="use this server instead of starting one (credentials: NEO4J_USER/PASSWORD)")
    parser.add_argument("--memoire", default="4g", help="heap of the local server (-Xmx)")
    parser.add_argument("--cache-pages", default="1g", help="page cache of the local server")
    parser.add_argument("--sans-par-lots", action="store_true", help="skip the batch-by-batch push")
    parser.add_argument("--memoire-import", default="1g", help="heap and off-heap memory of neo4j-admin import")
    parser.add_argument("--sans-import-admin", action="store_true", help="skip neo4j-admin database import")
    parser.add_argument("--echauffement", type=int, default=5_000,
                        help="actors of the warm-up push (0: none, measure a cold server)")
    args = parser.parse_args()

    import neo4j._codec.packstream as packstream

    from ecosysteme.stores.neo4j import GraphRows, connect, connection_settings, graph_rows, push
    from ecosysteme.stores.neo4j_local import NEO4J_VERSION, LocalNeo4j
    from ecosysteme.synth import synthetic_model

    print(f"Machine : {os.cpu_count()} cœurs, charge moyenne {os.getloadavg()[0]:.1f} au départ ; "
          f"pilote neo4j avec extension Rust : {'oui' if packstream.RUST_AVAILABLE else 'non'}")
    t0 = time.perf_counter()
    model = synthetic_model(args.acteurs)
    print(f"Modèle synthétique : {len(model.actors)} acteurs, {len(model.programmes)} programmes, "
          f"{len(model.needs)} besoins, {len(model.relations)} relations ({time.perf_counter() - t0:.1f} s)")
    t0 = time.perf_counter()
    rows = graph_rows(model)
    t_rows = time.perf_counter() - t0
    print(f"Lignes Neo4j : {len(rows.nodes)} nœuds, {len(rows.rels)} liens, {len(rows.territories)} territoires, "
          f"{len(rows.inclusions)} inclusions ; préparation {t_rows:.1f} s")

    server = None
    tmp = None
    if args.uri:
        settings = connection_settings(uri=args.uri)
    else:
        tmp = tempfile.TemporaryDirectory(prefix="bench-neo4j-")
        server = LocalNeo4j(Path(tmp.name) / "db", heap=args.memoire, pagecache=args.cache_pages, password=None)
        t0 = time.perf_counter()
        server.start()
        print(f"Neo4j {NEO4J_VERSION} local démarré en {time.perf_counter() - t0:.1f} s (tas {args.memoire}, "
              f"cache {args.cache_pages})")
        settings = connection_settings(uri=server.uri, user=server.auth[0], password=server.auth[1], env={})
    try:
        with connect(settings) as driver:
            # Territories are shared reference data: load them first so that the timed push is the dataset's.
            push(driver, GraphRows("bench-territoires", [], [], rows.territories, rows.inclusions))
            if args.echauffement:
                warm = synthetic_model(args.echauffement)
                warm.dataset = "bench-echauffement"
                t0 = time.perf_counter()
                warm_report = push(driver, warm, batch_size=args.lot)
                print(f"Échauffement du serveur : {args.echauffement} acteurs dans un autre jeu en "
                      f"{time.perf_counter() - t0:.1f} s ({warm_report.nodes_created} nœuds, "
                      f"{warm_report.rels_created} liens), non compté")
            print(f"\n1. Envoi groupé atomique (UNWIND par lots de {args.lot}, une transaction)")
            atomic = atomic_push(driver, rows, args.lot)
            if atomic is not None:
                print("\n2. Même envoi une seconde fois (idempotent)")
                t0 = time.perf_counter()
                again = push(driver, rows, batch_size=args.lot)
                print(f"   {time.perf_counter() - t0:.1f} s, modifications : {'oui' if again.changed else 'aucune'}")
                assert not again.changed

            lots_rates = None
            if not args.sans_par_lots or atomic is None:
                print("\n3. Envoi par lots indépendants (--par-lots, une validation par lot)")
                model.dataset = rows.dataset + "-lots"
                rows_lots = graph_rows(model)
                t0 = time.perf_counter()
                lots = push(driver, rows_lots, atomic=False, batch_size=args.lot)
                total_lots = time.perf_counter() - t0
                s = lots.seconds
                lots_rates = (rate(lots.nodes_created, s["nœuds"]), rate(lots.rels_created, s["liens"]))
                print(f"   nœuds : {fmt(lots_rates[0])} nœuds/s ; liens : {fmt(lots_rates[1])} liens/s "
                      f"(validations comprises) ; de bout en bout {total_lots:.1f} s")

            print(f"\n4. Référence : une requête par ligne (auto-commit), échantillon de {args.echantillon}")
            bn, bt_n, br, bt_r = baseline(driver, rows, args.echantillon)
            b_nodes, b_rels = rate(bn, bt_n), rate(br, bt_r)
            print(f"   nœuds : {bn} en {bt_n:.1f} s -> {fmt(b_nodes)} nœuds/s")
            print(f"   liens : {br} en {bt_r:.1f} s -> {fmt(b_rels)} liens/s")

            admin = None
            if not args.sans_import_admin:
                print("\n5. neo4j-admin database import full (base vide à part, nos CSV neo4j-admin) : la limite "
                      "physique ici")
                with tempfile.TemporaryDirectory(prefix="bench-neo4j-admin-") as work:
                    admin = admin_import(model, rows, Path(work), args.memoire_import)

            print("\nRésultat")
            if atomic is not None:
                n_rate, r_rate, end_to_end = atomic
                print(f"   nœuds/s : groupé {fmt(n_rate)}, une requête par ligne {fmt(b_nodes)}, "
                      f"rapport x{n_rate / b_nodes:.1f} ; objectif {fmt(NODE_TARGET)} : "
                      f"{'MET' if n_rate >= NODE_TARGET else 'MISSED'}")
                print(f"   liens/s : groupé {fmt(r_rate)}, une requête par ligne {fmt(b_rels)}, "
                      f"rapport x{r_rate / b_rels:.1f} ; objectif {fmt(REL_TARGET)} : "
                      f"{'MET' if r_rate >= REL_TARGET else 'MISSED'}")
                if admin is not None:
                    admin_rate = admin[3]
                    print(f"   neo4j-admin import (base vide, limite physique) : {fmt(admin_rate)} éléments/s de "
                          f"bout en bout (nœuds et liens en une passe) ; notre premier envoi, de bout en bout "
                          f"(commit compris) : {fmt(end_to_end)} éléments/s, soit {end_to_end / admin_rate:.0%} "
                          f"de la limite (neo4j-admin x{admin_rate / end_to_end:.1f} plus rapide)")
            if lots_rates:
                print(f"   par lots indépendants : nœuds x{lots_rates[0] / b_nodes:.1f}, "
                      f"liens x{lots_rates[1] / b_rels:.1f} par rapport à une requête par ligne")
            print(f"   charge moyenne de la machine à la fin : {os.getloadavg()[0]:.1f}")
    finally:
        if server is not None:
            server.stop()
        if tmp is not None:
            tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
