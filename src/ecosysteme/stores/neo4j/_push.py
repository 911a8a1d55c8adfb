"""Pushing rows to Neo4j: the difference only, in one transaction or batch by batch."""

from __future__ import annotations

import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from ecosysteme.ecosystem import Ecosystem
from ecosysteme.errors import StoreError
from ecosysteme.model import Model
from ecosysteme.projections.neo4j import (
    ACTOR_CLASSES,
    BARE_TYPES,
    DATASET_LABELS,
    NODE_PROPERTIES,
    REL_PROPERTIES,
    GraphRows,
    NodeRow,
    RelRow,
    graph_rows,
)
from ecosysteme.stores.neo4j._connection import (
    database_of,
)
from ecosysteme.stores.neo4j._schema import ensure_schema

DEFAULT_BATCH_SIZE = 20_000
_TX_METADATA = {"application": "ecosysteme", "operation": "push"}
_READ_CHUNK = 50_000
_CHUNKED = "UNWIND range(0, size(items) - 1, $taille) AS i RETURN items[i..i + $taille]"
Progress = Callable[[str, int, int], None]


# --------------------------------------------------------------------------
# Cypher of the push (labels and types come from this module, never from input)
# --------------------------------------------------------------------------
# Batches are sent column by column (one list per property, ``$uid[i]``), not
# as a list of maps: far fewer bytes to pack and unpack; the dataset's name,
# the same on every node, is one parameter. (One query for all actors with a
# dynamic class label made nodes faster but relationships slower: measured,
# dropped.) A column no row of a group fills is not sent at all (a null is
# never stored): on 20k actors, about half the server CPU of the node phase and
# a quarter of the relationship phase's. (Dictionary-coding the strings that
# repeat, file name and quote, as a list of values plus an index per row: no
# measurable gain, dropped; batches of 50k rows instead of 20k: none either.)
# Within the push's
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


def _create_nodes_query(label: str, extra: str | None, present: Iterable[str] | None = None) -> str:
    """One query per label combination; the dataset's name is one parameter.

    ``present``: the properties sent (default: all of the label's); a property
    no row of the batch has is left out of the query (a null is never stored).
    """
    labels = f"{label}:{extra}" if extra else label
    sent = set(NODE_PROPERTIES[label] if present is None else present) | {"uid", "jeu"}
    props = ", ".join(f"{p}: ${p}" if p == "jeu" else f"{p}: ${p}[i]" for p in NODE_PROPERTIES[label] if p in sent)
    return _EACH.format(first="uid") + f"CREATE (n:{labels} {{{props}}})" + _RETURN_IDS


def _update_nodes_query(label: str, guarded: bool = False) -> str:
    query = _EACH.format(first="id") + _by_id("n", "id", guarded) + "SET n = $props[i]"
    if label == "Acteur":
        query += f" REMOVE n:{':'.join(ACTOR_CLASSES)} SET n:$($classe[i])"
    return query


def _merge_territories_query(level_label: str) -> str:
    props = ", ".join(f"n.{p} = ${p}[i]" for p in NODE_PROPERTIES["Territoire"] if p != "uid")
    return (_EACH.format(first="uid") + f"MERGE (n:Territoire {{uid: $uid[i]}}) ON CREATE SET n:{level_label}, {props}"
            + _RETURN_IDS)


def _create_rels_query(rtype: str, guarded: bool = False, present: Iterable[str] | None = None) -> str:
    """``present``: the properties sent (default: all); those no row has are left out of the query."""
    ends = _EACH.format(first="s") + _by_id("a", "s", guarded) + _by_id("b", "t", guarded)
    if rtype == "INCLUS_DANS":  # shared by datasets: another push may have just created it
        return ends + f"MERGE (a)-[:{rtype}]->(b)"
    sent = set(REL_PROPERTIES if present is None else present)
    if rtype in BARE_TYPES or not sent:
        return ends + f"CREATE (a)-[:{rtype}]->(b)"
    props = ", ".join(f"{p}: ${p}[i]" for p in REL_PROPERTIES if p in sent)
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


