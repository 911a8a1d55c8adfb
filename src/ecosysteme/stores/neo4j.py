"""Neo4j: push a model in bulk, keep it in sync, and run Cypher on it.

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
  odd, site_web, description, alias``;
- ``:Programme``: ``id, nom, themes, axe, echelon, sous_section, description, lien``;
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

Pushing
-------
:func:`push` first creates the constraints and indexes (idempotent), then, in
**one transaction**: takes the dataset's lock (its ``:Jeu`` node), adds the
missing territories, reads the ``uid``/``empreinte`` already in the database
for this dataset, and writes only the difference: new rows created, changed
rows updated, unchanged rows left alone; with ``prune=True`` the rows of this
dataset absent from the input are deleted (never another dataset's). Nodes go
before relationships, in ``UNWIND`` batches sent column by column; the push
keeps the ``elementId`` of every node it reads or creates and finds the ends
of each relationship by it (the ``uid`` index is only used to read what is
there, and by the territories' ``MERGE``). Within one transaction Neo4j
never reuses the id of an element deleted meanwhile, so the atomic push needs
nothing more; a batch-by-batch push (``atomic=False``) runs many transactions,
so each of its lookups by elementId also checks the ``uid`` read with it.

Atomicity: a push is one transaction, so **a push that fails or is killed
half-way leaves the database exactly as it was before it started** (Neo4j
rolls the open transaction back when the client disappears;
``tests/integration/test_neo4j_push.py`` kills a push with SIGKILL and checks
it). The price is memory and commit time on the server: the transaction's
changes stay in its heap until the commit, and a transaction may use 70 % of
the heap, and the single commit is a large share of a first push.
``bench/bench_neo4j_push.py`` prints both: a first push of 100,000 actors
(107,000 nodes, 620,000 relationships) fits a 4 GB heap; with ``--memoire 1g``
it is refused with nothing changed, and ``atomic=False`` then goes through
the same heap. Later pushes only carry what changed. When a first load
is larger than the server accepts (``MemoryPoolOutOfMemoryError``, reported
as a :class:`~ecosysteme.errors.StoreError`), give the server more memory or
push with ``atomic=False`` (``--par-lots``): each batch is then committed on
its own, a failure leaves a partly applied push, and pushing again completes
it (pushes are idempotent).

Concurrency: whatever the mode, a push holds its dataset's lock (a write on
the ``:Jeu`` node) until it ends, so two pushes of the same dataset run one
after the other; pushes of different datasets run side by side and share the
territories through ``MERGE``.
"""

from __future__ import annotations

import hashlib
import math
import os
import re
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from ecosysteme import vocab
from ecosysteme.errors import Neo4jUnavailable, QueryError, StoreError
from ecosysteme.model import Model, Provenance, TerritoryRef, format_ref
from ecosysteme.territories import Territories, load_territories

__all__ = [
    "DEFAULT_BATCH_SIZE",
    "DEFAULT_URI",
    "DEFAULT_USER",
    "EDGE_TYPES",
    "GraphRows",
    "NodeRow",
    "PushReport",
    "QueryResult",
    "RelRow",
    "connect",
    "connection_settings",
    "dataset_counts",
    "ensure_schema",
    "format_table",
    "graph_rows",
    "parse_parameters",
    "push",
    "read_query_file",
    "run_query",
    "schema_statements",
]

DEFAULT_URI = "bolt://127.0.0.1:7687"
DEFAULT_USER = "neo4j"
DEFAULT_BATCH_SIZE = 20_000

#: Relationship type of every link type of the ontology (link key -> Neo4j type, the key in capitals).
EDGE_TYPES: dict[str, str] = {key: link.neo4j_type for key, link in vocab.LINK_TYPES.items()}

_KIND_LABEL = {"acteur": "Acteur", "programme": "Programme", "besoin": "Besoin"}
_DATASET_LABELS = ("Acteur", "Programme", "Besoin", "Indicateur", "Observation")
_ACTOR_CLASSES = tuple(sorted(set(vocab.ACTOR_TYPES.values())))
_TERRITORY_LEVEL_LABEL = dict(vocab.TERRITORY_CLASSES)

#: Properties written on each node label, in this order (``uid`` first).
NODE_PROPERTIES: dict[str, tuple[str, ...]] = {
    "Acteur": ("uid", "jeu", "id", "nom", "type", "monde", "echelon", "natures", "odd", "site_web", "description",
               "alias", "fichier", "ligne", "citation", "empreinte"),
    "Programme": ("uid", "jeu", "id", "nom", "themes", "axe", "echelon", "sous_section", "description", "lien",
                  "fichier", "ligne", "citation", "empreinte"),
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
_BARE_TYPES = frozenset(link.neo4j_type for link in vocab.LINK_TYPES.values()
                        if link.range == ("Territoire",) or "Observation" in link.domain)

_TX_METADATA = {"application": "ecosysteme", "operation": "push"}
_READ_CHUNK = 50_000
_CHUNKED = "UNWIND range(0, size(items) - 1, $taille) AS i RETURN items[i..i + $taille]"

Progress = Callable[[str, int, int], None]


# --------------------------------------------------------------------------
# Connection
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class ConnectionSettings:
    """Where and as whom to connect. ``repr`` never shows the password."""

    uri: str
    user: str
    password: str | None = field(default=None, repr=False)
    database: str | None = None

    @property
    def auth(self) -> tuple[str, str] | None:
        return (self.user, self.password) if self.password is not None else None

    @property
    def safe_uri(self) -> str:
        """The URI without any ``user:password@`` part (safe to print)."""
        return _safe_uri(self.uri)


def _safe_uri(uri: str) -> str:
    try:
        parts = urlsplit(uri)
    except ValueError:
        return "(adresse illisible)"
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, "", ""))


