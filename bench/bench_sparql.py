"""Benchmark every shipped SPARQL query: our store (Oxigraph on disk) vs rdflib in memory.

Both engines get the same data in the same run: a synthetic national ecosystem
(``ecosysteme.synth.synthetic_model(n)``) plus every real territory and the
ontology, as the store holds them. For each query of ``ontology/queries`` (and
each parameter choice) it prints the time in our store, the time in rdflib, the
ratio, and whether both returned the same number of rows. rdflib runs in a child
process where each query gets a time limit (SIGALRM), so a query that rdflib
cannot finish shows as "> limit".

It also measures the first, naive formulation of Q3 (presence tested with
FILTER EXISTS and property paths), the plan that made us rewrite the shipped
queries, so the gain of the rewrite stays visible.

Usage::

    .venv/bin/python bench/bench_sparql.py                 # 2 000 actors
    .venv/bin/python bench/bench_sparql.py --acteurs 10000 --limite 120
    .venv/bin/python bench/bench_sparql.py --sans-rdflib   # our store only
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections import Counter
from pathlib import Path

NAIVE_Q3 = """
PREFIX eco: <https://w3id.org/ecosysteme/ontologie#>
SELECT ?territoire ?monde1 ?monde2 WHERE {
  VALUES ?territoire { TERRITOIRE }
  { SELECT DISTINCT ?territoire ?monde1 ?monde2 WHERE {
      VALUES ?territoire { TERRITOIRE }
      ?a1 eco:monde ?monde1 ; eco:intervientSur ?z1 . ?z1 eco:inclusDans* ?territoire .
      FILTER (?z1 = ?territoire || EXISTS { ?z1 eco:inclusDans ?territoire }
              || EXISTS { ?z1 eco:inclusDans ?m1 . FILTER NOT EXISTS { ?m1 a eco:EPCI }
                          ?m1 eco:inclusDans+ ?territoire })
      ?a2 eco:monde ?monde2 ; eco:intervientSur ?z2 . ?z2 eco:inclusDans* ?territoire .
      FILTER (?z2 = ?territoire || EXISTS { ?z2 eco:inclusDans ?territoire }
              || EXISTS { ?z2 eco:inclusDans ?m2 . FILTER NOT EXISTS { ?m2 a eco:EPCI }
                          ?m2 eco:inclusDans+ ?territoire })
      FILTER (STR(?monde1) < STR(?monde2)) } }
  FILTER NOT EXISTS {
    ?x eco:monde ?monde1 . ?y eco:monde ?monde2 .
    ?x eco:partenaireDe|eco:relaie|eco:finance|eco:accompagne|eco:membreDe
       |^eco:partenaireDe|^eco:relaie|^eco:finance|^eco:accompagne|^eco:membreDe ?y .
    ?x eco:intervientSur ?zx . ?zx eco:inclusDans* ?territoire .
    ?y eco:intervientSur ?zy . ?zy eco:inclusDans* ?territoire .
  }
}
"""

RDFLIB_CHILD = textwrap.dedent("""
    import json, signal, sys, time
    import rdflib

    class Limit(Exception):
        pass

    def alarm(signum, frame):
        raise Limit()

    signal.signal(signal.SIGALRM, alarm)
    nquads, queries_file, limit = sys.argv[1], sys.argv[2], int(sys.argv[3])
    sys.setrecursionlimit(10000)
    started = time.perf_counter()
    ds = rdflib.Dataset(default_union=True)
    ds.parse(nquads, format="nquads")
    print(json.dumps({"load": time.perf_counter() - started, "triples": len(ds)}), flush=True)
    for item in json.load(open(queries_file, encoding="utf-8")):
        signal.alarm(limit)
        started = time.perf_counter()
        try:
            rows = len(list(ds.query(item["text"])))
            out = {"key": item["key"], "seconds": time.perf_counter() - started, "rows": rows}
        except Limit:
            out = {"key": item["key"], "seconds": None, "rows": None, "error": f"> {limit} s"}
        except RecursionError:
            out = {"key": item["key"], "seconds": None, "rows": None, "error": "RecursionError"}
        except Exception as exc:  # noqa: BLE001
            out = {"key": item["key"], "seconds": None, "rows": None, "error": type(exc).__name__}
        finally:
            signal.alarm(0)
        print(json.dumps(out), flush=True)
