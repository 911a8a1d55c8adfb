"""The ``diff`` command: what changed between two versions of an ecosystem.

Thin layer: read and validate both versions, call
:func:`ecosysteme.analysis.diff.diff_ecosystems`, render with
:mod:`ecosysteme.report.diff`, write atomically or print.
"""

from __future__ import annotations

from pathlib import Path

import click

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


@cli.command("diff", context_settings=CONTEXT)
@click.argument("old", metavar="ANCIEN", type=click.Path(path_type=Path))
@click.argument("new", metavar="NOUVEAU", type=click.Path(path_type=Path))
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
def diff(old: Path, new: Path, fmt: str, output: Path | None, territory: str | None, references: tuple[Path, ...],
         no_reference: bool, no_gaps: bool, no_renames: bool, quiet: bool) -> None:
    """Comparer deux versions d'un écosystème (dossiers de CSV ou classeurs XLSX).

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
    ui = Ui(quiet)
    ref = _territory(territory)
    models = [] if no_gaps else _references(references, no_reference, ui)
    before = _read("ancienne", old, models, ui)
    after = _read("nouvelle", new, models, ui)
    ui.step("comparaison" + ("" if no_gaps else " et trous dans la raquette"))
    result = diff_ecosystems(before, after, renames=not no_renames, gaps=not no_gaps, territory=ref)
    report = build_diff_report(result, before.model, after.model)
    if output is None:
        click.echo(render_diff(report, formats[0]), nl=False)
        return
    for path in write_diff_report(report, output, formats):
        ui.info(f"écrit : {path}")