def connection_settings(uri: str | None = None, user: str | None = None, password: str | None = None,
                        database: str | None = None, env: Mapping[str, str] | None = None) -> ConnectionSettings:
    """Resolve the connection from arguments, then ``NEO4J_URI``, ``NEO4J_USER``, ``NEO4J_PASSWORD``.

    Parameters
    ----------
    uri, user, password, database : str, optional
        Explicit values (command-line flags); they win over the environment.
    env : mapping, optional
        The environment (default ``os.environ``).

    Returns
    -------
    ConnectionSettings
        Defaults: ``bolt://127.0.0.1:7687``, user ``neo4j``, no password
        (authentication disabled on the server), the server's default database.
    """
    env = os.environ if env is None else env
    return ConnectionSettings(
        uri=uri or env.get("NEO4J_URI") or DEFAULT_URI,
        user=user or env.get("NEO4J_USER") or DEFAULT_USER,
        password=password if password is not None else (env.get("NEO4J_PASSWORD") or None),
        database=database or env.get("NEO4J_DATABASE") or None,
    )


@contextmanager
def connect(settings: ConnectionSettings | None = None, **kwargs: Any) -> Iterator[Any]:
    """Open a driver, check that the server answers, close it on exit.

    Parameters
    ----------
    settings : ConnectionSettings, optional
        Default: :func:`connection_settings` with ``kwargs``.

    Yields
    ------
    neo4j.Driver
        With the database to use in ``driver.ecosysteme_database`` (None: the
        server's default).

    Raises
    ------
    Neo4jUnavailable
        The server cannot be reached or refuses the credentials; the French
        message says what to check and never contains the password.
    """
    import neo4j
    from neo4j.exceptions import AuthError, ConfigurationError, DriverError, Neo4jError, ServiceUnavailable

    settings = settings or connection_settings(**kwargs)
    where = settings.safe_uri
    try:
        driver = neo4j.GraphDatabase.driver(settings.uri, auth=settings.auth, notifications_min_severity="OFF",
                                            user_agent="ecosysteme")
    except (ValueError, ConfigurationError) as exc:
        raise Neo4jUnavailable(
            f"Adresse Neo4j invalide « {where} » : attendu bolt://hôte:port (ou neo4j://, neo4j+s://). "
            "Vérifiez --uri ou NEO4J_URI."
        ) from exc
    try:
        try:
            driver.verify_connectivity()
        except AuthError as exc:
            raise Neo4jUnavailable(
                f"Neo4j ({where}) refuse l'authentification de l'utilisateur « {settings.user} ». "
                "Vérifiez --utilisateur / NEO4J_USER et le mot de passe (--mot-de-passe ou NEO4J_PASSWORD)."
            ) from exc
        except (ServiceUnavailable, OSError, DriverError) as exc:
            raise Neo4jUnavailable(
                f"Neo4j est injoignable à {where}. Vérifiez que le serveur tourne "
                "(en local : `ecosysteme neo4j local DOSSIER`), l'adresse et le port (--uri ou NEO4J_URI) "
                "et qu'aucun pare-feu ne bloque la connexion."
            ) from exc
        except Neo4jError as exc:
            raise Neo4jUnavailable(f"Neo4j ({where}) refuse la connexion : {exc.message or exc.code}.") from exc
        driver.ecosysteme_database = settings.database
        yield driver
    finally:
        driver.close()


def _database(driver: Any) -> str | None:
    return getattr(driver, "ecosysteme_database", None)


# --------------------------------------------------------------------------
# Schema
# --------------------------------------------------------------------------


def _schema() -> list[tuple[str, str]]:
    out = []
    for label in (*_DATASET_LABELS, "Territoire"):
        name = f"{label.lower()}_uid"
        out.append((name, f"CREATE CONSTRAINT {name} IF NOT EXISTS FOR (n:{label}) REQUIRE n.uid IS UNIQUE"))
    out.append(("jeu_nom", "CREATE CONSTRAINT jeu_nom IF NOT EXISTS FOR (j:Jeu) REQUIRE j.nom IS UNIQUE"))
    indexes = [(label, "jeu") for label in _DATASET_LABELS]
    indexes += [(label, "id") for label in ("Acteur", "Programme", "Besoin")]
    indexes += [("Indicateur", "code"), ("Acteur", "monde"), ("Territoire", "niveau")]
    for label, prop in indexes:
        name = f"{label.lower()}_{prop}"
        out.append((name, f"CREATE INDEX {name} IF NOT EXISTS FOR (n:{label}) ON (n.{prop})"))
    return out


def schema_statements() -> list[str]:
    """The constraints and indexes the push relies on (``IF NOT EXISTS``: idempotent)."""
    return [statement for _name, statement in _schema()]


