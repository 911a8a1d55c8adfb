"""A wheel works on its own: the ontology and the bundled data travel inside it.

Builds the wheel as ``pip wheel`` does, installs it into a folder of its own,
and runs the CLI from elsewhere, with that folder first on the path: nothing
may be read from this checkout.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from ecosysteme.datasets import SHIPPED, shipped
from tests.conftest import ROOT

#: What a build never needs (and the checkout may hold): copying the rest keeps the build out of the checkout.
IGNORED = shutil.ignore_patterns(".git", ".venv", "node_modules", "build", "dist", "*.egg-info", "__pycache__",
                                 ".pytest_cache", ".ruff_cache", "test-artifacts", "sortie-demo", "notebooks")


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    source = tmp_path_factory.mktemp("source") / "ecosysteme"
    shutil.copytree(ROOT, source, ignore=IGNORED)
    wheels = tmp_path_factory.mktemp("roues")
    # The test extra installs setuptools >= 77 in this environment: no build backend is fetched.
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                            "-w", str(wheels), str(source)], capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stderr
    (wheel,) = wheels.glob("ecosysteme-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    # setup.py copies what ecosysteme.datasets looks for (two lists that must agree)
    expected = [f"{name}/{marker}" for name, (_checkout, marker) in SHIPPED.items()]
    for inside in (*expected, "ontology/queries/q1_besoins_non_couverts.rq", "ontology/contexte.jsonld",
                   "reseau/README.md"):
        assert f"ecosysteme/_data/{inside}" in names, inside
    site = tmp_path_factory.mktemp("site")
    done = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(site),
                           str(wheel)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return site


def run(site: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(site)}
    env.pop("ECOSYSTEME_DATA", None)
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=600)


def test_the_installed_wheel_reads_its_own_copies(installed, tmp_path):
    probe = run(installed, tmp_path, "-c", "import ecosysteme, ecosysteme.datasets as d; print(ecosysteme.__file__); "
                                           "[print(d.shipped(n)) for n in d.SHIPPED]")
    assert probe.returncode == 0, probe.stderr
    paths = [Path(line) for line in probe.stdout.splitlines()]
    assert len(paths) == 5 and all(p.is_relative_to(installed) for p in paths), paths


def test_the_installed_wheel_builds_a_store_and_answers_sparql(installed, tmp_path):
    data = installed / "ecosysteme" / "_data" / "exemple-epci"
    built = run(installed, tmp_path, "-m", "ecosysteme", "build", str(data), "--out", "sortie",
                "--magasin", "magasin", "-q")
    assert built.returncode == 0, built.stderr
    assert (tmp_path / "sortie" / "graphe.ttl").stat().st_size > 10_000
    answer = run(installed, tmp_path, "-m", "ecosysteme", "sparql", "--magasin", "magasin", "--format", "csv",
                 "SELECT (COUNT(?a) AS ?n) WHERE { GRAPH ?g { ?a a eco:Acteur } }")
    assert answer.returncode == 0, answer.stderr
    assert answer.stdout.split() == ["n", "220"]


def test_an_editable_checkout_reads_the_checkout():
    # make test installs editable: edits to ontology/ and data/ must take effect without reinstalling.
    assert not (ROOT / "src" / "ecosysteme" / "_data").exists()
    for name, (checkout, _marker) in SHIPPED.items():
        assert shipped(name) == ROOT / checkout, name
