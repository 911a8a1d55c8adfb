"""The fair queue: a light query answers while heavy ones hold every regular worker.

Ordering and completion are asserted, never wall-clock thresholds: heavy
queries run until their own time limit kills them, and the test checks which
answer came back first.
"""

from __future__ import annotations

import threading
import time

import pytest

from ecosysteme.server import ServerConfig, SparqlServer
from tests.server.conftest import get_query, http

#: A cross product of the whole store four times: runs until its time limit.
HEAVY = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
#: The same, in a form the pool estimates as light (an ASK): it must outgrow the short lane.
HEAVY_ASK = ('ASK { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l '
             'FILTER (CONCAT(STR(?a), STR(?l)) = "jamais") }')
LIGHT = "ASK { ?s a <https://w3id.org/ecosysteme/ontologie#Acteur> }"
JSON = "application/sparql-results+json"


class Finished:
    """Which requests have answered, in order."""

    def __init__(self) -> None:
        self.order: list[str] = []
        self.status: dict[str, int] = {}
        self._lock = threading.Lock()

    def run(self, name: str, endpoint: str, query: str, **params: str) -> threading.Thread:
        def target() -> None:
            resp = get_query(endpoint, query, JSON, **params)
            with self._lock:
                self.order.append(name)
                self.status[name] = resp.status

        thread = threading.Thread(target=target, daemon=True)
        thread.start()
        return thread


def status(srv) -> dict:
    resp = http("GET", f"{srv.url}/statut", headers={"Accept": "application/json"})
    assert resp.status == 200 and resp.content_type == "application/json"
    return resp.json()


def wait_for(srv, condition, timeout: float = 60.0) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        state = status(srv)
        if condition(state):
            return state
        assert time.monotonic() < deadline, f"état attendu jamais atteint : {state}"
        time.sleep(0.05)


@pytest.fixture
def fair_server(shared_store, request):
    short = request.param
    srv = SparqlServer(ServerConfig(store=shared_store, port=0, timeout=60.0, workers=1, short_lane=short,
                                    short_limit=1.0, quiet=True)).start()
    yield srv
    srv.stop()


@pytest.mark.parametrize("fair_server", [1], indirect=True)
def test_light_query_answers_while_heavy_ones_hold_every_regular_worker(fair_server):
    srv, done = fair_server, Finished()
    heavy = [done.run(f"lourde{i}", srv.endpoint, HEAVY, timeout="8") for i in range(2)]
    # the one regular worker runs a heavy query, the other heavy one waits for it
    wait_for(srv, lambda s: s["voies"]["reguliere"]["occupes"] == 1 and s["en_attente"] == 1)
    light = done.run("legere", srv.endpoint, LIGHT)
    light.join(60)
    assert done.order == ["legere"] and done.status["legere"] == 200
    assert all(t.is_alive() for t in heavy)
    for t in heavy:
        t.join(60)
    assert done.order[0] == "legere" and done.status["lourde0"] == done.status["lourde1"] == 503
    state = status(srv)
    assert state["voies"]["courte"]["servies"] >= 1 and state["voies"]["reguliere"]["interrompues"] >= 1


@pytest.mark.parametrize("fair_server", [0], indirect=True)
def test_without_the_short_lane_the_light_query_waits_its_turn(fair_server):
    srv, done = fair_server, Finished()
    heavy = done.run("lourde", srv.endpoint, HEAVY, timeout="5")
    wait_for(srv, lambda s: s["voies"]["reguliere"]["occupes"] == 1)
    light = done.run("legere", srv.endpoint, LIGHT)
    state = wait_for(srv, lambda s: s["en_attente"] == 1)
    assert "courte" not in state["voies"] and state["legeres_en_attente"] == 0  # one queue: no light ones apart
    for t in (heavy, light):
        t.join(60)
    assert done.order == ["lourde", "legere"]
    assert done.status == {"lourde": 503, "legere": 200}


@pytest.mark.parametrize("fair_server", [1], indirect=True)
def test_a_light_looking_query_that_outgrows_the_short_lane_moves_on(fair_server):
    srv = fair_server
    resp = get_query(srv.endpoint, HEAVY_ASK, JSON, timeout="3")
    assert resp.status == 503 and int(resp.headers["retry-after"]) >= 1
    assert "limite de 3 s" in resp.text and "interrompue" in resp.text  # the client's limit, not the lane's
    state = status(srv)
    assert state["deplacees_vers_reguliere"] == 1
    assert state["voies"]["courte"]["interrompues"] == 1 and state["voies"]["reguliere"]["interrompues"] == 1
    # and the short lane serves again once its worker is replaced
    assert get_query(srv.endpoint, LIGHT, JSON).json()["boolean"] is True


def test_status_page_in_french(server):
    resp = http("GET", f"{server.url}/statut", headers={"Accept": "text/html"})
    assert resp.status == 200 and resp.content_type == "text/html"
    assert "État du serveur" in resp.text and "Voie courte" in resp.text and "Attente médiane" in resp.text


def test_which_requests_count_as_light():
    from ecosysteme.server._pool import default_workers, is_light

    def query(text: str) -> dict:
        return {"op": "query", "text": text}

    assert is_light(query(LIGHT)) and is_light(query("SELECT * { ?s ?p ?o } LIMIT 10"))
    assert is_light({"op": "describe", "iri": "https://w3id.org/ecosysteme/id/petit/acteur/rameau"})
    for heavy in (HEAVY, "SELECT * { ?s ?p ?o } ORDER BY ?s LIMIT 10", "SELECT DISTINCT ?s { ?s ?p ?o } LIMIT 5",
                  'SELECT * { ?s ?p "ASK" }'):
        assert not is_light(query(heavy)), heavy
    assert not is_light({"op": "dump", "graph": "https://w3id.org/ecosysteme/graphe/bord", "format": "nt"})
    assert 2 <= default_workers() <= 8
