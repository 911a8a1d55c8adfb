"""Neo4j: push an ecosystem in bulk, keep it in sync, and run Cypher on it.

The scale-out path of ecosysteme: when a network outgrows one machine or many
people work on the same graph, it lives in Neo4j (a local server, a cluster or
Aura). The graph's shape is described in :mod:`ecosysteme.projections.neo4j`
(the rows); this package connects, creates the schema, pushes the rows and
runs parameterised Cypher.

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

from ecosysteme.projections.neo4j import EDGE_TYPES, GraphRows, NodeRow, RelRow, graph_rows
from ecosysteme.stores.neo4j._connection import (
    DEFAULT_URI,
    DEFAULT_USER,
    ConnectionSettings,
    connect,
    connection_settings,
)
from ecosysteme.stores.neo4j._push import DEFAULT_BATCH_SIZE, PushReport, dataset_counts, push
from ecosysteme.stores.neo4j._query import QueryResult, run_query
from ecosysteme.stores.neo4j._schema import ensure_schema, schema_statements

__all__ = [
    "DEFAULT_BATCH_SIZE",
    "DEFAULT_URI",
    "DEFAULT_USER",
    "EDGE_TYPES",
    "ConnectionSettings",
    "GraphRows",
    "NodeRow",
    "PushReport",
    "QueryResult",
    "RelRow",
    "connect",
    "connection_settings",
    "dataset_counts",
    "ensure_schema",
    "graph_rows",
    "push",
    "run_query",
    "schema_statements",
]
