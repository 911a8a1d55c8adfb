"""The fictional local ecosystem of a catalyst: deterministic, valid, complete, on real territories."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter

import pytest

from ecosysteme import vocab
from ecosysteme.io import load, load_valid
from ecosysteme.synth import (
    DEFAULT_EPCI,
    REAL_PROGRAMMES,
    SynthError,
    gap_communes,
    local_ecosystem,
    provenance_text,
    write_tables,
)
from ecosysteme.synth._common import DOMAINS, read_reseau
from ecosysteme.territories import load_territories
from tests.conftest import ROOT

EXAMPLE = ROOT / "data" / "exemple-epci"
TABLES = ("territoires", "acteurs", "besoins", "programmes", "relations", "jeu")


@pytest.fixture(scope="module")
def tables():
    return local_ecosystem()


@pytest.fixture(scope="module")
def written(tmp_path_factory, tables):
    out = tmp_path_factory.mktemp("exemple")
    write_tables(tables, out)
    return out


@pytest.fixture(scope="module")
def loaded(written):
    return load(written)


def rows(tables, name):
    header, *body = tables[name]
    return [dict(zip(header, r, strict=True)) for r in body]


def test_same_seed_gives_byte_identical_csv(tmp_path, written):
    write_tables(local_ecosystem(seed=2020), tmp_path)
    for name in TABLES:
        assert (tmp_path / f"{name}.csv").read_bytes() == (written / f"{name}.csv").read_bytes(), name


def test_bundled_example_is_what_the_default_seed_generates(written):
    for name in TABLES:
        assert (EXAMPLE / f"{name}.csv").read_bytes() == (written / f"{name}.csv").read_bytes(), (
            f"data/exemple-epci/{name}.csv differs: regenerate it with "
            "`ecosysteme generer --epci 242900835 --graine 2020 -o data/exemple-epci`")


def test_another_seed_gives_another_ecosystem(tables):
    other = local_ecosystem(seed=7)
    assert other["acteurs"] != tables["acteurs"]
    assert other["relations"] != tables["relations"]


def test_bundled_example_validates_with_zero_errors_from_the_cli():
    done = subprocess.run([sys.executable, "-m", "ecosysteme", "validate", str(EXAMPLE)], capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr
    assert "\n0 erreur(s)" in done.stdout
    assert "Tableaux valides." in done.stdout


def test_planted_duplicates_and_incomplete_records_are_reported(loaded):
    _, report = loaded
    assert report.ok
    assert len(report.duplicates) == 4  # three spellings of an association, one shared website
    reasons = Counter(reason.split(" (")[0] for _, _, _, reason in report.duplicates)
    assert reasons == {"noms très proches": 3, "même site web": 1}
    codes = Counter(i.code for i in report.warnings)
    assert codes["fiche_incomplete"] >= 5
    assert codes["doublon_probable"] == 4
    assert set(codes) <= {"fiche_incomplete", "doublon_probable"}


def test_size_and_every_world_level_type_nature_and_relation_type(loaded):
    model, _ = loaded
    assert len(model.actors) == 220
    assert {a.world for a in model.actors.values()} >= set(vocab.SCHEMES["monde"])
    assert {a.level for a in model.actors.values()} >= set(vocab.SCHEMES["echelon"])
    assert {a.type for a in model.actors.values()} == set(vocab.ACTOR_TYPES)
    assert {n for a in model.actors.values() for n in a.natures} == set(vocab.SCHEMES["nature"])
    assert {r.type for r in model.relations} == set(vocab.RELATION_TYPES)
    funding = [r for r in model.relations if r.type == "financement"]
    with_amount = [r for r in funding if r.amount is not None]
    assert len(with_amount) >= 0.8 * len(funding)
    assert all(100 <= r.amount <= 2_000_000 for r in with_amount)
    assert all(r.start is not None and r.start.year in (2019, 2020, 2021) for r in with_amount)
    assert all(r.end is None or r.end > r.start for r in with_amount)


def test_territories_are_real_and_inside_or_above_the_epci(loaded, tables):
    model, _ = loaded
    t = load_territories()
    epci = ("epci", DEFAULT_EPCI)
    communes = {ref for ref in t.children(*epci)}
    allowed = {epci} | communes | t.ancestors(*epci)
    used = model.territories()
    assert used <= allowed
    assert epci in used and ("pays", "FR") in used and ("region", "53") in used and ("departement", "29") in used
    local = Counter(r for a in model.actors.values() for r in a.territories if r[0] == "commune")
    assert len(local) >= 15  # actors spread over most of the 26 communes
    assert local.most_common(1)[0][0] == ("commune", "29151")  # Morlaix, the most populous
    perimeter = rows(tables, "territoires")
    assert perimeter[0] == {"code": f"epci:{DEFAULT_EPCI}", "nom": "CA Morlaix Communauté"}
    assert {r["code"] for r in perimeter[1:]} == {f"commune:{c}" for _, c in communes}


def test_real_programmes_are_copied_with_their_carriers_and_relayed(loaded, tables):
    model, _ = loaded
    real = {r["id"]: r for r in read_reseau("programmes")}
    relayed = {r.target for r in model.relations if r.type == "relais"}
    for pid in REAL_PROGRAMMES:
        p = model.programmes[pid]
        assert p.name == real[pid]["nom"]
        assert p.carriers == tuple(real[pid]["porteurs"].split("|"))
        assert all(c in model.actors for c in p.carriers)
        assert pid in relayed, pid
    local = [p for p in model.programmes.values() if p.id not in real]
    assert len(local) >= 8
    assert all(p.carriers and model.actors[p.carriers[0]].level in ("local", "intercommunal") for p in local)
    real_actors = {r["id"]: r for r in read_reseau("acteurs")}
    copied = [a for a in model.actors.values() if a.id in real_actors]
    assert {a.name for a in copied} == {real_actors[a.id]["nom"] for a in copied}
    assert "reseau-pionniers" in model.actors


def test_every_row_says_it_is_fictional(tables):
    prov = provenance_text(2020)
    for name in ("acteurs", "besoins", "programmes", "relations"):
        for row in rows(tables, name):
            assert row["provenance"].startswith(prov), (name, row)
    fictional = [r for r in rows(tables, "acteurs") if r["provenance"] == prov and r["description"]]
    assert fictional and all(r["description"].startswith("Acteur fictif") for r in fictional)
    assert all(r["site_web"].endswith(".example") for r in rows(tables, "acteurs")
               if r["provenance"] == prov and r["site_web"])


def test_needs_come_from_fragility_domains_and_some_stay_unanswered(loaded):
    model, _ = loaded
    local = [n for n in model.needs.values() if n.domain is not None]
    assert len(local) >= 25
    assert {n.domain for n in local} <= set(DOMAINS)
    assert len({n.domain for n in local}) >= 8
    assert all(n.theme for n in local)
    answered = {t for s, t, kind, _ in model.links() if kind == "repond_a"}
    expressed = {n for a in model.actors.values() for n in a.needs}
    assert 0 < len([n for n in local if n.id not in answered]) < len(local)
    assert len([n for n in local if n.id in expressed]) >= 0.8 * len(local)


def test_gap_communes_have_no_management_projets_anywhere_above_them(loaded):
    model, _ = loaded
    t = load_territories()
    gaps = gap_communes()
    assert len(gaps) == 3
    for code in gaps:
        around = t.ancestors("commune", code) | {("commune", code)}
        acting = [a for a in model.actors.values() if set(a.territories) & around]
        assert acting, code  # the commune has actors…
        assert not any("management_projets" in a.natures for a in acting), code  # …but none of that nature
    assert any("management_projets" in a.natures for a in model.actors.values())


def test_the_catalyst_is_a_member_of_the_network_and_a_hub(loaded):
    model, _ = loaded
    catalyst = next(a for a in model.actors.values() if a.name.startswith("Le Maillon"))
    assert catalyst.type == "catalyseur" and catalyst.territories == (("epci", DEFAULT_EPCI),)
    assert any(r.source == catalyst.id and r.target == "reseau-pionniers" and r.type == "membre_de"
               for r in model.relations)
    degree = Counter()
    for r in model.relations:
        degree[r.source] += 1
        degree[r.target] += 1
    ranked = [ident for ident, _ in degree.most_common(10)]
    assert catalyst.id in ranked


def test_works_on_an_epci_across_departements_and_regions(tmp_path):
    t = load_territories()
    redon = "243500741"  # CA Redon Agglomération: Ille-et-Vilaine, Loire-Atlantique, Morbihan
    write_tables(local_ecosystem(f"epci:{redon}", seed=1, n_actors=150), tmp_path)
    model = load_valid(tmp_path)
    assert len(model.actors) == 150
    allowed = {("epci", redon)} | set(t.children("epci", redon)) | t.ancestors("epci", redon)
    assert model.territories() <= allowed


@pytest.mark.parametrize(("epci", "n"), [("999", 220), ("200050532", 220), (DEFAULT_EPCI, 20), (DEFAULT_EPCI, 5000)])
def test_impossible_requests_are_clean_errors(epci, n):
    with pytest.raises(SynthError) as err:
        local_ecosystem(epci, n_actors=n)
    assert "EPCI" in str(err.value) or "acteurs" in str(err.value)


def test_readme_says_fictional_and_how_to_regenerate(tables):
    text = (EXAMPLE / "README.md").read_text(encoding="utf-8")
    assert "FICTIVES" in text and "généré" in text
    assert "ecosysteme generer --epci 242900835 --graine 2020 -o data/exemple-epci" in text
    for name in TABLES:  # the row counts the README gives are those of the files
        assert f"| `{name}.csv` | {len(tables[name]) - 1} |" in text, name
    for code in gap_communes():
        assert f"({code})" in text


def test_generated_dataset_declares_itself_fictional(loaded):
    """The ``jeu`` table says ``fictif: oui``: every map, view and report built from it shows the banner."""
    model, _ = loaded
    assert model.info.fictional is True
    assert model.info.title == "Écosystème local fictif de CA Morlaix Communauté"
