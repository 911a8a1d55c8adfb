"""Plain-French wording shared by analyses, reports and pages.

Every reason or piece of evidence a user reads is built here from the
vocabulary's French labels, so the wording stays consistent across the
report, the CSV and the CLI.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable

from ecosysteme.model import Model
from ecosysteme.vocab import SCHEMES

__all__ = ["count_fr", "de", "describe", "fold", "join_fr", "label", "level_article", "name_of", "number_fr", "que",
           "quote", "sheet_cell"]


def label(scheme: str, key: str | None, default: str = "inconnu") -> str:
    """French label of a concept, the key itself when unknown, ``default`` when empty."""
    if not key:
        return default
    concept = SCHEMES.get(scheme, {}).get(key)
    return concept.label_fr if concept else key


def join_fr(items: Iterable[str], limit: int | None = None) -> str:
    """``"A, B et C"``; with ``limit``, ``"A, B et 3 autres"``."""
    items = list(items)
    if limit is not None and len(items) > limit:
        shown, rest = items[:limit], len(items) - limit
        return f"{', '.join(shown)} et {rest} autre{'s' if rest > 1 else ''}"
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} et {items[-1]}"


def quote(text: str) -> str:
    """French quotation marks: ``« text »``."""
    return f"« {text} »"


def number_fr(value: float, digits: int = 1) -> str:
    """``1,5`` (decimal comma), thin grouping left to the reader."""
    return f"{value:.{digits}f}".replace(".", ",")


def describe(model: Model, ident: str) -> str:
    """``Association X (associations, local)`` for an actor, ``programme « P »`` for a programme."""
    actor = model.actors.get(ident)
    if actor is not None:
        bits = [label("monde", actor.world, "monde inconnu"), label("echelon", actor.level, "échelon inconnu")]
        return f"{actor.name} ({', '.join(bits)})"
    programme = model.programmes.get(ident)
    if programme is not None:
        return f"le programme {quote(programme.name)}"
    need = model.needs.get(ident)
    if need is not None:
        return f"le besoin {quote(need.label)}"
    return ident


def name_of(model: Model, ident: str) -> str:
    """Display name of an actor, programme or need (the id when unknown)."""
    if ident in model.actors:
        return model.actors[ident].name
    if ident in model.programmes:
        return model.programmes[ident].name
    if ident in model.needs:
        return model.needs[ident].label
    return ident


_VOWELS = "AEIOUYÂÀÉÈÊËÎÏÔÛÙHaeiouyâàéèêëîïôûùh"


def de(name: str) -> str:
    """``"de Morlaix"``, ``"d'Albi"``: the preposition with French elision before a vowel or a mute h."""
    return f"d'{name}" if name[:1] in _VOWELS else f"de {name}"


def que(name: str) -> str:
    """``"que Morlaix"``, ``"qu'Albi"``."""
    return f"qu'{name}" if name[:1] in _VOWELS else f"que {name}"


def count_fr(n: int, singular: str, plural: str | None = None) -> str:
    """``"1 paire"``, ``"2 paires"``, ``"0 paire"`` (French: 0 and 1 take the singular)."""
    word = singular if n <= 1 else (plural or singular + "s")
    return f"{n} {word}"


#: The article a territory level takes: « la commune », « l'EPCI », « le département »…
_LEVEL_ARTICLES = {"pays": "la France", "region": "la région", "departement": "le département", "epci": "l'EPCI",
                   "commune": "la commune"}


def level_article(level: str) -> str:
    """``"la commune"``, ``"l'EPCI"``, ``"le département"``, ``"la région"``."""
    return _LEVEL_ARTICLES.get(level, level)


@functools.lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Compare-friendly form of a label or key: no accents, lower case, words joined by ``_``.

    ``"Collectivités territoriales"`` -> ``"collectivites_territoriales"``.
    """
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "_".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


def sheet_cell(text: str) -> str:
    """A text cell that a spreadsheet shows as text and never runs as a formula (CSV injection).

    Every CSV written for people (exports, reports, suggestions, ``validate --format csv``)
    passes its text cells here: a cell starting with ``=``, ``+``, ``-``, ``@``, a tab or
    a carriage return gets a leading apostrophe, as OWASP recommends. Numbers are written
    by their own formatting, never through this function.

    >>> sheet_cell("=SUM(A1:A3)"), sheet_cell("Mairie"), sheet_cell("")
    ("'=SUM(A1:A3)", 'Mairie', '')
    """
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
