"""Fair queue benchmark: light queries (ASK) among heavy ones, with and without the short lane.

Starts the real server (``ecosysteme serve`` in its own process) on a store
holding a synthetic national ecosystem, then runs 16 clients for a fixed time:
4 send heavy national analyses back to back (the shipped Q1-Q3 on France and
the grouping queries), 12 send light ASK queries with a short pause between
them, as people browsing would. It measures the latency of every light query
and counts the heavy ones answered, in three set-ups of the same server:

* ``une file`` : ``--voie-courte 0``, N regular processes (the server before the change);
* ``une file, N+1`` : ``--voie-courte 0``, one more regular process (as many
  processes as the short lane uses: separates the lane from the extra process);
* ``voie courte`` : N regular processes plus the short lane (the default).

N is the server's default (the machine's processors, at least 2). It prints
p50/p95 of the light queries and the heavy throughput side by side, with the
ratio of each set-up to the first.

Usage::

    .venv/bin/python bench/bench_fair.py                    # 2 000 actors, 30 s per set-up
    .venv/bin/python bench/bench_fair.py --acteurs 10000 --duree 60
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

HEAVY = [("q1_besoins_non_couverts", {"territoire": "france"}),
         ("q2_programmes_sans_relais", {"territoire": "france"}),
         ("q3_mondes_sans_rencontre", {"territoire": "france"}),
         ("densite_partenariats_mondes", {}),
         ("acteurs_par_monde_et_territoire", {}),
         ("financements_entre_mondes", {})]
LIGHT_CLIENTS, HEAVY_CLIENTS = 12, 4


def start_server(store: Path, extra: list[str]) -> tuple[subprocess.Popen, str]:
    """``ecosysteme serve`` on a free port; returns the process and its endpoint."""
    env = {**os.environ, "ECOSYSTEME_MAGASIN": str(store)}
    env.pop("ECOSYSTEME_SPARQL_UPDATE_TOKEN", None)
    process = subprocess.Popen([sys.executable, "-m", "ecosysteme", "serve", "--port", "0", "--delai", "60", "-q",
                                *extra], stderr=subprocess.PIPE, text=True, env=env)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        line = process.stderr.readline()
        if not line and process.poll() is not None:
            raise SystemExit("le serveur s'est arrêté au démarrage")
        m = re.search(r"Point d'accès SPARQL : (\S+)", line)
        if m:
            threading.Thread(target=process.stderr.read, daemon=True).start()  # keep its pipe drained
            return process, m.group(1)
    process.kill()
    raise SystemExit("le serveur n'a pas démarré en 180 s")


def ask(endpoint: str, query: str) -> int:
    data = urllib.parse.urlencode({"query": query}).encode()
    request = urllib.request.Request(endpoint, data=data, headers={
        "Accept": "application/sparql-results+json", "Content-Type": "application/x-www-form-urlencoded"})
    try:
        with urllib.request.urlopen(request, timeout=300) as resp:
            resp.read()
            return resp.status
    except urllib.error.HTTPError as err:
        err.read()
        return err.code
    except OSError:
        return 0  # connection refused or reset


def run_mix(endpoint: str, heavy: list[str], light: list[str], duration: float, seed: int) -> dict:
    """16 clients for ``duration`` seconds; light latencies, heavy answers, errors."""
    stop = time.monotonic() + duration
    lock = threading.Lock()
    out = {"light": [], "light_errors": Counter(), "heavy": 0, "heavy_s": [], "heavy_errors": Counter()}

    def heavy_client(i: int) -> None:
        k = i
        while time.monotonic() < stop:
            started = time.perf_counter()
            status = ask(endpoint, heavy[k % len(heavy)])
            with lock:
                if status == 200:
                    out["heavy"] += 1
                    out["heavy_s"].append(time.perf_counter() - started)
                else:
                    out["heavy_errors"][status] += 1
            k += 1

    def light_client(i: int) -> None:
        rng = random.Random(seed * 100 + i)
        while time.monotonic() < stop:
            time.sleep(rng.uniform(0.1, 0.3))
            started = time.perf_counter()
            status = ask(endpoint, rng.choice(light))
            elapsed = time.perf_counter() - started
            with lock:
                out["light"].append(elapsed)  # an error counts too: the time the person waited for it
                if status != 200:
                    out["light_errors"][status] += 1

    threads = [threading.Thread(target=heavy_client, args=(i,)) for i in range(HEAVY_CLIENTS)]
    threads += [threading.Thread(target=light_client, args=(i,)) for i in range(LIGHT_CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return out


def percentile(values: list[float], q: float) -> float:
    data = sorted(values)
    return data[min(len(data) - 1, max(0, round(q * len(data)) - 1))] if data else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--acteurs", type=int, default=2_000, help="taille de l'écosystème synthétique")
    parser.add_argument("--duree", type=float, default=30.0, help="secondes de mesure par configuration")
    parser.add_argument("--processus", type=int, help="processus réguliers N (défaut : celui du serveur)")
    args = parser.parse_args()

    from ecosysteme.server._pool import default_workers
    from ecosysteme.stores.rdfstore import RdfStore, build_store, library
    from ecosysteme.synth import synthetic_model

    n = args.processus or default_workers()
    print(f"Machine : {os.cpu_count()} processeurs, charge moyenne {os.getloadavg()[0]:.2f} au départ ; "
          f"{HEAVY_CLIENTS} clients lourds, {LIGHT_CLIENTS} clients légers (ASK), {args.duree:g} s par configuration")
    work = Path(tempfile.mkdtemp(prefix="bench-fair-"))
    model = synthetic_model(args.acteurs)
    build_store(work / "magasin", model)
    queries = library()
    heavy = [queries[name].bind(**params) for name, params in HEAVY]
    with RdfStore.open(work / "magasin") as store:
        actors = [r[0].value for r in store.query(
            "SELECT ?a WHERE { ?a a <https://w3id.org/ecosysteme/ontologie#Acteur> } LIMIT 500").rows]
    light = [f"ASK {{ <{a}> <http://www.w3.org/2000/01/rdf-schema#label> ?nom }}" for a in actors]
    print(f"Magasin : {len(model.actors)} acteurs synthétiques, {len(heavy)} requêtes lourdes, "
          f"{len(light)} ASK légers")

    setups = [("une file", ["--voie-courte", "0", "--processus", str(n)]),
              (f"une file, {n + 1} proc.", ["--voie-courte", "0", "--processus", str(n + 1)]),
              ("voie courte", ["--voie-courte", "1", "--processus", str(n)])]
    results = []
    for i, (name, extra) in enumerate(setups):
        process, endpoint = start_server(work / "magasin", extra)
        try:
            for q in heavy[:1] + light[:3]:  # warm the store's caches
                ask(endpoint, q)
            results.append((name, run_mix(endpoint, heavy, light, args.duree, seed=i)))
            print(f"  {name} : mesuré", flush=True)
        finally:
            process.terminate()
            process.wait(timeout=30)

    base = results[0][1]
    b50, b95 = percentile(base["light"], 0.5), percentile(base["light"], 0.95)
    print(f"\n{'configuration':<22} {'ASK':>6} {'p50 ASK':>9} {'p95 ASK':>9} {'p50 ×':>7} {'p95 ×':>7} "
          f"{'lourdes':>8} {'méd. lourde':>12}  erreurs (code : nombre)")
    for name, r in results:
        p50, p95 = percentile(r["light"], 0.5), percentile(r["light"], 0.95)
        heavy_median = statistics.median(r["heavy_s"]) if r["heavy_s"] else float("nan")
        kinds = (("ASK", "light_errors"), ("lourdes", "heavy_errors"))
        errors = "; ".join(f"{kind} {code} : {n}" for kind, key in kinds
                           for code, n in sorted(r[key].items())) or "aucune"
        print(f"{name:<22} {len(r['light']):>6} {p50 * 1000:>7.0f}ms {p95 * 1000:>7.0f}ms "
              f"{b50 / p50:>6.1f}× {b95 / p95:>6.1f}× {r['heavy']:>8} {heavy_median:>11.2f}s  {errors}")
    print("\n« ASK » : requêtes légères envoyées (latences comptées erreurs comprises) ; « p50 × » et « p95 × » : "
          "latence de la première configuration divisée par celle de la ligne (plus grand = ASK plus rapides) ; "
          "« lourdes » : requêtes lourdes abouties.")


if __name__ == "__main__":
    main()
