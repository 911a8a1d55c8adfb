"""The gap report as data: one prioritised list, the data gaps, every finding, ready for any writer.

:func:`build_gap_report` runs :func:`ecosysteme.analysis.find_gaps` (the five
kinds of holes in the net, ranked once), the fragility of the ecosystem's own
fabric, the complementarities and the link suggestions, and turns them into
:class:`Finding` rows grouped in :class:`Section` objects, all text in French.
The HTML, Markdown, CSV and JSON writers only format this structure, so every
file holds the same findings. The report says who it is for (a local report
for a catalyst, or the secretariat's) and, on every page and file, when the
data is fictional.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ecosysteme.analysis import (
    AnalysisError,
    Gaps,
    GapSettings,
    complementarities,
    ecosystem_fragility,
    find_gaps,
    suggest_links,
)
from ecosysteme.analysis.gaps import KIND_TITLES, KINDS
from ecosysteme.analysis.presence import RULES, Presence
from ecosysteme.ecosystem import Ecosystem, as_ecosystem
from ecosysteme.model import Model, TerritoryRef, format_ref
from ecosysteme.territories import as_ref
from ecosysteme.text import count_fr, join_fr, label, number_fr, quote

__all__ = ["FICTIONAL_BANNER", "Finding", "GapReport", "Matrix", "Section", "build_gap_report"]

#: Said at the top of every page and file built from a dataset declared fictional.
FICTIONAL_BANNER = ("DONNÉES FICTIVES — ce rapport est construit sur un jeu de données déclaré fictif (exemple, "
                    "démonstration) : ses acteurs, liens et montants n'existent pas.")


@dataclass(frozen=True)
class Finding:
    """One row of the report.

    Attributes
    ----------
    section : str
        Section key (``actions``, ``donnees``, a kind of :data:`ecosysteme.analysis.KINDS`,
        ``fragilite``, ``complementarites``, ``suggestions``).
    rank : int
    territory, territory_name : str
        Key and name ("" when the finding is not territorial).
    title : str
        The finding in one French sentence.
    priority : float or None
        What the rank is based on (the documented score, resources cut off …).
    evidence : tuple of str
    leads : tuple of str
        Who could act, and why.
    ids : tuple of str
        Ids of the resources involved.
    """

    section: str
    rank: int
    territory: str
    territory_name: str
    title: str
    priority: float | None
    evidence: tuple[str, ...]
    leads: tuple[str, ...]
    ids: tuple[str, ...]


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    intro: str
    priority_label: str
    findings: tuple[Finding, ...]
    empty: str


@dataclass(frozen=True)
class Matrix:
    """A small table shown as is, after its section (or before, with ``first``)."""

    section: str
    key: str
    title: str
    intro: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    #: cells (row index, column index) to highlight as gaps
    highlight: frozenset[tuple[int, int]] = frozenset()
    #: a digest shown before its section's findings (otherwise after them)
    first: bool = False


@dataclass(frozen=True)
class GapReport:
    """Everything the report says."""

    dataset: str
    territory: str | None
    territory_name: str | None
    territories: tuple[str, ...]
    summary: tuple[tuple[str, str], ...]
    sections: tuple[Section, ...]
    matrices: tuple[Matrix, ...]
    notes: tuple[str, ...] = field(default_factory=tuple)
    #: « Rapport local — … » or « Rapport du secrétariat du Réseau »
    audience: str = "Rapport du secrétariat du Réseau"
    #: the banner of a fictional dataset ("" otherwise)
    banner: str = ""
    gaps: Gaps | None = field(default=None, repr=False)

    @property
    def findings(self) -> list[Finding]:
        return [f for s in self.sections for f in s.findings]

    def to_json(self) -> dict[str, Any]:
        """The holes in the net as JSON (``trous.json``): :meth:`ecosysteme.analysis.Gaps.to_json`."""
        data = self.gaps.to_json() if self.gaps is not None else {}
        data["public"] = self.audience
        if self.banner:
            data["avertissement"] = self.banner
        return data


def _leads(p: Presence, leads: tuple[tuple[str, str], ...]) -> tuple[str, ...]:
    return tuple(f"{p.actor_name(a)} : {why}" for a, why in leads)


def _audience(p: Presence, root: TerritoryRef | None) -> str:
    """A catalyst's local report, or the secretariat's (national or regional view)."""
    roots = p.roots(root)
    local = [r for r in roots if r[0] in ("commune", "epci", "departement")]
    if local:
        names = join_fr(p.name(r) for r in local[:3])
        return f"Rapport local — {names} : pour les acteurs du territoire et leur catalyseur"
    return "Rapport du secrétariat du Réseau"


def build_gap_report(ecosystem: Ecosystem | Model, territory: TerritoryRef | str | None = None, *,
                     settings: GapSettings | None = None, complementarity_top: int = 20,
                     suggestions: int = 10, seed: int = 0) -> GapReport:
    """Run the gap analysis and the ecosystem's other analyses, and collect the findings.

    Parameters
    ----------
    ecosystem : Ecosystem (or Model)
        With its reference datasets (see :meth:`Ecosystem.with_references`).
    territory : str or (str, str), optional
        The studied territory and the model's territories inside it.
    settings : GapSettings, optional
        What the secretariat can change (defaults in the method notes).
    complementarity_top : int
        How many complementarities to keep.
    suggestions : int
        How many predicted links to add (0: none). Skipped, with a note, when
        the graph has too few links to learn from.
    seed : int

    Returns
    -------
    GapReport
    """
    e = as_ecosystem(ecosystem)
    settings = settings or GapSettings()
    root = as_ref(territory) if territory is not None else None
    gaps = find_gaps(e, root, settings=settings)
    p = e.presence
    sections: list[Section] = []
    matrices: list[Matrix] = []

    # 1. the prioritised actions
    def row(section: str, f, rank: int | None = None) -> Finding:
        ids = tuple(x for x in (f.need, f.programme, f.nature) if x) + tuple(f.needs) + f.actors
        return Finding(section, rank or f.rank, f.territory_key, f.territory_name, f.title, f.score, f.evidence,
                       _leads(p, f.leads), tuple(dict.fromkeys(ids)))

    sections.append(Section(
        "actions", "Actions prioritaires",
        f"Les {count_fr(len(gaps.actions), 'trou')} à traiter en premier, tous genres confondus, avec leurs preuves "
        "et les acteurs qui pourraient agir. Classement : la priorité documentée dans les notes de méthode "
        "(genre du trou, fragilité IMPACT de la région, population, nombre de besoins concernés).",
        "priorité", tuple(row("actions", f, i) for i, f in enumerate(gaps.actions, start=1)),
        "Aucun trou dans la raquette sur les territoires étudiés."))
    matrices.append(_territory_digest(p, gaps))

    # 2. the data gaps
    sections.append(Section(
        "donnees", "Données manquantes",
        "Ce que les données ne disent pas : à compléter pour que l'analyse voie juste. Ce ne sont pas des trous "
        "dans la raquette (rien n'est compté comme couverture ni comme manque à leur place).",
        "nombre", tuple(Finding("donnees", i, "", "", f"{g.label} ({len(g.ids)})", None,
                                (g.text,), (), g.ids[:50]) for i, g in enumerate(gaps.data_gaps, start=1)),
        "Aucune donnée manquante repérée."))

    # 3. every finding, by kind
    intros = {
        "besoin_non_couvert": "Besoins exprimés sur un territoire auxquels aucun programme ne répond, ni aucun acteur "
                              "présent : une réponse explicite (relation « répond à » ou colonne « besoins » d'un "
                              "programme) ; un thème commun n'en est pas une.",
        "programme_sans_relais": "Programmes qui répondent à un besoin exprimé sur le territoire, dont aucun porteur "
                                 "ni relais n'est présent : qui pourrait les relayer ?",
        "mondes_sans_rencontre": "Couples de mondes présents sur le territoire dont aucun acteur ne rencontre un "
                                 "acteur de l'autre (aucune relation, aucun programme porté ensemble).",
        "nature_absente": "Natures d'ingénierie (gestion, management de projets transversaux, catalyse) qu'aucun "
                          "acteur présent ne déclare, là où d'autres natures sont déclarées.",
        "territoire_sans_acteur": "Communes du territoire étudié où aucun acteur de l'écosystème n'est situé.",
    }
    empties = {
        "besoin_non_couvert": "Chaque besoin exprimé a une réponse.",
        "programme_sans_relais": "Chaque programme qui répond à un besoin exprimé a un porteur ou un relais présent.",
        "mondes_sans_rencontre": "Sur chaque territoire étudié, les mondes présents se rencontrent.",
        "nature_absente": "Partout où des natures sont déclarées, les trois sont présentes.",
        "territoire_sans_acteur": "Chaque commune étudiée compte au moins un acteur situé.",
    }
    in_actions = {f.key: i for i, f in enumerate(gaps.actions, start=1)}
    for kind in KINDS:
        rows = []
        for i, f in enumerate(gaps.of_kind(kind), start=1):
            r = row(kind, f, i)
            if f.key in in_actions:  # said in full once, among the actions
                r = Finding(kind, i, r.territory, r.territory_name, r.title, r.priority,
                            (f"Détaillé dans les actions prioritaires (n° {in_actions[f.key]}).",), (), r.ids)
            rows.append(r)
        sections.append(Section(kind, KIND_TITLES[kind], intros[kind], "priorité", tuple(rows), empties[kind]))

    # 4. the fabric itself, 5. complementarities, 6. suggestions
    sections.append(_fragility_section(e, p, root, settings, seed, matrices))
    sections.append(_complementarity_section(e, root, complementarity_top))
    notes: list[str] = []
    if suggestions:
        sections.append(_suggestion_section(e, root, suggestions, seed, settings))

    counts = Counter(f.kind for f in gaps.findings)
    summary = (
        ("Territoires étudiés", str(len(gaps.analysed))),
        ("Acteurs", str(len(e.model.actors))),
        ("Programmes", str(len(e.model.programmes))
         + (f" (+ {sum(len(r.programmes) for r in e.references)} de la référence)" if e.references else "")),
        ("Besoins", str(len(e.model.needs))),
        *((KIND_TITLES[k].split(" (")[0], str(counts.get(k, 0))) for k in KINDS),
        ("Données manquantes", str(len(gaps.data_gaps))),
    )
    notes += [f"Règle — {text}" for _key, text in RULES]
    notes.append(gaps.rules()[-1])
    notes += [f"Réglage — {text}" for text in settings.describe()]
    if e.references:
        notes.append("Jeu(x) de référence : " + join_fr(quote(r.dataset) for r in e.references)
                     + " (programmes, porteurs, relais, réponses et indices IMPACT).")
    else:
        notes.append("Aucun jeu de référence : l'écosystème est analysé seul.")
    notes += list(gaps.notes)
    banner = FICTIONAL_BANNER if e.model.info.fictional else ""
    return GapReport(e.name, format_ref(root) if root else None, p.name(root) if root else None,
                     tuple(format_ref(r) for r in gaps.analysed), summary, tuple(sections), tuple(matrices),
                     tuple(notes), _audience(p, root), banner, gaps)


def _territory_digest(p: Presence, gaps: Gaps) -> Matrix:
    """One row per analysed territory: actors situés and présents, needs expressed, findings reported there."""
    per: dict[str, Counter] = {}
    for f in gaps.findings:
        per.setdefault(f.territory_key, Counter())[f.kind] += 1
    rows, hl = [], set()
    for r, ref in enumerate(gaps.analysed):
        key = format_ref(ref)
        c = per.get(key, Counter())
        cells = [p.name(ref), str(len(p.located(ref))), str(len(p.actors_present(ref))),
                 str(len(p.needs_expressed(ref))), *(str(c.get(k, 0)) for k in KINDS)]
        hl.update((r, 4 + i) for i, k in enumerate(KINDS) if c.get(k))
        rows.append(tuple(cells))
    return Matrix("actions", "synthese-territoires", "Synthèse par territoire",
                  "Acteurs situés sur le territoire et présents (y compris par un territoire qui le contient ou "
                  "qu'il contient), besoins qui y sont exprimés, et trous rapportés sur ce territoire, par genre.",
                  ("Territoire", "Acteurs situés", "Acteurs présents", "Besoins exprimés",
                   *(KIND_TITLES[k].split(" (")[0] for k in KINDS)), tuple(rows), frozenset(hl))


def _data_producers(e: Ecosystem) -> set[str]:
    """Actors named as the producer of an indicator (INSEE, CGET…): they feed the data, they are not partners."""
    from ecosysteme.text import fold

    names = set()
    for model in (e.model, *e.references):
        for ind in model.indicators.values():
            for part in (ind.producer or "").replace("(", "/").replace(")", "/").split("/"):
                if part.strip():
                    names.add(fold(part))
    return {a.id for a in e.model.actors.values() if fold(a.name) in names or fold(a.id) in names}


def _fragility_section(e: Ecosystem, p: Presence, root: TerritoryRef | None, settings: GapSettings, seed: int,
                       matrices: list[Matrix]) -> Section:
    import networkx as nx

    model = e.model
    nodes = None
    if root is not None:
        present = set(p.actors_present(root))
        nodes = present | {x for x in model.programmes if (p.carriers.get(x, set()) | p.relays.get(x, set()))
                           & present}
    fr = ecosystem_fragility(e, nodes=nodes, seed=seed)
    g = e.ecosystem_graph if nodes is None else e.ecosystem_graph.subgraph(nodes)
    producers = _data_producers(e)
    where_key = format_ref(root) if root is not None else ""
    where_name = p.name(root) if root is not None else ""
    findings: list[Finding] = []

    def weight(piece: set[str]) -> int:
        """A piece cut off counts, unless it is one programme only the cut vertex carries, or a data producer."""
        if len(piece) == 1:
            (only,) = piece
            if only in model.programmes or only in producers:
                return 0
        return len(piece - producers)

    ruptures = []
    for c in fr.cut_vertices:
        component = nx.node_connected_component(g, c.node)
        rest = g.subgraph(component - {c.node})
        pieces = sorted((set(x) for x in nx.connected_components(rest)), key=len, reverse=True)
        cut = sum(weight(x) for x in pieces[1:])
        if cut < settings.min_cut:
            continue
        what = "l'acteur" if c.kind == "acteur" else "le programme"
        ruptures.append((-cut, c.label, Finding(
            "fragilite", 0, where_key, where_name,
            f"Point de rupture : {c.label} (sa disparition couperait {count_fr(cut, 'ressource')} du reste)",
            float(cut),
            (f"Sans {what} {quote(c.label)}, son groupe se scinde en {count_fr(len(pieces), 'morceau', 'morceaux')} "
             f"de {join_fr(str(len(x)) for x in pieces)} ressources ; les programmes qu'il est seul à porter et les "
             "producteurs de données ne sont pas comptés.",),
            ("Doubler ses liens : relier directement les ressources qui ne tiennent que par lui.",), (c.node,))))
    findings.extend(f for _c, _n, f in sorted(ruptures, key=lambda r: (r[0], r[1]))[:settings.max_ruptures])
    for b in [b for b in fr.bridges if not b.leaf and b.sides[0] >= settings.min_cut][:settings.max_ruptures]:
        lu, lv = (p.names([b.u])[0], p.names([b.v])[0])
        findings.append(Finding(
            "fragilite", len(findings) + 1, where_key, where_name, f"Lien unique entre deux groupes : {lu} – {lv}",
            float(b.sides[0]),
            (f"Ce lien ({join_fr(label_rel(t) for t in b.types)}) est le seul entre un groupe de {b.sides[0]} et un "
             f"groupe de {b.sides[1]} ressources.",),
            ("Créer un second lien entre ces deux groupes.",), (b.u, b.v)))
    findings = [Finding(f.section, i, *(getattr(f, x) for x in ("territory", "territory_name", "title", "priority",
                                                                   "evidence", "leads", "ids")))
                for i, f in enumerate(findings, start=1)]
    isolated = tuple(a for a in fr.isolated if a not in producers)
    if isolated:
        findings.append(Finding(
            "fragilite", len(findings) + 1, where_key, where_name,
            f"{count_fr(len(isolated), 'acteur isolé', 'acteurs isolés')} (aucun lien)", float(len(isolated)),
            ("Sans partenariat, relais, financement, adhésion, portage ni accompagnement : "
             f"{join_fr(p.names(isolated), 12)}.",),
            ("Les présenter à un catalyseur ou à une tête de réseau de leur territoire.",), isolated))
    if fr.brokers:
        matrices.append(Matrix(
            "fragilite", "courtiers", "Courtiers : qui fait le lien entre les groupes",
            "Centralité d'intermédiarité (part des plus courts chemins qui passent par l'acteur"
            + (f", estimée sur {fr.betweenness_sample} sources tirées au hasard" if fr.betweenness_sample else "")
            + ") et contrainte de Burt (faible = l'acteur relie des groupes qui ne se connaissent pas).",
            ("Acteur", "Intermédiarité", "Contrainte de Burt", "Liens", "Mondes voisins"),
            tuple((b.label, number_fr(b.betweenness, 3),
                   number_fr(b.constraint, 3) if b.constraint is not None else "—", str(b.degree),
                   join_fr(label("monde", w) for w in b.worlds)) for b in fr.brokers[:8])))
    return Section(
        "fragilite", "Fragilité de l'écosystème",
        f"Graphe des acteurs et programmes reliés par partenariat, relais, financement, adhésion, portage et "
        f"accompagnement : {count_fr(fr.nodes, 'ressource')}, {count_fr(fr.edges, 'lien')}, "
        f"{count_fr(fr.components, 'composante')} (la plus grande : {fr.largest_component}). Un point de rupture "
        f"est une ressource dont la perte couperait au moins {count_fr(settings.min_cut, 'ressource')} du reste ; un "
        "lien unique, un lien dont la perte scinde l'écosystème en deux groupes d'au moins autant.",
        "ressources coupées", tuple(findings), "Aucun point de rupture.")


def _complementarity_section(e: Ecosystem, root: TerritoryRef | None, top: int) -> Section:
    model = e.model
    findings = []
    for c in complementarities(e, root, top=top):
        a_name = model.actors[c.a].name
        b_name = model.actors[c.b].name if c.b in model.actors else model.programmes[c.b].name
        title = (f"Relier {a_name} et {b_name}" if c.kind == "acteur-acteur"
                 else f"Orienter {a_name} vers le programme {quote(b_name)}")
        findings.append(Finding("complementarites", c.rank, c.territory or "", c.territory_name or "", title,
                                c.score, c.reasons, (), (c.a, c.b, *c.needs)))
    return Section(
        "complementarites", "Complémentarités à activer",
        "Paires non reliées, sur un territoire commun, de mondes ou d'échelons différents, dont les besoins et les "
        "offres se répondent explicitement (l'un porte ou relaie un programme qui répond à un besoin que l'autre "
        "exprime), qui partagent un besoin ou dont les natures d'ingénierie se complètent ; et acteurs à orienter "
        "vers un programme qui répond à leur besoin.",
        "score", tuple(findings), "Aucune complémentarité non exploitée repérée.")


def _suggestion_section(e: Ecosystem, root: TerritoryRef | None, top: int, seed: int,
                        settings: GapSettings) -> Section:
    findings = []
    try:
        for s in suggest_links(e, top=top, territory=root, seed=seed):
            findings.append(Finding("suggestions", s.rank, s.territory or "", s.territory_name or "",
                                    f"Lien à créer : {s.a_label} – {s.b_label}", s.score, s.reasons, (), (s.a, s.b)))
        empty = "Aucune paire candidate."
    except AnalysisError as exc:
        empty = f"Prédiction impossible : {exc}."
    return Section(
        "suggestions", "Liens suggérés par la prédiction",
        "Modèle appris sur les liens existants ; son évaluation honnête (sur le classement de toutes les paires) : "
        "« ecosysteme suggerer SOURCE --evaluer ».",
        "score", tuple(findings), empty)


def label_rel(kind: str) -> str:
    """French noun of a link type (« portage » for ``porte``)."""
    from ecosysteme.vocab import LINK_TYPES

    link = LINK_TYPES.get(kind)
    return link.noun_fr if link else kind

