"""Commands of the secretariat: the gap report (``gaps`` / ``trous``) and link suggestions (``suggest`` / ``suggerer``).

Thin layer: load and validate the tables, call :mod:`ecosysteme.report` or
:mod:`ecosysteme.analysis`, write or print.
"""

from __future__ import annotations

from pathlib import Path

import click

from ecosysteme.cli._options import SHARED, AliasedOption, output_option
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
@click.option("--reference", "references", multiple=True, type=click.Path(path_type=Path), metavar="DOSSIER",
              help="Jeu de référence lu à côté de SOURCE (ses programmes, porteurs, relais, réponses et indices "
                   "IMPACT) ; répétable. Par défaut : l'inventaire du Réseau fourni (data/reseau).")
@click.option("--sans-reference", "no_reference", is_flag=True,
              help="Analyser SOURCE seul, sans jeu de référence.")
@output_option("out", default=Path("rapport-trous"), show_default=True, help="Dossier de sortie.")
@click.option("--format", "fmt", default="html,md,csv,json", show_default=True,
              help="Formats à écrire, séparés par des virgules (html, md, csv, json) ; avec html, les fiches "
                   "imprimables des territoires.")
@click.option("--top", type=click.IntRange(min=0), default=20, show_default=True,
              help="Nombre de complémentarités retenues.")
@click.option("--suggestions", type=click.IntRange(min=0), default=10, show_default=True,
              help="Nombre de liens suggérés par la prédiction (0 : aucun).")
@click.option("--suggestions-par-acteur", "per_actor", type=click.IntRange(min=1), default=3, show_default=True,
              help="Au plus autant de suggestions pour un même acteur.")
@click.option("--rupture-min", "min_cut", type=click.IntRange(min=1), default=2, show_default=True,
              help="Un point de rupture coupe au moins autant de ressources du reste.")
@click.option("--sens", "directions", multiple=True, metavar="CODE=hausse|baisse",
              help="Fixer le sens d'un indice IMPACT que les données laissent ouvert (ex. Frsoc.3=hausse) ; "
                   "répétable.")
@click.option("--jeu", "dataset", help="Nom du jeu de données (par défaut : nom du dossier).")
@quiet_option
def gaps(source: Path, territory: str | None, references: tuple[Path, ...], no_reference: bool, out: Path, fmt: str,
         top: int, suggestions: int, per_actor: int, min_cut: int, directions: tuple[str, ...],
         dataset: str | None, quiet: bool) -> None:
    """Rapport des « trous dans la raquette » d'un écosystème.

    Une liste d'au plus 15 actions classées, les données manquantes, puis
    chaque constat avec ses preuves et les acteurs qui pourraient agir :
    besoins sans réponse, programmes sans relais, mondes qui ne se rencontrent
    pas, ingénierie absente, communes sans acteur ; fragilité de
    l'écosystème, complémentarités et liens suggérés. Les règles sont écrites
    dans les notes de méthode du rapport. Écrit dans OUT une page HTML
    autonome (et les fiches des territoires), un Markdown, un CSV et un JSON.
    """
    from ecosysteme.analysis import GapSettings
    from ecosysteme.report import REPORT_FORMATS, write_gap_report

    formats = [f.strip().lower() for f in fmt.split(",") if f.strip()]
    unknown = [f for f in formats if f not in REPORT_FORMATS]
    if unknown or not formats:
        raise click.BadParameter(f"format(s) inconnu(s) : {', '.join(unknown) or '(aucun)'} ; possibles : "
                                 f"{', '.join(REPORT_FORMATS)}", param_hint="--format")
    if no_reference and references:
        raise click.BadParameter("--sans-reference et --reference s'excluent", param_hint="--sans-reference")
    settings = GapSettings(directions=_directions(directions), min_cut=min_cut, max_suggestions_per_actor=per_actor)
    ui = Ui(quiet)
    ref = _territory(territory)
    ecosystem = _load(source, dataset, ui)
    ecosystem = ecosystem.with_references(_references(references, no_reference, ui))
    ui.step("analyse des trous, de la fragilité et des complémentarités")
    written = write_gap_report(ecosystem, out, ref, formats=formats, settings=settings, complementarity_top=top,
                               suggestions=suggestions)
    for path in written:
        ui.info(f"écrit : {path}")


