"""Large-map benchmark: our map pages against pyvis's defaults, on the same graphs, in headless Chromium.

What it does, in one run, for each size (1,000, 5,000 and 20,000 nodes by default):

1. builds a synthetic national ecosystem with ``ecosysteme.synth.synthetic_model``
   (actors, programmes, needs and their links; about 5 links per actor);
2. writes our page with ``ecosysteme.viz.write_map`` (precomputed layout,
   physics off, aggregated view from 8,000 nodes, level of detail on edges)
   and pyvis 0.3.2's page for the same nodes and edges (same ids, labels,
   colours, sizes) with pyvis's defaults (physics on, ``cdn_resources="in_line"``
   so that vis-network is inside the page); the pyvis node and edge lists are
   assigned directly, because its ``add_node`` API is quadratic (MEASURED.md);
3. opens each page in Debian's headless Chromium with every request outside
   the file blocked, and measures the time from navigation start until the
   drawing is stable: the first ``afterDrawing`` of vis-network once the
   network is built with physics off or, with physics on, once its initial
   stabilisation is over (``stabilizationIterationsDone`` or ``stabilized``,
   whichever comes first: generous to the baseline, whose nodes may still
   move afterwards). The same hook (an init script wrapping ``vis.Network``)
   measures both pages. Our page is measured on its default view (aggregated
   past 8,000 nodes) and on the view with every node (``#vue=detail``); its
   first drawing includes the names the page places itself (collision culling
   in ``drawLabels``), pyvis's includes vis-network's own labels;
4. prints the times and the ratio pyvis / ecosysteme, and the target line
   (a 20,000-node map stable in under 5 s).

Usage::

    python bench/bench_map.py                       # 1k, 5k, 20k nodes
    python bench/bench_map.py --tailles 1000 --delai-pyvis 60

Each page is measured in a fresh child process and browser. A pyvis page
that is not stable within ``--delai-pyvis`` seconds is reported as "> delay"
and its ratio as a lower bound. The machine may be shared:
the CPU load is printed with the results.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
]
TARGET_NODES = 20_000
TARGET_SECONDS = 5.0

#: Wraps ``vis.Network`` as soon as the page defines it, and records when the drawing is stable.
HOOK = r"""
(() => {
  const bench = { built: null, stable: null, firstDraw: null, physics: null, nodes: null, edges: null };
  window.__bench = bench;
  let lib;
  function wrap(v) {
    if (!v || !v.Network || v.Network.__benched) { return v; }
    const Original = v.Network;
    function Network(container, data, options) {
      const net = new Original(container, data, options);
      const p = options ? options.physics : undefined;
      const physics = p === undefined ? true : (p === false ? false : p.enabled !== false);
      bench.physics = physics;
      bench.built = performance.now();
      let waiting = !physics;
      net.on("stabilized", () => { waiting = true; });
      net.on("stabilizationIterationsDone", () => { waiting = true; });
      net.on("afterDrawing", () => {
        const now = performance.now();
        if (bench.firstDraw === null) { bench.firstDraw = now; }
        if (waiting && bench.stable === null) {
          bench.stable = now;
          bench.nodes = net.body.nodeIndices.length;
          bench.edges = net.body.edgeIndices.length;
        }
      });
      return net;
    }
    Network.prototype = Original.prototype;
    Network.__benched = true;
    v.Network = Network;
    return v;
  }
  Object.defineProperty(window, "vis", {
    configurable: true,
    get() { return wrap(lib); },
    set(v) { lib = v; },
  });
})();
"""


def _model(nodes: int, seed: int):
    from ecosysteme.synth import synthetic_model

    # synthetic_model(n) adds about 7% programmes and needs to its n actors
    actors = max(10, round(nodes / 1.07))
    return synthetic_model(actors, seed=seed)


def _pyvis_page(model, path: Path) -> tuple[float, int, int]:
    """pyvis's page for the same graph (defaults), nodes and edges assigned directly."""
    from pyvis.network import Network

    from ecosysteme.viz.mapdata import MapOptions, map_data

    data = map_data(model, MapOptions(aggregate="aucune"))
    started = time.perf_counter()
    nd = data["nodes"]
    categories = data["categories"]
    net = Network(cdn_resources="in_line")
    net.nodes = [{"id": i, "label": lab, "color": categories[c]["color"], "size": s, "shape": "dot"}
                 for i, lab, c, s in zip(nd["id"], nd["label"], nd["cat"], nd["size"], strict=True)]
    types = data["edgeTypes"]
    net.edges = [{"from": nd["id"][s], "to": nd["id"][t], "color": types[k]["color"]}
                 for s, t, k in zip(data["edges"]["s"], data["edges"]["t"], data["edges"]["type"], strict=True)]
    html = net.generate_html()
    path.write_text(html, encoding="utf-8")
    return time.perf_counter() - started, len(net.nodes), len(net.edges)


