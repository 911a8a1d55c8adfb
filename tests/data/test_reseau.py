"""The network's data extracted from the seed deck: valid, traceable, and faithful to the deck."""

from __future__ import annotations

import csv
import re

import pytest

from ecosysteme.io import load
from tests.conftest import ROOT

RESEAU = ROOT / "data" / "reseau"
DECK = ROOT.parent / "shared" / "seeds" / "000_f4001280ebb300a6.txt"


@pytest.fixture(scope="module")
def reseau():
    model, report = load(RESEAU, dataset="reseau")
    return model, report


def _norm(text: str) -> str:
    text = text.replace("’", "'").replace("\u00a0", " ")
    text = re.sub(r"[\uf000-\uf0ff■•]", "", text)
    return re.sub(r"\s+", "", text)


def _quotes(text: str) -> list[str]:
    out, depth, cur = [], 0, ""
    for ch in text:
        if ch == "«":
            depth += 1
            if depth == 1:
                cur = ""
                continue
        if ch == "»":
            depth -= 1
            if depth == 0:
                out.append(cur)
                continue
        if depth >= 1:
            cur += ch
    return out


def test_bundled_data_is_valid(reseau):
    model, report = reseau
    assert report.ok, [str(i) for i in report.errors]
    assert len(model.actors) == 90 and len(model.programmes) == 74 and len(model.relations) == 178


def test_every_row_cites_the_deck_and_every_quote_is_in_it():
    if not DECK.exists():
        pytest.fail(f"le diaporama source est attendu en {DECK} (dossier shared/ à côté du dépôt)")
    deck = _norm(DECK.read_text(encoding="utf-8"))
    missing = []
    for path in sorted(RESEAU.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            for number, row in enumerate(csv.DictReader(fh, delimiter=";"), start=2):
                quotes = _quotes(row.get("provenance", ""))
                assert quotes, f"{path.name} ligne {number} : provenance sans citation"
                for quote in quotes:
                    for part in re.split(r"…| — | – ", quote):
                        if len(_norm(part)) >= 4 and _norm(part) not in deck:
                            missing.append((path.name, number, part[:80]))
    assert not missing, missing[:10]


def test_inventory_sections_and_axes(reseau):
    model, _ = reseau
    inventory = [p for p in model.programmes.values() if p.axis]
    assert sum(p.axis == "urgence" for p in inventory) == 32
    assert sum(p.axis == "relance" for p in inventory) == 23
    themes = {t for p in inventory for t in p.themes}
    assert themes == {"acces_information", "continuite_activite", "consolidation_mse", "mobilisation_competences",
                      "alliances_strategiques", "mutualisation_moyens"}
    releve = next(p for p in model.programmes.values() if "Relève Solidaire" in p.name)
    funding = [r for r in model.relations if r.target == releve.id and r.type == "financement"]
    assert {r.source for r in funding} >= {"banque-des-territoires", "regions"}
    assert any(r.amount == 15_000_000 for r in funding)


def test_impact_table_values_from_the_deck(reseau):
    model, _ = reseau
    assert len(model.indicators) == 17
    values = {(o.indicator, o.territory): o.value for o in model.observations}
    assert len(values) == 17 * 14
    assert values[("Freco.1", ("pays", "FR"))] == 8.4  # "Freco.1 2019 (T1) 8,4 8,2 8 7,5 …"
    assert values[("Freco.1", ("region", "53"))] == 7.2  # Bretagne
    assert values[("Frétale.5", ("region", "11"))] == 43.8  # Ile de France, transports en commun
    assert values[("Frsoc.1", ("region", "94"))] == 19.8  # Corse, taux de pauvreté 2015
    directions = {i.code: i.direction for i in model.indicators.values()}
    assert directions["Freco.1"] == "hausse_fragilise"
    assert sum(d is None for d in directions.values()) == 6  # left empty where the deck is ambiguous


def test_duplicate_detector_still_sees_the_variants(reseau):
    model, _ = reseau
    idealco = next(a for a in model.actors.values() if a.name.startswith("IdealCo") or "IdéalCo" in a.aliases)
    assert idealco.aliases  # the variant spelling is kept
