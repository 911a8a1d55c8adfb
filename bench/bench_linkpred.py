"""Link scores: our sparse row products against networkx's generators, on the same candidate pairs.

A synthetic national ecosystem (``ecosysteme.synth.synthetic_model``) is
projected to the undirected ecosystem graph; the candidate pairs are the
non-adjacent pairs at distance 2 (as :func:`ecosysteme.analysis.suggest_links`
uses), sampled with a fixed seed down to ``--paires``. Both sides score the
same pairs; the scores are checked equal before any time is printed.

Goal of issue 18: at least 20x networkx for each score and for the three in
one call (MET/MISSED printed). The compiled kernel's one-off load (numba's disk
cache; the compilation itself on the very first run) is timed apart, before the
measures: a process pays it once, whatever it scores afterwards.

Usage::

    .venv/bin/python bench/bench_linkpred.py [--acteurs 20000] [--paires 1000000] [--graine 0]
"""

from __future__ import annotations

import argparse
import platform
import time

import networkx as nx
import numpy as np

from ecosysteme.analysis._sparse import overlap_sums
from ecosysteme.analysis.linkpred import adjacency, candidate_pairs, link_graph, topological_scores
from ecosysteme.synth import synthetic_model

GOAL = 20.0


def _timed(fn):
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def _cpu_timed(fn):
    """(wall seconds, CPU seconds of this process, value)."""
    start, cpu = time.perf_counter(), time.process_time()
    value = fn()
    return time.perf_counter() - start, time.process_time() - cpu, value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--acteurs", type=int, default=20_000, help="acteurs du graphe synthétique")
    parser.add_argument("--paires", type=int, default=1_000_000, help="paires candidates notées (au plus)")
    parser.add_argument("--graine", type=int, default=0)
    args = parser.parse_args()

    t_model, model = _timed(lambda: synthetic_model(args.acteurs, seed=args.graine))
    t_graph, lg = _timed(lambda: link_graph(model))
    t_cand, (ci, cj) = _timed(lambda: candidate_pairs(lg.A, lg.is_actor, max_candidates=None))
    rng = np.random.default_rng(args.graine)
    if len(ci) > args.paires:
        keep = np.sort(rng.choice(len(ci), size=args.paires, replace=False))
        ci, cj = ci[keep], cj[keep]
    print(f"machine : {platform.processor() or platform.machine()}, Python {platform.python_version()}, "
          f"networkx {nx.__version__}")
    print(f"graphe : {lg.n} nœuds ({args.acteurs} acteurs), {len(lg.edges)} liens ; modèle synthétique "
          f"{t_model:.2f} s, projection {t_graph:.2f} s, candidats à distance 2 {t_cand:.2f} s")
    print(f"paires notées : {len(ci)} (tirées avec la graine {args.graine})")

    t_load, _ = _timed(lambda: topological_scores(adjacency(3, np.array([[0, 1], [1, 2]])), np.array([0]),
                                                  np.array([2])))
    print(f"noyau compilé chargé en {t_load:.2f} s (une fois par processus, hors mesures)")

    g = nx.Graph()
    g.add_nodes_from(range(lg.n))
    g.add_edges_from(map(tuple, lg.edges.tolist()))
    pairs = list(zip(ci.tolist(), cj.tolist(), strict=True))
    A = lg.A
    deg = np.asarray(A.sum(axis=1)).ravel()
    w_aa = np.where(deg > 1, 1.0 / np.log(np.maximum(deg, 2)), 0.0)
    w_ra = np.where(deg > 0, 1.0 / np.maximum(deg, 1), 0.0)

    def one_score(weights: np.ndarray) -> np.ndarray:
        return overlap_sums(A, ci, cj, weights, exclude_ends=True)[0][0]

    def our_jaccard() -> np.ndarray:
        cn = one_score(np.ones_like(deg))
        union = deg[ci] + deg[cj] - cn
        return np.divide(cn, union, out=np.zeros_like(cn), where=union > 0)

    rows = []
    ours_all_time, ours_all_cpu, ours_all = _cpu_timed(lambda: topological_scores(A, ci, cj))
    total_nx = total_nx_cpu = 0.0
    for label, key, nx_fn, our_fn in (
        ("Adamic-Adar", "aa", nx.adamic_adar_index, lambda: one_score(w_aa)),
        ("allocation de ressources", "ra", nx.resource_allocation_index, lambda: one_score(w_ra)),
        ("Jaccard", "jaccard", nx.jaccard_coefficient, our_jaccard),
    ):
        t_nx, c_nx, theirs = _cpu_timed(
            lambda fn=nx_fn: np.fromiter((p for _u, _v, p in fn(g, pairs)), dtype=float, count=len(pairs)))
        t_ours, c_ours, ours = _cpu_timed(our_fn)
        np.testing.assert_allclose(ours, theirs, rtol=1e-9, atol=1e-12)
        np.testing.assert_allclose(ours_all[key], theirs, rtol=1e-9, atol=1e-12)
        total_nx += t_nx
        total_nx_cpu += c_nx
        rows.append((label, t_nx, t_ours, c_nx, c_ours))
    rows.append(("les trois (+ CN, PA) en un appel", total_nx, ours_all_time, total_nx_cpu, ours_all_cpu))

    print("scores identiques (écart relatif < 1e-9) sur toutes les paires.")
    print(f"{'score':<34}{'networkx (s)':>14}{'ecosysteme (s)':>16}{'rapport':>10}{'rapport CPU':>13}"
          f"  objectif x{GOAL:.0f}")
    for label, t_nx, t_ours, c_nx, c_ours in rows:
        ratio = t_nx / t_ours
        print(f"{label:<34}{t_nx:>14.3f}{t_ours:>16.3f}{ratio:>9.1f}x{c_nx / max(c_ours, 1e-9):>12.1f}x"
              f"  {'MET' if ratio >= GOAL else 'MISSED'}")


if __name__ == "__main__":
    main()
