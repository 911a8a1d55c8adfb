"""Export a model in the formats other tools read.

RDF (Turtle, N-Triples, JSON-LD) for researchers; GEXF (:mod:`.gexf`) and
GraphML (:mod:`.graphml`) for Gephi, Gephi Lite, yEd, Cytoscape; CSV of nodes
and edges for spreadsheets, and ready-to-import CSV for Gephi, Kumu and
``neo4j-admin`` (:mod:`.tables`). This module picks the writers, makes every
file atomic, and uses a second core on large models.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

import networkx as nx

from ecosysteme.ecosystem import Ecosystem, as_ecosystem
from ecosysteme.export._xml import flat
from ecosysteme.export.gexf import write_gexf
from ecosysteme.export.graphml import write_graphml
from ecosysteme.export.jsonld import write_jsonld
from ecosysteme.export.manifest import remove_manifest, write_manifest
from ecosysteme.export.tables import CSV_FILES, NEO4J_FILES, write_csv, write_gephi, write_kumu, write_neo4j_admin
from ecosysteme.fs import atomic_path, atomic_write, sweep_temporaries
from ecosysteme.model import Model
from ecosysteme.projections.graph import to_networkx
from ecosysteme.projections.rdf import ntriples_chunks, to_store
from ecosysteme.territories import Territories
from ecosysteme.vocab import SERIALISATION_PREFIXES

__all__ = ["BUILD_FORMATS", "DEFAULT_FORMATS", "EXPORT_FORMATS", "export_model", "flat_graph"]

#: format name -> file name(s) in the output folder
EXPORT_FORMATS = {
    "nt": "graphe.nt",
    "ttl": "graphe.ttl",
    "jsonld": "graphe.jsonld",
    "graphml": "graphe.graphml",
    "gexf": "graphe.gexf",
    "csv": CSV_FILES["csv"],
    "gephi": CSV_FILES["gephi"],
    "kumu": CSV_FILES["kumu"],
    "neo4j-admin": NEO4J_FILES,
}
#: What :func:`export_model` writes unless told otherwise (the tool flavours are asked for by name).
DEFAULT_FORMATS = ("nt", "ttl", "jsonld", "graphml", "gexf", "csv")
#: What ``ecosysteme build`` writes unless told otherwise: the files most people open (Turtle,
#: GEXF for Gephi, CSV for a spreadsheet). N-Triples, JSON-LD and GraphML are the heaviest to
#: write (at 100k actors: 0.9 GB, 0.65 GB, and seconds each) and are asked for by name.
BUILD_FORMATS = ("ttl", "gexf", "csv")

Progress = Callable[[str], None]

#: Up to this many actors + programmes + needs, the GEXF carries the map's layout (``position``); the
#: layout takes seconds for thousands of nodes, and a larger map opens on its aggregated view anyway.
GEXF_LAYOUT_UP_TO = 5000


def flat_graph(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Copy with only scalar attributes (lists joined by ``|``, None dropped): what GraphML/GEXF accept."""
    out = nx.MultiDiGraph()
    for n, attrs in g.nodes(data=True):
        out.add_node(n, **flat(attrs))
    for u, v, k, attrs in g.edges(keys=True, data=True):
        out.add_edge(u, v, key=k, **flat(attrs))
    return out



def _serialise_rdf(triples, path: Path, fmt: str) -> None:
    """Turtle by Oxigraph with our prefixes; JSON-LD compacted under the shipped context (:mod:`.jsonld`)."""
    import pyoxigraph as ox

    if fmt == "jsonld":
        with atomic_write(path) as fh:
            write_jsonld(triples, fh)
        return
    with atomic_path(path) as tmp:
        ox.serialize(triples, str(tmp), format=ox.RdfFormat.TURTLE, prefixes=SERIALISATION_PREFIXES)


#: Characters that Oxigraph escapes in a literal and model_triples writes raw (see _export_rdf_streamed):
#: control characters but line ends (as bytes to delete), and U+FFFE, U+FFFF (as their UTF-8).
_CONTROLS = bytes([*range(0x00, 0x0a), 0x0b, 0x0c, *range(0x0e, 0x20), 0x7f])
_NONCHARACTERS = (b"\xef\xbf\xbe", b"\xef\xbf\xbf")


def _escaped_by_oxigraph(chunk: bytes) -> bool:
    """Whether ``chunk`` holds a character Oxigraph would escape (a C loop: a regex took 3x the time)."""
    return (len(chunk.translate(None, _CONTROLS)) != len(chunk)
            or _NONCHARACTERS[0] in chunk or _NONCHARACTERS[1] in chunk)


