"""Maps, territory views and fragility radars: ``map`` (alias ``carte``), ``territoires``, ``radar``."""

from __future__ import annotations

from pathlib import Path

import click

from ecosysteme.cli._options import format_option, output_option
from ecosysteme.cli.main import CONTEXT, Ui, cli, quiet_option

_IMPORTANCE = ["degre", "intermediarite", "pagerank"]
_AGGREGATION = ["auto", "region", "departement", "epci", "communaute", "aucune"]


@click.command("map", context_settings=CONTEXT)
@click.argument("source", type=click.Path(path_type=Path))
@output_option(default=Path("carte.html"), show_default=True,
               help="Fichier HTML à écrire (un seul fichier, utilisable hors ligne).")
@click.option("--centre", help="Identifiant d'un acteur (ou programme, besoin) : la carte s'ouvre sur son voisinage.")
@click.option("--rayon", type=click.IntRange(0, 10), default=2, show_default=True,
              help="Nombre de liens à parcourir autour du centre.")
@click.option("--importance", type=click.Choice(_IMPORTANCE), default="degre", show_default=True,
              help="Taille des nœuds : degré (nombre de liens), intermédiarité ou PageRank.")
@click.option("--agregation", type=click.Choice(_AGGREGATION), default="auto", show_default=True,
              help="Vue agrégée (un disque par territoire ou communauté, à déplier d'un clic) ; "
                   "« auto » : par département au-delà de 8 000 nœuds.")
@click.option("--titre", help="Titre de la page (par défaut : « Écosystème « nom du jeu » »).")
@click.option("--sous-titre", "subtitle", metavar="TEXTE",
              help="Ligne sous le titre (ex. « Mise à jour : mars 2025 »), reprise dans les images exportées.")
@click.option("--logo", type=click.Path(path_type=Path), metavar="FICHIER",
              help="Logo affiché dans l'en-tête (PNG, JPEG ou SVG, 512 Ko au plus), inclus dans le fichier HTML.")
@click.option("--radar", "radar", default="auto", show_default=True,
              help="Radar des fragilités IMPACT d'une région dans la page : code INSEE (53), "
                   "« auto » (la région du périmètre, s'il n'y en a qu'une) ou « aucun ».")
@click.option("--physique/--sans-physique", "physics", default=None,
              help="Laisser la simulation physique de vis-network ajuster le dessin à l'ouverture, puis le figer "
                   "(par défaut : non, la disposition calculée est gardée telle quelle).")
@click.option("--masquer", "hide", default="", metavar="CHAMPS",
              help="Champs sensibles retirés du fichier lui-même (pas seulement de l'affichage), séparés par des "
                   "virgules : « montants » (montants des relations), « contacts » (sites web).")
@click.option("--vue", "view", type=click.Choice(["reseau", "geographique"]), default="reseau", show_default=True,
              help="« reseau » : la carte des liens ; « geographique » : les communes du territoire étudié avec "
                   "leurs contours réels, les acteurs sur leur commune, les liens entre communes, le nombre "
                   "d'acteurs ou de trous par commune.")
@click.option("--trous", "gaps_json", type=click.Path(path_type=Path), metavar="FICHIER.json",
              help="Avec --vue geographique : les trous par commune lus dans le JSON d'un rapport "
                   "« ecosysteme trous » (par défaut : recalculés comme le fait « trous », avec data/reseau "
                   "pour référence).")
@click.option("--jeu", "dataset", help="Nom du jeu de données (par défaut : nom du dossier).")
@click.option("--depuis", "since", type=click.Path(path_type=Path), metavar="ANCIEN",
              help="Version antérieure du même écosystème (dossier ou classeur) : les acteurs apparus depuis sont "
                   "entourés de vert, les disparus listés dans le panneau ; un identifiant renommé reste "
                   "le même acteur.")
