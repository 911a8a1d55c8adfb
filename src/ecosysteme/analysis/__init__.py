"""Analyses of an ecosystem: gaps, complementarities, fragility, link prediction.

Pure functions of a :class:`~ecosysteme.model.Model` (and the real territory
hierarchy): they return data and never print or write. One module per family:

- :mod:`~ecosysteme.analysis.questions`: Q1–Q4 of ``docs/questions.md``, the
  contract shared with the SPARQL and Cypher queries;
- :mod:`~ecosysteme.analysis.coverage`: territory × theme × programmes, ranked gaps;
- :mod:`~ecosysteme.analysis.relays`: programmes without relay (the "dernier kilomètre");
- :mod:`~ecosysteme.analysis.worlds`: worlds that never meet;
- :mod:`~ecosysteme.analysis.engineering`: missing natures of engineering;
- :mod:`~ecosysteme.analysis.fragility`: isolated actors, single points of failure,
  brokers, communities;
- :mod:`~ecosysteme.analysis.complementarity`: unlinked pairs whose needs and offers match;
- :mod:`~ecosysteme.analysis.linkpred`: learned missing-link prediction and its evaluation;
- :mod:`~ecosysteme.analysis.impact`: regional fragility per domain (IMPACT method).

Each takes an :class:`~ecosysteme.Ecosystem` (or a bare model) as networkx
functions take a graph; its indexes are computed once and shared.
:func:`to_frame` turns any list of results into a pandas DataFrame.
"""

from ecosysteme.analysis._frame import to_frame
from ecosysteme.analysis._scope import Scope
from ecosysteme.analysis.complementarity import Complementarity, complementarities
from ecosysteme.analysis.coverage import Coverage, CoverageGap, coverage
from ecosysteme.analysis.engineering import EngineeringGap, engineering, engineering_gaps
from ecosysteme.analysis.fragility import EcosystemFragility, ecosystem_fragility, ecosystem_graph
from ecosysteme.analysis.impact import RegionalFragility, regional_fragility
from ecosysteme.analysis.linkpred import LinkEvaluation, Suggestion, evaluate_link_prediction, suggest_links
from ecosysteme.analysis.questions import (
    neighbourhood,
    programmes_without_relay,
    uncovered_needs,
    worlds_that_never_meet,
)
from ecosysteme.analysis.relays import RelayGap, relay_gaps
from ecosysteme.analysis.worlds import WorldGap, world_gaps, world_matrices
from ecosysteme.errors import AnalysisError, UnknownResource

__all__ = [
    "AnalysisError",
    "Complementarity",
    "Coverage",
    "CoverageGap",
    "EcosystemFragility",
    "EngineeringGap",
    "LinkEvaluation",
    "RegionalFragility",
    "RelayGap",
    "Scope",
    "Suggestion",
    "UnknownResource",
    "WorldGap",
    "complementarities",
    "coverage",
    "ecosystem_fragility",
    "ecosystem_graph",
    "engineering",
    "engineering_gaps",
    "evaluate_link_prediction",
    "neighbourhood",
    "programmes_without_relay",
    "regional_fragility",
    "relay_gaps",
    "suggest_links",
    "to_frame",
    "uncovered_needs",
    "world_gaps",
    "world_matrices",
    "worlds_that_never_meet",
]
