"""The secretariat's gap report as data: every finding with its evidence, ready for any writer.

:func:`build_gap_report` runs the analyses of :mod:`ecosysteme.analysis` on
one model (optionally one territory) and turns their results into
:class:`Finding` rows grouped in :class:`Section` objects, all text in French.
The HTML, Markdown and CSV writers only format this structure, so the three
files always hold the same findings.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ecosysteme.analysis import (
    AnalysisError,
    complementarities,
    coverage,
    ecosystem_fragility,
    engineering,
    engineering_gaps,
    relay_gaps,
    suggest_links,
    world_gaps,
    world_matrices,
)
from ecosysteme.analysis._scope import Scope, as_ref
from ecosysteme.analysis.complementarity import complementary_pairs
from ecosysteme.ecosystem import Ecosystem, as_ecosystem
from ecosysteme.model import Model, TerritoryRef, format_ref
from ecosysteme.text import join_fr, label, number_fr, quote

__all__ = ["Finding", "GapReport", "Matrix", "Section", "build_gap_report"]


@dataclass(frozen=True)
class Finding:
    """One row of the report.

    Attributes
    ----------
    section : str
        Section key (``couverture``, ``relais``, ``mondes``, ``ingenierie``,
        ``fragilite``, ``complementarites``, ``suggestions``).
    rank : int
    territory, territory_name : str
        Key and name ("" when the finding is not territorial).
    title : str
        The finding in one French sentence.
    priority : float or None
        What the rank is based on (0-10 fragility, resources cut off, score …).
    evidence : tuple of str
    leads : tuple of str
        Who or what could close it.
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
    """A small table shown as is (coverage, worlds, engineering, communities), after its section."""

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

    @property
    def findings(self) -> list[Finding]:
        return [f for s in self.sections for f in s.findings]


def _names(model: Model, ids, limit: int = 5) -> str:
    return join_fr((model.actors[a].name if a in model.actors else model.programmes[a].name for a in ids), limit)


def _relay_digest(model: Model, sc: Scope, gaps_by_territory: dict[str, list]) -> Matrix:
    """One row per territory with relay gaps: how many, who is there, who could close the most of them."""
    rows, hl = [], set()
    ordered = sorted(gaps_by_territory.items(), key=lambda item: (-len(item[1]), item[1][0].rank))
    for r, (key, gaps) in enumerate(ordered):
        present = len(sc.actors_present(as_ref(key)))
        closers: dict[str, int] = {}
        for g in gaps:
            for actor in g.all_candidates:
                closers[actor] = closers.get(actor, 0) + 1
        best = sorted(closers.items(), key=lambda item: (-item[1], item[0]))
        leads = join_fr((f"{model.actors[a].name} ({n} programme{'s' if n > 1 else ''})" for a, n in best), 3)
        needs = {n for g in gaps for n in g.needs}
        rows.append((gaps[0].territory_name, str(len(gaps)), str(len(needs)), str(present), leads or "—"))
        if not best:
            hl.add((r, 4))
    return Matrix(
        "relais", "synthese-relais", "Synthèse : programmes sans relais par territoire",
        "Pour chaque territoire, le nombre de programmes sans relais, les besoins exprimés qu'ils laissent sans "
        "relais local, les acteurs présents et les relais possibles qui fermeraient le plus de ces trous (en "
        "rouge : aucun relais possible parmi les acteurs présents). Le détail suit, programme par programme.",
        ("Territoire", "Programmes sans relais", "Besoins concernés", "Acteurs présents",
         "Relais possibles (programmes qu'ils pourraient relayer)"),
        tuple(rows), frozenset(hl), first=True)


