"""Connecting to Neo4j: settings from the environment, a driver with French errors."""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from ecosysteme.errors import Neo4jUnavailable

DEFAULT_URI = "bolt://127.0.0.1:7687"
DEFAULT_USER = "neo4j"


# --------------------------------------------------------------------------
# Connection
# --------------------------------------------------------------------------
@dataclass(frozen=True)
class ConnectionSettings:
    """Where and as whom to connect. ``repr`` never shows the password."""

    uri: str
    user: str
    password: str | None = field(default=None, repr=False)
    database: str | None = None

    @property
    def auth(self) -> tuple[str, str] | None:
        return (self.user, self.password) if self.password is not None else None

    @property
    def safe_uri(self) -> str:
        """The URI without any ``user:password@`` part (safe to print)."""
        return _safe_uri(self.uri)


def _safe_uri(uri: str) -> str:
    try:
        parts = urlsplit(uri)
    except ValueError:
        return "(adresse illisible)"
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, "", ""))


def connection_settings(uri: str | None = None, user: str | None = None, password: str | None = None,
                        database: str | None = None, env: Mapping[str, str] | None = None) -> ConnectionSettings:
    """Resolve the connection from arguments, then ``NEO4J_URI``, ``NEO4J_USERNAME``, ``NEO4J_PASSWORD``.

    ``NEO4J_USERNAME`` is what cypher-shell and Aura use; ``NEO4J_USER`` is
    accepted too (it is read when ``NEO4J_USERNAME`` is not set).

    Parameters
    ----------
    uri, user, password, database : str, optional
        Explicit values (command-line flags); they win over the environment.
    env : mapping, optional
        The environment (default ``os.environ``).

    Returns
    -------
    ConnectionSettings
        Defaults: ``bolt://127.0.0.1:7687``, user ``neo4j``, no password
        (authentication disabled on the server), the server's default database.
    """
    env = os.environ if env is None else env
    return ConnectionSettings(
        uri=uri or env.get("NEO4J_URI") or DEFAULT_URI,
        user=user or env.get("NEO4J_USERNAME") or env.get("NEO4J_USER") or DEFAULT_USER,
        password=password if password is not None else (env.get("NEO4J_PASSWORD") or None),
        database=database or env.get("NEO4J_DATABASE") or None,
    )


@contextmanager
def connect(settings: ConnectionSettings | None = None, **kwargs: Any) -> Iterator[Any]:
    """Open a driver, check that the server answers, close it on exit.

    Parameters
    ----------
    settings : ConnectionSettings, optional
        Default: :func:`connection_settings` with ``kwargs``.

    Yields
    ------
    neo4j.Driver
        With the database to use in ``driver.ecosysteme_database`` (None: the
        server's default).

    Raises
    ------
    Neo4jUnavailable
        The server cannot be reached or refuses the credentials; the French
        message says what to check and never contains the password.
    """
    import neo4j
    from neo4j.exceptions import AuthError, ConfigurationError, DriverError, Neo4jError, ServiceUnavailable

    settings = settings or connection_settings(**kwargs)
    where = settings.safe_uri
    try:
        driver = neo4j.GraphDatabase.driver(settings.uri, auth=settings.auth, notifications_min_severity="OFF",
                                            user_agent="ecosysteme")
    except (ValueError, ConfigurationError) as exc:
        raise Neo4jUnavailable(
            f"Adresse Neo4j invalide « {where} » : attendu bolt://hôte:port (ou neo4j://, neo4j+s://). "
            "Vérifiez --uri ou NEO4J_URI."
        ) from exc
    try:
        try:
            driver.verify_connectivity()
        except AuthError as exc:
            raise Neo4jUnavailable(
                f"Neo4j ({where}) refuse l'authentification de l'utilisateur « {settings.user} ». "
                "Vérifiez --utilisateur / NEO4J_USERNAME et le mot de passe (--mot-de-passe ou NEO4J_PASSWORD ; "
                "un serveur lancé par « ecosysteme neo4j local » sans NEO4J_PASSWORD garde le sien dans "
                "DOSSIER/mot-de-passe-neo4j)."
            ) from exc
        except (ServiceUnavailable, OSError, DriverError) as exc:
            raise Neo4jUnavailable(
                f"Neo4j est injoignable à {where}. Vérifiez que le serveur tourne "
                "(en local : `ecosysteme neo4j local DOSSIER`), l'adresse et le port (--uri ou NEO4J_URI) "
                "et qu'aucun pare-feu ne bloque la connexion."
            ) from exc
        except Neo4jError as exc:
            raise Neo4jUnavailable(f"Neo4j ({where}) refuse la connexion : {exc.message or exc.code}.") from exc
        driver.ecosysteme_database = settings.database
        yield driver
    finally:
        driver.close()


def database_of(driver: Any) -> str | None:
    return getattr(driver, "ecosysteme_database", None)
