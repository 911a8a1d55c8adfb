"""Query results and their standard serialisations.

SELECT and ASK results are written here (SPARQL 1.1 Query Results JSON, XML,
CSV and TSV) because the server caps their size row by row and the CLI also
prints them as a table; graph results (CONSTRUCT, DESCRIBE) go through
pyoxigraph's RDF writers.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from xml.sax.saxutils import escape as _xml_escape
from xml.sax.saxutils import quoteattr as _xml_attr

from ecosysteme.vocab import SERIALISATION_PREFIXES

__all__ = [
    "RDF_FORMATS",
    "RESULT_FORMATS",
    "AskResult",
    "Format",
    "GraphResult",
    "QueryResult",
    "SelectResult",
    "serialize",
    "term_text",
    "to_table",
]

XSD = "http://www.w3.org/2001/XMLSchema#"
_XSD_STRING = XSD + "string"
_RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


@dataclass(frozen=True)
class Format:
    """An output format: short name, media type, file extension."""

    name: str
    media_type: str
    extension: str
    label: str

    def rdf_format(self):
        import pyoxigraph as ox

        return {
            "ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD,
            "rdfxml": ox.RdfFormat.RDF_XML,
        }[self.name]


#: SELECT / ASK result formats, by short name.
RESULT_FORMATS = {
    "json": Format("json", "application/sparql-results+json", "srj", "SPARQL Results JSON"),
    "xml": Format("xml", "application/sparql-results+xml", "srx", "SPARQL Results XML"),
    "csv": Format("csv", "text/csv", "csv", "CSV"),
    "tsv": Format("tsv", "text/tab-separated-values", "tsv", "TSV"),
}
#: CONSTRUCT / DESCRIBE (and dump) formats, by short name.
RDF_FORMATS = {
    "ttl": Format("ttl", "text/turtle", "ttl", "Turtle"),
    "nt": Format("nt", "application/n-triples", "nt", "N-Triples"),
    "jsonld": Format("jsonld", "application/ld+json", "jsonld", "JSON-LD"),
    "rdfxml": Format("rdfxml", "application/rdf+xml", "rdf", "RDF/XML"),
}


@dataclass
class SelectResult:
    """Rows of a SELECT query: ``rows[i][j]`` is the pyoxigraph term bound to ``variables[j]`` or None."""

    variables: list[str]
    rows: list[tuple]

    kind = "select"

    def __len__(self) -> int:
        return len(self.rows)

    def values(self) -> list[tuple]:
        """Rows as plain Python values (IRIs and literals as their string, numbers as numbers)."""
        return [tuple(python_value(t) for t in row) for row in self.rows]

    def to_dataframe(self):
        """The rows as a pandas DataFrame of plain values (see :meth:`values`)."""
        import pandas as pd

        return pd.DataFrame(self.values(), columns=self.variables)


@dataclass
class AskResult:
    """The answer of an ASK query."""

    value: bool

    kind = "ask"

    def __bool__(self) -> bool:
        return self.value


@dataclass
class GraphResult:
    """Triples of a CONSTRUCT or DESCRIBE query (pyoxigraph ``Triple`` objects)."""

    triples: list

    kind = "graph"

    def __len__(self) -> int:
        return len(self.triples)


QueryResult = SelectResult | AskResult | GraphResult

_NUMERIC = {XSD + t for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
                              "negativeInteger", "nonPositiveInteger", "unsignedInt", "unsignedLong")}


def python_value(term):
    """A plain Python value for a term: str for IRIs, blank nodes and text; int/float for numbers; bool."""
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.Literal):
        dt = term.datatype.value
        try:
            if dt in _NUMERIC:
                return int(term.value)
            if dt in (XSD + "decimal", XSD + "double", XSD + "float"):
                return float(term.value)
            if dt == XSD + "boolean":
                return term.value in ("true", "1")
        except ValueError:
            return term.value
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.NamedNode):
        return term.value
    return str(term)


def _nt_escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
            .replace("\t", "\\t"))


def term_text(term) -> str:
    """A term in N-Triples / Turtle syntax (tabs escaped too: safe in TSV)."""
    import pyoxigraph as ox

    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return f"<{term.value}>"
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        body = f'"{_nt_escape(term.value)}"'
        if term.language:
            return f"{body}@{term.language}"
        if term.datatype.value == _XSD_STRING:
            return body
        return f"{body}^^<{term.datatype.value}>"
    if isinstance(term, ox.Triple):
        return f"<< {term_text(term.subject)} {term_text(term.predicate)} {term_text(term.object)} >>"
    return str(term)


def _json_term(term) -> dict:
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != _XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {"subject": _json_term(term.subject),
                                            "predicate": _json_term(term.predicate),
                                            "object": _json_term(term.object)}}
    raise TypeError(f"terme inattendu : {term!r}")


def _xml_text(text: str) -> str:
    # XML 1.0 cannot carry most control characters: write them as U+FFFD.
    cleaned = "".join(c if c in "\t\n\r" or ord(c) >= 0x20 else "\ufffd" for c in text)
    return _xml_escape(cleaned)


def _xml_term(term) -> str:
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return f"<uri>{_xml_text(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{_xml_text(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        attrs = ""
        if term.language:
            attrs = f" xml:lang={_xml_attr(term.language)}"
        elif term.datatype.value != _XSD_STRING:
            attrs = f" datatype={_xml_attr(term.datatype.value)}"
        return f"<literal{attrs}>{_xml_text(term.value)}</literal>"
    if isinstance(term, ox.Triple):
        return (f"<triple><subject>{_xml_term(term.subject)}</subject><predicate>{_xml_term(term.predicate)}"
                f"</predicate><object>{_xml_term(term.object)}</object></triple>")
    raise TypeError(f"terme inattendu : {term!r}")


def _csv_value(term) -> str:
    import pyoxigraph as ox

    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, (ox.NamedNode, ox.Literal)):
        return term.value
    return term_text(term)


def serialize(result: QueryResult, fmt: str) -> bytes:
    """Write a result in a standard format.

    ``fmt`` is a key of :data:`RESULT_FORMATS` for SELECT and ASK results, of
    :data:`RDF_FORMATS` for graph results.
    """
    import pyoxigraph as ox

    if isinstance(result, GraphResult):
        if fmt not in RDF_FORMATS:
            raise ValueError(f"format de graphe inconnu : {fmt}")
        if fmt == "jsonld":  # compacted under the shipped context, as graphe.jsonld and the graph downloads
            from ecosysteme.export.jsonld import write_jsonld

            text = io.StringIO()
            write_jsonld(sorted(result.triples, key=str), text)
            return text.getvalue().encode("utf-8")
        prefixes = dict(SERIALISATION_PREFIXES) if fmt in ("ttl", "rdfxml") else None
        return ox.serialize(result.triples, format=RDF_FORMATS[fmt].rdf_format(), prefixes=prefixes)
    if fmt not in RESULT_FORMATS:
        raise ValueError(f"format de résultats inconnu : {fmt}")
    if isinstance(result, AskResult):
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": result.value}).encode()
        if fmt == "xml":
            return ('<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                    f'<head/><boolean>{"true" if result.value else "false"}</boolean></sparql>\n').encode()
        return (("true" if result.value else "false") + "\r\n").encode()
    if fmt == "json":
        bindings = [{v: _json_term(t) for v, t in zip(result.variables, row, strict=True) if t is not None}
                    for row in result.rows]
        return json.dumps({"head": {"vars": result.variables}, "results": {"bindings": bindings}},
                          ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    if fmt == "xml":
        out = ['<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>']
        out.extend(f"<variable name={_xml_attr(v)}/>" for v in result.variables)
        out.append("</head><results>")
        for row in result.rows:
            out.append("<result>")
            out.extend(f"<binding name={_xml_attr(v)}>{_xml_term(t)}</binding>"
                       for v, t in zip(result.variables, row, strict=True) if t is not None)
            out.append("</result>")
        out.append("</results></sparql>\n")
        return "".join(out).encode("utf-8")
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        writer.writerow(result.variables)
        writer.writerows([_csv_value(t) for t in row] for row in result.rows)
        return buf.getvalue().encode("utf-8")
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    lines.extend("\t".join(term_text(t) for t in row) for row in result.rows)
    return ("\n".join(lines) + "\n").encode("utf-8")


def _short(term, prefixes: dict[str, str]) -> str:
    import pyoxigraph as ox

    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        best = None
        for prefix, ns in prefixes.items():
            if term.value.startswith(ns) and (best is None or len(ns) > len(best[1])):
                best = (prefix, ns)
        if best is not None:
            local = term.value[len(best[1]):]
            if local and all(c.isalnum() or c in "-_." for c in local):
                return f"{best[0]}:{local}"
        return f"<{term.value}>"
    if isinstance(term, ox.Literal):
        text = term.value.replace("\n", " ").replace("\r", " ").replace("\t", " ")
        return f"{text}@{term.language}" if term.language else text
    return term_text(term)


def to_table(result: QueryResult, *, max_width: int = 60, prefixes: dict[str, str] | None = None) -> str:
    """A plain-text table for the terminal (IRIs shortened with the usual prefixes)."""
    prefixes = SERIALISATION_PREFIXES if prefixes is None else prefixes
    if isinstance(result, AskResult):
        return ("oui" if result.value else "non") + "\n"
    if isinstance(result, GraphResult):
        return serialize(result, "ttl").decode("utf-8")
    header = [f"?{v}" for v in result.variables]
    cells = [[_short(t, prefixes) for t in row] for row in result.rows]

    def clip(text: str) -> str:
        return text if len(text) <= max_width else text[: max_width - 1] + "…"

    cells = [[clip(c) for c in row] for row in cells]
    widths = [len(h) for h in header]
    for row in cells:
        for i, c in enumerate(row):
            widths[i] = max(widths[i], len(c))
    sep = "+" + "+".join("-" * (w + 2) for w in widths) + "+"

    def line(values: list[str]) -> str:
        return "| " + " | ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)) + " |"

    out = [sep, line(header), sep.replace("-", "=")]
    out.extend(line(r) for r in cells)
    out.append(sep)
    n = len(result.rows)
    out.append(f"{n} ligne{'s' if n != 1 else ''}")
    return "\n".join(out) + "\n"
