"""HTML pages of the endpoint: query editor, graphs and downloads, resource pages.

Everything that comes from the data (labels, literals, IRIs) goes through
:func:`html.escape`; links are only made for ``http(s)`` IRIs, so an IRI like
``javascript:…`` shows as text. Scripts are separate files (the pages carry a
Content-Security-Policy without inline scripts); the query library travels as
a JSON data block that no browser executes.
"""

from __future__ import annotations

import json
from html import escape
from urllib.parse import quote

from ecosysteme.vocab import SERIALISATION_PREFIXES

__all__ = ["BASE_IRI", "error_page", "graph_page", "graphs_page", "library_page", "local_path", "query_page",
           "resource_page", "short_iri", "status_page"]

#: Our IRIs start with this; the server serves ``BASE_IRI + path`` at ``/path``.
BASE_IRI = "https://w3id.org/ecosysteme"
_LOCAL_ROOTS = ("/id/", "/territoire/", "/vocabulaire/", "/graphe/", "/ontologie")
_FORMATS = (("ttl", "Turtle"), ("nt", "N-Triples"), ("jsonld", "JSON-LD"), ("rdfxml", "RDF/XML"))


def local_path(iri: str) -> str | None:
    """The server path that dereferences ``iri``, when it is one of ours."""
    if iri.startswith(BASE_IRI):
        path = iri[len(BASE_IRI):].split("#", 1)[0]
        if path.startswith(_LOCAL_ROOTS):
            return path
    return None


def _href(iri: str) -> str:
    local = local_path(iri)
    if local is not None:
        return local
    return "/ressource?iri=" + quote(iri, safe="")


def short_iri(iri: str) -> str:
    """``prefix:local`` under the longest serialisation prefix that holds ``iri``, else ``iri``."""
    best = None
    for prefix, ns in SERIALISATION_PREFIXES.items():
        if iri.startswith(ns) and (best is None or len(ns) > len(best[1])):
            best = (prefix, ns)
    return f"{best[0]}:{iri[len(best[1]):]}" if best and len(iri) > len(best[1]) else iri


def _layout(title: str, body: str, *, scripts: tuple[str, ...] = (), styles: tuple[str, ...] = (),
            extra_head: str = "", wide: bool = False) -> str:
    links = "".join(f'<link rel="stylesheet" href="{escape(s)}">' for s in ("/static/ecosysteme/style.css",
                                                                                *styles))
    scripts_html = "".join(f'<script src="{escape(s)}"></script>' for s in scripts)
    return f"""<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)} — ecosysteme</title>
{links}{extra_head}
</head>
<body>
<header class="eco-entete">
  <a class="eco-marque" href="/">ecosysteme</a>
  <nav>
    <a href="/">Requêtes SPARQL</a>
    <a href="/graphes">Graphes et téléchargements</a>
    <a href="/requetes/">Requêtes fournies</a>
    <a href="/ontologie">Ontologie</a>
  </nav>
</header>
<main class="{'eco-large' if wide else 'eco-page'}">
{body}
</main>
{scripts_html}
</body>
</html>
"""


def query_page(queries: list[dict], endpoint_path: str = "/sparql") -> str:
    """The SPARQL editor (YASGUI, served by us) with the shipped queries."""
    data = json.dumps(queries, ensure_ascii=False)
    # A JSON data block: "</" and "<!--" must not appear inside <script>.
    data = data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    items = "".join(
        f'<li><button type="button" class="eco-requete" data-nom="{escape(q["name"])}">'
        f'{escape(q["title"])}</button><p>{escape(q["description"])}</p></li>'
        for q in queries)
    body = f"""
<div class="eco-requetes">
  <aside class="eco-bibliotheque">
    <h2>Requêtes fournies</h2>
    <p class="eco-aide">Cliquez pour ouvrir une requête dans un nouvel onglet, puis lancez-la (▶).
    Les paramètres sont les blocs <code>VALUES</code> : modifiez-les tous.</p>
    <ul>{items}</ul>
  </aside>
  <section class="eco-editeur">
    <p class="eco-aide">Point d'accès SPARQL 1.1 : <code id="eco-point-acces">{escape(endpoint_path)}</code>
    (GET ou POST, résultats JSON, XML, CSV, TSV ; graphes en Turtle, N-Triples, JSON-LD).
    Préfixes usuels prédéclarés (<code>eco:</code>, <code>rdfs:</code>, <code>skos:</code>…).</p>
    <div id="yasgui"></div>
  </section>
</div>
<script type="application/json" id="eco-requetes-donnees">{data}</script>
"""
    return _layout("Requêtes SPARQL", body, wide=True,
                   styles=("/static/yasgui/yasgui.min.css",),
                   scripts=("/static/yasgui/yasgui.min.js", "/static/ecosysteme/yasgui-fr.js",
                            "/static/ecosysteme/requetes.js"))