def ensure_schema(driver: Any) -> int:
    """Create the missing constraints and indexes and wait until they are online.

    Returns
    -------
    int
        How many were created (0 when the schema was already there).
    """
    with driver.session(database=_database(driver)) as session:
        existing = {rec[0] for rec in session.run("SHOW CONSTRAINTS YIELD name RETURN name")}
        existing |= {rec[0] for rec in session.run("SHOW INDEXES YIELD name RETURN name")}
        missing = [statement for name, statement in _schema() if name not in existing]
        for statement in missing:
            session.run(statement).consume()
        if missing:
            session.run("CALL db.awaitIndexes(300)").consume()
    return len(missing)


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


def _uid(dataset: str, kind: str, ident: str) -> str:
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


def _provenance(prov: Provenance) -> dict[str, Any]:
    return {"fichier": prov.file, "ligne": prov.row, "citation": prov.quote}


def graph_rows(model: Model, territories: Territories | None = None) -> GraphRows:
    """Turn a model into the rows :func:`push` writes (pure; no database).

    Parameters
    ----------
    model : Model
    territories : Territories, optional
        Reference hierarchy (default :func:`~ecosysteme.territories.load_territories`).

    Returns
    -------
    GraphRows
        Deterministic: the same model always gives the same rows and fingerprints.
    """
    territories = territories or load_territories()
    ds = model.dataset
    nodes: list[NodeRow] = []

    def add(label: str, uid: str, props: dict[str, Any], extra: str | None = None) -> None:
        props["uid"] = uid
        props["jeu"] = ds
        props["empreinte"] = _fingerprint(props, extra)
        nodes.append(NodeRow(label, uid, props, extra))

    for a in model.actors.values():
        add("Acteur", _uid(ds, "acteur", a.id), {
            "id": a.id, "nom": a.name, "type": a.type, "monde": a.world, "echelon": a.level,
            "natures": _list(a.natures), "odd": _list(a.sdgs), "site_web": a.website, "description": a.description,
            "alias": _list(a.aliases), **_provenance(a.provenance)}, vocab.ACTOR_TYPES[a.type])
    for p in model.programmes.values():
        add("Programme", _uid(ds, "programme", p.id), {
            "id": p.id, "nom": p.name, "themes": _list(p.themes), "axe": p.axis, "echelon": p.level,
            "sous_section": p.subsection, "description": p.description, "lien": p.link, **_provenance(p.provenance)})
    for n in model.needs.values():
        add("Besoin", _uid(ds, "besoin", n.id), {
            "id": n.id, "libelle": n.label, "theme": n.theme, "domaine": n.domain, "description": n.description,
            **_provenance(n.provenance)})
    for ind in model.indicators.values():
        add("Indicateur", _uid(ds, "indicateur", ind.code), {
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
        uid = _uid(ds, "observation", key)
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
            "population": territories.population(level, code)}, _TERRITORY_LEVEL_LABEL[level]))
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
            where[ident] = (_KIND_LABEL[kind], _uid(ds, kind, ident))

    def rel(kind: str, source: str, target: str, prov: Provenance, amount: Decimal | None = None,
            start: date | None = None, end: date | None = None, *, implied: bool = False) -> None:
        s, t = where.get(source), where.get(target)
        if s is None or t is None:
            return
        rtype = EDGE_TYPES[kind]
        triple = (rtype, source, target)
        if implied and triple in ranks:
            return  # already written by a row of the relations table
        rank = ranks.get(triple, 0)
        ranks[triple] = rank + 1
        props = {"rang": rank or None, "montant": float(amount) if amount is not None else None, "debut": start,
                 "fin": end, "fichier": prov.file, "ligne": prov.row, "citation": prov.quote}
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
        bare("INTERVIENT_SUR", "Acteur", _uid(ds, "acteur", a.id), a.territories)
    for p in model.programmes.values():
        bare("INTERVIENT_SUR", "Programme", _uid(ds, "programme", p.id), p.territories)
    for n in model.needs.values():
        bare("CONCERNE", "Besoin", _uid(ds, "besoin", n.id), n.territories)
    for obs, uid in zip(model.observations, observation_uids, strict=True):
        if obs.indicator in model.indicators:
            rels.append(RelRow("INDICATEUR", "Observation", uid, "Indicateur",
                               _uid(ds, "indicateur", obs.indicator)))
        bare("TERRITOIRE_OBSERVE", "Observation", uid, [obs.territory])
    return GraphRows(ds, nodes, rels, terr_rows, inclusions)


# --------------------------------------------------------------------------
# Cypher of the push (labels and types come from this module, never from input)
# --------------------------------------------------------------------------
# Batches are sent column by column (one list per property, ``$uid[i]``), not
# as a list of maps: far fewer bytes to pack and unpack; the dataset's name,
# the same on every node, is one parameter. (One query for all actors with a
# dynamic class label made nodes faster but relationships slower: measured,
# dropped.) Within the push's
# transaction, every node is found by its ``elementId`` (read or returned by
# ``CREATE``), a direct lookup, instead of an index seek on ``uid`` that must
# also search the transaction's own uncommitted index changes.
# (``bench/bench_neo4j_push.py`` measures the result.)

