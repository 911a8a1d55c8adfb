"""Analyses of an ecosystem: holes in the net, complementarities, fragility, link prediction.

Pure functions of an :class:`~ecosysteme.Ecosystem` (or a bare model): they
return data and never print or write. One module per family:

- :mod:`~ecosysteme.analysis.presence`: the rules (present, situé, exprimé,
  répondre, se rencontrer), in one place, used by every analysis below, the
  SPARQL and Cypher questions and the report;
- :mod:`~ecosysteme.analysis.gaps`: the five kinds of holes in the net, ranked, and the data gaps;
- :mod:`~ecosysteme.analysis.coverage`: each need where it is expressed, and what answers it;
- :mod:`~ecosysteme.analysis.questions`: Q1–Q4 of ``docs/questions.md``, the
  contract shared with the SPARQL and Cypher queries;
- :mod:`~ecosysteme.analysis.fragility`: isolated actors, single points of failure,
  brokers, communities;
- :mod:`~ecosysteme.analysis.complementarity`: unlinked pairs whose needs and offers match;
- :mod:`~ecosysteme.analysis.linkpred`: learned missing-link prediction and suggestions;
- :mod:`~ecosysteme.analysis.linkeval`: its evaluation over the full ranking, against baselines;
- :mod:`~ecosysteme.analysis.impact`: regional fragility per domain (IMPACT method).

Each takes an :class:`~ecosysteme.Ecosystem` (or a bare model) as networkx
functions take a graph; its indexes are computed once and shared.
:func:`to_frame` turns any list of results into a pandas DataFrame.
:mod:`~ecosysteme.analysis.diff` compares two versions of an ecosystem
(records, relations, renames, gaps) with :func:`diff_ecosystems`.
"""

from ecosysteme.analysis._frame import to_frame
from ecosysteme.analysis._scope import Scope
from ecosysteme.analysis.complementarity import Complementarity, complementarities
from ecosysteme.analysis.coverage import Coverage, CoverageRow, coverage
from ecosysteme.analysis.diff import Diff, diff_ecosystems
from ecosysteme.analysis.fragility import EcosystemFragility, ecosystem_fragility, ecosystem_graph
from ecosysteme.analysis.gaps import KINDS, DataGap, Finding, Gaps, GapSettings, find_gaps
from ecosysteme.analysis.impact import RegionalFragility, regional_fragility
from ecosysteme.analysis.linkeval import LinkEvaluation, evaluate_link_prediction
from ecosysteme.analysis.linkpred import Suggestion, suggest_links
from ecosysteme.analysis.presence import RULES, Presence
from ecosysteme.analysis.questions import (
    neighbourhood,
    programmes_without_relay,
    uncovered_needs,
    worlds_that_never_meet,
)
from ecosysteme.errors import AnalysisError, UnknownResource

__all__ = [
    "KINDS",
    "RULES",
    "AnalysisError",
    "Complementarity",
    "Coverage",
    "CoverageRow",
    "DataGap",
    "Diff",
    "EcosystemFragility",
    "Finding",
    "GapSettings",
    "Gaps",
    "LinkEvaluation",
    "Presence",
    "RegionalFragility",
    "Scope",
    "Suggestion",
    "UnknownResource",
    "complementarities",
    "coverage",
    "diff_ecosystems",
    "ecosystem_fragility",
    "ecosystem_graph",
    "evaluate_link_prediction",
    "find_gaps",
    "neighbourhood",
    "programmes_without_relay",
    "regional_fragility",
    "suggest_links",
    "to_frame",
    "uncovered_needs",
    "worlds_that_never_meet",
]
