"""Graph exports: our streamed GraphML and GEXF writers against networkx's writers, same graph.

A synthetic national ecosystem (``ecosysteme.synth.synthetic_model``) is
projected to networkx (``to_networkx``, territories included). Ours write
each element once as text (:func:`ecosysteme.export.graphml.write_graphml`,
:func:`ecosysteme.export.gexf.write_gexf`, with the map's node sizes for the
GEXF, computed inside the timed part); networkx builds an ElementTree of the
whole graph first (``nx.write_graphml``, ``nx.write_gexf`` on the same graph
with flat attributes, flattening not timed). Both files are re-read (ElementTree)
to check they hold the same number of edges before any ratio is printed.
networkx's files are not what we ship (GEXF 1.2, relation type in
``edge@type``, no colours): the comparison is of the writing work only.

Usage::

    .venv/bin/python bench/bench_export.py [--acteurs 20000] [--graine 0]
"""

from __future__ import annotations

import argparse
import os
import platform
import tempfile
import time
from pathlib import Path

import networkx as nx

from ecosysteme.export.gexf import write_gexf
from ecosysteme.export.graphml import write_graphml
from ecosysteme.export.writers import flat_graph
from ecosysteme.projections.graph import to_networkx
from ecosysteme.synth import synthetic_model
from ecosysteme.viz.mapdata import map_node_sizes


def _timed(fn):
    start = time.perf_counter()
    cpu = time.process_time()
    fn()
    return time.perf_counter() - start, time.process_time() - cpu


def _edges(path: Path) -> int:
    from xml.etree.ElementTree import iterparse

    return sum(1 for _, element in iterparse(path) if element.tag.endswith("}edge"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--acteurs", type=int, default=20_000, help="acteurs du graphe synthétique")
    parser.add_argument("--graine", type=int, default=0)
    args = parser.parse_args()

    model = synthetic_model(args.acteurs, seed=args.graine)
    g = to_networkx(model)
    flat = flat_graph(g)
    print(f"machine : {platform.processor() or platform.machine()}, Python {platform.python_version()}, "
          f"networkx {nx.__version__}, charge moyenne {os.getloadavg()[0]:.2f}")
    print(f"graphe : {g.number_of_nodes()} nœuds ({args.acteurs} acteurs), {g.number_of_edges()} liens")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        rows = [
            ("GraphML", lambda: write_graphml(g, out / "nous.graphml"),
             lambda: nx.write_graphml(flat, out / "nx.graphml"), "graphml"),
            ("GEXF", lambda: write_gexf(g, out / "nous.gexf", sizes=map_node_sizes(model)),
             lambda: nx.write_gexf(flat, out / "nx.gexf"), "gexf"),
        ]
        for name, ours, theirs, ext in rows:
            t_ours, c_ours = _timed(ours)
            t_nx, c_nx = _timed(theirs)
            n_ours, n_nx = _edges(out / f"nous.{ext}"), _edges(out / f"nx.{ext}")
            assert n_ours == n_nx == g.number_of_edges(), (name, n_ours, n_nx)
            print(f"{name:8} ecosysteme {t_ours:6.2f} s (CPU {c_ours:6.2f} s), "
                  f"networkx {t_nx:6.2f} s (CPU {c_nx:6.2f} s) ; ratio networkx / ecosysteme : "
                  f"temps ×{t_nx / t_ours:.1f}, CPU ×{c_nx / c_ours:.1f}")


if __name__ == "__main__":
    main()
