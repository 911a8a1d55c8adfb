"""Commands of one capability, registered on the main group (see cli/__init__.py): synthetic ecosystems."""

from __future__ import annotations

from pathlib import Path

import click

from ecosysteme.cli._options import output_option
from ecosysteme.cli.main import CONTEXT, Ui, cli, quiet_option


@cli.command("generer", context_settings=CONTEXT)
@click.option("--epci", help="SIREN d'un EPCI réel : génère l'écosystème local fictif d'un catalyseur sur ce "
                             "territoire (ex. 242900835, CA Morlaix Communauté).")
@click.option("--acteurs", "n_actors", type=int,
              help="Sans --epci : taille d'un écosystème national synthétique (ex. 100000). Avec --epci : "
                   "nombre d'acteurs de l'écosystème local (80 à 400, 220 par défaut).")
@click.option("--graine", "seed", type=int,
              help="Graine du générateur : la même graine redonne exactement les mêmes fichiers "
                   "(défaut : 2020 pour un EPCI, 0 pour un écosystème national).")
@click.option("--relations-par-acteur", "relations_per_actor", type=float, default=5.0, show_default=True,
              help="Écosystème national : nombre de lignes de relations par acteur.")
@output_option("out", required=True,
               help="Dossier où écrire les fichiers CSV (acteurs.csv, relations.csv…).")
@quiet_option
def generer(epci: str | None, n_actors: int | None, seed: int | None, relations_per_actor: float, out: Path,
            quiet: bool) -> None:
    """Générer un écosystème FICTIF au format d'entrée (dossier de CSV).

    Avec --epci : l'écosystème local d'un catalyseur territorial sur un EPCI
    réel (150 à 300 acteurs de tous les mondes et échelons, relations de tous
    types, besoins tirés des domaines de fragilité, programmes réels du
    Réseau relayés localement). Avec --acteurs seul : un écosystème national
    synthétique sur les communes réelles, pour les essais de performance.
    Les territoires sont réels ; tout le reste est inventé et chaque ligne le
    dit dans sa colonne « provenance ».
    """
    from ecosysteme.synth import local_ecosystem, national_ecosystem, write_tables

    ui = Ui(quiet)
    if epci is None and n_actors is None:
        raise click.UsageError("indiquez --epci CODE (écosystème local) ou --acteurs N (écosystème national).")
    if epci is not None:
        seed = 2020 if seed is None else seed
        ui.info(f"Écosystème local fictif sur l'EPCI {epci} (graine {seed})")
        tables = local_ecosystem(epci, seed=seed, n_actors=220 if n_actors is None else n_actors)
    else:
        assert n_actors is not None
        seed = 0 if seed is None else seed
        ui.info(f"Écosystème national synthétique de {n_actors} acteurs (graine {seed})")
        tables = national_ecosystem(n_actors, seed=seed, relations_per_actor=relations_per_actor)
    written = write_tables(tables, out)
    for path, rows in zip(written, tables.values(), strict=True):
        ui.info(f"  {path} : {len(rows) - 1} lignes")
    ui.info(f"Données FICTIVES écrites dans {out} ; vérifiez-les avec « ecosysteme validate {out} ».")
