"""A publisher's logo embedded in a page as a ``data:`` URI (the page stays one file, with no request).

The kind of image is read from its first bytes, not from its name: PNG, JPEG
or SVG. An SVG shown through ``<img>`` runs no script, so it is safe as is.
"""

from __future__ import annotations

import base64
from pathlib import Path

from ecosysteme.errors import MapError

__all__ = ["MAX_LOGO_BYTES", "logo_data_uri"]

#: Largest logo accepted: a logo is shown about 48 px high; past this, the page grows for nothing.
MAX_LOGO_BYTES = 512 * 1024

_FIX = "donnez un fichier PNG, JPEG ou SVG de moins de 512 Ko (ex. --logo logo.png)"


def _kind(head: bytes) -> str | None:
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip().lower()
    if text.startswith((b"<?xml", b"<svg", b"<!--", b"<!doctype svg")) and b"<svg" in head.lower():
        return "image/svg+xml"
    return None


def logo_data_uri(path: str | Path) -> str:
    """The image at ``path`` as a ``data:`` URI.

    Raises
    ------
    MapError
        When the file is missing, empty, larger than :data:`MAX_LOGO_BYTES`, or neither PNG, JPEG nor SVG;
        the French message names the file and the fix.
    """
    path = Path(path)
    if not path.is_file():
        raise MapError(f"logo {path} : fichier introuvable ; {_FIX}.")
    size = path.stat().st_size
    if size > MAX_LOGO_BYTES:
        raise MapError(f"logo {path.name} : {size // 1024} Ko, au-delà de la limite de {MAX_LOGO_BYTES // 1024} Ko ; "
                       "réduisez l'image (un logo s'affiche à environ 48 pixels de haut) ou enregistrez-la en SVG.")
    data = path.read_bytes()
    kind = _kind(data[:4096]) if data else None
    if kind is None:
        raise MapError(f"logo {path.name} : ce n'est ni une image PNG, ni JPEG, ni SVG ; {_FIX}.")
    return f"data:{kind};base64,{base64.b64encode(data).decode('ascii')}"
