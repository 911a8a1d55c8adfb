"""How the maps look: colours, shapes, edge styles and their French labels.

Colours of the worlds (``monde``) come from the Okabe-Ito palette, readable by
colour-blind readers; the shape also tells the kind of node (actor, programme,
need), and edge types differ by dash pattern as well as colour, so nothing is
told by colour alone. Labels, inverse labels and directions come from the ontology
(:data:`ecosysteme.vocab.SCHEMES`, :data:`ecosysteme.vocab.LINK_TYPES`).
"""

from __future__ import annotations

from dataclasses import dataclass

from ecosysteme.vocab import DIRECTED_LINKS, LINK_TYPES, SCHEMES

__all__ = [
    "CATEGORIES",
    "DIRECTED_TYPES",
    "EDGE_STYLES",
    "IMPORTANCE_MEASURES",
    "Category",
    "EdgeStyle",
    "category_of",
    "level_label",
]


@dataclass(frozen=True, slots=True)
class Category:
    """A node category of the legend and of the « monde » filter."""

    key: str
    label: str
    color: str
    border: str
    shape: str


@dataclass(frozen=True, slots=True)
class EdgeStyle:
    """How one edge type is drawn."""

    key: str
    label: str
    color: str
    dashes: tuple[int, ...] | None
    arrows: bool
    width: float
    inverse: str


def _world(key: str, color: str, border: str) -> Category:
    return Category(key, SCHEMES["monde"][key].label_fr, color, border, "dot")


#: Node categories, in legend order: the six worlds, actors without a world, programmes, needs.
CATEGORIES: tuple[Category, ...] = (
    _world("associations", "#E69F00", "#9A6A00"),
    _world("collectivites", "#0072B2", "#004A75"),
    _world("entreprises", "#D55E00", "#8F3F00"),
    _world("etat", "#56B4E9", "#2B7FB0"),
    _world("investisseurs_societaux", "#009E73", "#006B4E"),
    _world("recherche", "#CC79A7", "#8E4A73"),
    Category("sans_monde", "acteurs sans monde renseigné", "#BBBBBB", "#777777", "dot"),
    Category("programme", "programmes et actions", "#F0E442", "#8C8526", "diamond"),
    Category("besoin", "besoins", "#FFFFFF", "#444444", "triangle"),
)
_CATEGORY_INDEX = {c.key: i for i, c in enumerate(CATEGORIES)}


def category_of(kind: str, world: str | None) -> int:
    """Index in :data:`CATEGORIES` of a node of ``kind`` (acteur, programme, besoin) and ``world``."""
    if kind == "programme":
        return _CATEGORY_INDEX["programme"]
    if kind == "besoin":
        return _CATEGORY_INDEX["besoin"]
    return _CATEGORY_INDEX.get(world or "", _CATEGORY_INDEX["sans_monde"])


def _edge(key: str, color: str, dashes: tuple[int, ...] | None, width: float = 1.5) -> EdgeStyle:
    link = LINK_TYPES[key]
    return EdgeStyle(key, link.label_fr, color, dashes, link.directed, width, link.inverse_fr)


#: Edge types whose direction matters (drawn with an arrow); ``partenariat`` is symmetric.
DIRECTED_TYPES = DIRECTED_LINKS

#: Edge styles (Paul Tol's "bright" and "muted" colours, plus dash patterns).
EDGE_STYLES: dict[str, EdgeStyle] = {
    s.key: s
    for s in (
        _edge("partenariat", "#4477AA", None, 2.5),
        _edge("relais", "#EE6677", (8, 5)),
        _edge("financement", "#228833", None, 2.5),
        _edge("membre_de", "#AA3377", (2, 4)),
        _edge("porte", "#555555", None),
        _edge("accompagne", "#33A6CC", (10, 4, 2, 4)),
        _edge("repond_a", "#B89B00", (6, 3)),
        _edge("exprime", "#999999", (1, 3)),
    )
}

#: ``--importance`` choices: key -> French label.
IMPORTANCE_MEASURES: dict[str, str] = {
    "degre": "degré (nombre de liens)",
    "intermediarite": "intermédiarité (position de passage entre les autres)",
    "pagerank": "PageRank (liens venant d'acteurs eux-mêmes importants)",
}

_LEVEL_LABELS = {"pays": "France", "region": "région", "departement": "département", "epci": "EPCI",
                 "commune": "commune"}


def level_label(level: str) -> str:
    """French name of a territory level (``departement`` -> ``département``)."""
    return _LEVEL_LABELS.get(level, level)
