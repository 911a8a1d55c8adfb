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


def planted_orphans() -> set[str]:
    """The need ids listed by the README after « n'ont aucune réponse »."""
    text = (EXAMPLE / "README.md").read_text(encoding="utf-8")
    block = text.split("n'ont aucune réponse", 1)[1].split("\n  -", 1)[0].split("\n\n", 1)[0]
    return set(re.findall(r"`(bes-[a-z0-9-]+)`", block))


def test_the_planted_orphan_needs_are_found_and_nothing_else(gaps):
    planted = planted_orphans()
    assert len(planted) == 8
    assert {f.need for f in gaps.of_kind("besoin_non_couvert")} == planted


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
