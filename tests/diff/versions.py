"""Two versions of data/exemple-epci: the bundled one, and one edited by :func:`edit` as a year of work would."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "data" / "exemple-epci"
FICTIF = "Donnée fictive générée par ecosysteme.synth (graine 2020)"

#: The edits, by what a user would say of them.
REMOVED = "plomberie-brunet"  # the company closed: its row and its one relation go
RENAMED = ("brasserie-hamon", "brasserie-hamon-morlaix")  # same name and website, new id everywhere
ADDED = "ressourcerie-du-pays-de-morlaix"
CHANGED = "conserverie-dubois"  # gets a website
NEW_RELAY = ("pole-de-l-economie-sociale-et-solidaire", "prog-defi-zero-dechet-de-locquirec", "relais")
DROPPED = ("laverie-fontaine", "le-velo-qui-rit-de-plougasnou", "partenariat")
NEW_NEED = "bes-reemploi-textile-taule"  # a need nothing answers yet: a gap opens
PROGRAMME = "prog-defi-zero-dechet-de-locquirec"  # its description grows


def _read(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh, delimiter=";"))


def _write(path: Path, rows: list[list[str]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, delimiter=";", lineterminator="\n").writerows(rows)


def copy_example(target: Path) -> Path:
    shutil.copytree(EXAMPLE, target)
    return target


def edit(folder: Path) -> Path:
    """Apply the edits above to a copy of the example, in place."""
    old_id, new_id = RENAMED
    actors = _read(folder / "acteurs.csv")
    header = actors[0]
    col = {name: i for i, name in enumerate(header)}
    kept = [header]
    for row in actors[1:]:
        if row[0] == REMOVED:
            continue
        if row[0] == old_id:
            row[0] = new_id
        if row[0] == CHANGED:
            row[col["site_web"]] = "https://conserverie-dubois.example"
        kept.append(row)
    new = [""] * len(header)
    new[col["id"]], new[col["nom"]], new[col["type"]] = ADDED, "Ressourcerie du Pays de Morlaix", "association"
    new[col["monde"]], new[col["echelon"]], new[col["natures"]] = "associations", "local", "gestion"
    new[col["territoires"]], new[col["provenance"]] = "commune:29151", FICTIF
    kept.append(new)
    _write(folder / "acteurs.csv", kept)

    needs = _read(folder / "besoins.csv")
    needs.append([NEW_NEED, "Réemploi des textiles (Taulé)", "", "environnement", "commune:29279",
                  "Besoin fictif ajouté pour l'essai.", FICTIF])
    _write(folder / "besoins.csv", needs)
    programmes = _read(folder / "programmes.csv")
    for row in programmes:
        if row[0] == PROGRAMME:
            row[programmes[0].index("description")] = "Programme fictif porté localement, ouvert à la baie de Morlaix."
    _write(folder / "programmes.csv", programmes)

    relations = _read(folder / "relations.csv")
    out = [relations[0]]
    for row in relations[1:]:
        source, target, kind = row[:3]
        if REMOVED in (source, target) or (source, target, kind) == DROPPED:
            continue
        row[0], row[1] = (new_id if x == old_id else x for x in (source, target))
        if (row[0], row[1], kind) == ("region-bretagne-service-ess-et-innovatio", new_id, "financement"):
            row[3] = "60 000"
        out.append(row)
    out.append([*NEW_RELAY, "", "01/03/2021", "", FICTIF])
    out.append([ADDED, "le-comptoir-des-aidants-de-morlaix", "partenariat", "", "", "", FICTIF])
    _write(folder / "relations.csv", out)
    return folder


def make_versions(base: Path) -> tuple[Path, Path]:
    """``(ancien, nouveau)`` folders under ``base``."""
    old = copy_example(base / "v2020")
    new = edit(copy_example(base / "v2021"))
    return old, new
