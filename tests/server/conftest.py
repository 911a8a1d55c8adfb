"""A running endpoint on a real store, started in-process on a free port."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

import pytest

from tests.stores.conftest import (  # noqa: F401  (fixtures shared with the store tests)
    BORD,
    base_store,
    bord_dir,
    bord_model,
    make_store,
    reseau_model,
    shared_store,
    write_tables,
)

UPDATE_TOKEN = "jeton-de-test-0123456789abcdef"


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    def json(self):
        return json.loads(self.body)

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip()


def http(method: str, url: str, *, body: bytes | str | None = None, headers: dict[str, str] | None = None,
         timeout: float = 60) -> Response:
    """A plain HTTP request (urllib), errors included as responses."""
    data = body.encode("utf-8") if isinstance(body, str) else body
    request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as resp:
            return Response(resp.status, {k.lower(): v for k, v in resp.headers.items()}, resp.read())
    except urllib.error.HTTPError as err:
        return Response(err.code, {k.lower(): v for k, v in err.headers.items()}, err.read())


def get_query(endpoint: str, query: str, accept: str | None = None, **params: str) -> Response:
    qs = urllib.parse.urlencode({"query": query, **params})
    return http("GET", f"{endpoint}?{qs}", headers={"Accept": accept} if accept else {})


@pytest.fixture(scope="session")
def server(shared_store):  # noqa: F811 - the fixture imported above
    """The endpoint on the shared store (read-only, 2 workers, short time limit)."""
    from ecosysteme.server import ServerConfig, SparqlServer

    srv = SparqlServer(ServerConfig(store=shared_store, port=0, timeout=4.0, max_results=5000, workers=2,
                                    quiet=True)).start()
    yield srv
    srv.stop()
