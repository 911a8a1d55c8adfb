"""The comparison of two versions of the bundled example, edited by a script: exact lists and the French report."""

from __future__ import annotations

import csv
import io
import json

import pytest

from ecosysteme.analysis.diff import diff_ecosystems
from ecosysteme.ecosystem import Ecosystem
from ecosysteme.io import load_valid
from ecosysteme.report.diff import build_diff_report, render_diff, write_diff_report
from tests.diff.versions import ROOT, make_versions

CLOSED_GAP = "« Défi zéro déchet de Locquirec » sans porteur ni relais présent sur {}"


@pytest.fixture(scope="module")
def versions(tmp_path_factory):
    old, new = make_versions(tmp_path_factory.mktemp("versions"))
    references = [load_valid(ROOT / "data" / "reseau")]
    return Ecosystem.read(old, references=references), Ecosystem.read(new, references=references)


@pytest.fixture(scope="module")
def result(versions):
    return diff_ecosystems(*versions)


@pytest.fixture(scope="module")
def report(versions, result):
    return build_diff_report(result, versions[0].model, versions[1].model)


def test_actors_added_removed_modified_and_renamed(result):
    data = result.to_json()["acteurs"]
    assert data["ajoutes"] == ["ressourcerie-du-pays-de-morlaix"]
    assert data["retires"] == ["plomberie-brunet"]
    assert data["modifies"] == [{"id": "conserverie-dubois", "champs": {
        "site_web": {"avant": None, "apres": "https://conserverie-dubois.example"}}}]
    assert data["renommes"] == [{"ancien": "brasserie-hamon", "nouveau": "brasserie-hamon-morlaix", "score": 1.0,
                                 "raison": "même site web (brasserie-hamon.example)", "champs": {}}]


def test_relations_read_through_the_rename(result):
    data = result.to_json()["relations"]
    assert data["ajoutees"] == [
        {"source": "pole-de-l-economie-sociale-et-solidaire", "cible": "prog-defi-zero-dechet-de-locquirec",
         "type": "relais"},
        {"source": "ressourcerie-du-pays-de-morlaix", "cible": "le-comptoir-des-aidants-de-morlaix",
         "type": "partenariat"}]
    assert data["retirees"] == [
        {"source": "plomberie-brunet", "cible": "union-regionale-des-cooperatives-et-asso", "type": "membre_de"},
        {"source": "laverie-fontaine", "cible": "le-velo-qui-rit-de-plougasnou", "type": "partenariat"}]
    # the renamed brewery's three relations are not removed and added again; one changed its amount
    assert data["modifiees"] == [
        {"source": "region-bretagne-service-ess-et-innovatio", "cible": "brasserie-hamon-morlaix",
         "type": "financement", "champs": {"montant": {"avant": 50000, "apres": 60000}}}]


def test_gap_closed_by_the_new_relay_and_opened_by_the_new_need(result):
    gaps = result.to_json()["trous"]
    assert gaps["ouverts"] == [
        {"genre": "besoin_non_couvert", "territoire": "commune:29279", "territoire_nom": "Taulé",
         "cle": "bes-reemploi-textile-taule",
         "titre": "Besoin « Réemploi des textiles (Taulé) » sans réponse sur Taulé"}]
    assert gaps["fermes"] == [
        {"genre": "programme_sans_relais", "territoire": f"commune:{code}", "territoire_nom": name,
         "cle": "prog-defi-zero-dechet-de-locquirec", "titre": CLOSED_GAP.format(name)}
        for code, name in (("29023", "Carantec"), ("29188", "Plougasnou"))]


