"""The French names of node and edge attributes in every export a person reads (GEXF, GraphML, CSV).

The networkx projection (:func:`~ecosysteme.projections.graph.to_networkx`)
keeps its English attribute names for Python users; what Gephi, yEd, Kumu or
a spreadsheet shows is named here, once, in the order of the columns.
"""

from __future__ import annotations

from ecosysteme.export._xml import flat_value

__all__ = ["EDGE_FIELDS", "NODE_FIELDS", "edge_values", "node_values"]

#: (French name, attribute of the projection) of node attributes, in column order. A territory's
#: ``level`` (commune, epci…) is its ``niveau_territorial``, an actor's or a programme's (national…)
#: its ``echelon``.
NODE_FIELDS: tuple[tuple[str, str], ...] = (
    ("categorie", "kind"),
    ("type_acteur", "type"),
    ("monde", "world"),
    ("echelon", "level"),
    ("natures_ingenierie", "natures"),
    ("axe", "axis"),
    ("themes", "themes"),
    ("theme", "theme"),
    ("domaine", "domain"),
    ("territoires", "territories"),
    ("besoins", "needs"),
    ("porteurs", "carriers"),
    ("odd", "sdgs"),
    ("site_web", "website"),
    ("description", "description"),
    ("autres_noms", "aliases"),
    ("niveau_territorial", "level"),
    ("code_insee", "code"),
    ("population", "population"),
    ("provenance", "provenance"),
)
#: The same for edges (``relation``: the relation type).
EDGE_FIELDS: tuple[tuple[str, str], ...] = (
    ("relation", "type"),
    ("montant", "amount"),
    ("debut", "start"),
    ("fin", "end"),
    ("provenance", "provenance"),
)
_NODE_NAMES = {key: name for name, key in NODE_FIELDS if key != "level"}
_EDGE_NAMES = {key: name for name, key in EDGE_FIELDS}
_SCALARS = frozenset({str, int, float, bool})


def _renamed(attrs: dict, names: dict[str, str], level: str | None = None) -> dict:
    """Flat attributes (see :func:`~ecosysteme.export._xml.flat_value`) under ``names``, in the attributes' order."""
    out = {}
    for key, value in attrs.items():
        if value is None:
            continue
        if type(value) not in _SCALARS:
            value = flat_value(value)
            if value is None:
                continue
        out[level if key == "level" and level else names.get(key, key)] = value
    return out


def node_values(attrs: dict) -> dict:
    """A node's flat attributes under their French names (``label`` kept as is; others under their own name).

    In the order of the projection's attributes (deterministic); the CSV pick their columns by name.
    """
    return _renamed(attrs, _NODE_NAMES, "niveau_territorial" if attrs.get("kind") == "territoire" else "echelon")


def edge_values(attrs: dict) -> dict:
    """An edge's flat attributes under their French names (others under their own name)."""
    return _renamed(attrs, _EDGE_NAMES)
