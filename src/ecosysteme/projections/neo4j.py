"""The model as Neo4j rows: nodes, relationships, their properties and fingerprints.
Neo4j: push a model in bulk, keep it in sync, and run Cypher on it.

The scale-out path of ecosysteme: when a network outgrows one machine or many
people work on the same graph, it lives in Neo4j (a local server, a cluster or
Aura). This module turns a :class:`~ecosysteme.model.Model` into rows, pushes
them with ``UNWIND`` batches, and runs parameterised Cypher.

Graph shape
-----------
Nodes (key property ``uid``, unique per label; every node of a dataset carries
``jeu``, the dataset's name, and ``empreinte``, a hash of its content):

- ``:Acteur`` plus its class (``:Association``, ``:Entreprise``,
  ``:Collectivite``, ``:Institution``, ``:Financeur``, ``:Reseau``,
  ``:Catalyseur``, ``:Recherche``): ``id, nom, type, monde, echelon, natures,
  odd, site_web, description, alias, presume`` (``presume``: the columns whose
  value is presumed, never counted as coverage);
- ``:Programme``: ``id, nom, themes, axe, echelon, sous_section, description, lien, presume``;
- ``:Besoin``: ``id, libelle, theme, domaine, description``;
- ``:Indicateur``: ``code, libelle, unite, domaine, sens, producteur``;
- ``:Observation``: ``indicateur, territoire, periode, valeur``;
- ``:Territoire`` plus its level (``:Pays``, ``:Region``, ``:Departement``,
  ``:EPCI``, ``:Commune``): ``uid`` (``commune:35238``, ``france``),
  ``niveau, code, nom, population``. Territories are shared by every dataset
  (never pruned): the ones a dataset names and all their ancestors;
- ``:Jeu``: one per dataset (``nom``, ``mis_a_jour``, ``pousses``, counts).

``uid`` of a dataset's resource is ``<jeu>/<kind>/<id>`` (kind: acteur,
programme, besoin, indicateur, observation); its RDF IRI is
:func:`ecosysteme.vocab.resource_iri` of the same three parts. Provenance is
on nodes and relationships: ``fichier``, ``ligne``, ``citation``.

Relationships, one per input row (``rang`` numbers repeated rows of the same
type between the same two resources, from 0): ``PARTENARIAT``, ``RELAIS``,
``FINANCEMENT``, ``MEMBRE_DE``, ``PORTE``, ``ACCOMPAGNE``, ``REPOND_A``,
``EXPRIME`` (with ``montant``, ``debut``, ``fin`` and provenance); implied ones
(``PORTE`` from ``programmes.porteurs``, ``REPOND_A`` from
``programmes.besoins``, ``EXPRIME`` from ``acteurs.besoins``) carry the
provenance of the row that implies them. Without properties:
``INTERVIENT_SUR`` (actor or programme to territory), ``CONCERNE`` (need to
territory), ``INCLUS_DANS`` (territory to its direct parents, as
:meth:`ecosysteme.territories.Territories.parents`), ``INDICATEUR`` and
``TERRITOIRE_OBSERVE`` (observation to its indicator and territory).

The rows are pure data (:func:`graph_rows`); :mod:`ecosysteme.stores.neo4j` pushes them.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from ecosysteme import vocab
from ecosysteme.ecosystem import Ecosystem, as_ecosystem
from ecosysteme.model import Model, PartialDate, Provenance, TerritoryRef, When, format_ref

__all__ = [
    "ACTOR_CLASSES",
    "BARE_TYPES",
    "DATASET_LABELS",
    "EDGE_TYPES",
    "KIND_LABEL",
    "NODE_PROPERTIES",
    "REL_PROPERTIES",
    "TERRITORY_LEVEL_LABEL",
    "GraphRows",
    "NodeRow",
    "RelRow",
    "graph_rows",
    "node_uid",
]

#: Relationship type of every link type of the ontology (link key -> Neo4j type, the key in capitals).
EDGE_TYPES: dict[str, str] = {key: link.neo4j_type for key, link in vocab.LINK_TYPES.items()}

#: Node label of each kind of resource.
KIND_LABEL = {"acteur": "Acteur", "programme": "Programme", "besoin": "Besoin"}
#: Labels of the nodes that belong to one dataset (``jeu``); territories are shared.
DATASET_LABELS = ("Acteur", "Programme", "Besoin", "Indicateur", "Observation")
#: The actor classes, each also a label of its actors' nodes.
ACTOR_CLASSES = tuple(sorted(set(vocab.ACTOR_TYPES.values())))
#: Territory level -> its label (``Commune``, ``EPCI``…).
TERRITORY_LEVEL_LABEL = dict(vocab.TERRITORY_CLASSES)

#: Properties written on each node label, in this order (``uid`` first).
NODE_PROPERTIES: dict[str, tuple[str, ...]] = {
    "Acteur": ("uid", "jeu", "id", "nom", "type", "monde", "echelon", "natures", "odd", "site_web", "description",
               "alias", "presume", "fichier", "ligne", "citation", "empreinte"),
    "Programme": ("uid", "jeu", "id", "nom", "themes", "axe", "echelon", "sous_section", "description", "lien",
                  "presume", "fichier", "ligne", "citation", "empreinte"),
    "Besoin": ("uid", "jeu", "id", "libelle", "theme", "domaine", "description", "fichier", "ligne", "citation",
               "empreinte"),
    "Indicateur": ("uid", "jeu", "code", "libelle", "unite", "domaine", "sens", "producteur", "fichier", "ligne",
                   "citation", "empreinte"),
    "Observation": ("uid", "jeu", "indicateur", "territoire", "periode", "valeur", "fichier", "ligne", "citation",
                    "empreinte"),
    "Territoire": ("uid", "niveau", "code", "nom", "population"),
}

#: Properties of relationships that come from a row (the others have none).
REL_PROPERTIES = ("rang", "montant", "debut", "fin", "fichier", "ligne", "citation", "empreinte")

#: Structure links (to a territory, or of an observation) carry no row of their own, hence no property.
BARE_TYPES = frozenset(link.neo4j_type for link in vocab.LINK_TYPES.values()
                        if link.range == ("Territoire",) or "Observation" in link.domain)


# --------------------------------------------------------------------------
# Model -> rows
# --------------------------------------------------------------------------
@dataclass(slots=True)
class NodeRow:
    """One node to write: its key, labels and properties (``empreinte`` included)."""

    label: str
    uid: str
    props: dict[str, Any]
    extra_label: str | None = None


@dataclass(slots=True)
class RelRow:
    """One relationship to write, identified by ``(type, source, target, rang)``."""

    type: str
    source_label: str
    source: str
    target_label: str
    target: str
    props: dict[str, Any] | None = None

    @property
    def rank(self) -> int:
        return int(self.props.get("rang") or 0) if self.props else 0

    @property
    def key(self) -> tuple[str, str, str, int]:
        return (self.type, self.source, self.target, self.rank)


@dataclass(slots=True)
class GraphRows:
    """A model as Neo4j rows: dataset nodes and relationships, plus the territories they need."""

    dataset: str
    nodes: list[NodeRow]
    rels: list[RelRow]
    territories: list[NodeRow]
    inclusions: list[RelRow]


def node_uid(dataset: str, kind: str, ident: str) -> str:
    return f"{dataset}/{kind}/{ident}"


def _list(values: Sequence[str]) -> list[str] | None:
    return list(values) if values else None


def _fingerprint(props: Mapping[str, Any], extra: str | None = None) -> int:
    """64-bit hash of the non-null properties (in the fixed order this module builds them) and the extra label.

    An integer is stored inline in Neo4j's property record (cheaper to write than a string).
    """
    text = repr([item for item in props.items() if item[1] is not None])
    if extra:
        text += extra
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big", signed=True)


def _when(value: When | None) -> date | str | None:
    """A day as a Neo4j date; a date kept at the month or the year as its text (``2021-03``, ``2021``)."""
    return value.isoformat() if isinstance(value, PartialDate) else value


def _provenance(prov: Provenance) -> dict[str, Any]:
    return {"fichier": prov.file, "ligne": prov.row, "citation": prov.quote}


def graph_rows(ecosystem: Ecosystem | Model) -> GraphRows:
    """Turn an ecosystem into the rows :func:`ecosysteme.stores.neo4j.push` writes (pure; no database).

    Parameters
    ----------
    ecosystem : Ecosystem (or Model)

    Returns
    -------
    GraphRows
        Deterministic: the same model always gives the same rows and fingerprints.
    """
    e = as_ecosystem(ecosystem)
    model, territories = e.model, e.territories
    ds = model.dataset
    nodes: list[NodeRow] = []

    def add(label: str, uid: str, props: dict[str, Any], extra: str | None = None) -> None:
        props["uid"] = uid
        props["jeu"] = ds
        props["empreinte"] = _fingerprint(props, extra)
        nodes.append(NodeRow(label, uid, props, extra))

    for a in model.actors.values():
        add("Acteur", node_uid(ds, "acteur", a.id), {
            "id": a.id, "nom": a.name, "type": a.type, "monde": a.world, "echelon": a.level,
            "natures": _list(a.natures), "odd": _list(a.sdgs), "site_web": a.website, "description": a.description,
            "alias": _list(a.aliases), "presume": _list(a.presumed), **_provenance(a.provenance)},
            vocab.ACTOR_TYPES[a.type])
    for p in model.programmes.values():
        add("Programme", node_uid(ds, "programme", p.id), {
            "id": p.id, "nom": p.name, "themes": _list(p.themes), "axe": p.axis, "echelon": p.level,
            "sous_section": p.subsection, "description": p.description, "lien": p.link,
            "presume": _list(p.presumed), **_provenance(p.provenance)})
    for n in model.needs.values():
        add("Besoin", node_uid(ds, "besoin", n.id), {
            "id": n.id, "libelle": n.label, "theme": n.theme, "domaine": n.domain, "description": n.description,
            **_provenance(n.provenance)})
    for ind in model.indicators.values():
        add("Indicateur", node_uid(ds, "indicateur", ind.code), {
            "code": ind.code, "libelle": ind.label, "unite": ind.unit, "domaine": ind.domain, "sens": ind.direction,
            "producteur": ind.producer, **_provenance(ind.provenance)})
    seen_obs: dict[str, int] = {}
    observation_uids: list[str] = []
    for obs in model.observations:
        key = f"{obs.indicator}/{obs.territory[0]}-{obs.territory[1]}/{obs.period or 'na'}"
        count = seen_obs.get(key, 0)
        seen_obs[key] = count + 1
        if count:
            key = f"{key}/{count}"
        uid = node_uid(ds, "observation", key)
        observation_uids.append(uid)
        value = None if obs.value is None or (isinstance(obs.value, float) and math.isnan(obs.value)) \
            else float(obs.value)
        add("Observation", uid, {
            "indicateur": obs.indicator, "territoire": format_ref(obs.territory), "periode": obs.period,
            "valeur": value, **_provenance(obs.provenance)})

    # --- territories: the ones named and all their ancestors (France always) ---
    named: set[TerritoryRef] = set(model.territories()) | {("pays", "FR")}
    closure: set[TerritoryRef] = set()
    for ref in named:
        if territories.get(*ref) is None:
            continue
        closure.add(ref)
        closure.update(territories.ancestors(*ref))
    terr_rows: list[NodeRow] = []
    inclusions: list[RelRow] = []
    for level, code in sorted(closure):
        t = territories.get(level, code)
        assert t is not None
        key = format_ref((level, code))
        terr_rows.append(NodeRow("Territoire", key, {
            "uid": key, "niveau": level, "code": code, "nom": t.name,
            "population": territories.population(level, code)}, TERRITORY_LEVEL_LABEL[level]))
        for parent in territories.parents(level, code):
            if parent in closure:
                inclusions.append(RelRow("INCLUS_DANS", "Territoire", key, "Territoire", format_ref(parent)))
    known = {row.uid for row in terr_rows}

    # --- relationships ---
    rels: list[RelRow] = []
    ranks: dict[tuple[str, str, str], int] = {}
    # id -> (label, uid), in kind_of's order of precedence (actors, programmes, needs)
    where: dict[str, tuple[str, str]] = {}
    for kind, table in (("besoin", model.needs), ("programme", model.programmes), ("acteur", model.actors)):
        for ident in table:
            where[ident] = (KIND_LABEL[kind], node_uid(ds, kind, ident))

    def rel(kind: str, source: str, target: str, prov: Provenance, amount: Decimal | None = None,
            start: When | None = None, end: When | None = None, *, implied: bool = False) -> None:
        s, t = where.get(source), where.get(target)
        if s is None or t is None:
            return
        rtype = EDGE_TYPES[kind]
        triple = (rtype, source, target)
        if implied and triple in ranks:
            return  # already written by a row of the relations table
        rank = ranks.get(triple, 0)
        ranks[triple] = rank + 1
        props = {"rang": rank or None, "montant": float(amount) if amount is not None else None,
                 "debut": _when(start), "fin": _when(end), "fichier": prov.file, "ligne": prov.row,
                 "citation": prov.quote}
        props["empreinte"] = _fingerprint(props)
        rels.append(RelRow(rtype, s[0], s[1], t[0], t[1], props))

    for r in model.relations:
        rel(r.type, r.source, r.target, r.provenance, r.amount, r.start, r.end)
    for p in model.programmes.values():
        for c in p.carriers:
            rel("porte", c, p.id, p.provenance, implied=True)
        for n in p.needs:
            rel("repond_a", p.id, n, p.provenance, implied=True)
    for a in model.actors.values():
        for n in a.needs:
            rel("exprime", a.id, n, a.provenance, implied=True)

    def bare(rtype: str, s_label: str, s_uid: str, refs: Iterable[TerritoryRef]) -> None:
        for key in dict.fromkeys(format_ref(ref) for ref in refs):
            if key in known:
                rels.append(RelRow(rtype, s_label, s_uid, "Territoire", key))

    for a in model.actors.values():
        bare("INTERVIENT_SUR", "Acteur", node_uid(ds, "acteur", a.id), a.territories)
    for p in model.programmes.values():
        bare("INTERVIENT_SUR", "Programme", node_uid(ds, "programme", p.id), p.territories)
    for n in model.needs.values():
        bare("CONCERNE", "Besoin", node_uid(ds, "besoin", n.id), n.territories)
    for obs, uid in zip(model.observations, observation_uids, strict=True):
        if obs.indicator in model.indicators:
            rels.append(RelRow("INDICATEUR", "Observation", uid, "Indicateur",
                               node_uid(ds, "indicateur", obs.indicator)))
        bare("TERRITOIRE_OBSERVE", "Observation", uid, [obs.territory])
    return GraphRows(ds, nodes, rels, terr_rows, inclusions)
