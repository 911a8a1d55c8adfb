"""The ``neo4j`` commands: a local server, the bulk push, and Cypher queries.

Thin layer over :mod:`ecosysteme.stores.neo4j` (and :mod:`ecosysteme.cli._cypher` for what the
command reads and prints) and
:mod:`ecosysteme.stores.neo4j_local`. Credentials come from flags or from
``NEO4J_URI``, ``NEO4J_USERNAME`` (or ``NEO4J_USER``), ``NEO4J_PASSWORD`` and are never printed.
"""

from __future__ import annotations

import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from ecosysteme.cli.main import CONTEXT, Ui, cli, quiet_option

__all__ = ["neo4j_group"]


def connection_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """The connection flags shared by ``push`` and ``query``."""
    options = [
        click.option("--uri", metavar="URI",
                     help="Adresse du serveur (par défaut NEO4J_URI, sinon bolt://127.0.0.1:7687)."),
        click.option("--utilisateur", "user", metavar="NOM",
                     help="Utilisateur (par défaut NEO4J_USERNAME ou NEO4J_USER, sinon neo4j)."),
        click.option("--mot-de-passe", "password", metavar="SECRET",
                     help="Mot de passe (préférez la variable NEO4J_PASSWORD : une option reste visible dans la "
                          "liste des processus). Sans mot de passe : connexion sans authentification."),
        click.option("--base", "database", metavar="NOM",
                     help="Base de données (par défaut NEO4J_DATABASE, sinon celle du serveur)."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


@cli.group("neo4j", context_settings=CONTEXT)
def neo4j_group() -> None:
    """Neo4j : serveur local, envoi du graphe et requêtes Cypher.

    Pour les réseaux trop grands pour une machine ou partagés par plusieurs
    personnes (serveur, grappe ou Aura en production). Connexion : options
    --uri, --utilisateur, --mot-de-passe, ou variables NEO4J_URI,
    NEO4J_USERNAME (ou NEO4J_USER), NEO4J_PASSWORD (jamais affichées).
    """


@neo4j_group.command("local", context_settings=CONTEXT)
@click.argument("data_dir", metavar="DOSSIER", type=click.Path(path_type=Path, file_okay=False))
@click.option("--port", type=click.IntRange(1, 65535), default=7687, show_default=True, help="Port Bolt.")
@click.option("--memoire", "heap", default="1g", show_default=True,
              help="Mémoire Java maximale du serveur (-Xmx) ; une transaction peut en utiliser 70 %.")
@click.option("--cache-pages", "pagecache", default="256m", show_default=True,
              help="Cache de pages de Neo4j (server.memory.pagecache.size).")
def local(data_dir: Path, port: int, heap: str, pagecache: str) -> None:
    """Lancer un serveur Neo4j 5.26 local au premier plan (Ctrl-C l'arrête proprement).

    Le serveur écoute sur 127.0.0.1 seulement ; ses données sont dans DOSSIER
    (le relancer sur le même dossier retrouve le graphe). La première fois,
    Neo4j est téléchargé depuis Maven Central (environ 125 Mo, Java 17 et
    Maven requis) dans ~/.cache/ecosysteme. L'authentification est toujours
    activée (utilisateur neo4j) : mot de passe NEO4J_PASSWORD (8 caractères au
    moins), sinon un mot de passe généré une fois et gardé dans
    DOSSIER/mot-de-passe-neo4j (lisible par vous seul). LOAD CSV ne peut lire
    ni les fichiers locaux ni les adresses locales ou privées.
    L'adresse bolt:// est écrite sur la sortie standard dès que le serveur est prêt.
    """
    from ecosysteme.errors import Neo4jUnavailable
    from ecosysteme.stores.neo4j_local import NEO4J_VERSION, LocalNeo4j, ensure_neo4j

    try:
        server = LocalNeo4j(data_dir, port=port, heap=heap, pagecache=pagecache)
    except ValueError as exc:
        raise Neo4jUnavailable(str(exc)) from exc

    def on_term(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, on_term)
    try:
        click.echo(f"Démarrage de Neo4j {NEO4J_VERSION} dans {server.data_dir}…", err=True)
        ensure_neo4j(lambda msg: click.echo(msg, err=True))
        server.start()
        auth = (f"activée (utilisateur neo4j, mot de passe dans {server.password_file})" if server.password_file
                else "activée (utilisateur neo4j, mot de passe NEO4J_PASSWORD)")
        click.echo(f"Neo4j prêt : {server.uri} — authentification {auth}", err=True)
        click.echo(f"Journal : {server.log_path} ; Ctrl-C pour arrêter.", err=True)
        click.echo(server.uri)
        sys.stdout.flush()
        code = server.wait()
        raise Neo4jUnavailable(f"Le serveur Neo4j s'est arrêté seul (code {code}). Fin du journal :\n"
                               f"{server.log_tail()}")
    except KeyboardInterrupt:
        click.echo("\nArrêt de Neo4j…", err=True)
        server.stop()
        click.echo("Neo4j arrêté.", err=True)
    finally:
        server.stop()
        signal.signal(signal.SIGTERM, previous)


@neo4j_group.command("push", context_settings=CONTEXT)
@click.argument("source", type=click.Path(path_type=Path))
@click.option("--jeu", "dataset", help="Nom du jeu de données dans Neo4j (par défaut : nom du dossier).")
@click.option("--prune", is_flag=True,
              help="Supprimer de Neo4j les nœuds et liens de CE jeu absents des tableaux (jamais ceux d'un autre jeu).")
@click.option("--par-lots", "by_batch", is_flag=True,
              help="Valider chaque lot séparément (premiers chargements plus gros que la mémoire du serveur) : "
                   "non atomique (voir « Atomicité » ci-dessus).")
@click.option("--taille-lot", "batch_size", type=click.IntRange(min=1), default=20_000, show_default=True,
              help="Lignes par requête UNWIND.")
@click.option("--dry-run", "--simulation", "dry_run", is_flag=True,
              help="Ne rien écrire : afficher ce que l'envoi changerait (nœuds et liens à créer, modifier, "
                   "supprimer avec --prune), identifiant par identifiant.")
@connection_options
@quiet_option
def push_command(source: Path, dataset: str | None, prune: bool, by_batch: bool, batch_size: int, dry_run: bool,
                 uri: str | None, user: str | None, password: str | None, database: str | None,
                 quiet: bool) -> None:
    """Envoyer un écosystème dans Neo4j (idempotent, incrémental, atomique).

    Valide les tableaux de SOURCE, puis crée contraintes et index, et écrit
    par lots (UNWIND, nœuds puis liens) : acteurs (un label par type),
    programmes, besoins, indicateurs et observations, territoires (partagés
    entre jeux) et leurs inclusions, avec la provenance de chaque ligne.
    Seules les différences sont écrites : deux envois identiques laissent le
    même graphe ; une ligne modifiée est mise à jour ; une ligne disparue
    des tableaux n'est supprimée qu'avec --prune.

    Atomicité : tout l'envoi est une seule transaction. S'il échoue ou est
    interrompu en route (panne, Ctrl-C, processus tué), la base reste
    exactement comme avant l'envoi. Cette transaction occupe la mémoire du
    serveur jusqu'à sa validation ; pour un premier chargement trop gros,
    donnez plus de mémoire au serveur ou utilisez --par-lots : chaque lot est
    alors validé seul, un échec laisse un envoi partiel, et relancer la même
    commande le termine.
    """
    from ecosysteme.io import load_valid
    from ecosysteme.stores.neo4j import connect, connection_settings, push

    ui = Ui(quiet)
    settings = connection_settings(uri, user, password, database)
    ui.info(f"Lecture et validation de {source}")
    model = load_valid(source, dataset=dataset, progress=ui.progress())
    ui.info(f"Envoi du jeu « {model.dataset} » vers {settings.safe_uri}"
            f"{' (lots indépendants, non atomique)' if by_batch else ''}")
    with connect(settings) as driver:
        report = push(driver, model, prune=prune, atomic=not by_batch, batch_size=batch_size,
                      progress=ui.progress(), dry_run=dry_run)
    if dry_run:
        click.echo(report.summary())
        for kind, items in report.changes.items():
            click.echo(f"{kind.replace('_', ' ')} ({len(items)}) :")
            click.echo("".join(f"  {item}\n" for item in items), nl=False)
    elif not quiet:
        click.echo(report.summary())


@neo4j_group.command("query", context_settings=CONTEXT)
@click.argument("cypher", required=False)
@click.option("--fichier", "-f", "query_file", type=click.Path(path_type=Path, dir_okay=False),
              help="Lire la requête dans ce fichier (ex. ontology/queries/q1_besoins_non_couverts.cypher).")
@click.option("--param", "-p", "params", multiple=True, metavar="NOM=VALEUR",
              help="Paramètre $NOM de la requête (répétable) ; les nombres sont typés, le reste est du texte "
                   "(entre guillemets pour forcer du texte).")
@click.option("--format", "fmt", type=click.Choice(["texte", "csv"]), default="texte", show_default=True,
              help="Tableau aligné ou CSV (séparateur « ; »).")
@click.option("--limite", "limit", type=click.IntRange(min=1), help="Nombre maximal de lignes affichées.")
@click.option("--delai", "timeout", type=click.FloatRange(min=0, min_open=True), default=300, show_default=True,
              help="Secondes après lesquelles le serveur arrête la requête.")
@click.option("--ecriture", "write", is_flag=True,
              help="Autoriser une requête qui modifie le graphe (par défaut : lecture seule).")
@connection_options
def query_command(cypher: str | None, query_file: Path | None, params: tuple[str, ...], fmt: str,
                  limit: int | None, timeout: float, write: bool, uri: str | None, user: str | None,
                  password: str | None, database: str | None) -> None:
    """Exécuter une requête Cypher avec paramètres et afficher le résultat en tableau.

    Les valeurs passées par -p sont transmises comme paramètres ($nom), jamais
    recopiées dans le texte de la requête. Exemple :

    \b
      ecosysteme neo4j query "MATCH (a:Acteur {monde: $monde}) RETURN a.nom" -p monde=associations
      ecosysteme neo4j query -f ontology/queries/q4_voisinage.cypher -p jeu=reseau -p acteur=le-rameau -p k=2
    """
    from ecosysteme.cli._cypher import format_table, parse_parameters, read_query_file
    from ecosysteme.errors import QueryError
    from ecosysteme.stores.neo4j import connect, connection_settings, run_query

    if (cypher is None) == (query_file is None):
        raise QueryError("Donnez une requête Cypher, soit en argument, soit avec --fichier (-f), pas les deux.")
    text = read_query_file(query_file) if query_file is not None else cypher
    assert text is not None
    parameters = parse_parameters(params)
    with connect(connection_settings(uri, user, password, database)) as driver:
        result = run_query(driver, text, parameters, write=write, limit=limit, timeout=timeout)
    click.echo(format_table(result, fmt), nl=False)
