"""The SPARQL 1.1 Protocol endpoint, its query page and the linked-data pages.

Routes::

    GET  /                      query page (YASGUI, served by us, works offline)
    GET  /sparql?query=…        query (SPARQL 1.1 Protocol); without query: service description
    POST /sparql                query or update, urlencoded or direct (application/sparql-query,
                                application/sparql-update); bodies in UTF-8 only
                                (/sparql/ is the same endpoint; other methods get 405)
    GET  /graphes               named graphs and their dumps
    GET  /graphe/<nom>[.ext]    one named graph: page, or dump (Turtle, N-Triples, JSON-LD, RDF/XML)
    GET  /.well-known/void      the store's VoID + DCAT description (its graph ``description``), as
                                RFC 8615 and the VoID guide name it; the service description points at it
    GET  /id/…, /territoire/…,  our IRIs (https://w3id.org/ecosysteme/…) dereferenced:
         /vocabulaire/…         HTML for a browser, RDF for a client that asks for it
    GET  /ontologie             the ontology's documentation (HTML), or the ontology graph (RDF)
    GET  /ressource?iri=…       any IRI of the store, the same way
    GET  /requetes/[nom.rq]     the shipped queries
    GET  /statut                queue depth and durations of the query lanes, published versions (HTML, or JSON)
    GET  /versions              the store's published versions (HTML, or JSON), each citable
    GET  /versions/<v>/sparql   a published version (``v000003``), read-only: query (GET or POST) and
         POST                   service description as on /sparql, updates refused (403); also
                                ``/sparql?version=<v>``
    GET  /versions/<v>/.well-known/void, /versions/<v>/graphe/<nom>[.ext]
                                that version's description and graphs
    GET  /static/…              assets (YASGUI, our script and style)

Queries run in worker processes (:mod:`ecosysteme.server._workers`) with a
time limit and a result-size cap, in two lanes so that a light query is not
stuck behind heavy ones (:mod:`ecosysteme.server._pool`); a request may ask
for a shorter limit with ``timeout=<seconds>`` (capped by the server's), and a
503 carries ``Retry-After`` (estimated from the queue). SPARQL Update is refused unless the server was given a
token, and then only with ``Authorization: Bearer <token>``, and always on a published version.
The description served at ``/.well-known/void`` (and for each version) adds what
only the server knows: the SPARQL endpoint of the store and of each version kept
(``void:sparqlEndpoint``), so that a paper can cite the exact data it queried.
Federated ``SERVICE`` calls are refused unless enabled. Relative IRIs in
queries and updates are resolved against the endpoint's URL, and the
``using-graph-uri``/``using-named-graph-uri`` parameters of an update become
``USING`` clauses (:mod:`ecosysteme.server._protocol`).
"""

from __future__ import annotations

import contextlib
import hmac
import json
import math
import mimetypes
import re
import sys
import threading
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from ecosysteme.errors import EcosystemeError
from ecosysteme.server import _pages
from ecosysteme.server._conneg import GRAPH_TYPES, RESULT_TYPES, choose, prefers_html
from ecosysteme.server._pool import WorkerPool
from ecosysteme.server._protocol import UpdateDatasetConflict, body_charset_error, with_base, with_using
from ecosysteme.server._workers import Reply, WorkerCrashed, run_update
from ecosysteme.stores.rdfstore import RDF_FORMATS, RESULT_FORMATS, QueryTimeout, analyse, library

__all__ = ["ServerConfig", "SparqlServer"]

STATIC_DIR = Path(__file__).resolve().parent / "static"
#: What http.server itself refuses (before our handlers run), said in French.
_HTTP_LAYER_ERRORS = {400: "requête HTTP mal formée.", 408: "requête HTTP incomplète (délai dépassé).",
                      414: "adresse trop longue.", 431: "en-têtes HTTP trop longs ou trop nombreux.",
                      505: "version de HTTP non prise en charge (HTTP/1.0 ou HTTP/1.1)."}
_STATUS_OF_ERROR = {"bad_query": 400, "refused": 403, "too_large": 413, "store": 503, "internal": 500}


def _payload(send: Callable[[], Reply]) -> object:
    """Run a worker request and return its payload; a timeout is a 503, a crash a 500, a refusal its status."""
    try:
        reply = send()
    except QueryTimeout as exc:
        raise _HttpError(503, str(exc)) from exc
    except WorkerCrashed as exc:
        raise _HttpError(500, str(exc)) from exc
    if not reply.ok:
        raise _HttpError(_STATUS_OF_ERROR.get(reply.error or "", 500), reply.message or "erreur")
    return reply.payload
_VERSIONED = re.compile(r"/versions/(v\d{6})(/.*)?")
_CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        "connect-src 'self'; font-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")


