"""Tests for ecosysteme.territories and scripts/build_territoires.py.

Known answers come from @etalab/decoupage-administratif 6.0.0 (2026 vintage)
as shipped in data/territoires/.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from ecosysteme.territories import (
    LEVELS,
    Territories,
    Territory,
    load_territories,
    normalize_name,
)

REPO = Path(__file__).resolve().parent.parent
DATA_DIR = REPO / "data" / "territoires"
SCRIPT = REPO / "scripts" / "build_territoires.py"


@pytest.fixture(scope="module")
def terr() -> Territories:
    return load_territories()


# --- loading --------------------------------------------------------------


def test_default_location_is_repo_data_and_cached(terr: Territories) -> None:
    packaged = REPO / "src" / "ecosysteme" / "_data" / "territoires"
    assert terr.data_dir in {DATA_DIR.resolve(), packaged.resolve()}
    assert load_territories() is terr
    assert load_territories(DATA_DIR) is terr


def test_missing_directory_raises(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        load_territories(tmp_path)


def test_counts_per_level(terr: Territories) -> None:
    counts = {level: len(terr.all(level)) for level in LEVELS}
    assert counts == {
        "pays": 1,
        "region": 26,
        "departement": 109,
        "epci": 1255,
        "commune": 34969,
    }


def test_counts_match_source_manifest(terr: Territories) -> None:
    source = json.loads((DATA_DIR / "SOURCE.json").read_text(encoding="utf-8"))
    assert source["paquet"] == "@etalab/decoupage-administratif"
    assert source["version"] == "6.0.0"
    assert source["licence"] == "MIT"
    for key, level in [
        ("regions", "region"),
        ("departements", "departement"),
        ("epci", "epci"),
        ("communes", "commune"),
    ]:
        assert source["effectifs"][key] == len(terr.all(level))


def test_all_is_sorted_by_code_and_a_copy(terr: Territories) -> None:
    deps = [t.code for t in terr.all("departement")]
    assert deps == sorted(deps)
    assert deps.index("2A") == deps.index("29") + 1
    assert deps.index("2B") == deps.index("2A") + 1
    listing = terr.all("region")
    listing.clear()
    assert len(terr.all("region")) == 26


# --- known answers --------------------------------------------------------


def test_rennes(terr: Territories) -> None:
    rennes = terr.get("commune", "35238")
    assert rennes == Territory("commune", "35238", "Rennes", 230890)
    assert terr.parents("commune", "35238") == [
        ("epci", "243500139"),
        ("departement", "35"),
    ]
    assert terr.get("epci", "243500139").name == "Rennes Métropole"
    assert terr.epci_type("243500139") == "METRO"
    assert terr.region_of("commune", "35238") == "53"
    assert terr.get("region", "53").name == "Bretagne"
    assert terr.ancestors("commune", "35238") == {
        ("epci", "243500139"),
        ("departement", "35"),
        ("region", "53"),
        ("pays", "FR"),
    }
    assert ("commune", "35238") in terr.children("epci", "243500139")
    assert ("commune", "35238") in terr.descendants("region", "53")


def test_grouping_places_each_level_in_the_wider_one(terr: Territories) -> None:
    # CC Usses et Rhône: 23 communes in Haute-Savoie (74), 3 in Ain (01)
    assert terr.main_departement("epci", "200070852") == "74"
    assert terr.group_of(("epci", "200070852"), "departement") == ("departement", "74")
    # CC Flandre Lys: 4 communes in Nord (59), 4 in Pas-de-Calais (62): the smaller code wins
    assert terr.main_departement("epci", "245900758") == "59"
    assert terr.main_departement("commune", "35238") == "35"
    assert terr.main_departement("region", "53") is None
    assert terr.main_departement("epci", "999999999") is None
    assert terr.group_of(("commune", "35238"), "epci") == ("epci", "243500139")
    assert terr.group_of(("commune", "35238"), "region") == ("region", "53")
    # as wide as the group or wider: its own group
    assert terr.group_of(("region", "53"), "departement") == ("region", "53")
    assert terr.group_of(("epci", "243500139"), "epci") == ("epci", "243500139")
    assert terr.group_of(("pays", "FR"), "region") == ("pays", "FR")
    # a code the reference cannot place keeps itself
    assert terr.group_of(("commune", "99999"), "epci") == ("commune", "99999")


def test_corsica(terr: Territories) -> None:
    for dep, name in [("2A", "Corse-du-Sud"), ("2B", "Haute-Corse")]:
        assert terr.get("departement", dep).name == name
        assert terr.parents("departement", dep) == [("region", "94")]
        assert terr.region_of("departement", dep) == "94"
    assert terr.children("region", "94") == [
        ("departement", "2A"),
        ("departement", "2B"),
    ]
    assert terr.get("departement", "2a").code == "2A"  # codes are upper-cased
    assert terr.region_of("commune", "2A004") == "94"  # Ajaccio


def test_country(terr: Territories) -> None:
    france = terr.get("pays", "FR")
    assert france.name == "France"
    assert terr.parents("pays", "FR") == []
    assert terr.ancestors("pays", "FR") == set()
    assert terr.parents("region", "11") == [("pays", "FR")]
    assert terr.children("pays", "FR") == [
        ("region", t.code) for t in terr.all("region")
    ]
    assert terr.region_of("pays", "FR") is None


def test_epci_spanning_two_departements(terr: Territories) -> None:
    # CA Beaune, Côte et Sud: Côte-d'Or (21) and Saône-et-Loire (71).
    assert terr.parents("epci", "200006682") == [
        ("departement", "21"),
        ("departement", "71"),
    ]
    spanning = [
        t.code for t in terr.all("epci") if len(terr.parents("epci", t.code)) > 1
    ]
    assert len(spanning) == 89
    # Both départements list the EPCI among their children.
    assert ("epci", "200006682") in terr.children("departement", "21")
    assert ("epci", "200006682") in terr.children("departement", "71")


def test_commune_ancestors_do_not_leak_through_epci(terr: Territories) -> None:
    members = [code for level, code in terr.children("epci", "200006682")]
    in_71 = [
        code
        for code in members
        if terr.parents("commune", code)[-1] == ("departement", "71")
    ]
    in_21 = [
        code
        for code in members
        if terr.parents("commune", code)[-1] == ("departement", "21")
    ]
    assert in_71 and in_21
    ancestors = terr.ancestors("commune", in_71[0])
    assert ("departement", "71") in ancestors
    assert ("departement", "21") not in ancestors
    assert ("region", "27") in ancestors
    # ... and the département's descendants exclude the other side's communes.
    desc_21 = terr.descendants("departement", "21")
    assert ("epci", "200006682") in desc_21
    assert ("commune", in_21[0]) in desc_21
    assert ("commune", in_71[0]) not in desc_21


def test_epci_spanning_two_regions_region_of(terr: Territories) -> None:
    # CA Agglo du Pays de Dreux: Eure-et-Loir (28, region 24) and Eure (27, region 28).
    regions = {
        code for level, code in terr.ancestors("epci", "200040277") if level == "region"
    }
    assert regions == {"24", "28"}
    pop_by_region = {r: 0 for r in regions}
    for _, commune in terr.children("epci", "200040277"):
        pop_by_region[terr.region_of("commune", commune)] += (
            terr.population("commune", commune) or 0
        )
    assert (
        terr.region_of("epci", "200040277")
        == max(pop_by_region, key=pop_by_region.get)
        == "24"
    )


def test_commune_without_epci(terr: Territories) -> None:
    # Île-de-Sein belongs to no EPCI.
    assert terr.parents("commune", "29083") == [("departement", "29")]
    assert terr.region_of("commune", "29083") == "53"


def test_paris_lyon_marseille_are_single_communes(terr: Territories) -> None:
    assert terr.get("commune", "75056").name == "Paris"
    assert terr.get("commune", "75101") is None  # municipal arrondissement dropped
    assert terr.get("commune", "69123").name == "Lyon"
    assert terr.get("commune", "13055").name == "Marseille"
    assert terr.parents("commune", "69123") == [
        ("epci", "200046977"),
        ("departement", "69"),
    ]
    assert terr.epci_type("200046977") == "MET69"


def test_overseas(terr: Territories) -> None:
    assert terr.region_of("commune", "97611") == "06"  # Mamoudzou, Mayotte
    assert terr.parents("commune", "97611")[0][0] == "epci"
    assert terr.get("region", "984").population is None  # uninhabited TAAF
    assert terr.population("commune", "98411") is None


# --- populations ----------------------------------------------------------


def test_population_aggregates_over_communes(terr: Territories) -> None:
    by_region: dict[str, int] = {}
    by_dep: dict[str, int] = {}
    for commune in terr.all("commune"):
        if commune.population is None:
            continue
        region = terr.region_of("commune", commune.code)
        dep = terr.parents("commune", commune.code)[-1][1]
        by_region[region] = by_region.get(region, 0) + commune.population
        by_dep[dep] = by_dep.get(dep, 0) + commune.population
    assert terr.population("region", "53") == by_region["53"]
    for region in terr.all("region"):
        assert region.population == by_region.get(region.code)
    for dep in terr.all("departement"):
        assert terr.population("departement", dep.code) == by_dep.get(dep.code)
    assert terr.population("pays", "FR") == sum(by_region.values())


def test_population_of_epci_is_sum_of_members(terr: Territories) -> None:
    members = terr.children("epci", "243500139")
    assert len(members) == 43
    assert terr.population("epci", "243500139") == sum(
        terr.population(*m) for m in members
    )


# --- graph consistency ----------------------------------------------------


def test_children_is_inverse_of_parents(terr: Territories) -> None:
    for level in ("region", "departement", "epci"):
        for territory in terr.all(level):
            for child in terr.children(level, territory.code):
                assert territory.ref in terr.parents(*child)
    for commune in terr.all("commune")[::97]:
        for parent in terr.parents("commune", commune.code):
            assert commune.ref in terr.children(*parent)


def test_descendants_is_inverse_of_ancestors(terr: Territories) -> None:
    for target in [("departement", "21"), ("region", "27"), ("epci", "200006682")]:
        expected = {
            t.ref
            for level in ("departement", "epci", "commune")
            for t in terr.all(level)
            if target in terr.ancestors(level, t.code)
        }
        assert terr.descendants(*target) == expected
    everything = {t.ref for level in LEVELS[1:] for t in terr.all(level)}
    assert terr.descendants("pays", "FR") == everything


# --- IMPACT regions and search --------------------------------------------


def test_impact_regions(terr: Territories) -> None:
    impact = terr.impact_regions
    assert len(impact) == 14
    assert impact["France Métropole"] is None
    assert impact["Bretagne"] == "53"
    assert impact["Ile de France"] == "11"
    assert impact["Provence - Alpes - Côte d'Azur"] == "93"
    codes = [code for code in impact.values() if code is not None]
    metro = []
    with (DATA_DIR / "regions.csv").open(encoding="utf-8", newline="") as handle:
        metro = sorted(
            row["code"] for row in csv.DictReader(handle) if row["zone"] == "metro"
        )
    assert sorted(codes) == metro
    for label, code in impact.items():
        if code is not None:
            assert normalize_name(terr.get("region", code).name) == normalize_name(
                label
            )
    impact["Bretagne"] = "xx"
    assert terr.impact_regions["Bretagne"] == "53"  # callers get a copy


def test_search_is_case_and_accent_insensitive(terr: Territories) -> None:
    assert [t.code for t in terr.search("region", "ile de france")] == ["11"]
    assert [t.code for t in terr.search("region", "Auvergne - Rhône - Alpes")] == ["84"]
    assert [t.code for t in terr.search("commune", "RENNES")] == ["35238"]
    assert [t.code for t in terr.search("departement", "cotes d'armor")] == ["22"]
    assert [t.code for t in terr.search("commune", "saint-etienne")] == ["42218"]
    assert [t.code for t in terr.search("pays", "france")] == ["FR"]
    homonyms = terr.search("commune", "Saint-Martin")
    assert len(homonyms) == 5
    assert [t.code for t in homonyms] == sorted(t.code for t in homonyms)
    assert terr.search("commune", "Renne") == []  # exact names only
    assert normalize_name("Œuilly") == "oeuilly"


# --- unknowns -------------------------------------------------------------


def test_unknown_codes(terr: Territories) -> None:
    assert terr.get("commune", "00000") is None
    assert terr.get("region", "35") is None
    assert terr.region_of("commune", "99999") is None
    assert terr.population("epci", "000000000") is None
    assert terr.epci_type("000000000") is None
    assert ("commune", "00000") not in terr
    assert ("commune", "35238") in terr
    assert ("ville", "35238") not in terr
    assert "35238" not in terr
    with pytest.raises(KeyError):
        terr.parents("commune", "00000")
    with pytest.raises(KeyError):
        terr.descendants("departement", "00")
    with pytest.raises(ValueError):
        terr.get("ville", "35238")


# --- build script ---------------------------------------------------------


def _load_script():
    spec = importlib.util.spec_from_file_location("build_territoires", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


METRO_REGIONS = {
    "11": "Île-de-France",
    "24": "Centre-Val de Loire",
    "27": "Bourgogne-Franche-Comté",
    "28": "Normandie",
    "32": "Hauts-de-France",
    "44": "Grand Est",
    "52": "Pays de la Loire",
    "53": "Bretagne",
    "75": "Nouvelle-Aquitaine",
    "76": "Occitanie",
    "84": "Auvergne-Rhône-Alpes",
    "93": "Provence-Alpes-Côte d'Azur",
    "94": "Corse",
}


def _fake_package(root: Path, version: str = "6.0.0") -> Path:
    pkg = root / "package"
    (pkg / "data").mkdir(parents=True)
    (pkg / "package.json").write_text(
        json.dumps(
            {
                "name": "@etalab/decoupage-administratif",
                "version": version,
                "license": "MIT",
            }
        ),
        encoding="utf-8",
    )
    regions = [{"code": c, "nom": n, "zone": "metro"} for c, n in METRO_REGIONS.items()]
    departements = [
        {"code": "22", "nom": "Côtes-d'Armor", "region": "53", "zone": "metro"},
        {"code": "35", "nom": "Ille-et-Vilaine", "region": "53", "zone": "metro"},
        {"code": "44", "nom": "Loire-Atlantique", "region": "52", "zone": "metro"},
    ]
    communes = [
        {
            "code": "44003",
            "nom": "Ancenis",
            "departement": "44",
            "region": "52",
            "type": "commune-actuelle",
            "population": 20,
        },
        {
            "code": "35238",
            "nom": "Rennes",
            "departement": "35",
            "region": "53",
            "type": "commune-actuelle",
            "population": 100,
        },
        {
            "code": "35001",
            "nom": "Acigné",
            "departement": "35",
            "region": "53",
            "type": "commune-actuelle",
            "population": 7,
        },
        {
            "code": "35001",
            "nom": "Ancienne",
            "departement": "35",
            "region": "53",
            "type": "commune-deleguee",
        },
        {
            "code": "22016",
            "nom": "Île-de-Bréhat",
            "departement": "22",
            "region": "53",
            "type": "commune-actuelle",
        },
    ]
    epci = [
        {
            "code": "243500139",
            "nom": "Rennes Métropole",
            "type": "METRO",
            "membres": [{"code": "35238"}],
        },
        {
            "code": "200000001",
            "nom": "CC Test, deux départements",
            "type": "CC",
            "membres": [{"code": "35001"}, {"code": "44003"}],
        },
    ]
    for name, content in [
        ("regions", regions),
        ("departements", departements),
        ("communes", communes),
        ("epci", epci),
    ]:
        (pkg / "data" / f"{name}.json").write_text(
            json.dumps(content, ensure_ascii=False), encoding="utf-8"
        )
    return pkg


def test_build_script_is_deterministic_and_loadable(tmp_path: Path) -> None:
    pkg = _fake_package(tmp_path / "src")
    out = tmp_path / "out"
    command = [
        sys.executable,
        str(SCRIPT),
        "--from",
        str(pkg.parent),
        "--out",
        str(out),
    ]
    subprocess.run(command, check=True, capture_output=True)
    first = {p.name: p.read_bytes() for p in sorted(out.iterdir())}
    assert set(first) == {
        "regions.csv",
        "departements.csv",
        "epci.csv",
        "communes.csv",
        "regions_impact.csv",
        "communes_rattachees.csv",
        "SOURCE.json",
    }
    subprocess.run(command, check=True, capture_output=True)
    assert {p.name: p.read_bytes() for p in sorted(out.iterdir())} == first

    lines = first["communes.csv"].decode("utf-8").splitlines()
    assert lines == [
        "code,nom,departement,region,epci,population",
        "22016,Île-de-Bréhat,22,53,,",
        "35001,Acigné,35,53,200000001,7",
        "35238,Rennes,35,53,243500139,100",
        "44003,Ancenis,44,52,200000001,20",
    ]
    assert '"CC Test, deux départements"' in first["epci.csv"].decode("utf-8")
    source = json.loads(first["SOURCE.json"])
    assert source["effectifs"]["enregistrements_communes_ecartes"] == {
        "commune-deleguee": 1
    }

    terr = Territories(out)
    assert terr.parents("epci", "200000001") == [
        ("departement", "35"),
        ("departement", "44"),
    ]
    # the delegated commune shares its code with a current commune: nothing to map
    assert first["communes_rattachees.csv"].decode("utf-8") == "code,nom,type,commune\n"
    assert terr.attached_commune("35001") is None
    assert terr.population("region", "53") == 107
    assert terr.population("commune", "22016") is None
    assert terr.population("departement", "22") is None
    assert (
        terr.region_of("epci", "200000001") == "52"
    )  # 20 inhabitants in 52 vs 7 in 53


def test_build_script_rejects_wrong_version(tmp_path: Path) -> None:
    module = _load_script()
    pkg = _fake_package(tmp_path, version="5.3.0")
    manifest, raw = module._read_package_dir(pkg)
    with pytest.raises(module.BuildError):
        module.write_outputs(tmp_path / "out", manifest, raw, log=lambda _: None)


def test_build_script_checks_impact_labels(tmp_path: Path) -> None:
    module = _load_script()
    pkg = _fake_package(tmp_path)
    regions = json.loads((pkg / "data" / "regions.json").read_text(encoding="utf-8"))
    for region in regions:
        if region["code"] == "53":
            region["nom"] = "Armorique"
    (pkg / "data" / "regions.json").write_text(json.dumps(regions), encoding="utf-8")
    manifest, raw = module._read_package_dir(pkg)
    with pytest.raises(module.BuildError, match="Bretagne"):
        module.write_outputs(tmp_path / "out", manifest, raw, log=lambda _: None)