_EACH = "UNWIND range(0, size(${first}) - 1) AS i "
_RETURN_IDS = " RETURN collect([i, elementId(n)]) AS ids"
#: elementId column -> the uid column that guards it
_GUARD = {"s": "su", "t": "tu", "id": "uid"}


def _by_id(var: str, column: str, guarded: bool) -> str:
    """Find a node by its elementId; ``guarded`` also checks its uid (ids read in an earlier transaction)."""
    guard = f" AND {var}.uid = ${_GUARD[column]}[i]" if guarded else ""
    return f"MATCH ({var}) WHERE elementId({var}) = ${column}[i]{guard} "


def _create_nodes_query(label: str, extra: str | None) -> str:
    """One query per label combination; the dataset's name is one parameter."""
    labels = f"{label}:{extra}" if extra else label
    props = ", ".join(f"{p}: ${p}" if p == "jeu" else f"{p}: ${p}[i]" for p in NODE_PROPERTIES[label])
    return _EACH.format(first="uid") + f"CREATE (n:{labels} {{{props}}})" + _RETURN_IDS


def _update_nodes_query(label: str, guarded: bool = False) -> str:
    query = _EACH.format(first="id") + _by_id("n", "id", guarded) + "SET n = $props[i]"
    if label == "Acteur":
        query += f" REMOVE n:{':'.join(_ACTOR_CLASSES)} SET n:$($classe[i])"
    return query


def _merge_territories_query(level_label: str) -> str:
    props = ", ".join(f"n.{p} = ${p}[i]" for p in NODE_PROPERTIES["Territoire"] if p != "uid")
    return (_EACH.format(first="uid") + f"MERGE (n:Territoire {{uid: $uid[i]}}) ON CREATE SET n:{level_label}, {props}"
            + _RETURN_IDS)


def _create_rels_query(rtype: str, guarded: bool = False) -> str:
    ends = _EACH.format(first="s") + _by_id("a", "s", guarded) + _by_id("b", "t", guarded)
    if rtype == "INCLUS_DANS":  # shared by datasets: another push may have just created it
        return ends + f"MERGE (a)-[:{rtype}]->(b)"
    if rtype in _BARE_TYPES:
        return ends + f"CREATE (a)-[:{rtype}]->(b)"
    props = ", ".join(f"{p}: ${p}[i]" for p in REL_PROPERTIES)
    return ends + f"CREATE (a)-[:{rtype} {{{props}}}]->(b)"


def _rel_by_id(guarded: bool) -> str:
    """Find a relationship by its elementId (a relationship seek once the database holds relationships)."""
    guard = " AND a.uid = $su[i] AND b.uid = $tu[i]" if guarded else ""
    return _EACH.format(first="id") + f"MATCH (a)-[x]->(b) WHERE elementId(x) = $id[i]{guard} "


def _update_rels_query(guarded: bool = False) -> str:
    return _rel_by_id(guarded) + "SET x = $props[i]"


def _delete_rels_query(guarded: bool = False) -> str:
    return _rel_by_id(guarded) + "DELETE x"


def _delete_nodes_query(guarded: bool = False) -> str:
    return _EACH.format(first="id") + _by_id("n", "id", guarded) + "DETACH DELETE n"


def _columns(items: Sequence[Mapping[str, Any]], names: Iterable[str]) -> dict[str, list[Any]]:
    return {name: [item.get(name) for item in items] for name in names}


def _ends(rels: Sequence[RelRow], element: Mapping[str, str], guarded: bool) -> dict[str, list[Any]]:
    """The ``s``/``t`` elementId columns of relationships (plus ``su``/``tu``, their uids, when guarded)."""
    columns: dict[str, list[Any]] = {"s": [element[r.source] for r in rels], "t": [element[r.target] for r in rels]}
    if guarded:
        columns.update(su=[r.source for r in rels], tu=[r.target for r in rels])
    return columns


# --------------------------------------------------------------------------
# Push
# --------------------------------------------------------------------------


@dataclass
class PushReport:
    """What a push did (counts by kind of change) and how long each phase took."""

    dataset: str
    atomic: bool = True
    nodes_created: int = 0
    nodes_updated: int = 0
    nodes_deleted: int = 0
    nodes_unchanged: int = 0
    rels_created: int = 0
    rels_updated: int = 0
    rels_deleted: int = 0
    rels_unchanged: int = 0
    territories_created: int = 0
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return bool(self.nodes_created or self.nodes_updated or self.nodes_deleted or self.rels_created
                     or self.rels_updated or self.rels_deleted or self.territories_created)

    def summary(self) -> str:
        """A French one-paragraph summary."""
        total = sum(self.seconds.values())
        return (f"Jeu « {self.dataset} » : nœuds {self.nodes_created} créés, {self.nodes_updated} modifiés, "
                f"{self.nodes_deleted} supprimés, {self.nodes_unchanged} inchangés ; liens {self.rels_created} "
                f"créés, {self.rels_updated} modifiés, {self.rels_deleted} supprimés, {self.rels_unchanged} "
                f"inchangés ; {self.territories_created} territoire(s) ajouté(s) ; {total:.1f} s.")