def _present_columns(items: Sequence[Mapping[str, Any]], names: Sequence[str]) -> dict[str, list[Any]]:
    """The columns of ``names`` that at least one item fills (an all-null column is not sent).

    Rows are transposed in C (``itemgetter`` then ``zip``) when every item has
    every name, as the rows of ``graph_rows`` do; a missing key is a null.
    """
    if not items:
        return {}
    try:
        table = list(zip(*map(itemgetter(*names), items), strict=True)) if len(names) > 1 else \
            [[item[names[0]] for item in items]]
    except KeyError:
        table = [[item.get(name) for item in items] for name in names]
    return {name: list(column) for name, column in zip(names, table, strict=True)
            if any(value is not None for value in column)}


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
    #: A simulation (``dry_run``): nothing was written; :attr:`changes` lists what a push would change.
    dry_run: bool = False
    #: With ``dry_run``: uids of the nodes and ``"TYPE source -> cible"`` of the links, by kind of change.
    changes: dict[str, list[str]] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return bool(self.nodes_created or self.nodes_updated or self.nodes_deleted or self.rels_created
                     or self.rels_updated or self.rels_deleted or self.territories_created)

    def summary(self) -> str:
        """A French one-paragraph summary."""
        total = sum(self.seconds.values())
        if self.dry_run:
            return (f"Simulation, rien n'est écrit — jeu « {self.dataset} » : nœuds {self.nodes_created} à créer, "
                    f"{self.nodes_updated} à modifier, {self.nodes_deleted} à supprimer, {self.nodes_unchanged} "
                    f"inchangés ; liens {self.rels_created} à créer, {self.rels_updated} à modifier, "
                    f"{self.rels_deleted} à supprimer, {self.rels_unchanged} inchangés ; "
                    f"{self.territories_created} territoire(s) à ajouter ; {total:.1f} s.")
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


def translate_error(exc: Exception, what: str) -> StoreError:
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


def push(driver: Any, model: Ecosystem | Model | GraphRows, *, prune: bool = False, atomic: bool = True,
         batch_size: int = DEFAULT_BATCH_SIZE, progress: Progress | None = None,
         dry_run: bool = False) -> PushReport:
    """Push an ecosystem (or its rows) to Neo4j: idempotent, incremental, atomic by default.

    Parameters
    ----------
    driver : neo4j.Driver
        From :func:`connect` (or ``neo4j.GraphDatabase.driver``).
    model : Ecosystem, Model or GraphRows
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
    dry_run : bool, default False
        Compute what the push would change (counts, and the uids in
        ``report.changes``) and write nothing: the reads run in one transaction
        that is rolled back, and the schema is left as it is.

    Returns
    -------
    PushReport

    Raises
    ------
    StoreError
        The server refused the push (nothing changed when ``atomic``).
    """
    from neo4j.exceptions import DriverError, Neo4jError

    rows = model if isinstance(model, GraphRows) else graph_rows(model)
    if batch_size < 1:
        raise ValueError("batch_size must be >= 1")
    if dry_run:
        atomic = True  # one transaction, rolled back
    report = PushReport(rows.dataset, atomic=atomic, dry_run=dry_run)
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        report.seconds[name] = report.seconds.get(name, 0.0) + now - clock
        clock = now

    if not dry_run:
        try:
            ensure_schema(driver)
        except (Neo4jError, DriverError, OSError) as exc:
            raise translate_error(exc, "Création des contraintes et index") from exc
        lap("schema")
    with driver.session(database=database_of(driver)) as session, \
            driver.session(database=database_of(driver)) as lock_session:
        writer = _Writer(session, atomic, batch_size, progress, lock_session)
        try:
            _push(writer, rows, prune, report, lap)
            if not dry_run:
                writer.commit()
                lap("commit")
        except (Neo4jError, DriverError, OSError) as exc:
            raise translate_error(exc, f"Envoi du jeu « {rows.dataset} » vers Neo4j") from exc
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
    report.territories_created = len(new_t)
    if report.dry_run:
        new_t, new_inc = [], []
    w.phase("territoires", len(new_t) + len(new_inc))
    by_level: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for t in new_t:
        by_level[t.extra_label or ""].append(t.props)
    for level_label, items in by_level.items():
        ids = w.batches(_merge_territories_query(level_label), _columns(items, NODE_PROPERTIES["Territoire"]))
        element.update(zip((item["uid"] for item in items), ids, strict=True))
    if new_inc:
        w.batches(_create_rels_query("INCLUS_DANS", guarded), _ends(new_inc, element, guarded))
    lap("territoires")

    # --- what is already there for this dataset ---------------------------------------
    # (Lists collected on the server and sent in chunks: far fewer Bolt records than one per row.)
    in_db_nodes: dict[str, int | None] = {}
    for label in DATASET_LABELS:
        for (chunk,) in w.read(f"MATCH (n:{label} {{jeu: $jeu}}) "
                               "WITH collect([n.uid, n.empreinte, elementId(n)]) AS items " + _CHUNKED,
                               {"jeu": ds, "taille": _READ_CHUNK}):
            for uid, fp, element_id in chunk:
                in_db_nodes[uid] = fp
                element[uid] = element_id
    # (type, source uid, target uid, rang) -> (fingerprint, elementId)
    in_db_rels: dict[tuple[str, str, str, int], tuple[int | None, str]] = {}
    for label in DATASET_LABELS:
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
    if report.dry_run:
        _plan(report, new_nodes, changed_nodes, gone_nodes, new_rels, changed_rels,
              [k for k in in_db_rels if k not in input_keys], prune)
        return

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
        columns = _present_columns([n.props for n in group], [p for p in NODE_PROPERTIES[label] if p != "jeu"])
        columns["uid"] = [n.uid for n in group]
        ids = w.batches(_create_nodes_query(label, extra, columns), columns, {"jeu": ds})
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
        present: dict[str, list[Any]] = {}
        if rtype not in BARE_TYPES:
            present = _present_columns([r.props or {} for r in group], REL_PROPERTIES)
            columns.update(present)
        w.batches(_create_rels_query(rtype, guarded, present), columns)
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


