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
    "DIRECTED_LINKS",
    "ECO",
    "ECOSYSTEM_LINKS",
    "ECO_NS",
    "GRAPH_NS",
    "ID_NS",
    "LINK_TYPES",
    "MEETING_LINKS",
    "NEED_LINKS",
    "PREFIXES",
    "RELATION_TYPES",
    "SCHEMES",
    "SERIALISATION_PREFIXES",
    "TERRITORY_NS",
    "VOC_NS",
    "Concept",
    "LinkType",
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
ECO = _g.ECO
ID_NS = "https://w3id.org/ecosysteme/id/"
TERRITORY_NS = "https://w3id.org/ecosysteme/territoire/"
#: Named graphs: one per dataset, plus the territories and the ontology.
GRAPH_NS = "https://w3id.org/ecosysteme/graphe/"

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
    "dcat": "http://www.w3.org/ns/dcat#",
    "void": "http://rdfs.org/ns/void#",
    "spdx": "http://spdx.org/rdf/terms#",
    "igeo": "http://rdf.insee.fr/def/geo#",
}

#: Prefixes for serialisations and queries: the above plus one per concept scheme and territory level.
SERIALISATION_PREFIXES = dict(PREFIXES)
SERIALISATION_PREFIXES.update({scheme: f"{VOC_NS}{scheme}/" for scheme in _g.SCHEMES})
SERIALISATION_PREFIXES.update({level: f"{TERRITORY_NS}{level}/" for level in _g.TERRITORY_CLASS_BY_LEVEL})

_TERMS = frozenset(_g.CLASSES + _g.OBJECT_PROPERTIES + _g.DATATYPE_PROPERTIES + _g.ANNOTATION_PROPERTIES)


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
class LinkType:
    """A type of link between resources, with its meaning as the ontology states it.

    ``key`` is the link's short name in every graph (networkx edge ``type``,
    Neo4j relationship type in capitals, map legend, CSV); ``entry`` the value
    of the ``relations`` table's ``type`` column (None when the link only comes
    from another column, as ``exprime`` from ``acteurs.besoins``).
    """

    key: str
    prop: str
    entry: str | None
    domain: tuple[str, ...]
    range: tuple[str, ...]
    symmetric: bool
    label_fr: str
    label_en: str
    inverse_fr: str
    inverse_en: str
    noun_fr: str
    noun_en: str
    aliases: tuple[str, ...]
    supers: tuple[str, ...]

    @property
    def iri(self) -> str:
        return ECO_NS + self.prop

    @property
    def directed(self) -> bool:
        return not self.symmetric

    @property
    def neo4j_type(self) -> str:
        """Relationship type in Neo4j: the key in capitals (``MEMBRE_DE``)."""
        return self.key.upper()


#: Kept for callers of the relations table's types.
RelationType = LinkType


SCHEMES: dict[str, dict[str, Concept]] = {
    sid: {c[0]: Concept(sid, *c) for c in concepts} for sid, concepts in _g.SCHEMES.items()
}
ACTOR_TYPES: dict[str, str] = dict(_g.ACTOR_CLASS_BY_KEY)
TERRITORY_CLASSES: dict[str, str] = dict(_g.TERRITORY_CLASS_BY_LEVEL)
#: Every link type of the model, in the ontology's order (``eco:ordre``).
LINK_TYPES: dict[str, LinkType] = {k: LinkType(k, *v) for k, v in _g.LINK_TYPES.items()}
#: The types the ``relations`` table accepts (column ``type``), by input key, sorted.
RELATION_TYPES: dict[str, LinkType] = {lt.entry: lt for lt in sorted(LINK_TYPES.values(), key=lambda lt: lt.entry or "")
                                       if lt.entry is not None}
#: Links that weave the ecosystem between actors and programmes (``eco:lienEcosysteme``), in order.
ECOSYSTEM_LINKS: tuple[str, ...] = tuple(k for k, lt in LINK_TYPES.items() if "lienEcosysteme" in lt.supers)
#: Links through which two actors meet (``eco:lienDeRencontre``), in order.
MEETING_LINKS: tuple[str, ...] = tuple(k for k, lt in LINK_TYPES.items() if "lienDeRencontre" in lt.supers)
#: Links that point to a need (an actor expresses it, a programme or an actor answers it).
NEED_LINKS: tuple[str, ...] = tuple(k for k, lt in LINK_TYPES.items() if lt.range == ("Besoin",))
#: Links whose direction matters (not ``owl:SymmetricProperty``).
DIRECTED_LINKS: frozenset[str] = frozenset(k for k, lt in LINK_TYPES.items() if lt.directed)


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
