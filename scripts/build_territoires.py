#!/usr/bin/env python3
"""Build the territory reference files in ``data/territoires/``.

The data comes from the npm package ``@etalab/decoupage-administratif``
(version pinned below), which ships the French administrative divisions
(INSEE Code officiel géographique, DGCL composition of EPCI, INSEE legal
populations) as JSON files.

Usage
-----
    python scripts/build_territoires.py             # npm pack in a temp dir
    python scripts/build_territoires.py --from DIR  # DIR = unpacked package
    python scripts/build_territoires.py --out DIR   # write somewhere else

The outputs are sorted UTF-8 CSV files (``\\n`` line endings) plus a
``SOURCE.json`` manifest; they contain no timestamp, so re-running the script
on the same package produces byte-identical files.

Only the standard library is used.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import re
import subprocess
import sys
import tarfile
import tempfile
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

PACKAGE_NAME = "@etalab/decoupage-administratif"
PACKAGE_VERSION = "6.0.0"
DATA_FILES = ("regions.json", "departements.json", "epci.json", "communes.json")

#: Type of the communes kept (INSEE "COM"); delegated/associated communes and
#: municipal arrondissements (Paris, Lyon, Marseille) are not territories of
#: their own: ``communes_rattachees.csv`` maps them to their commune.
COMMUNE_TYPE = "commune-actuelle"

#: Region labels as written in the IMPACT seed deck -> INSEE region code
#: (``None`` = national level).  Each label is checked against the package's
#: region name by :func:`normalize_name`.
IMPACT_REGIONS: tuple[tuple[str, str | None], ...] = (
    ("Grand Est", "44"),
    ("Nouvelle Aquitaine", "75"),
    ("Auvergne - Rhône - Alpes", "84"),
    ("Normandie", "28"),
    ("Bourgogne - Franche - Comté", "27"),
    ("Bretagne", "53"),
    ("Centre Val de Loire", "24"),
    ("Ile de France", "11"),
    ("Occitanie", "76"),
    ("Hauts de France", "32"),
    ("Pays de la Loire", "52"),
    ("Provence - Alpes - Côte d'Azur", "93"),
    ("Corse", "94"),
    ("France Métropole", None),
)

DEFAULT_OUT = Path(__file__).resolve().parent.parent / "data" / "territoires"


class BuildError(RuntimeError):
    """Raised when the package cannot be fetched or has unexpected content."""


def normalize_name(name: str) -> str:
    """Return a case-, accent- and punctuation-insensitive form of ``name``.

    Mirrors ``ecosysteme.territories.normalize_name`` (kept separate so that
    this script stays standalone).
    """
    text = (
        name.replace("œ", "oe").replace("Œ", "OE").replace("æ", "ae").replace("Æ", "AE")
    )
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.casefold()).split())


# --- input ----------------------------------------------------------------


def _read_package_dir(root: Path) -> tuple[dict[str, Any], dict[str, bytes]]:
    """Read ``package.json`` and the data files from an unpacked package."""
    if (
        not (root / "package.json").is_file()
        and (root / "package" / "package.json").is_file()
    ):
        root = root / "package"
    try:
        manifest = json.loads((root / "package.json").read_text(encoding="utf-8"))
        raw = {name: (root / "data" / name).read_bytes() for name in DATA_FILES}
    except FileNotFoundError as exc:
        raise BuildError(
            f"paquet incomplet dans {root} : {exc.filename} introuvable"
        ) from exc
    return manifest, raw


def _read_tarball(tgz: Path) -> tuple[dict[str, Any], dict[str, bytes]]:
    """Read ``package.json`` and the data files straight from an npm tarball."""

    def member(tar: tarfile.TarFile, name: str) -> bytes:
        try:
            handle = tar.extractfile(f"package/{name}")
        except KeyError as exc:
            raise BuildError(f"{name} absent de {tgz.name}") from exc
        if handle is None:
            raise BuildError(f"{name} n'est pas un fichier dans {tgz.name}")
        return handle.read()

    with tarfile.open(tgz, "r:gz") as tar:
        manifest = json.loads(member(tar, "package.json").decode("utf-8"))
        raw = {name: member(tar, f"data/{name}") for name in DATA_FILES}
    return manifest, raw


def fetch_with_npm() -> tuple[dict[str, Any], dict[str, bytes]]:
    """Run ``npm pack`` in a temporary directory and read the tarball."""
    spec = f"{PACKAGE_NAME}@{PACKAGE_VERSION}"
    with tempfile.TemporaryDirectory(prefix="decoupage-") as tmp:
        try:
            subprocess.run(
                ["npm", "pack", spec, "--silent"],
                cwd=tmp,
                check=True,
                capture_output=True,
                text=True,
            )
        except FileNotFoundError as exc:
            raise BuildError(
                "npm introuvable : installez Node.js ou utilisez --from DIR"
            ) from exc
        except subprocess.CalledProcessError as exc:
            raise BuildError(
                f"échec de « npm pack {spec} » :\n{exc.stderr.strip()}"
            ) from exc
        tarballs = sorted(Path(tmp).glob("*.tgz"))
        if len(tarballs) != 1:
            raise BuildError(
                f"npm pack n'a pas produit une archive unique : {tarballs}"
            )
        return _read_tarball(tarballs[0])


# --- transform ------------------------------------------------------------


def _load_json(raw: bytes, name: str) -> list[dict[str, Any]]:
    data = json.loads(raw.decode("utf-8"))
    if not isinstance(data, list):
        raise BuildError(f"{name} : liste JSON attendue")
    return data


def build_tables(raw: dict[str, bytes]) -> dict[str, Any]:
    """Turn the package JSON into sorted rows for each output file.

    Returns a dict with the keys ``regions``, ``departements``, ``epci``,
    ``communes``, ``regions_impact`` (lists of rows, header first) and
    ``stats`` (counts and dropped-record details for ``SOURCE.json``).
    """
    regions = _load_json(raw["regions.json"], "regions.json")
    departements = _load_json(raw["departements.json"], "departements.json")
    epcis = _load_json(raw["epci.json"], "epci.json")
    communes_all = _load_json(raw["communes.json"], "communes.json")

    region_rows = sorted((r["code"], r["nom"], r.get("zone", "")) for r in regions)
    region_codes = {row[0] for row in region_rows}
    if len(region_codes) != len(region_rows):
        raise BuildError("codes de région en double")

    dep_rows = sorted(
        (d["code"], d["nom"], d["region"], d.get("zone", "")) for d in departements
    )
    dep_region = {row[0]: row[2] for row in dep_rows}
    if len(dep_region) != len(dep_rows):
        raise BuildError("codes de département en double")
    unknown = sorted({r for r in dep_region.values() if r not in region_codes})
    if unknown:
        raise BuildError(f"départements rattachés à des régions inconnues : {unknown}")

    communes = [c for c in communes_all if c.get("type") == COMMUNE_TYPE]
    dropped: dict[str, int] = {}
    for c in communes_all:
        if c.get("type") != COMMUNE_TYPE:
            dropped[c.get("type", "?")] = dropped.get(c.get("type", "?"), 0) + 1
    commune_codes = {c["code"] for c in communes}
    if len(commune_codes) != len(communes):
        raise BuildError("codes de commune en double parmi les communes actuelles")

    commune_epci: dict[str, str] = {}
    epci_rows = []
    for e in epcis:
        epci_rows.append((e["code"], e["nom"], e.get("type", "")))
        for member in e.get("membres", []):
            code = member["code"]
            if code not in commune_codes:
                raise BuildError(
                    f"EPCI {e['code']} : membre {code} absent des communes actuelles"
                )
            if code in commune_epci:
                raise BuildError(f"commune {code} membre de deux EPCI")
            commune_epci[code] = e["code"]
    epci_rows.sort()
    if len({row[0] for row in epci_rows}) != len(epci_rows):
        raise BuildError("codes SIREN d'EPCI en double")

    commune_rows = []
    for c in communes:
        dep = c["departement"]
        if dep_region.get(dep) != c["region"]:
            raise BuildError(
                f"commune {c['code']} : région {c['region']} incohérente avec {dep}"
            )
        population = c.get("population")
        commune_rows.append(
            (
                c["code"],
                c["nom"],
                dep,
                c["region"],
                commune_epci.get(c["code"], ""),
                "" if population is None else str(int(population)),
            )
        )
    commune_rows.sort()

    attached_rows = _attached_rows(communes_all, communes, commune_codes)

    region_names = {row[0]: row[1] for row in region_rows}
    impact_rows = []
    for label, code in IMPACT_REGIONS:
        if code is None:
            impact_rows.append((label, "pays", "", "France"))
            continue
        name = region_names.get(code)
        if name is None or normalize_name(name) != normalize_name(label):
            raise BuildError(
                f"libellé IMPACT « {label} » ne correspond pas "
                f"à la région {code} ({name})"
            )
        impact_rows.append((label, "region", code, name))

    without_epci = sorted(code for code in commune_codes if code not in commune_epci)
    stats = {
        "regions": len(region_rows),
        "departements": len(dep_rows),
        "epci": len(epci_rows),
        "communes": len(commune_rows),
        "communes_sans_epci": len(without_epci),
        "communes_sans_population": sum(1 for row in commune_rows if row[5] == ""),
        "enregistrements_communes_ecartes": dict(sorted(dropped.items())),
    }
    return {
        "regions": [("code", "nom", "zone"), *region_rows],
        "departements": [("code", "nom", "region", "zone"), *dep_rows],
        "epci": [("code", "nom", "type"), *epci_rows],
        "communes": [
            ("code", "nom", "departement", "region", "epci", "population"),
            *commune_rows,
        ],
        "regions_impact": [("libelle", "niveau", "code", "nom"), *impact_rows],
        "communes_rattachees": [("code", "nom", "type", "commune"), *attached_rows],
        "stats": stats,
    }


def _attached_rows(communes_all: list[dict[str, Any]], communes: list[dict[str, Any]],
                   commune_codes: set[str]) -> list[tuple[str, str, str, str]]:
    """Real COG codes that are not current communes, with the current commune they count for.

    Municipal arrondissements (75101 -> 75056), delegated and associated
    communes (01039 -> 01138) and the former codes of merged communes
    (``anciensCodes``): validation names the code to write instead of calling
    them unknown. A code that is also a current commune's is left out.
    """
    rows: dict[str, tuple[str, str, str, str]] = {}
    for c in communes_all:
        parent = c.get("commune") or c.get("chefLieu")
        if c.get("type") == COMMUNE_TYPE or not parent or c["code"] in commune_codes:
            continue
        if parent not in commune_codes:
            raise BuildError(f"{c['type']} {c['code']} : commune de rattachement {parent} inconnue")
        rows[c["code"]] = (c["code"], c["nom"], c["type"], parent)
    for c in communes:
        for old in c.get("anciensCodes", []):
            if old not in commune_codes and old not in rows:
                rows[old] = (old, "", "ancien-code", c["code"])
    return sorted(rows.values())


# --- output ---------------------------------------------------------------


def _csv_bytes(rows: list[tuple[str, ...]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _write_if_changed(path: Path, content: bytes) -> bool:
    if path.is_file() and path.read_bytes() == content:
        return False
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_bytes(content)
    tmp.replace(path)
    return True


def write_outputs(
    out_dir: Path,
    manifest: dict[str, Any],
    raw: dict[str, bytes],
    log: Callable[[str], None] = print,
) -> dict[str, Any]:
    """Validate the package, build the tables and write them into ``out_dir``."""
    if (
        manifest.get("name") != PACKAGE_NAME
        or manifest.get("version") != PACKAGE_VERSION
    ):
        raise BuildError(
            f"paquet inattendu : {manifest.get('name')}@{manifest.get('version')} "
            f"(attendu {PACKAGE_NAME}@{PACKAGE_VERSION})"
        )
    tables = build_tables(raw)
    out_dir.mkdir(parents=True, exist_ok=True)
    files = {
        f"{name}.csv": _csv_bytes(tables[name])
        for name in ("regions", "departements", "epci", "communes", "regions_impact", "communes_rattachees")
    }
    source = {
        "paquet": PACKAGE_NAME,
        "version": PACKAGE_VERSION,
        "licence": manifest.get("license"),
        "licence_donnees": (
            "Licence Ouverte / Open Licence (Etalab), selon le README du paquet"
        ),
        "depot": manifest.get("repository"),
        "producteur": "Etalab",
        "types_communes_conserves": [COMMUNE_TYPE],
        "sha256_fichiers_source": {
            f"data/{name}": hashlib.sha256(raw[name]).hexdigest() for name in DATA_FILES
        },
        "effectifs": tables["stats"],
    }
    files["SOURCE.json"] = (
        json.dumps(source, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    ).encode("utf-8")
    for name, content in files.items():
        changed = _write_if_changed(out_dir / name, content)
        status = "écrit" if changed else "inchangé"
        log(f"{status:<8} {out_dir / name} ({len(content)} octets)")
    return tables["stats"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=(
            f"Construit data/territoires/ à partir de {PACKAGE_NAME}@{PACKAGE_VERSION}."
        )
    )
    parser.add_argument(
        "--from",
        dest="source",
        type=Path,
        help=(
            "dossier du paquet déjà décompressé "
            "(sinon : npm pack dans un dossier temporaire)"
        ),
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_OUT,
        help=f"dossier de sortie (défaut : {DEFAULT_OUT})",
    )
    args = parser.parse_args(argv)
    try:
        manifest, raw = (
            _read_package_dir(args.source) if args.source else fetch_with_npm()
        )
        stats = write_outputs(args.out, manifest, raw)
    except BuildError as exc:
        print(f"erreur : {exc}", file=sys.stderr)
        return 1
    print(
        f"{stats['regions']} régions, {stats['departements']} départements, "
        f"{stats['epci']} EPCI, {stats['communes']} communes"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
