"""Graph exports (RDF, GraphML, GEXF, CSV), each written atomically (see :mod:`ecosysteme.fs`)."""

from ecosysteme.export.writers import EXPORT_FORMATS, export_model

__all__ = ["EXPORT_FORMATS", "export_model"]
