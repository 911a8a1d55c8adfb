"""The ontology seen from Python: IRIs, input keys and concept schemes.

Everything here comes from ``ontology/*.ttl`` through the generated module
``_generated.py`` (``scripts/gen_vocab.py``); a test fails when they drift.
Unknown terms raise instead of minting a wrong IRI.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from ecosysteme.vocab import _generated as _g

__all__ = [
    "ACTOR_TYPES",
    "ECO_NS",
    "ID_NS",
    "PREFIXES",
    "RELATION_TYPES",
    "SCHEMES",
    "SERIALISATION_PREFIXES",
    "TERRITORY_NS",
    "VOC_NS",
    "Concept",
    "RelationType",
    "concept",
    "concept_iri",
    "default_world",
    "eco",
    "resource_iri",
    "territory_iri",
]

ECO_NS = _g.ECO_NS
VOC_NS = _g.VOC_NS
ID_NS = "https://w3id.org/ecosysteme/id/"
TERRITORY_NS = "https://w3id.org/ecosysteme/territoire/"

PREFIXES = {
    "eco": ECO_NS,
    "voc": VOC_NS,
    "terr": TERRITORY_NS,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "qb": "http://purl.org/linked-data/cube#",
    "foaf": "http://xmlns.com/foaf/0.1/",
}

#: Prefixes for serialisations and queries: the above plus one per concept scheme and territory level.
SERIALISATION_PREFIXES = dict(PREFIXES)
SERIALISATION_PREFIXES.update({scheme: f"{VOC_NS}{scheme}/" for scheme in _g.SCHEMES})
SERIALISATION_PREFIXES.update({level: f"{TERRITORY_NS}{level}/" for level in _g.TERRITORY_CLASS_BY_LEVEL})

_TERMS = frozenset(_g.CLASSES + _g.OBJECT_PROPERTIES + _g.DATATYPE_PROPERTIES)


def eco(term: str) -> str:
    """Return the IRI of an ontology term, failing on a typo.

    >>> eco("Acteur")
    'https://w3id.org/ecosysteme/ontologie#Acteur'
    """
    if term not in _TERMS:
        raise KeyError(f"terme inconnu de l'ontologie : {term!r}")
    return ECO_NS + term


@dataclass(frozen=True, slots=True)
class Concept:
    """A SKOS concept of one of the schemes."""

    scheme: str
    key: str
    label_fr: str
    label_en: str
    broader: str | None

    @property
    def iri(self) -> str:
        return f"{VOC_NS}{self.scheme}/{self.key}"


@dataclass(frozen=True, slots=True)
class RelationType:
    """A relation type of the ``relations`` table and the property it maps to."""

    key: str
    prop: str
    domain: tuple[str, ...]
    range: tuple[str, ...]
    symmetric: bool
    label_fr: str

    @property
    def iri(self) -> str:
        return ECO_NS + self.prop


SCHEMES: dict[str, dict[str, Concept]] = {
    sid: {c[0]: Concept(sid, *c) for c in concepts} for sid, concepts in _g.SCHEMES.items()
}
ACTOR_TYPES: dict[str, str] = dict(_g.ACTOR_CLASS_BY_KEY)
TERRITORY_CLASSES: dict[str, str] = dict(_g.TERRITORY_CLASS_BY_LEVEL)
RELATION_TYPES: dict[str, RelationType] = {k: RelationType(k, *v) for k, v in _g.RELATION_TYPES.items()}


def concept(scheme: str, key: str) -> Concept:
    """Return a concept of a scheme, raising ``KeyError`` when unknown."""
    return SCHEMES[scheme][key]


def concept_iri(scheme: str, key: str) -> str:
    """IRI of a concept, e.g. ``concept_iri("monde", "associations")``."""
    return concept(scheme, key).iri


def default_world(actor_type: str) -> str | None:
    """The world (``monde``) an actor type implies, from ``eco:mondeParDefaut``."""
    return _g.DEFAULT_WORLD_BY_ACTOR_KEY.get(actor_type)


def territory_iri(level: str, code: str) -> str:
    """Stable IRI of a real territory, e.g. ``territory_iri("commune", "35238")``."""
    if level not in TERRITORY_CLASSES:
        raise KeyError(f"niveau de territoire inconnu : {level!r}")
    return f"{TERRITORY_NS}{level}/{quote(code, safe='')}"


def resource_iri(dataset: str, kind: str, ident: str) -> str:
    """Stable IRI of a resource of a dataset, derived from its input id."""
    return f"{ID_NS}{quote(dataset, safe='')}/{kind}/{quote(ident, safe='')}"