class _Writer:
    """Runs write queries in one transaction (atomic) or one transaction per batch.

    The dataset's lock (a write on its ``:Jeu`` node, held until the end) lives
    in that one transaction, or, batch by batch, in a transaction of its own on
    ``lock_session`` that stays open until :meth:`commit`: either way, a second
    push of the same dataset waits for this one to end.
    """

    def __init__(self, session: Any, atomic: bool, batch_size: int, progress: Progress | None,
                 lock_session: Any = None) -> None:
        self.session = session
        self.atomic = atomic
        self.batch_size = batch_size
        self.progress = progress
        self.tx = session.begin_transaction(metadata=_TX_METADATA) if atomic else None
        self._lock_session = lock_session
        self._lock_tx: Any = None
        self._phase: str | None = None
        self.nodes_deleted = 0
        self.rels_deleted = 0
        self._done = 0
        self._total = 0

    def read(self, query: str, params: Mapping[str, Any]) -> list[Any]:
        if self.tx is not None:
            return list(self.tx.run(query, params))
        return self.session.execute_read(lambda tx: list(tx.run(query, params)))

    def write(self, query: str, params: Mapping[str, Any]) -> list[Any]:
        """Run one write query; returns its records (most write queries return none)."""

        def work(tx: Any) -> tuple[list[Any], Any]:
            result = tx.run(query, params)
            records = list(result)
            return records, result.consume()

        if self.tx is not None:
            records, summary = work(self.tx)
        else:
            records, summary = self.session.execute_write(work)
        self.nodes_deleted += summary.counters.nodes_deleted
        self.rels_deleted += summary.counters.relationships_deleted
        return records

    def lock(self, query: str, params: Mapping[str, Any]) -> None:
        """Run ``query`` in the transaction that holds the dataset's lock (taken by its first write)."""
        if self.tx is not None:
            self.write(query, params)
            return
        if self._lock_tx is None:
            self._lock_tx = self._lock_session.begin_transaction(metadata={**_TX_METADATA, "role": "verrou"})
        self._lock_tx.run(query, params).consume()

    def phase(self, name: str, total: int) -> None:
        self._phase, self._done, self._total = name, 0, total
        if self.progress and total:
            self.progress(name, 0, total)

    def batches(self, query: str, columns: Mapping[str, list[Any]],
                constants: Mapping[str, Any] | None = None) -> list[str]:
        """Run ``query`` on successive slices of ``columns`` (one list per parameter, all of the same length).

        Returns
        -------
        list
            For a query ending in ``RETURN collect([i, elementId(n)]) AS ids``: the
            element ids, aligned with the rows; otherwise an empty list.
        """
        total = len(next(iter(columns.values()), []))
        ids: list[str] = []
        for start in range(0, total, self.batch_size):
            chunk = {name: values[start:start + self.batch_size] for name, values in columns.items()}
            records = self.write(query, {**(constants or {}), **chunk})
            if records:
                if not ids:
                    ids = [""] * total
                for i, element_id in records[0]["ids"]:
                    ids[start + i] = element_id
            self._done += len(next(iter(chunk.values())))
            if self.progress and self._phase:
                self.progress(self._phase, min(self._done, self._total), self._total)
        return ids

    def commit(self) -> None:
        if self.tx is not None:
            self.tx.commit()
        if self._lock_tx is not None:
            self._lock_tx.commit()

    def close(self) -> None:
        for tx in (self.tx, self._lock_tx):
            if tx is not None and not tx.closed():
                tx.rollback()


def _translate(exc: Exception, what: str) -> StoreError:
    from neo4j.exceptions import Neo4jError

    if isinstance(exc, Neo4jError):
        code = exc.code or ""
        if "MemoryPoolOutOfMemoryError" in code or "OutOfMemory" in code:
            return StoreError(
                f"{what} : le serveur Neo4j manque de mémoire pour cette transaction ({exc.message}). "
                "Rien n'a été modifié. Donnez plus de mémoire au serveur (tas Java, "
                "db.memory.transaction.total.max) ou poussez par lots indépendants (--par-lots, non atomique)."
            )
        return StoreError(f"{what} : Neo4j a refusé l'opération ({code}) : {exc.message}")
    return StoreError(f"{what} : connexion à Neo4j perdue ({exc}). La transaction en cours a été annulée.")


def push(driver: Any, model: Model | GraphRows, *, prune: bool = False, atomic: bool = True,
         batch_size: int = DEFAULT_BATCH_SIZE, progress: Progress | None = None,
         territories: Territories | None = None) -> PushReport:
    """Push a model (or its rows) to Neo4j: idempotent, incremental, atomic by default.

    Parameters
    ----------
    driver : neo4j.Driver
        From :func:`connect` (or ``neo4j.GraphDatabase.driver``).
    model : Model or GraphRows
        The dataset; its ``dataset`` name scopes every change.
    prune : bool, default False
        Delete this dataset's nodes and relationships that are not in the input.
        Without it, rows gone from the input stay in the database.
    atomic : bool, default True
        One transaction for the whole push: a failure leaves the database as it
        was. ``False`` commits every batch (for loads larger than the server's
        transaction memory); a failure then leaves part of the push applied,
        and pushing again completes it.
    batch_size : int, default 20000
        Rows per ``UNWIND`` query.
    progress : callable, optional
        ``progress(phase, done, total)`` with French phase names.
    territories : Territories, optional

    Returns
    -------
    PushReport

    Raises
    ------
    StoreError
        The server refused the push (nothing changed when ``atomic``).
    """
    from neo4j.exceptions import DriverError, Neo4jError

    rows = model if isinstance(model, GraphRows) else graph_rows(model, territories)
    if batch_size < 1:
        raise ValueError("batch_size must be >= 1")
    report = PushReport(rows.dataset, atomic=atomic)
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        report.seconds[name] = report.seconds.get(name, 0.0) + now - clock
        clock = now

    try:
        ensure_schema(driver)
    except (Neo4jError, DriverError, OSError) as exc:
        raise _translate(exc, "Création des contraintes et index") from exc
    lap("schema")
    with driver.session(database=_database(driver)) as session, \
            driver.session(database=_database(driver)) as lock_session:
        writer = _Writer(session, atomic, batch_size, progress, lock_session)
        try:
            _push(writer, rows, prune, report, lap)
            writer.commit()
            lap("commit")
        except (Neo4jError, DriverError, OSError) as exc:
            raise _translate(exc, f"Envoi du jeu « {rows.dataset} » vers Neo4j") from exc
        finally:
            writer.close()
    return report


