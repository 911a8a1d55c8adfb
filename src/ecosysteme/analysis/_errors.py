"""Errors of the analyses (users can fix them: French messages)."""

from __future__ import annotations

from ecosysteme.errors import EcosystemeError

__all__ = ["AnalysisError", "UnknownResource"]


class AnalysisError(EcosystemeError):
    """An analysis cannot run on this data (e.g. too few links to learn from)."""


class UnknownResource(EcosystemeError, KeyError):
    """An id names no resource of the expected kind."""

    def __str__(self) -> str:
        return f"acteur inconnu : « {self.args[0]} » (vérifiez l'identifiant dans acteurs.csv)"
