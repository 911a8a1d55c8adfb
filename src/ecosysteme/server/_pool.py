"""The query workers in two lanes, so that a light query is not stuck behind heavy ones.

Lanes::

    régulière   every kind of request; as many processes as the machine has
                processors (at least 2, at most 8) unless told otherwise
    courte      light requests only (ASK, a LIMIT without sorting or grouping,
                the pages' own look-ups), each capped at ``short_limit``
                seconds; a request that outgrows the cap is interrupted there
                and runs again in the regular lane with the time it has left

A light request takes whichever lane frees a worker first; a heavy one waits
for the regular lane. Waiting requests are served strictly in arrival order
(a freed worker is handed to the oldest request that may use it). The pool
counts what it does (queue depth, waits, run times, interruptions) for the
``/statut`` page.
"""

from __future__ import annotations

import collections
import math
import os
import statistics
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from ecosysteme.errors import WorkerCrashed
from ecosysteme.server._workers import Reply, _Worker
from ecosysteme.stores.rdfstore import QueryTimeout, analyse

__all__ = ["WorkerPool", "default_workers", "is_light"]

#: Requests whose durations the status keeps, per lane.
HISTORY = 500
#: Query keywords that make a query sort, group or compare sets: never light.
_HEAVY_KEYWORDS = frozenset({"ORDER", "GROUP", "DISTINCT", "REDUCED", "COUNT", "SUM", "AVG", "MIN", "MAX",
                             "GROUP_CONCAT", "SAMPLE", "MINUS", "EXISTS", "SERVICE", "HAVING", "OFFSET"})
#: Internal operations of the pages that are bounded by construction.
_LIGHT_OPS = frozenset({"graphs", "ping", "describe"})


