"""``ecosysteme demo``: the main job on the bundled data, no server needed."""

from __future__ import annotations

from pathlib import Path

from ecosysteme.cli._options import output_option
from ecosysteme.cli.main import CONTEXT, Ui, cli, quiet_option


@cli.command(context_settings=CONTEXT)
@output_option("out", default=Path("sortie-demo"), show_default=True, help="Dossier de sortie.")
@quiet_option
def demo(out: Path, quiet: bool) -> None:
    """Lancer tout le travail sur les données fournies, sans serveur.

    Valide et construit le graphe du Réseau (données du diaporama) et de
    l'exemple d'EPCI, puis écrit exports, magasin RDF, cartes, vue par
    territoire, radars de fragilité, rapport des trous dans la raquette et
    suggestions de liens. Ouvrez ensuite OUT/index.html.
    """
    from ecosysteme.demo import run_demo

    ui = Ui(quiet)
    ui.info(f"Démonstration dans {out}")
    result = run_demo(out, step=ui.step)
    for note in result.notes:
        ui.info(f"Remarque : {note}")
    n = sum(len(files) for files in result.files.values())
    ui.info(f"{n} sorties écrites. Ouvrez {out / 'index.html'}")
