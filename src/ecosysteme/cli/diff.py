"""The ``diff`` command: what changed between two versions of an ecosystem.

Thin layer: read and validate both versions, call
:func:`ecosysteme.analysis.diff.diff_ecosystems`, render with
:mod:`ecosysteme.report.diff`, write atomically or print. A version may be a
published version of an RDF store (``--magasin M --depuis VERSION``): its
source tables, kept by the store (:meth:`RdfStore.tables`), are read the same way.
"""

from __future__ import annotations

import re
from pathlib import Path

import click

from ecosysteme.cli._options import SHARED, AliasedOption
from ecosysteme.cli.main import CONTEXT, Ui, cli, quiet_option

__all__ = ["diff"]


def _read(which: str, source: Path, references, ui: Ui):
    from ecosysteme.ecosystem import Ecosystem
    from ecosysteme.errors import EcosystemeError

    ui.info(f"Lecture et validation de la version {which} : {source}")
    try:
        return Ecosystem.read(source, references=references, progress=ui.progress())
    except EcosystemeError as exc:  # name the version in the message, keep the error (and its report)
        exc.args = (f"version {which} ({source}) : {exc}",)
        raise


def _read_published(which: str, store: Path, version: str | None, dataset: str | None, references, ui: Ui):
    """Read the source tables a published store version keeps (the current one when ``version`` is None)."""
    from ecosysteme.ecosystem import Ecosystem
    from ecosysteme.errors import EcosystemeError
    from ecosysteme.stores.rdfstore import RdfStore

    try:
        with RdfStore.open(store, version=version) as db:  # its reader lock keeps the version while we read
            name, tables = db.tables(dataset)
            ui.info(f"Lecture et validation de la version {which} : magasin {store}, version {db.version}, "
                    f"jeu « {name} »")
            return Ecosystem.read(tables, dataset=name, references=references, progress=ui.progress())
    except EcosystemeError as exc:
        exc.args = (f"version {which} (magasin {store}, version {version or 'actuelle'}) : {exc}",)
        raise


@cli.command("diff", context_settings=CONTEXT)
@click.argument("old", metavar="[ANCIEN]", type=click.Path(path_type=Path), required=False)
@click.argument("new", metavar="[NOUVEAU]", type=click.Path(path_type=Path), required=False)
@click.option("-m", "--magasin", "store", cls=AliasedOption, hidden=SHARED["--magasin"],
              type=click.Path(path_type=Path), metavar="M",
              help="Magasin RDF dont une version publiée sert d'ANCIEN (avec --depuis) ; NOUVEAU est alors "
                   "sa version actuelle, un dossier ou classeur, ou une autre de ses versions.")
@click.option("--depuis", "since", metavar="VERSION",
              help="Version publiée du magasin à comparer (ex. v000003, voir « ecosysteme magasin versions »).")
@click.option("--jeu", "dataset", metavar="NOM",
              help="Jeu de données du magasin à comparer (s'il y en a plusieurs).")
@click.option("--format", "fmt", default="md", show_default=True, metavar="FORMATS",
              help="Formats, séparés par des virgules : html, md, csv, json. Sans -o, un seul format, écrit à "
                   "l'écran.")
@click.option("--sortie", "-o", "output", type=click.Path(path_type=Path), metavar="FICHIER_OU_DOSSIER",
              help="Fichier (un seul format) ou dossier (diff.html, diff.md, diff.csv, diff.json).")
@click.option("--territoire", "-t", "territory", metavar="CODE",
              help="Territoire des trous comparés (ex. epci:242900835) ; par défaut le périmètre de chaque version.")
@click.option("--reference", "references", multiple=True, type=click.Path(path_type=Path), metavar="DOSSIER",
              help="Jeu de référence des trous, comme pour `ecosysteme trous` ; répétable. Par défaut : "
                   "l'inventaire du Réseau fourni (data/reseau).")
@click.option("--sans-reference", "no_reference", is_flag=True, help="Trouver les trous sans jeu de référence.")
@click.option("--sans-trous", "no_gaps", is_flag=True, help="Ne pas comparer les trous dans la raquette.")
@click.option("--sans-renommages", "no_renames", is_flag=True,
              help="Ne pas chercher les identifiants renommés (un renommage compte alors comme un retrait et un "
                   "ajout).")