@dataclass
class ServerConfig:
    """Settings of the endpoint.

    Attributes
    ----------
    store : Path
        The store directory (see :class:`ecosysteme.stores.rdfstore.RdfStore`).
    host, port : str, int
        Where to listen (``127.0.0.1`` by default; port 0 picks a free one).
    timeout : float
        Seconds a query may run before it is interrupted (HTTP 503).
    max_results : int
        Most rows (or triples) a query may return (HTTP 413 beyond).
    workers : int or None
        Regular query worker processes (queries answered at the same time);
        None: sized to the machine (:func:`ecosysteme.server._pool.default_workers`).
    short_lane : int
        Worker processes kept for light queries (0: none, one queue for all).
    short_limit : float
        Seconds a light query may run in the short lane before it moves to the regular one.
    allow_service : bool
        Allow federated SERVICE calls (and LOAD in updates).
    update_token : str or None
        Enables SPARQL Update for requests carrying ``Authorization: Bearer <token>``.
    cors_origin : str or None
        ``Access-Control-Allow-Origin`` sent with every answer (None: no CORS).
    public_url : str or None
        Base URL announced in the service description (default ``http://host:port``).
    max_body : int
        Largest request body accepted, in bytes.
    idle_timeout : float
        Seconds a connection may stay silent (between requests, or while a
        request is being sent) before the server closes it.
    backlog : int
        Connections the system keeps waiting while every thread is busy accepting
        (``listen`` backlog); beyond it a client would get a TCP reset.
    quiet : bool
        Do not log requests on stderr.
    """

    store: Path
    host: str = "127.0.0.1"
    port: int = 8000
    timeout: float = 30.0
    max_results: int = 100_000
    workers: int | None = None
    short_lane: int = 1
    short_limit: float = 2.0
    allow_service: bool = False
    update_token: str | None = field(default=None, repr=False)
    cors_origin: str | None = "*"
    public_url: str | None = None
    max_body: int = 16 * 1024 * 1024
    idle_timeout: float = 60.0
    backlog: int = 1024
    quiet: bool = False


class _HttpError(Exception):
    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.headers = status, message, headers or {}


class SparqlServer:
    """The endpoint: an HTTP server plus its query workers.

    Examples
    --------
    In-process (tests, notebooks)::

        server = SparqlServer(ServerConfig(store=path, port=0)).start()
        print(server.url)          # http://127.0.0.1:PORT
        ...
        server.stop()
    """

    def __init__(self, config: ServerConfig) -> None:
        from ecosysteme.stores.rdfstore import RdfStore

        self.config = config
        if not RdfStore.exists(config.store):
            RdfStore.open(config.store)  # raises the clear StoreError
        self.pool = WorkerPool(config.store, config.workers, short=config.short_lane, short_limit=config.short_limit)
        try:
            self.pool.wait_ready()
        except BaseException:
            self.pool.close()
            raise
        handler = type("Handler", (_Handler,), {"app": self, "timeout": config.idle_timeout})
        server_class = type("HttpServer", (ThreadingHTTPServer,), {"request_queue_size": config.backlog})
        try:
            self.httpd = server_class((config.host, config.port), handler)
        except OSError:
            self.pool.close()
            raise
        self.httpd.daemon_threads = True
        self._thread: threading.Thread | None = None
        self._library = [
            {"name": q.name, "title": q.title, "description": q.description, "text": q.text,
             "parameters": [{"name": p.name, "kind": p.kind, "description": p.description, "default": p.default}
                            for p in q.parameters]}
            for q in library().values()
        ]
        self._ontology_html: str | None = None
        self._ontology_lock = threading.Lock()
        self._library.sort(key=lambda q: (not q["name"].startswith("q"), q["name"]))

    @property
    def port(self) -> int:
        return self.httpd.server_address[1]

    @property
    def url(self) -> str:
        host = self.config.host
        shown = "127.0.0.1" if host in ("", "0.0.0.0") else (f"[{host}]" if ":" in host else host)
        return f"http://{shown}:{self.port}"

    @property
    def endpoint(self) -> str:
        return f"{(self.config.public_url or self.url).rstrip('/')}/sparql"

    def start(self) -> SparqlServer:
        """Serve in a background thread (returns at once)."""
        self._thread = threading.Thread(target=self.httpd.serve_forever, name="ecosysteme-sparql", daemon=True)
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        """Serve in this thread until interrupted."""
        try:
            self.httpd.serve_forever()
        finally:
            self.stop()

    def stop(self) -> None:
        """Stop serving and stop the workers."""
        if self._thread is not None:
            self.httpd.shutdown()
            self._thread.join(timeout=10)
            self._thread = None
        with contextlib.suppress(Exception):
            self.httpd.server_close()
        self.pool.close()

    def __enter__(self) -> SparqlServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --------------------------------------------------------------- operations

    def call(self, request: dict, timeout: float | None = None) -> object:
        """Send a request to a worker; raise :class:`_HttpError` for errors."""
        return _payload(lambda: self.pool.call(request, timeout or self.config.timeout))

    def ontology_page(self) -> str:
        """The ontology's documentation page (built once: the ontology files do not change while serving)."""
        with self._ontology_lock:
            if self._ontology_html is None:
                from ecosysteme.server._ontology_page import ontology_page
                from ecosysteme.stores.rdfstore import ontology_files

                self._ontology_html = ontology_page(ontology_files())
            return self._ontology_html

    def graphs(self, version: str | None = None) -> dict:
        return self.call({"op": "graphs", "version": version})  # type: ignore[return-value]

    def base(self) -> str:
        return (self.config.public_url or self.url).rstrip("/")

    def version_endpoint(self, version: str) -> str:
        return f"{self.base()}/versions/{version}/sparql"

    def versions(self) -> list[dict]:
        """The published versions (read from the store's folder), newest first, as plain data."""
        from ecosysteme.stores.rdfstore import RdfStore

        return [{"nom": v.name, "publiee": v.published, "triplets": v.triples, "graphes": v.graphs,
                 "empreinte": v.fingerprint, "actuelle": v.current, "point_d_acces": self.version_endpoint(v.name),
                 "description": f"{self.base()}/versions/{v.name}/.well-known/void"}
                for v in reversed(RdfStore.versions(self.config.store))]

    def check_version(self, version: str) -> None:
        """404 (French, with the versions kept) unless ``version`` is a published version of the store."""
        from ecosysteme.stores.rdfstore._versions import version_names

        names = version_names(self.config.store)
        if version not in names:
            raise _HttpError(404, f"pas de version « {version} » dans ce magasin ; versions disponibles : "
                                  f"{', '.join(names) or 'aucune'} (voir /versions).")


