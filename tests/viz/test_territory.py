"""The ecosystem aggregated by real territory, checked on a hand-made ecosystem."""

from __future__ import annotations

import html

import pytest

from ecosysteme.viz import MapError, territory_summary, write_territory_view
from tests.viz.conftest import write_tables

# Rennes (35238) and Cesson-Sévigné (35051) are in Rennes Métropole (EPCI 243500139, Ille-et-Vilaine 35);
# Brest (29019) in Brest Métropole (Finistère 29); Nantes (44109) in Loire-Atlantique (44), région 52.
LOCAL = {
    "territoires": "code;nom\nepci:243500139;Rennes Métropole\n",
    "acteurs": (
        "id;nom;type;monde;territoires\n"
        "r1;Asso Rennes;association;associations;commune:35238\n"
        "r2;Entreprise Rennes;entreprise;entreprises;commune:35238\n"
        "c1;Asso Cesson;association;associations;commune:35051\n"
        "m;Rennes Métropole;collectivite;collectivites;epci:243500139\n"
        "b1;Asso Brest;association;associations;commune:29019\n"
        "n1;Asso Nantes;association;associations;commune:44109\n"
        "nat;Réseau national;reseau;;france\n"
    ),
    "programmes": "id;nom;porteurs;territoires\np;Programme breton;m;region:53\n",
    "relations": (
        "source;cible;type\n"
        "r1;r2;partenariat\n"      # inside Rennes
        "r1;c1;partenariat\n"      # Rennes - Cesson: same EPCI, different communes
        "c1;b1;relais\n"           # Ille-et-Vilaine - Finistère
        "r2;b1;financement\n"      # idem
        "b1;n1;partenariat\n"      # Bretagne - Pays de la Loire
        "r1;nat;membre_de\n"       # vertical: national network
    ),
}


@pytest.fixture(scope="module")
def local(tmp_path_factory):
    from ecosysteme.io import load_valid

    return load_valid(write_tables(tmp_path_factory.mktemp("local"), LOCAL), dataset="local")


def _row(summary, code):
    return next(r for r in summary.rows if r.ref and r.ref[1] == code)


def test_by_departement(local):
    s = territory_summary(local, "departement")
    ile = _row(s, "35")
    assert ile.name == "Ille-et-Vilaine"
    assert ile.worlds["associations"] == 2 and ile.worlds["entreprises"] == 1 and ile.worlds["collectivites"] == 1
    assert ile.actors == 4 and ile.population > 1_000_000
    assert _row(s, "29").actors == 1 and _row(s, "44").actors == 1
    assert s.wider.actors == 1 and s.wider.worlds["sans_monde"] == 1  # the national network
    assert s.wider.programmes == 1  # a regional programme is wider than a département
    pairs = {(c.a[1], c.b[1]): (c.count, c.types) for c in s.cross}
    assert pairs == {("29", "35"): (2, {"financement": 1, "relais": 1}), ("29", "44"): (1, {"partenariat": 1})}
    assert s.internal_links == 2  # r1-r2 and r1-c1
    assert s.vertical_links == 2  # r1 - the national network, m - its regional programme


def test_by_commune_and_epci(local):
    communes = territory_summary(local, "commune")
    assert _row(communes, "35238").actors == 2
    assert {(c.a[1], c.b[1]) for c in communes.cross} >= {("35051", "35238")}
    assert communes.wider.actors == 2  # the EPCI itself and the national network
    epci = territory_summary(local, "epci")
    assert _row(epci, "243500139").actors == 4 and _row(epci, "243500139").name == "Rennes Métropole"


def test_by_region(local):
    s = territory_summary(local, "region")
    assert _row(s, "53").actors == 5 and _row(s, "53").programmes == 1
    assert [(c.a[1], c.b[1], c.count) for c in s.cross] == [("52", "53", 1)]


def test_unknown_level(local):
    with pytest.raises(MapError, match="niveau de territoire inconnu"):
        territory_summary(local, "canton")


def test_page_is_static_and_escaped(tmp_path, xss_model):
    path = write_territory_view(xss_model, tmp_path / "vue.html")
    page = path.read_text(encoding="utf-8")
    assert "<script" not in page and "<img" not in page and "<iframe" not in page and "<b>" not in page
    assert "&lt;b&gt;jeu&lt;/b&gt;" in page
    assert "Par département" in html.unescape(page)
