"""Graph exports (RDF, GraphML, GEXF, CSV and its Gephi, Kumu, neo4j-admin flavours), each written atomically.

See :mod:`ecosysteme.fs` for the atomic writes and ``docs/exports.md`` for the columns of each CSV.
"""

from ecosysteme.export.writers import BUILD_FORMATS, DEFAULT_FORMATS, EXPORT_FORMATS, export_model

__all__ = ["BUILD_FORMATS", "DEFAULT_FORMATS", "EXPORT_FORMATS", "export_model"]
