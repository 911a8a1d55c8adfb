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


def load_valid(source, *, dataset=None, duplicates=True, progress=None):
    """Load and validate; return the model or raise :class:`~ecosysteme.errors.ValidationFailed`."""
    from ecosysteme.errors import ValidationFailed

    model, report = load(source, dataset=dataset, duplicates=duplicates, progress=progress)
    if not report.ok:
        raise ValidationFailed(report)
    return model