def test_programmes_needs_and_quality(result):
    data = result.to_json()
    assert data["programmes"] == {"ajoutes": [], "retires": [], "renommes": [], "modifies": [
        {"id": "prog-defi-zero-dechet-de-locquirec", "champs": {"description": {
            "avant": "Programme fictif porté localement.",
            "apres": "Programme fictif porté localement, ouvert à la baie de Morlaix."}}}]}
    assert data["besoins"] == {"ajoutes": ["bes-reemploi-textile-taule"], "retires": [], "modifies": [],
                               "renommes": []}
    quality = data["qualite"]
    assert quality["acteurs"] == {"avant": 220, "apres": 220}
    assert quality["acteurs_qualifies"] == {"avant": 210, "apres": 210}
    actors = next(t for t in quality["tables"] if t["table"] == "acteurs")
    assert actors["lignes"] == {"avant": 220, "apres": 220}
    assert actors["completude"]["avant"] > actors["completude"]["apres"]  # the new actor has no website
    needs = next(t for t in quality["tables"] if t["table"] == "besoins")
    assert needs["lignes"] == {"avant": 38, "apres": 39}


def test_the_same_version_twice_changes_nothing(versions):
    same = diff_ecosystems(versions[0], versions[0])
    assert same.empty
    assert same.to_json()["relations"] == {"ajoutees": [], "retirees": [], "modifiees": []}


def test_without_renames_a_rename_is_a_removal_and_an_addition(versions):
    plain = diff_ecosystems(*versions, renames=False, gaps=False).to_json()
    assert plain["acteurs"]["ajoutes"] == ["brasserie-hamon-morlaix", "ressourcerie-du-pays-de-morlaix"]
    assert plain["acteurs"]["retires"] == ["brasserie-hamon", "plomberie-brunet"]
    assert len(plain["relations"]["retirees"]) == 5 and plain["relations"]["modifiees"] == []
    assert plain["trous"] is None


def test_french_markdown_counts_first(report):
    text = render_diff(report, "md")
    lines = text.splitlines()
    assert lines[0] == "# Ce qui a changé : v2020 → v2021"
    assert lines[2:8] == [
        "- Acteurs : 1 ajouté, 1 retiré, 1 modifié, 1 renommage à confirmer",
        "- Relations : 2 ajoutées, 2 retirées, 1 modifiée",
        "- Programmes : 0 ajouté, 0 retiré, 1 modifié",
        "- Besoins : 1 ajouté, 0 retiré, 0 modifié",
        "- Trous dans la raquette : 1 ouvert, 2 fermés",
        "- Acteurs qualifiés (monde, échelon et territoire connus) : 210 → 210 (95 % → 95 %)",
    ]
    assert ("- brasserie-hamon → brasserie-hamon-morlaix — Brasserie Hamon (même site web "
            "(brasserie-hamon.example), similarité 1)") in lines
    assert "- conserverie-dubois — Conserverie Dubois : site\\_web : (vide) → https://conserverie-dubois.example" \
        in lines
    assert "- plomberie-brunet — Plomberie Brunet" in lines
    assert ("- region-bretagne-service-ess-et-innovatio → brasserie-hamon-morlaix (financement) — Région Bretagne — "
            "service ESS et innovation sociale → Brasserie Hamon : montant : 50000 → 60000") in lines
    closed = lines.index("## Trous fermés (2)")
    assert lines.index("### Carantec (commune:29023)") > closed
    opened = lines.index("## Trous ouverts (1)")
    assert lines[opened + 4:opened + 7] == [
        "### Taulé (commune:29279)", "",
        "- bes-reemploi-textile-taule — Besoin « Réemploi des textiles (Taulé) » sans réponse sur Taulé "
        "(Besoins sans réponse)"]
    assert "## Programmes ajoutés (0)" not in lines  # empty sections are left out: the counts say so
    assert "| acteurs | 220 → 220 | 92 % | 92 % | \\-0,0 pt |" in lines


