"""The input format in one place: the columns of each table and the vocabulary each coded column takes.

:mod:`ecosysteme.io.validate` checks the tables against these declarations,
:mod:`ecosysteme.io.template` writes the blank workbook from them, and a test
checks the README's tables against them. The values of a coded column come
from the ontology (:mod:`ecosysteme.vocab`): a SKOS concept scheme, the actor
types or the relation types.
"""

from __future__ import annotations

from dataclasses import dataclass

from ecosysteme import vocab

__all__ = ["ACTOR_TYPE", "COLUMNS", "PRESUMABLE", "RELATION_TYPE", "YES_NO", "Column", "values"]

#: Pseudo-schemes of the two ``type`` columns (the ontology's actor classes and relation types).
ACTOR_TYPE = "type_acteur"
RELATION_TYPE = "type_relation"
#: Pseudo-scheme of the yes/no column ``jeu.fictif``.
YES_NO = "oui_non"


@dataclass(frozen=True, slots=True)
class Column:
    """One column of an input table.

    ``vocabulary``: the scheme its values come from (a key of
    :data:`ecosysteme.vocab.SCHEMES`, :data:`ACTOR_TYPE`, :data:`RELATION_TYPE`
    or :data:`YES_NO`), None for free text; ``multiple``: a list separated by ``|``.
    """

    name: str
    required: bool = False
    recommended: bool = False
    vocabulary: str | None = None
    multiple: bool = False


def _cols(*specs: str, vocabularies: dict[str, str] | None = None, lists: tuple[str, ...] = ()) -> dict[str, Column]:
    vocabularies = vocabularies or {}
    out = {}
    for spec in specs:
        name = spec.rstrip("*+")
        out[name] = Column(name, required=spec.endswith("*"), recommended=spec.endswith("+"),
                           vocabulary=vocabularies.get(name), multiple=name in lists)
    unknown = (set(vocabularies) | set(lists)) - set(out)
    if unknown:
        raise KeyError(f"colonnes inconnues : {sorted(unknown)}")
    return out


#: Columns of each table: ``*`` required, ``+`` recommended (counts in completeness).
COLUMNS: dict[str, dict[str, Column]] = {
    "jeu": _cols("titre+", "description", "fictif+", "licence+", "source+", "producteur",
                 vocabularies={"fictif": YES_NO}),
    "acteurs": _cols("id*", "nom*", "type*", "monde+", "echelon+", "natures+", "territoires+", "besoins",
                     "odd", "site_web+", "description+", "alias", "provenance+", "presume",
                     vocabularies={"type": ACTOR_TYPE, "monde": "monde", "echelon": "echelon", "natures": "nature",
                                   "odd": "odd"},
                     lists=("natures", "territoires", "besoins", "odd", "alias", "presume")),
    "relations": _cols("source*", "cible*", "type*", "montant", "date_debut", "date_fin", "provenance+",
                       vocabularies={"type": RELATION_TYPE}),
    "programmes": _cols("id*", "nom*", "porteurs+", "themes+", "besoins", "axe", "echelon+", "territoires+",
                        "sous_section", "description+", "lien+", "provenance+", "presume",
                        vocabularies={"themes": "theme", "axe": "axe", "echelon": "echelon"},
                        lists=("porteurs", "themes", "besoins", "territoires", "presume")),
    "besoins": _cols("id*", "libelle*", "theme+", "domaine+", "territoires+", "description", "provenance+",
                     vocabularies={"theme": "theme", "domaine": "domaine"}, lists=("territoires",)),
    "territoires": _cols("code*", "nom"),
    "indicateurs": _cols("indicateur*", "libelle*", "territoire*", "valeur+", "annee+", "unite+", "domaine+",
                         "sens", "source+", "provenance+", vocabularies={"domaine": "domaine", "sens": "sens"}),
}

#: Columns a row may mark as presumed (``presume``): values a source may leave unsaid.
PRESUMABLE: dict[str, tuple[str, ...]] = {"acteurs": ("monde", "echelon", "natures", "territoires"),
                                          "programmes": ("porteurs", "themes", "axe", "echelon", "territoires")}


def values(vocabulary: str) -> tuple[tuple[str, str], ...]:
    """The ``(key, French label)`` pairs a coded column accepts, in a reader's order.

    Keys are what the tables hold; the validator also accepts the labels.

    >>> values("axe")
    (('relance', 'relance / (re)développement'), ('urgence', 'urgence'))
    >>> [key for key, _ in values("odd")][:3]
    ['1', '2', '3']
    """
    if vocabulary == ACTOR_TYPE:
        return tuple((key, key) for key in sorted(vocab.ACTOR_TYPES))
    if vocabulary == RELATION_TYPE:
        return tuple((key, lt.label_fr) for key, lt in vocab.RELATION_TYPES.items())
    if vocabulary == YES_NO:
        return (("oui", "données inventées"), ("non", "données réelles"))
    concepts = vocab.SCHEMES[vocabulary].values()
    order = (lambda c: (int(c.key), "")) if vocabulary == "odd" else (lambda c: (0, c.key))
    return tuple((c.key, c.label_fr) for c in sorted(concepts, key=order))