def _export_rdf_streamed(model: Model, out: Path, formats: list[str], territories: Territories | None,
                         step: Progress, *, fork: bool = False) -> list[Path]:
    """N-Triples, Turtle and JSON-LD without holding the graph in memory more than once.

    Same bytes as the in-memory path of :func:`export_model` (text, then an
    Oxigraph store, then its triples sorted as N-Triples terms), for a
    fraction of the memory and time: the sorted N-Triples are streamed to
    ``graphe.nt`` (or a temporary file), then Turtle and JSON-LD are
    serialised from that sorted file, parsed as a stream. The projection writes
    canonical literals, so a store would change nothing; the order is the
    store's order (N-Triples terms joined by spaces) unless a literal holds a
    character that Oxigraph escapes and our writer does not (control
    characters): then the store path runs, as before.
    """
    import pyoxigraph as ox

    written: list[Path] = []
    rdf_formats = [f for f in ("ttl", "jsonld") if f in formats]
    with tempfile.TemporaryDirectory(prefix=".ecosysteme-rdf-", dir=out) as scratch:
        nt_path = out / EXPORT_FORMATS["nt"] if "nt" in formats else Path(scratch) / "graphe.nt"
        escaped = False
        step("N-Triples")  # written to a temporary file when only Turtle or JSON-LD is asked: the same work
        with atomic_write(nt_path, "wb") as nt:
            for chunk in ntriples_chunks(model, territories):
                nt.write(chunk)
                if rdf_formats:
                    escaped = escaped or _escaped_by_oxigraph(chunk)
        if "nt" in formats:
            written.append(nt_path)
        if not rdf_formats:
            return written
        if escaped:  # the in-memory path: a store, its triples sorted by their N-Triples terms
            store = ox.Store()
            store.bulk_load(path=str(nt_path), format=ox.RdfFormat.N_TRIPLES)
            triples = [q.triple for q in store.quads_for_pattern(None, None, None, None)]
            del store
            triples.sort(key=str)

        def serialise(f: str) -> Path:
            step({"ttl": "Turtle", "jsonld": "JSON-LD"}[f])
            path = out / EXPORT_FORMATS[f]
            # quads of the default graph serialise as their triples
            source = triples if escaped else ox.parse(path=str(nt_path), format=ox.RdfFormat.N_TRIPLES)
            _serialise_rdf(source, path, f)
            return path

        if fork and not escaped and len(rdf_formats) == 2:
            # JSON-LD in a forked child, reading the same sorted file, while Turtle is written here
            child = _Child(lambda: serialise("jsonld"), "JSON-LD")
            try:
                written.append(serialise("ttl"))
            except BaseException:
                child.stop()
                _sweep_temporaries(out, ["jsonld"])
                raise
            written.append(child.result())  # before the scratch folder goes
        else:
            written.extend(serialise(f) for f in rdf_formats)
    return written


#: From this many actors + relations, :func:`export_model` uses a second core: the graph formats
#: (networkx projection, GraphML, GEXF, CSV) and JSON-LD are written by forked child processes,
#: which share the model copy-on-write, while this process writes N-Triples and Turtle.
PARALLEL_FROM = 20_000

_RDF_FAMILY = ("nt", "ttl", "jsonld")
_GRAPH_FAMILY = ("graphml", "gexf", "csv", "gephi", "kumu", "neo4j-admin")


