"""The command group and the foundation commands (validate, build, export).

Only the project's own errors (:class:`~ecosysteme.errors.EcosystemeError`)
become clean French messages with a non-zero exit; anything else is a bug and
keeps its traceback.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

import click

from ecosysteme.cli._options import SHARED, AliasedOption, format_option, output_option
from ecosysteme.errors import EcosystemeError, ValidationFailed

__all__ = ["cli", "main"]

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class Ui:
    """Progress and messages on stderr; silent with ``--quiet``."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self._bars: dict[str, object] = {}
        self._started = time.perf_counter()

    def info(self, message: str) -> None:
        if not self.quiet:
            click.echo(message, err=True)

    def step(self, message: str) -> None:
        self.info(f"  … {message}")

    def progress(self) -> Callable[[str, int, int], None] | None:
        if self.quiet:
            return None

        def report(name: str, done: int, total: int) -> None:
            bar = self._bars.get(name)
            if bar is None:
                bar = click.progressbar(length=total, label=f"  {name:<12}", file=sys.stderr)
                bar.__enter__()
                bar.last = 0  # type: ignore[attr-defined]
                self._bars[name] = bar
            bar.update(done - bar.last)  # type: ignore[attr-defined]
            bar.last = done  # type: ignore[attr-defined]
            if done >= total:
                bar.__exit__(None, None, None)  # type: ignore[attr-defined]

        return report


def _print_report(report, ui: Ui, limit: int | None = None) -> None:
    issues = report.issues if limit is None else report.issues[:limit]
    for issue in issues:
        click.echo(str(issue))
    if limit is not None and len(report.issues) > limit:
        click.echo(f"… et {len(report.issues) - limit} autres (utilisez --format csv pour tout voir)")


class EcoGroup(click.Group):
    """The main group: French errors, and each command listed once in ``--help`` with its aliases beside it.

    A command registered under several names (``carte`` and ``map``) is
    declared under its English name and registered under its French one,
    which ``--help`` lists first.
    """

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        names: dict[int, list[str]] = {}
        commands: dict[int, click.Command] = {}
        for name in self.list_commands(ctx):
            cmd = self.get_command(ctx, name)
            if cmd is not None and not cmd.hidden:
                names.setdefault(id(cmd), []).append(name)
                commands[id(cmd)] = cmd
        rows = []
        for key, cmd in commands.items():
            french = [n for n in names[key] if n != cmd.name] or [cmd.name]
            shown = french[0]
            aliases = [n for n in names[key] if n != shown]
            label = f"{shown} ({', '.join(aliases)})" if aliases else shown
            rows.append((label, cmd))
        rows.sort(key=lambda row: row[0])
        if rows:
            limit = formatter.width - 6 - max(len(label) for label, _cmd in rows)
            with formatter.section("Commandes"):
                formatter.write_dl([(label, cmd.get_short_help_str(limit)) for label, cmd in rows])

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except ValidationFailed as exc:
            _print_report(exc.report, Ui(False), limit=200)
            click.echo(f"Erreur : {exc}", err=True)
            sys.exit(1)
        except EcosystemeError as exc:
            click.echo(f"Erreur : {exc}", err=True)
            sys.exit(2)


@click.group(cls=EcoGroup, context_settings=CONTEXT)
@click.version_option(package_name="ecosysteme", message="ecosysteme %(version)s",
                      help="Afficher la version et quitter.")
def cli() -> None:
    """ecosysteme : graphe de connaissances et cartographie des écosystèmes territoriaux.

    Des tableaux (CSV ou XLSX) au graphe : validation, exports RDF et graphes,
    requêtes SPARQL, cartes interactives et analyse des « trous dans la raquette ».
    """


quiet_option = click.option("-q", "--quiet", is_flag=True, help="N'afficher ni progression ni messages.")


@cli.command(context_settings=CONTEXT)
@click.argument("source", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["texte", "csv"]), default="texte", show_default=True,
              help="Rapport lisible (texte) ou tableau (csv, séparateur « ; »).")
@output_option(help="Écrire le rapport dans ce fichier au lieu de l'écran.")
@click.option("--sans-doublons", is_flag=True, help="Ne pas chercher les acteurs en double.")
@quiet_option
def validate(source: Path, fmt: str, output: Path | None, sans_doublons: bool, quiet: bool) -> None:
    """Vérifier les tableaux d'un écosystème (dossier de CSV ou classeur XLSX).

    Signale en une fois tout ce qui ne va pas, avec fichier, ligne, colonne,
    valeur et correction ; liste les doublons probables. Code de sortie 1 s'il
    y a des erreurs.
    """
    from ecosysteme.fs import atomic_write
    from ecosysteme.io import load

    ui = Ui(quiet)
    _, report = load(source, duplicates=not sans_doublons, progress=ui.progress())
    if fmt == "csv":
        text = report.to_csv()
    else:
        lines = [str(i) for i in report.issues]
        lines.append("")
        lines.append("Complétude par table :")
        for table, score in report.completeness.items():
            lines.append(f"  {table:<12} {report.row_counts.get(table, 0):>8} lignes, complétude {score:.0%}")
        n_err, n_warn = len(report.errors), len(report.warnings)
        lines.append(f"{n_err} erreur(s), {n_warn} avertissement(s), {len(report.duplicates)} doublon(s) probable(s).")
        lines.append("Tableaux valides." if report.ok else "Tableaux à corriger avant de construire le graphe.")
        text = "\n".join(lines) + "\n"
    if output:
        with atomic_write(output, encoding="utf-8-sig" if fmt == "csv" else "utf-8") as fh:  # BOM: Excel reads UTF-8
            fh.write(text)
        ui.info(f"Rapport écrit dans {output}")
    else:
        click.echo(text, nl=False)
    sys.exit(0 if report.ok else 1)


