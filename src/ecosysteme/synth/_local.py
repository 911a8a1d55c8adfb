"""A catalyst's local ecosystem on one real EPCI: fictional actors, real territories and programmes.

The ecosystem is what a territorial catalyst would map around itself (the
PEMB experiment of the network's deck): 150-300 actors of every *monde* and
*échelon* acting on the EPCI, its communes, its département and region, plus
national actors; relations of every type; needs drawn from the 16 fragility
domains (weighted by the region's IMPACT indices); real programmes of
``data/reseau`` relayed locally next to local programmes.

Everything but the territories and the copied rows of ``data/reseau`` is
invented, and every row says so in ``provenance``. A few near-duplicate actor
names and incomplete records are planted on purpose, and some communes are
left without one nature of engineering, so that validation and gap analysis
have something to find. The same seed gives the same tables, byte for byte.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

from ecosysteme.synth._common import (
    DOMAINS,
    HEADERS,
    SynthError,
    fragility_weights,
    provenance_text,
    read_reseau,
)
from ecosysteme.synth._names import (
    ASSOCIATIONS,
    DOMAIN_NEEDS,
    LOCAL_PROGRAMMES,
    NATIONAL_ACTORS,
    SCOP_WORDS,
    SURNAMES,
    TRADES,
    de,
    slug,
)
from ecosysteme.territories import Territories, load_territories

__all__ = ["DEFAULT_EPCI", "REAL_PROGRAMMES", "gap_communes", "local_ecosystem"]

#: CA Morlaix Communauté (Finistère, Bretagne): 26 communes, 65,713 inhabitants.
DEFAULT_EPCI = "242900835"

#: Real programmes of ``data/reseau/programmes.csv`` relayed in the local ecosystem.
REAL_PROGRAMMES: tuple[str, ...] = (
    "r-france-active-accompagnement", "r-releve-solidaire", "r-avise-dla-animation", "r-fonds-i",
    "r-probonolab-engagement", "u-pana-accompagnement-numerique", "r-solidatech-centre-ressources",
    "r-riposte-creative-territoriale", "plateforme-ita",
)
_REAL_EXTRA_ACTORS = ("reseau-pionniers",)
_LEVEL_RANK = {"national": 0, "regional": 1, "departemental": 2, "intercommunal": 3, "local": 4}
_MIN_ACTORS, _MAX_ACTORS = 80, 400
_ARTICLE = re.compile(r"^(Le |La |Les |L')")


@dataclass
class _Actor:
    id: str
    name: str
    type: str
    world: str
    level: str
    refs: list[str]
    communes: set[str]
    natures: list[str] = field(default_factory=list)
    weight: float = 1.0
    role: str = ""
    needs: list[str] = field(default_factory=list)
    sdgs: list[str] = field(default_factory=list)
    website: str = ""
    description: str = ""
    alias: str = ""
    real_row: dict[str, str] | None = None
    kind: str = ""  # generic archetype, to draw another name
    home: tuple[str, str, int] | None = None
    blank: tuple[str, ...] = ()  # columns left empty on purpose (incomplete record)


@dataclass
class _Place:
    epci: str
    name: str
    label: str  # "Morlaix Communauté"
    of: str  # "de Morlaix Communauté"
    communes: list[tuple[str, str, int]]  # (code, name, population), most populous first
    dep: str
    dep_name: str
    region: str | None
    region_name: str


def _place(epci: str, territories: Territories) -> _Place:
    code = epci.split(":", 1)[1] if epci.lower().startswith("epci:") else epci
    code = code.strip()
    found = territories.get("epci", code)
    if found is None:
        raise SynthError(f"EPCI « {epci} » absent du référentiel (Etalab 6.0.0) : donnez le SIREN à 9 chiffres "
                         "d'un EPCI, par exemple 242900835 (CA Morlaix Communauté).")
    communes = []
    dep_pop: dict[str, int] = {}
    for _, c in territories.children("epci", code):
        t = territories.get("commune", c)
        pop = (t.population or 0) if t else 0
        communes.append((c, t.name if t else c, pop))
        dep = next(p[1] for p in territories.parents("commune", c) if p[0] == "departement")
        dep_pop[dep] = dep_pop.get(dep, 0) + pop
    if len(communes) < 3:
        raise SynthError(f"EPCI « {found.name} » : {len(communes)} commune(s) seulement ; choisissez un EPCI "
                         "d'au moins 3 communes.")
    communes.sort(key=lambda c: (-c[2], c[0]))
    dep = max(sorted(dep_pop), key=lambda d: dep_pop[d])
    region = territories.region_of("epci", code)
    m = re.match(r"^(?:CA|CC|CU|METRO|Métropole)\s+(du |de la |de l'|des |d'|de )?(.+)$", found.name)
    if m:
        label = m.group(2)
        of = (m.group(1) or "de ") + label if m.group(1) else de(label)
    else:
        label, of = found.name, de(found.name)
    dep_t = territories.get("departement", dep)
    region_t = territories.get("region", region) if region else None
    return _Place(code, found.name, label, of, communes, dep, dep_t.name if dep_t else dep, region,
                  region_t.name if region_t else "")


class _Builder:
    """Holds the random stream and the rows while one ecosystem is generated."""

    def __init__(self, place: _Place, seed: int, n_actors: int) -> None:
        self.place = place
        self.seed = seed
        self.n = n_actors
        self.rng = random.Random(f"ecosysteme.synth.local/{place.epci}/{seed}")
        self.prov = provenance_text(seed)
        self.actors: list[_Actor] = []
        self.ids: set[str] = set()
        self.names: set[str] = set()
        self.assoc_pool = list(ASSOCIATIONS)
        self.rng.shuffle(self.assoc_pool)
        self.relations: list[list[str]] = []
        self.rel_keys: set[tuple[str, str, str]] = set()
        self.programmes: list[list[str]] = []
        self.needs: list[dict[str, str]] = []
        self.gaps: list[str] = []

    # --- helpers ---------------------------------------------------------

    def pick_commune(self, exponent: float = 0.8) -> tuple[str, str, int]:
        communes = self.place.communes
        return self.rng.choices(communes, weights=[max(c[2], 50) ** exponent for c in communes])[0]

    def unique_id(self, base: str) -> str:
        ident = slug(base, 40)
        if ident in self.ids:
            n = 2
            while f"{ident}-{n}" in self.ids:
                n += 1
            ident = f"{ident}-{n}"
        self.ids.add(ident)
        return ident

    def add(self, name: str, type_: str, world: str, level: str, refs: list[str], communes: set[str], *,
            natures: list[str] | None = None, weight: float = 1.0, role: str = "", description: str = "",
            ident: str | None = None) -> _Actor:
        rng = self.rng
        actor = _Actor(ident or self.unique_id(name), name, type_, world, level, refs, communes,
                       natures=list(natures or []), role=role)
        self.names.add(name)
        actor.weight = min(rng.paretovariate(2.0), 8.0) * weight
        actor.description = description or self.describe(actor)
        if rng.random() < 0.45:
            actor.website = f"https://{slug(name, 40)}.example"
        return actor

    def describe(self, a: _Actor) -> str:
        where = {
            "local": "commune", "intercommunal": "intercommunalité", "departemental": "département",
            "regional": "région", "national": "France entière",
        }[a.level]
        kind = {
            "association": "association", "entreprise": "entreprise", "collectivite": "collectivité",
            "institution": "service de l'État", "financeur": "financeur", "reseau": "réseau",
            "catalyseur": "catalyseur territorial", "recherche": "structure de recherche",
        }[a.type]
        return f"Acteur fictif : {kind} de l'échelon {where}, inventé pour l'exemple."

    def commune_ref(self, commune: tuple[str, str, int]) -> list[str]:
        return [f"commune:{commune[0]}"]

    def relation(self, source: str, target: str, type_: str, amount: str = "", start: str = "",
                 end: str = "") -> bool:
        if source == target:
            return False
        key = (min(source, target), max(source, target), type_) if type_ == "partenariat" else (source, target, type_)
        if key in self.rel_keys:
            return False
        self.rel_keys.add(key)
        self.relations.append([source, target, type_, amount, start, end, self.prov])
        return True

    def date(self, first_year: int = 2018, last_year: int = 2021) -> tuple[int, int, int]:
        return (self.rng.randint(first_year, last_year), self.rng.randint(1, 12), 1 + self.rng.randrange(28))

    # --- actors ----------------------------------------------------------

    def real_rows(self) -> None:
        programmes = {row["id"]: row for row in read_reseau("programmes")}
        actors = {row["id"]: row for row in read_reseau("acteurs")}
        wanted: list[str] = []
        for pid in REAL_PROGRAMMES:
            for carrier in programmes[pid]["porteurs"].split("|"):
                if carrier and carrier not in wanted:
                    wanted.append(carrier)
        wanted.extend(a for a in _REAL_EXTRA_ACTORS if a not in wanted)
        for aid in wanted:
            row = actors[aid]
            refs = [r for r in row["territoires"].split("|") if r]
            a = _Actor(aid, row["nom"], row["type"], row["monde"], row["echelon"], refs, set(),
                       natures=[n for n in row["natures"].split("|") if n], role="reel", real_row=row)
            a.weight = 3.0
            self.ids.add(aid)
            self.names.add(row["nom"])
            self.actors.append(a)
        self.real_programme_rows = [programmes[pid] for pid in REAL_PROGRAMMES]
        needed = []
        for row in self.real_programme_rows:
            needed.extend(n for n in row["besoins"].split("|") if n and n not in needed)
        for a in self.actors:
            needed.extend(n for n in a.real_row["besoins"].split("|") if n and n not in needed)  # type: ignore[index]
        needs = {row["id"]: row for row in read_reseau("besoins")}
        self.real_need_rows = [needs[n] for n in needed]
        self.ids.update(REAL_PROGRAMMES)
        self.ids.update(needed)

    def specials(self) -> None:
        p, rng = self.place, self.rng
        main = p.communes[0]
        all_communes = {c[0] for c in p.communes}
        epci_ref = [f"epci:{p.epci}"]
        dep_ref, reg_ref = [f"departement:{p.dep}"], ([f"region:{p.region}"] if p.region else ["france"])
        assoc, coll, inv = "associations", "collectivites", "investisseurs_societaux"
        add = self.add
        out = [
            add(f"Le Maillon, catalyseur territorial {p.of}", "catalyseur", assoc, "intercommunal", epci_ref,
                all_communes, natures=["catalyse"], weight=8, role="catalyseur",
                description="Acteur fictif : le catalyseur territorial dont l'écosystème est cartographié "
                            "(sur le modèle de l'expérimentation PEMB du Réseau)."),
            add(f"Service développement économique et ESS — {p.name}", "collectivite", coll, "intercommunal",
                epci_ref, all_communes, natures=["gestion"], weight=5, role="financeur"),
            add(f"Centre intercommunal d'action sociale {p.of}", "collectivite", coll, "intercommunal", epci_ref,
                all_communes, natures=["gestion"], weight=3, role="financeur"),
            add(f"Pôle de l'économie sociale et solidaire {p.of}", "reseau", assoc, "intercommunal", epci_ref,
                all_communes, natures=["catalyse", "gestion"], weight=4, role="reseau-assos"),
            add(f"Collectif des associations {p.of}", "reseau", assoc, "intercommunal", epci_ref, all_communes,
                natures=["gestion"], weight=3, role="reseau-assos"),
            add(f"Club des entreprises {de(main[1])}", "reseau", "entreprises", "local", self.commune_ref(main),
                {main[0]}, natures=["gestion"], weight=3, role="reseau-entreprises"),
            add(f"Fonds de dotation {p.label} Solidaire", "financeur", inv, "intercommunal", epci_ref,
                all_communes, natures=["gestion"], weight=2, role="financeur"),
            add(f"Caisse solidaire {de(main[1])}", "financeur", inv, "local", self.commune_ref(main), {main[0]},
                natures=["gestion"], weight=2, role="financeur"),
            add(f"Direction départementale de l'insertion et de l'emploi ({p.dep})", "collectivite", coll,
                "departemental", dep_ref, all_communes, natures=["gestion"], weight=4, role="financeur"),
            add(f"Mission départementale vie associative et engagement ({p.dep})", "institution", "etat",
                "departemental", dep_ref, all_communes, natures=["gestion"], weight=3, role="financeur"),
            add(f"Accompagnement associatif ({p.dep}), dispositif local d'accompagnement", "association", assoc,
                "departemental", dep_ref, all_communes, natures=["gestion"], weight=3, role="accompagnateur"),
            add(f"Réseau des tiers-lieux ({p.dep})", "reseau", assoc, "departemental", dep_ref, all_communes,
                natures=["catalyse"], weight=2, role="reseau-assos"),
            add(f"Région {p.region_name} — service ESS et innovation sociale", "collectivite", coll, "regional",
                reg_ref, all_communes, natures=["gestion"], weight=4, role="financeur"),
            add(f"Fondation Solidarités {p.region_name}", "financeur", inv, "regional", reg_ref, all_communes,
                natures=["gestion"], weight=3, role="financeur"),
            add(f"Union régionale des coopératives et associations {p.region_name}", "reseau", "entreprises",
                "regional", reg_ref, all_communes, natures=["catalyse"], weight=3, role="reseau-entreprises"),
            add(f"Labo régional des coopérations {p.region_name}", "catalyseur", assoc, "regional", reg_ref,
                all_communes, natures=["catalyse"], weight=3, role="accompagnateur"),
            add("Laboratoire d'études des territoires ruraux et littoraux", "recherche", "recherche", "regional",
                reg_ref, all_communes, weight=1.5, role="accompagnateur"),
            add(f"Commissariat régional à l'innovation sociale ({p.region_name})", "institution", "etat",
                "regional", reg_ref, all_communes, natures=["gestion"], weight=2, role="financeur"),
        ]
        by_type: dict[str, list[str]] = {}
        for name, type_ in NATIONAL_ACTORS:
            by_type.setdefault(type_, []).append(name)
        for type_ in ("reseau", "financeur", "association", "recherche"):
            world = {"reseau": assoc, "financeur": inv, "association": assoc, "recherche": "recherche"}[type_]
            role = {"reseau": "reseau-assos", "financeur": "financeur", "association": "accompagnateur",
                    "recherche": "accompagnateur"}[type_]
            out.append(add(rng.choice(by_type[type_]), type_, world, "national", ["france"], all_communes,
                           weight=2.5, role=role, natures=["gestion"] if type_ != "recherche" else []))
        second, third = p.communes[1], p.communes[2]
        out += [
            add(f"Tiers-lieu La Fabrique {de(second[1])}", "catalyseur", assoc, "local", self.commune_ref(second),
                {second[0]}, natures=["catalyse", "management_projets"], weight=3, role="accompagnateur"),
            add(f"Atelier de recherche-action {de(main[1])}", "recherche", "recherche", "local",
                self.commune_ref(main), {main[0]}, natures=["management_projets"], weight=1.5, role="accompagnateur"),
            add(f"Maison France services {de(third[1])}", "institution", "etat", "local", self.commune_ref(third),
                {third[0]}, natures=["gestion"], weight=2, role="relais"),
        ]
        self.actors.extend(out)

    _COLL_KINDS = ("Centre communal d'action sociale", "Service jeunesse", "Médiathèque", "Service vie associative",
                   "Espace culturel", "Pôle petite enfance")
    _KINDS = (("asso", 0.50), ("entreprise", 0.20), ("scop", 0.06), ("collectivite", 0.07), ("asso_inter", 0.07),
              ("reseau", 0.03), ("etat", 0.02), ("asso_dep", 0.03), ("catalyseur", 0.02))

    def generic_name(self, kind: str, commune: tuple[str, str, int]) -> str | None:
        """A fresh name for a generic actor of ``kind`` on ``commune`` (None when that kind is used up there)."""
        rng, p = self.rng, self.place
        if kind == "asso":
            return f"{self.next_phrase()} {de(commune[1])}"
        if kind == "asso_inter":
            return f"{self.next_phrase()} — {p.label}"
        if kind == "asso_dep":
            return f"{self.next_phrase()} ({p.dep})"
        if kind == "entreprise":
            return f"{rng.choice(TRADES)} {rng.choice(SURNAMES)}"
        if kind == "scop":
            return f"SCOP {rng.choice(SCOP_WORDS)} {de(commune[1])}"
        if kind == "collectivite":
            options = [f"{k} {de(commune[1])}" for k in self._COLL_KINDS]
            options = [o for o in options if o not in self.names]
            return rng.choice(options) if options else None
        options = {
            "reseau": ("Comité d'animation des associations", "Maison des associations", "Office des loisirs",
                       "Union locale des parents d'élèves"),
            "etat": ("Antenne emploi et insertion", "Point d'accueil des services publics",
                     "Permanence d'accès aux droits"),
            "catalyseur": ("Fabrique de projets", "Atelier des initiatives", "Ruche des coopérations"),
        }[kind]
        free = [f"{o} {de(commune[1])}" for o in options if f"{o} {de(commune[1])}" not in self.names]
        return rng.choice(free) if free else None

    def generic(self, count: int) -> None:
        rng, p = self.rng, self.place
        for _ in range(count):
            kind = rng.choices([k for k, _ in self._KINDS], weights=[w for _, w in self._KINDS])[0]
            commune = self.pick_commune()
            name = self.generic_name(kind, commune)
            if name is None or name in self.names:
                continue
            ref, cset = self.commune_ref(commune), {commune[0]}
            level, role = "local", "beneficiaire"
            if kind in ("asso", "asso_inter", "asso_dep"):
                type_, world = "association", "associations"
                if kind == "asso_inter":
                    level = "intercommunal"
                    if rng.random() < 0.5:
                        ref, cset = [f"epci:{p.epci}"], {c[0] for c in p.communes}
                    else:
                        chosen = sorted({self.pick_commune()[0] for _ in range(rng.randint(2, 5))} | cset)
                        ref, cset = [f"commune:{c}" for c in chosen], set(chosen)
                elif kind == "asso_dep":
                    level = "departemental"
                    ref, cset = [f"departement:{p.dep}"], {c[0] for c in p.communes}
                natures = self.natures({"gestion": 0.7, "management_projets": 0.4, "catalyse": 0.05})
                if rng.random() < 0.15:
                    role = "accompagnateur"
            elif kind == "entreprise":
                type_, world = "entreprise", "entreprises"
                natures = self.natures({"gestion": 0.8, "management_projets": 0.1})
            elif kind == "scop":
                type_, world = "entreprise", "entreprises"
                natures = self.natures({"gestion": 0.6, "management_projets": 0.5})
            elif kind == "collectivite":
                type_, world = "collectivite", "collectivites"
                role = "financeur" if rng.random() < 0.4 else "relais"
                natures = self.natures({"gestion": 0.9, "management_projets": 0.3})
            elif kind == "reseau":
                type_, world, role = "reseau", "associations", "reseau-assos"
                natures = self.natures({"catalyse": 0.5, "gestion": 0.6})
            elif kind == "etat":
                type_, world, role = "institution", "etat", "relais"
                natures = ["gestion"]
            else:
                type_, world, role = "catalyseur", "associations", "accompagnateur"
                natures = self.natures({"catalyse": 0.9, "management_projets": 0.6})
            actor = self.add(name, type_, world, level, ref, cset, natures=natures, role=role)
            actor.kind, actor.home = kind, commune
            if rng.random() < 0.3:
                actor.sdgs = sorted(rng.sample(["1", "3", "4", "5", "8", "10", "11", "12", "13", "17"],
                                               rng.randint(1, 3)), key=int)
            self.actors.append(actor)

    def separate_names(self) -> None:
        """Rename generic actors whose name the duplicate finder would confuse with another one.

        Only the planted pairs must be flagged by ``ecosysteme validate``.
        """
        from types import SimpleNamespace

        from ecosysteme.io.duplicates import find_duplicate_actors

        planted = set(self.planted)
        protected = {i for pair in planted for i in pair}
        for _ in range(20):
            views = [SimpleNamespace(id=a.id, name=a.name, aliases=(), website=a.website) for a in self.actors]
            pairs = [(x, y) for x, y, _, _ in find_duplicate_actors(views) if (x, y) not in planted
                     and (y, x) not in planted]
            if not pairs:
                return
            by_id = {a.id: a for a in self.actors}
            handled: set[str] = set()
            for x, y in pairs:
                if x in handled or y in handled:
                    continue  # settled by an earlier rename; detection runs again
                victim = next((a for a in (by_id[y], by_id[x]) if a.kind and a.id not in protected), None)
                if victim is None:
                    continue
                handled.add(victim.id)
                for _attempt in range(50):
                    name = self.generic_name(victim.kind, victim.home)  # type: ignore[arg-type]
                    if name and name not in self.names:
                        break
                else:  # no other name for that kind there: drop it, the caller draws another actor
                    self.actors.remove(victim)
                    self.names.discard(victim.name)
                    continue
                self.names.add(name)  # the old name stays taken: never drawn again
                victim.name, victim.id = name, self.unique_id(name)
                if victim.website:
                    victim.website = f"https://{slug(name, 40)}.example"

    def next_phrase(self) -> str:
        if self.assoc_pool:
            return self.assoc_pool.pop()
        a, b = self.rng.sample(ASSOCIATIONS, 2)
        return f"{a.split(' ', 1)[-1].capitalize()} et {b.split(' ', 1)[-1]}"

    def natures(self, probabilities: dict[str, float]) -> list[str]:
        return [n for n in ("gestion", "management_projets", "catalyse") if self.rng.random() < probabilities.get(n, 0)]

    def plant_duplicates(self) -> list[tuple[str, str]]:
        """Near-duplicate rows (another spelling of an existing actor) and a shared website."""
        rng = self.rng
        planted: list[tuple[str, str]] = []
        locals_ = [a for a in self.actors if a.real_row is None and a.level == "local" and a.type == "association"]
        for original, variant in zip(rng.sample(locals_, 3), ("parentheses", "majuscules", "association"),
                                     strict=True):
            base, _, place = original.name.rpartition(" de ")
            if variant == "parentheses" and base:
                name = f"{re.sub(_ARTICLE, '', base)} ({place})"
            elif variant == "majuscules":
                name = _strip_accents(original.name).upper()
            else:
                name = f"Association {original.name}"
            dup = self.add(name, original.type, original.world, original.level, list(original.refs),
                           set(original.communes), natures=[], role="doublon")
            dup.weight = 0.5
            dup.description = ""
            dup.website = ""
            dup.blank = ("monde", "echelon")
            self.actors.append(dup)
            planted.append((original.id, dup.id))
        companies = [a for a in self.actors if a.kind == "entreprise"]
        original = rng.choice(companies)
        surname = original.name.split(" ", 1)[1]
        dup = self.add(f"SARL {surname} et Fils", "entreprise", "entreprises", "local", list(original.refs),
                       set(original.communes), natures=["gestion"], role="doublon")
        original.website = original.website or f"https://{slug(original.name, 40)}.example"
        dup.website = original.website.replace("https://", "https://www.")
        dup.weight = 0.5
        self.actors.append(dup)
        planted.append((original.id, dup.id))
        self.planted = planted
        return planted

    def incomplete(self) -> None:
        """Leave some records incomplete, as real spreadsheets are."""
        rng = self.rng
        fictional = [a for a in self.actors if a.real_row is None and a.role not in ("doublon", "catalyseur")]
        for a in rng.sample(fictional, max(3, len(fictional) // 14)):
            what = rng.choice(["echelon", "territoires", "description", "monde"])
            if what == "monde" and a.type not in ("catalyseur", "reseau"):
                what = "description"
            a.blank = (*a.blank, what)
            if what == "territoires":
                a.communes = set()

    def natures_gaps(self) -> None:
        """Leave communes without ``management_projets``: no actor acting on them (or above) has it."""
        p, rng = self.place, self.rng
        with_actors = sorted({c for a in self.actors if a.level == "local" for c in a.communes})
        candidates = [c[0] for c in p.communes[3:] if c[0] in with_actors]
        self.gaps = sorted(rng.sample(candidates, min(3, len(candidates))))
        for a in self.actors:
            if "management_projets" not in a.natures or a.real_row is not None:
                continue
            only_communes = all(r.startswith("commune:") for r in a.refs) and a.refs
            if not only_communes or a.communes & set(self.gaps) or "territoires" in a.blank:
                a.natures.remove("management_projets")

    # --- needs and programmes --------------------------------------------

    def make_needs(self, count: int) -> None:
        rng, p = self.rng, self.place
        weights = fragility_weights(p.region)
        used: set[tuple[str, str]] = set()
        local_actors = [a for a in self.actors if a.real_row is None and a.level in ("local", "intercommunal")
                        and a.role != "doublon"]
        for i in range(count):
            domain = rng.choices(DOMAINS, weights=weights)[0]
            label, theme = rng.choice(DOMAIN_NEEDS[domain])
            if rng.random() < 0.6:
                commune = self.pick_commune(0.6)
                ref, where = f"commune:{commune[0]}", commune[1]
                cset = {commune[0]}
            else:
                ref, where, cset = f"epci:{p.epci}", p.label, {c[0] for c in p.communes}
            if (label, where) in used:
                continue
            used.add((label, where))
            ident = self.unique_id(f"bes-{domain.replace('_', '-')}-{i + 1}")
            need = {"id": ident, "libelle": f"{label} ({where})", "theme": theme, "domaine": domain,
                    "territoires": ref, "description": "Besoin fictif, tiré des domaines de fragilité IMPACT.",
                    "provenance": self.prov, "_communes": cset, "_orphan": ""}
            self.needs.append(need)
            holders = [a for a in local_actors if a.communes & cset and a.type != "institution"]
            for a in rng.sample(holders, min(len(holders), rng.randint(1, 3))):
                a.needs.append(ident)
        # about a quarter of the needs get no answer at all: holes in the net
        for need in rng.sample(self.needs, max(2, len(self.needs) // 4)):
            need["_orphan"] = "1"

    def make_programmes(self, count: int) -> None:
        rng, p = self.rng, self.place
        carriers = [a for a in self.actors if a.real_row is None and a.role != "doublon"
                    and a.level in ("local", "intercommunal") and a.type in ("association", "collectivite",
                                                                             "catalyseur", "reseau")]
        answerable = [n for n in self.needs if not n["_orphan"]]
        self.local_programmes: list[dict[str, str]] = []
        for name, domain, theme, axis in rng.sample(LOCAL_PROGRAMMES, min(count, len(LOCAL_PROGRAMMES))):
            carrier = rng.choices(carriers, weights=[a.weight for a in carriers])[0]
            if carrier.level == "local" and carrier.refs:
                commune = next(c for c in p.communes if f"commune:{c[0]}" == carrier.refs[0])
                lieu, refs, level = de(commune[1]), carrier.refs[:1], "local"
            else:
                lieu, refs, level = p.of, [f"epci:{p.epci}"], "intercommunal"
            title = name.format(lieu=lieu)
            ident = self.unique_id(f"prog-{title}")
            fitting = [n for n in answerable if n["domaine"] == domain] or answerable
            chosen = rng.sample(fitting, min(len(fitting), rng.randint(1, 2)))
            in_column = rng.random() < 0.5
            row = {"id": ident, "nom": title, "porteurs": carrier.id, "themes": theme,
                   "besoins": "|".join(n["id"] for n in chosen) if in_column else "", "axe": axis,
                   "echelon": level, "territoires": "|".join(refs), "sous_section": "",
                   "description": "Programme fictif porté localement.",
                   "lien": f"https://{slug(title, 40)}.example" if rng.random() < 0.5 else "",
                   "provenance": self.prov, "_carrier_level": carrier.level}
            self.local_programmes.append(row)
            if not in_column:
                for n in chosen:
                    self.relation(ident, n["id"], "repond_a")

    # --- relations -------------------------------------------------------

    def weighted(self, pool: list[_Actor], k: int = 1, bias: dict[str, float] | None = None,
                 source: _Actor | None = None, power: float = 1.0) -> list[_Actor]:
        weights = []
        for a in pool:
            w = a.weight ** power
            if source is not None:
                if a.world and a.world == source.world:
                    w *= 2.5
                if a.communes & source.communes and a.level == "local":
                    w *= 3
            if bias:
                w *= bias.get(a.type, 1.0)
            weights.append(w)
        return self.rng.choices(pool, weights=weights, k=k)

    def make_relations(self) -> None:
        rng, n = self.rng, len(self.actors)
        fict = [a for a in self.actors if a.real_row is None and a.role != "doublon"]
        real = {a.id: a for a in self.actors if a.real_row is not None}
        by_role: dict[str, list[_Actor]] = {}
        for a in fict:
            by_role.setdefault(a.role, []).append(a)
        catalyst = by_role["catalyseur"][0]
        nets_assos = by_role.get("reseau-assos", [])
        nets_ent = by_role.get("reseau-entreprises", [])
        real_funders = [real[r] for r in ("france-active", "banque-des-territoires", "fondation-carrasso",
                                          "fondation-caritas", "caisse-des-depots", "ag2r-la-mondiale")
                        if r in real]
        funders = by_role.get("financeur", []) + real_funders
        helpers = by_role.get("accompagnateur", []) + nets_assos + [catalyst]
        beneficiaries = [a for a in fict if a.type in ("association", "entreprise", "catalyseur")
                         and a.level in ("local", "intercommunal")]
        everyone = fict + list(real.values())

        # membre_de: actors join the networks of their world; the catalyst joins the national network
        self.relation(catalyst.id, "reseau-pionniers", "membre_de", start=_fr(2016, 3, 14))
        for a in fict:
            if a.type == "reseau" and a.level in ("local", "intercommunal") and rng.random() < 0.7:
                targets = [t for t in nets_assos + nets_ent if _LEVEL_RANK[t.level] < _LEVEL_RANK[a.level]]
                if targets:
                    self.relation(a.id, self.weighted(targets)[0].id, "membre_de")
                continue
            if a.type in ("association", "catalyseur") and rng.random() < 0.45 and nets_assos:
                target = self.weighted([t for t in nets_assos if t is not a], source=a, power=0.5)[0]
                self.relation(a.id, target.id, "membre_de")
            elif a.type == "entreprise" and rng.random() < 0.4 and nets_ent:
                self.relation(a.id, self.weighted(nets_ent, source=a, power=0.5)[0].id, "membre_de")

        # partenariat: preferential attachment, homophily by world, proximity by commune
        for _ in range(round(0.9 * n)):
            source = self.weighted(everyone)[0] if rng.random() < 0.5 else rng.choice(fict)
            target = self.weighted([a for a in everyone if a is not source], source=source)[0]
            start = ""
            if rng.random() < 0.3:
                y, m, d = self.date(2014, 2021)
                start = _fr(y, m, d)
            self.relation(source.id, target.id, "partenariat", start=start)

        # financement: funders give plausible amounts to actors and local programmes
        programme_ids = [row["id"] for row in self.local_programmes]
        for _ in range(round(0.32 * n)):
            funder = self.weighted(funders)[0]
            if rng.random() < 0.3 and programme_ids:
                target_id = rng.choice(programme_ids)
            else:
                target_id = self.weighted(beneficiaries, source=funder)[0].id
            self.relation(funder.id, target_id, "financement", *self.funding(funder))

        # accompagne: catalysts, networks, the DLA and research accompany associations and companies
        for _ in range(round(0.25 * n)):
            helper = self.weighted(helpers)[0]
            target = self.weighted([a for a in beneficiaries if a is not helper], source=helper)[0]
            start = ""
            if rng.random() < 0.5:
                y, m, d = self.date(2019, 2021)
                start = _fr(y, m, d)
            self.relation(helper.id, target.id, "accompagne", start=start)

        # relais: local relays ("têtes de pont") of the real programmes and of the local ones
        relays = [a for a in fict if a.level in ("local", "intercommunal", "departemental")
                  and a.type in ("reseau", "catalyseur", "association", "collectivite", "institution")]
        self.relation(catalyst.id, "plateforme-ita", "relais")
        for pid in REAL_PROGRAMMES:
            for relay in self.weighted(relays, k=rng.randint(1, 5),
                                       bias={"reseau": 3, "catalyseur": 3, "institution": 2}):
                self.relation(relay.id, pid, "relais")
        for row in self.local_programmes:
            for relay in self.weighted(relays, k=rng.randint(0, 3)):
                self.relation(relay.id, row["id"], "relais")
        for _ in range(round(0.04 * n)):
            relay = self.weighted(relays)[0]
            target = self.weighted([a for a in everyone if _LEVEL_RANK.get(a.level, 0) <
                                    _LEVEL_RANK[relay.level]])[0]
            self.relation(relay.id, target.id, "relais")

        # porte: co-carriers of local programmes (the main carrier is in programmes.porteurs)
        carriers = [a for a in fict if a.level in ("local", "intercommunal") and a.type != "entreprise"]
        for row in self.local_programmes:
            if rng.random() < 0.5:
                co = self.weighted([a for a in carriers if a.id != row["porteurs"]])[0]
                self.relation(co.id, row["id"], "porte")

        # repond_a: some actors answer needs of their communes (orphan needs stay unanswered)
        answerers = [a for a in fict if a.type in ("association", "catalyseur", "collectivite", "entreprise")]
        for need in self.needs:
            if need["_orphan"] or rng.random() < 0.5:
                continue
            near = [a for a in answerers if a.communes & need["_communes"]]  # type: ignore[operator]
            if near:
                self.relation(self.weighted(near)[0].id, need["id"], "repond_a")

    def funding(self, funder: _Actor) -> tuple[str, str, str]:
        rng = self.rng
        scale = {"national": 60000, "regional": 30000, "departemental": 15000, "intercommunal": 8000,
                 "local": 3000}.get(funder.level, 10000)
        amount = round(scale * rng.lognormvariate(0, 0.8) / 500) * 500 or 500
        text = f"{amount:,}".replace(",", " ") if rng.random() < 0.3 else str(amount)
        if rng.random() < 0.08:
            return "", "", ""  # amount and dates unknown: an incomplete record
        y, m, d = self.date(2019, 2021)
        end = _fr(y + rng.randint(1, 3), m, d) if rng.random() < 0.8 else ""
        return text, _fr(y, m, d), end

    # --- output ----------------------------------------------------------

    def tables(self) -> dict[str, list[list[str]]]:
        p, prov = self.place, self.prov
        territoires = [HEADERS["territoires"], [f"epci:{p.epci}", p.name]]
        territoires += [[f"commune:{c[0]}", c[1]] for c in sorted(p.communes)]

        def real_provenance(table: str, row: dict[str, str]) -> str:
            return f"{prov} ; ligne réelle reprise de data/reseau/{table}.csv (source : {row['provenance']})"

        acteurs = [HEADERS["acteurs"]]
        for a in self.actors:
            if a.real_row is not None:
                r = a.real_row
                acteurs.append([r["id"], r["nom"], r["type"], r["monde"], r["echelon"], r["natures"],
                                r["territoires"], r["besoins"], "", r["site_web"], r["description"],
                                r.get("alias", ""), real_provenance("acteurs", r)])
                continue
            cells = {"id": a.id, "nom": a.name, "type": a.type, "monde": a.world, "echelon": a.level,
                     "natures": "|".join(a.natures), "territoires": "|".join(a.refs), "besoins": "|".join(a.needs),
                     "odd": "|".join(a.sdgs), "site_web": a.website, "description": a.description,
                     "alias": a.alias, "provenance": prov}
            for column in a.blank:
                cells[column] = ""
            acteurs.append([cells[h] for h in HEADERS["acteurs"]])
        besoins = [HEADERS["besoins"]]
        for r in self.real_need_rows:
            besoins.append([r["id"], r["libelle"], r["theme"], r["domaine"], r["territoires"], r["description"],
                            real_provenance("besoins", r)])
        besoins += [[n[h] for h in HEADERS["besoins"]] for n in self.needs]  # type: ignore[misc]
        programmes = [HEADERS["programmes"]]
        for r in self.real_programme_rows:
            programmes.append([r[h] if h != "provenance" else real_provenance("programmes", r)
                               for h in HEADERS["programmes"]])
        programmes += [[row[h] for h in HEADERS["programmes"]] for row in self.local_programmes]
        relations = [HEADERS["relations"], *self.relations]
        # the dataset declares itself fictional (table « jeu »): every page and export built from it says so
        jeu = [["titre", "description", "fictif", "source", "producteur"],
               [f"Écosystème local fictif de {territoires[1][1]}",
                "Exemple généré : acteurs inventés, relations, montants, dates, besoins et programmes locaux "
                "inventés.", "oui", self.prov, "ecosysteme.synth"]]
        return {"territoires": territoires, "acteurs": acteurs, "besoins": besoins, "programmes": programmes,
                "relations": relations, "jeu": jeu}


def _fr(year: int, month: int, day: int) -> str:
    return f"{day:02d}/{month:02d}/{year}"


def _strip_accents(text: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def _build(epci: str, seed: int, n_actors: int) -> _Builder:
    if not _MIN_ACTORS <= n_actors <= _MAX_ACTORS:
        raise SynthError(f"un écosystème local compte de {_MIN_ACTORS} à {_MAX_ACTORS} acteurs "
                         f"({n_actors} demandés).")
    place = _place(epci, load_territories())
    b = _Builder(place, seed, n_actors)
    b.real_rows()
    b.specials()
    b.generic(n_actors - len(b.actors) - 4)
    while len(b.actors) < n_actors - 4:  # a name collision skipped a draw: draw again
        b.generic(n_actors - 4 - len(b.actors))
    b.plant_duplicates()
    for _ in range(10):
        b.separate_names()
        if len(b.actors) == n_actors:
            break
        b.generic(n_actors - len(b.actors))
    else:
        raise RuntimeError("could not draw enough distinct actor names")  # pragma: no cover
    b.incomplete()
    b.natures_gaps()
    b.make_needs(max(12, n_actors // 7))
    b.make_programmes(max(8, n_actors // 16))
    b.make_relations()
    return b


def local_ecosystem(epci: str = DEFAULT_EPCI, *, seed: int = 2020, n_actors: int = 220) -> dict[str, list[list[str]]]:
    """Generate a catalyst's local ecosystem on a real EPCI.

    Parameters
    ----------
    epci : str
        SIREN of a real EPCI (``242900835`` or ``epci:242900835``); by default
        CA Morlaix Communauté.
    seed : int
        Seed of the random stream; the same seed gives byte-identical tables.
    n_actors : int
        Number of actor rows (80 to 400), including the real actors copied
        from ``data/reseau`` and the planted near-duplicates.

    Returns
    -------
    dict
        ``{"territoires", "acteurs", "besoins", "programmes", "relations"}``,
        each ``[header, *rows]`` of strings in the input format.

    Raises
    ------
    SynthError
        For an unknown EPCI, one with fewer than 3 communes, or a size out of range.
    """
    return _build(epci, seed, n_actors).tables()


def gap_communes(epci: str = DEFAULT_EPCI, *, seed: int = 2020, n_actors: int = 220) -> list[str]:
    """INSEE codes of the communes deliberately left without ``management_projets``."""
    return list(_build(epci, seed, n_actors).gaps)
