"""Files: atomic writes, so an interrupted run never leaves a half-written output."""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

__all__ = ["atomic_path", "atomic_write", "sweep_temporaries"]


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path next to ``target``; rename it onto ``target`` on success.

    On any exception (or interruption) the temporary file is removed and
    ``target`` keeps its previous content, if any.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        os.chmod(tmp_path, 0o644)
        os.replace(tmp_path, target)
    except BaseException:
        tmp_path.unlink(missing_ok=True)
        raise


@contextlib.contextmanager
def atomic_write(target: Path, mode: str = "w", encoding: str | None = "utf-8") -> Iterator[IO]:
    """Open a temporary file for writing; it replaces ``target`` only if the block succeeds."""
    with atomic_path(target) as tmp:
        if "b" in mode:
            with open(tmp, mode) as fh:
                yield fh
        else:
            with open(tmp, mode, encoding=encoding, newline="") as fh:
                yield fh


#: The temporary files :func:`atomic_path` creates: ``.<name>.<8 random characters>.tmp``.
_TEMPORARY = re.compile(r"\.(?P<name>.+)\.[a-z0-9_]{8}\.tmp")


def sweep_temporaries(folder: Path, names: set[str] | None = None) -> list[Path]:
    """Remove the temporary files a killed run of ours left in ``folder`` (only ours, only for ``names``).

    A run killed by SIGKILL cannot clean up after itself; the next run into the
    same folder calls this before writing. ``names``: the outputs about to be
    written (``None``: every leftover of ours).
    """
    removed = []
    folder = Path(folder)
    if not folder.is_dir():
        return removed
    for path in folder.iterdir():
        match = _TEMPORARY.fullmatch(path.name)
        if match and path.is_file() and (names is None or match["name"] in names):
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed
