"""French administrative territories (INSEE codes) and their hierarchy.

The reference data lives in ``data/territoires/`` (built by
``scripts/build_territoires.py`` from the npm package
``@etalab/decoupage-administratif`` 6.0.0).  This module only uses the
standard library.

Levels, from the widest to the finest::

    pays ("FR") > region > departement > epci > commune

The graph is not a tree: an EPCI may span several départements (and even
several regions).  Direct parents are:

- ``commune``     -> its EPCI (if any) and its département;
- ``epci``        -> every département holding at least one member commune;
- ``departement`` -> its region;
- ``region``      -> the country ``("pays", "FR")``;
- ``pays``        -> nothing.

Transitive queries (:meth:`Territories.ancestors`,
:meth:`Territories.descendants`) follow *containment*: the commune -> EPCI
edge is never chained with the EPCI -> département edge, so a commune's
ancestors hold exactly one département and one region (its own), even when
its EPCI also covers a neighbouring département.
"""

from __future__ import annotations

import csv
import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ecosysteme.model import format_ref

__all__ = [
    "COUNTRY_CODE",
    "FRANCE",
    "LEVELS",
    "LEVEL_RANK",
    "Territories",
    "Territory",
    "as_ref",
    "load_territories",
    "normalize_name",
    "sort_key",
]

LEVELS: tuple[str, ...] = ("pays", "region", "departement", "epci", "commune")
COUNTRY_CODE = "FR"
COUNTRY_NAME = "France"

LEVEL_RANK: dict[str, int] = {level: rank for rank, level in enumerate(LEVELS)}
"""Rank of each level, widest first (``pays`` 0 … ``commune`` 4)."""
_REQUIRED_FILES = (
    "regions.csv",
    "departements.csv",
    "epci.csv",
    "communes.csv",
    "regions_impact.csv",
)

Ref = tuple[str, str]

#: The country as a territory reference: the widest territory, holding every other.
FRANCE: Ref = ("pays", COUNTRY_CODE)


@dataclass(frozen=True, slots=True)
class Territory:
    """One territory.

    Attributes
    ----------
    level : str
        One of :data:`LEVELS`.
    code : str
        Official code: INSEE code for regions, départements and communes,
        SIREN for EPCI, ``"FR"`` for the country.
    name : str
        Official name (with accents), e.g. ``"Île-de-France"``.
    population : int or None
        Municipal population for a commune; for wider levels, the sum over
        the member communes whose population is known.  ``None`` when no
        population is known (e.g. uninhabited Terres australes).
    """

    level: str
    code: str
    name: str
    population: int | None

    @property
    def ref(self) -> Ref:
        """The ``(level, code)`` reference of this territory."""
        return (self.level, self.code)


def normalize_name(name: str) -> str:
    """Return a case-, accent- and punctuation-insensitive form of a name.

    Parameters
    ----------
    name : str
        Any territory name, e.g. ``"Auvergne - Rhône - Alpes"``.

    Returns
    -------
    str
        Lower-case ASCII words separated by single spaces, e.g.
        ``"auvergne rhone alpes"``.  Hyphens, apostrophes and repeated
        spaces are treated alike; ``œ``/``æ`` become ``oe``/``ae``.
    """
    text = (
        name.replace("œ", "oe").replace("Œ", "OE").replace("æ", "ae").replace("Æ", "AE")
    )
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.casefold()).split())


def _read_csv(path: Path, header: tuple[str, ...]) -> Iterable[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        found = tuple(next(reader, ()))
        if found != header:
            raise ValueError(
                f"{path} : en-tête inattendu {found!r}, attendu {header!r}"
            )
        yield from reader


def _sum_known(values: Iterable[int | None]) -> int | None:
    total = None
    for value in values:
        if value is not None:
            total = value if total is None else total + value
    return total


class Territories:
    """In-memory index of the French territories.

    Build it with :func:`load_territories` rather than directly.

    Every method taking ``(level, code)`` raises :class:`ValueError` for a
    level outside :data:`LEVELS`.  Codes are matched after stripping spaces
    and upper-casing (``"2a"`` finds Corse-du-Sud).  Lookup methods
    (:meth:`get`, :meth:`region_of`, :meth:`population`) return ``None`` for
    an unknown code; graph methods (:meth:`parents`, :meth:`children`,
    :meth:`ancestors`, :meth:`descendants`) raise :class:`KeyError`.

    Attributes
    ----------
    data_dir : pathlib.Path
        Directory the data was read from.
    """

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = Path(data_dir)
        missing = [
            name for name in _REQUIRED_FILES if not (self.data_dir / name).is_file()
        ]
        if missing:
            raise FileNotFoundError(
                f"fichiers de territoires absents de {self.data_dir} : "
                f"{', '.join(missing)}"
            )

        self._region_names: dict[str, str] = {}
        for code, name, _zone in _read_csv(
            self.data_dir / "regions.csv", ("code", "nom", "zone")
        ):
            self._region_names[code] = name

        self._dep_names: dict[str, str] = {}
        self._dep_region: dict[str, str] = {}
        for code, name, region, _zone in _read_csv(
            self.data_dir / "departements.csv", ("code", "nom", "region", "zone")
        ):
            self._dep_names[code] = name
            self._dep_region[code] = region

        self._epci_names: dict[str, str] = {}
        self._epci_types: dict[str, str] = {}
        for code, name, kind in _read_csv(
            self.data_dir / "epci.csv", ("code", "nom", "type")
        ):
            self._epci_names[code] = name
            self._epci_types[code] = kind

        communes: dict[str, Territory] = {}
        self._commune_dep: dict[str, str] = {}
        self._commune_epci: dict[str, str] = {}
        self._dep_communes: dict[str, list[str]] = {
            code: [] for code in self._dep_names
        }
        self._epci_communes: dict[str, list[str]] = {
            code: [] for code in self._epci_names
        }
        epci_deps: dict[str, set[str]] = {code: set() for code in self._epci_names}
        # population per (epci, region), to pick the predominant region of an EPCI
        epci_region_pop: dict[str, dict[str, list[int]]] = {
            code: {} for code in self._epci_names
        }
        dep_pop: dict[str, int | None] = dict.fromkeys(self._dep_names)
        epci_pop: dict[str, int | None] = dict.fromkeys(self._epci_names)

        header = ("code", "nom", "departement", "region", "epci", "population")
        for code, name, dep, _region, epci, pop_text in _read_csv(
            self.data_dir / "communes.csv", header
        ):
            pop = int(pop_text) if pop_text else None
            communes[code] = Territory("commune", code, name, pop)
            self._commune_dep[code] = dep
            self._dep_communes[dep].append(code)
            if pop is not None:
                previous = dep_pop[dep]
                dep_pop[dep] = pop if previous is None else previous + pop
            if epci:
                self._commune_epci[code] = epci
                self._epci_communes[epci].append(code)
                epci_deps[epci].add(dep)
                weight = epci_region_pop[epci].setdefault(self._dep_region[dep], [0, 0])
                weight[0] += pop or 0
                weight[1] += 1
                if pop is not None:
                    previous = epci_pop[epci]
                    epci_pop[epci] = pop if previous is None else previous + pop

        self._epci_deps: dict[str, tuple[str, ...]] = {
            code: tuple(sorted(deps)) for code, deps in epci_deps.items()
        }
        self._epci_region: dict[str, str | None] = {
            code: (
                max(sorted(weights.items()), key=lambda item: item[1])[0]
                if weights
                else None
            )
            for code, weights in epci_region_pop.items()
        }
        self._epci_main_dep: dict[str, str] = {}  # filled lazily by main_departement
        self._up: dict[Ref, frozenset[Ref]] = {}  # filled lazily by up
        self._dep_epcis: dict[str, list[str]] = {code: [] for code in self._dep_names}
        for epci in sorted(self._epci_deps):
            for dep in self._epci_deps[epci]:
                self._dep_epcis[dep].append(epci)
        self._region_deps: dict[str, list[str]] = {
            code: [] for code in self._region_names
        }
        for dep in sorted(self._dep_region):
            self._region_deps[self._dep_region[dep]].append(dep)

        region_pop = {
            region: _sum_known(dep_pop[dep] for dep in deps)
            for region, deps in self._region_deps.items()
        }
        country_pop = _sum_known(region_pop.values())

        self._items: dict[str, dict[str, Territory]] = {
            "pays": {
                COUNTRY_CODE: Territory("pays", COUNTRY_CODE, COUNTRY_NAME, country_pop)
            },
            "region": {
                code: Territory("region", code, name, region_pop[code])
                for code, name in self._region_names.items()
            },
            "departement": {
                code: Territory("departement", code, name, dep_pop[code])
                for code, name in self._dep_names.items()
            },
            "epci": {
                code: Territory("epci", code, name, epci_pop[code])
                for code, name in self._epci_names.items()
            },
            "commune": communes,
        }
        self._sorted_cache: dict[str, list[Territory]] = {}
        self._search_index: dict[str, dict[str, list[Territory]]] = {}

        self._impact: dict[str, str | None] = {}
        for label, level, code, _name in _read_csv(
            self.data_dir / "regions_impact.csv", ("libelle", "niveau", "code", "nom")
        ):
            if level == "pays":
                self._impact[label] = None
            elif level == "region" and code in self._region_names:
                self._impact[label] = code
            else:
                raise ValueError(
                    f"regions_impact.csv : « {label} » renvoie à "
                    f"{level}:{code}, inconnu"
                )

        # COG codes that are not current communes (arrondissements, delegated or associated
        # communes, former codes): code -> (kind, name, commune). Optional: older data folders lack it.
        self._attached: dict[str, tuple[str, str, str]] = {}
        attached = self.data_dir / "communes_rattachees.csv"
        if attached.is_file():
            for code, name, kind, commune in _read_csv(attached, ("code", "nom", "type", "commune")):
                self._attached[code] = (kind, name, commune)

    def attached_commune(self, code: str) -> tuple[str, str, str] | None:
        """``(kind, name, commune code)`` for a real COG code that is not a current commune, else None.

        ``kind`` is ``arrondissement-municipal`` (75101 counts for Paris,
        75056), ``commune-deleguee``, ``commune-associee`` or ``ancien-code``
        (the former code of a merged commune; ``name`` is then empty).
        """
        return self._attached.get(self._clean_code(code))

    # --- helpers -----------------------------------------------------------

    @staticmethod
    def _check_level(level: str) -> str:
        if level not in LEVEL_RANK:
            raise ValueError(
                f"niveau de territoire inconnu : {level!r} "
                f"(attendu : {', '.join(LEVELS)})"
            )
        return level

    @staticmethod
    def _clean_code(code: str) -> str:
        return code.strip().upper()

    def _require(self, level: str, code: str) -> str:
        self._check_level(level)
        clean = self._clean_code(code)
        if clean not in self._items[level]:
            raise KeyError((level, code))
        return clean

    # --- lookup ------------------------------------------------------------

    def get(self, level: str, code: str) -> Territory | None:
        """Return the territory ``(level, code)``, or ``None`` if unknown.

        Parameters
        ----------
        level : str
            One of :data:`LEVELS`.
        code : str
            INSEE code (SIREN for an EPCI, ``"FR"`` for the country).

        Returns
        -------
        Territory or None
        """
        self._check_level(level)
        return self._items[level].get(self._clean_code(code))

    def __contains__(self, ref: object) -> bool:
        """Tell whether ``ref`` is a known ``(level, code)`` pair.

        Anything that is not such a pair (wrong type, unknown level) is
        simply reported as absent.
        """
        if not (isinstance(ref, tuple) and len(ref) == 2):
            return False
        level, code = ref
        if level not in LEVEL_RANK or not isinstance(code, str):
            return False
        return self._clean_code(code) in self._items[level]

    def all(self, level: str) -> list[Territory]:
        """Return every territory of ``level``, sorted by code.

        Parameters
        ----------
        level : str
            One of :data:`LEVELS`.

        Returns
        -------
        list of Territory
            A new list (callers may modify it).
        """
        self._check_level(level)
        cached = self._sorted_cache.get(level)
        if cached is None:
            cached = sorted(self._items[level].values(), key=lambda t: t.code)
            self._sorted_cache[level] = cached
        return list(cached)

    def search(self, level: str, name: str) -> list[Territory]:
        """Find territories of ``level`` whose name matches ``name`` exactly.

        The comparison ignores case, accents and punctuation (see
        :func:`normalize_name`), so ``"ile de france"`` finds
        ``"Île-de-France"``.  It does not do fuzzy or prefix matching.

        Parameters
        ----------
        level : str
            One of :data:`LEVELS`.
        name : str
            Name to look for.

        Returns
        -------
        list of Territory
            Matches sorted by code (several communes share a name); empty
            when nothing matches.
        """
        self._check_level(level)
        index = self._search_index.get(level)
        if index is None:
            index = {}
            for territory in self.all(level):
                index.setdefault(normalize_name(territory.name), []).append(territory)
            self._search_index[level] = index
        return list(index.get(normalize_name(name), ()))

    # --- graph -------------------------------------------------------------

    def parents(self, level: str, code: str) -> list[Ref]:
        """Return the direct parents of a territory.

        Parameters
        ----------
        level, code : str
            The territory.

        Returns
        -------
        list of (str, str)
            ``commune`` -> ``[("epci", siren), ("departement", dep)]`` (no EPCI
            entry for the few communes outside any EPCI); ``epci`` -> its
            départements sorted by code; ``departement`` -> ``[("region", r)]``;
            ``region`` -> ``[("pays", "FR")]``; ``pays`` -> ``[]``.

        Raises
        ------
        KeyError
            If the territory is unknown.
        """
        code = self._require(level, code)
        if level == "commune":
            epci = self._commune_epci.get(code)
            head: list[Ref] = [("epci", epci)] if epci else []
            return [*head, ("departement", self._commune_dep[code])]
        if level == "epci":
            return [("departement", dep) for dep in self._epci_deps[code]]
        if level == "departement":
            return [("region", self._dep_region[code])]
        if level == "region":
            return [("pays", COUNTRY_CODE)]
        return []

    def children(self, level: str, code: str) -> list[Ref]:
        """Return the direct children of a territory (inverse of :meth:`parents`).

        Parameters
        ----------
        level, code : str
            The territory.

        Returns
        -------
        list of (str, str)
            Sorted by level (widest first) then code: ``pays`` -> regions;
            ``region`` -> départements; ``departement`` -> the EPCI having at
            least one member in it, then its communes; ``epci`` -> its member
            communes; ``commune`` -> ``[]``.

        Raises
        ------
        KeyError
            If the territory is unknown.
        """
        code = self._require(level, code)
        if level == "pays":
            return [("region", region) for region in sorted(self._region_names)]
        if level == "region":
            return [("departement", dep) for dep in self._region_deps[code]]
        if level == "departement":
            return [("epci", epci) for epci in self._dep_epcis[code]] + [
                ("commune", commune) for commune in sorted(self._dep_communes[code])
            ]
        if level == "epci":
            return [
                ("commune", commune) for commune in sorted(self._epci_communes[code])
            ]
        return []

    def ancestors(self, level: str, code: str) -> set[Ref]:
        """Return every territory above this one, excluding itself.

        The commune -> EPCI edge is not chained further: a commune's
        ancestors are its EPCI, its own département, region and the country,
        never another département that its EPCI also covers.  An EPCI's
        ancestors are all the départements (and their regions) it touches.

        Parameters
        ----------
        level, code : str
            The territory.

        Returns
        -------
        set of (str, str)

        Raises
        ------
        KeyError
            If the territory is unknown.
        """
        code = self._require(level, code)
        result: set[Ref] = set()
        stack: list[Ref] = [(level, code)]
        while stack:
            current = stack.pop()
            for parent in self.parents(*current):
                if parent in result:
                    continue
                result.add(parent)
                if not (current[0] == "commune" and parent[0] == "epci"):
                    stack.append(parent)
        return result

    def descendants(self, level: str, code: str) -> set[Ref]:
        """Return every territory below this one, excluding itself.

        Exact inverse of :meth:`ancestors`: ``b in descendants(a)`` if and
        only if ``a in ancestors(b)``.  From a département or region, an EPCI
        that crosses the border is included but its communes located outside
        are not.

        Parameters
        ----------
        level, code : str
            The territory.

        Returns
        -------
        set of (str, str)

        Raises
        ------
        KeyError
            If the territory is unknown.
        """
        code = self._require(level, code)
        result: set[Ref] = set()
        stack: list[Ref] = [(level, code)]
        while stack:
            current = stack.pop()
            for child in self.children(*current):
                if child in result:
                    continue
                result.add(child)
                if not (current[0] != "epci" and child[0] == "epci"):
                    stack.append(child)
        return result

    # --- attributes --------------------------------------------------------

    def region_of(self, level: str, code: str) -> str | None:
        """Return the INSEE code of the region a territory belongs to.

        Parameters
        ----------
        level, code : str
            The territory.

        Returns
        -------
        str or None
            The region itself for a region; for an EPCI spanning several
            regions (26 do in 2026), the region holding most of its
            population (see :meth:`ancestors` for all of them).  ``None`` for
            the country and for unknown codes.
        """
        self._check_level(level)
        code = self._clean_code(code)
        if code not in self._items[level]:
            return None
        if level == "region":
            return code
        if level == "departement":
            return self._dep_region[code]
        if level == "commune":
            return self._dep_region[self._commune_dep[code]]
        if level == "epci":
            return self._epci_region[code]
        return None

    def name_of(self, ref: Ref) -> str:
        """Official name of a territory, ``"France"`` for the country, its key (``commune:99999``) when unknown."""
        if ref == FRANCE:
            return COUNTRY_NAME
        t = self.get(*ref) if ref[0] in LEVEL_RANK else None
        return t.name if t else format_ref(ref)

    def up(self, ref: Ref) -> frozenset[Ref]:
        """``T*↑``: the territory and every territory containing it, France included.

        The rule the gap analysis and the SPARQL questions share (see
        ``ecosysteme.analysis.presence``). A territory the reference data does
        not know is its own closure. Cached: callers ask it once per actor.
        """
        cached = self._up.get(ref)
        if cached is None:
            cached = frozenset({ref, *self.ancestors(*ref)}) if ref in self else frozenset({ref})
            self._up[ref] = cached
        return cached

    def main_departement(self, level: str, code: str) -> str | None:
        """Return the INSEE code of the département a territory mostly lies in.

        A commune's own département; for an EPCI, the département holding most
        of its member communes (ties: the smallest code), since 89 EPCI of
        the 2026 reference data span several.  ``None`` for wider levels and unknown codes.
        """
        self._check_level(level)
        code = self._clean_code(code)
        if code not in self._items[level]:
            return None
        if level == "departement":
            return code
        if level == "commune":
            return self._commune_dep[code]
        if level != "epci":
            return None
        cached = self._epci_main_dep.get(code)
        if cached is None:
            counts = Counter(self._commune_dep[c] for lvl, c in self.children("epci", code) if lvl == "commune")
            cached = min(counts, key=lambda d: (-counts[d], d)) if counts else ""
            self._epci_main_dep[code] = cached
        return cached or None

    def group_of(self, ref: Ref, by: str) -> Ref:
        """The territory of level ``by`` (region, departement, epci) that holds ``ref``.

        A territory as wide as ``by`` or wider (a regional actor on a map
        grouped by département, a national one) is its own group, and so is
        one the reference data cannot place.  An EPCI belongs to the
        département of most of its communes (:meth:`main_departement`) and
        to the region of most of its population (:meth:`region_of`).
        """
        level, code = ref
        if level == "pays" or LEVEL_RANK[level] <= LEVEL_RANK[by]:
            return ref
        if by == "region":
            region = self.region_of(level, code)
            return ("region", region) if region else ref
        if by == "departement":
            dep = self.main_departement(level, code)
            return ("departement", dep) if dep else ref
        # by == "epci": only communes lie below
        if ref not in self:
            return ref
        return next((p for p in self.parents(level, code) if p[0] == "epci"), ref)

    def population(self, level: str, code: str) -> int | None:
        """Return the population of a territory.

        Parameters
        ----------
        level, code : str
            The territory.

        Returns
        -------
        int or None
            Municipal population of a commune; for an EPCI, département,
            region or the country, the sum over its member communes (so it may
            differ slightly from the figure the DGCL publishes for an EPCI).
            ``None`` for unknown codes or when no member population is known.
        """
        territory = self.get(level, code)
        return None if territory is None else territory.population

    def epci_type(self, code: str) -> str | None:
        """Return the legal form of an EPCI.

        One of ``CC``, ``CA``, ``CU``, ``METRO`` or ``MET69`` (Métropole de
        Lyon).

        Parameters
        ----------
        code : str
            SIREN of the EPCI.

        Returns
        -------
        str or None
            ``None`` for an unknown SIREN.
        """
        return self._epci_types.get(self._clean_code(code))

    @property
    def impact_regions(self) -> dict[str, str | None]:
        """Seed-deck region labels mapped to INSEE region codes.

        ``"France Métropole"`` maps to ``None`` (national level).  A new dict
        is returned on each access.
        """
        return dict(self._impact)

    def __repr__(self) -> str:
        counts = ", ".join(f"{level}={len(self._items[level])}" for level in LEVELS)
        return f"Territories({counts}, data_dir={str(self.data_dir)!r})"


def _default_data_dir() -> Path:
    """Locate the shipped data: packaged copy first, then the repo's ``data/``."""
    from ecosysteme.datasets import shipped

    try:
        return shipped("territoires")
    except FileNotFoundError as exc:
        raise FileNotFoundError(f"données de territoires introuvables : {exc} ; "
                                "lancez « python scripts/build_territoires.py »") from None


def as_ref(territory: Ref | str) -> Ref:
    """Accept ``("epci", "243500139")``, ``"epci:243500139"`` or ``"france"``."""
    if isinstance(territory, tuple):
        return territory
    text = territory.strip()
    if text.lower() in ("france", "pays:fr"):
        return FRANCE
    if ":" not in text:
        raise ValueError(f"référence de territoire illisible : {territory!r} (attendu niveau:code ou france)")
    level, code = text.split(":", 1)
    return (level.strip().lower(), code.strip().upper())


def sort_key(ref: Ref) -> tuple[int, str]:
    """Widest first (France, régions, départements, EPCI, communes), then by code."""
    return (LEVEL_RANK.get(ref[0], len(LEVELS)), ref[1])


@functools.lru_cache(maxsize=8)
def _load_cached(data_dir: Path) -> Territories:
    return Territories(data_dir)


def load_territories(data_dir: Path | str | None = None) -> Territories:
    """Load (once) the territory reference data.

    Parameters
    ----------
    data_dir : pathlib.Path or str, optional
        Directory holding ``communes.csv`` and the other files.  By default,
        ``ecosysteme/_data/territoires`` inside the installed package if
        present, else the first ``data/territoires`` found walking up from
        this file (the repository checkout).

    Returns
    -------
    Territories
        Shared, cached instance (one per resolved directory); treat it as
        read-only.

    Raises
    ------
    FileNotFoundError
        If the data cannot be found.
    """
    path = _default_data_dir() if data_dir is None else Path(data_dir)
    return _load_cached(path.resolve())


load_territories.cache_clear = _load_cached.cache_clear  # type: ignore[attr-defined]
