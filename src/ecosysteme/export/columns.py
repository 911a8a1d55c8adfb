"""The French names of node and edge attributes in every export a person reads (GEXF, GraphML, CSV).

The networkx projection (:func:`~ecosysteme.projections.graph.to_networkx`)
keeps its English attribute names for Python users; what Gephi, yEd, Kumu or
a spreadsheet shows is named here, once, in the order of the columns.
"""

from __future__ import annotations

from ecosysteme.export._xml import flat

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
_NODE_KNOWN = frozenset(key for _, key in NODE_FIELDS) | {"label"}
_EDGE_KNOWN = frozenset(key for _, key in EDGE_FIELDS)


def node_values(attrs: dict) -> dict:
    """A node's flat attributes under their French names, in column order (``label`` first, kept as is).

    Attributes this module does not name follow, under their own name.
    """
    values = flat(attrs)
    territory = values.get("kind") == "territoire"
    out = {"label": values["label"]} if "label" in values else {}
    for name, key in NODE_FIELDS:
        if key in values and (key != "level" or (name == "niveau_territorial") == territory):
            out[name] = values[key]
    out.update((k, v) for k, v in values.items() if k not in _NODE_KNOWN)
    return out


def edge_values(attrs: dict) -> dict:
    """An edge's flat attributes under their French names, in column order, then the others."""
    values = flat(attrs)
    out = {name: values[key] for name, key in EDGE_FIELDS if key in values}
    out.update((k, v) for k, v in values.items() if k not in _EDGE_KNOWN)
    return out
