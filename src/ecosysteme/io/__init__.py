"""Input: read spreadsheets, validate them, build the canonical model."""

from ecosysteme.io.report import Issue, Report
from ecosysteme.io.tables import TABLES, RawTable, read_tables
from ecosysteme.io.validate import load, parse_date, parse_number, parse_territory, validate_tables

__all__ = [
    "TABLES",
    "Issue",
    "RawTable",
    "Report",
    "load",
    "load_valid",
    "parse_date",
    "parse_number",
    "parse_territory",
    "read_tables",
    "validate_tables",
]


def load_valid(source, *, dataset=None, progress=None, with_report=False):
    """Load and validate; return the model or raise :class:`~ecosysteme.errors.ValidationFailed`.

    The one loading policy of the library: likely duplicate actors are
    warnings, searched (seconds on large inputs) only when the report will be
    shown, that is when validation fails and the error carries the report.
    ``ecosysteme validate`` and :func:`load` show them always.

    With ``with_report``, return ``(model, report)`` (the warnings, without duplicates).
    """
    from ecosysteme.errors import ValidationFailed
    from ecosysteme.io.validate import add_duplicate_warnings

    model, report = load(source, dataset=dataset, duplicates=False, progress=progress)
    if not report.ok:
        add_duplicate_warnings(model, report)
        raise ValidationFailed(report)
    return (model, report) if with_report else model
