"""Where the shipped files live: the ontology and the bundled data.

In a checkout they are the repository's ``ontology/`` and ``data/<name>/``; in
an installed wheel, copies under ``ecosysteme/_data/`` (``setup.py`` puts them
there when it builds a wheel; an editable install keeps reading the checkout).
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["bundled", "data_dir", "shipped"]

_PACKAGE = Path(__file__).resolve().parent
_PACKAGED = _PACKAGE / "_data"

#: Folder name -> (path in the checkout, a file that must be there).
SHIPPED = {
    "ontology": ("ontology", "ecosysteme.ttl"),
    "territoires": ("data/territoires", "communes.csv"),
    "reseau": ("data/reseau", "programmes.csv"),
    "exemple-epci": ("data/exemple-epci", "acteurs.csv"),
}


def shipped(name: str) -> Path:
    """Locate a shipped folder (a key of :data:`SHIPPED`): packaged copy first, then the checkout.

    Raises
    ------
    FileNotFoundError
        Neither is there (French message naming both places).
    """
    checkout, marker = SHIPPED[name]
    packaged = _PACKAGED / name
    if (packaged / marker).is_file():
        return packaged
    for parent in _PACKAGE.parents:
        candidate = parent / checkout
        if (candidate / marker).is_file():
            return candidate
    raise FileNotFoundError(f"« {checkout} » introuvable (ni ecosysteme/_data/{name} dans le paquet installé, "
                            f"ni {checkout} dans le dépôt)")


def data_dir() -> Path:
    """The bundled data folder: ``$ECOSYSTEME_DATA``, else the one holding ``reseau`` (packaged or checkout)."""
    env = os.environ.get("ECOSYSTEME_DATA")
    if env:
        return Path(env)
    try:
        return shipped("reseau").parent
    except FileNotFoundError:
        raise FileNotFoundError("dossier data/ introuvable : définissez ECOSYSTEME_DATA") from None


def bundled(name: str) -> Path:
    """Path of one bundled dataset: ``reseau`` (from the seed deck) or ``exemple-epci`` (fictional)."""
    path = data_dir() / name
    if not path.is_dir():
        raise FileNotFoundError(f"jeu de données {name!r} absent de {data_dir()}")
    return path
