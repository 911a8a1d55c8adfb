"""ecosysteme: knowledge graph and ecosystem mapping for French territorial catalysts.

Tables (CSV/XLSX) -> validated model -> projections (networkx, RDF/SPARQL,
Neo4j, maps) -> analyses -> outputs. The public API::

    import ecosysteme as eco
    e = eco.read("data/exemple-epci")        # an Ecosystem (ValidationFailed carries .report)
    eco.analysis.coverage(e)

Importing the package is cheap: pandas, numpy, networkx and rdflib load only
when a name that needs them is first used (module ``__getattr__``).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ecosysteme.ecosystem import Ecosystem, as_ecosystem, read
from ecosysteme.errors import EcosystemeError, InputError, ValidationFailed
from ecosysteme.model import Model

if TYPE_CHECKING:  # pragma: no cover
    from ecosysteme.export import export_model
    from ecosysteme.io import load, load_valid
    from ecosysteme.projections.graph import to_networkx
    from ecosysteme.projections.rdf import to_ntriples

__version__ = "0.1.0"

#: Public names defined in submodules, imported on first use.
_LAZY = {
    "export_model": "ecosysteme.export",
    "load": "ecosysteme.io",
    "load_valid": "ecosysteme.io",
    "to_networkx": "ecosysteme.projections.graph",
    "to_ntriples": "ecosysteme.projections.rdf",
}
#: Subpackages reachable as attributes (``eco.analysis.coverage``).
_SUBMODULES = frozenset({"analysis", "export", "io", "projections", "report", "stores", "territories", "viz",
                         "vocab"})

__all__ = [
    "Ecosystem",
    "EcosystemeError",
    "InputError",
    "Model",
    "ValidationFailed",
    "__version__",
    "as_ecosystem",
    "export_model",
    "load",
    "load_valid",
    "read",
    "to_networkx",
    "to_ntriples",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    if name in _SUBMODULES:
        return importlib.import_module(f"ecosysteme.{name}")
    raise AttributeError(f"module 'ecosysteme' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY, *_SUBMODULES})