def _push(w: _Writer, rows: GraphRows, prune: bool, report: PushReport, lap: Callable[[str], None]) -> None:
    ds = rows.dataset
    # Lock the dataset: a write on its :Jeu node, held until the push ends (see _Writer). Batch by batch, the
    # node is created (committed) first, so that the lock's transaction only has to update it.
    if not w.atomic:
        w.write("MERGE (j:Jeu {nom: $jeu})", {"jeu": ds})
    w.lock("MERGE (j:Jeu {nom: $jeu}) SET j.pousses = coalesce(j.pousses, 0) + 1, j.verrou = $token",
           {"jeu": ds, "token": str(uuid.uuid4())})
    # uid -> elementId of every node this push touches. Within one transaction Neo4j never reuses the id of
    # an element deleted meanwhile; across the transactions of a batch-by-batch push it may, so every lookup by
    # elementId is then guarded by the uid read with it (a reused id matches nothing instead of a stranger).
    element: dict[str, str] = {}
    guarded = not w.atomic

    # --- shared territories: add the missing ones -----------------------------------
    for (chunk,) in w.read("UNWIND $uids AS u MATCH (t:Territoire {uid: u}) "
                           "WITH collect([u, elementId(t)]) AS items " + _CHUNKED,
                           {"uids": [t.uid for t in rows.territories], "taille": _READ_CHUNK}):
        element.update(chunk)
    new_t = [t for t in rows.territories if t.uid not in element]
    new_uids = {t.uid for t in new_t}
    new_inc = [r for r in rows.inclusions if r.source in new_uids or r.target in new_uids]
    w.phase("territoires", len(new_t) + len(new_inc))
    by_level: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for t in new_t:
        by_level[t.extra_label or ""].append(t.props)
    for level_label, items in by_level.items():
        ids = w.batches(_merge_territories_query(level_label), _columns(items, NODE_PROPERTIES["Territoire"]))
        element.update(zip((item["uid"] for item in items), ids, strict=True))
    if new_inc:
        w.batches(_create_rels_query("INCLUS_DANS", guarded), _ends(new_inc, element, guarded))
    report.territories_created = len(new_t)
    lap("territoires")

    # --- what is already there for this dataset ---------------------------------------
    # (Lists collected on the server and sent in chunks: far fewer Bolt records than one per row.)
    in_db_nodes: dict[str, int | None] = {}
    for label in _DATASET_LABELS:
        for (chunk,) in w.read(f"MATCH (n:{label} {{jeu: $jeu}}) "
                               "WITH collect([n.uid, n.empreinte, elementId(n)]) AS items " + _CHUNKED,
                               {"jeu": ds, "taille": _READ_CHUNK}):
            for uid, fp, element_id in chunk:
                in_db_nodes[uid] = fp
                element[uid] = element_id
    # (type, source uid, target uid, rang) -> (fingerprint, elementId)
    in_db_rels: dict[tuple[str, str, str, int], tuple[int | None, str]] = {}
    for label in _DATASET_LABELS:
        for (chunk,) in w.read(
                f"MATCH (a:{label} {{jeu: $jeu}}) "
                "WITH a, [(a)-[x]->(b) | [type(x), b.uid, coalesce(x.rang, 0), x.empreinte, elementId(x)]] AS rs "
                "WHERE size(rs) > 0 WITH collect([a.uid, rs]) AS items " + _CHUNKED,
                {"jeu": ds, "taille": _READ_CHUNK // 5}):
            for s, rs in chunk:
                for rtype, t, rank, fp, element_id in rs:
                    in_db_rels[(rtype, s, t, rank)] = (fp, element_id)
    lap("lecture")

    new_nodes = [n for n in rows.nodes if n.uid not in in_db_nodes]
    changed_nodes = [n for n in rows.nodes if n.uid in in_db_nodes and in_db_nodes[n.uid] != n.props["empreinte"]]
    input_uids = {n.uid for n in rows.nodes}
    gone_nodes = [uid for uid in in_db_nodes if uid not in input_uids]
    new_rels, changed_rels = [], []
    for r in rows.rels:
        found = in_db_rels.get(r.key)
        if found is None:
            new_rels.append(r)
        elif found[0] != (r.props or {}).get("empreinte"):
            changed_rels.append(r)
    input_keys = {r.key for r in rows.rels}
    gone_node_uids = set(gone_nodes)
    gone_rels = [(key, element_id) for key, (_fp, element_id) in in_db_rels.items()
                 if key not in input_keys and key[1] not in gone_node_uids and key[2] not in gone_node_uids]
    report.nodes_unchanged = len(rows.nodes) - len(new_nodes) - len(changed_nodes)
    report.rels_unchanged = len(rows.rels) - len(new_rels) - len(changed_rels)

    # --- prune: relationships, then nodes (with their relationships) -------------------
    if prune and (gone_rels or gone_nodes):
        w.phase("suppressions", len(gone_rels) + len(gone_nodes))
        if gone_rels:
            columns = {"id": [element_id for _key, element_id in gone_rels]}
            if guarded:
                columns.update(su=[key[1] for key, _id in gone_rels], tu=[key[2] for key, _id in gone_rels])
            w.batches(_delete_rels_query(guarded), columns)
        if gone_nodes:
            columns = {"id": [element.pop(uid) for uid in gone_nodes]}
            if guarded:
                columns["uid"] = gone_nodes
            w.batches(_delete_nodes_query(guarded), columns)
        report.nodes_deleted = w.nodes_deleted
        report.rels_deleted = w.rels_deleted  # with those of the deleted nodes
        lap("suppressions")

    # --- nodes -------------------------------------------------------------------------
    w.phase("nœuds", len(new_nodes) + len(changed_nodes))
    groups: dict[tuple[str, str | None], list[NodeRow]] = defaultdict(list)
    for n in new_nodes:
        groups[(n.label, n.extra_label)].append(n)
    for (label, extra), group in groups.items():
        columns = _columns([n.props for n in group], [p for p in NODE_PROPERTIES[label] if p != "jeu"])
        ids = w.batches(_create_nodes_query(label, extra), columns, {"jeu": ds})
        element.update(zip((n.uid for n in group), ids, strict=True))
    updates: dict[str, list[NodeRow]] = defaultdict(list)
    for n in changed_nodes:
        updates[n.label].append(n)
    for label, group in updates.items():
        w.batches(_update_nodes_query(label, guarded), {
            "id": [element[n.uid] for n in group], "uid": [n.uid for n in group],  # uid: the guard
            "props": [{k: v for k, v in n.props.items() if v is not None} for n in group],
            "classe": [n.extra_label for n in group]})
    report.nodes_created, report.nodes_updated = len(new_nodes), len(changed_nodes)
    lap("nœuds")

    # --- relationships ---------------------------------------------------------------
    w.phase("liens", len(new_rels) + len(changed_rels))
    rgroups: dict[str, list[RelRow]] = defaultdict(list)
    for r in new_rels:
        rgroups[r.type].append(r)
    for rtype, group in rgroups.items():
        group.sort(key=lambda r: r.source)
        columns = _ends(group, element, guarded)
        if rtype not in _BARE_TYPES:
            columns.update(_columns([r.props or {} for r in group], REL_PROPERTIES))
        w.batches(_create_rels_query(rtype, guarded), columns)
    if changed_rels:
        columns = {"id": [in_db_rels[r.key][1] for r in changed_rels],
                   "props": [{k: v for k, v in (r.props or {}).items() if v is not None} for r in changed_rels]}
        if guarded:
            columns.update(su=[r.source for r in changed_rels], tu=[r.target for r in changed_rels])
        w.batches(_update_rels_query(guarded), columns)
    report.rels_created, report.rels_updated = len(new_rels), len(changed_rels)
    lap("liens")

    w.lock(
        "MATCH (j:Jeu {nom: $jeu}) SET j.mis_a_jour = datetime(), j.noeuds = $noeuds, j.liens = $liens "
        "REMOVE j.verrou",
        {"jeu": ds, "noeuds": len(rows.nodes) + (0 if prune else len(gone_nodes)),
         "liens": len(rows.rels) + (0 if prune else len(gone_rels))})


def dataset_counts(driver: Any, dataset: str) -> dict[str, int]:
    """Count a dataset's nodes per label and relationships per type (for checks and reports).

    Returns
    -------
    dict
        ``{"Acteur": 90, ..., "PARTENARIAT": 40, ...}`` (labels and types present only).
    """
    out: dict[str, int] = {}
    with driver.session(database=_database(driver)) as session:
        for label in _DATASET_LABELS:
            n = session.run(f"MATCH (n:{label} {{jeu: $jeu}}) RETURN count(n)", jeu=dataset).single()[0]
            if n:
                out[label] = n
            for rtype, count in session.run(
                    f"MATCH (:{label} {{jeu: $jeu}})-[x]->() RETURN type(x), count(x)", jeu=dataset):
                out[rtype] = out.get(rtype, 0) + count
    return dict(sorted(out.items()))


# --------------------------------------------------------------------------
# Queries
# --------------------------------------------------------------------------


@dataclass
class QueryResult:
    """Columns and rows of a Cypher query (values converted to plain Python)."""

    columns: list[str]
    rows: list[list[Any]]


_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def parse_parameters(items: Iterable[str]) -> dict[str, Any]:
    """Parse ``name=value`` items into Cypher parameters (numbers typed, the rest strings).

    ``k=2`` gives ``2``, ``x=1.5`` gives ``1.5``, ``t=region:53`` gives a
    string; quote a number to keep it a string (``code="35"``).

    Raises
    ------
    QueryError
        An item without ``=`` or with an invalid name.
    """
    out: dict[str, Any] = {}
    for item in items:
        name, sep, value = item.partition("=")
        name = name.strip()
        if not sep or not _NAME.match(name):
            raise QueryError(f"Paramètre illisible « {item} » : attendu nom=valeur (nom en lettres, chiffres, _).")
        text = value.strip()
        if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
            out[name] = text[1:-1]
        elif _NUMBER.match(text):
            out[name] = int(text) if re.match(r"^[+-]?\d+$", text) else float(text)
        else:
            out[name] = value
    return out


def _plain(value: Any) -> Any:
    from neo4j.graph import Node, Path, Relationship

    if isinstance(value, Node):
        return {"labels": sorted(value.labels), **{k: _plain(v) for k, v in value.items()}}
    if isinstance(value, Relationship):
        return {"type": value.type, **{k: _plain(v) for k, v in value.items()}}
    if isinstance(value, Path):
        return [_plain(n) for n in value.nodes]
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if hasattr(value, "to_native"):
        return value.to_native()
    return value


def run_query(driver: Any, cypher: str, parameters: Mapping[str, Any] | None = None, *,
              write: bool = False, limit: int | None = None, timeout: float | None = None) -> QueryResult:
    """Run one Cypher query with parameters (never string concatenation).

    Parameters
    ----------
    driver : neo4j.Driver
    cypher : str
    parameters : mapping, optional
    write : bool, default False
        Run in a write transaction; by default the query runs read-only and a
        query that writes is refused by the server.
    limit : int, optional
        Keep at most this many rows.
    timeout : float, optional
        Seconds after which the server stops the query (it would otherwise go
        on running on the server even if this process is stopped).

    Raises
    ------
    QueryError
        Syntax error, unknown parameter, or a write in read-only mode (the
        server's message, in a French sentence).
    """
    from neo4j import unit_of_work
    from neo4j.exceptions import ClientError, DriverError, Neo4jError

    params = dict(parameters or {})

    @unit_of_work(timeout=timeout)
    def work(tx: Any) -> QueryResult:
        result = tx.run(cypher, params)
        columns = list(result.keys())
        rows = []
        for record in result:
            rows.append([_plain(v) for v in record.values()])
            if limit is not None and len(rows) >= limit:
                break
        result.consume()
        return QueryResult(columns, rows)

    try:
        with driver.session(database=_database(driver)) as session:
            return session.execute_write(work) if write else session.execute_read(work)
    except ClientError as exc:
        code = exc.code or ""
        if "ForbiddenOnReadOnlyDatabase" in code or "AccessMode" in code or "Forbidden" in code:
            raise QueryError("Requête refusée : elle modifie le graphe. Ajoutez --ecriture pour l'autoriser.") \
                from exc
        if "TransactionTimedOut" in code or "Terminated" in code:
            raise QueryError(f"Requête arrêtée par le serveur après {timeout or 0:g} s (délai dépassé) : "
                             "ajoutez des conditions ou une limite, ou allongez --delai.") from exc
        if "ParameterMissing" in code:
            raise QueryError(f"Paramètre manquant : {exc.message} (ajoutez -p nom=valeur).") from exc
        raise QueryError(f"Requête Cypher refusée ({code.rsplit('.', 1)[-1]}) : {exc.message}") from exc
    except (Neo4jError, DriverError, OSError) as exc:
        raise _translate(exc, "Requête Cypher") from exc


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "vrai" if value else "faux"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, list):
        return ", ".join(_cell(v) for v in value)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_cell(v)}" for k, v in value.items()) + "}"
    return str(value).replace("\n", " ")


