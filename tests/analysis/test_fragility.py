"""Isolation, single points of failure, brokers and communities: known answers on tiny graphs."""

from __future__ import annotations

import networkx as nx
import pytest

from ecosysteme.analysis import ecosystem_fragility, ecosystem_graph
from ecosysteme.analysis.fragility import bridges, cut_vertices


def test_mini_ecosystem_fragility(mini):
    fr = ecosystem_fragility(mini)
    assert (fr.nodes, fr.edges, fr.components, fr.largest_component) == (10, 7, 3, 7)
    assert fr.isolated == ("seul",)
    assert fr.orphan_programmes == ()
    # The 7-node tree asso-r, ville, nat, p-mob, ent, p-emp, p-nat: every inner node is a cut vertex.
    assert [(c.node, c.parts, c.cut_off) for c in fr.cut_vertices] == [
        ("ville", (3, 2, 1), 3), ("asso-r", (4, 2), 2), ("nat", (5, 1), 1), ("p-mob", (5, 1), 1)]
    structural = [(b.u, b.v, b.sides) for b in fr.bridges if not b.leaf]
    assert structural == [("asso-r", "ville", (3, 4)), ("asso-r", "nat", (2, 5)), ("p-mob", "ville", (2, 5))]
    assert sum(1 for b in fr.bridges if b.leaf) == 4  # three leaves of the tree, and the pair fond - asso-b
    assert fr.brokers[0].node == "ville"
    assert fr.brokers[0].worlds == ("associations",)


def test_restricting_to_nodes(mini):
    fr = ecosystem_fragility(mini, nodes=["fond", "seul", "asso-b"])
    assert (fr.nodes, fr.edges) == (3, 1)
    assert fr.isolated == ("seul",)
    assert fr.cut_vertices == ()


def _graph(edges):
    g = nx.Graph()
    g.add_edges_from(edges, types=("partenariat",))
    for n in g:
        g.nodes[n].update(kind="acteur", label=str(n))
    return g


def test_path_and_star_known_values():
    path = _graph([("a", "b"), ("b", "c"), ("c", "d")])
    assert [(c.node, c.parts) for c in cut_vertices(path)] == [("b", (2, 1)), ("c", (2, 1))]
    assert sorted((b.u, b.v, b.sides) for b in bridges(path)) == [("a", "b", (1, 3)), ("b", "c", (2, 2)),
                                                                  ("c", "d", (1, 3))]
    star = _graph([("h", x) for x in "wxyz"])
    assert [(c.node, c.parts, c.cut_off) for c in cut_vertices(star)] == [("h", (1, 1, 1, 1), 3)]
    k5 = _graph([(x, y) for x in "abcde" for y in "abcde" if x < y])
    assert cut_vertices(k5) == [] and bridges(k5) == []


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_block_cut_sizes_equal_brute_force(seed):
    g = _graph(nx.gnm_random_graph(40, 48, seed=seed).edges())
    for c in cut_vertices(g):
        rest = g.subgraph(nx.node_connected_component(g, c.node) - {c.node})
        assert c.parts == tuple(sorted((len(x) for x in nx.connected_components(rest)), reverse=True))
    assert {c.node for c in cut_vertices(g)} == set(nx.articulation_points(g))
    for b in bridges(g):
        h = g.subgraph(nx.node_connected_component(g, b.u)).copy()
        h.remove_edge(b.u, b.v)
        assert b.sides == tuple(sorted(len(x) for x in nx.connected_components(h)))
    assert {frozenset((b.u, b.v)) for b in bridges(g)} == {frozenset(e) for e in nx.bridges(g)}


def test_communities_and_world_mixing(tmp_path):
    from ecosysteme.io import load_valid
    from tests.analysis.mini import write_cliques

    model = load_valid(write_cliques(tmp_path / "c"))
    fr = ecosystem_fragility(model)
    # Four cliques of one world each, joined in a ring: Louvain finds them, each with a single world.
    assert len(fr.communities) == 4
    assert all(c.actors == 5 and c.diversity == 0.0 for c in fr.communities)
    assert {c.dominant for c in fr.communities} == {"associations", "entreprises", "collectivites", "etat"}
    assert fr.world_assortativity is not None and fr.world_assortativity > 0.8
    g = ecosystem_graph(model)
    assert g.number_of_edges() == 4 * 10 - 1 + 4


@pytest.mark.parametrize("seed", [0, 1])
def test_burt_constraint_equals_networkx(seed):
    import math

    from ecosysteme.analysis.fragility import burt_constraint

    g = nx.gnm_random_graph(50, 120, seed=seed)
    g.add_node("seul")
    ours, theirs = burt_constraint(g), nx.constraint(g)
    assert math.isnan(ours["seul"]) and math.isnan(theirs["seul"])
    for n in g:
        if n != "seul":
            assert ours[n] == pytest.approx(theirs[n], rel=1e-12)
    # A star's centre is the least constrained broker: 1/deg; each leaf is fully constrained.
    star = nx.star_graph(4)
    assert burt_constraint(star, [0, 1]) == {0: pytest.approx(0.25), 1: pytest.approx(1.0)}