def _graph_row(g: dict) -> str:
    from ecosysteme.stores.rdfstore import graph_name

    slug = quote(graph_name(g["iri"]), safe="") if g["iri"].startswith(BASE_IRI) else None
    downloads = " · ".join(
        f'<a href="/graphe/{escape(slug)}.{ext}" download>{label}</a>' for ext, label in _FORMATS) if slug else ""
    kind = {"jeu": "jeu de données", "territoires": "territoires", "ontologie": "ontologie"}.get(g["kind"], "autre")
    name = (f'<a href="/graphe/{escape(slug)}">{escape(g["name"])}</a>' if slug else escape(g["name"]))
    return (f"<tr><td>{name}</td><td>{escape(kind)}</td><td class='eco-nombre'>{g['triples']}</td>"
            f"<td><code>{escape(g['iri'])}</code></td><td>{escape(g.get('loaded_at') or '')}</td>"
            f"<td>{downloads}</td></tr>")


def graphs_page(graphs: list[dict], version: str | None) -> str:
    """The named graphs of the store with their dumps."""
    rows = "".join(_graph_row(g) for g in graphs)
    body = f"""
<h1>Graphes nommés et téléchargements</h1>
<p>Un graphe nommé par source : chaque jeu de données, les territoires (référentiel officiel
Etalab) et l'ontologie. Sans <code>FROM</code> ni <code>GRAPH</code>, les requêtes portent sur
leur union. Version publiée du magasin : <code>{escape(version or '?')}</code>.</p>
<table class="eco-table">
<thead><tr><th>Graphe</th><th>Nature</th><th>Triplets</th><th>IRI</th><th>Chargé le</th>
<th>Télécharger</th></tr></thead>
<tbody>{rows}</tbody>
</table>
<p>Exemple : <code>SELECT ?s ?p ?o WHERE {{ GRAPH &lt;IRI du graphe&gt; {{ ?s ?p ?o }} }} LIMIT 10</code></p>
"""
    return _layout("Graphes", body)


def graph_page(g: dict) -> str:
    """One named graph: what it is and its dumps."""
    from ecosysteme.stores.rdfstore import graph_name

    slug = quote(graph_name(g["iri"]), safe="")
    downloads = "".join(f'<li><a href="/graphe/{escape(slug)}.{ext}" download>{label}</a></li>'
                        for ext, label in _FORMATS)
    body = f"""
<h1>Graphe « {escape(g['name'])} »</h1>
<dl class="eco-fiche">
<dt>IRI</dt><dd><code>{escape(g['iri'])}</code></dd>
<dt>Triplets</dt><dd>{g['triples']}</dd>
<dt>Source</dt><dd>{escape(g.get('source') or '')}</dd>
<dt>Chargé le</dt><dd>{escape(g.get('loaded_at') or '')}</dd>
<dt>Empreinte (SHA-256)</dt><dd><code>{escape(g.get('fingerprint') or '')}</code></dd>
</dl>
<h2>Télécharger</h2><ul>{downloads}</ul>
"""
    return _layout(f"Graphe {g['name']}", body)


def _graph_html(graph: str | None) -> str:
    from ecosysteme.stores.rdfstore import graph_name

    if not graph:
        return "défaut"
    local = local_path(graph)
    name = escape(graph_name(graph))
    return f'<a href="{escape(local)}">{name}</a>' if local else name