def export_model(ecosystem: Ecosystem | Model, out: Path, formats: Iterable[str] = DEFAULT_FORMATS, *,
                 progress: Progress | None = None, parallel: bool | None = None,
                 source: Path | None = None) -> list[Path]:
    """Write the ecosystem to ``out`` in the given formats; return the files written.

    Every file is written atomically, and ``manifeste.json`` last
    (:mod:`ecosysteme.export.manifest`: files, sizes, SHA-256, the input's
    fingerprint when ``source`` is given); the old manifest is removed first
    and the temporary files a killed run left are swept. Outputs are deterministic: the same
    model gives byte-identical files, whichever path writes them. Projections
    the :class:`~ecosysteme.Ecosystem` already computed (its networkx graph,
    its N-Triples) are reused; otherwise the N-Triples are streamed to the file
    without holding them in memory.

    Parameters
    ----------
    parallel
        Use a second core through forked child processes (the model is
        shared copy-on-write): the graph formats (projection, GraphML, GEXF,
        CSV) are written by a child while this process writes the RDF
        formats, and JSON-LD by another child, from the same sorted
        N-Triples, while this process writes Turtle. ``None`` (default):
        when the model has at least :data:`PARALLEL_FROM` actors +
        relations, the machine has more than one core and processes can be
        forked. ``True`` forces it where fork exists; ``False`` keeps
        everything in this process. The bytes written are the same. In a
        child, ``progress`` is called in the child process (its messages
        reach the same terminal; a callback that records in memory does not
        see them). An exception in a child is raised again here (same type,
        the child's traceback as a note) once this process's own formats
        are written; an exception here (or Ctrl-C) stops the children.
        Every file stays atomic either way.
    """
    from ecosysteme.io.tables import gc_paused

    e = as_ecosystem(ecosystem)
    model, territories = e.model, e.territories
    graph, ntriples = e.computed("graph"), e.computed("ntriples")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    formats = list(formats)
    unknown = [f for f in formats if f not in EXPORT_FORMATS]
    if unknown:
        raise ValueError(f"formats inconnus : {unknown}")
    step = progress or (lambda _msg: None)
    rdf = [f for f in formats if f in _RDF_FAMILY]
    graphs = [f for f in formats if f in _GRAPH_FAMILY]
    fork = bool(rdf) and _use_parallel(model, parallel)
    remove_manifest(out)
    sweep_temporaries(out)
    with gc_paused():
        if fork and graphs:
            written = _export_parallel(model, out, formats, territories=territories, graph=graph,
                                       ntriples=ntriples, step=step)
        else:
            written = _export_rdf_family(model, out, formats, territories=territories, ntriples=ntriples,
                                         step=step, fork=fork)
            written.extend(_export_graph_family(model, out, formats, territories=territories, graph=graph,
                                                step=step))
    write_manifest(out, written, dataset=model.dataset, source=source)
    return written


def _use_parallel(model: Model, parallel: bool | None) -> bool:
    import multiprocessing

    if parallel is False or "fork" not in multiprocessing.get_all_start_methods():
        return False
    if parallel:
        return True
    return (os.cpu_count() or 1) > 1 and len(model.actors) + len(model.relations) >= PARALLEL_FROM


class _Child:
    """``work()`` run in a forked child process; :meth:`result` returns its value or raises its exception.

    The child shares this process's memory copy-on-write. On SIGTERM (see
    :meth:`stop`) it unwinds, so atomic writes remove their temporary files.
    """

    def __init__(self, work: Callable[[], object], what: str) -> None:
        import multiprocessing

        self.what = what
        ctx = multiprocessing.get_context("fork")
        self._receiver, sender = ctx.Pipe(duplex=False)
        self._process = ctx.Process(target=self._run, args=(work, sender), name=f"ecosysteme-{what}", daemon=True)
        self._process.start()
        sender.close()

    @staticmethod
    def _run(work: Callable[[], object], conn) -> None:
        import pickle
        import signal
        import traceback

        def stop(signum, _frame):  # terminate() from the parent: unwind, so atomic writes clean up
            raise SystemExit(128 + signum)

        signal.signal(signal.SIGTERM, stop)
        try:
            value = work()
        except BaseException as exc:
            text = "".join(traceback.format_exception(exc))
            try:
                payload = pickle.dumps(exc)
                pickle.loads(payload)
            except Exception:
                payload = None
            try:
                conn.send(("erreur", payload, text))
            finally:
                conn.close()
            # exit quietly (multiprocessing would print the traceback again); the parent raises it
            raise SystemExit(exc.code if isinstance(exc, SystemExit) else 1) from None
        conn.send(("ok", value, None))
        conn.close()

    def result(self) -> object:
        """Wait for the child; return its value, or raise its exception here (the child's traceback as a note)."""
        import pickle

        try:
            try:
                status, value, text = self._receiver.recv()
            except EOFError:
                status, value, text = "mort", None, None
            self._process.join()
        except BaseException:
            self.stop()
            raise
        finally:
            self._receiver.close()
        if status == "ok":
            return value
        where = f"processus fils qui écrit {self.what}"
        if value is not None:
            exc = pickle.loads(value)
            exc.add_note(f"(levée dans le {where})\n{text}")
            raise exc
        if text is not None:
            raise RuntimeError(f"échec dans le {where} :\n{text}")
        raise RuntimeError(f"le {where} s'est arrêté sans répondre (code de sortie {self._process.exitcode})")

    def stop(self) -> None:
        """Terminate the child (SIGTERM: it removes its temporary files), kill it if it lingers, reap it."""
        if self._process.is_alive():
            self._process.terminate()
            self._process.join(10)
        if self._process.is_alive():
            self._process.kill()
        self._process.join()
        self._receiver.close()


