"""The published versions of a store: listing, retention and the source tables each one keeps.

Retention policy: **every published version is kept** (a paper cites one,
``ecosysteme diff --magasin M --depuis VERSION`` compares against one). A
version costs little: the writer starts it from a checkpoint of the previous
one (hard links), so only what changed takes new space.
``ecosysteme magasin nettoyer --garder N`` (:func:`prune`) removes all but
the ``N`` newest; the current version (``ACTUEL``) and any version a reader
holds (a server worker, a diff in progress: shared lock on its ``.lecteurs``)
are never removed.

Source tables: when a dataset is loaded from spreadsheets (``magasin
charger``, ``build --magasin``), the version keeps a copy of the files it was
validated from, unchanged, under ``sources/<jeu>/tableaux/`` with a
``sources/<jeu>/source.json`` (original path, files, SHA-256). Read again with
the same reader, they give the same model and the same validation report: the
diff of two versions is exactly the diff of their sources. Later versions
carry them over (hard links) while the dataset's graph is not replaced; a
dataset loaded without its tables, removed, or any SPARQL update (it may touch
any graph) drops them from the new version.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ecosysteme.errors import StoreError

try:  # pragma: no cover - always there on Linux and macOS
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None  # type: ignore[assignment]

__all__ = ["SOURCES", "VersionInfo", "catalogue_fingerprint", "keep_tables", "kept_tables", "list_versions",
           "prune", "version_names"]

VERSION_NAME = re.compile(r"v\d{6}")
SOURCES = "sources"
_TABLES = "tableaux"
_SOURCE_JSON = "source.json"
_READERS = ".lecteurs"
_INPROGRESS = ".en-cours-"
#: Files of a source folder worth keeping: what :func:`ecosysteme.io.read_tables` may read as tables.
_KEPT_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm")


@dataclass(frozen=True)
class VersionInfo:
    """One published version of a store.

    Attributes
    ----------
    name : str
        ``v000003``.
    published : str or None
        ISO 8601 time it was published.
    graphs : dict
        Triples per named graph (short name -> count).
    fingerprint : str
        SHA-256 of its graphs' names, triple counts and content fingerprints
        (the description graph aside, whose dates change at every version),
        and of the SPARQL updates that made it, if any: two versions loaded
        with the same data have the same fingerprint.
    current : bool
        Whether it is the one ``ACTUEL`` names (served at ``/sparql``).
    datasets_with_tables : tuple of str
        Datasets whose source tables this version keeps (what ``diff --magasin`` reads).
    """

    name: str
    published: str | None
    graphs: dict[str, int] = field(default_factory=dict)
    fingerprint: str = ""
    current: bool = False
    datasets_with_tables: tuple[str, ...] = ()

    @property
    def triples(self) -> int:
        """Triples of every graph."""
        return sum(self.graphs.values())


def catalogue_fingerprint(graphs, updates=(), base: str = "") -> str:
    """The fingerprint of a version from its catalogue entries (:class:`GraphInfo` or dicts).

    ``updates``: the SPARQL updates applied to the version whose fingerprint is
    ``base`` to make this one (a graph an update changes keeps the
    fingerprint of what was loaded into it: the updates are what tell).
    """
    from ecosysteme.stores.rdfstore._description import DESCRIPTION_GRAPH

    lines = []
    for g in graphs:
        g = g if isinstance(g, dict) else g.__dict__
        if g["iri"] != DESCRIPTION_GRAPH:
            lines.append(f"{g['iri']} {g['triples']} {g.get('fingerprint') or ''}\n")
    text = "".join(sorted(lines))
    if updates:
        chain = hashlib.sha256(base.encode("utf-8"))
        for update in updates:
            chain.update(b"\0" + update.encode("utf-8"))
        text += f"mises-a-jour {chain.hexdigest()}\n"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def version_names(path: Path) -> list[str]:
    """Names of the published versions of the store at ``path``, oldest first."""
    folder = Path(path) / "versions"
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if VERSION_NAME.fullmatch(p.name) and p.is_dir())


def unknown_version(path: Path, name: str) -> StoreError:
    """The French error for a version the store does not have, listing the ones it has."""
    names = version_names(path)
    shown = ", ".join(names) if names else "aucune"
    return StoreError(f"le magasin {path} n'a pas de version « {name} » ; versions disponibles : {shown} "
                      "(voir « ecosysteme magasin versions »).")


def list_versions(path: Path, current: str | None) -> list[VersionInfo]:
    """Every published version of the store at ``path``, oldest first."""
    out = []
    for name in version_names(path):
        vdir = Path(path) / "versions" / name
        try:
            data = json.loads((vdir / "catalogue.json").read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            continue  # removed (or being removed) while we read
        graphs = data.get("graphs", [])
        kept = vdir / SOURCES
        datasets = tuple(sorted(p.name for p in kept.iterdir() if (p / _SOURCE_JSON).is_file())) \
            if kept.is_dir() else ()
        out.append(VersionInfo(name, data.get("written_at"), {g["name"]: g["triples"] for g in graphs},
                               data.get("empreinte") or catalogue_fingerprint(graphs), name == current, datasets))
    return out


def prune(path: Path, keep: int, current: str | None) -> tuple[list[str], list[str]]:
    """Remove all published versions but the ``keep`` newest (and the current one, and those being read).

    The caller holds the store's write lock. Returns ``(removed, kept because read)``.
    """
    if keep < 1:
        raise StoreError(f"--garder {keep} : gardez au moins une version (la version actuelle).")
    names = version_names(path)
    newest = set(names[-keep:])
    removed, busy = [], []
    for name in names:
        if name in newest or name == current:
            continue
        if remove_version(Path(path) / "versions" / name):
            removed.append(name)
        else:
            busy.append(name)
    return removed, busy


def remove_version(vdir: Path) -> bool:
    """Remove one published version unless a reader holds it; True if removed (or already gone)."""
    lock = vdir / _READERS
    try:
        fd = os.open(lock, os.O_RDWR)
    except FileNotFoundError:
        return True
    try:
        if fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return False  # still read by someone (a server worker, a diff)
        # Move it out of the way first so a reader never sees half a version.
        trash = Path(tempfile.mkdtemp(prefix=f"{_INPROGRESS}supprime-", dir=vdir.parent))
        try:
            os.replace(vdir, trash / vdir.name)
        except FileNotFoundError:
            pass
        shutil.rmtree(trash, ignore_errors=True)
        return True
    finally:
        os.close(fd)


# ---------------------------------------------------------------------- source tables

def carry_tables(previous: Path, draft: Path) -> None:
    """Start a new version's kept tables from the previous version's (hard links: versions are never rewritten)."""
    src = previous / SOURCES
    if src.is_dir():
        shutil.copytree(src, draft / SOURCES, copy_function=_link_or_copy)


def _link_or_copy(src: str, dst: str) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def drop_tables(draft: Path, dataset: str | None = None) -> None:
    """Forget the kept tables of one dataset (or of all) in a version being written."""
    target = draft / SOURCES / dataset if dataset else draft / SOURCES
    shutil.rmtree(target, ignore_errors=True)


def keep_tables(draft: Path, dataset: str, source: Path) -> None:
    """Copy the spreadsheets ``source`` (a folder of CSV files or a workbook) into a version being written."""
    source = Path(source)
    if source.is_dir():
        files = sorted(p for p in source.iterdir()
                       if p.is_file() and not p.name.startswith((".", "~$")) and p.suffix.lower() in _KEPT_SUFFIXES)
        read = _TABLES
    elif source.is_file():
        files = [source]
        read = f"{_TABLES}/{source.name}"
    else:
        raise StoreError(f"{source} : introuvable, ses tableaux ne peuvent pas être gardés dans le magasin.")
    drop_tables(draft, dataset)
    target = draft / SOURCES / dataset
    tmp = Path(tempfile.mkdtemp(prefix=_INPROGRESS, dir=draft))
    try:
        (tmp / _TABLES).mkdir()
        digest = hashlib.sha256()
        for f in files:
            shutil.copyfile(f, tmp / _TABLES / f.name)
            digest.update(f.name.encode("utf-8") + b"\0" + (tmp / _TABLES / f.name).read_bytes())
        meta = {"jeu": dataset, "origine": str(source.resolve()), "lire": read,
                "fichiers": [f.name for f in files], "empreinte": digest.hexdigest()}
        (tmp / _SOURCE_JSON).write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(tmp, target)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def kept_tables(vdir: Path, version: str, dataset: str | None) -> tuple[str, Path]:
    """``(dataset, path to read)`` of the source tables a published version keeps.

    ``dataset`` may be None when the version keeps the tables of one dataset only.

    Raises
    ------
    StoreError
        The version keeps no tables for that dataset (with the datasets it keeps).
    """
    folder = vdir / SOURCES
    available = sorted(p.name for p in folder.iterdir() if (p / _SOURCE_JSON).is_file()) if folder.is_dir() else []
    if dataset is None:
        if len(available) == 1:
            dataset = available[0]
        elif not available:
            raise StoreError(f"la version {version} ne garde les tableaux d'aucun jeu : seules les versions "
                             "publiées par « ecosysteme magasin charger » ou « ecosysteme build --magasin » les "
                             "gardent (et pas après une mise à jour SPARQL).")
        else:
            raise StoreError(f"la version {version} garde les tableaux de plusieurs jeux ({', '.join(available)}) : "
                             "choisissez-en un avec --jeu.")
    if dataset not in available:
        raise StoreError(f"la version {version} ne garde pas les tableaux du jeu « {dataset} » (jeux gardés : "
                         f"{', '.join(available) or 'aucun'}).")
    meta = json.loads((folder / dataset / _SOURCE_JSON).read_text(encoding="utf-8"))
    return dataset, folder / dataset / meta["lire"]

