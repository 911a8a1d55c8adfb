"""The VoID + DCAT description of a store, written into its reserved graph :data:`DESCRIPTION_GRAPH`.

The store as a whole is a ``dcat:Catalog`` and a ``void:Dataset``; each of its
named graphs (the datasets, the territories, the ontology, graphs made by
SPARQL updates) is a ``dcat:Dataset`` and a ``void:Dataset`` whose IRI is the
graph's name, a ``void:subset`` of the store, with:

- title, description, licence, source and publisher (``dcterms:``): from the
  graph's own ``eco:Jeu`` or ``owl:Ontology`` resource when it has one (a
  dataset's ``jeu`` table), else from what ecosysteme knows of the reference
  graphs, else the graph's short name;
- ``dcterms:issued`` (first load into this store) and ``dcterms:modified``
  (last load), as ``xsd:dateTime``;
- ``dcat:version``: the store version being published (``v000003``), the
  handle a paper cites together with the graph's fingerprint; the version
  itself is a resource (:func:`version_iri`, ``dcterms:isVersionOf`` the
  store) with its publication time and fingerprint (SHA-256 of its graphs'
  fingerprints); ``ecosysteme serve`` adds its read-only SPARQL endpoint
  (``/versions/v000003/sparql``) when it serves the description;
- ``void:triples`` and the fingerprint (``spdx:checksum``, SHA-256 of the
  loaded content or of its source files);
- its dumps (``void:dataDump``, ``dcat:distribution``): the graph IRI plus a
  format's extension (``…/graphe/reseau.ttl``), which ``ecosysteme serve``
  answers under ``/graphe/`` (graphs named under :data:`GRAPH_NS` only).

The description graph does not describe itself (its triples are not counted in
the store's ``void:triples``). It is rewritten on every published version.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Iterator

from ecosysteme.stores.rdfstore._results import RDF_FORMATS
from ecosysteme.vocab import GRAPH_NS, PREFIXES

__all__ = ["DESCRIPTION_GRAPH", "STORE_IRI", "description_ntriples", "version_iri"]

#: The reserved named graph holding the description.
DESCRIPTION_GRAPH = GRAPH_NS + "description"
#: The store as a whole (catalogue and VoID dataset).
STORE_IRI = DESCRIPTION_GRAPH + "#magasin"

RDF_TYPE = PREFIXES["rdf"] + "type"
XSD = PREFIXES["xsd"]
DCT = PREFIXES["dcterms"]
DCAT = PREFIXES["dcat"]
VOID = PREFIXES["void"]
SPDX = PREFIXES["spdx"]
FOAF_TOPIC = PREFIXES["foaf"] + "primaryTopic"
ECO = PREFIXES["eco"]
OWL = PREFIXES["owl"]
MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"


def version_iri(version: str) -> str:
    """The IRI of one published version of the store (``…/graphe/description#version-v000003``)."""
    return f"{DESCRIPTION_GRAPH}#version-{version}"


_METADATA = ("title", "description", "license", "source", "publisher")
#: What ecosysteme knows of its reference graphs (their own triples say less).
_REFERENCE = {
    "territoires": {
        "title": ('"Territoires français : communes, EPCI, départements, régions"@fr',),
        "description": ('"Toutes les communes, EPCI, départements et régions avec leur code officiel, leur '
                        'population et leurs inclusions, depuis le paquet npm @etalab/decoupage-administratif."@fr',),
        "license": ("<https://www.etalab.gouv.fr/licence-ouverte-open-licence/>",),
        "publisher": ('"Etalab"',),
    },
    "ontologie": {
        "publisher": ('"projet ecosysteme"',),
    },
}


def _lit(text: str, datatype: str | None = None) -> str:
    body = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{body}"^^<{XSD}{datatype}>' if datatype else f'"{body}"'


def _when(iso: str | None) -> str | None:
    """An ``xsd:dateTime`` literal from the catalogue's ISO time, or None."""
    if not iso:
        return None
    try:
        moment = _dt.datetime.fromisoformat(iso)
    except ValueError:
        return None
    return _lit(moment.isoformat(), "dateTime")


def _term(term) -> str | None:
    """N-Triples form of a pyoxigraph IRI or literal (None for a blank node)."""
    import pyoxigraph as ox

    return str(term) if isinstance(term, ox.NamedNode | ox.Literal) else None


def _graph_metadata(store, iri: str) -> tuple[str | None, dict[str, list[str]]]:
    """The ``eco:Jeu`` / ``owl:Ontology`` resource of a graph and its dcterms metadata (N-Triples terms)."""
    query = (f"SELECT ?r ?p ?o {{ GRAPH <{iri}> {{ VALUES ?c {{ <{ECO}Jeu> <{OWL}Ontology> }} ?r a ?c . "
             f"OPTIONAL {{ VALUES ?p {{ {' '.join(f'<{DCT}{m}>' for m in _METADATA)} }} ?r ?p ?o }} }} }}")
    topic: str | None = None
    found: dict[str, list[str]] = {}
    for row in store.query(query):
        topic = topic or row["r"].value
        value = _term(row["o"]) if row["p"] is not None else None
        if value is not None:
            found.setdefault(row["p"].value[len(DCT):], []).append(value)
    return topic, found


def description_ntriples(store, graphs: Iterable, *, version: str | None, now: str | None = None,
                         fingerprint: str | None = None) -> str:
    """The description of a store as N-Triples text.

    Parameters
    ----------
    store : pyoxigraph.Store
        The store, read for each graph's own metadata.
    graphs : iterable of GraphInfo
        The graphs to describe (the description graph itself is skipped).
    version : str or None
        The store version being published (None for an in-memory store).
    now : str, optional
        ISO time of the description (default: now, UTC).
    fingerprint : str, optional
        The version's fingerprint (SHA-256 of its graphs' fingerprints).
    """
    now = now or _dt.datetime.now(_dt.UTC).replace(microsecond=0).isoformat()
    lines = list(_lines(store, [g for g in graphs if g.iri != DESCRIPTION_GRAPH], version, now))
    if version:
        lines.extend(_version_lines(version, now, fingerprint, sum(g.triples for g in graphs
                                                                    if g.iri != DESCRIPTION_GRAPH)))
    return "\n".join(sorted(set(lines))) + "\n"


def _version_lines(version: str, now: str, fingerprint: str | None, triples: int) -> Iterator[str]:
    s, v = f"<{STORE_IRI}>", f"<{version_iri(version)}>"
    yield f"{s} <{DCT}hasVersion> {v} ."
    yield f"{v} <{RDF_TYPE}> <{DCAT}Dataset> ."
    yield f"{v} <{RDF_TYPE}> <{VOID}Dataset> ."
    yield f"{v} <{DCT}isVersionOf> {s} ."
    yield f"{v} <{DCAT}version> {_lit(version)} ."
    yield f'{v} <{DCT}title> "Magasin RDF ecosysteme, version {version}"@fr .'
    yield f"{v} <{DCT}issued> {_when(now)} ."
    yield f"{v} <{VOID}triples> {_lit(str(triples), 'integer')} ."
    if fingerprint:
        yield f"{v} <{SPDX}checksum> _:empreinte-version ."
        yield f"_:empreinte-version <{RDF_TYPE}> <{SPDX}Checksum> ."
        yield f"_:empreinte-version <{SPDX}algorithm> <{SPDX}checksumAlgorithm_sha256> ."
        yield f"_:empreinte-version <{SPDX}checksumValue> {_lit(fingerprint, 'hexBinary')} ."


def _lines(store, graphs: list, version: str | None, now: str) -> Iterator[str]:
    s = f"<{STORE_IRI}>"
    yield f"{s} <{RDF_TYPE}> <{DCAT}Catalog> ."
    yield f"{s} <{RDF_TYPE}> <{VOID}Dataset> ."
    yield f'{s} <{DCT}title> "Magasin RDF ecosysteme"@fr .'
    yield f'{s} <{DCT}title> "ecosysteme RDF store"@en .'
    yield (f'{s} <{DCT}description> "Graphe de connaissances des écosystèmes de catalyseurs territoriaux : un graphe '
           f'nommé par jeu de données, plus les territoires et l\'ontologie. Chaque graphe est décrit ci-dessous '
           f'(licence, source, dates, nombre de triplets, empreinte)."@fr .')
    yield f'{s} <{DCT}publisher> "projet ecosysteme" .'
    yield f"{s} <{DCT}modified> {_when(now)} ."
    yield f"{s} <{VOID}triples> {_lit(str(sum(g.triples for g in graphs)), 'integer')} ."
    for vocabulary in (ECO, PREFIXES["voc"], PREFIXES["skos"], PREFIXES["prov"], PREFIXES["org"], PREFIXES["qb"],
                       DCT, PREFIXES["foaf"]):
        yield f"{s} <{VOID}vocabulary> <{vocabulary}> ."
    if version:
        yield f"{s} <{DCAT}version> {_lit(version)} ."
    for (ontology_version,) in store.query(f"SELECT DISTINCT ?v {{ GRAPH ?g {{ ?o a <{OWL}Ontology> ; "
                                           f"<{OWL}versionIRI> ?v }} }}"):
        yield f"{s} <{DCT}conformsTo> <{ontology_version.value}> ."  # the ontology version the data follow
    for number, g in enumerate(graphs):
        d = f"<{g.iri}>"
        yield f"{s} <{DCAT}dataset> {d} ."
        yield f"{s} <{VOID}subset> {d} ."
        yield f"{d} <{RDF_TYPE}> <{DCAT}Dataset> ."
        yield f"{d} <{RDF_TYPE}> <{VOID}Dataset> ."
        yield f"{d} <{DCT}identifier> {_lit(g.name)} ."
        yield f"{d} <{VOID}triples> {_lit(str(g.triples), 'integer')} ."
        topic, meta = _graph_metadata(store, g.iri)
        for key, values in _REFERENCE.get(g.kind, {}).items():
            meta.setdefault(key, list(values))
        meta.setdefault("title", [_lit(g.name)])
        if g.source:
            meta.setdefault("source", []).append(_lit(g.source))
        if topic:
            yield f"{d} <{FOAF_TOPIC}> <{topic}> ."
        for key in _METADATA:
            for value in meta.get(key, ()):
                yield f"{d} <{DCT}{key}> {value} ."
        issued, modified = _when(g.issued or g.loaded_at), _when(g.loaded_at)
        if issued:
            yield f"{d} <{DCT}issued> {issued} ."
        if modified:
            yield f"{d} <{DCT}modified> {modified} ."
        if version:
            yield f"{d} <{DCAT}version> {_lit(version)} ."
        if g.iri.startswith(GRAPH_NS):
            for key, fmt in RDF_FORMATS.items():
                dump = f"<{g.iri}.{key}>"
                yield f"{d} <{VOID}dataDump> {dump} ."
                yield f"{d} <{DCAT}distribution> {dump} ."
                yield f"{dump} <{RDF_TYPE}> <{DCAT}Distribution> ."
                yield f"{dump} <{DCAT}downloadURL> {dump} ."
                yield f"{dump} <{DCAT}mediaType> <{MEDIA_TYPES}{fmt.media_type}> ."
                yield f"{dump} <{DCT}title> {_lit(f'{g.name} ({fmt.label})')} ."
        if g.fingerprint:
            checksum = f"_:empreinte{number}"
            yield f"{d} <{SPDX}checksum> {checksum} ."
            yield f"{checksum} <{RDF_TYPE}> <{SPDX}Checksum> ."
            yield f"{checksum} <{SPDX}algorithm> <{SPDX}checksumAlgorithm_sha256> ."
            yield f"{checksum} <{SPDX}checksumValue> {_lit(g.fingerprint, 'hexBinary')} ."
