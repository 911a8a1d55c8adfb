"""The RDF store: Oxigraph (pyoxigraph) on disk, one named graph per source, SPARQL 1.1.

Public API::

    from ecosysteme.stores.rdfstore import RdfStore, library

    with RdfStore.write("magasin") as w:      # atomic: published only on success
        w.ensure_reference_graphs()           # territories + ontology, once
        w.load_model(model)                   # the dataset's own graph
                                              # (+ the store's VoID/DCAT description, on publishing)

    store = RdfStore.open("magasin")          # read-only snapshot
    result = store.query(library()["q1_besoins_non_couverts"].bind(territoire="region:53"))

See :mod:`ecosysteme.stores.rdfstore._store` for the layout and the guarantees.
"""

from ecosysteme.projections.rdf import ONTOLOGY_GRAPH, TERRITORIES_GRAPH, dataset_graph_iri
from ecosysteme.stores.rdfstore._lexer import QueryShape, analyse
from ecosysteme.stores.rdfstore._library import (
    LibraryQuery,
    Parameter,
    bind_values,
    iri_term,
    library,
    library_query,
    queries_dir,
    territory_term,
)
from ecosysteme.stores.rdfstore._results import (
    RDF_FORMATS,
    RESULT_FORMATS,
    AskResult,
    Format,
    GraphResult,
    QueryResult,
    SelectResult,
    serialize,
    term_text,
    to_table,
)
from ecosysteme.stores.rdfstore._store import (
    DESCRIPTION_GRAPH,
    GRAPH_NS,
    RESERVED_NAMES,
    GraphInfo,
    QueryRefused,
    QueryTimeout,
    RdfStore,
    ResultTooLarge,
    graph_name,
    ontology_dir,
    ontology_files,
)
from ecosysteme.stores.rdfstore._versions import VersionInfo

__all__ = [
    "DESCRIPTION_GRAPH",
    "GRAPH_NS",
    "ONTOLOGY_GRAPH",
    "RDF_FORMATS",
    "RESERVED_NAMES",
    "RESULT_FORMATS",
    "TERRITORIES_GRAPH",
    "AskResult",
    "Format",
    "GraphInfo",
    "GraphResult",
    "LibraryQuery",
    "Parameter",
    "QueryRefused",
    "QueryResult",
    "QueryShape",
    "QueryTimeout",
    "RdfStore",
    "ResultTooLarge",
    "SelectResult",
    "VersionInfo",
    "analyse",
    "bind_values",
    "build_store",
    "dataset_graph_iri",
    "graph_name",
    "iri_term",
    "library",
    "library_query",
    "ontology_dir",
    "ontology_files",
    "queries_dir",
    "serialize",
    "term_text",
    "territory_term",
    "to_table",
]


def build_store(path, ecosystems, *, progress=None, tables=None):
    """Load one or more ecosystems into the store at ``path`` (created if needed), in one atomic version.

    Parameters
    ----------
    path : path-like
        The store directory.
    ecosystems : Ecosystem or Model, or a list of them
        Each replaces the graph of its dataset (N-Triples already computed on an
        :class:`~ecosysteme.Ecosystem` are reused).
    progress : callable, optional
        Called with a French message at each step.
    tables : path-like or list of path-like, optional
        The folder or workbook each ecosystem was validated from (one per
        ecosystem, or None): the published version keeps a copy, which
        ``ecosysteme diff --magasin`` reads back (see ``_versions.py``).

    Returns
    -------
    list of GraphInfo
        The graphs of the store after loading.
    """
    from ecosysteme.ecosystem import Ecosystem, as_ecosystem
    from ecosysteme.model import Model

    items = [ecosystems] if isinstance(ecosystems, Ecosystem | Model) else list(ecosystems)
    items = [as_ecosystem(e) for e in items]
    sources = list(tables) if isinstance(tables, list | tuple) else [tables] * len(items)
    if len(sources) != len(items) or (tables is not None and not isinstance(tables, list | tuple) and len(items) > 1):
        raise ValueError("build_store: one tables path (or None) per ecosystem")
    with RdfStore.write(path, progress=progress) as writer:
        writer.ensure_reference_graphs(items[0].territories if items else None, progress=progress)
        for e, source in zip(items, sources, strict=True):
            if progress:
                progress(f"jeu « {e.name} »")
            writer.load_model(e, tables=source)
        return writer.graphs()