def _directions(items: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for item in items:
        code, _eq, value = item.partition("=")
        value = value.strip().lower()
        key = {"hausse": "hausse_fragilise", "hausse_fragilise": "hausse_fragilise", "baisse": "baisse_fragilise",
               "baisse_fragilise": "baisse_fragilise"}.get(value)
        if not code.strip() or key is None:
            raise click.BadParameter(f"« {item} » : écrivez CODE=hausse ou CODE=baisse (ex. Frsoc.3=hausse)",
                                     param_hint="--sens")
        out[code.strip()] = key
    return out


def _references(paths: tuple[Path, ...], none: bool, ui: Ui):
    """The reference models: those given, or the bundled network inventory (unless --sans-reference)."""
    from ecosysteme.datasets import bundled
    from ecosysteme.io import load_valid

    if none:
        return []
    chosen = list(paths) or [bundled("reseau")]
    models = []
    for path in chosen:
        ui.info(f"Jeu de référence : {path}")
        models.append(load_valid(path))
    return models


cli.add_command(gaps, name="trous")


@cli.command("suggest", context_settings=CONTEXT)
@click.argument("source", type=click.Path(path_type=Path))
@click.option("--top", type=click.IntRange(min=0), default=20, show_default=True, help="Nombre de suggestions.")
@click.option("--territoire", "-t", "territory", metavar="CODE",
              help="Ne garder que les paires présentes sur ce territoire (ex. epci:242900835) ; le modèle apprend "
                   "toujours sur tout l'écosystème.")
@click.option("--format", "fmt", type=click.Choice(["tableau", "csv"]), default="tableau", show_default=True,
              help="Tableau lisible ou CSV (séparateur « ; »).")
@output_option("out", help="Écrire les suggestions dans ce fichier au lieu de l'écran.")
@click.option("--evaluer", "evaluate", cls=AliasedOption, hidden=SHARED["--evaluer"], is_flag=True,
              help="Évaluer d'abord le modèle : sur plusieurs tirages, cacher une part des liens réels, apprendre sur "
                   "le reste et chercher les liens cachés dans le classement de toutes les paires non liées (ROC AUC, "
                   "précision moyenne, précision@k, rappel@k, par type de lien), contre Adamic-Adar, l'allocation "
                   "de ressources, Jaccard, l'attachement préférentiel et le hasard.")
@click.option("--part-cachee", "test_fraction", type=click.FloatRange(0.01, 0.5), default=0.1, show_default=True,
              help="Part des liens cachés pour l'évaluation.")
@click.option("--repetitions", type=click.IntRange(min=1), default=10, show_default=True,
              help="Nombre de tirages de l'évaluation (moyenne ± écart type).")
@click.option("--k", "k", type=click.IntRange(min=1), default=20, show_default=True,
              help="Le k de précision@k et rappel@k.")
@click.option("--max-par-acteur", "per_actor", type=click.IntRange(min=1), default=3, show_default=True,
              help="Au plus ce nombre de suggestions pour un même acteur (ou programme).")
@click.option("--graine", "seed", type=int, default=0, show_default=True, help="Graine du hasard (reproductible).")
@click.option("--jeu", "dataset", help="Nom du jeu de données.")
@quiet_option
def suggest(source: Path, top: int, territory: str | None, fmt: str, out: Path | None, evaluate: bool,
            test_fraction: float, repetitions: int, k: int, per_actor: int, seed: int, dataset: str | None,
            quiet: bool) -> None:
    """Suggérer les liens à créer en premier, avec leurs raisons.

    Un modèle (régression logistique, une par type de lien) apprend sur les liens existants de
    l'écosystème à partir des voisins communs, de l'indice d'Adamic-Adar, de
    l'allocation de ressources, de l'attachement préférentiel, des
    communautés, des mondes, des échelons, des territoires, des besoins
    explicites et des programmes portés ou relayés en commun. Les paires qui
    se rencontrent déjà (une relation, ou un programme porté ensemble) ne sont
    jamais proposées ; les raisons données sont les besoins explicites et les
    partenaires communs, jamais un thème.
    """
    from ecosysteme.analysis import evaluate_link_prediction, suggest_links
    from ecosysteme.report.suggestions import suggestions_csv, suggestions_table, write_suggestions

    ui = Ui(quiet)
    ref = _territory(territory)
    ecosystem = _load(source, dataset, ui)
    if evaluate:
        ui.step("évaluation sur des liens cachés (classement complet)")
        result = evaluate_link_prediction(ecosystem, test_fraction=test_fraction, repeats=repetitions, seed=seed,
                                          k=k)
        click.echo(result.to_text())
    if not top:
        return
    ui.step("apprentissage et classement des suggestions")
    suggestions = suggest_links(ecosystem, top=top, territory=ref, seed=seed, per_actor=per_actor)
    if out:
        write_suggestions(ecosystem, out, fmt=fmt, suggestions=suggestions)
        ui.info(f"{len(suggestions)} suggestion(s) écrite(s) dans {out}")
    else:
        click.echo(suggestions_csv(suggestions) if fmt == "csv" else suggestions_table(suggestions), nl=False)


cli.add_command(suggest, name="suggerer")
