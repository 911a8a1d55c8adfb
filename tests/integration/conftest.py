"""One real Neo4j server for the whole test session (Neo4j tests are marked ``neo4j``).

The server comes from Maven Central through :func:`ensure_neo4j` (downloaded
once into ``$ECOSYSTEME_CACHE``, so a clean CI machine fetches it here) and
runs with authentication on. Tests share it and stay independent by writing
each to its own dataset (``jeu``); territories are shared by design.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

SESSION_PASSWORD = "ecosysteme-tests-1"


@pytest.fixture(scope="session")
def neo4j_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator:
    """The session's Neo4j server (a :class:`~ecosysteme.stores.neo4j_local.LocalNeo4j`)."""
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        pytest.skip("Java 17+ est nécessaire pour lancer Neo4j")
    from ecosysteme.stores.neo4j_local import LocalNeo4j, ensure_neo4j

    ensure_neo4j()
    server = LocalNeo4j(tmp_path_factory.mktemp("neo4j-session") / "db", password=SESSION_PASSWORD, heap="1g")
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def neo4j_driver(neo4j_server) -> Iterator:
    """A driver connected to the session's server (through :func:`ecosysteme.stores.neo4j.connect`)."""
    from ecosysteme.stores.neo4j import connect, connection_settings

    settings = connection_settings(uri=neo4j_server.uri, user="neo4j", password=SESSION_PASSWORD, env={})
    with connect(settings) as driver:
        yield driver


@pytest.fixture
def neo4j_env(neo4j_server) -> dict[str, str]:
    """Environment for a CLI subprocess talking to the session's server."""
    env = dict(os.environ)
    env.update({"NEO4J_URI": neo4j_server.uri, "NEO4J_USER": "neo4j", "NEO4J_PASSWORD": SESSION_PASSWORD})
    env.pop("NEO4J_DATABASE", None)
    return env


@pytest.fixture
def jeu(request: pytest.FixtureRequest) -> str:
    """A dataset name of its own for each test (so tests sharing the server never collide)."""
    return "t-" + re.sub(r"[^a-z0-9]+", "-", request.node.name.lower()).strip("-")[:60]


@pytest.fixture(scope="session")
def fixtures_root() -> Path:
    return Path(__file__).resolve().parents[1] / "fixtures"