def default_workers() -> int:
    """Regular query processes for this machine: its usable processors, at least 2 and at most 8."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cpus = os.cpu_count() or 2
    return max(2, min(8, cpus))


def is_light(request: dict) -> bool:
    """Whether ``request`` is expected to be cheap (an estimate: the short lane's cap enforces it).

    Examples
    --------
    >>> is_light({"op": "query", "text": "ASK { ?s ?p ?o }"})
    True
    >>> is_light({"op": "query", "text": "SELECT * { ?s ?p ?o } LIMIT 10"})
    True
    >>> is_light({"op": "query", "text": "SELECT * { ?s ?p ?o } ORDER BY ?s LIMIT 10"})
    False
    >>> is_light({"op": "dump", "graph": "https://w3id.org/ecosysteme/graphe/bord"})
    False
    """
    op = request.get("op")
    if op in _LIGHT_OPS:
        return True
    if op != "query":
        return False
    shape = analyse(request["text"])
    if not shape.certain:
        return False
    if shape.form == "ASK":
        return True
    return "LIMIT" in shape.keywords and not (shape.keywords & _HEAVY_KEYWORDS)


@dataclass(eq=False)
class _Lane:
    name: str
    size: int
    limit: float | None = None  # cap on a request's run time in this lane (None: the request's own)
    idle: list[_Worker] = field(default_factory=list)
    busy: int = 0
    served: int = 0
    interrupted: int = 0
    waits: collections.deque = field(default_factory=lambda: collections.deque(maxlen=HISTORY))
    runs: collections.deque = field(default_factory=lambda: collections.deque(maxlen=HISTORY))


@dataclass(eq=False)
class _Waiter:
    lanes: tuple[_Lane, ...]
    light: bool
    since: float
    event: threading.Event = field(default_factory=threading.Event)
    got: tuple[_Lane, _Worker] | None = None


class WorkerPool:
    """Query worker processes on one store, in a regular lane and an optional short lane.

    Parameters
    ----------
    store_path : Path
        The store directory.
    size : int or None
        Regular worker processes (None: :func:`default_workers`).
    short : int
        Short-lane worker processes (0: no short lane, every request waits in one queue).
    short_limit : float
        Seconds a request may run in the short lane before it moves to the regular lane.
    """

    def __init__(self, store_path: Path | str, size: int | None = None, *, short: int = 1,
                 short_limit: float = 2.0) -> None:
        self.store_path = str(store_path)
        self.regular = _Lane("reguliere", max(1, int(size or default_workers())))
        self.short = _Lane("courte", max(0, int(short)), limit=short_limit)
        self.size = self.regular.size
        self.started = time.time()
        self.moved = 0  # light requests that outgrew the short lane
        self._lock = threading.Lock()
        self._waiters: collections.deque[_Waiter] = collections.deque()
        self._all: set[_Worker] = set()
        self._closed = False
        for lane in self.lanes:
            for _ in range(lane.size):
                lane.idle.append(self._spawn())

    @property
    def lanes(self) -> tuple[_Lane, ...]:
        return (self.regular, self.short) if self.short.size else (self.regular,)

    # ------------------------------------------------------------- workers

    def _spawn(self) -> _Worker:
        worker = _Worker(self.store_path)
        with self._lock:
            self._all.add(worker)
        return worker

    def _release(self, lane: _Lane, worker: _Worker) -> None:
        """Hand ``worker`` to the oldest waiter that may use its lane, or put it back as idle."""
        with self._lock:
            lane.busy -= 1
            if self._closed:
                return
            for waiter in self._waiters:
                if lane in waiter.lanes:
                    self._waiters.remove(waiter)
                    lane.busy += 1
                    waiter.got = (lane, worker)
                    waiter.event.set()
                    return
            lane.idle.append(worker)

    def _replace(self, lane: _Lane, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            self._all.discard(worker)
            closed = self._closed
        if closed:
            with self._lock:
                lane.busy -= 1
            return
        self._release(lane, self._spawn())

    def _acquire(self, lanes: tuple[_Lane, ...], light: bool, timeout: float) -> tuple[_Lane, _Worker, float]:
        """A worker of one of ``lanes`` (first free, in that order of preference); the seconds waited."""
        start = time.monotonic()
        with self._lock:
            for lane in lanes:
                if lane.idle:
                    lane.busy += 1
                    return lane, lane.idle.pop(), 0.0
            waiter = _Waiter(lanes, light, start)
            self._waiters.append(waiter)
        waiter.event.wait(max(timeout, 0.001))
        with self._lock:
            if waiter.got is None:
                self._waiters.remove(waiter)
                raise QueryTimeout(f"le serveur est occupé par d'autres requêtes depuis plus de {timeout:g} s : "
                                   "réessayez plus tard.")
        lane, worker = waiter.got
        return lane, worker, time.monotonic() - start

    # ------------------------------------------------------------- requests

    def call(self, request: dict, timeout: float) -> Reply:
        """Send ``request`` to a worker and wait for its reply at most ``timeout`` seconds.

        Raises
        ------
        QueryTimeout
            No worker became free, or the worker did not answer in time (it is
            then killed and replaced).
        WorkerCrashed
            The worker died.
        """
        light = self.short.size > 0 and is_light(request)
        lanes = (self.short, self.regular) if light else (self.regular,)
        lane, worker, waited = self._acquire(lanes, light, timeout)
        budget = timeout if lane.limit is None else min(timeout, lane.limit)
        try:
            return self._run(lane, worker, request, budget, waited)
        except QueryTimeout:
            if lane is self.regular or budget >= timeout:
                raise
        # Outgrew the short lane: run again in the regular lane with the time left.
        with self._lock:
            self.moved += 1
        remaining = timeout - budget  # run time left; waiting for a worker is not counted, as above
        lane, worker, waited2 = self._acquire((self.regular,), False, timeout)
        return self._run(lane, worker, request, remaining, waited + waited2, shown=timeout)

    def _run(self, lane: _Lane, worker: _Worker, request: dict, budget: float, waited: float,
             shown: float | None = None) -> Reply:
        """Run ``request`` on ``worker`` for at most ``budget`` seconds (``shown``: the limit the client knows)."""
        try:
            worker.wait_ready()
            started = time.monotonic()
            worker.send(request)
            if not worker.conn.poll(budget):
                with self._lock:
                    lane.interrupted += 1
                self._replace(lane, worker)
                raise QueryTimeout(f"la requête a dépassé la limite de {shown or budget:g} s et a été interrompue : "
                                   "ajoutez LIMIT, restreignez les motifs ou demandez une limite plus haute.")
            reply = worker.conn.recv()
        except (EOFError, BrokenPipeError, ConnectionResetError, OSError) as exc:
            self._replace(lane, worker)
            raise WorkerCrashed(f"le processus de requête s'est arrêté ({type(exc).__name__}) : réessayez.") from exc
        except WorkerCrashed:
            self._replace(lane, worker)
            raise
        with self._lock:
            lane.served += 1
            lane.waits.append(waited)
            lane.runs.append(time.monotonic() - started)
        self._release(lane, worker)
        return reply

    # ------------------------------------------------------------- state

    def status(self) -> dict:
        """Lanes, queue depth and recent durations (seconds), as plain data for ``/statut``."""
        now = time.monotonic()
        with self._lock:
            waiting = list(self._waiters)
            lanes = {}
            for lane in self.lanes:
                lanes[lane.name] = {
                    "processus": lane.size, "occupes": lane.busy, "libres": len(lane.idle),
                    "servies": lane.served, "interrompues": lane.interrupted,
                    "limite_s": lane.limit,
                    "attente_s": _summary(lane.waits), "execution_s": _summary(lane.runs),
                }
            return {
                "depuis": self.started,
                "en_attente": len(waiting),
                "legeres_en_attente": sum(1 for w in waiting if w.light),
                "attente_la_plus_longue_s": round(max((now - w.since for w in waiting), default=0.0), 3),
                "deplacees_vers_reguliere": self.moved,
                "voies": lanes,
            }

    def retry_after(self, timeout: float) -> int:
        """Seconds a refused client should wait: the queue ahead of it at the regular lane's median pace."""
        with self._lock:
            runs = list(self.regular.runs)
            waiting = len(self._waiters)
        pace = statistics.median(runs) if runs else 1.0
        return max(1, min(math.ceil(timeout), math.ceil(pace * (waiting + 1) / self.regular.size)))

    def wait_ready(self) -> None:
        """Wait until every worker has started (called once, before serving)."""
        with self._lock:
            workers = [w for lane in self.lanes for w in lane.idle]
        for worker in workers:
            worker.wait_ready()

    def close(self) -> None:
        """Stop every worker."""
        with self._lock:
            self._closed = True
            workers = list(self._all)
            self._all.clear()
            waiters = list(self._waiters)
            self._waiters.clear()
        for waiter in waiters:
            waiter.event.set()
        for worker in workers:
            worker.kill()


def _summary(values) -> dict:
    """Count, median and 95th percentile of ``values`` (seconds, rounded to the millisecond)."""
    data = sorted(values)
    if not data:
        return {"n": 0, "p50": None, "p95": None}
    return {"n": len(data), "p50": round(data[len(data) // 2], 3),
            "p95": round(data[min(len(data) - 1, math.ceil(0.95 * len(data)) - 1)], 3)}