def build_gap_report(ecosystem: Ecosystem | Model, territory: TerritoryRef | str | None = None, *,
                     complementarity_top: int = 50, suggestions: int = 10, seed: int = 0) -> GapReport:
    """Run every gap analysis and collect the findings.

    Parameters
    ----------
    ecosystem : Ecosystem (or Model)
    territory : str or (str, str), optional
        Focus on this territory and the model's territories inside it.
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
    model, sc = e.model, e.scope
    root = as_ref(territory) if territory is not None else None
    analysed = sc.analysed(root)
    notes: list[str] = []
    sections: list[Section] = []
    matrices: list[Matrix] = []

    # 1. coverage
    cov = coverage(e, root)
    findings = []
    for g in cov.gaps:
        need = model.needs[g.need]
        leads = tuple(f"{model.actors[a].name} : {why}" for a, why in g.closers)
        findings.append(Finding("couverture", g.rank, g.territory, g.territory_name,
                                f"Besoin {quote(need.label)} non couvert sur {g.territory_name}", g.fragility,
                                g.evidence, leads, (g.need, *(p for p, _ in g.nearby), *(a for a, _ in g.closers))))
    sections.append(Section(
        "couverture", "Besoins non couverts",
        "Un besoin est couvert sur un territoire quand un programme qui atteint ce territoire (directement ou "
        "depuis un territoire qui le contient : un programme national atteint toute la France) y répond, par un "
        "lien « répond à » ou par son thème. Classement : fragilité de la région sur le domaine du besoin "
        "(indices IMPACT, 10 = région la plus critique), puis population.",
        "fragilité /10", tuple(findings), "Tous les besoins des territoires étudiés sont couverts."))
    theme_cols = [t for t in cov.themes if any(cov.cells[(k, t)].needs or cov.cells[(k, t)].programmes
                                               for k in cov.territories)]
    rows, hl = [], set()
    for r, key in enumerate(cov.territories):
        row = [sc.name(as_ref(key))]
        for c, t in enumerate(theme_cols):
            cell = cov.cells[(key, t)]
            text = str(len(cell.programmes))
            if cell.needs:
                text += f" ({len(cell.needs)} besoin{'s' if len(cell.needs) > 1 else ''}"
                text += f", {len(cell.uncovered)} non couvert{'s' if len(cell.uncovered) > 1 else ''})" \
                    if cell.uncovered else ")"
            if cell.uncovered:
                hl.add((r, c + 1))
            row.append(text)
        rows.append(tuple(row))
    if theme_cols:
        matrices.append(Matrix(
            "couverture", "matrice-couverture", "Couverture : territoires × thèmes de besoins",
            "Nombre de programmes qui atteignent le territoire et répondent au thème ; entre parenthèses, les "
            "besoins de ce thème qui concernent le territoire. Les cases en rouge contiennent un besoin non couvert.",
            ("Territoire", *(label("theme", t) for t in theme_cols)), tuple(rows), frozenset(hl)))
    if cov.fragility.skipped:
        notes.append("Indices IMPACT écartés du classement : " + join_fr(
            f"{code} ({why})" for code, why in cov.fragility.skipped.items()) + ".")
    if not cov.fragility.scores:
        notes.append("Aucun indice de fragilité régional : les trous sont classés par population seulement.")

    # 2. relays
    findings = []
    gaps_by_territory: dict[str, list] = {}
    for g in relay_gaps(e, root):
        prog = model.programmes[g.programme]
        gaps_by_territory.setdefault(g.territory, []).append(g)
        leads = tuple(f"{model.actors[a].name} : {why}" for a, why in g.candidates)
        findings.append(Finding("relais", g.rank, g.territory, g.territory_name,
                                f"{quote(prog.name)} sans relais sur {g.territory_name}", g.priority, g.evidence,
                                leads, (g.programme, *g.needs, *(a for a, _ in g.candidates))))
    if gaps_by_territory:
        matrices.append(_relay_digest(model, sc, gaps_by_territory))
    sections.append(Section(
        "relais", "Programmes sans relais (le « dernier kilomètre »)",
        "Programmes qui atteignent un territoire où s'exprime un besoin auquel ils répondent, mais qu'aucun acteur "
        "présent sur ce territoire ne relaie ni ne porte. Relais possibles : catalyseurs, têtes de réseau, membres "
        "d'un réseau, acteurs qui relaient déjà d'autres programmes.",
        "fragilité /10", tuple(findings), "Chaque programme a un relais sur chaque territoire étudié."))

    # 3. worlds
    analysed_set = set(analysed)
    pair_leads: dict[tuple, list[str]] = {}  # (territory, worlds) -> the 3 best complementary pairs there
    for a, b, score in complementary_pairs(e):  # best first
        if b not in model.actors:
            continue
        worlds = frozenset((model.actors[a].world, model.actors[b].world))
        for ref in (sc.actor_zone[a] & sc.actor_zone[b]) & analysed_set:
            leads = pair_leads.setdefault((ref, worlds), [])
            if len(leads) < 3:
                leads.append(f"{model.actors[a].name} ↔ {model.actors[b].name} (complémentarité, score "
                             f"{number_fr(score, 2)})")
    findings = []
    for g in world_gaps(e, root):
        w1, w2 = g.world1, g.world2
        leads = pair_leads.get((as_ref(g.territory), frozenset((w1, w2))), [])
        findings.append(Finding("mondes", g.rank, g.territory, g.territory_name,
                                f"Les mondes {quote(label('monde', w1))} et {quote(label('monde', w2))} ne se "
                                f"rencontrent pas sur {g.territory_name}", g.priority, g.evidence, tuple(leads),
                                (*g.actors1, *g.actors2)))
    sections.append(Section(
        "mondes", "Mondes qui ne se rencontrent pas",
        "Sur chaque territoire, les couples de mondes présents (acteurs présents sur le territoire) sans aucun "
        "lien de partenariat, relais, financement, accompagnement ou adhésion entre leurs acteurs.",
        "fragilité /10", tuple(findings), "Sur chaque territoire étudié, tous les mondes présents se rencontrent."))
    for m in world_matrices(e, root):
        if len(m.worlds) < 2:
            continue
        rows, hl = [], set()
        for r, w1 in enumerate(m.worlds):
            row = [label("monde", w1)]
            for c, w2 in enumerate(m.worlds):
                n = m.count(w1, w2)
                row.append(str(n) if w1 != w2 else f"({n})")
                if w1 != w2 and n == 0:
                    hl.add((r, c + 1))
            rows.append(tuple(row))
        matrices.append(Matrix(
            "mondes", f"mondes-{m.territory.replace(':', '-')}", f"Liens entre mondes : {m.territory_name}",
            "Nombre de liens entre acteurs présents, par couple de mondes ; entre parenthèses, les liens internes "
            "à un monde. En rouge : des mondes qui ne se rencontrent pas.",
            ("Monde", *(label("monde", w) for w in m.worlds)), tuple(rows), frozenset(hl)))

    # 4. engineering
    findings = []
    for g in engineering_gaps(e, root):
        findings.append(Finding("ingenierie", g.rank, g.territory, g.territory_name,
                                f"Aucun acteur n'apporte l'ingénierie {quote(label('nature', g.nature))} sur "
                                f"{g.territory_name}", g.priority, g.evidence, (), (g.nature,)))
    sections.append(Section(
        "ingenierie", "Ingénierie manquante",
        "Les trois natures d'ingénierie : gestion, management de projets transversaux, catalyse. Un acteur compte "
        "sur un territoire s'il y intervient ou intervient sur un territoire qu'il contient.",
        "fragilité /10", tuple(findings), "Les trois natures d'ingénierie sont présentes sur chaque territoire."))
    eng_rows = engineering(e, root)
    if eng_rows:
        natures = list(eng_rows[0].by_nature)
        rows, hl = [], set()
        for r, row in enumerate(eng_rows):
            cells = [row.territory_name, str(row.actors)]
            for c, n in enumerate(natures):
                cells.append(str(len(row.by_nature[n])))
                if not row.by_nature[n]:
                    hl.add((r, c + 2))
            cells.append(str(len(row.without_nature)))
            rows.append(tuple(cells))
        matrices.append(Matrix(
            "ingenierie", "matrice-ingenierie", "Natures d'ingénierie par territoire",
            "Nombre d'acteurs présents qui déclarent chaque nature. En rouge : une nature absente.",
            ("Territoire", "Acteurs présents", *(label("nature", n) for n in natures), "Sans nature déclarée"),
            tuple(rows), frozenset(hl)))

    # 5. fragility of the ecosystem itself
    nodes = None
    if root is not None:
        present = set(sc.actors_present(root))
        nodes = present | {p for p in model.programmes
                           if (sc.carriers[p] | sc.relays[p] | sc.funders[p]) & present}
    fr = ecosystem_fragility(e, nodes=nodes, seed=seed)
    where_name = sc.name(root) if root is not None else ""
    where_key = format_ref(root) if root is not None else ""
    findings = []
    rank = 0
    for c in fr.cut_vertices:
        rank += 1
        what = "l'acteur" if c.kind == "acteur" else "le programme"
        findings.append(Finding(
            "fragilite", rank, where_key, where_name,
            f"Point de défaillance unique : {c.label} (sa disparition couperait {c.cut_off} ressource"
            f"{'s' if c.cut_off > 1 else ''} du reste)", float(c.cut_off),
            (f"Sans {what} {quote(c.label)}, son groupe se scinde en {len(c.parts)} morceaux de "
             f"{join_fr(str(p) for p in c.parts)} ressources.",),
            ("Doubler ses liens : relier directement les ressources qui ne tiennent que par lui.",), (c.node,)))
    for b in fr.bridges:
        if b.leaf:
            continue
        rank += 1
        lu = model.actors[b.u].name if b.u in model.actors else model.programmes[b.u].name
        lv = model.actors[b.v].name if b.v in model.actors else model.programmes[b.v].name
        findings.append(Finding(
            "fragilite", rank, where_key, where_name,
            f"Lien unique entre deux groupes : {lu} – {lv}", float(b.sides[0]),
            (f"Ce lien ({join_fr(label_rel(t) for t in b.types)}) est le seul entre un groupe de {b.sides[0]} "
             f"et un groupe de {b.sides[1]} ressources.",),
            ("Créer un second lien entre ces deux groupes.",), (b.u, b.v)))
    if fr.isolated:
        rank += 1
        findings.append(Finding(
            "fragilite", rank, where_key, where_name,
            f"{len(fr.isolated)} acteur{'s' if len(fr.isolated) > 1 else ''} isolé{'s' if len(fr.isolated) > 1 else ''}"
            " (aucun lien)", float(len(fr.isolated)),
            (f"Sans partenariat, relais, financement, adhésion, portage ni accompagnement : "
             f"{_names(model, fr.isolated, 12)}.",),
            ("Les présenter à un catalyseur ou à une tête de réseau de leur territoire.",), fr.isolated))
    if fr.orphan_programmes:
        rank += 1
        findings.append(Finding(
            "fragilite", rank, where_key, where_name,
            f"{len(fr.orphan_programmes)} programme{'s' if len(fr.orphan_programmes) > 1 else ''} sans porteur ni "
            "relais connu", float(len(fr.orphan_programmes)),
            (f"Aucun acteur de l'inventaire n'y est relié : {_names(model, fr.orphan_programmes, 12)}.",),
            ("Compléter l'inventaire : qui porte ces programmes ?",), fr.orphan_programmes))
    sections.append(Section(
        "fragilite", "Fragilité de l'écosystème",
        f"Graphe des acteurs et programmes reliés par partenariat, relais, financement, adhésion, portage et "
        f"accompagnement : {fr.nodes} ressources, {fr.edges} liens, {fr.components} composante"
        f"{'s' if fr.components > 1 else ''} (la plus grande : {fr.largest_component}). Points de défaillance "
        "unique : ressources dont la perte scinde l'écosystème ; liens uniques : liens dont la perte le scinde "
        "(sans compter ceux qui ne retiennent qu'une seule ressource).",
        "ressources coupées", tuple(findings), "Aucun point de défaillance unique."))
    if fr.brokers:
        matrices.append(Matrix(
            "fragilite", "courtiers", "Courtiers : qui fait le lien entre les groupes",
            "Centralité d'intermédiarité (part des plus courts chemins qui passent par l'acteur"
            + (f", estimée sur {fr.betweenness_sample} sources tirées au hasard" if fr.betweenness_sample else "")
            + ") et contrainte de Burt (faible = l'acteur relie des groupes qui ne se connaissent pas).",
            ("Acteur", "Intermédiarité", "Contrainte de Burt", "Liens", "Mondes voisins"),
            tuple((b.label, number_fr(b.betweenness, 3),
                   number_fr(b.constraint, 3) if b.constraint is not None else "—", str(b.degree),
                   join_fr(label("monde", w) for w in b.worlds)) for b in fr.brokers)))
    if fr.communities:
        matrices.append(Matrix(
            "fragilite", "communautes", "Communautés (Louvain) et mixité des mondes",
            "Groupes de ressources plus liées entre elles qu'avec le reste. Mixité : indice de Gini-Simpson des "
            "mondes des acteurs (0 = un seul monde)."
            + (f" Assortativité des mondes sur les liens entre acteurs : {number_fr(fr.world_assortativity, 2)} "
               "(1 = chacun reste dans son monde, 0 = liens au hasard, négatif = les mondes se mêlent)."
               if fr.world_assortativity is not None else ""),
            ("N°", "Acteurs", "Programmes", "Mondes", "Monde dominant", "Mixité", "Exemples"),
            tuple((str(c.index), str(c.actors), str(c.programmes),
                   join_fr(f"{label('monde', w, 'sans monde')} {n}" for w, n in c.worlds.items()),
                   label("monde", c.dominant, "—"), number_fr(c.diversity, 2),
                   _names(model, [m for m in c.members if m in model.actors][:4] or c.members[:4], 4))
                  for c in fr.communities)))

    # 6. complementarities
    findings = []
    for c in complementarities(e, root, top=complementarity_top):
        a_name = model.actors[c.a].name
        b_name = model.actors[c.b].name if c.b in model.actors else model.programmes[c.b].name
        title = (f"Relier {a_name} et {b_name}" if c.kind == "acteur-acteur"
                 else f"Orienter {a_name} vers le programme {quote(b_name)}")
        findings.append(Finding("complementarites", c.rank, c.territory or "", c.territory_name or "", title,
                                c.score, c.reasons, (), (c.a, c.b, *c.needs)))
    sections.append(Section(
        "complementarites", "Complémentarités à activer",
        "Paires non reliées, sur un territoire commun, de mondes ou d'échelons différents, dont les besoins et "
        "les offres se répondent (l'un porte ou relaie un programme qui répond à un besoin que l'autre exprime), "
        "qui partagent un besoin ou dont les natures d'ingénierie se complètent ; et acteurs à orienter vers un "
        "programme qui répond à leur besoin sur leur territoire. Score : correspondance besoin-offre 3, besoin "
        "partagé 1, ingénieries complémentaires 1, mondes différents 1, échelons différents 0,5, plus 0 à 1 selon "
        "la finesse du territoire commun.",
        "score", tuple(findings), "Aucune complémentarité non exploitée repérée."))

    # 7. predicted links
    if suggestions:
        findings = []
        try:
            for s in suggest_links(e, top=suggestions, territory=root, seed=seed):
                findings.append(Finding("suggestions", s.rank, s.territory or "", s.territory_name or "",
                                        f"Lien à créer : {s.a_label} – {s.b_label}", s.score, s.reasons, (),
                                        (s.a, s.b)))
            empty = "Aucune paire candidate."
        except AnalysisError as exc:
            empty = f"Prédiction impossible : {exc}."
        sections.append(Section(
            "suggestions", "Liens suggérés par la prédiction",
            "Modèle appris sur les liens existants (voisins communs, Adamic-Adar, allocation de ressources, "
            "attachement préférentiel, communautés, mondes, échelons, territoires et besoins partagés). Pour les "
            "suggestions sur tout l'écosystème et l'évaluation du modèle : « ecosysteme suggest --evaluate ».",
            "score", tuple(findings), empty))

    counts = {s.key: len(s.findings) for s in sections}
    summary = (
        ("Territoires étudiés", str(len(analysed))),
        ("Acteurs", str(len(model.actors))),
        ("Programmes", str(len(model.programmes))),
        ("Besoins", str(len(model.needs))),
        ("Besoins non couverts", str(counts["couverture"])),
        ("Programmes sans relais", str(counts["relais"])),
        ("Mondes qui ne se rencontrent pas", str(counts["mondes"])),
        ("Natures d'ingénierie manquantes", str(counts["ingenierie"])),
        ("Complémentarités", str(counts["complementarites"])),
    )
    return GapReport(model.dataset, format_ref(root) if root else None, sc.name(root) if root else None,
                     tuple(format_ref(r) for r in analysed), summary, tuple(sections), tuple(matrices), tuple(notes))


def label_rel(kind: str) -> str:
    """French noun of a link type (« portage » for ``porte``)."""
    from ecosysteme.vocab import LINK_TYPES

    link = LINK_TYPES.get(kind)
    return link.noun_fr if link else kind
