"""Query workers: separate processes that can be killed when a query runs too long.

pyoxigraph cannot cancel a running query, so the server never runs one in its
own process. Each worker opens the store read-only (a consistent snapshot,
switched to the newest published version before each request) and answers
requests sent over a pipe; a request naming a published version
(``"version": "v000003"``) is answered from that version, opened read-only
and kept open a while (:data:`PINNED_IDLE` seconds, at most
:data:`PINNED_MAX` versions) for the next ones; a request that exceeds the time limit gets its
worker killed and replaced, and the server keeps answering with the others.
Which worker answers which request is decided by :mod:`ecosysteme.server._pool`.
Updates run in a one-off process that writes a new version of the store.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import traceback
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

from ecosysteme.errors import EcosystemeError, QueryError, WorkerCrashed
from ecosysteme.stores.rdfstore import QueryRefused, QueryTimeout, ResultTooLarge

__all__ = ["Reply", "WorkerCrashed", "run_update"]


@dataclass
class Reply:
    """What a worker answers: ``ok`` with a payload, or an error kind and French message."""

    ok: bool
    payload: object = None
    error: str | None = None
    message: str | None = None


# ---------------------------------------------------------------------- worker side

def _error_kind(exc: BaseException) -> str:
    if isinstance(exc, ResultTooLarge):
        return "too_large"
    if isinstance(exc, QueryRefused):
        return "refused"
    if isinstance(exc, QueryError):
        return "bad_query"
    if isinstance(exc, EcosystemeError):
        return "store"
    return "internal"


#: Published versions (other than the current one) a worker keeps open at most, and for how long unused (s).
PINNED_MAX = 2
PINNED_IDLE = 60.0


class _Pinned:
    """The published versions a worker has open (each holds its reader lock, so it is not removed meanwhile)."""

    def __init__(self, store_path: str) -> None:
        self.store_path = store_path
        self.open: dict[str, tuple[object, float]] = {}

    def get(self, version: str):
        import time

        from ecosysteme.stores.rdfstore import RdfStore

        entry = self.open.pop(version, None)
        store = entry[0] if entry else RdfStore.open(self.store_path, version=version)
        self.open[version] = (store, time.monotonic())
        while len(self.open) > PINNED_MAX:
            oldest = next(iter(self.open))
            self.open.pop(oldest)[0].close()  # type: ignore[attr-defined]
        return store

    def close_idle(self, idle: float = PINNED_IDLE) -> None:
        import time

        now = time.monotonic()
        for version, (store, used) in list(self.open.items()):
            if now - used >= idle:
                del self.open[version]
                store.close()  # type: ignore[attr-defined]


def _merged_dump(store, iri: str, extra: str, fmt: str) -> bytes:
    """One graph of ``store`` with ``extra`` N-Triples added (what the server knows: endpoints), in ``fmt``."""
    from ecosysteme.stores.rdfstore import RdfStore

    merged = RdfStore.memory()
    merged.replace_graph(iri, store.dump(iri, "nt") + extra.encode("utf-8"))
    return merged.dump(iri, fmt)


def _handle(store, request: dict) -> object:
    from ecosysteme.server._conneg import choose_for_query
    from ecosysteme.server._protocol import ask_table
    from ecosysteme.stores.rdfstore import serialize

    op = request["op"]
    if op == "query":
        result = store.query(request["text"], default_graphs=request.get("default_graphs"),
                             named_graphs=request.get("named_graphs"), allow_service=request["allow_service"],
                             max_results=request.get("max_results"))
        kind = "graph" if result.kind == "graph" else "results"
        fmt = choose_for_query(kind, request.get("accept"), request.get("format"))
        if fmt is None:
            return {"status": 406, "kind": kind}
        if result.kind == "ask" and fmt in ("csv", "tsv"):
            return {"status": 200, "kind": kind, "format": fmt, "body": ask_table(result.value, fmt)}
        return {"status": 200, "kind": kind, "format": fmt, "body": serialize(result, fmt)}
    if op == "graphs":
        return {"version": store.version, "graphs": [g.__dict__ for g in store.graphs()]}
    if op == "dump":
        if request.get("extra"):
            return _merged_dump(store, request["graph"], request["extra"], request["format"])
        return store.dump(request["graph"], request["format"])
    if op == "describe":
        import pyoxigraph as ox

        from ecosysteme.stores.rdfstore import GraphResult

        data = store.describe(request["iri"], limit=request.get("limit", 1000))
        if request.get("format"):
            node = ox.NamedNode(request["iri"])
            triples = {ox.Triple(node, p, o) for _, p, o in data["outgoing"]}
            triples.update(ox.Triple(s, p, node) for _, s, p in data["incoming"])
            return serialize(GraphResult(sorted(triples, key=str)), request["format"])
        return {
            "outgoing": [(_text(g), _term(p), _term(o)) for g, p, o in data["outgoing"]],
            "incoming": [(_text(g), _term(s), _term(p)) for g, s, p in data["incoming"]],
            "incoming_truncated": data["incoming_truncated"],
            "labels": data["labels"],
        }
    if op == "ping":
        return {"version": store.version}
    raise ValueError(f"opération inconnue : {op}")


def _text(term) -> str | None:
    import pyoxigraph as ox

    return term.value if isinstance(term, ox.NamedNode) else None


def _term(term) -> dict:
    """A term as plain data for the HTML pages: kind, value, language, datatype."""
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return {"kind": "iri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"kind": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        return {"kind": "literal", "value": term.value, "language": term.language,
                "datatype": term.datatype.value}
    return {"kind": "other", "value": str(term)}


def _worker_main(conn_in, conn_out, store_path: str) -> None:
    """Loop of a worker process: open the store, answer requests until the pipe closes."""
    from ecosysteme.stores.rdfstore import RdfStore

    store = None
    open_error: str | None = None
    pinned = _Pinned(store_path)
    try:
        store = RdfStore.open(store_path)
        conn_out.send(Reply(True, {"ready": store.version}))
    except EcosystemeError as exc:
        open_error = str(exc)
        conn_out.send(Reply(False, error="store", message=open_error))
    while True:
        try:
            if pinned.open and not conn_in.poll(PINNED_IDLE / 2):
                pinned.close_idle()  # let « magasin nettoyer » remove versions nobody asks for any more
                continue
            request = conn_in.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        try:
            if store is None:
                try:
                    store = RdfStore.open(store_path)
                    open_error = None
                except EcosystemeError as exc:
                    open_error = str(exc)
            if store is None:
                reply = Reply(False, error="store", message=open_error)
            else:
                store.refresh()
                version = request.get("version")
                target = store if not version or version == store.version else pinned.get(version)
                reply = Reply(True, _handle(target, request))
        except Exception as exc:
            message = str(exc)
            if _error_kind(exc) == "internal":
                # A bug: the details go to the server's log, not to the client.
                traceback.print_exc(file=sys.stderr)
                message = f"erreur interne du serveur ({type(exc).__name__}) : voir le journal du serveur."
            reply = Reply(False, error=_error_kind(exc), message=message)
        try:
            conn_out.send(reply)
        except (OSError, ValueError):
            return


def _update_main(conn_in, conn_out, store_path: str) -> None:
    from ecosysteme.stores.rdfstore import RdfStore

    request = conn_in.recv()
    try:
        with RdfStore.write(store_path) as writer:
            writer.update(request["text"], allow_service=request["allow_service"])
        conn_out.send(Reply(True, {"version": writer.version}))
    except Exception as exc:
        conn_out.send(Reply(False, error=_error_kind(exc), message=str(exc)))


def _child_main(argv: list[str]) -> None:
    """Entry point of a child process (``python -m ecosysteme.server._child MODE STORE``).

    Requests arrive on stdin and replies leave on stdout, framed by
    :class:`multiprocessing.connection.Connection`; anything else the child
    prints goes to stderr.
    """
    mode, store_path = argv[0], argv[1]
    conn_in = Connection(os.dup(0), writable=False)
    conn_out = Connection(os.dup(1), readable=False)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    if mode == "requetes":
        _worker_main(conn_in, conn_out, store_path)
    else:
        _update_main(conn_in, conn_out, store_path)


def _spawn_child(mode: str, store_path: str) -> tuple[subprocess.Popen, Connection, Connection]:
    import ecosysteme

    env = dict(os.environ)
    package_root = str(Path(ecosysteme.__file__).resolve().parents[1])
    env["PYTHONPATH"] = os.pathsep.join([package_root, *filter(None, [env.get("PYTHONPATH")])])
    process = subprocess.Popen([sys.executable, "-m", "ecosysteme.server._child", mode, store_path],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env, close_fds=True)
    assert process.stdin is not None and process.stdout is not None
    to_child = Connection(os.dup(process.stdin.fileno()), readable=False)
    from_child = Connection(os.dup(process.stdout.fileno()), writable=False)
    process.stdin.close()
    process.stdout.close()
    return process, to_child, from_child


# ---------------------------------------------------------------------- server side

#: Seconds a new worker may take to start (Python, imports, opening the store): not counted in a query's time.
STARTUP_TIMEOUT = 120.0


class _Worker:
    def __init__(self, store_path: str) -> None:
        self.process, self.to_child, self.conn = _spawn_child("requetes", store_path)
        self.ready = False

    def wait_ready(self, timeout: float = STARTUP_TIMEOUT) -> None:
        """Wait for the worker's first message (store opened, or the error opening it)."""
        if self.ready:
            return
        if not self.conn.poll(timeout):
            raise WorkerCrashed(f"le processus de requête n'a pas démarré en {timeout:g} s.")
        self.conn.recv()  # ready, or an error that every request will report again
        self.ready = True

    def send(self, request: dict) -> None:
        self.to_child.send(request)

    def kill(self) -> None:
        with contextlib.suppress(Exception):
            self.process.kill()
        with contextlib.suppress(Exception):
            self.process.wait(timeout=5)
        for conn in (self.to_child, self.conn):
            with contextlib.suppress(Exception):
                conn.close()


def run_update(store_path: Path | str, text: str, *, timeout: float, allow_service: bool = False) -> Reply:
    """Run a SPARQL Update in a one-off process that publishes a new version of the store.

    Killed at ``timeout``: the published store is then unchanged.
    """
    process, to_child, from_child = _spawn_child("mise-a-jour", str(store_path))
    try:
        to_child.send({"text": text, "allow_service": allow_service})
        if not from_child.poll(timeout):
            process.kill()
            raise QueryTimeout(f"la mise à jour a dépassé la limite de {timeout:g} s et a été annulée "
                               "(le magasin est inchangé).")
        try:
            return from_child.recv()
        except EOFError as exc:
            raise WorkerCrashed("le processus de mise à jour s'est arrêté sans répondre.") from exc
    finally:
        with contextlib.suppress(Exception):
            process.wait(timeout=10)
        to_child.close()
        from_child.close()
