"""Integration tests of the local Neo4j server (real JVM, real Bolt, real driver).

The first run downloads Neo4j's jars from Maven Central (~125 MB, ~20 s) into
``$ECOSYSTEME_CACHE`` (default ``~/.cache/ecosysteme``); later runs reuse them.
Each server start takes ~10 s on the 2-core machines. The tests that need a
server of their own (restart, kill, store lock) start one; the others use the
session's server (``tests/integration/conftest.py``).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
from pathlib import Path

import neo4j
import pytest
from neo4j.exceptions import AuthError

from ecosysteme.stores.neo4j_local import (
    NEO4J_VERSION,
    LocalNeo4j,
    Neo4jLocalError,
    _free_port,
    ensure_neo4j,
)
from tests.integration.conftest import SESSION_PASSWORD

pytestmark = [
    pytest.mark.neo4j,
    pytest.mark.skipif(shutil.which("java") is None, reason="Java 17+ is needed to run Neo4j"),
]


@pytest.fixture(scope="module")
def neo4j_lib() -> Path:
    return ensure_neo4j()


def test_ensure_neo4j_is_idempotent(neo4j_lib: Path) -> None:
    assert neo4j_lib.is_dir()
    assert (neo4j_lib / f"neo4j-{NEO4J_VERSION}.jar").is_file()
    assert (neo4j_lib / ".complete").is_file()
    messages: list[str] = []
    assert ensure_neo4j(messages.append) == neo4j_lib
    assert messages == []  # nothing to do the second time


def test_start_query_stop_restart_persists(neo4j_lib: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEO4J_PASSWORD", raising=False)
    data = tmp_path / "graph"
    server = LocalNeo4j(data)
    assert server.auth is None
    assert server.uri == f"bolt://127.0.0.1:{server.port}"
    with server:
        assert server.running
        with neo4j.GraphDatabase.driver(server.uri, auth=server.auth) as driver:
            with driver.session() as session:
                rows = session.run(
                    "CALL dbms.components() YIELD name, versions, edition RETURN name, versions, edition"
                ).data()
                assert rows[0]["name"] == "Neo4j Kernel"
                assert rows[0]["versions"][0].startswith("5.26")
                assert rows[0]["versions"][0] == NEO4J_VERSION
                session.run("CREATE (:Espece {nom: $nom})", nom="Quercus robur").consume()
                count = session.run("MATCH (e:Espece {nom: 'Quercus robur'}) RETURN count(e) AS n").single()
                assert count is not None and count["n"] == 1
    assert not server.running
    assert "NEO4J_STOPPED" in (data / "neo4j-server.log").read_text(encoding="utf-8")

    # Restart on the same folder with the documented command (foreground, Ctrl-C stops it): the node is still there.
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != "NEO4J_PASSWORD"}
    with subprocess.Popen([sys.executable, "-m", "ecosysteme", "neo4j", "local", str(data), "--port", str(port)],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env) as proc:
        try:
            assert proc.stdout is not None
            first = proc.stdout.readline().strip()  # printed once the server is ready
            assert first == f"bolt://127.0.0.1:{port}", proc.stderr.read() if proc.stderr else ""
            with neo4j.GraphDatabase.driver(first) as driver:
                records, _, _ = driver.execute_query("MATCH (e:Espece) RETURN e.nom AS nom", database_="neo4j")
                assert [r["nom"] for r in records] == ["Quercus robur"]
            proc.send_signal(signal.SIGINT)
            _out, err = proc.communicate(timeout=120)
        finally:
            if proc.poll() is None:
                proc.kill()
    assert proc.returncode == 0, err
    assert "Neo4j prêt" in err and "Neo4j arrêté." in err and "Traceback" not in err
    assert (data / "neo4j-server.log").read_text(encoding="utf-8").count("NEO4J_STOPPED") == 2
    # Nothing listens on the port any more. The driver's closed connections may linger in TIME_WAIT; a server
    # binding the port (Neo4j does) sets SO_REUSEADDR and ignores them, but not another listener.
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("127.0.0.1", port))
        s.listen()


def test_password_from_environment(neo4j_server, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    secret = "s3cret-Pa55word"
    monkeypatch.setenv("NEO4J_PASSWORD", secret)
    server = LocalNeo4j(tmp_path / "graph")  # reads NEO4J_PASSWORD; not started
    assert server.auth == ("neo4j", secret)
    assert not any(secret in arg for arg in server.command(Path("lib")))
    # The session's server runs with authentication on.
    password = SESSION_PASSWORD
    assert neo4j_server.auth == ("neo4j", password)
    with neo4j.GraphDatabase.driver(neo4j_server.uri, auth=("neo4j", password)) as driver:
        records, _, _ = driver.execute_query("RETURN 1 AS one")
        assert records[0]["one"] == 1
    with neo4j.GraphDatabase.driver(neo4j_server.uri, auth=("neo4j", "wrong-password")) as bad:
        with pytest.raises(AuthError):
            bad.verify_connectivity()
    with neo4j.GraphDatabase.driver(neo4j_server.uri) as anonymous:
        with pytest.raises(AuthError):
            anonymous.verify_connectivity()
    # The password never reaches the server's log.
    assert password not in neo4j_server.log_path.read_text(encoding="utf-8")


def test_short_password_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="8 caractères"):
        LocalNeo4j(tmp_path, password="short")


def test_kill_then_restart_recovers(neo4j_lib: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEO4J_PASSWORD", raising=False)
    data = tmp_path / "graph"
    server = LocalNeo4j(data).start()
    try:
        with neo4j.GraphDatabase.driver(server.uri) as driver:
            driver.execute_query("CREATE (:Crash {n: 1})")
    finally:
        server.kill()
    assert not server.running
    with LocalNeo4j(data) as again:
        with neo4j.GraphDatabase.driver(again.uri) as driver:
            records, _, _ = driver.execute_query("MATCH (c:Crash) RETURN c.n AS n")
            assert [r["n"] for r in records] == [1]


def test_start_failure_reports_log_tail(neo4j_lib: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEO4J_PASSWORD", raising=False)
    data = tmp_path / "graph"
    with LocalNeo4j(data):
        # A second server on the same store cannot take Neo4j's store lock.
        with pytest.raises(Neo4jLocalError, match="n'a pas démarré"):
            LocalNeo4j(data).start(timeout=120)