def test_html_escapes_and_csv_lists_every_change(versions, report, tmp_path):
    written = write_diff_report(report, tmp_path / "sortie", ["html", "csv", "json"])
    assert [p.name for p in written] == ["diff.html", "diff.csv", "diff.json"]
    page = written[0].read_text(encoding="utf-8")
    assert '<html lang="fr">' in page and "Acteurs renommés — à confirmer" in page
    assert "Région Bretagne — service ESS et innovation sociale" in page
    rows = list(csv.DictReader(io.StringIO(written[1].read_text(encoding="utf-8-sig")), delimiter=";"))
    changes = {(r["changement"], r["id"]) for r in rows}
    assert ("retrait", "plomberie-brunet") in changes and ("ajout", "ressourcerie-du-pays-de-morlaix") in changes
    assert ("fermé", "prog-defi-zero-dechet-de-locquirec") in changes
    assert json.loads(written[2].read_text(encoding="utf-8"))["acteurs"]["retires"] == ["plomberie-brunet"]


def test_html_escapes_user_strings(versions):
    from dataclasses import replace

    old, new = versions[0].model, versions[1].model
    evil = replace(new.actors["ressourcerie-du-pays-de-morlaix"], name="<img src=x onerror=alert(1)>")
    actors = {**new.actors, evil.id: evil}
    model = replace(new, actors=actors)
    report = build_diff_report(diff_ecosystems(old, model, gaps=False), old, model)
    page = render_diff(report, "html")
    assert "<img" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "\\<img" in render_diff(report, "md")


def test_one_format_to_a_file(report, tmp_path):
    target = tmp_path / "changements.md"
    assert write_diff_report(report, target, ["md"]) == [target]
    assert target.read_text(encoding="utf-8").startswith("# Ce qui a changé")
    assert [p.name for p in tmp_path.iterdir()] == ["changements.md"]  # no temporary file left


def test_a_renamed_need_is_followed_everywhere_even_in_the_gaps(versions):
    from dataclasses import replace

    before = versions[0]
    old_id, new_id = "bes-sante-28", "bes-sante-28-bis"  # a need without answer: a gap of both versions
    m = before.model

    def swap(ids):
        return tuple(new_id if i == old_id else i for i in ids)

    needs = {(new_id if k == old_id else k): (replace(v, id=new_id) if k == old_id else v) for k, v in m.needs.items()}
    model = replace(m, needs=needs,
                    actors={k: replace(a, needs=swap(a.needs)) for k, a in m.actors.items()},
                    programmes={k: replace(p, needs=swap(p.needs)) for k, p in m.programmes.items()},
                    relations=[replace(r, source=swap((r.source,))[0], target=swap((r.target,))[0])
                               for r in m.relations])
    after = Ecosystem(model, references=before.references)
    data = diff_ecosystems(before, after).to_json()
    assert data["besoins"] == {"ajoutes": [], "retires": [], "modifies": [], "renommes": [
        {"ancien": old_id, "nouveau": new_id, "score": 1.0, "raison": "noms très proches", "champs": {}}]}
    assert data["acteurs"]["modifies"] == [] and data["programmes"]["modifies"] == []
    assert data["relations"] == {"ajoutees": [], "retirees": [], "modifiees": []}
    assert data["trous"] == {"ouverts": [], "fermes": []}
    unread = diff_ecosystems(before, after, renames=False).to_json()
    assert unread["trous"]["fermes"][0]["cle"] == old_id and unread["trous"]["ouverts"][0]["cle"] == new_id


def test_relations_on_several_rows_are_compared_as_sets_of_rows(versions):
    from dataclasses import replace
    from decimal import Decimal

    m = versions[0].model
    first = next(r for r in m.relations if r.type == "financement")
    twice = replace(m, relations=[*m.relations, replace(first, amount=Decimal(999))])
    both = diff_ecosystems(twice, replace(twice, relations=list(reversed(twice.relations))), gaps=False)
    assert both.relations.modified == ()  # the same rows in another order
    data = diff_ecosystems(m, twice, gaps=False).to_json()["relations"]
    assert data["ajoutees"] == [] and data["retirees"] == []
    [change] = data["modifiees"]
    assert (change["source"], change["cible"], change["type"]) == (first.source, first.target, "financement")
    before, after = change["champs"]["lignes"]["avant"], change["champs"]["lignes"]["apres"]
    assert len(before) == 1 and sorted(r["montant"] for r in after) == sorted([before[0]["montant"], 999])
