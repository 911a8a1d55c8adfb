"""Commands of the secretariat: the gap report (``gaps`` / ``trous``) and link suggestions (``suggest`` / ``suggerer``).

Thin layer: load and validate the tables, call :mod:`ecosysteme.report` or
:mod:`ecosysteme.analysis`, write or print.
"""

from __future__ import annotations

from pathlib import Path

import click

from ecosysteme.cli.main import CONTEXT, Ui, cli, quiet_option

__all__ = ["gaps", "suggest"]


def _territory(text: str | None):
    if not text:
        return None
    from ecosysteme.analysis import AnalysisError
    from ecosysteme.io import parse_territory
    from ecosysteme.territories import load_territories

    ref, error, fix = parse_territory(text, load_territories())
    if ref is None:
        raise AnalysisError(f"--territoire « {text} » : {error} ; {fix}")
    return ref


def _load(source: Path, dataset: str | None, ui: Ui):
    from ecosysteme.ecosystem import Ecosystem

    ui.info(f"Lecture et validation de {source}")
    return Ecosystem.read(source, dataset=dataset, progress=ui.progress())


@cli.command("gaps", context_settings=CONTEXT)
@click.argument("source", type=click.Path(path_type=Path))
@click.option("--territoire", "-t", "territory", metavar="CODE",
              help="Territoire étudié (ex. epci:243500139, departement:35, france) : lui et les territoires de "
                   "l'écosystème qu'il contient. Par défaut : le périmètre, ou tous les territoires cités.")
@click.option("--out", "-o", "out", type=click.Path(path_type=Path), default=Path("rapport-trous"),
              show_default=True, help="Dossier de sortie.")
@click.option("--format", "fmt", default="html,md,csv", show_default=True,
              help="Formats à écrire, séparés par des virgules (html, md, csv).")
@click.option("--top", type=click.IntRange(min=0), default=50, show_default=True,
              help="Nombre de complémentarités retenues.")
@click.option("--suggestions", type=click.IntRange(min=0), default=10, show_default=True,
              help="Nombre de liens suggérés par la prédiction (0 : aucun).")
@click.option("--jeu", "dataset", help="Nom du jeu de données (par défaut : nom du dossier).")
@quiet_option
def gaps(source: Path, territory: str | None, out: Path, fmt: str, top: int, suggestions: int,
         dataset: str | None, quiet: bool) -> None:
    """Rapport des « trous dans la raquette » pour le secrétariat du réseau.

    Besoins non couverts, programmes sans relais, mondes qui ne se
    rencontrent pas, ingénierie manquante, fragilité de l'écosystème et
    complémentarités, chacun avec ses preuves : une page HTML autonome (hors
    ligne, tableaux triables), un fichier Markdown et un CSV des mêmes
    constats dans OUT.
    """
    from ecosysteme.report import REPORT_FORMATS, write_gap_report

    formats = [f.strip().lower() for f in fmt.split(",") if f.strip()]
    unknown = [f for f in formats if f not in REPORT_FORMATS]
    if unknown or not formats:
        raise click.BadParameter(f"format(s) inconnu(s) : {', '.join(unknown) or '(aucun)'} ; possibles : "
                                 f"{', '.join(REPORT_FORMATS)}", param_hint="--format")
    ui = Ui(quiet)
    ref = _territory(territory)
    ecosystem = _load(source, dataset, ui)
    ui.step("analyse des trous, de la fragilité et des complémentarités")
    written = write_gap_report(ecosystem, out, ref, formats=formats, complementarity_top=top, suggestions=suggestions)
    for path in written:
        ui.info(f"écrit : {path}")


cli.add_command(gaps, name="trous")


@cli.command("suggest", context_settings=CONTEXT)
@click.argument("source", type=click.Path(path_type=Path))
@click.option("--top", type=click.IntRange(min=0), default=20, show_default=True, help="Nombre de suggestions.")
@click.option("--territoire", "-t", "territory", metavar="CODE",
              help="Ne garder que les paires présentes sur ce territoire (ex. epci:242900835) ; le modèle apprend "
                   "toujours sur tout l'écosystème.")
@click.option("--format", "fmt", type=click.Choice(["tableau", "csv"]), default="tableau", show_default=True,
              help="Tableau lisible ou CSV (séparateur « ; »).")
@click.option("--out", "-o", "out", type=click.Path(path_type=Path),
              help="Écrire les suggestions dans ce fichier au lieu de l'écran.")
@click.option("--evaluate", "--evaluer", "evaluate", is_flag=True,
              help="Évaluer d'abord le modèle : cacher 10 % des liens réels et mesurer ROC AUC, précision moyenne "
                   "et précision@k, comparées à l'indice d'Adamic-Adar seul.")
@click.option("--part-cachee", "test_fraction", type=click.FloatRange(0.01, 0.5), default=0.1, show_default=True,
              help="Part des liens cachés pour l'évaluation.")
@click.option("--repetitions", type=click.IntRange(min=1), default=5, show_default=True,
              help="Nombre de tirages de l'évaluation (moyenne ± écart type).")
@click.option("--k", "k", type=click.IntRange(min=1), default=10, show_default=True, help="Le k de précision@k.")
@click.option("--graine", "seed", type=int, default=0, show_default=True, help="Graine du hasard (reproductible).")
@click.option("--jeu", "dataset", help="Nom du jeu de données.")
@quiet_option
def suggest(source: Path, top: int, territory: str | None, fmt: str, out: Path | None, evaluate: bool,
            test_fraction: float, repetitions: int, k: int, seed: int, dataset: str | None, quiet: bool) -> None:
    """Suggérer les liens à créer en premier, avec leurs raisons.

    Un modèle (régression logistique) apprend sur les liens existants de
    l'écosystème à partir des voisins communs, de l'indice d'Adamic-Adar, de
    l'allocation de ressources, de l'attachement préférentiel, des
    communautés, des mondes, des échelons, des territoires et des besoins
    partagés ; les complémentarités besoin-offre s'ajoutent aux candidats.
    """
    from ecosysteme.analysis import evaluate_link_prediction, suggest_links
    from ecosysteme.report.suggestions import suggestions_csv, suggestions_table, write_suggestions

    ui = Ui(quiet)
    ref = _territory(territory)
    ecosystem = _load(source, dataset, ui)
    if evaluate:
        ui.step("évaluation sur des liens cachés")
        result = evaluate_link_prediction(ecosystem, test_fraction=test_fraction, repeats=repetitions, seed=seed,
                                          k=k)
        click.echo(result.to_text())
    if not top:
        return
    ui.step("apprentissage et classement des suggestions")
    suggestions = suggest_links(ecosystem, top=top, territory=ref, seed=seed)
    if out:
        write_suggestions(ecosystem, out, fmt=fmt, suggestions=suggestions)
        ui.info(f"{len(suggestions)} suggestion(s) écrite(s) dans {out}")
    else:
        click.echo(suggestions_csv(suggestions) if fmt == "csv" else suggestions_table(suggestions), nl=False)


cli.add_command(suggest, name="suggerer")
