"""Commands of the researcher's journey: ``sparql``, ``serve`` and ``magasin``.

Thin layer over :mod:`ecosysteme.stores.rdfstore` and :mod:`ecosysteme.server`.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import click

from ecosysteme.cli._options import SHARED, AliasedOption, output_option
from ecosysteme.cli.main import CONTEXT, Ui, cli, quiet_option
from ecosysteme.errors import QueryError, StoreError

__all__ = ["magasin", "serve", "sparql"]

UPDATE_TOKEN_ENV = "ECOSYSTEME_SPARQL_UPDATE_TOKEN"
_RESULT_FORMATS = ("table", "csv", "tsv", "json", "xml")
_GRAPH_FORMATS = ("ttl", "nt", "jsonld", "rdfxml")
_EXTENSIONS = {".csv": "csv", ".tsv": "tsv", ".json": "json", ".srj": "json", ".xml": "xml", ".srx": "xml",
               ".ttl": "ttl", ".nt": "nt", ".jsonld": "jsonld", ".rdf": "rdfxml", ".txt": "table"}

store_option = click.option(
    "-m", "--magasin", "store", cls=AliasedOption, hidden=SHARED["--magasin"], type=click.Path(path_type=Path),
    envvar="ECOSYSTEME_MAGASIN", default="magasin",
    show_default=True, help="Dossier du magasin RDF (variable ECOSYSTEME_MAGASIN).")


def _resolve_params(store, query, pairs: tuple[str, ...]) -> dict[str, str]:
    """``nom=valeur`` pairs; an ``iri`` parameter given as a bare id is looked up in the store."""
    from ecosysteme.stores.rdfstore import term_text

    values: dict[str, list[str]] = {}
    for pair in pairs:
        if "=" not in pair:
            raise click.BadParameter(f"« {pair} » : écrivez nom=valeur (ex. territoire=region:53).",
                                     param_hint="-p/--param")
        name, value = pair.split("=", 1)
        values.setdefault(name.strip(), []).append(value.strip())
    kinds = {p.name: p.kind for p in query.parameters}
    out: dict = {}
    for name, items in values.items():
        resolved = []
        for value in items:
            if kinds.get(name) == "iri" and ":" not in value:
                import pyoxigraph as ox

                literal = term_text(ox.Literal(value))
                rows = store.query(f"SELECT DISTINCT ?r WHERE {{ ?r dcterms:identifier {literal} }}").rows
                if not rows:
                    raise QueryError(f"aucune ressource d'identifiant « {value} » dans le magasin "
                                     "(donnez l'IRI complète).")
                if len(rows) > 1:
                    iris = ", ".join(sorted(r[0].value for r in rows))
                    raise QueryError(f"identifiant « {value} » ambigu (plusieurs jeux) : choisissez une IRI parmi "
                                     f"{iris}.")
                value = rows[0][0].value
            resolved.append(value)
        out[name] = resolved if len(resolved) > 1 else resolved[0]
    return out


@cli.command(context_settings=CONTEXT)
@click.argument("requete", required=False)
@click.option("-f", "--fichier", "query_file",
              help="Fichier .rq, ou nom d'une requête fournie (voir --liste).")
@store_option
@click.option("--source", type=click.Path(path_type=Path),
              help="Interroger directement des tableaux (dossier CSV ou XLSX), sans magasin (graphe en mémoire).")
@click.option("--format", "fmt", type=click.Choice(_RESULT_FORMATS + _GRAPH_FORMATS),
              help="Format de sortie : table (écran), csv, tsv, json, xml pour SELECT/ASK ; ttl, nt, jsonld, "
                   "rdfxml pour CONSTRUCT/DESCRIBE. Par défaut : d'après l'extension de --sortie, sinon table.")
@output_option(help="Écrire le résultat dans ce fichier.")
@click.option("-p", "--param", "params", multiple=True,
              help="Paramètre d'une requête fournie, nom=valeur (ex. -p territoire=region:53 -p k=2) ; "
                   "répétable.")
@click.option("--graphe", "graphs", multiple=True,
              help="Restreindre le graphe par défaut à ce graphe nommé (nom ou IRI) ; répétable.")
@click.option("--liste", is_flag=True, help="Lister les requêtes fournies et leurs paramètres.")
@click.option("--federation", is_flag=True, help="Autoriser les appels SERVICE vers d'autres serveurs.")
@click.option("--version", "version", metavar="VERSION",
              help="Interroger cette version publiée du magasin (ex. v000003, voir « magasin versions ») plutôt "
                   "que la version actuelle.")
@quiet_option
def sparql(requete: str | None, query_file: str | None, store: Path, source: Path | None, fmt: str | None,
           output: Path | None, params: tuple[str, ...], graphs: tuple[str, ...], liste: bool, federation: bool,
           version: str | None, quiet: bool) -> None:
    """Exécuter une requête SPARQL 1.1 sur le magasin RDF.

    La requête est donnée en argument, ou par -f (fichier .rq ou requête
    fournie). Sans FROM ni GRAPH, elle porte sur l'union de tous les graphes
    (jeux de données, territoires, ontologie) ; les préfixes usuels (eco:,
    rdfs:, skos:…) sont prédéclarés.

    \b
    Exemples :
      ecosysteme sparql "SELECT ?nom WHERE { ?a a eco:Acteur ; rdfs:label ?nom }"
      ecosysteme sparql -f q1_besoins_non_couverts -p territoire=region:53
      ecosysteme sparql -f requete.rq --format csv -o resultats.csv
    """
    from ecosysteme.fs import atomic_write
    from ecosysteme.stores.rdfstore import RdfStore, library, library_query, serialize, to_table

    ui = Ui(quiet)
    if liste:
        for q in library().values():
            click.echo(f"{q.name}\n    {q.title}")
            for p in q.parameters:
                click.echo(f"    -p {p.name}=…  {p.description} (défaut : {p.default})")
        return
    if (requete is None) == (query_file is None):
        raise click.UsageError("donnez une requête en argument OU un fichier avec -f (pas les deux).")
    if source is not None and version is not None:
        raise click.UsageError("--version s'applique à un magasin, pas à --source.")
    if source is not None:
        from ecosysteme.io import load_valid

        ui.info(f"Chargement de {source} en mémoire")
        db = RdfStore.memory()
        db.ensure_reference_graphs()
        db.load_model(load_valid(source, progress=ui.progress()))
        db.write_description()
    else:
        db = RdfStore.open(store, version=version)
    try:
        if query_file is not None:
            query = library_query(query_file)
            text = query.bind(**_resolve_params(db, query, params))
        else:
            if params:
                raise click.UsageError("-p ne s'applique qu'aux requêtes données par -f.")
            text = requete or ""
        default_graphs = None
        if graphs:
            default_graphs = []
            for g in graphs:
                info = db.graph(g)
                if info is None:
                    raise StoreError(f"pas de graphe « {g} » dans le magasin "
                                     f"({', '.join(x.name for x in db.graphs())}).")
                default_graphs.append(info.iri)
        result = db.query(text, default_graphs=default_graphs, allow_service=federation)
    finally:
        db.close()
    if fmt is None:
        fmt = _EXTENSIONS.get(output.suffix.lower(), "table") if output else "table"
    if result.kind == "graph":
        if fmt in ("csv", "tsv", "json", "xml"):
            raise click.UsageError(f"une requête CONSTRUCT/DESCRIBE donne un graphe : choisissez --format "
                                   f"{', '.join(_GRAPH_FORMATS)}.")
        data = serialize(result, "ttl" if fmt == "table" else fmt)
    elif fmt in _GRAPH_FORMATS:
        raise click.UsageError(f"une requête SELECT/ASK donne des lignes : choisissez --format "
                               f"{', '.join(_RESULT_FORMATS)}.")
    elif fmt == "table":
        data = to_table(result).encode("utf-8")
    else:
        data = serialize(result, fmt)
    if output:
        with atomic_write(output, "wb") as fh:
            fh.write(data)
        n = len(result)  # type: ignore[arg-type]
        ui.info(f"{n} {'triplet' if result.kind == 'graph' else 'ligne'}{'s' if n != 1 else ''} écrite"
                f"{'s' if n != 1 else ''} dans {output}" if result.kind != "ask" else f"Réponse écrite dans {output}")
    else:
        click.echo(data.decode("utf-8"), nl=False)


@cli.command(context_settings=CONTEXT)
@store_option
@click.option("--hote", "host", default="127.0.0.1", show_default=True,
              help="Adresse d'écoute (127.0.0.1 : cette machine seulement).")
@click.option("--port", default=8000, show_default=True, type=int, help="Port (0 : un port libre).")
@click.option("--delai", "timeout", default=30.0, show_default=True, type=float,
              help="Durée maximale d'une requête, en secondes (au-delà : interrompue, réponse 503) ; "
                   "une requête peut demander moins avec le paramètre timeout=.")
@click.option("--max-resultats", "max_results", default=100_000, show_default=True, type=int,
              help="Nombre maximal de lignes (ou de triplets) d'un résultat (au-delà : réponse 413).")
@click.option("--processus", "workers", type=int,
              help="Processus de requête de la voie régulière (requêtes traitées en même temps) ; "
                   "par défaut, les processeurs de la machine (au moins 2, au plus 8).")
@click.option("--voie-courte", "short_lane", default=1, show_default=True, type=int,
              help="Processus réservés aux requêtes légères (ASK, LIMIT sans tri), pour qu'elles "
                   "n'attendent pas derrière les lourdes ; 0 : une seule file pour toutes.")
@click.option("--federation", is_flag=True, help="Autoriser les requêtes fédérées (SERVICE) et LOAD.")
@click.option("--mises-a-jour", "updates", is_flag=True,
              help=f"Accepter SPARQL Update, avec le jeton de la variable {UPDATE_TOKEN_ENV} "
                   "(en-tête Authorization: Bearer …).")
@click.option("--cors", default="*", show_default=True,
              help="Origine autorisée pour les navigateurs (CORS) ; « aucune » pour désactiver.")
@click.option("--url-publique", "public_url",
              help="URL publique annoncée dans la description du service (et base des IRI relatives).")
@quiet_option
def serve(store: Path, host: str, port: int, timeout: float, max_results: int, workers: int | None,
          short_lane: int, federation: bool, updates: bool, cors: str, public_url: str | None, quiet: bool) -> None:
    """Servir le magasin RDF : point d'accès SPARQL 1.1 et page de requêtes.

    Protocole SPARQL 1.1 sur /sparql (GET, POST urlencodé ou direct ;
    résultats JSON, XML, CSV, TSV, graphes en Turtle, N-Triples, JSON-LD),
    page de requêtes (YASGUI, hors ligne) sur /, téléchargement des graphes
    sur /graphes, pages des ressources (/id/…, /territoire/…), état des
    files d'attente sur /statut. En lecture seule sauf --mises-a-jour.
    Arrêt : Ctrl-C.
    """
    from ecosysteme.server import ServerConfig, SparqlServer

    ui = Ui(quiet)
    token = None
    if updates:
        token = os.environ.get(UPDATE_TOKEN_ENV, "").strip()
        if len(token) < 16:
            raise StoreError(f"--mises-a-jour demande un jeton d'au moins 16 caractères dans la variable "
                             f"d'environnement {UPDATE_TOKEN_ENV}.")
    if timeout <= 0 or max_results <= 0 or (workers is not None and workers <= 0) or short_lane < 0:
        raise click.BadParameter("--delai, --max-resultats et --processus doivent être positifs, "
                                 "--voie-courte positif ou nul.")
    config = ServerConfig(store=store, host=host, port=port, timeout=timeout, max_results=max_results,
                          workers=workers, short_lane=short_lane, allow_service=federation, update_token=token,
                          cors_origin=None if cors.lower() in ("aucune", "non", "") else cors,
                          public_url=public_url, quiet=quiet)
    try:
        server = SparqlServer(config)
    except OSError as exc:
        raise StoreError(f"impossible d'écouter sur {host}:{port} : {exc.strerror or exc}") from exc
    if host not in ("127.0.0.1", "localhost", "::1"):
        ui.info(f"Attention : le serveur écoute sur {host}, il est joignable depuis d'autres machines.")
    # The line below is read by scripts and tests: keep its shape.
    click.echo(f"Point d'accès SPARQL : {server.endpoint}", err=True)
    ui.info(f"Page de requêtes : {server.url}/   (Ctrl-C pour arrêter)")
    if token:
        ui.info("Mises à jour SPARQL acceptées avec le jeton (non affiché).")
    sys.stderr.flush()

    def stop_on_term(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop_on_term)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        ui.info("Arrêt du serveur.")


@cli.group(context_settings=CONTEXT)
def magasin() -> None:
    """Gérer le magasin RDF (graphes nommés, chargement, export)."""


@magasin.command("info", context_settings=CONTEXT)
@store_option
def magasin_info(store: Path) -> None:
    """Lister les graphes nommés du magasin."""
    from ecosysteme.stores.rdfstore import RdfStore

    with RdfStore.open(store) as db:
        click.echo(f"Magasin {store} — version {db.version}")
        for g in db.graphs():
            click.echo(f"  {g.name:<20} {g.kind:<12} {g.triples:>9} triplets  {g.loaded_at or ''}  <{g.iri}>")


@magasin.command("versions", context_settings=CONTEXT)
@store_option
def magasin_versions(store: Path) -> None:
    """Lister les versions publiées du magasin (la plus ancienne d'abord).

    Chaque version se lit telle quelle (« ecosysteme sparql » et le serveur :
    /versions/VERSION/sparql) et se cite par son nom et son empreinte.
    """
    from ecosysteme.stores.rdfstore import RdfStore

    versions = RdfStore.versions(store)
    click.echo(f"Magasin {store} — {len(versions)} version(s) publiée(s)")
    for v in versions:
        mark = "  (ACTUELLE)" if v.current else ""
        click.echo(f"{v.name}  publiée le {v.published or '?'}  {v.triples} triplets  empreinte {v.fingerprint}{mark}")
        click.echo("    " + ", ".join(f"{name} : {n}" for name, n in v.graphs.items()))
        if v.datasets_with_tables:
            click.echo(f"    tableaux sources gardés : {', '.join(v.datasets_with_tables)}")


@magasin.command("nettoyer", context_settings=CONTEXT)
@store_option
@click.option("--garder", "keep", type=click.IntRange(min=1), required=True, metavar="N",
              help="Nombre de versions les plus récentes à garder (au moins 1).")
@quiet_option
def magasin_nettoyer(store: Path, keep: int, quiet: bool) -> None:
    """Supprimer les anciennes versions publiées, sauf les N plus récentes.

    Par défaut, le magasin garde toutes ses versions (pour les citer et les
    comparer). La version actuelle et les versions en cours de lecture (par
    le serveur, par un diff) ne sont jamais supprimées.
    """
    from ecosysteme.stores.rdfstore import RdfStore

    removed, busy = RdfStore.prune(store, keep)
    ui = Ui(quiet)
    ui.info(f"{len(removed)} version(s) supprimée(s)" + (f" : {', '.join(removed)}" if removed else "") + ".")
    if busy:
        ui.info(f"Gardée(s) car en cours de lecture : {', '.join(busy)} (relancez plus tard).")


@magasin.command("charger", context_settings=CONTEXT)
@click.argument("source", type=click.Path(path_type=Path))
@store_option
@click.option("--jeu", "dataset", help="Nom du jeu de données (par défaut : nom du dossier).")
@quiet_option
def magasin_charger(source: Path, store: Path, dataset: str | None, quiet: bool) -> None:
    """Valider des tableaux et (re)charger leur graphe dans le magasin.

    Le graphe du jeu est remplacé d'un bloc : en cas d'erreur, le magasin
    garde son contenu précédent.
    """
    from ecosysteme.io import load_valid
    from ecosysteme.stores.rdfstore import build_store

    ui = Ui(quiet)
    ui.info(f"Lecture et validation de {source}")
    model = load_valid(source, dataset=dataset, progress=ui.progress())
    graphs = build_store(store, model, progress=ui.step, tables=source)
    info = next(g for g in graphs if g.name == model.dataset)
    ui.info(f"Jeu « {info.name} » : {info.triples} triplets dans {store} (graphe <{info.iri}>)")


@magasin.command("retirer", context_settings=CONTEXT)
@click.argument("jeu")
@store_option
@quiet_option
def magasin_retirer(jeu: str, store: Path, quiet: bool) -> None:
    """Retirer le graphe d'un jeu de données du magasin."""
    from ecosysteme.stores.rdfstore import RdfStore

    with RdfStore.write(store) as writer:
        info = writer.graph(jeu)
        if info is None or info.kind != "jeu":
            raise StoreError(f"pas de jeu « {jeu} » dans le magasin "
                             f"({', '.join(g.name for g in writer.graphs() if g.kind == 'jeu') or 'aucun'}).")
        writer.remove_graph(info.iri)
    Ui(quiet).info(f"Jeu « {jeu} » retiré de {store}.")


@magasin.command("exporter", context_settings=CONTEXT)
@click.argument("graphe", required=False)
@store_option
@click.option("--format", "fmt", type=click.Choice([*_GRAPH_FORMATS, "nq", "trig"]), default="ttl",
              show_default=True, help="Un graphe : ttl, nt, jsonld, rdfxml ; tout le magasin (sans GRAPHE) : nq "
                                      "(N-Quads) ou trig.")
@output_option(required=True, help="Fichier à écrire.")
@quiet_option
def magasin_exporter(graphe: str | None, store: Path, fmt: str, output: Path, quiet: bool) -> None:
    """Exporter un graphe nommé (jeu, territoires, ontologie, description) ou tout le magasin dans un fichier.

    Sans GRAPHE, avec --format nq ou trig : tous les graphes nommés de la
    version publiée, avec leurs noms (de quoi citer exactement les données :
    la version et les empreintes sont dans le graphe « description »).
    """
    from ecosysteme.fs import atomic_write
    from ecosysteme.stores.rdfstore import RdfStore

    whole = fmt in ("nq", "trig")
    if whole != (graphe is None):
        raise StoreError("donnez un GRAPHE avec --format ttl, nt, jsonld ou rdfxml, ou aucun GRAPHE avec --format "
                         "nq ou trig (tout le magasin).")
    if graphe is None:
        with RdfStore.open(store) as db:
            count = db.dump_all(output, fmt)
            version = db.version
        Ui(quiet).info(f"{count} quadruplets (version {version}) écrits dans {output}")
        return
    with RdfStore.open(store) as db:
        info = db.graph(graphe)
        if info is None:
            raise StoreError(f"pas de graphe « {graphe} » ({', '.join(g.name for g in db.graphs())}).")
        data = db.dump(info.iri, fmt)
    with atomic_write(output, "wb") as fh:
        fh.write(data)
    Ui(quiet).info(f"{info.triples} triplets écrits dans {output}")