@quiet_option
def diff(old: Path | None, new: Path | None, store: Path | None, since: str | None, dataset: str | None, fmt: str,
         output: Path | None, territory: str | None, references: tuple[Path, ...], no_reference: bool,
         no_gaps: bool, no_renames: bool, quiet: bool) -> None:
    """Comparer deux versions d'un écosystème (dossiers de CSV ou classeurs XLSX).

    Ou une version publiée d'un magasin RDF à sa version actuelle (ou à un
    dossier) : « ecosysteme diff --magasin M --depuis v000003 [NOUVEAU] ».
    Le magasin garde les tableaux dont chaque version a été publiée
    (« magasin charger », « build --magasin »).

    Acteurs, programmes et besoins ajoutés, retirés, modifiés (colonne par
    colonne, ancienne → nouvelle valeur) ; identifiants renommés, à
    confirmer ; relations ajoutées, retirées ou modifiées (identifiées par
    source, cible et type) ; trous dans la raquette ouverts et fermés par
    territoire ; complétude de chaque table. Les comptes viennent en tête.
    """
    from ecosysteme.analysis.diff import diff_ecosystems
    from ecosysteme.cli.analyse import _references, _territory
    from ecosysteme.report.diff import DIFF_FORMATS, build_diff_report, render_diff, write_diff_report

    formats = list(dict.fromkeys(f.strip().lower() for f in fmt.split(",") if f.strip()))
    unknown = [f for f in formats if f not in DIFF_FORMATS]
    if unknown or not formats:
        raise click.BadParameter(f"format(s) inconnu(s) : {', '.join(unknown) or '(aucun)'} ; possibles : "
                                 f"{', '.join(DIFF_FORMATS)}", param_hint="--format")
    if output is None and len(formats) > 1:
        raise click.BadParameter("plusieurs formats demandés : donnez un dossier avec -o DOSSIER",
                                 param_hint="--format")
    if output is not None and len(formats) > 1 and output.exists() and not output.is_dir():
        raise click.BadParameter(f"« {output} » est un fichier : donnez un dossier pour plusieurs formats",
                                 param_hint="-o")
    if no_reference and references:
        raise click.BadParameter("--sans-reference et --reference s'excluent", param_hint="--sans-reference")
    if (store is None) != (since is None):
        raise click.UsageError("--magasin et --depuis vont ensemble : « ecosysteme diff --magasin M --depuis "
                               "VERSION [NOUVEAU] ».")
    if store is not None:
        if new is not None:
            raise click.UsageError("avec --magasin et --depuis, donnez au plus un argument : NOUVEAU (un dossier, "
                                   "un classeur ou une autre version du magasin).")
        new, old = old, None
    elif old is None or new is None:
        raise click.UsageError("donnez deux versions à comparer : ANCIEN et NOUVEAU (dossiers ou classeurs), ou "
                               "--magasin M --depuis VERSION.")
    elif dataset is not None:
        raise click.UsageError("--jeu ne s'emploie qu'avec --magasin.")
    ui = Ui(quiet)
    ref = _territory(territory)
    models = [] if no_gaps else _references(references, no_reference, ui)
    if store is None:
        before = _read("ancienne", old, models, ui)
        after = _read("nouvelle", new, models, ui)
    else:
        before = _read_published("ancienne", store, since, dataset, models, ui)
        if new is None or (not new.exists() and re.fullmatch(r"v\d{6}", new.name)):
            after = _read_published("nouvelle", store, None if new is None else new.name,
                                    dataset or before.name, models, ui)
        else:
            after = _read("nouvelle", new, models, ui)
    ui.step("comparaison" + ("" if no_gaps else " et trous dans la raquette"))
    result = diff_ecosystems(before, after, renames=not no_renames, gaps=not no_gaps, territory=ref)
    report = build_diff_report(result, before.model, after.model)
    if output is None:
        click.echo(render_diff(report, formats[0]), nl=False)
        return
    for path in write_diff_report(report, output, formats):
        ui.info(f"écrit : {path}")
