"""The shipped SPARQL queries (``ontology/queries/*.rq``) and their parameters.

Each file starts with comment lines that describe it::

    # @titre Besoins non couverts sur un territoire (Q1)
    # @description Les besoins qui concernent le territoire et qu'aucun programme n'y couvre.
    # @param territoire territoire Territoire étudié (IRI, ou niveau:code : region:53, france…)

A parameter ``x`` is a ``VALUES ?x { … }`` block holding a default value; the
query runs as it is in any SPARQL tool. :meth:`LibraryQuery.bind` replaces
the content of *every* ``VALUES ?x { … }`` block of the file (a parameter
may appear in several subqueries, where it gives Oxigraph a much better
plan), after checking and escaping the value:

- ``territoire``: an IRI, or a reference ``niveau:code`` checked against the
  official territories (``region:53``, ``departement:35``, ``france``…);
- ``iri``: an absolute IRI (characters not allowed in a SPARQL IRI are refused);
- ``entier``: an integer, within the bounds given as ``entier[1-5]``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ecosysteme.errors import QueryError

__all__ = ["LibraryQuery", "Parameter", "bind_values", "iri_term", "library", "library_query", "queries_dir",
           "territory_term"]

_IRI_FORBIDDEN = re.compile(r'[<>"{}|^`\\\x00-\x20]')
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")


def queries_dir() -> Path:
    """The folder of the shipped queries (``ontology/queries``)."""
    from ecosysteme.stores.rdfstore._store import ontology_dir

    return ontology_dir() / "queries"


def iri_term(value: str) -> str:
    """``<value>`` after checking that ``value`` is an absolute IRI that SPARQL can carry as is.

    >>> iri_term("https://w3id.org/ecosysteme/territoire/region/53")
    '<https://w3id.org/ecosysteme/territoire/region/53>'
    """
    value = value.strip()
    if value.startswith("<") and value.endswith(">"):
        value = value[1:-1]
    if not _SCHEME.match(value):
        raise QueryError(f"« {value} » n'est pas une IRI absolue (attendu : https://…).")
    bad = _IRI_FORBIDDEN.search(value)
    if bad:
        raise QueryError(f"caractère interdit dans une IRI : {bad.group()!r} dans « {value} » "
                         "(encodez-le en %XX).")
    return f"<{value}>"


def territory_term(value: str) -> str:
    """A territory as a SPARQL IRI term: an IRI, or ``niveau:code`` checked against the official list."""
    from ecosysteme.io import parse_territory
    from ecosysteme.territories import load_territories
    from ecosysteme.vocab import territory_iri

    text = value.strip()
    if text.startswith(("http://", "https://", "<")):
        return iri_term(text)
    ref, error, fix = parse_territory(text, load_territories())
    if ref is None:
        raise QueryError(f"territoire « {value} » : {error} ; {fix}.")
    return f"<{territory_iri(*ref)}>"


def bind_values(text: str, variable: str, terms: list[str]) -> str:
    """Replace the content of every ``VALUES ?variable { … }`` block with ``terms`` (comments untouched).

    ``terms`` must already be valid SPARQL terms (see :func:`iri_term`).

    Raises
    ------
    QueryError
        If the query has no such block.
    """
    from ecosysteme.stores.rdfstore._lexer import values_blocks

    blocks = values_blocks(text, variable)
    if not blocks:
        raise QueryError(f"la requête n'a pas de bloc « VALUES ?{variable} {{ … }} » à remplacer.")
    replacement = " " + " ".join(terms) + " "
    for start, end in reversed(blocks):
        text = text[:start] + replacement + text[end:]
    return text


@dataclass(frozen=True)
class Parameter:
    """A parameter of a shipped query: a ``VALUES ?name { … }`` block."""

    name: str
    kind: str
    description: str
    default: str

    def term(self, value: object) -> str:
        """The SPARQL term for ``value`` (checked and escaped)."""
        kind = self.kind
        if kind == "territoire":
            return territory_term(str(value))
        if kind == "iri":
            return iri_term(str(value))
        m = re.fullmatch(r"entier(?:\[(\d+)-(\d+)\])?", kind)
        if m:
            try:
                number = int(str(value).strip())
            except ValueError:
                raise QueryError(f"paramètre {self.name} : « {value} » n'est pas un entier.") from None
            if m.group(1) and not int(m.group(1)) <= number <= int(m.group(2)):
                raise QueryError(f"paramètre {self.name} : {number} hors de l'intervalle "
                                 f"{m.group(1)} à {m.group(2)}.")
            return str(number)
        raise QueryError(f"type de paramètre inconnu : {kind}")


@dataclass(frozen=True)
class LibraryQuery:
    """One shipped query: name (file stem), title, description, text and parameters."""

    name: str
    title: str
    description: str
    text: str
    parameters: tuple[Parameter, ...]
    path: Path

    def bind(self, **values: object) -> str:
        """The query text with parameters replaced (unknown names are refused).

        A value may be a list to ask for several territories (or IRIs) at once.
        """
        known = {p.name: p for p in self.parameters}
        text = self.text
        for name, value in values.items():
            if value is None:
                continue
            if name not in known:
                raise QueryError(f"la requête {self.name} n'a pas de paramètre « {name} » "
                                 f"(paramètres : {', '.join(known) or 'aucun'}).")
            items = value if isinstance(value, (list, tuple)) else [value]
            text = bind_values(text, name, [known[name].term(v) for v in items])
        return text


def _parse(path: Path) -> LibraryQuery:
    text = path.read_text(encoding="utf-8")
    title, description, params = path.stem, "", []
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        m = re.match(r"#\s*@(\w+)\s+(.*)", line)
        if not m:
            continue
        key, rest = m.group(1), m.group(2).strip()
        if key == "titre":
            title = rest
        elif key == "description":
            description = f"{description} {rest}".strip()
        elif key == "param":
            from ecosysteme.stores.rdfstore._lexer import values_blocks

            name, kind, desc = [*rest.split(None, 2), "", ""][:3]
            blocks = values_blocks(text, name)
            params.append(Parameter(name, kind, desc, text[blocks[0][0]:blocks[0][1]].strip() if blocks else ""))
    return LibraryQuery(path.stem, title, description, text, tuple(params), path)


def library(directory: Path | None = None) -> dict[str, LibraryQuery]:
    """Every shipped query, by name, sorted by name."""
    base = Path(directory) if directory else queries_dir()
    return {p.stem: _parse(p) for p in sorted(base.glob("*.rq"))}


def library_query(name_or_path: str | Path) -> LibraryQuery:
    """A shipped query by name (``q1_besoins_non_couverts``) or any ``.rq`` file by path."""
    path = Path(name_or_path)
    if path.suffix == ".rq" and path.is_file():
        return _parse(path)
    queries = library()
    stem = path.stem if path.suffix == ".rq" else str(name_or_path)
    if stem in queries:
        return queries[stem]
    raise QueryError(f"requête « {name_or_path} » introuvable : ni fichier .rq, ni requête fournie "
                     f"({', '.join(queries)}).")
