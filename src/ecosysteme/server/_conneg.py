"""Content negotiation: pick a result format from ``Accept`` (or an explicit ``format`` parameter)."""

from __future__ import annotations

__all__ = ["GRAPH_TYPES", "HTML_TYPES", "RESULT_TYPES", "choose", "choose_for_query", "parse_accept", "prefers_html"]

#: SELECT/ASK formats in the server's order of preference, with the media types that select them.
RESULT_TYPES: dict[str, tuple[str, ...]] = {
    "json": ("application/sparql-results+json", "application/json", "text/javascript", "application/javascript"),
    "xml": ("application/sparql-results+xml", "application/xml", "text/xml"),
    "csv": ("text/csv",),
    "tsv": ("text/tab-separated-values",),
}
#: CONSTRUCT/DESCRIBE (and dump) formats; N3 clients get Turtle (a subset of N3).
GRAPH_TYPES: dict[str, tuple[str, ...]] = {
    "ttl": ("text/turtle", "application/turtle", "application/x-turtle", "text/n3", "text/rdf+n3", "application/n3"),
    "nt": ("application/n-triples", "text/plain"),
    "jsonld": ("application/ld+json", "application/x-json+ld", "application/json"),
    "rdfxml": ("application/rdf+xml", "application/xml", "text/xml"),
}
HTML_TYPES = ("text/html", "application/xhtml+xml")

#: Values of the ``format`` / ``output`` parameter (SPARQLWrapper sends them too), per kind of result.
_FORMAT_PARAM = {
    "results": {"json": "json", "srj": "json", "xml": "xml", "srx": "xml", "csv": "csv", "tsv": "tsv"},
    "graph": {"turtle": "ttl", "ttl": "ttl", "n3": "ttl", "nt": "nt", "ntriples": "nt", "n-triples": "nt",
              "json-ld": "jsonld", "jsonld": "jsonld", "json": "jsonld", "xml": "rdfxml", "rdf": "rdfxml",
              "rdf+xml": "rdfxml", "rdfxml": "rdfxml"},
}


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """``[(media_range, q), …]`` from an Accept header; a missing header accepts everything."""
    if not header or not header.strip():
        return [("*/*", 1.0)]
    out = []
    for part in header.split(","):
        pieces = [p.strip() for p in part.split(";")]
        media = pieces[0].lower()
        if not media:
            continue
        q = 1.0
        for param in pieces[1:]:
            if param.lower().startswith("q="):
                try:
                    q = max(0.0, min(1.0, float(param[2:])))
                except ValueError:
                    q = 0.0
        out.append((media, q))
    return out or [("*/*", 1.0)]


def _quality(media_type: str, accepted: list[tuple[str, float]]) -> float:
    """q of ``media_type``: the most specific matching range wins (exact > type/* > */*)."""
    best_rank, best_q = -1, 0.0
    main = media_type.split("/")[0]
    for media, q in accepted:
        if media == media_type:
            rank = 2
        elif media == f"{main}/*":
            rank = 1
        elif media == "*/*":
            rank = 0
        else:
            continue
        if rank > best_rank:
            best_rank, best_q = rank, q
    return best_q


def choose(kind: str, accept: str | None, fmt: str | None = None) -> str | None:
    """The short name of the format to answer with, or None (406 Not Acceptable).

    Parameters
    ----------
    kind : str
        ``results`` (SELECT, ASK) or ``graph`` (CONSTRUCT, DESCRIBE, dumps).
    accept : str or None
        The Accept header.
    fmt : str, optional
        An explicit ``format``/``output`` parameter: a short name or a media type.
    """
    table = RESULT_TYPES if kind == "results" else GRAPH_TYPES
    if fmt:
        value = fmt.strip().lower()
        named = _FORMAT_PARAM[kind].get(value)
        if named:
            return named
        if "/" in value:
            accept = value
    accepted = parse_accept(accept)
    best, best_q = None, 0.0
    for name, types in table.items():
        q = max(_quality(t, accepted) for t in types)
        if q > best_q:
            best, best_q = name, q
    return best


def choose_for_query(kind: str, accept: str | None, fmt: str | None = None) -> str | None:
    """Like :func:`choose`, but a CONSTRUCT or DESCRIBE asked for in a results format gets Turtle.

    Clients that set one return format for every query (rdflib's
    ``SPARQLStore``, scripts) send ``Accept: application/sparql-results+json``
    or ``text/csv`` with a CONSTRUCT too; Fuseki then answers Turtle rather
    than 406, and so do we.

    >>> choose_for_query("graph", "application/sparql-results+json")
    'ttl'
    >>> choose_for_query("graph", "image/png") is None
    True
    """
    chosen = choose(kind, accept, fmt)
    if chosen is None and kind == "graph" and choose("results", accept, fmt) is not None:
        return "ttl"
    return chosen


def prefers_html(accept: str | None) -> bool:
    """True when the client asks for HTML at least as much as for any RDF format (a browser)."""
    accepted = parse_accept(accept)
    html = max(_quality(t, accepted) for t in HTML_TYPES)
    if html <= 0:
        return False
    explicit = [m for m, _ in accepted if m != "*/*"]
    if not explicit:
        return False  # curl and friends: */* only
    rdf = max(_quality(t, [(m, q) for m, q in accepted if m != "*/*"])
              for types in GRAPH_TYPES.values() for t in types)
    return html >= rdf
