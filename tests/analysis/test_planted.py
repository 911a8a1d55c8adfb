"""The bundled fictional example: the gap analysis finds what its README says is planted, and nothing an EPCI-level
actor already fills."""

from __future__ import annotations

import re

import pytest

from ecosysteme.analysis import find_gaps
from ecosysteme.ecosystem import Ecosystem
from ecosysteme.io import load_valid
from tests.conftest import ROOT

EXAMPLE = ROOT / "data" / "exemple-epci"
EPCI = ("epci", "242900835")


@pytest.fixture(scope="module")
def eco():
    return Ecosystem(load_valid(EXAMPLE), references=[load_valid(ROOT / "data" / "reseau")])


@pytest.fixture(scope="module")
def gaps(eco):
    return find_gaps(eco, EPCI)


def _readme_ids(after: str) -> set[str]:
    """The need ids the README lists in the bullet that starts with *after*."""
    text = (EXAMPLE / "README.md").read_text(encoding="utf-8")
    block = text.split(after, 1)[1].split("\n  -", 1)[0].split("\n\n", 1)[0]
    return set(re.findall(r"`(bes-[a-z0-9-]+)`", block))


def planted_orphans() -> set[str]:
    """The need ids listed by the README after « n'ont aucune réponse »."""
    return _readme_ids("n'ont aucune réponse")


def test_the_planted_orphan_needs_are_found_and_nothing_else(gaps):
    planted = planted_orphans()
    elsewhere = _readme_ids("pas là où il est exprimé")
    assert len(planted) == 8 and elsewhere == {"bes-diversite-handicap-8"}
    found = {f.need: f for f in gaps.of_kind("besoin_non_couvert")}
    assert set(found) == planted | elsewhere
    # the need answered elsewhere is reported where it is expressed (Lanmeur), not at the EPCI
    assert found["bes-diversite-handicap-8"].territory_key == "commune:29113"


def test_no_gap_that_an_epci_level_actor_fills(eco, gaps):
    p = eco.presence
    at_epci = set(p.located(EPCI))
    assert at_epci  # the intercommunal catalyst and services are there
    for f in gaps.findings:
        if f.kind == "besoin_non_couvert":
            assert not at_epci & p.answering_actors.get(f.need, set()), f.title
        elif f.kind == "programme_sans_relais":
            assert not at_epci & (p.carriers.get(f.programme, set()) | p.relays.get(f.programme, set())), f.title
        elif f.kind == "nature_absente":
            assert not any(f.nature in p.natures(a) for a in at_epci), f.title