def _plan(report: PushReport, new_nodes: list[NodeRow], changed_nodes: list[NodeRow], gone_nodes: list[str],
          new_rels: list[RelRow], changed_rels: list[RelRow], gone_rels: list[tuple[str, str, str, int]],
          prune: bool) -> None:
    """Fill a dry run's report: what the push would create, update and (with ``prune``) delete."""

    def link(rtype: str, source: str, target: str) -> str:
        return f"{rtype} {source} -> {target}"

    report.nodes_created, report.nodes_updated = len(new_nodes), len(changed_nodes)
    report.rels_created, report.rels_updated = len(new_rels), len(changed_rels)
    gone = "supprimes" if prune else "absents_gardes"
    report.changes = {
        "noeuds_crees": [n.uid for n in new_nodes], "noeuds_modifies": [n.uid for n in changed_nodes],
        f"noeuds_{gone}": list(gone_nodes),
        "liens_crees": [link(r.type, r.source, r.target) for r in new_rels],
        "liens_modifies": [link(r.type, r.source, r.target) for r in changed_rels],
        f"liens_{gone}": [link(t, s, c) for t, s, c, _rank in gone_rels],
    }
    if prune:  # with the links of the deleted nodes, as a real push counts them
        report.nodes_deleted, report.rels_deleted = len(gone_nodes), len(gone_rels)


def dataset_counts(driver: Any, dataset: str) -> dict[str, int]:
    """Count a dataset's nodes per label and relationships per type (for checks and reports).

    Returns
    -------
    dict
        ``{"Acteur": 90, ..., "PARTENARIAT": 40, ...}`` (labels and types present only).
    """
    out: dict[str, int] = {}
    with driver.session(database=database_of(driver)) as session:
        for label in DATASET_LABELS:
            n = session.run(f"MATCH (n:{label} {{jeu: $jeu}}) RETURN count(n)", jeu=dataset).single()[0]
            if n:
                out[label] = n
            for rtype, count in session.run(
                    f"MATCH (:{label} {{jeu: $jeu}})-[x]->() RETURN type(x), count(x)", jeu=dataset):
                out[rtype] = out.get(rtype, 0) + count
    return dict(sorted(out.items()))
