"""A persistent Oxigraph store with one named graph per source, replaced atomically.

Layout of a store directory (``magasin``)::

    magasin/
      ecosysteme-magasin.json   marks the directory as ours (format version)
      ACTUEL                    name of the published version, replaced atomically
      .verrou-ecriture          writers hold an exclusive lock on it
      versions/
        v000003/                one published version: never written again
          oxigraph/             the RocksDB database (pyoxigraph)
          catalogue.json        the named graphs: name, kind, triples, source, fingerprint
          sources/<jeu>/        the spreadsheets the dataset was validated from (see ``_versions.py``)
          .lecteurs             readers hold a shared lock on it while they use the version
        .en-cours-…/            a version being written (removed by the next writer if orphaned)

Why versions: pyoxigraph's ``bulk_load`` is not transactional, replacing a graph
inside one SPARQL update is slow (tens of seconds for 250k triples here), and
opening a store read-only while another process writes it is undefined
behaviour. So a writer starts from a cheap checkpoint of the current version
(hard links, milliseconds), changes it, and publishes it by replacing
``ACTUEL``. A failed or killed load leaves ``ACTUEL`` and the published
version untouched; readers (the SPARQL server's workers) keep a consistent
snapshot and switch to the new version when they :meth:`RdfStore.refresh`.
Published versions are kept (a paper cites one; ``RdfStore.open(path,
version="v000003")`` reads one) until ``ecosysteme magasin nettoyer`` removes
the old ones (:mod:`ecosysteme.stores.rdfstore._versions`).

Graphs: :data:`TERRITORIES_GRAPH` holds every real territory (loaded once),
:data:`ONTOLOGY_GRAPH` the ontology and its concept schemes,
:data:`DESCRIPTION_GRAPH` the VoID + DCAT description of the store (rewritten
at every published version, see ``_description.py``), and each dataset
``dataset_graph_iri(name)`` its own triples *without* the territory
descriptions (they live once in the territories graph: duplicated triples in
several graphs would be counted twice by queries over the union default
graph).
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import gc
import hashlib
import json
import os
import shutil
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from ecosysteme.errors import QueryError, QueryRefused, QueryTimeout, ResultTooLarge, StoreError
from ecosysteme.fs import atomic_write
from ecosysteme.projections.rdf import ONTOLOGY_GRAPH, TERRITORIES_GRAPH, dataset_graph_iri
from ecosysteme.stores.rdfstore import _versions
from ecosysteme.stores.rdfstore._description import DESCRIPTION_GRAPH, description_ntriples
from ecosysteme.stores.rdfstore._lexer import analyse
from ecosysteme.stores.rdfstore._results import AskResult, GraphResult, QueryResult, SelectResult
from ecosysteme.vocab import GRAPH_NS, SERIALISATION_PREFIXES

try:  # pragma: no cover - always there on Linux and macOS
    import fcntl
except ImportError:  # pragma: no cover - Windows: no cross-process locking
    fcntl = None  # type: ignore[assignment]

__all__ = [
    "DESCRIPTION_GRAPH",
    "GRAPH_NS",
    "RESERVED_NAMES",
    "GraphInfo",
    "QueryRefused",
    "QueryTimeout",
    "RdfStore",
    "ResultTooLarge",
    "graph_name",
    "ontology_dir",
    "ontology_files",
]

#: Dataset names that would collide with the reference graphs.
RESERVED_NAMES = frozenset({"territoires", "ontologie", "description"})
FORMAT_VERSION = 1
_MARKER = "ecosysteme-magasin.json"
_CURRENT = "ACTUEL"
_WRITE_LOCK = ".verrou-ecriture"
_READERS = ".lecteurs"
_INPROGRESS = ".en-cours-"
_DB = "oxigraph"
_CATALOGUE = "catalogue.json"


@dataclass(frozen=True)
class GraphInfo:
    """One named graph of a store.

    Attributes
    ----------
    iri : str
        The graph's name (``https://w3id.org/ecosysteme/graphe/…``).
    name : str
        Short name: the dataset name, ``territoires`` or ``ontologie``.
    kind : str
        ``jeu`` (a dataset), ``territoires``, ``ontologie``, ``description``
        (the store's VoID + DCAT description) or ``autre`` (created by a SPARQL update).
    triples : int
        Number of triples.
    loaded_at : str or None
        ISO 8601 time of the last load.
    source : str or None
        What it was loaded from (dataset folder name, data files).
    fingerprint : str or None
        SHA-256 of the loaded content or of its source files.
    issued : str or None
        ISO 8601 time of the first load into this store (kept across reloads).
    """

    iri: str
    name: str
    kind: str
    triples: int
    loaded_at: str | None = None
    source: str | None = None
    fingerprint: str | None = None
    issued: str | None = None


def graph_name(iri: str) -> str:
    """Short name of a graph IRI (its last segment under :data:`GRAPH_NS`, else the IRI)."""
    if iri.startswith(GRAPH_NS):
        from urllib.parse import unquote

        return unquote(iri[len(GRAPH_NS):])
    return iri


def ontology_dir() -> Path:
    """The folder holding ``ecosysteme.ttl`` and ``queries/``: the packaged copy, else the checkout's ``ontology/``."""
    from ecosysteme.datasets import shipped

    try:
        return shipped("ontology")
    except FileNotFoundError as exc:
        raise StoreError(f"ontologie introuvable : {exc}") from None


def ontology_files() -> list[Path]:
    """The Turtle files loaded into :data:`ONTOLOGY_GRAPH`: the ontology and its concept schemes."""
    base = ontology_dir()
    return [base / "ecosysteme.ttl", base / "vocabulaires.ttl"]


def _now() -> str:
    return _dt.datetime.now(_dt.UTC).replace(microsecond=0).isoformat()


def _sha256_files(paths: Iterable[Path]) -> str:
    h = hashlib.sha256()
    for p in paths:
        h.update(p.name.encode())
        h.update(Path(p).read_bytes())
    return h.hexdigest()


def _syntax_message(exc: BaseException, text: str) -> QueryError:
    """A French :class:`QueryError` from pyoxigraph's ``error at L:C: …`` message, with the position shown."""
    import re

    raw = str(exc)
    m = re.match(r"error at (\d+):(\d+): (.*)", raw, re.S)
    if not m:
        err = QueryError(f"Requête SPARQL invalide : {raw}")
        err.parser_message, err.line, err.column = raw, None, None  # type: ignore[attr-defined]
        return err
    line, col, detail = int(m.group(1)), int(m.group(2)), m.group(3)
    lines = text.splitlines() or [""]
    shown = lines[line - 1] if 0 < line <= len(lines) else ""
    caret = " " * max(col - 1, 0) + "^"
    err = QueryError(f"Requête SPARQL invalide, ligne {line}, colonne {col} : {detail}\n  {shown}\n  {caret}")
    err.parser_message, err.line, err.column = raw, line, col  # type: ignore[attr-defined]
    return err


@contextlib.contextmanager
def _flock(path: Path, shared: bool, blocking: bool = True) -> Iterator[int]:
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        if fcntl is not None:
            flags = (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | (0 if blocking else fcntl.LOCK_NB)
            fcntl.flock(fd, flags)
        yield fd
    finally:
        os.close(fd)


@contextlib.contextmanager
def _exclusive(path: Path, busy: str) -> Iterator[None]:
    """Hold the store's write lock, or raise :class:`StoreError` with ``busy`` when another process holds it."""
    try:
        lock_cm = _flock(path / _WRITE_LOCK, shared=False, blocking=False)
        lock_cm.__enter__()
    except BlockingIOError:
        raise StoreError(busy) from None
    try:
        yield
    finally:
        lock_cm.__exit__(None, None, None)


class RdfStore:
    """An RDF store with one named graph per source, queried with SPARQL 1.1.

    Create one with :meth:`open` (read-only snapshot of a store on disk),
    :meth:`write` (a writer whose changes are published atomically) or
    :meth:`memory` (an in-memory, writable store).

    Examples
    --------
    >>> store = RdfStore.memory()
    >>> store.replace_graph("https://example.org/g", '<https://example.org/a> <https://example.org/p> "1" .\\n')
    >>> store.query("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }").rows[0][0].value
    '1'
    """

    def __init__(self, store, *, path: Path | None = None, version: str | None = None,
                 writable: bool, catalogue: dict[str, GraphInfo] | None = None) -> None:
        self._store = store
        self.path = path
        self.version = version
        self.writable = writable
        self._catalogue: dict[str, GraphInfo] = dict(catalogue or {})
        self._reader_fd: int | None = None
        self._dirty: set[str] = set()
        self._recount_all = False
        self.pinned = False  # opened on a given version: never refreshed
        self._draft: Path | None = None  # a writer's version being written
        self._updates: list[str] = []  # SPARQL updates applied by this writer (they change the fingerprint)
        self._base_fingerprint = ""  # the fingerprint of the version this writer started from

    # ------------------------------------------------------------------ opening

    @classmethod
    def memory(cls) -> RdfStore:
        """A new, empty, writable in-memory store."""
        import pyoxigraph as ox

        return cls(ox.Store(), writable=True)

    @classmethod
    def exists(cls, path: Path | str) -> bool:
        """Tell whether ``path`` is a store with a published version."""
        path = Path(path)
        return (path / _MARKER).is_file() and (path / _CURRENT).is_file()

    @classmethod
    def open(cls, path: Path | str, version: str | None = None) -> RdfStore:
        """Open a published version of a store read-only (a consistent snapshot).

        Parameters
        ----------
        path : path-like
            The store directory.
        version : str, optional
            A published version (``v000003``, see :meth:`versions`): opened as it
            is and never refreshed, kept from removal while open. Default: the
            current version, which :meth:`refresh` follows.

        Raises
        ------
        StoreError
            If ``path`` is not a store or holds no data yet, or has no such version
            (the message lists the versions it has).
        """
        path = Path(path)
        if not (path / _MARKER).is_file():
            raise StoreError(f"{path} n'est pas un magasin RDF d'ecosysteme : créez-le avec "
                             f"« ecosysteme build SOURCE -o DOSSIER -m {path} ».")
        store = cls(None, path=path, writable=False)
        if version is None:
            store._attach_current()
        else:
            if not _versions.VERSION_NAME.fullmatch(version):
                raise _versions.unknown_version(path, version)
            store._attach_current(version)
            store.pinned = True
        return store

    @classmethod
    def versions(cls, path: Path | str) -> list[_versions.VersionInfo]:
        """The published versions of the store at ``path``, oldest first (see :class:`VersionInfo`)."""
        path = Path(path)
        if not (path / _MARKER).is_file():
            raise StoreError(f"{path} n'est pas un magasin RDF d'ecosysteme.")
        return _versions.list_versions(path, cls(None, path=path, writable=False)._read_current())

    @classmethod
    def prune(cls, path: Path | str, keep: int) -> tuple[list[str], list[str]]:
        """Remove all versions but the ``keep`` newest, the current one and those being read.

        Returns ``(removed, kept because a reader holds them)``.
        """
        path = Path(path)
        if not (path / _MARKER).is_file():
            raise StoreError(f"{path} n'est pas un magasin RDF d'ecosysteme.")
        with _exclusive(path, f"le magasin {path} est en cours d'écriture : relancez le nettoyage une fois "
                              "l'écriture finie."):
            return _versions.prune(path, keep, cls(None, path=path, writable=False)._read_current())

    def tables(self, dataset: str | None = None) -> tuple[str, Path]:
        """``(dataset, path)`` of the source spreadsheets this version keeps, to read with :func:`ecosysteme.read`.

        The path stays valid while this store is open (its reader lock keeps the version).

        Raises
        ------
        StoreError
            The version keeps no tables of that dataset (or of several, and ``dataset`` is None).
        """
        if self.path is None or self.version is None or self.writable:
            raise StoreError("seules les versions publiées d'un magasin sur disque gardent leurs tableaux.")
        return _versions.kept_tables(self.path / "versions" / self.version, self.version, dataset)

    def _attach_current(self, pinned: str | None = None) -> None:
        import pyoxigraph as ox

        assert self.path is not None
        for _attempt in range(20):
            current = pinned or self._read_current()
            if current is None:
                raise StoreError(f"le magasin {self.path} est vide : chargez-y un jeu de données "
                                 "(« ecosysteme build … --magasin » ou « ecosysteme magasin charger »).")
            vdir = self.path / "versions" / current
            try:
                fd = os.open(vdir / _READERS, os.O_RDONLY)
            except FileNotFoundError:
                if pinned:
                    raise _versions.unknown_version(self.path, pinned) from None
                continue  # removed by a writer between our reads: read ACTUEL again
            try:
                if fcntl is not None:
                    fcntl.flock(fd, fcntl.LOCK_SH)
                if not (vdir / _DB).is_dir() or not (vdir / _READERS).exists():
                    os.close(fd)
                    if pinned:
                        raise _versions.unknown_version(self.path, pinned)
                    continue
                try:
                    store = ox.Store.read_only(str(vdir / _DB))
                except OSError as exc:
                    raise StoreError(f"impossible d'ouvrir le magasin {self.path} : {exc}") from exc
                catalogue = _read_catalogue(vdir / _CATALOGUE)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.close(fd)
                raise
            old_fd = self._reader_fd
            self._store, self.version, self._catalogue, self._reader_fd = store, current, catalogue, fd
            if old_fd is not None:
                os.close(old_fd)
            return
        raise StoreError(f"le magasin {self.path} change sans cesse : réessayez.")

    def _read_current(self) -> str | None:
        assert self.path is not None
        try:
            return (self.path / _CURRENT).read_text(encoding="utf-8").strip() or None
        except FileNotFoundError:
            return None

    def refresh(self) -> bool:
        """Switch a read-only store to the newest published version; True if it changed."""
        if self.writable or self.path is None or self.pinned:
            return False
        if self._read_current() == self.version:
            return False
        old = self._store
        self._attach_current()
        del old
        gc.collect()
        return True

    def close(self) -> None:
        """Release the store (and the reader lock of its version)."""
        self._store = None
        gc.collect()
        if self._reader_fd is not None:
            os.close(self._reader_fd)
            self._reader_fd = None

    def __enter__(self) -> RdfStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @classmethod
    @contextlib.contextmanager
    def write(cls, path: Path | str, *, progress: Callable[[str], None] | None = None) -> Iterator[RdfStore]:
        """Open a writer on a store on disk (created if missing); publish its changes on success.

        Every change made in the ``with`` block goes to a new version, started
        from a checkpoint of the current one. The new version replaces the
        current one only when the block ends without error; on any error (or
        if the process is killed) the published data stay as they were.

        Raises
        ------
        StoreError
            If another process is writing the store, or ``path`` is not a store.
        """
        import pyoxigraph as ox

        path = Path(path)
        if path.exists() and not path.is_dir():
            raise StoreError(f"{path} existe et n'est pas un dossier : choisissez un autre chemin de magasin.")
        if path.is_dir() and any(path.iterdir()) and not (path / _MARKER).is_file():
            raise StoreError(f"{path} n'est pas vide et n'est pas un magasin ecosysteme : choisissez un dossier "
                             "vide ou inexistant.")
        (path / "versions").mkdir(parents=True, exist_ok=True)
        if not (path / _MARKER).is_file():
            with atomic_write(path / _MARKER) as fh:
                json.dump({"format": FORMAT_VERSION, "logiciel": "ecosysteme"}, fh)
        with _exclusive(path, f"le magasin {path} est déjà en cours d'écriture par un autre processus : "
                              "attendez la fin de cette écriture puis relancez."):
            _remove_orphans(path)
            reader = cls(None, path=path, writable=False)
            current = reader._read_current()
            tmp = path / "versions" / f"{_INPROGRESS}{uuid.uuid4().hex}"
            tmp.mkdir()
            catalogue: dict[str, GraphInfo] = {}
            if current is not None:
                reader._attach_current()
                if progress:
                    progress("copie de la version publiée")
                reader._store.backup(str(tmp / _DB))
                catalogue = dict(reader._catalogue)
                _versions.carry_tables(path / "versions" / reader.version, tmp)
                reader.close()
            try:
                store = ox.Store(str(tmp / _DB))
            except OSError as exc:
                raise StoreError(f"impossible de créer le magasin {path} : {exc}") from exc
            writer = cls(store, path=path, version=None, writable=True, catalogue=catalogue)
            writer._draft = tmp
            writer._base_fingerprint = _versions.catalogue_fingerprint(catalogue.values()) if catalogue else ""
            number = int(current[1:]) + 1 if current else 1
            name = f"v{number:06d}"
            try:
                yield writer
                writer.write_description(version=name)
                writer._store.flush()
                final_catalogue = writer._catalogue
            except BaseException:
                writer._store = None
                del store
                gc.collect()
                shutil.rmtree(tmp, ignore_errors=True)
                raise
            writer._store = None
            del store
            gc.collect()
            _write_catalogue(tmp / _CATALOGUE, name, final_catalogue, writer.fingerprint())
            (tmp / _READERS).touch()
            os.replace(tmp, path / "versions" / name)
            with atomic_write(path / _CURRENT) as fh:
                fh.write(name + "\n")
            writer.version = name
            writer._draft = None

    # ------------------------------------------------------------------ graphs

    def graphs(self) -> list[GraphInfo]:
        """The named graphs of the store, reference graphs first, then datasets by name."""
        order = {"territoires": 0, "ontologie": 1, "description": 2, "jeu": 3, "autre": 4}
        self._finish_counts()
        return sorted(self._catalogue.values(), key=lambda g: (order.get(g.kind, 9), g.name))

    def graph(self, iri_or_name: str) -> GraphInfo | None:
        """A graph by IRI or short name, or None."""
        for g in self.graphs():
            if iri_or_name in (g.iri, g.name):
                return g
        return None

    def __len__(self) -> int:
        return len(self._ox())

    def _ox(self):
        if self._store is None:
            raise StoreError("ce magasin est fermé.")
        return self._store

    def _require_writable(self) -> None:
        if not self.writable:
            raise StoreError("ce magasin est ouvert en lecture seule : utilisez RdfStore.write(chemin).")

    def _count(self, iri: str) -> int:
        rows = list(self._ox().query(f"SELECT (COUNT(*) AS ?n) {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}"))
        return int(rows[0]["n"].value)

    def _finish_counts(self) -> None:
        if not self.writable:
            return
        if self._recount_all:
            counts = {}
            for row in self._ox().query("SELECT ?g (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"):
                counts[row["g"].value] = int(row["n"].value)
            for iri in list(self._catalogue):
                if iri not in counts:
                    del self._catalogue[iri]
            for iri, n in counts.items():
                info = self._catalogue.get(iri)
                if info is None:
                    info = GraphInfo(iri, graph_name(iri), "autre", n, _now())
                elif info.triples != n:
                    info = GraphInfo(**{**asdict(info), "triples": n, "loaded_at": _now()})
                self._catalogue[iri] = info
            self._recount_all = False
            self._dirty.clear()
        for iri in list(self._dirty):
            info = self._catalogue.get(iri)
            if info is not None:
                self._catalogue[iri] = GraphInfo(**{**asdict(info), "triples": self._count(iri)})
        self._dirty.clear()

    def replace_graph(self, iri: str, data: str | bytes | Path, *, fmt: str = "nt", name: str | None = None,
                      kind: str = "autre", source: str | None = None, fingerprint: str | None = None,
                      trusted: bool = False) -> None:
        """Replace (or create) one named graph with the triples of ``data``.

        Parameters
        ----------
        iri : str
            The graph name.
        data : str, bytes or Path
            The triples, in ``fmt`` (``nt`` N-Triples or ``ttl`` Turtle); a Path is read.
        name, kind, source, fingerprint
            Catalogue entry (see :class:`GraphInfo`).
        trusted : bool
            The data were generated by ecosysteme itself: skip IRI validation (faster).

        Raises
        ------
        StoreError
            If ``data`` is not valid RDF (the graph keeps its previous content in
            the published store: the writer's version is discarded).
        """
        import pyoxigraph as ox

        self._require_writable()
        rdf_format = {"nt": ox.RdfFormat.N_TRIPLES, "ttl": ox.RdfFormat.TURTLE}[fmt]
        if isinstance(data, Path):
            data = data.read_bytes()
        if isinstance(data, str):
            data = data.encode("utf-8")
        fingerprint = fingerprint or hashlib.sha256(data).hexdigest()
        graph = ox.NamedNode(iri)
        store = self._ox()
        try:
            if self.path is None:
                # In memory: parse everything first, then swap in one transaction.
                quads = [ox.Quad(t.subject, t.predicate, t.object, graph)
                         for t in ox.parse(data, format=rdf_format)]
                store.remove_graph(graph)
                store.extend(quads)
            else:
                if iri in self._catalogue or any(g == graph for g in store.named_graphs()):
                    store.remove_graph(graph)
                store.bulk_load(data, format=rdf_format, to_graph=graph, lenient=trusted)
        except SyntaxError as exc:
            raise StoreError(f"données RDF invalides pour le graphe {iri} : {exc}") from exc
        except OSError as exc:
            raise StoreError(f"écriture impossible dans le magasin : {exc}") from exc
        now = _now()
        previous = self._catalogue.get(iri)
        issued = (previous.issued or previous.loaded_at) if previous is not None else now
        self._catalogue[iri] = GraphInfo(iri, name or graph_name(iri), kind, 0, now, source, fingerprint, issued)
        self._dirty.add(iri)

    def fingerprint(self) -> str:
        """The fingerprint of this writer's version (see :func:`_versions.catalogue_fingerprint`).

        A graph changed by a SPARQL update keeps the fingerprint of what was
        loaded into it, so the updates applied count too: chained to the
        fingerprint of the version they were applied to.
        """
        return _versions.catalogue_fingerprint(self._catalogue.values(), self._updates, self._base_fingerprint)

    def write_description(self, *, version: str | None = None) -> GraphInfo:
        """(Re)write the store's VoID + DCAT description into :data:`DESCRIPTION_GRAPH`.

        A store on disk does it when it publishes a version (``version`` is then
        the version's name); an in-memory store when asked.
        """
        self._require_writable()
        self._finish_counts()
        data = description_ntriples(self._ox(), self._catalogue.values(), version=version,
                                    fingerprint=self.fingerprint())
        self.replace_graph(DESCRIPTION_GRAPH, data, name="description", kind="description",
                           source="ecosysteme (description du magasin)")
        self._finish_counts()
        return self._catalogue[DESCRIPTION_GRAPH]

    def remove_graph(self, iri_or_name: str) -> bool:
        """Remove a named graph; return False if there was none."""
        import pyoxigraph as ox

        self._require_writable()
        info = self.graph(iri_or_name)
        iri = info.iri if info else iri_or_name
        graph = ox.NamedNode(iri)
        if info is None and not any(g == graph for g in self._ox().named_graphs()):
            return False
        self._ox().remove_graph(graph)
        self._catalogue.pop(iri, None)
        self._dirty.discard(iri)
        if self._draft is not None and info is not None and info.kind == "jeu":
            _versions.drop_tables(self._draft, info.name)
        return True

    def load_model(self, ecosystem, *, source: str | None = None, tables: Path | str | None = None) -> GraphInfo:
        """Replace the graph of the ecosystem's dataset with its triples.

        The territory descriptions are left out (they live in the territories
        graph, see :meth:`ensure_reference_graphs`): the projection writes the
        dataset alone (:attr:`Ecosystem.dataset_ntriples`).

        Parameters
        ----------
        ecosystem : ecosysteme.Ecosystem or ecosysteme.model.Model
        source : str, optional
            Where the data came from, for the catalogue.
        tables : path-like, optional
            The folder of CSV files or the workbook the model was validated
            from: a store on disk keeps a copy in the version it publishes
            (:meth:`tables`, ``ecosysteme diff --magasin``). Without it, the
            new version keeps no tables of this dataset.
        """
        from ecosysteme.ecosystem import as_ecosystem

        e = as_ecosystem(ecosystem)
        name = e.name
        if name in RESERVED_NAMES:
            raise StoreError(f"le nom de jeu « {name} » est réservé au graphe de référence du même nom : "
                             "choisissez-en un autre (option --jeu).")
        data = e.dataset_ntriples
        iri = dataset_graph_iri(name)
        self.replace_graph(iri, data, name=name, kind="jeu", source=source or name)
        if self._draft is not None:
            if tables is not None:
                _versions.keep_tables(self._draft, name, Path(tables))
            else:
                _versions.drop_tables(self._draft, name)
        self._finish_counts()
        return self._catalogue[iri]

    def ensure_reference_graphs(self, territories=None, *, force: bool = False,
                                progress: Callable[[str], None] | None = None) -> list[str]:
        """Load the territories and ontology graphs if missing or out of date; return the graphs loaded."""
        from ecosysteme.projections.rdf import territory_triples
        from ecosysteme.territories import LEVELS, load_territories

        self._require_writable()
        done: list[str] = []
        territories = territories or load_territories()
        data_files = sorted(Path(territories.data_dir).glob("*.csv"))
        # the projection's code too: a store built by an older version gets the triples this one writes
        fp = _sha256_files([*data_files, Path(territory_triples.__code__.co_filename)])
        info = self._catalogue.get(TERRITORIES_GRAPH)
        if force or info is None or info.fingerprint != fp:
            if progress:
                progress("territoires (toutes les communes, EPCI, départements, régions)")
            refs = [t.ref for level in LEVELS for t in territories.all(level)]
            data = "\n".join(territory_triples(refs, territories)) + "\n"
            self.replace_graph(TERRITORIES_GRAPH, data, name="territoires", kind="territoires",
                               source="data/territoires (@etalab/decoupage-administratif)", fingerprint=fp,
                               trusted=True)
            done.append(TERRITORIES_GRAPH)
        files = ontology_files()
        fp = _sha256_files(files)
        info = self._catalogue.get(ONTOLOGY_GRAPH)
        if force or info is None or info.fingerprint != fp:
            if progress:
                progress("ontologie et vocabulaires")
            data = b"".join(f.read_bytes() + b"\n" for f in files)
            # Concatenated Turtle files: prefixes may be redeclared, which Turtle allows.
            self.replace_graph(ONTOLOGY_GRAPH, data, fmt="ttl", name="ontologie", kind="ontologie",
                               source=", ".join(f"ontology/{f.name}" for f in files), fingerprint=fp)
            done.append(ONTOLOGY_GRAPH)
        self._finish_counts()
        return done

    def update(self, text: str, *, allow_service: bool = False) -> None:
        """Run a SPARQL 1.1 Update (transactional) on a writable store."""
        self._require_writable()
        shape = analyse(text)
        if (shape.uses_service or shape.uses_load) and not allow_service:
            raise QueryRefused("SERVICE et LOAD (accès à des données distantes) sont désactivés sur ce magasin.")
        try:
            self._ox().update(text, prefixes=dict(SERIALISATION_PREFIXES))
        except SyntaxError as exc:
            raise _syntax_message(exc, text) from exc
        except OSError as exc:
            raise QueryError(f"mise à jour impossible : {exc}") from exc
        self._recount_all = True
        self._updates.append(text)
        if self._draft is not None:
            _versions.drop_tables(self._draft)  # any graph may have changed: its tables no longer match it

    # ------------------------------------------------------------------ queries

    def query(self, text: str, *, default_graphs: list[str] | None = None, named_graphs: list[str] | None = None,
              allow_service: bool = False, max_results: int | None = None) -> QueryResult:
        """Run a SPARQL 1.1 query and return its whole result.

        Without ``FROM`` in the query and without ``default_graphs``, the
        default graph is the union of every graph of the store. The usual
        prefixes (``eco:``, ``skos:``, ``terr:``…) are predeclared.

        Parameters
        ----------
        text : str
            The query (SELECT, ASK, CONSTRUCT or DESCRIBE).
        default_graphs, named_graphs : list of str, optional
            The dataset, as the SPARQL protocol's ``default-graph-uri`` and
            ``named-graph-uri`` give it (overrides the query's ``FROM``).
        allow_service : bool
            Allow federated ``SERVICE`` calls (refused by default).
        max_results : int, optional
            Refuse results with more rows (or triples) than this.

        Raises
        ------
        QueryError
            The query is malformed (message with line and column), refused, or too large.
        """
        import pyoxigraph as ox

        shape = analyse(text)
        if shape.is_update:
            raise QueryRefused("ceci est une mise à jour SPARQL (INSERT, DELETE…), pas une requête : "
                               "les mises à jour ne sont pas acceptées ici.")
        if shape.uses_service and not allow_service:
            raise QueryRefused("les requêtes fédérées (SERVICE) sont désactivées : elles feraient appel à un "
                               "autre serveur. Activez-les explicitement (option --federation) si besoin.")
        options: dict = {"prefixes": dict(SERIALISATION_PREFIXES)}
        if default_graphs or named_graphs:
            options["default_graph"] = [ox.NamedNode(g) for g in (default_graphs or [])] or ox.DefaultGraph()
            if named_graphs:
                options["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
        elif not shape.has_dataset:
            options["use_default_graph_as_union"] = True
        try:
            raw = self._ox().query(text, **options)
            return _collect(raw, max_results)
        except SyntaxError as exc:
            raise _syntax_message(exc, text) from exc
        except ValueError as exc:
            raise QueryError(f"requête invalide : {exc}") from exc
        except OSError as exc:
            raise QueryError(f"exécution impossible : {exc}") from exc

    def run(self, name: str, *, dataset: str | None = None, max_results: int | None = None,
            **params: object) -> QueryResult:
        """Run a shipped query (``ontology/queries/<name>.rq``) with its parameters.

        Parameters
        ----------
        name : str
            The query's name, e.g. ``q1_besoins_non_couverts``.
        dataset : str, optional
            Query only this dataset (with the territories and the ontology)
            instead of the union of every graph.
        **params
            The query's parameters (``territoire="region:53"``, ``acteur=iri``, ``k=2``…).

        Examples
        --------
        >>> store.run("q1_besoins_non_couverts", territoire="region:53", dataset="reseau")  # doctest: +SKIP
        """
        from ecosysteme.stores.rdfstore._library import library_query

        text = library_query(name).bind(**params)
        graphs = [dataset_graph_iri(dataset), TERRITORIES_GRAPH, ONTOLOGY_GRAPH] if dataset else None
        return self.query(text, default_graphs=graphs, max_results=max_results)

    def describe(self, iri: str, *, limit: int = 1000) -> dict:
        """What the store says about one resource, for a linked-data page.

        Returns
        -------
        dict
            ``outgoing``: ``[(graph, predicate, object), …]`` (pyoxigraph terms),
            ``incoming``: ``[(graph, subject, predicate), …]`` (at most ``limit``),
            ``incoming_truncated``: bool, ``labels``: ``{iri: label}`` for every
            IRI involved (French label first).
        """
        import pyoxigraph as ox

        node = ox.NamedNode(iri)
        store = self._ox()
        outgoing = [(q.graph_name, q.predicate, q.object) for q in store.quads_for_pattern(node, None, None, None)]
        incoming = []
        truncated = False
        for q in store.quads_for_pattern(None, None, node, None):
            if len(incoming) >= limit:
                truncated = True
                break
            incoming.append((q.graph_name, q.subject, q.predicate))
        iris = {iri}
        for g, p, o in outgoing:
            iris.update(t.value for t in (g, p, o) if isinstance(t, ox.NamedNode))
        for g, s, p in incoming:
            iris.update(t.value for t in (g, s, p) if isinstance(t, ox.NamedNode))
        return {"outgoing": outgoing, "incoming": incoming, "incoming_truncated": truncated,
                "labels": self.labels(iris)}

    def labels(self, iris: Iterable[str]) -> dict[str, str]:
        """French (else untagged, else any) ``rdfs:label`` / ``skos:prefLabel`` of each IRI that has one."""
        import pyoxigraph as ox

        store = self._ox()
        props = [ox.NamedNode(SERIALISATION_PREFIXES["rdfs"] + "label"),
                 ox.NamedNode(SERIALISATION_PREFIXES["skos"] + "prefLabel"),
                 ox.NamedNode(SERIALISATION_PREFIXES["skos"] + "notation")]
        out: dict[str, str] = {}
        for iri in iris:
            node = ox.NamedNode(iri)
            best: tuple[int, str] | None = None
            for rank_p, prop in enumerate(props):
                for q in store.quads_for_pattern(node, prop, None, None):
                    lit = q.object
                    if not isinstance(lit, ox.Literal):
                        continue
                    rank = rank_p * 3 + (0 if lit.language == "fr" else 1 if not lit.language else 2)
                    if best is None or rank < best[0]:
                        best = (rank, lit.value)
            if best is not None:
                out[iri] = best[1]
        return out

    def dump_all(self, target: Path, fmt: str = "nq") -> int:
        """Write every named graph of this version into ``target`` as quads (``nq`` N-Quads, ``trig`` TriG).

        The file is written atomically; returns the number of quads. A paper can
        cite it with the store's version and the description graph's fingerprints.
        """
        import pyoxigraph as ox

        from ecosysteme.fs import atomic_path

        formats = {"nq": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG}
        if fmt not in formats:
            raise StoreError(f"format inconnu pour le magasin entier : {fmt} (possibles : nq, trig)")
        store = self._ox()
        prefixes = dict(SERIALISATION_PREFIXES) if fmt == "trig" else None
        with atomic_path(Path(target)) as tmp:
            store.dump(str(tmp), format=formats[fmt], prefixes=prefixes)
        return len(store)

    def dump(self, iri: str, fmt: str = "ttl") -> bytes:
        """Serialise one named graph (``ttl``, ``nt``, ``jsonld``, ``rdfxml``)."""
        import pyoxigraph as ox

        from ecosysteme.stores.rdfstore._results import RDF_FORMATS

        if fmt not in RDF_FORMATS:
            raise StoreError(f"format inconnu : {fmt} (possibles : {', '.join(RDF_FORMATS)})")
        prefixes = dict(SERIALISATION_PREFIXES) if fmt in ("ttl", "rdfxml", "jsonld") else None
        rdf_format = RDF_FORMATS[fmt].rdf_format()
        graph = ox.NamedNode(iri)
        if fmt == "jsonld":
            # compacted under the shipped context, as ``build`` writes graphe.jsonld
            import io

            from ecosysteme.export.jsonld import write_jsonld

            triples = sorted((q.triple for q in self._ox().quads_for_pattern(None, None, None, graph)), key=str)
            text = io.StringIO()
            write_jsonld(triples, text)
            return text.getvalue().encode("utf-8")
        return self._ox().dump(format=rdf_format, from_graph=graph, prefixes=prefixes)


def _collect(raw, max_results: int | None) -> QueryResult:
    import pyoxigraph as ox

    if isinstance(raw, ox.QueryBoolean):
        return AskResult(bool(raw))
    if isinstance(raw, ox.QuerySolutions):
        variables = [v.value for v in raw.variables]
        rows = []
        for solution in raw:
            if max_results is not None and len(rows) >= max_results:
                raise ResultTooLarge(f"le résultat dépasse {max_results} lignes : ajoutez LIMIT et OFFSET à la "
                                     "requête pour le lire par pages (ou augmentez la limite du serveur).")
            rows.append(tuple(solution[i] for i in range(len(variables))))
        return SelectResult(variables, rows)
    triples = []
    for triple in raw:
        if max_results is not None and len(triples) >= max_results:
            raise ResultTooLarge(f"le résultat dépasse {max_results} triplets : ajoutez LIMIT à la requête "
                                 "(ou augmentez la limite du serveur).")
        triples.append(triple)
    return GraphResult(triples)


def _read_catalogue(path: Path) -> dict[str, GraphInfo]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    return {g["iri"]: GraphInfo(**g) for g in data.get("graphs", [])}


def _write_catalogue(path: Path, version: str, catalogue: dict[str, GraphInfo], fingerprint: str) -> None:
    data = {"format": FORMAT_VERSION, "version": version, "written_at": _now(),
            "empreinte": fingerprint,
            "graphs": [asdict(g) for g in sorted(catalogue.values(), key=lambda g: g.iri)]}
    with atomic_write(path) as fh:
        json.dump(data, fh, ensure_ascii=False, indent=1)


def _remove_orphans(path: Path) -> None:
    """Remove versions left half-written by a killed writer (we hold the write lock)."""
    for child in (path / "versions").iterdir():
        if child.name.startswith(_INPROGRESS):
            shutil.rmtree(child, ignore_errors=True)