class _Handler(BaseHTTPRequestHandler):
    app: SparqlServer
    protocol_version = "HTTP/1.1"
    server_version = "ecosysteme-sparql"

    # ------------------------------------------------------------------ plumbing

    def log_message(self, format: str, *args: object) -> None:
        if not self.app.config.quiet:
            sys.stderr.write(f"{self.address_string()} - {format % args}\n")

    def _send(self, status: int, body: bytes, content_type: str, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        if self.app.config.cors_origin:
            self.send_header("Access-Control-Allow-Origin", self.app.config.cors_origin)
            self.send_header("Access-Control-Expose-Headers", "Content-Type, Content-Length, Content-Disposition")
        if content_type.startswith("text/html"):
            self.send_header("Content-Security-Policy", _CSP)
            self.send_header("Referrer-Policy", "no-referrer")
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _send_html(self, status: int, html: str, headers: dict[str, str] | None = None) -> None:
        self._send(status, html.encode("utf-8"), "text/html; charset=utf-8", headers)

    def _send_error(self, err: _HttpError) -> None:
        accept = self.headers.get("Accept")
        headers = err.headers
        if err.status == 503:
            headers = {"Retry-After": str(self.app.pool.retry_after(self.app.config.timeout)), **err.headers}
        if self.command == "GET" and prefers_html(accept) and not self.path.startswith("/sparql"):
            self._send_html(err.status, _pages.error_page(err.status, err.message), headers)
        else:
            self._send(err.status, (err.message + "\n").encode("utf-8"), "text/plain; charset=utf-8", headers)

    def _dispatch(self, method: str) -> None:
        try:
            parsed = urllib.parse.urlsplit(self.path)
            try:
                params = urllib.parse.parse_qs(parsed.query, keep_blank_values=True, errors="strict")
            except UnicodeDecodeError:
                raise _HttpError(400, "paramètres de l'adresse illisibles : encodez-les en UTF-8 (%XX).") from None
            path = "/sparql" if parsed.path == "/sparql/" else parsed.path
            getattr(self, f"_{method}")(path, params)
        except _HttpError as err:
            self._drain()
            self._send_error(err)
        except (BrokenPipeError, ConnectionResetError):
            pass
        except TimeoutError:  # the client stopped sending its body (idle_timeout): answer and hang up
            self.close_connection = True
            with contextlib.suppress(OSError):
                self._send(408, "requête incomplète : le corps annoncé n'est pas arrivé à temps.\n".encode(),
                           "text/plain; charset=utf-8", {"Connection": "close"})
        except EcosystemeError as exc:
            self._drain()
            self._send_error(_HttpError(500, str(exc)))

    def _drain(self) -> None:
        """Read an unread request body so that the connection stays usable."""
        length = getattr(self, "_unread", 0)
        if length:
            with contextlib.suppress(Exception):
                self.rfile.read(length)
            self._unread = 0

    def do_GET(self) -> None:
        self._dispatch("get")

    def do_HEAD(self) -> None:
        self._dispatch("get")

    def _body_length(self) -> bool:
        """Read ``Content-Length``; on a malformed one, answer 400, close the connection and return False."""
        raw = (self.headers.get("Content-Length") or "0").strip()
        if self.headers.get("Transfer-Encoding"):
            problem = "corps envoyé par morceaux (Transfer-Encoding) : donnez sa taille en Content-Length."
        elif not raw.isascii() or not raw.isdigit():
            problem = f"en-tête Content-Length invalide (« {raw[:40]} ») : un nombre d'octets positif est attendu."
        else:
            self._unread = int(raw)
            return True
        self._unread = 0
        self.close_connection = True
        self._send_error(_HttpError(400, problem, {"Connection": "close"}))
        return False

    def do_POST(self) -> None:
        if self._body_length():
            self._dispatch("post")

    def _not_allowed(self) -> None:
        if not self._body_length():
            return
        self._drain()
        self._send_error(_HttpError(405, f"méthode {self.command} non prise en charge : interrogez en GET ou en "
                                         "POST (requêtes et mises à jour SPARQL).",
                                    {"Allow": "GET, HEAD, POST, OPTIONS"}))

    do_PUT = do_DELETE = do_PATCH = _not_allowed

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """What http.server itself refuses (bad request line, unknown method…), as plain French text."""
        if code == 501 and getattr(self, "headers", None) is not None:
            self._not_allowed()  # a method we have no do_… for
            return
        self.log_error("code %d, message %s", code, message)
        body = (_HTTP_LAYER_ERRORS.get(code, f"erreur HTTP {code}.") + "\n").encode("utf-8")
        self.close_connection = True
        self.send_response(code)
        self.send_header("Connection", "close")
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_OPTIONS(self) -> None:
        headers = {"Allow": "GET, HEAD, POST, OPTIONS", "Access-Control-Max-Age": "86400"}
        if self.app.config.cors_origin:
            headers["Access-Control-Allow-Methods"] = "GET, HEAD, POST, OPTIONS"
            headers["Access-Control-Allow-Headers"] = "Content-Type, Accept, Authorization"
        self._send(204, b"", "text/plain; charset=utf-8", headers)

    # ------------------------------------------------------------------ routes

    def _version(self, path: str, params: dict[str, list[str]]) -> tuple[str | None, str]:
        """``(version, path within it)`` of a request on a published version, else ``(None, path)``."""
        m = _VERSIONED.fullmatch(path)
        if m:
            version, rest = m.group(1), m.group(2) or "/"
            rest = "/sparql" if rest == "/sparql/" else rest
        elif path == "/sparql" and "version" in params:
            version, rest = self._one(params, "version").strip(), path
        else:
            return None, path
        self.app.check_version(version)
        return version, rest

    def _get_version(self, version: str, path: str, params: dict[str, list[str]]) -> None:
        if path == "/sparql":
            if "update" in params:
                raise _HttpError(403, _read_only(version))
            if "query" not in params:
                self._service_description(version)
            else:
                self._query(self._one(params, "query"), params, version)
        elif path == "/.well-known/void":
            self._graph("description", params, version)
        elif path.startswith("/graphe/"):
            self._graph(path[len("/graphe/"):], params, version)
        elif path == "/":
            self._versions_page(params, version)
        else:
            raise _HttpError(404, f"rien à l'adresse {self.path.split('?')[0]} : une version publiée s'interroge "
                                  f"sur /versions/{version}/sparql.")

    def _get(self, path: str, params: dict[str, list[str]]) -> None:
        version, path = self._version(path, params)
        if version is not None:
            self._get_version(version, path, params)
        elif path in ("/", "/index.html"):
            self._send_html(200, _pages.query_page(self.app._library))
        elif path == "/sparql":
            if "update" in params:
                raise _HttpError(405, "une mise à jour SPARQL doit être envoyée en POST.", {"Allow": "POST"})
            if "query" not in params:
                self._service_description()
            else:
                self._query(self._one(params, "query"), params)
        elif path.startswith("/static/"):
            self._static(path[len("/static/"):])
        elif path in ("/graphes", "/graphes/"):
            data = self.app.graphs()
            accept = self.headers.get("Accept") or ""
            if "application/json" in accept and not prefers_html(accept):
                self._send(200, json.dumps(data, ensure_ascii=False).encode(), "application/json; charset=utf-8")
            else:
                self._send_html(200, _pages.graphs_page(data["graphs"], data["version"]))
        elif path.startswith("/graphe/"):
            self._graph(path[len("/graphe/"):], params)
        elif path in ("/requetes", "/requetes/"):
            self._send_html(200, _pages.library_page(self.app._library))
        elif path.startswith("/requetes/") and path.endswith(".rq"):
            name = path[len("/requetes/"):-3]
            for q in self.app._library:
                if q["name"] == name:
                    self._send(200, q["text"].encode("utf-8"), "application/sparql-query; charset=utf-8",
                               {"Content-Disposition": f'inline; filename="{name}.rq"'})
                    return
            raise _HttpError(404, f"requête « {name} » inconnue.")
        elif path == "/.well-known/void":
            self._graph("description", params)
        elif path in ("/statut", "/statut/"):
            self._status(params)
        elif path in ("/versions", "/versions/"):
            self._versions_page(params)
        elif path in ("/ontologie/contexte.jsonld", "/contexte.jsonld"):
            from ecosysteme.export.jsonld import context_path

            self._send(200, context_path().read_bytes(), "application/ld+json; charset=utf-8",
                       {"Content-Disposition": 'inline; filename="contexte.jsonld"'})
        elif path in ("/ontologie", "/ontologie/"):
            if prefers_html(self.headers.get("Accept")) and not params.get("format"):
                self._send_html(200, self.app.ontology_page(), {"Vary": "Accept"})
            else:
                self._graph("ontologie", params)
        elif path == "/ressource":
            self._resource(self._one(params, "iri"), params)
        elif path.startswith(("/id/", "/territoire/", "/vocabulaire/")):
            self._resource(_pages.BASE_IRI + path, params)
        elif path == "/favicon.ico":
            self._send(204, b"", "image/x-icon")
        else:
            raise _HttpError(404, f"rien à l'adresse {path}.")

    def _post(self, path: str, params: dict[str, list[str]]) -> None:
        version, path = self._version(path, params)
        if path != "/sparql":
            raise _HttpError(404, f"rien à l'adresse {path} (les requêtes se postent sur /sparql).")
        length = self._unread
        if length > self.app.config.max_body:
            self._unread = 0  # not read: the connection is closed after the answer
            self.close_connection = True
            raise _HttpError(413, f"requête trop volumineuse ({length} octets, au plus "
                                  f"{self.app.config.max_body}).", {"Connection": "close"})
        raw = self.rfile.read(length) if length else b""
        self._unread = 0
        content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        refused = body_charset_error(self.headers.get("Content-Type"))
        if refused:
            raise _HttpError(415, refused)
        try:
            text = raw.decode("utf-8")
            body_params = (urllib.parse.parse_qs(text, keep_blank_values=True, errors="strict")
                           if content_type == "application/x-www-form-urlencoded" else {})
        except UnicodeDecodeError:
            raise _HttpError(400, "corps de requête illisible : il n'est pas en UTF-8 (seul encodage du "
                                  "protocole SPARQL).") from None
        if content_type == "application/x-www-form-urlencoded":
            merged = {**params, **body_params}
            if version is None and "version" in body_params:  # ``version=`` sent in the form itself
                version, _path = self._version(path, merged)
            if "query" in body_params and "update" in body_params:
                raise _HttpError(400, "« query » et « update » à la fois : envoyez l'une ou l'autre.")
            if "update" in body_params:
                self._update(self._one(body_params, "update"), merged, version)
            elif "query" in body_params:
                self._query(self._one(body_params, "query"), merged, version)
            else:
                raise _HttpError(400, "paramètre « query » (ou « update ») manquant.")
        elif content_type == "application/sparql-query":
            self._query(text, params, version)
        elif content_type == "application/sparql-update":
            self._update(text, params, version)
        else:
            raise _HttpError(415, "type de contenu non pris en charge : envoyez "
                                  "application/x-www-form-urlencoded, application/sparql-query ou "
                                  "application/sparql-update.")

    # ------------------------------------------------------------------ handlers

    @staticmethod
    def _one(params: dict[str, list[str]], name: str) -> str:
        values = params.get(name) or []
        if len(values) != 1:
            raise _HttpError(400, f"un et un seul paramètre « {name} » attendu (reçu {len(values)}).")
        return values[0]

    def _timeout(self, params: dict[str, list[str]]) -> float:
        """The time limit of this request: its ``timeout`` parameter (seconds), at most the server's."""
        limit = self.app.config.timeout
        if "timeout" not in params:
            return limit
        value = self._one(params, "timeout").strip()
        try:
            asked = float(value)
        except ValueError:
            asked = math.nan
        if not math.isfinite(asked) or asked <= 0:
            raise _HttpError(400, f"paramètre « timeout » invalide : « {value} » ; attendu un nombre de secondes "
                                  f"positif (au plus {limit:g} s sur ce serveur).")
        return min(asked, limit)

    def _query(self, text: str, params: dict[str, list[str]], version: str | None = None) -> None:
        if not text.strip():
            raise _HttpError(400, "requête vide.")
        shape = analyse(text)
        if shape.is_update:
            if version is not None:
                raise _HttpError(403, _read_only(version))
            raise _HttpError(400, "ceci est une mise à jour (INSERT, DELETE…) : envoyez-la en POST dans le "
                                  "paramètre « update » ou en application/sparql-update.")
        if shape.uses_service and not self.app.config.allow_service:
            raise _HttpError(403, "les requêtes fédérées (SERVICE) sont désactivées sur ce serveur : elles "
                                  "feraient appel à un autre serveur. Lancez-le avec --federation pour les "
                                  "autoriser.")
        fmt = (params.get("format") or params.get("output") or [None])[0]
        endpoint = self.app.endpoint if version is None else self.app.version_endpoint(version)
        request = {
            "op": "query", "text": with_base(text, endpoint), "accept": self.headers.get("Accept"),
            "format": fmt, "version": version,
            "default_graphs": params.get("default-graph-uri") or None,
            "named_graphs": params.get("named-graph-uri") or None,
            "allow_service": self.app.config.allow_service, "max_results": self.app.config.max_results,
        }
        payload = self.app.call(request, self._timeout(params))
        assert isinstance(payload, dict)
        if payload["status"] == 406:
            offered = RESULT_TYPES if payload["kind"] == "results" else GRAPH_TYPES
            raise _HttpError(406, "aucun format demandé (Accept) n'est disponible pour ce résultat ; "
                                  "possibles : " + ", ".join(t[0] for t in offered.values()))
        formats = RESULT_FORMATS if payload["kind"] == "results" else RDF_FORMATS
        media = formats[payload["format"]].media_type
        self._send(200, payload["body"], media + "; charset=utf-8", {"Vary": "Accept"})

    def _update(self, text: str, params: dict[str, list[str]], version: str | None = None) -> None:
        if version is not None:
            raise _HttpError(403, _read_only(version))
        token = self.app.config.update_token
        if not token:
            raise _HttpError(403, "les mises à jour SPARQL sont désactivées sur ce serveur (lecture seule).")
        auth = self.headers.get("Authorization") or ""
        given = auth[7:].strip() if auth[:7].lower() == "bearer " else ""
        if not given or not hmac.compare_digest(given.encode(), token.encode()):
            raise _HttpError(401, "mise à jour refusée : jeton absent ou invalide "
                                  "(en-tête « Authorization: Bearer … »).",
                             {"WWW-Authenticate": 'Bearer realm="ecosysteme"'})
        if not text.strip():
            raise _HttpError(400, "mise à jour vide.")
        try:
            text = with_using(text, params.get("using-graph-uri") or [], params.get("using-named-graph-uri") or [])
        except UpdateDatasetConflict as exc:
            raise _HttpError(400, f"using-graph-uri ou using-named-graph-uri avec {exc} dans la mise à jour : "
                                  "le protocole SPARQL interdit les deux à la fois, gardez l'un ou l'autre.") from None
        except EcosystemeError as exc:
            raise _HttpError(400, f"using-graph-uri / using-named-graph-uri : {exc}") from None
        text = with_base(text, self.app.endpoint)
        shape = analyse(text)
        if (shape.uses_service or shape.uses_load) and not self.app.config.allow_service:
            raise _HttpError(403, "SERVICE et LOAD (accès à des données distantes) sont désactivés sur ce serveur.")
        _payload(lambda: run_update(self.app.config.store, text, timeout=self._timeout(params),
                                    allow_service=self.app.config.allow_service))
        self._send(200, "Mise à jour appliquée.\n".encode(), "text/plain; charset=utf-8")

    def _service_description(self, version: str | None = None) -> None:
        accept = self.headers.get("Accept")
        if prefers_html(accept):
            where = "/" if version is None else f"/versions/{version}/"
            self._send(303, b"", "text/plain; charset=utf-8", {"Location": where})
            return
        fmt = choose("graph", accept)
        if fmt is None:
            raise _HttpError(406, "description du service disponible en Turtle, N-Triples, JSON-LD, RDF/XML.")
        data = self.app.graphs(version)
        body = _service_description(self.app, data["graphs"], fmt, version, self.app.versions())
        self._send(200, body, RDF_FORMATS[fmt].media_type + "; charset=utf-8", {"Vary": "Accept"})

    def _versions_page(self, params: dict[str, list[str]], version: str | None = None) -> None:
        versions = [v for v in self.app.versions() if version is None or v["nom"] == version]
        accept = self.headers.get("Accept") or ""
        if (params.get("format") or [""])[0] == "json" or ("application/json" in accept and not prefers_html(accept)):
            data = versions[0] if version is not None and versions else {"versions": versions}
            self._send(200, json.dumps(data, ensure_ascii=False).encode(), "application/json; charset=utf-8",
                       {"Cache-Control": "no-store"})
        else:
            self._send_html(200, _pages.versions_page(versions, single=version is not None),
                            {"Cache-Control": "no-store"})

    def _status(self, params: dict[str, list[str]]) -> None:
        data = {**self.app.pool.status(), "delai_max_s": self.app.config.timeout, "versions": self.app.versions()}
        accept = self.headers.get("Accept") or ""
        if (params.get("format") or [""])[0] == "json" or ("application/json" in accept and not prefers_html(accept)):
            self._send(200, json.dumps(data, ensure_ascii=False).encode(), "application/json; charset=utf-8",
                       {"Cache-Control": "no-store"})
        else:
            self._send_html(200, _pages.status_page(data), {"Cache-Control": "no-store"})

    def _static(self, rel: str) -> None:
        rel = urllib.parse.unquote(rel)
        target = (STATIC_DIR / rel).resolve()
        if STATIC_DIR not in target.parents or not target.is_file() or target.suffix not in (
                ".js", ".css", ".txt", ".md", ".svg", ".png", ".woff2"):
            raise _HttpError(404, f"fichier statique introuvable : {rel}")
        ctype = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if ctype.startswith("text/") or ctype.endswith("javascript"):
            ctype += "; charset=utf-8"
        self._send(200, target.read_bytes(), ctype, {"Cache-Control": "public, max-age=3600"})

    def _graph(self, rest: str, params: dict[str, list[str]], version: str | None = None) -> None:
        from ecosysteme.stores.rdfstore import GRAPH_NS, graph_name

        name, ext = rest, None
        for candidate in RDF_FORMATS:
            if rest.endswith("." + candidate):
                name, ext = rest[: -len(candidate) - 1], candidate
                break
        name = urllib.parse.unquote(name)
        data = self.app.graphs(version)
        graph = next((g for g in data["graphs"] if graph_name(g["iri"]) == name and g["iri"].startswith(GRAPH_NS)),
                     None)
        if graph is None:
            raise _HttpError(404, f"pas de graphe « {name} » dans ce magasin (voir /graphes).")
        accept = self.headers.get("Accept")
        fmt = ext
        if fmt is None and params.get("format"):
            fmt = choose("graph", None, params["format"][0])
        if fmt is None:
            if prefers_html(accept) and version is None:
                self._send_html(200, _pages.graph_page(graph), {"Vary": "Accept"})
                return
            fmt = "ttl" if prefers_html(accept) else choose("graph", accept)
            if fmt is None:
                raise _HttpError(406, "formats possibles : Turtle, N-Triples, JSON-LD, RDF/XML.")
        request = {"op": "dump", "graph": graph["iri"], "format": fmt, "version": version}
        if name == "description":
            request["extra"] = _description_extra(self.app, data["version"], self.app.versions(), version is None)
        body = self.app.call(request, timeout=max(self.app.config.timeout, 300.0))
        assert isinstance(body, bytes)
        filename = f"{quote_filename(name)}.{RDF_FORMATS[fmt].extension}"
        self._send(200, body, RDF_FORMATS[fmt].media_type + "; charset=utf-8",
                   {"Vary": "Accept", "Content-Disposition": f'attachment; filename="{filename}"'})

    def _resource(self, iri: str, params: dict[str, list[str]]) -> None:
        from ecosysteme.stores.rdfstore import iri_term

        try:
            iri_term(iri)
        except EcosystemeError as exc:
            raise _HttpError(400, str(exc)) from exc
        accept = self.headers.get("Accept")
        fmt_param = (params.get("format") or [None])[0]
        fmt = choose("graph", None, fmt_param) if fmt_param else None
        if fmt is None and not prefers_html(accept):
            fmt = choose("graph", accept)
            if fmt is None:
                raise _HttpError(406, "formats possibles : HTML, Turtle, N-Triples, JSON-LD, RDF/XML.")
        if fmt is not None:
            body = self.app.call({"op": "describe", "iri": iri, "format": fmt,
                                  "limit": self.app.config.max_results})
            assert isinstance(body, bytes)
            if not body.strip() or body.strip() in (b"[]", b"{}"):
                self._maybe_empty(iri, fmt)
            self._send(200, body, RDF_FORMATS[fmt].media_type + "; charset=utf-8", {"Vary": "Accept"})
            return
        data = self.app.call({"op": "describe", "iri": iri, "limit": 500})
        assert isinstance(data, dict)
        if not data["outgoing"] and not data["incoming"]:
            raise _HttpError(404, f"le magasin ne dit rien de {iri}.")
        local = _pages.local_path(iri)
        rdf_link = (local + "?") if local else f"/ressource?iri={urllib.parse.quote(iri, safe='')}&"
        self._send_html(200, _pages.resource_page(iri, data, rdf_link), {"Vary": "Accept"})

    def _maybe_empty(self, iri: str, fmt: str) -> None:
        data = self.app.call({"op": "describe", "iri": iri, "limit": 1})
        assert isinstance(data, dict)
        if not data["outgoing"] and not data["incoming"]:
            raise _HttpError(404, f"le magasin ne dit rien de {iri}.")


def _read_only(version: str) -> str:
    return (f"la version publiée {version} est en lecture seule : elle ne change jamais, pour que ce qui la cite "
            "reste vrai. Envoyez les mises à jour SPARQL à /sparql.")


def _description_extra(app: SparqlServer, version: str, versions: list[dict], current: bool) -> str:
    """N-Triples the server adds to a description graph: the endpoints of the store and of its versions.

    ``version`` is the version whose description is served; ``current``: served
    at ``/.well-known/void`` (the store as it is now, with every version kept).
    """
    from ecosysteme.stores.rdfstore._description import DCAT, DCT, STORE_IRI, VOID, version_iri

    seealso = "http://www.w3.org/2000/01/rdf-schema#seeAlso"
    lines = []

    def describe(name: str) -> None:
        v = f"<{version_iri(name)}>"
        lines.append(f"<{STORE_IRI}> <{DCT}hasVersion> {v} .")
        lines.append(f"{v} <{DCT}isVersionOf> <{STORE_IRI}> .")
        lines.append(f'{v} <{DCAT}version> "{name}" .')
        lines.append(f"{v} <{VOID}sparqlEndpoint> <{app.version_endpoint(name)}> .")
        lines.append(f"{v} <{seealso}> <{app.base()}/versions/{name}/.well-known/void> .")

    if current:
        lines.append(f"<{STORE_IRI}> <{VOID}sparqlEndpoint> <{app.endpoint}> .")
        for v in versions:
            describe(v["nom"])
    describe(version)
    return "\n".join(dict.fromkeys(lines)) + "\n"


def quote_filename(name: str) -> str:
    """A safe file name (ASCII letters, digits, ``-_.``) for Content-Disposition."""
    import re

    return re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-.") or "graphe"


def _service_description(app: SparqlServer, graphs: list[dict], fmt: str, version: str | None,
                         versions: list[dict]) -> bytes:
    """The SPARQL 1.1 Service Description of the endpoint (or of a published version's), in ``fmt``."""
    import pyoxigraph as ox

    from ecosysteme.stores.rdfstore import GraphResult, serialize
    from ecosysteme.stores.rdfstore._description import STORE_IRI

    sd = "http://www.w3.org/ns/sparql-service-description#"
    formats = "http://www.w3.org/ns/formats/"
    void = "http://rdfs.org/ns/void#"
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    service = ox.BlankNode("service")
    from ecosysteme.stores.rdfstore._description import version_iri

    # the void:Dataset the description graph describes: the store, or one of its versions
    dataset = ox.NamedNode(STORE_IRI if version is None else version_iri(version))
    base = app.base()
    default = ox.BlankNode("defaut")
    t = []

    def add(s, p, o) -> None:
        t.append(ox.Triple(s, ox.NamedNode(p) if isinstance(p, str) else p, o))

    add(service, rdf_type, ox.NamedNode(sd + "Service"))
    add(service, sd + "endpoint", ox.NamedNode(app.endpoint if version is None else app.version_endpoint(version)))
    add(service, sd + "supportedLanguage", ox.NamedNode(sd + "SPARQL11Query"))
    if app.config.update_token and version is None:
        add(service, sd + "supportedLanguage", ox.NamedNode(sd + "SPARQL11Update"))
    add(service, sd + "feature", ox.NamedNode(sd + "UnionDefaultGraph"))
    if app.config.allow_service:
        add(service, sd + "feature", ox.NamedNode(sd + "BasicFederatedQuery"))
    for name in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                 "Turtle", "N-Triples", "JSON-LD", "RDF_XML"):
        add(service, sd + "resultFormat", ox.NamedNode(formats + name))
    add(service, "http://purl.org/dc/terms/title", ox.Literal("Point d'accès SPARQL d'ecosysteme", language="fr"))
    add(service, sd + "defaultDataset", dataset)
    add(dataset, rdf_type, ox.NamedNode(sd + "Dataset"))
    void_at = f"{base}/.well-known/void" if version is None else f"{base}/versions/{version}/.well-known/void"
    add(dataset, "http://www.w3.org/2000/01/rdf-schema#seeAlso", ox.NamedNode(void_at))
    for v in versions if version is None else [v for v in versions if v["nom"] == version]:
        node = ox.NamedNode(version_iri(v["nom"]))
        if version is None:
            add(dataset, "http://purl.org/dc/terms/hasVersion", node)
        add(node, "http://www.w3.org/ns/dcat#version", ox.Literal(v["nom"]))
        add(node, void + "sparqlEndpoint", ox.NamedNode(v["point_d_acces"]))
    add(dataset, sd + "defaultGraph", default)
    add(default, rdf_type, ox.NamedNode(sd + "Graph"))
    add(default, void + "triples", ox.Literal(str(sum(g["triples"] for g in graphs)),
                                              datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")))
    for i, g in enumerate(graphs):
        named = ox.BlankNode(f"graphe{i}")
        inner = ox.BlankNode(f"contenu{i}")
        add(dataset, sd + "namedGraph", named)
        add(named, rdf_type, ox.NamedNode(sd + "NamedGraph"))
        add(named, sd + "name", ox.NamedNode(g["iri"]))
        add(named, sd + "graph", inner)
        add(inner, rdf_type, ox.NamedNode(sd + "Graph"))
        add(inner, void + "triples", ox.Literal(str(g["triples"]),
                                                datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")))
        local = _pages.local_path(g["iri"])
        if local:
            prefix = "" if version is None else f"/versions/{version}"
            add(inner, void + "dataDump", ox.NamedNode(f"{base}{prefix}{local}.ttl"))
    return serialize(GraphResult(t), fmt)
