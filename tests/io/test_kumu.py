"""A Kumu export is read as the input format: our own ``export --format kumu`` and a map written as Kumu writes it."""

from __future__ import annotations

import subprocess
import sys

from ecosysteme.datasets import bundled
from ecosysteme.export import export_model
from ecosysteme.io import load, load_valid


def _relations(model):
    return sorted((r.source, r.target, r.type, r.amount, str(r.start), str(r.end)) for r in model.relations)


def test_our_kumu_export_reads_back_as_the_same_ecosystem(tmp_path):
    original = load_valid(bundled("exemple-epci"))
    export_model(original, tmp_path, ["kumu"])
    again = load_valid(tmp_path)
    assert again.actors.keys() == original.actors.keys()
    for ident, actor in original.actors.items():
        other = again.actors[ident]
        assert (other.name, other.type, other.world, other.level, set(other.territories), set(other.natures),
                set(other.needs), other.website) == (actor.name, actor.type, actor.world, actor.level,
                                                     set(actor.territories), set(actor.natures), set(actor.needs),
                                                     actor.website), ident
        assert other.attributes == ()  # every column of our export is a column of the format
    assert again.programmes.keys() == original.programmes.keys()
    assert all(set(again.programmes[p].carriers) == set(original.programmes[p].carriers) for p in original.programmes)
    assert again.needs.keys() == original.needs.keys()
    assert _relations(again) == _relations(original)


KUMU_ELEMENTS = """Label,Type,Description,Tags,Contact,territoires,monde
Tiers-lieu des Halles,Association,Un tiers-lieu,alimentation|emploi,Jeanne Martin,epci:242900835,associations
Boulangerie Le Fournil,Entreprise,'-20 % le lundi,artisanat,,commune:29151,entreprises
"""
KUMU_CONNECTIONS = """From,To,Type,Direction
Tiers-lieu des Halles,Boulangerie Le Fournil,partenariat,undirected
Boulangerie Le Fournil,Tiers-lieu des Halles,cousinage,directed
"""


def test_a_kumu_map_keeps_its_own_fields_and_errors_name_the_kumu_file(tmp_path):
    (tmp_path / "elements.csv").write_text(KUMU_ELEMENTS, encoding="utf-8")
    (tmp_path / "connections.csv").write_text(KUMU_CONNECTIONS, encoding="utf-8")
    model, report = load(tmp_path)
    halles = model.actors["tiers-lieu-des-halles"]
    assert halles.type == "association" and halles.name == "Tiers-lieu des Halles"
    assert dict(halles.attributes) == {"tags": "alimentation|emploi", "contact": "Jeanne Martin"}
    assert dict(model.actors["boulangerie-le-fournil"].attributes) == {"tags": "artisanat"}
    assert model.actors["boulangerie-le-fournil"].description == "-20 % le lundi"  # as our exports protect it
    [error] = report.errors
    assert (error.file, error.row, error.column) == ("connections.csv", 3, "type") and "cousinage" in error.value
    export_model(model, tmp_path / "exports", ["graphml", "gexf"])
    for name in ("graphe.graphml", "graphe.gexf"):  # the Kumu fields travel on to Gephi, yEd…
        text = (tmp_path / "exports" / name).read_text(encoding="utf-8")
        assert "attribut_contact" in text and "Jeanne Martin" in text, name
    assert [r.type for r in model.relations] == ["partenariat"]

    run = [sys.executable, "-m", "ecosysteme"]
    refused = subprocess.run([*run, "validate", str(tmp_path)], capture_output=True, text=True, timeout=300)
    assert refused.returncode == 1 and "connections.csv, ligne 3" in refused.stdout
    (tmp_path / "connections.csv").write_text(KUMU_CONNECTIONS.replace("cousinage", "membre_de"), encoding="utf-8")
    carte = subprocess.run([*run, "carte", str(tmp_path), "-o", str(tmp_path / "carte.html"), "-q"],
                           capture_output=True, text=True, timeout=300)
    assert carte.returncode == 0, carte.stderr
    assert "Boulangerie Le Fournil" in (tmp_path / "carte.html").read_text(encoding="utf-8")


def test_a_kumu_workbook_with_elements_and_connections_sheets(tmp_path):
    """Kumu's Excel export: typed numbers and dates in the cells, errors naming the sheet."""
    from datetime import datetime

    from openpyxl import Workbook

    book = Workbook()
    elements = book.active
    elements.title = "Elements"
    elements.append(["Label", "Type", "Description", "Tags", "territoires"])
    elements.append(["Fondation du Léon", "Financeur", "Fonds local", "mécénat", "epci:242900835"])
    elements.append(["Tiers-lieu des Halles", "Association", None, None, "epci:242900835"])
    connections = book.create_sheet("Connections")
    connections.append(["From", "To", "Type", "Direction", "montant", "debut"])
    connections.append(["Fondation du Léon", "Tiers-lieu des Halles", "financement", "directed", 12500.5,
                        datetime(2021, 3, 1)])
    book.save(tmp_path / "kumu.xlsx")
    model, report = load(tmp_path / "kumu.xlsx")
    assert report.ok, [str(i) for i in report.issues]
    assert dict(model.actors["fondation-du-leon"].attributes) == {"tags": "mécénat"}
    [relation] = model.relations
    assert (relation.source, relation.target, relation.type) == ("fondation-du-leon", "tiers-lieu-des-halles",
                                                                 "financement")
    assert float(relation.amount) == 12500.5 and str(relation.start).startswith("2021-03-01")
