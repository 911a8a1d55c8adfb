"""Compact JSON-LD under the shipped context (``ontology/contexte.jsonld``), written as a stream.

The context names each property of the ontology (``partenaireDe``,
``montant``…) with its value type, a few common ones (``label``, ``source``…)
and the prefixes of the graph (``eco:``, ``donnees:``, ``region:``…). The
file is ``{"@context": …, "@graph": [one node per line]}``: what a JSON-LD
processor's compaction gives, without holding the graph in memory (triples
come sorted, so a subject's triples are contiguous; a subject seen again
later only adds a second node object with the same ``@id``, which expansion
merges).

Only forms whose expansion is certain are written: a term is used when the
value fits its declared type, otherwise the property is written as a compact
IRI (``eco:montant``) with an explicit ``@type`` or ``@language``. The tests
expand the file with pyld and compare it to the Turtle (``rdflib.compare``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import IO, Any

__all__ = ["CONTEXT_FILE", "jsonld_context", "write_jsonld"]

CONTEXT_FILE = "contexte.jsonld"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_GEN_DELIMS = ("/", "#", ":", "?", "[", "]", "@")


def context_path() -> Path:
    """The shipped context: the packaged copy, else the checkout's ``ontology/contexte.jsonld``."""
    from ecosysteme.datasets import shipped

    return shipped("ontology") / CONTEXT_FILE


@cache
def jsonld_context() -> dict[str, Any]:
    """The ``@context`` object of ``ontology/contexte.jsonld`` (read once)."""
    return json.loads(context_path().read_text(encoding="utf-8"))["@context"]


class _Compactor:
    """IRIs to compact IRIs, and each predicate to its term with the value type the term coerces to."""

    def __init__(self, context: dict[str, Any]) -> None:
        prefixes = {name: iri for name, iri in context.items() if isinstance(iri, str) and iri.endswith(_GEN_DELIMS)}
        # longest namespace first, so that region: wins over terr:
        self.prefixes = sorted(((iri, name) for name, iri in prefixes.items()), key=lambda p: -len(p[0]))
        self.terms: dict[str, tuple[str, str | None]] = {}
        for name, definition in context.items():
            if isinstance(definition, dict):
                kind = definition.get("@type")
                coerce = kind if kind in (None, "@id") else self._expand(kind, prefixes)
                self.terms[self._expand(definition["@id"], prefixes)] = (name, coerce)
        self._cache: dict[str, str] = {}

    @staticmethod
    def _expand(curie: str, prefixes: dict[str, str]) -> str:
        prefix, _colon, suffix = curie.partition(":")
        return prefixes[prefix] + suffix if prefix in prefixes else curie

    def iri(self, iri: str) -> str:
        short = self._cache.get(iri)
        if short is None:
            short = iri
            for namespace, name in self.prefixes:
                suffix = iri[len(namespace):]
                if iri.startswith(namespace) and suffix and not suffix.startswith("//"):
                    short = f"{name}:{suffix}"
                    break
            if len(self._cache) < 100_000:  # predicates, classes and concepts repeat; node IRIs mostly do not
                self._cache[iri] = short
        return short

    def entry(self, predicate: str, obj: Any) -> tuple[str, Any]:
        """The key and the value of one triple in its subject's node object."""
        import pyoxigraph as ox

        term, coerce = self.terms.get(predicate, (None, "none"))
        if isinstance(obj, ox.Literal):
            if obj.language:
                value: Any = {"@value": obj.value, "@language": obj.language}
                return (term, value) if term and coerce is None else (self.iri(predicate), value)
            datatype = obj.datatype.value
            if datatype == _XSD_STRING:
                return (term, obj.value) if term and coerce is None else (self.iri(predicate), obj.value)
            if term and coerce == datatype:
                return term, obj.value
            return self.iri(predicate), {"@value": obj.value, "@type": self.iri(datatype)}
        node = f"_:{obj.value}" if isinstance(obj, ox.BlankNode) else self.iri(obj.value)
        if predicate == _RDF_TYPE:
            return "@type", node
        if term and coerce == "@id":
            return term, node
        return self.iri(predicate), {"@id": node}


def _node(subject: Any, entries: list[tuple[str, Any]], compactor: _Compactor) -> dict[str, Any]:
    import pyoxigraph as ox

    node: dict[str, Any] = {"@id": f"_:{subject.value}" if isinstance(subject, ox.BlankNode)
                            else compactor.iri(subject.value)}
    types = [value for key, value in entries if key == "@type"]
    if types:
        node["@type"] = types[0] if len(types) == 1 else types
    for key, value in entries:
        if key == "@type":
            continue
        if key not in node:
            node[key] = value
        elif isinstance(node[key], list):
            node[key].append(value)
        else:
            node[key] = [node[key], value]
    return node


def write_jsonld(triples: Iterable[Any], fh: IO[str], context: dict[str, Any] | None = None) -> int:
    """Write ``triples`` (pyoxigraph triples or default-graph quads) as compact JSON-LD; return the node count.

    The context is written inline (the file reads offline); it is the one of
    ``ontology/contexte.jsonld`` unless given.
    """
    context = jsonld_context() if context is None else context
    compactor = _Compactor(context)
    fh.write('{\n"@context": ')
    fh.write(json.dumps(context, ensure_ascii=False, indent=1))
    fh.write(',\n"@graph": [')
    count = 0
    subject = None
    entries: list[tuple[str, Any]] = []

    def flush() -> None:
        nonlocal count
        fh.write(",\n" if count else "\n")
        fh.write(json.dumps(_node(subject, entries, compactor), ensure_ascii=False, separators=(",", ":")))
        count += 1

    for triple in triples:
        if triple.subject != subject:
            if subject is not None:
                flush()
            subject, entries = triple.subject, []
        entries.append(compactor.entry(triple.predicate.value, triple.object))
    if subject is not None:
        flush()
    fh.write("\n]\n}\n")
    return count
