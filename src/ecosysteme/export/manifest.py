"""The manifest written last into an output folder: which files make one complete set.

A build killed half-way leaves the new files it finished next to old ones. The
manifest (``manifeste.json``) is removed first and written last, so a folder
without it, or whose files no longer match it, is an incomplete set; the input's
fingerprint tells which spreadsheet the set comes from.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path

from ecosysteme.fs import atomic_write

__all__ = ["MANIFEST", "check_manifest", "input_fingerprint", "remove_manifest", "write_manifest"]

MANIFEST = "manifeste.json"
_INPUT_SUFFIXES = {".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".ods"}


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def input_fingerprint(source: Path) -> str:
    """SHA-256 over the input's spreadsheet files (names and bytes), in name order."""
    source = Path(source)
    files = [source] if source.is_file() else sorted(
        p for p in source.iterdir() if p.is_file() and p.suffix.lower() in _INPUT_SUFFIXES)
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode("utf-8") + b"\0" + _sha256(path).encode("ascii") + b"\n")
    return digest.hexdigest()


def remove_manifest(out: Path) -> None:
    """Called before writing anything: until the new manifest exists, the folder is not a complete set."""
    (Path(out) / MANIFEST).unlink(missing_ok=True)


def write_manifest(out: Path, files: Iterable[Path], *, dataset: str, source: Path | None = None) -> Path:
    """Write ``manifeste.json`` (atomically, last): every file's size and SHA-256, the dataset, the input."""
    from ecosysteme import __version__

    out = Path(out)
    entries = []
    for path in sorted({Path(f) for f in files}):
        entries.append({"fichier": path.relative_to(out).as_posix(), "octets": path.stat().st_size,
                        "sha256": _sha256(path)})
    manifest = {
        "jeu": dataset,
        "ecosysteme": __version__,
        "source": None if source is None else {"nom": Path(source).name, "empreinte": input_fingerprint(source)},
        "fichiers": entries,
    }
    path = out / MANIFEST
    with atomic_write(path) as fh:
        json.dump(manifest, fh, ensure_ascii=False, indent=2)
        fh.write("\n")
    return path


def check_manifest(out: Path) -> list[str]:
    """What makes ``out`` an incomplete set (French sentences); empty when every file matches the manifest."""
    out = Path(out)
    path = out / MANIFEST
    if not path.is_file():
        return [f"{out} n'a pas de {MANIFEST} : la construction n'est pas allée au bout (relancez-la)."]
    manifest = json.loads(path.read_text(encoding="utf-8"))
    problems = []
    for entry in manifest.get("fichiers", []):
        target = out / entry["fichier"]
        if not target.is_file():
            problems.append(f"{entry['fichier']} manque.")
        elif target.stat().st_size != entry["octets"] or _sha256(target) != entry["sha256"]:
            problems.append(f"{entry['fichier']} a changé depuis la construction.")
    return problems
