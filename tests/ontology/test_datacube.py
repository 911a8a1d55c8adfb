"""Data Cube done right: the indicators' structure, observations a Data Cube tool finds without reasoning.

The checks are integrity constraints of the W3C Data Cube Vocabulary
(section 11), written here as SPARQL ASK queries that answer true on a
violation, over the ontology and the two bundled datasets, with no inference.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest

import ecosysteme
from tests.conftest import ROOT

PREFIXES = """PREFIX qb: <http://purl.org/linked-data/cube#>
PREFIX eco: <https://w3id.org/ecosysteme/ontologie#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""

#: Integrity constraint -> ASK query that is true when the constraint is violated.
VIOLATIONS = {
    "IC-1 une observation, un seul jeu": """
        ASK { { ?obs a qb:Observation FILTER NOT EXISTS { ?obs qb:dataSet ?d } } UNION
              { ?obs a qb:Observation ; qb:dataSet ?d1, ?d2 FILTER (?d1 != ?d2) } }""",
    "IC-2 un jeu, une seule structure": """
        ASK { { ?d a qb:DataSet FILTER NOT EXISTS { ?d qb:structure ?s } } UNION
              { ?d a qb:DataSet ; qb:structure ?s1, ?s2 FILTER (?s1 != ?s2) } }""",
    "IC-3 une structure a une mesure": """
        ASK { ?dsd a qb:DataStructureDefinition FILTER NOT EXISTS { ?dsd qb:component/qb:measure ?m } }""",
    "IC-4 les dimensions ont une image": """
        ASK { ?dim a qb:DimensionProperty FILTER NOT EXISTS { ?dim rdfs:range ?r } }""",
    "IC-11 toutes les dimensions sont renseignées": """
        ASK { ?obs qb:dataSet/qb:structure/qb:component/qb:dimension ?dim FILTER NOT EXISTS { ?obs ?dim ?v } }""",
    "IC-12 pas d'observations en double": """
        ASK { ?o1 qb:dataSet ?d . ?o2 qb:dataSet ?d . FILTER (?o1 != ?o2)
              FILTER NOT EXISTS { ?d qb:structure/qb:component/qb:dimension ?dim .
                                  FILTER NOT EXISTS { ?o1 ?dim ?v . ?o2 ?dim ?v } } }""",
    "IC-14 toutes les mesures sont renseignées": """
        ASK { ?obs qb:dataSet/qb:structure/qb:component/qb:measure ?m FILTER NOT EXISTS { ?obs ?m ?v } }""",
}


def ask(store: ox.Store, query: str) -> bool:
    return bool(store.query(PREFIXES + query))


@pytest.fixture(scope="module")
def cube():
    """The ontology and the two bundled datasets in one graph, as a Data Cube tool would load them."""
    store = ox.Store()
    store.load((ROOT / "ontology" / "ecosysteme.ttl").read_bytes(), format=ox.RdfFormat.TURTLE)
    for name in ("reseau", "exemple-epci"):
        store.load(ecosysteme.read(ROOT / "data" / name).dataset_ntriples.encode(), format=ox.RdfFormat.N_TRIPLES)
    return store


@pytest.mark.parametrize("constraint", sorted(VIOLATIONS))
def test_integrity_constraint(cube, constraint):
    assert ask(cube, VIOLATIONS[constraint]) is False


def test_the_constraints_can_fail(cube):
    """The same queries see a violation: an observation without a value, one with two data sets."""
    broken = ox.Store()
    broken.extend(cube)
    obs = next(iter(cube.query(PREFIXES + "SELECT ?o { ?o a qb:Observation } LIMIT 1")))["o"]
    broken.remove(next(iter(broken.quads_for_pattern(obs, ox.NamedNode(
        "https://w3id.org/ecosysteme/ontologie#valeur"), None))))
    broken.add(ox.Quad(obs, ox.NamedNode("http://purl.org/linked-data/cube#dataSet"),
                       ox.NamedNode("https://example.org/autre-jeu")))
    assert ask(broken, VIOLATIONS["IC-14 toutes les mesures sont renseignées"]) is True
    assert ask(broken, VIOLATIONS["IC-1 une observation, un seul jeu"]) is True


def test_structure_of_the_indicators(cube):
    rows = cube.query(PREFIXES + """
        SELECT ?kind ?prop ?order { eco:structureIndicateurs a qb:DataStructureDefinition ; qb:component ?c .
            { ?c qb:dimension ?prop BIND ("dimension" AS ?kind) } UNION { ?c qb:measure ?prop BIND ("mesure" AS ?kind) }
            OPTIONAL { ?c qb:order ?order } } ORDER BY ?kind ?order""")
    got = [(r["kind"].value, r["prop"].value.rsplit("#", 1)[1], r["order"].value if r["order"] else None) for r in rows]
    assert got == [("dimension", "indicateur", "1"), ("dimension", "territoireObserve", "2"),
                   ("dimension", "periode", "3"), ("mesure", "valeur", None)]


def test_impact_observations_found_without_reasoning(cube):
    """Typed qb:Observation, in a qb:DataSet of the structure: the 17 IMPACT indices × 14 territories."""
    rows = list(cube.query(PREFIXES + """
        SELECT ?d (COUNT(DISTINCT ?obs) AS ?n) (COUNT(DISTINCT ?ind) AS ?indices) {
            ?obs a qb:Observation ; qb:dataSet ?d ; eco:indicateur ?ind ; eco:valeur ?v .
            ?d a qb:DataSet ; qb:structure eco:structureIndicateurs } GROUP BY ?d"""))
    assert [(r["d"].value, int(r["n"].value), int(r["indices"].value)) for r in rows] == [
        ("https://w3id.org/ecosysteme/id/reseau/jeu/reseau", 238, 17)]
    # the dataset without observations is no qb:DataSet (it would have no structure)
    assert ask(cube, "ASK { <https://w3id.org/ecosysteme/id/exemple-epci/jeu/exemple-epci> a qb:DataSet }") is False
