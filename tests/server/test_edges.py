"""The server's edges: every request gets an HTTP answer, malformed ones a 400, silent ones a timeout.

Raw sockets speak to the real server, as a misbehaving client (or an attacker) would.
"""

from __future__ import annotations

import socket
import threading
import urllib.parse

import pytest

from tests.server.conftest import http


@pytest.fixture(scope="module")
def edgy(shared_store):
    """The endpoint with a short idle timeout (1 s), so the timeout tests stay short."""
    from ecosysteme.server import ServerConfig, SparqlServer

    srv = SparqlServer(ServerConfig(store=shared_store, port=0, timeout=4.0, workers=2, idle_timeout=1.0,
                                    quiet=True)).start()
    yield srv
    srv.stop()


def _raw(server, data: bytes, *, wait: float = 10.0) -> bytes:
    host, port = urllib.parse.urlsplit(server.url).netloc.split(":")
    with socket.create_connection((host, int(port)), timeout=wait) as s:
        s.sendall(data)
        chunks = []
        while True:
            try:
                chunk = s.recv(65536)
            except TimeoutError:
                break
            if not chunk:
                break
            chunks.append(chunk)
        return b"".join(chunks)


@pytest.mark.parametrize("length", ["-5", "abc", "-1", "1e3", "٣", "12 34"])
def test_a_malformed_content_length_gets_a_400_in_french(edgy, length, capfd):
    # Left waiting for a body that never comes, the client would read nothing before its own 10 s timeout.
    answer = _raw(edgy, f"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                        f"Content-Length: {length}\r\n\r\nASK {{}}".encode())
    assert answer.startswith(b"HTTP/1.1 400"), answer[:200]
    assert b"Content-Length invalide" in answer
    assert "Traceback" not in capfd.readouterr().err


def test_a_body_shorter_than_announced_times_out_with_an_answer(edgy, capfd):
    answer = _raw(edgy, b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                        b"Content-Length: 1000\r\n\r\nASK {}")
    assert answer.startswith(b"HTTP/1.1 408"), answer[:200]
    assert "Traceback" not in capfd.readouterr().err


def test_an_idle_connection_is_closed(edgy):
    host, port = urllib.parse.urlsplit(edgy.url).netloc.split(":")
    with socket.create_connection((host, int(port)), timeout=10) as s:
        assert s.recv(1024) == b""  # the server hangs up (1 s) before the client's own timeout (10 s)


def test_64_clients_at_once_all_get_an_http_answer(edgy):
    """64 clients connect at the same instant: no TCP reset, every answer 200 (or 503 when busy)."""
    query = urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"})
    statuses: list[int | str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(64)

    def client() -> None:
        barrier.wait()
        try:
            status: int | str = http("GET", f"{edgy.url}/sparql?{query}",
                                     headers={"Accept": "application/sparql-results+json"}, timeout=120).status
        except OSError as exc:  # a reset or a refused connection
            status = type(exc).__name__
        with lock:
            statuses.append(status)

    threads = [threading.Thread(target=client) for _ in range(64)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(180)
    assert len(statuses) == 64
    assert set(statuses) <= {200, 503}, statuses
    assert statuses.count(200) >= 1
