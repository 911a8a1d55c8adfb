"""Validation findings: each names file, row, column, value, what was expected and the fix."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from ecosysteme.text import sheet_cell

__all__ = ["ERROR", "WARNING", "Issue", "Report"]

ERROR = "erreur"
WARNING = "avertissement"


@dataclass(frozen=True, slots=True)
class Issue:
    """One finding. ``row`` is the spreadsheet row (header = 1); None for a whole table."""

    severity: str
    code: str
    file: str
    row: int | None
    column: str | None
    value: str | None
    message: str
    fix: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", ligne {self.row}"
        if self.column:
            where += f", colonne « {self.column} »"
        value = f" (valeur : « {self.value} »)" if self.value not in (None, "") else ""
        return f"{self.severity.upper()} — {where}{value} : {self.message} → {self.fix}"


@dataclass(slots=True)
class Report:
    """Everything wrong with a set of tables, found in one pass."""

    issues: list[Issue] = field(default_factory=list)
    completeness: dict[str, float] = field(default_factory=dict)
    row_counts: dict[str, int] = field(default_factory=dict)
    duplicates: list[tuple[str, str, float, str]] = field(default_factory=list)

    def add(self, severity: str, code: str, file: str, row: int | None, column: str | None,
            value: object, message: str, fix: str) -> None:
        text = None if value is None else str(value)
        self.issues.append(Issue(severity, code, file, row, column, text, message, fix))

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == ERROR]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == WARNING]

    @property
    def ok(self) -> bool:
        return not self.errors

    def to_csv(self) -> str:
        """The report as a table (``validate --format csv``)."""
        out = io.StringIO()
        writer = csv.writer(out, delimiter=";", lineterminator="\n")
        writer.writerow(["gravite", "code", "fichier", "ligne", "colonne", "valeur", "message", "correction"])
        for i in self.issues:  # values come from the user's file: never let a spreadsheet run them
            writer.writerow([i.severity, i.code, sheet_cell(i.file), "" if i.row is None else i.row,
                             sheet_cell(i.column or ""), sheet_cell(i.value or ""), sheet_cell(i.message),
                             sheet_cell(i.fix)])
        return out.getvalue()
