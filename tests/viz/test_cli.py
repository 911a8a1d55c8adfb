"""``ecosysteme map`` / ``carte``, ``territoires`` and ``radar`` as a user runs them (real subprocess)."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import FIXTURES, ROOT


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "ecosysteme", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, timeout=300)


def _payload(html: str) -> dict:
    start = html.index('<script type="application/json" id="eco-data">') + len(
        '<script type="application/json" id="eco-data">')
    return json.loads(html[start:html.index("</script>", start)])


def test_map_and_its_french_alias(tmp_path):
    out = tmp_path / "carte.html"
    result = run("map", FIXTURES / "excel_cp1252", "-o", out, "--centre", "cc-rennes", "--rayon", "1",
                 "--importance", "pagerank", "--titre", "Ma carte")
    assert result.returncode == 0, result.stderr
    assert "Carte de 7 nœuds écrite dans" in result.stderr
    data = _payload(out.read_text(encoding="utf-8"))
    assert data["meta"]["centre"] == "cc-rennes" and data["meta"]["radius"] == 1
    assert data["meta"]["importance"] == "pagerank" and data["meta"]["title"] == "Ma carte"
    alias = run("carte", FIXTURES / "excel_cp1252", "-o", tmp_path / "alias.html", "-q")
    assert alias.returncode == 0 and alias.stderr == ""
    assert "Utilisation" in run("carte", "--help").stdout


def test_map_unknown_centre_is_a_clean_error(tmp_path):
    result = run("map", FIXTURES / "excel_cp1252", "-o", tmp_path / "x.html", "--centre", "rennes")
    assert result.returncode == 2
    assert "aucun acteur, programme ni besoin d'identifiant « rennes »" in result.stderr
    assert "identifiants proches : cc-rennes" in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "x.html").exists()


def test_map_refuses_invalid_tables(tmp_path):
    (tmp_path / "acteurs.csv").write_text("id;nom;type\na1;X;banque\n", encoding="utf-8")
    result = run("map", tmp_path, "-o", tmp_path / "x.html")
    assert result.returncode == 1 and not (tmp_path / "x.html").exists()


def test_territory_view(tmp_path):
    out = tmp_path / "vue.html"
    result = run("territoires", ROOT / "data" / "reseau", "-o", out, "--niveaux", "region,departement", "-q")
    assert result.returncode == 0, result.stderr
    page = out.read_text(encoding="utf-8")
    assert "id='niveau-region'" in page and "id='niveau-departement'" in page and "id='niveau-epci'" not in page
    bad = run("territoires", ROOT / "data" / "reseau", "-o", out, "--niveaux", "canton")
    assert bad.returncode == 2 and "niveau de territoire inconnu" in bad.stderr


def test_radar_of_one_region_from_the_bundled_indices(tmp_path):
    result = run("radar", "--region", "53", "-o", tmp_path)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["radar-53.html", "radar-53.png"]
    bad = run("radar", "--region", "99", "-o", tmp_path)
    assert bad.returncode == 2 and "région « 99 » absente des indices" in bad.stderr
    fmt = run("radar", "--formats", "svg", "-o", tmp_path)
    assert fmt.returncode == 2 and "format(s) inconnu(s) : svg" in fmt.stderr


def test_map_hides_sensitive_fields_from_the_file(tmp_path):
    out = tmp_path / "publique.html"
    result = run("carte", ROOT / "data" / "exemple-epci", "-o", out, "--masquer", "montants,contacts", "-q")
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    data = _payload(text)
    assert data["meta"]["hidden"] == ["montants", "contacts"] and data["meta"]["fictional"] is True
    assert "amount" not in data["edges"] and not any(data["nodes"]["site"])
    assert ".example" not in text  # the example's websites
    bad = run("carte", ROOT / "data" / "exemple-epci", "-o", tmp_path / "x.html", "--masquer", "telephones")
    assert bad.returncode == 2 and "champ inconnu « telephones »" in bad.stderr and "montants" in bad.stderr
    assert not (tmp_path / "x.html").exists()
