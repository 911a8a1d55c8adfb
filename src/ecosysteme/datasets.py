"""Where the bundled data lives (``data/`` of the repository)."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["bundled", "data_dir"]


def data_dir() -> Path:
    """The bundled data folder: ``$ECOSYSTEME_DATA`` or the repository's ``data/``."""
    env = os.environ.get("ECOSYSTEME_DATA")
    if env:
        return Path(env)
    for parent in Path(__file__).resolve().parents:
        candidate = parent / "data"
        if (candidate / "reseau").is_dir():
            return candidate
    raise FileNotFoundError("dossier data/ introuvable : définissez ECOSYSTEME_DATA")


def bundled(name: str) -> Path:
    """Path of one bundled dataset: ``reseau`` (from the seed deck) or ``exemple-epci`` (fictional)."""
    path = data_dir() / name
    if not path.is_dir():
        raise FileNotFoundError(f"jeu de données {name!r} absent de {data_dir()}")
    return path