def _export_parallel(model: Model, out: Path, formats: list[str], *, territories: Territories | None,
                     graph: nx.MultiDiGraph | None, ntriples: str | None, step: Progress) -> list[Path]:
    """RDF formats here, graph formats in a forked child (the model is shared copy-on-write)."""
    child = _Child(lambda: _export_graph_family(model, out, formats, territories=territories, graph=graph,
                                                step=step), "GraphML, GEXF et CSV")
    try:
        written = _export_rdf_family(model, out, formats, territories=territories, ntriples=ntriples, step=step,
                                     fork=True)
    except BaseException:
        child.stop()
        _sweep_temporaries(out, list(_GRAPH_FAMILY))
        raise
    return written + child.result()


def _sweep_temporaries(out: Path, formats: list[str]) -> None:
    """Remove what a stopped child may have left mid-write (a SIGTERM between mkstemp and its try block)."""
    for fmt in formats:
        names = EXPORT_FORMATS[fmt]
        for name in (names,) if isinstance(names, str) else names:
            for stray in out.glob(f".{name}.*.tmp"):
                stray.unlink(missing_ok=True)


def _export_rdf_family(model: Model, out: Path, formats: list[str], *, territories: Territories | None,
                       ntriples: str | None, step: Progress, fork: bool = False) -> list[Path]:
    """N-Triples, Turtle and JSON-LD among ``formats``."""
    written: list[Path] = []
    if any(f in formats for f in _RDF_FAMILY) and ntriples is None:
        written.extend(_export_rdf_streamed(model, out, formats, territories, step, fork=fork))
    elif any(f in formats for f in _RDF_FAMILY):
        if "nt" in formats:
            step("N-Triples")
            path = out / EXPORT_FORMATS["nt"]
            with atomic_write(path) as fh:
                fh.write(ntriples)
            written.append(path)
        rdf_formats = [f for f in ("ttl", "jsonld") if f in formats]
        if rdf_formats:
            store = to_store(ntriples)
            ntriples = None  # the caller's copy, if any, stays; ours is no longer needed
            triples = [q.triple for q in store.quads_for_pattern(None, None, None, None)]
            del store
            # Sorted by (subject, predicate, object) as N-Triples terms. str(triple) is those three
            # joined by spaces; an IRI or blank node holds neither ">" nor a space and a literal ends
            # the string, so comparing the joined strings compares the tuples.
            triples.sort(key=str)
            for f in rdf_formats:
                step({"ttl": "Turtle", "jsonld": "JSON-LD"}[f])
                path = out / EXPORT_FORMATS[f]
                _serialise_rdf(triples, path, f)
                written.append(path)
            del triples
    return written


def _export_graph_family(model: Model, out: Path, formats: list[str], *, territories: Territories | None,
                         graph: nx.MultiDiGraph | None, step: Progress) -> list[Path]:
    """GraphML, GEXF and the CSV formats among ``formats``."""
    written: list[Path] = []
    if any(f in formats for f in _GRAPH_FAMILY if f != "neo4j-admin"):  # neo4j-admin: rows of the model
        g = graph if graph is not None else to_networkx(model, territories)
        if "graphml" in formats:
            step("GraphML")
            path = out / EXPORT_FORMATS["graphml"]
            with atomic_path(path) as tmp:
                write_graphml(g, tmp)
            written.append(path)
        if "gexf" in formats:
            step("GEXF")
            from ecosysteme.viz.mapdata import map_node_positions, map_node_sizes

            sizes = map_node_sizes(model)
            positions = map_node_positions(model) if len(sizes) <= GEXF_LAYOUT_UP_TO else None
            path = out / EXPORT_FORMATS["gexf"]
            with atomic_path(path) as tmp:
                write_gexf(g, tmp, sizes=sizes, positions=positions, description=f"Écosystème « {model.dataset} »")
            written.append(path)
        for fmt, label, write in (("csv", "CSV", write_csv), ("gephi", "CSV pour Gephi", write_gephi),
                                  ("kumu", "CSV pour Kumu", write_kumu)):
            if fmt in formats:
                step(label)
                written.extend(write(g, out))
    if "neo4j-admin" in formats:
        step("CSV pour neo4j-admin")
        written.extend(write_neo4j_admin(model, out))
    return written
