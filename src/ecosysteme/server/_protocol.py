"""SPARQL 1.1 Protocol details that sit between HTTP and the store.

- :func:`ask_table`: an ASK answer in CSV or TSV with a header line
  (``_askResult``, as Apache Jena Fuseki writes it), so that table readers
  such as rdflib find the value instead of taking it for a header.
- :func:`with_base`: relative IRIs resolved against a base (the protocol says
  the service defines it; ours is the endpoint's URL), instead of refused.
- :func:`with_using`: the ``using-graph-uri`` / ``using-named-graph-uri``
  parameters of an update turned into ``USING`` / ``USING NAMED`` clauses.
- :func:`body_charset_error`: request bodies must be UTF-8.
"""

from __future__ import annotations

import re

from ecosysteme.errors import UpdateDatasetConflict
from ecosysteme.stores.rdfstore import iri_term
from ecosysteme.stores.rdfstore._lexer import token_spans

__all__ = ["UpdateDatasetConflict", "ask_table", "body_charset_error", "relative_iris", "with_base", "with_using"]

_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
#: Something that may be a relative IRI (confirmed by the tokenizer, since it may sit in a string or comment).
_MAYBE_RELATIVE = re.compile(r"<(?![A-Za-z][A-Za-z0-9+.\-]*:)[^<>\"{}|^`\\\x00-\x20]*>")


def ask_table(value: bool, fmt: str) -> bytes:
    """An ASK answer as CSV or TSV: a header line, then ``true`` or ``false``.

    >>> ask_table(True, "csv")
    b'_askResult\\r\\ntrue\\r\\n'
    >>> ask_table(False, "tsv")
    b'?_askResult\\nfalse\\n'
    """
    word = "true" if value else "false"
    if fmt == "csv":
        return f"_askResult\r\n{word}\r\n".encode()
    if fmt == "tsv":
        return f"?_askResult\n{word}\n".encode()
    raise ValueError(f"format de tableau inconnu : {fmt}")


def relative_iris(text: str) -> list[str]:
    """The IRIs written ``<…>`` in a query or update that have no scheme (relative references).

    >>> relative_iris('SELECT * { <s> <http://x/p> <../o> }')
    ['s', '../o']
    """
    if not _MAYBE_RELATIVE.search(text):
        return []  # the common case, without tokenizing
    return [value[1:-1] for kind, value, _, _ in token_spans(text)
            if kind == "iri" and not _SCHEME.match(value[1:-1])]


def with_base(text: str, base: str) -> str:
    """``text`` with ``BASE <base>`` in front when it uses relative IRIs (unchanged otherwise).

    The declaration goes on the first line, so that the parser's line numbers
    still match the text the client sent. A ``BASE`` of the query's own comes
    later and wins, as SPARQL says.

    >>> with_base("ASK { <a> ?p ?o }", "http://h/sparql")
    'BASE <http://h/sparql> ASK { <a> ?p ?o }'
    >>> with_base("ASK { <http://h/a> ?p ?o }", "http://h/sparql")
    'ASK { <http://h/a> ?p ?o }'
    """
    if not relative_iris(text):
        return text
    return f"BASE <{base}> {text}"


def with_using(text: str, graphs: list[str], named: list[str]) -> str:
    """Apply the protocol's update dataset: ``USING <g>`` / ``USING NAMED <n>`` in every ``DELETE/INSERT … WHERE``.

    ``DELETE WHERE { P }`` (which takes no ``USING``) becomes the equivalent
    ``DELETE { P } USING … WHERE { P }``. Other operations (``INSERT DATA``,
    ``CLEAR``…) have no ``WHERE`` and are left as they are.

    Raises
    ------
    UpdateDatasetConflict
        The update has ``USING`` or ``WITH`` itself (the protocol forbids both at once).
    QueryError
        A graph is not an absolute IRI.

    Examples
    --------
    >>> with_using("INSERT { ?s a <http://x/C> } WHERE { ?s ?p ?o }", ["http://g/1"], [])
    'INSERT { ?s a <http://x/C> } USING <http://g/1> WHERE { ?s ?p ?o }'
    """
    if not graphs and not named:
        return text
    clause = " ".join([*(f"USING {iri_term(g)}" for g in graphs),
                       *(f"USING NAMED {iri_term(n)}" for n in named)]) + " "
    spans = token_spans(text)
    top = []  # indices of the tokens outside any braces
    depth = 0
    for i, (_kind, value, _, _) in enumerate(spans):
        if value in ("}", "|}"):
            depth -= 1
        elif depth == 0:
            top.append(i)
        if value in ("{", "{|"):
            depth += 1
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement)
    for n, i in enumerate(top):
        kind, value, start, end = spans[i]
        word = value.upper() if kind == "word" else None
        if word in ("USING", "WITH"):
            raise UpdateDatasetConflict(word)
        if word != "WHERE":
            continue
        before = spans[top[n - 1]] if n else None
        if before and before[0] == "word" and before[1].upper() == "DELETE":
            opening = i + 1
            if opening < len(spans) and spans[opening][1] == "{":
                closing = _matching_brace(spans, opening)
                pattern = text[spans[opening][2]:spans[closing][3]]
                edits.append((start, end, f"{pattern} {clause}WHERE"))
        else:
            edits.append((start, start, clause))
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    return text


def _matching_brace(spans: list[tuple[str, str, int, int]], opening: int) -> int:
    depth = 0
    for j in range(opening, len(spans)):
        if spans[j][1] in ("{", "{|"):
            depth += 1
        elif spans[j][1] in ("}", "|}"):
            depth -= 1
            if depth == 0:
                return j
    return len(spans) - 1


def body_charset_error(content_type: str | None) -> str | None:
    """A French message when the ``Content-Type`` names a charset other than UTF-8 (None when fine).

    >>> body_charset_error("application/sparql-query; charset=UTF-16") is not None
    True
    >>> body_charset_error("application/sparql-update; charset=utf-8") is None
    True
    """
    for part in (content_type or "").split(";")[1:]:
        name, _, value = part.strip().partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
            if charset not in ("utf-8", "utf8"):
                return (f"encodage « {value.strip()} » non pris en charge : le protocole SPARQL demande un "
                        "corps en UTF-8 (en-tête « Content-Type: …; charset=utf-8 »).")
    return None