""")

OXIGRAPH_CHILD = textwrap.dedent("""
    import sys, time
    from ecosysteme.stores.rdfstore import RdfStore
    store = RdfStore.open(sys.argv[1])
    text = open(sys.argv[2], encoding="utf-8").read()
    started = time.perf_counter()
    rows = len(store.query(text))
    print(time.perf_counter() - started, rows)
""")


def parameter_sets(model, store) -> dict[str, list[dict]]:
    """The parameters each query is run with: busy territories of each level, a well-linked actor."""
    from ecosysteme.model import format_ref

    counts = Counter(t for a in model.actors.values() for t in a.territories)
    busiest = {}
    for (level, code), _n in counts.most_common():
        busiest.setdefault(level, f"{level}:{code}")
    territories = ["france"] + [busiest[level] for level in ("region", "departement", "epci", "commune")
                                if level in busiest]
    degree = Counter()
    for r in model.relations:
        degree[r.source] += 1
        degree[r.target] += 1
    actor_id = next(a for a, _ in degree.most_common() if a in model.actors)
    actor = store.query(f"SELECT ?a WHERE {{ ?a a eco:Acteur ; dcterms:identifier '{actor_id}' }}").rows[0][0].value
    departement = busiest.get("departement", "departement:35")
    del format_ref
    return {
        "territoire": [{"territoire": t} for t in territories],
        "acteur": [{"acteur": actor, "k": k} for k in (1, 2, 3)],
        "ressource": [{"ressource": actor}],
        "departement": [{"departement": departement}],
    }


def time_ours(store, text: str, repeat: int) -> tuple[float, int]:
    times, rows = [], 0
    for _ in range(repeat):
        started = time.perf_counter()
        rows = len(store.query(text))
        times.append(time.perf_counter() - started)
    return statistics.median(times), rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--acteurs", type=int, default=2_000, help="taille de l'écosystème synthétique")
    parser.add_argument("--limite", type=int, default=60,
                        help="secondes par requête pour rdflib (et pour la requête naïve)")
    parser.add_argument("--repetitions", type=int, default=3, help="mesures par requête dans notre magasin (médiane)")
    parser.add_argument("--sans-rdflib", action="store_true", help="ne pas mesurer la référence rdflib")
    parser.add_argument("--garder", action="store_true", help="garder le magasin et le vidage N-Quads à la fin")
    args = parser.parse_args()

    import pyoxigraph as ox

    from ecosysteme.stores.rdfstore import RdfStore, build_store, library
    from ecosysteme.synth import synthetic_model

    work = Path(tempfile.mkdtemp(prefix="bench-sparql-"))
    started = time.perf_counter()
    model = synthetic_model(args.acteurs)
    print(f"Écosystème synthétique : {len(model.actors)} acteurs, {len(model.programmes)} programmes, "
          f"{len(model.needs)} besoins, {len(model.relations)} relations "
          f"({time.perf_counter() - started:.1f} s)")

    started = time.perf_counter()
    build_store(work / "magasin", model)
    build_seconds = time.perf_counter() - started
    store = RdfStore.open(work / "magasin")
    total = sum(g.triples for g in store.graphs())
    print(f"Magasin Oxigraph (disque) : {total} triplets chargés en {build_seconds:.1f} s "
          f"(territoires, ontologie, jeu)")

    plan = []
    params = parameter_sets(model, store)
    for name, query in library().items():
        names = {p.name for p in query.parameters}
        variants = [{}]
        for key in ("territoire", "acteur", "ressource", "departement"):
            if key in names:
                variants = params[key]
        for values in variants:
            label = ", ".join(f"{k}={str(v).rsplit('/', 1)[-1]}" for k, v in values.items())
            plan.append({"key": f"{name} {label}".strip(), "text": query.bind(**values)})

    results = {}
    for item in plan:
        seconds, rows = time_ours(store, item["text"], args.repetitions)
        results[item["key"]] = {"ours": seconds, "rows": rows}
        print(f"  oxigraph {item['key']:<60} {seconds:8.3f} s  {rows:>7} lignes", flush=True)
    store.close()

    # The first formulation of Q3, in a child process that we can stop.
    from ecosysteme.stores.rdfstore import territory_term

    naive = []
    for values in params["territoire"][:3]:
        text = NAIVE_Q3.replace("TERRITOIRE", territory_term(values["territoire"]))
        qfile = work / "naive.rq"
        qfile.write_text(text, encoding="utf-8")
        try:
            out = subprocess.run([sys.executable, "-c", OXIGRAPH_CHILD, str(work / "magasin"), str(qfile)],
                                 capture_output=True, text=True, timeout=args.limite)
            seconds, rows = out.stdout.split()
            naive.append((values["territoire"], float(seconds), int(rows)))
        except subprocess.TimeoutExpired:
            naive.append((values["territoire"], None, None))

    rdflib_results: dict[str, dict] = {}
    rdflib_load = None
    if not args.sans_rdflib:
        nquads = work / "tout.nq"
        with RdfStore.open(work / "magasin") as again:
            nquads.write_bytes(again._ox().dump(format=ox.RdfFormat.N_QUADS))
        qfile = work / "requetes.json"
        qfile.write_text(json.dumps(plan), encoding="utf-8")
        child = subprocess.Popen([sys.executable, "-c", RDFLIB_CHILD, str(nquads), str(qfile), str(args.limite)],
                                 stdout=subprocess.PIPE, text=True)
        assert child.stdout is not None
        for line in child.stdout:
            data = json.loads(line)
            if "load" in data:
                rdflib_load = data
                print(f"rdflib (mémoire) : {data['triples']} triplets chargés en {data['load']:.1f} s", flush=True)
            else:
                rdflib_results[data["key"]] = data
                shown = f"{data['seconds']:8.3f} s" if data["seconds"] is not None else f"{data['error']:>10}"
                print(f"  rdflib   {data['key']:<60} {shown}", flush=True)
        child.wait()

    print()
    print(f"{'requête':<62} {'lignes':>7} {'oxigraph':>10} {'rdflib':>10} {'rapport':>9}  mêmes lignes")
    if rdflib_load:
        ratio = rdflib_load["load"] / build_seconds
        print(f"{'(chargement de toutes les données)':<62} {total:>7} {build_seconds:>9.2f}s "
              f"{rdflib_load['load']:>9.2f}s {ratio:>8.1f}x")
    for item in plan:
        key = item["key"]
        ours = results[key]
        base = rdflib_results.get(key)
        if base is None:
            base_text, ratio_text, same = "-", "-", "-"
        elif base["seconds"] is None:
            base_text, ratio_text, same = base["error"], "-", "-"
        else:
            base_text = f"{base['seconds']:.3f}s"
            ratio_text = f"{base['seconds'] / max(ours['ours'], 1e-6):.1f}x"
            same = "oui" if base["rows"] == ours["rows"] else f"NON ({base['rows']})"
        print(f"{key:<62} {ours['rows']:>7} {ours['ours']:>9.3f}s {base_text:>10} {ratio_text:>9}  {same}")
    print()
    print("Q3 dans sa première écriture (présence par FILTER EXISTS et chemins *), notre magasin :")
    for territory, seconds, rows in naive:
        key = next(k for k in results if k.startswith("q3_mondes_sans_rencontre") and k.endswith(
            territory.split(":")[-1]))
        rewritten = results[key]["ours"]
        if seconds is None:
            print(f"  {territory:<20} > {args.limite} s  (réécrite : {rewritten:.3f} s)")
        else:
            print(f"  {territory:<20} {seconds:8.3f} s  (réécrite : {rewritten:.3f} s, {seconds / rewritten:.0f}x), "
                  f"{rows} lignes")
    if args.garder:
        print(f"\nDonnées de travail : {work}")
    else:
        import shutil

        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
