"""Compact JSON-LD under the shipped context (``ontology/contexte.jsonld``), written as a stream.

The context names each property of the ontology (``partenaireDe``,
``montant``…) with its value type, a few common ones (``label``, ``source``…)
and the prefixes of the graph (``eco:``, ``donnees:``, ``region:``…). The
file is ``{"@context": …, "@graph": [one node per line]}``: what a JSON-LD
processor's compaction gives, without holding the graph in memory (triples
come sorted, so a subject's triples are contiguous; a subject seen again
later only adds a second node object with the same ``@id``, which expansion
merges).

A term is used when the value fits its declared type (any value for a term
that declares none, with its ``@type`` or ``@language``), otherwise the
property is written as a compact IRI (``eco:montant``) with an explicit
``@type`` or ``@language``: the choices of the JSON-LD compaction algorithm. The tests
expand the file with pyld and compare it to the Turtle (``rdflib.compare``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import IO, Any

from pyoxigraph import Literal as _Literal
from pyoxigraph import NamedNode as _NamedNode

__all__ = ["CONTEXT_FILE", "jsonld_context", "write_jsonld"]

CONTEXT_FILE = "contexte.jsonld"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


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
        prefixes = {name: iri for name, iri in context.items() if isinstance(iri, str) and iri.endswith(("/", "#"))}
        self._namespaces = {iri: name for name, iri in prefixes.items()}
        #: predicate IRI -> (term or None, the type the term coerces its values to: None, "@id" or a datatype IRI)
        self.terms: dict[str, tuple[str | None, str | None]] = {}
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
        """``prefix:suffix`` under the longest namespace of the context that holds ``iri``, else ``iri``."""
        short = self._cache.get(iri)
        if short is not None:
            return short
        short = iri
        end = max(iri.rfind("/"), iri.rfind("#"))
        while end > 0:
            name = self._namespaces.get(iri[:end + 1])
            suffix = iri[end + 1:]
            if name is not None and suffix and not suffix.startswith("//"):
                short = f"{name}:{suffix}"
                break
            end = max(iri.rfind("/", 0, end), iri.rfind("#", 0, end))
        if len(self._cache) < 200_000:  # predicates, classes and concepts repeat; node IRIs mostly do not
            self._cache[iri] = short
        return short

    def entry(self, predicate: str, obj: Any) -> tuple[str, Any]:
        """The key and the value of one triple in its subject's node object."""
        term, coerce = self.terms.get(predicate, (None, "none"))
        if type(obj) is _Literal:
            language = obj.language
            if language:
                value: Any = {"@value": obj.value, "@language": language}
                return (term, value) if term and coerce is None else (self.iri(predicate), value)
            datatype = obj.datatype.value
            if datatype == _XSD_STRING:
                return (term, obj.value) if term and coerce is None else (self.iri(predicate), obj.value)
            if term and coerce == datatype:
                return term, obj.value
            value = {"@value": obj.value, "@type": self.iri(datatype)}
            return (term, value) if term and coerce is None else (self.iri(predicate), value)
        node = self.iri(obj.value) if type(obj) is _NamedNode else f"_:{obj.value}"
        if predicate == _RDF_TYPE:
            return "@type", node
        if term and coerce == "@id":
            return term, node
        return (term, {"@id": node}) if term and coerce is None else (self.iri(predicate), {"@id": node})


def write_jsonld(triples: Iterable[Any], fh: IO[str], context: dict[str, Any] | None = None) -> int:
    """Write ``triples`` (pyoxigraph triples or default-graph quads) as compact JSON-LD; return the node count.

    The context is written inline (the file reads offline); it is the one of
    ``ontology/contexte.jsonld`` unless given.
    """
    context = jsonld_context() if context is None else context
    compactor = _Compactor(context)
    iri, entry = compactor.iri, compactor.entry
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    fh.write('{\n"@context": ')
    fh.write(json.dumps(context, ensure_ascii=False, indent=1))
    fh.write(',\n"@graph": [')
    count = 0
    current = None
    node: dict[str, Any] = {}
    for triple in triples:
        subject = triple.subject
        value = subject.value
        if value != current:
            if current is not None:
                fh.write(",\n" if count else "\n")
                fh.write(encode(_types_first(node)))
                count += 1
            current = value
            node = {"@id": iri(value) if type(subject) is _NamedNode else f"_:{value}"}
        key, value = entry(triple.predicate.value, triple.object)
        old = node.get(key)
        if old is None:
            node[key] = value
        elif type(old) is list:
            old.append(value)
        else:
            node[key] = [old, value]
    if current is not None:
        fh.write(",\n" if count else "\n")
        fh.write(encode(_types_first(node)))
        count += 1
    fh.write("\n]\n}\n")
    return count


def _types_first(node: dict[str, Any]) -> dict[str, Any]:
    """``@id``, then ``@type``, then the properties (only the order of a person reading changes)."""
    if "@type" not in node:
        return node
    keys = iter(node)
    next(keys)
    if next(keys) == "@type":
        return node
    return {"@id": node.pop("@id"), "@type": node.pop("@type"), **node}