@quiet_option
def map_command(source: Path, output: Path, centre: str | None, rayon: int, importance: str, agregation: str,
                titre: str | None, subtitle: str | None, logo: Path | None, radar: str, physics: bool | None,
                hide: str, view: str, gaps_json: Path | None, dataset: str | None, since: Path | None,
                quiet: bool) -> None:
    """Écrire la carte interactive d'un écosystème : un seul fichier HTML, sans Internet.

    Couleur : monde de l'acteur ; taille : importance ; liens stylés par type.
    Recherche par nom, filtres (monde, échelon, territoire, thème de besoin,
    type de lien), voisinage d'un acteur (--centre, ou double-clic), fiche de
    chaque acteur. Les grandes cartes s'ouvrent sur une vue agrégée.
    Les noms des acteurs les plus importants s'affichent dès l'ouverture, sans
    se chevaucher ; un lien cliqué montre type, montant, dates et provenance ;
    les boutons « Image PNG » et « Image SVG » enregistrent la vue ; --titre,
    --sous-titre et --logo habillent la page pour la publier. Un jeu déclaré fictif (table
    « jeu ») est signalé par un bandeau. Les liens datés se filtrent par
    période (années) ; avec --depuis ANCIEN, la carte montre les acteurs
    nouveaux et disparus depuis cette version. Avec --vue geographique :
    les communes du territoire étudié dessinées avec leurs contours réels
    (IGN), les acteurs placés sur leur commune, ceux d'un échelon plus large
    à part, les liens entre communes et une carte du nombre d'acteurs ou de
    trous par commune ; la carte des liens a aussi cet onglet.
    """
    from ecosysteme.io import load_valid
    from ecosysteme.viz import write_map
    from ecosysteme.viz.mapdata import HIDEABLE

    hidden = tuple(h.strip().lower() for h in hide.split(",") if h.strip())
    unknown = [h for h in hidden if h not in HIDEABLE]
    if unknown:
        raise click.BadParameter(f"champ inconnu « {unknown[0]} » ; possibles : {', '.join(HIDEABLE)}",
                                 param_hint="--masquer")
    if logo is not None:
        from ecosysteme.errors import MapError
        from ecosysteme.viz.logo import logo_data_uri

        try:
            logo_data_uri(logo)  # before the (long) reading of the data
        except MapError as exc:
            raise click.BadParameter(str(exc), param_hint="--logo") from None
    if gaps_json is not None and view != "geographique":
        raise click.BadParameter("s'utilise avec --vue geographique", param_hint="--trous")
    if view == "geographique":
        _refuse_network_options(click.get_current_context())
    ui = Ui(quiet)
    ui.info(f"Lecture et validation de {source}")
    model = load_valid(source, dataset=dataset, progress=ui.progress())
    if view == "geographique":
        from ecosysteme.viz.geo import read_gap_json, write_geo_map

        gaps = read_gap_json(gaps_json) if gaps_json is not None else True
        path = write_geo_map(model, output, title=titre, gaps=gaps, progress=ui.step)
        ui.info(f"Carte géographique de {len(model.actors)} acteurs écrite dans {path}")
        return
    old = None
    if since is not None:
        ui.info(f"Lecture et validation de la version antérieure {since}")
        old = load_valid(since, progress=ui.progress())
    path = write_map(model, output, centre=centre, radius=rayon, importance=importance, aggregate=agregation,
                     title=titre, radar_region=None if radar == "aucun" else radar, physics=physics,
                     hide=hidden, since=old, subtitle=subtitle, logo=logo, progress=ui.step)
    n = len(model.actors) + len(model.programmes) + len(model.needs)
    ui.info(f"Carte de {n} nœuds écrite dans {path}")


#: Options of the network map that the geographic view does not draw (refused there rather than ignored).
_NETWORK_ONLY = ("centre", "rayon", "importance", "agregation", "subtitle", "logo", "radar", "physics", "since")


def _refuse_network_options(ctx: click.Context) -> None:
    from click.core import ParameterSource

    given = [p for p in ctx.command.params if p.name in _NETWORK_ONLY
             and ctx.get_parameter_source(p.name) is not ParameterSource.DEFAULT]
    if given:
        names = " / ".join(p.opts[0] for p in given)
        raise click.BadParameter("option de la carte des liens, que la vue géographique ne dessine pas ; retirez-la, "
                                 "ou utilisez la carte des liens (son onglet « Carte géographique » la garde)",
                                 param_hint=names)


cli.add_command(map_command, "map")
cli.add_command(map_command, "carte")


@cli.command("territoires", context_settings=CONTEXT)
@click.argument("source", type=click.Path(path_type=Path))
@output_option(default=Path("territoires.html"), show_default=True, help="Fichier HTML à écrire.")
@click.option("--niveaux", default="region,departement,epci,commune", show_default=True,
              help="Niveaux de territoire, séparés par des virgules.")
@click.option("--radar", "radar", default="auto", show_default=True,
              help="Radar IMPACT d'une région : code INSEE, « auto » ou « aucun ».")
@click.option("--jeu", "dataset", help="Nom du jeu de données.")
@quiet_option
def territory_command(source: Path, output: Path, niveaux: str, radar: str, dataset: str | None,
                      quiet: bool) -> None:
    """Écrire la vue territoriale : acteurs de chaque monde par territoire, liens entre territoires.

    Région → département → EPCI → commune (codes INSEE réels). Un seul
    fichier HTML, sans script ni accès à Internet.
    """
    from ecosysteme.io import load_valid
    from ecosysteme.viz import write_territory_view

    ui = Ui(quiet)
    levels = tuple(level.strip() for level in niveaux.split(",") if level.strip())
    model = load_valid(source, dataset=dataset, progress=ui.progress())
    path = write_territory_view(model, output, levels=levels, radar_region=None if radar == "aucun" else radar)
    ui.info(f"Vue territoriale écrite dans {path}")


@cli.command("radar", context_settings=CONTEXT)
@click.argument("source", type=click.Path(path_type=Path), required=False)
@click.option("--region", help="Code INSEE d'une région (53 : Bretagne) ; toutes par défaut.")
@output_option(default=Path("radars"), show_default=True, help="Dossier de sortie.")
@format_option("formats", default="html,png", show_default=True, help="html, png ou les deux.")
@quiet_option
def radar_command(source: Path | None, region: str | None, output: Path, formats: str, quiet: bool) -> None:
    """Radars des fragilités régionales, méthode IMPACT (HTML et PNG).

    Pour chaque indice de sens connu, la région la plus fragile vaut 10 et la
    plus favorable 0 ; la valeur nationale est superposée. Sans SOURCE :
    les 17 indices du Réseau (data/reseau). Les indices de sens inconnu sont
    listés à part, jamais placés sur le radar.
    """
    from ecosysteme.io import load_valid
    from ecosysteme.viz import write_radars

    ui = Ui(quiet)
    wanted = tuple(f.strip().lower() for f in formats.split(",") if f.strip())
    bad = [f for f in wanted if f not in ("html", "png")]
    if bad or not wanted:
        raise click.BadParameter(f"format(s) inconnu(s) : {', '.join(bad) or '(aucun)'} ; possibles : html, png",
                                 param_hint="--format")
    model = load_valid(source) if source else None
    written = write_radars(model, output, region=region, formats=wanted)
    for path in written:
        ui.info(f"écrit : {path}")