def _value_html(term: dict, labels: dict[str, str]) -> str:
    if term["kind"] == "iri":
        iri = term["value"]
        label = labels.get(iri)
        text = escape(label) + f' <span class="eco-iri">{escape(short_iri(iri))}</span>' if label else escape(
            short_iri(iri))
        if iri.startswith(("http://", "https://")):
            return f'<a href="{escape(_href(iri))}">{text}</a>'
        return text
    if term["kind"] == "literal":
        extra = ""
        if term.get("language"):
            extra = f' <span class="eco-iri">@{escape(term["language"])}</span>'
        elif term.get("datatype") and not term["datatype"].endswith("#string"):
            extra = f' <span class="eco-iri">{escape(short_iri(term["datatype"]))}</span>'
        return f"{escape(term['value'])}{extra}"
    return escape(term["value"])


def resource_page(iri: str, data: dict, rdf_link: str) -> str:
    """A resource's page: its properties (by graph) and the resources that point to it."""
    labels = data["labels"]
    title = labels.get(iri) or short_iri(iri)
    out_rows = "".join(
        f"<tr><td>{_value_html({'kind': 'iri', 'value': p['value']}, labels)}</td>"
        f"<td>{_value_html(o, labels)}</td><td class='eco-graphe'>{_graph_html(g)}</td></tr>"
        for g, p, o in sorted(data["outgoing"], key=lambda r: (r[1]["value"], r[2]["value"])))
    in_rows = "".join(
        f"<tr><td>{_value_html(s, labels)}</td>"
        f"<td>{_value_html({'kind': 'iri', 'value': p['value']}, labels)}</td>"
        f"<td class='eco-graphe'>{_graph_html(g)}</td></tr>"
        for g, s, p in sorted(data["incoming"], key=lambda r: (r[2]["value"], r[1]["value"])))
    more = "<p>… liste tronquée.</p>" if data.get("incoming_truncated") else ""
    downloads = " · ".join(f'<a href="{escape(rdf_link)}format={ext}">{label}</a>' for ext, label in _FORMATS)
    body = f"""
<h1>{escape(title)}</h1>
<p><code>{escape(iri)}</code></p>
<p>En RDF : {downloads}</p>
<h2>Propriétés</h2>
<table class="eco-table"><thead><tr><th>Propriété</th><th>Valeur</th><th>Graphe</th></tr></thead>
<tbody>{out_rows or '<tr><td colspan="3">aucune</td></tr>'}</tbody></table>
<h2>Ressources qui y renvoient</h2>
<table class="eco-table"><thead><tr><th>Ressource</th><th>Propriété</th><th>Graphe</th></tr></thead>
<tbody>{in_rows or '<tr><td colspan="3">aucune</td></tr>'}</tbody></table>
{more}
"""
    return _layout(title, body)


def library_page(queries: list[dict]) -> str:
    """The shipped queries, each downloadable as a .rq file."""
    items = "".join(
        f'<li><a href="/requetes/{escape(q["name"])}.rq">{escape(q["title"])}</a> — {escape(q["description"])}'
        + (" <em>Paramètres : " + ", ".join(escape(p["name"]) for p in q["parameters"]) + "</em>"
           if q["parameters"] else "") + "</li>"
        for q in queries)
    body = f"""
<h1>Requêtes fournies</h1>
<p>Points de départ documentés (fichiers <code>ontology/queries/*.rq</code>) ; ouvrez-les dans
l'<a href="/">éditeur</a> ou téléchargez-les.</p>
<ul class="eco-liste">{items}</ul>
"""
    return _layout("Requêtes fournies", body)


def error_page(status: int, message: str) -> str:
    """A French error page."""
    return _layout(f"Erreur {status}", f"<h1>Erreur {status}</h1><p>{escape(message)}</p>")


_LANE_TITLES = {"reguliere": "Voie régulière (toutes les requêtes)",
                "courte": "Voie courte (requêtes légères : ASK, LIMIT sans tri ni regroupement)"}


