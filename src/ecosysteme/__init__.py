"""ecosysteme: knowledge graph and ecosystem mapping for French territorial catalysts.

Tables (CSV/XLSX) -> validated model -> projections (networkx, RDF/SPARQL,
Neo4j, maps) -> analyses -> outputs. The public API::

    from ecosysteme import load, load_valid, to_networkx, to_ntriples, export_model
"""

from ecosysteme.errors import EcosystemeError, InputError, ValidationFailed
from ecosysteme.export import export_model
from ecosysteme.io import load, load_valid
from ecosysteme.model import Model
from ecosysteme.projections.graph import to_networkx
from ecosysteme.projections.rdf import to_ntriples

__version__ = "0.1.0"

__all__ = [
    "EcosystemeError",
    "InputError",
    "Model",
    "ValidationFailed",
    "__version__",
    "export_model",
    "load",
    "load_valid",
    "to_networkx",
    "to_ntriples",
]