def _measure_here(path: Path, fragment: str, delay: float) -> dict:
    """In a child process: launch Chromium, open one page (outside requests blocked), wait until stable."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        page = context.new_page()
        blocked: list[str] = []
        errors: list[str] = []
        url = path.resolve().as_uri()

        def route(r):
            if r.request.url.split("#")[0] == url or r.request.url.startswith(("data:", "blob:")):
                return r.continue_()
            blocked.append(r.request.url)
            return r.abort()

        page.route("**/*", route)
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.add_init_script(HOOK)
        started = time.monotonic()
        page.goto(url + fragment, wait_until="commit")
        result = None
        while time.monotonic() - started < delay:
            result = page.evaluate("window.__bench")
            if result and result["stable"] is not None:
                break
            time.sleep(0.1)
        result = dict(result or {})
        result["timed_out"] = result.get("stable") is None
        result["mode"] = page.evaluate("window.ecoMap ? window.ecoMap.mode : null")
        result["blocked"] = len(blocked)
        result["errors"] = len(errors)
        browser.close()
    return result


def _open(path: Path, fragment: str, delay: float) -> dict:
    """Measure one page in a fresh child process (and browser), killed if not stable within ``delay``.

    A page whose main thread never yields (pyvis at 20,000 nodes) cannot be
    interrupted from inside: the child and its browser are then stopped from
    here, by their process group, and the page is reported as not stable.
    """
    cmd = [sys.executable, __file__, "--mesurer", str(path), "--fragment", fragment, "--delai", str(delay)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        out, err = proc.communicate(timeout=delay + 30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        return {"stable": None, "firstDraw": None, "timed_out": True, "mode": None, "nodes": None, "edges": None,
                "blocked": None, "errors": None, "killed": True}
    if proc.returncode != 0:
        raise RuntimeError(f"mesure impossible de {path.name} : {err.strip()[-2000:]}")
    return json.loads(out.strip().splitlines()[-1])


def _fmt(seconds: float | None, timed_out: bool = False, delay: float = 0.0) -> str:
    if timed_out:
        return f"> {delay:.0f} s"
    return "n.d." if seconds is None else f"{seconds:.2f} s"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Cartes de 1k, 5k et 20k nœuds : ecosysteme contre pyvis.")
    parser.add_argument("--tailles", default="1000,5000,20000", help="Nombres de nœuds, séparés par des virgules.")
    parser.add_argument("--repetitions", type=int, default=3, help="Ouvertures de nos pages (médiane).")
    parser.add_argument("--delai-pyvis", type=float, default=120.0, help="Attente maximale d'une page pyvis (s).")
    parser.add_argument("--sans-pyvis", action="store_true", help="Ne mesurer que nos pages.")
    parser.add_argument("--graine", type=int, default=0)
    parser.add_argument("--mesurer", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--fragment", default="", help=argparse.SUPPRESS)
    parser.add_argument("--delai", type=float, default=120.0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.mesurer:
        print(json.dumps(_measure_here(args.mesurer, args.fragment, args.delai)))
        return 0
    sizes = [int(s) for s in args.tailles.split(",") if s.strip()]

    from ecosysteme.viz import write_map

    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-carte-") as tmp:
        for size in sizes:
            model = _model(size, args.graine)
            n_nodes = len(model.actors) + len(model.programmes) + len(model.needs)
            ours = Path(tmp) / f"ecosysteme-{size}.html"
            t0 = time.perf_counter()
            write_map(model, ours)
            write_s = time.perf_counter() - t0
            default = [_open(ours, "", 120.0) for _ in range(args.repetitions)]
            detail = [_open(ours, "#vue=detail", 120.0) for _ in range(args.repetitions)]
            row = {
                "noeuds": n_nodes, "ecriture_s": write_s, "taille_ko": ours.stat().st_size // 1024,
                "defaut_s": statistics.median(r["stable"] / 1000 for r in default if not r["timed_out"]),
                "defaut_mode": default[0]["mode"], "defaut_noeuds": default[0]["nodes"],
                "detail_s": statistics.median(r["stable"] / 1000 for r in detail if not r["timed_out"]),
                "detail_noeuds": detail[0]["nodes"], "detail_liens": detail[0]["edges"],
                "requetes_bloquees": sum(r["blocked"] for r in default + detail),
                "erreurs_console": sum(r["errors"] for r in default + detail),
            }
            if not args.sans_pyvis:
                baseline = Path(tmp) / f"pyvis-{size}.html"
                pyvis_write, _pn, pe = _pyvis_page(model, baseline)
                res = _open(baseline, "", args.delai_pyvis)
                row.update({
                    "pyvis_ecriture_s": pyvis_write, "pyvis_liens": pe, "pyvis_s": (res["stable"] or 0) / 1000,
                    "pyvis_delai_depasse": res["timed_out"], "pyvis_requetes_bloquees": res["blocked"],
                    "pyvis_erreurs_console": res["errors"],
                    "pyvis_premier_dessin_s": None if res["firstDraw"] is None else res["firstDraw"] / 1000,
                })
                if res["timed_out"]:
                    row["pyvis_s"] = args.delai_pyvis
            rows.append(row)
            _print_row(row, args)
    _print_summary(rows, args)
    return 0


def _count(value: int | None) -> str:
    return "n.d. (page arrêtée avant la fin de son chargement)" if value is None else str(value)


def _ratio(row: dict, key: str) -> str:
    if "pyvis_s" not in row:
        return "n.d."
    value = row["pyvis_s"] / row[key]
    return f"{'> ' if row['pyvis_delai_depasse'] else ''}{value:.1f}×"


def _print_row(row: dict, args) -> None:
    print(f"\n== {row['noeuds']:,} nœuds ==".replace(",", "\u202f"), flush=True)
    print(f"  ecosysteme : page écrite en {row['ecriture_s']:.2f} s ({row['taille_ko']:,} Kio)".replace(",", "\u202f"))
    print(f"    vue par défaut ({row['defaut_mode']}, {row['defaut_noeuds']} nœuds dessinés) : stable en "
          f"{row['defaut_s']:.2f} s (médiane de {args.repetitions})")
    print(f"    vue de tous les nœuds ({row['detail_noeuds']} nœuds, {row['detail_liens']} liens dessinés) : stable en "
          f"{row['detail_s']:.2f} s")
    print(f"    requêtes hors de la page : {row['requetes_bloquees']} ; erreurs console : {row['erreurs_console']}")
    if "pyvis_s" in row:
        print(f"  pyvis (défauts) : page écrite en {row['pyvis_ecriture_s']:.2f} s ; {row['pyvis_liens']} liens ; "
              f"stable en {_fmt(row['pyvis_s'], row['pyvis_delai_depasse'], args.delai_pyvis)} "
              f"(premier dessin : {_fmt(row['pyvis_premier_dessin_s'])}) ; requêtes hors de la page bloquées : "
              f"{_count(row['pyvis_requetes_bloquees'])} ; erreurs console : {_count(row['pyvis_erreurs_console'])}")
        print(f"  rapport pyvis / ecosysteme : {_ratio(row, 'defaut_s')} (vue par défaut), "
              f"{_ratio(row, 'detail_s')} (tous les nœuds)")


def _print_summary(rows: list[dict], args) -> None:
    print("\nRésumé (temps jusqu'au dessin stable, Chromium sans tête)")
    head = f"{'nœuds':>8} {'défaut':>9} {'tous':>9} {'pyvis':>10} {'pyvis/défaut':>13} {'pyvis/tous':>11}"
    print(head)
    for r in rows:
        pyvis = _fmt(r.get("pyvis_s"), r.get("pyvis_delai_depasse", False), args.delai_pyvis) if "pyvis_s" in r \
            else "n.d."
        print(f"{r['noeuds']:>8} {r['defaut_s']:>8.2f}s {r['detail_s']:>8.2f}s {pyvis:>10} "
              f"{_ratio(r, 'defaut_s'):>13} {_ratio(r, 'detail_s'):>11}")
    big = [r for r in rows if r["noeuds"] >= 0.9 * TARGET_NODES]
    for r in big:
        ok = "atteint" if r["defaut_s"] < TARGET_SECONDS else "NON atteint"
        ok_all = "atteint" if r["detail_s"] < TARGET_SECONDS else "non atteint"
        print(f"Objectif « carte de {TARGET_NODES:,} nœuds stable en moins de {TARGET_SECONDS:.0f} s » : "
              f"vue par défaut {r['defaut_s']:.2f} s → {ok} ; vue de tous les nœuds {r['detail_s']:.2f} s → "
              f"{ok_all}.".replace(",", "\u202f"))
    load = os.getloadavg()
    print(f"Charge de la machine (1, 5, 15 min) : {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} ; "
          f"{os.cpu_count()} cœurs.")
    print(json.dumps(rows, ensure_ascii=False))


if __name__ == "__main__":
    sys.exit(main())