def _seconds(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f} s".replace(".", ",")


def _version_rows(versions: list[dict]) -> str:
    rows = []
    for v in versions:
        name = escape(v["nom"])
        current = " (actuelle)" if v["actuelle"] else ""
        rows.append(
            f"<tr><th scope='row'><a href='/versions/{name}/'>{name}</a>{current}</th>"
            f"<td>{escape(v['publiee'] or '')}</td><td class='eco-nombre'>{v['triplets']}</td>"
            f"<td><code>{escape(v['point_d_acces'])}</code></td>"
            f"<td><a href='/versions/{name}/.well-known/void'>VoID/DCAT</a></td>"
            f"<td><code>{escape(v['empreinte'])}</code></td></tr>")
    return f"""<table class="eco-table">
<thead><tr><th>Version</th><th>Publiée le</th><th>Triplets</th><th>Point d'accès SPARQL (lecture seule)</th>
<th>Description</th><th>Empreinte (SHA-256)</th></tr></thead>
<tbody>{''.join(rows)}</tbody>
</table>"""


def versions_page(versions: list[dict], *, single: bool = False) -> str:
    """The published versions of the store (or one of them), with their endpoints and fingerprints, to cite."""
    title = f"Version {versions[0]['nom']}" if single and versions else "Versions publiées du magasin"
    graphs = ""
    if single and versions:
        graphs = "<h2>Graphes</h2><ul>" + "".join(
            f"<li>{escape(name)} : {n} triplets</li>" for name, n in versions[0]["graphes"].items()) + "</ul>"
    body = f"""<h1>{escape(title)}</h1>
<p>Chaque version publiée reste interrogeable telle quelle, en lecture seule, à son propre point d'accès
SPARQL : pour citer exactement les données d'un travail, donnez l'adresse de la version et son empreinte.
La version actuelle est aussi celle de <a href="/sparql">/sparql</a>.</p>
{_version_rows(versions)}
{graphs}
<p>En JSON : <a href="?format=json">?format=json</a>.</p>
"""
    return _layout(title, body)


def status_page(data: dict) -> str:
    """Queue depth and recent durations of the query lanes (``data`` from ``WorkerPool.status``)."""
    rows = []
    for name, lane in data["voies"].items():
        limit = ("" if lane["limite_s"] is None
                 else f" ; au-delà de {_seconds(lane['limite_s'])}, passe en voie régulière")
        rows.append(
            f"<tr><th scope='row'>{escape(_LANE_TITLES.get(name, name))}{escape(limit)}</th>"
            f"<td>{lane['processus']}</td><td>{lane['occupes']}</td><td>{lane['servies']}</td>"
            f"<td>{lane['interrompues']}</td>"
            f"<td>{_seconds(lane['attente_s']['p50'])}</td><td>{_seconds(lane['attente_s']['p95'])}</td>"
            f"<td>{_seconds(lane['execution_s']['p50'])}</td><td>{_seconds(lane['execution_s']['p95'])}</td></tr>")
    body = f"""<h1>État du serveur</h1>
<p>Requêtes en attente d'un processus : <strong>{data['en_attente']}</strong>
(dont {data['legeres_en_attente']} légères) ;
la plus ancienne attend depuis {_seconds(data['attente_la_plus_longue_s'])}.
Requêtes légères passées en voie régulière : {data['deplacees_vers_reguliere']}.
Durée maximale d'une requête : {_seconds(data['delai_max_s'])}.</p>
<table class="eco-table">
<thead><tr><th>Voie</th><th>Processus</th><th>Occupés</th><th>Servies</th><th>Interrompues</th>
<th>Attente médiane</th><th>Attente p95</th><th>Exécution médiane</th><th>Exécution p95</th></tr></thead>
<tbody>{''.join(rows)}</tbody>
</table>
<p>Durées sur les 500 dernières requêtes de chaque voie.
En JSON : <a href="/statut?format=json">/statut?format=json</a>.</p>
<h2>Versions publiées</h2>
{_version_rows(data.get("versions", []))}
"""
    return _layout("État du serveur", body)