@click.command("template", context_settings=CONTEXT)
@output_option(default=Path("mon-ecosysteme.xlsx"), show_default=True,
               help="Classeur .xlsx à écrire.")
@click.option("--epci", help="SIREN de l'EPCI étudié (ex. 242900835) : ajoute la feuille de ses communes (code, nom, "
                             "population) et les propose dans les colonnes « territoires ».")
@quiet_option
def template(output: Path, epci: str | None, quiet: bool) -> None:
    """Écrire un classeur vierge à remplir : une feuille par table, listes déroulantes, mode d'emploi.

    Les en-têtes sont les colonnes que « validate » lit ; les listes
    déroulantes (monde, type, échelon, natures, type de relation…) viennent
    de l'ontologie ; la feuille « Lisez-moi » explique chaque colonne.
    """
    from ecosysteme.io.template import epci_communes, write_template
    from ecosysteme.territories import load_territories

    ui = Ui(quiet)
    if epci is not None:
        try:
            epci_communes(epci, load_territories())
        except EcosystemeError as exc:
            raise click.BadParameter(str(exc), param_hint="--epci") from None
    path = write_template(output, epci=epci)
    ui.info(f"Modèle écrit dans {path} ; remplissez-le puis vérifiez-le avec « ecosysteme validate {path} ».")


cli.add_command(template, "template")
cli.add_command(template, "modele")


@cli.command(context_settings=CONTEXT)
@click.argument("source", type=click.Path(path_type=Path))
@output_option("out", required=True, help="Dossier de sortie.")
@format_option("formats", default="ttl,gexf,csv", show_default=True,
              help="Formats à écrire, séparés par des virgules : ttl, gexf, csv par défaut ; aussi nt, jsonld, "
                   "graphml (les plus lourds : à demander), gephi, kumu, neo4j-admin.")
@click.option("--jeu", "dataset", help="Nom du jeu de données (par défaut : nom du dossier).")
@click.option("-m", "--magasin", "store", cls=AliasedOption, hidden=SHARED["--magasin"],
              type=click.Path(path_type=Path),
              help="Charger aussi le graphe dans ce magasin RDF (dossier, créé au besoin), que `sparql` et "
                   "`serve` ouvrent sans reconstruire ; le graphe du jeu y est remplacé d'un bloc.")
@quiet_option
def build(source: Path, out: Path, formats: str, dataset: str | None, store: Path | None, quiet: bool) -> None:
    """Construire le graphe de connaissances et l'écrire dans les formats demandés.

    Valide d'abord les tableaux (aucun fichier n'est écrit s'il y a des
    erreurs), puis écrit dans OUT, par défaut, Turtle, GEXF et les CSV de
    nœuds et de liens ; N-Triples, JSON-LD et GraphML (les plus lourds) sur
    demande : --format ttl,nt,jsonld,graphml,gexf,csv. Chaque fichier est
    écrit de façon atomique. Avec --magasin, charge aussi le graphe dans un magasin RDF
    persistant (un graphe nommé par jeu, plus les territoires et l'ontologie).
    """
    from ecosysteme.pipeline import build_outputs

    ui = Ui(quiet)
    ui.info(f"Lecture et validation de {source}")
    written = build_outputs(source, out, formats=_formats(formats), dataset=dataset, progress=ui.progress(),
                            step=ui.step, store=store)
    ui.info(f"{len(written)} fichier(s) écrit(s) dans {out}")
    if store is not None:
        ui.info(f"Magasin RDF à jour : {store}")


@cli.command(context_settings=CONTEXT)
@click.argument("source", type=click.Path(path_type=Path))
@click.option("--format", "fmt", required=True,
              type=click.Choice(["nt", "ttl", "jsonld", "graphml", "gexf", "csv", "gephi", "kumu", "neo4j-admin"]),
              help="Format d'export : RDF (nt, ttl, jsonld), graphml, gexf (Gephi, Gephi Lite), csv (noeuds.csv et "
                   "liens.csv), ou les CSV prêts à importer dans gephi, kumu et neo4j-admin (colonnes décrites dans "
                   "docs/exports.md).")
@output_option("out", required=True, help="Dossier de sortie.")
@click.option("--jeu", "dataset", help="Nom du jeu de données.")
@quiet_option
def export(source: Path, fmt: str, out: Path, dataset: str | None, quiet: bool) -> None:
    """Exporter le graphe dans un seul format (voir aussi `build`)."""
    from ecosysteme.pipeline import build_outputs

    ui = Ui(quiet)
    written = build_outputs(source, out, formats=[fmt], dataset=dataset, progress=ui.progress(), step=ui.step)
    for path in written:
        ui.info(f"écrit : {path}")


def _formats(text: str) -> list[str]:
    from ecosysteme.export import EXPORT_FORMATS

    formats = [f.strip().lower() for f in text.split(",") if f.strip()]
    unknown = [f for f in formats if f not in EXPORT_FORMATS]
    if unknown:
        raise click.BadParameter(f"format(s) inconnu(s) : {', '.join(unknown)} ; possibles : "
                                 f"{', '.join(EXPORT_FORMATS)}", param_hint="--format")
    return formats


def main() -> None:
    cli(prog_name="ecosysteme")


if __name__ == "__main__":  # pragma: no cover
    main()
