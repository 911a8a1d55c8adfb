"""National synthetic ecosystems: real territories, heavy-tailed degrees, mixing between worlds."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter

import numpy as np
import pytest

from ecosysteme import vocab
from ecosysteme.io import read_tables
from ecosysteme.synth import SynthError, national_ecosystem, synthetic_model, write_tables
from ecosysteme.territories import load_territories

N = 6000


@pytest.fixture(scope="module")
def tables():
    return national_ecosystem(N, seed=3)


@pytest.fixture(scope="module")
def model():
    return synthetic_model(10_000, seed=1)


def rows(tables, name):
    header, *body = tables[name]
    return [dict(zip(header, r, strict=True)) for r in body]


def test_synthetic_model_at_10k_validates(model):
    assert len(model.actors) == 10_000
    assert len(model.relations) == 50_000
    assert len(model.programmes) == 200 and len(model.needs) == 500
    assert {r.type for r in model.relations} == set(vocab.RELATION_TYPES)
    assert {a.world for a in model.actors.values()} == set(vocab.SCHEMES["monde"])
    assert {a.level for a in model.actors.values()} == set(vocab.SCHEMES["echelon"])
    assert {n.domain for n in model.needs.values()} <= {k for k, c in vocab.SCHEMES["domaine"].items() if c.broader}
    assert all(p.carriers for p in model.programmes.values())


def test_same_seed_same_tables_other_seed_other_tables(tables):
    assert national_ecosystem(N, seed=3) == tables
    other = national_ecosystem(N, seed=4)
    assert other["acteurs"] != tables["acteurs"] and other["relations"] != tables["relations"]


def test_sizes_scale_with_the_number_of_actors(tables):
    assert len(tables["acteurs"]) - 1 == N
    assert len(tables["relations"]) - 1 == 5 * N
    assert len(tables["programmes"]) - 1 == N // 50
    assert len(tables["besoins"]) - 1 == N // 20
    small = national_ecosystem(500, seed=0, relations_per_actor=2.0)
    assert len(small["relations"]) - 1 == 1000


def test_actors_sit_on_real_communes_in_proportion_to_population(tables):
    t = load_territories()
    actors = rows(tables, "acteurs")
    levels = Counter(a["echelon"] for a in actors)
    assert levels["local"] > levels["intercommunal"] > levels["national"]
    assert levels["local"] > 0.5 * N
    for a in actors:
        level, _, code = a["territoires"].partition(":")
        assert a["territoires"] == "france" or t.get(level, code) is not None, a
    communes = Counter(a["territoires"] for a in actors if a["echelon"] == "local")
    biggest = max(t.all("commune"), key=lambda c: c.population or 0)  # Paris
    assert communes[f"commune:{biggest.code}"] >= 0.01 * levels["local"]  # ~3 % of the population


def test_degrees_are_heavy_tailed(tables):
    degree = Counter()
    for r in rows(tables, "relations"):
        if r["source"].startswith("a") and r["cible"].startswith("a"):
            degree[r["source"]] += 1
            degree[r["cible"]] += 1
    values = np.array([degree.get(a["id"], 0) for a in rows(tables, "acteurs")])
    assert values.max() >= 15 * values.mean()
    top = np.sort(values)[::-1]
    assert top[: N // 100].sum() >= 0.08 * values.sum()  # the top 1 % hold a large share of the links


def test_partnerships_mix_worlds_with_homophily(tables):
    world = {a["id"]: a["monde"] for a in rows(tables, "acteurs")}
    dep = {a["id"]: a["territoires"] for a in rows(tables, "acteurs")}
    partners = [r for r in rows(tables, "relations") if r["type"] == "partenariat"]
    cross = sum(world[r["source"]] != world[r["cible"]] for r in partners) / len(partners)
    assert 0.2 <= cross <= 0.6
    shares = Counter(world.values())
    random_cross = 1 - sum((c / N) ** 2 for c in shares.values())
    assert cross < random_cross - 0.1  # homophily: fewer cross-world links than at random
    assert len({dep[r["source"]] for r in partners}) > 100


def test_relation_types_respect_who_can_do_what(tables):
    types = {a["id"]: a["type"] for a in rows(tables, "acteurs")}
    for r in rows(tables, "relations"):
        if r["type"] == "financement":
            assert types[r["source"]] in ("financeur", "institution", "collectivite")
            assert r["montant"].isdigit() and r["date_debut"]
        elif r["type"] == "membre_de":
            assert types[r["cible"]] in ("reseau", "catalyseur")
        elif r["type"] == "porte":
            assert r["cible"].startswith("p")
        elif r["type"] == "repond_a":
            assert r["cible"].startswith("b")
        assert r["source"] != r["cible"]
    keys = [(r["source"], r["cible"], r["type"]) for r in rows(tables, "relations")]
    assert len(keys) == len(set(keys))


def test_write_tables_round_trip(tmp_path, tables):
    small = national_ecosystem(300, seed=9)
    paths = write_tables(small, tmp_path)
    assert sorted(p.name for p in paths) == sorted(f"{n}.csv" for n in small)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in paths)  # no temp file left
    raw = read_tables(tmp_path)
    for name, table in small.items():
        assert raw[name].separator == ";" and raw[name].encoding == "utf-8"
        assert raw[name].header == table[0]
        assert [cells for _, cells in raw[name].rows] == table[1:]


def test_out_of_range_sizes_are_clean_errors():
    with pytest.raises(SynthError):
        national_ecosystem(3)
    with pytest.raises(SynthError):
        national_ecosystem(100, relations_per_actor=-1)


def test_cli_generates_both_kinds(tmp_path):
    def run(*args):
        return subprocess.run([sys.executable, "-m", "ecosysteme", *map(str, args)], capture_output=True,
                              text=True, timeout=300)

    done = run("generer", "--acteurs", 400, "--graine", 2, "--out", tmp_path / "nat", "-q")
    assert done.returncode == 0 and done.stderr == "", done.stderr
    assert run("validate", tmp_path / "nat", "--sans-doublons").returncode == 0
    done = run("generer", "--epci", "242900835", "--acteurs", 120, "--out", tmp_path / "loc")
    assert done.returncode == 0, done.stderr
    assert "FICTIVES" in done.stderr
    assert len((tmp_path / "loc" / "acteurs.csv").read_text(encoding="utf-8").splitlines()) == 121
    done = run("generer", "--epci", "123", "--out", tmp_path / "x")
    assert done.returncode == 2 and "absent du référentiel" in done.stderr and "Traceback" not in done.stderr
    done = run("generer", "--out", tmp_path / "x")
    assert done.returncode == 2 and "--epci" in done.stderr
