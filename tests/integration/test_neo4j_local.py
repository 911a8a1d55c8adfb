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
    # No password given: one is generated once, kept next to the data, readable by its owner only.
    assert server.password_file == data / "mot-de-passe-neo4j"
    assert server.auth == ("neo4j", server.password_file.read_text(encoding="utf-8").strip())
    assert len(server.auth[1]) >= 16 and server.password_file.stat().st_mode & 0o077 == 0
    assert LocalNeo4j(data).auth == server.auth
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
            with neo4j.GraphDatabase.driver(first) as anonymous:
                with pytest.raises(AuthError):
                    anonymous.verify_connectivity()
            with neo4j.GraphDatabase.driver(first, auth=server.auth) as driver:
                records, _, _ = driver.execute_query("MATCH (e:Espece) RETURN e.nom AS nom", database_="neo4j")
                assert [r["nom"] for r in records] == ["Quercus robur"]
            proc.send_signal(signal.SIGINT)
            _out, err = proc.communicate(timeout=120)
        finally:
            if proc.poll() is None:
                proc.kill()
    assert proc.returncode == 0, err
    assert "Neo4j prêt" in err and "Neo4j arrêté." in err and "Traceback" not in err
    assert f"mot de passe dans {data / 'mot-de-passe-neo4j'}" in err and server.auth[1] not in err
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
        with neo4j.GraphDatabase.driver(server.uri, auth=server.auth) as driver:
            driver.execute_query("CREATE (:Crash {n: 1})")
    finally:
        server.kill()
    assert not server.running
    with LocalNeo4j(data) as again:
        with neo4j.GraphDatabase.driver(again.uri, auth=again.auth) as driver:
            records, _, _ = driver.execute_query("MATCH (c:Crash) RETURN c.n AS n")
            assert [r["n"] for r in records] == [1]


def test_start_failure_reports_log_tail(neo4j_lib: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEO4J_PASSWORD", raising=False)
    data = tmp_path / "graph"
    with LocalNeo4j(data):
        # A second server on the same store cannot take Neo4j's store lock.
        with pytest.raises(Neo4jLocalError, match="n'a pas démarré"):
            LocalNeo4j(data).start(timeout=120)


def test_load_csv_cannot_read_local_files_nor_local_addresses(neo4j_server, tmp_path: Path) -> None:
    """LOAD CSV on the local server: no file URL, no loopback or private address, even in a write transaction."""
    from neo4j.exceptions import ClientError

    secret = tmp_path / "secret.csv"
    secret.write_text("nom\nconfidentiel\n", encoding="utf-8")
    with socket.socket() as listener:  # a local service the server must not be made to call
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        with neo4j.GraphDatabase.driver(neo4j_server.uri, auth=neo4j_server.auth) as driver:
            for url in [secret.as_uri(), "file:///etc/passwd", f"http://127.0.0.1:{port}/x.csv",
                        f"http://localhost:{port}/x.csv"]:
                with pytest.raises(ClientError) as caught:
                    driver.execute_query("LOAD CSV FROM $url AS line RETURN line", url=url)
                assert "confidentiel" not in str(caught.value) and "root:" not in str(caught.value), url
        listener.settimeout(0.5)
        with pytest.raises(TimeoutError):
            listener.accept()  # nothing ever connected


def test_load_csv_needs_the_write_flag_in_neo4j_query(neo4j_server, tmp_path: Path) -> None:
    env = {**os.environ, "NEO4J_URI": neo4j_server.uri, "NEO4J_USER": "neo4j", "NEO4J_PASSWORD": SESSION_PASSWORD}
    done = subprocess.run([sys.executable, "-m", "ecosysteme", "neo4j", "query",
                           "load csv from 'file:///etc/passwd' as l return l"],
                          capture_output=True, text=True, env=env, timeout=120, check=False)
    assert done.returncode != 0 and "LOAD CSV" in done.stderr and "--ecriture" in done.stderr
    assert "root:" not in done.stdout and "Traceback" not in done.stderr
    # A string that merely contains the words is no clause.
    done = subprocess.run([sys.executable, "-m", "ecosysteme", "neo4j", "query", "RETURN 'load csv' AS mots"],
                          capture_output=True, text=True, env=env, timeout=120, check=False)
    assert done.returncode == 0 and "load csv" in done.stdout, done.stderr
