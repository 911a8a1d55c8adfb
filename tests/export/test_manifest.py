"""An output folder tells a complete set from a partial one, and a killed run's temporaries are swept."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from ecosysteme.export import export_model
from ecosysteme.export.manifest import MANIFEST, check_manifest, input_fingerprint
from tests.conftest import ROOT

EXAMPLE = ROOT / "data" / "exemple-epci"


def test_build_writes_a_manifest_last_and_sweeps_what_a_killed_build_left(tmp_path):
    out = tmp_path / "sortie"
    out.mkdir()
    # What SIGKILL leaves behind (the name atomic writes use), and a file of the user's that looks alike.
    leftover = out / ".graphe.nt.k3j_x9a2.tmp"
    leftover.write_bytes(b"<a> <b> <c> .\n" * 1000)
    mine = out / "notes.tmp"
    mine.write_text("à garder", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "ecosysteme", "build", str(EXAMPLE), "-o", str(out)],
                          capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    assert not leftover.exists() and mine.exists()
    assert not [p.name for p in out.iterdir() if p.name.endswith(".tmp") and p != mine]
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    listed = {f["fichier"] for f in manifest["fichiers"]}
    assert {"graphe.ttl", "graphe.gexf", "noeuds.csv", "liens.csv"} <= listed
    assert listed == {p.relative_to(out).as_posix() for p in out.rglob("*")
                      if p.is_file() and p.name not in (MANIFEST, mine.name)}
    assert manifest["jeu"] == "exemple-epci"
    assert manifest["source"] == {"nom": "exemple-epci", "empreinte": input_fingerprint(EXAMPLE)}
    assert check_manifest(out) == []
    # A file changed afterwards (or a mix of two builds) is told.
    (out / "graphe.ttl").write_text("# autre construction\n", encoding="utf-8")
    assert check_manifest(out) == ["graphe.ttl a changé depuis la construction."]


def test_an_interrupted_export_leaves_no_manifest(tmp_path, small_model, monkeypatch):
    import ecosysteme.export.writers as writers

    export_model(small_model, tmp_path, ["graphml", "gexf"])
    assert check_manifest(tmp_path) == []

    def boom(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(writers, "write_gexf", boom)
    with pytest.raises(KeyboardInterrupt):
        export_model(small_model, tmp_path, ["graphml", "gexf"])
    problems = check_manifest(tmp_path)
    assert len(problems) == 1 and MANIFEST in problems[0] and "pas allée au bout" in problems[0]


def test_the_fingerprint_follows_the_input(tmp_path):
    src = tmp_path / "jeu"
    src.mkdir()
    (src / "acteurs.csv").write_text("id;nom\na;A\n", encoding="utf-8")
    first = input_fingerprint(src)
    (src / "LISEZMOI.md").write_text("pas une table", encoding="utf-8")
    assert input_fingerprint(src) == first
    (src / "acteurs.csv").write_text("id;nom\na;B\n", encoding="utf-8")
    assert input_fingerprint(src) != first
