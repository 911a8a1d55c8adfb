"""The catalyst's notebook (spreadsheet → validation → map, territory view, radar) runs in a real kernel."""

from __future__ import annotations

import os

from tests.notebooks import run_notebook


def test_catalyst_notebook_executes(tmp_path, monkeypatch):
    monkeypatch.setenv("ECOSYSTEME_SORTIES", str(tmp_path / "sorties"))
    outputs, text = run_notebook("catalyseur.ipynb", cwd=tmp_path)
    assert "0 erreur(s)" in text and "220 acteurs" in text
    assert "Le Maillon, catalyseur territorial de Morlaix Communauté" in text
    assert any("image/png" in o.get("data", {}) for o in outputs)  # the radar, shown inline
    inline = [o["data"]["text/html"] for o in outputs if "text/html" in o.get("data", {}) and "srcdoc" in
              "".join(o["data"]["text/html"])]
    assert len(inline) == 1 and "<iframe" in "".join(inline[0])  # the map, shown inline in its own frame
    written = {p.relative_to(tmp_path / "sorties").as_posix() for p in (tmp_path / "sorties").rglob("*")
               if p.is_file()}
    assert written == {"mon-ecosysteme.xlsx", "carte.html", "carte-voisinage.html", "territoires.html",
                       "radars/radar-53.html", "radars/radar-53.png"}
    assert os.path.getsize(tmp_path / "sorties" / "carte.html") > 600_000  # vis-network is inside the page