def format_table(result: QueryResult, fmt: str = "texte") -> str:
    """Format a query result as an aligned text table (``texte``) or CSV with ``;`` (``csv``)."""
    if fmt == "csv":
        import csv
        import io

        buf = io.StringIO()
        writer = csv.writer(buf, delimiter=";", lineterminator="\n")
        writer.writerow(result.columns)
        writer.writerows([_cell(v) for v in row] for row in result.rows)
        return buf.getvalue()
    cells = [[_cell(v) for v in row] for row in result.rows]
    widths = [len(c) for c in result.columns]
    for row in cells:
        widths = [max(w, len(c)) for w, c in zip(widths, row, strict=True)]
    widths = [min(w, 80) for w in widths]

    def line(values: Sequence[str]) -> str:
        return " | ".join((v if len(v) <= w else v[: w - 1] + "…").ljust(w)
                          for v, w in zip(values, widths, strict=True)).rstrip()

    out = [line(result.columns), "-+-".join("-" * w for w in widths)]
    out.extend(line(row) for row in cells)
    n = len(result.rows)
    out.append(f"({n} ligne{'s' if n != 1 else ''})")
    return "\n".join(out) + "\n"


def read_query_file(path: Path) -> str:
    """Read a ``.cypher`` file (UTF-8), failing with a French message."""
    try:
        return Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise QueryError(f"Fichier de requête illisible : {path} ({exc.strerror or exc}).") from exc
