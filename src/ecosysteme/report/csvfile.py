"""The gap report as one CSV table (French Excel flavour: ``;`` separator, UTF-8 with BOM, decimal comma).

One row per finding, the same findings as the HTML page and the Markdown
file. Evidence and leads are joined with `` | `` (the input format's list
separator). Cells that a spreadsheet would read as a formula (starting with
``=``, ``+``, ``-``, ``@``) are prefixed with an apostrophe.
"""

from __future__ import annotations

import csv
import io

from ecosysteme.report.gaps import GapReport
from ecosysteme.text import number_fr, sheet_cell

__all__ = ["CSV_COLUMNS", "render_csv"]

CSV_COLUMNS = ("avertissement", "section", "rang", "code_territoire", "territoire", "constat", "priorite", "preuves",
               "pistes", "identifiants")


def render_csv(report: GapReport) -> str:
    """CSV text (without the BOM; :func:`ecosysteme.report.write_gap_report` adds it)."""
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for s in report.sections:
        for f in s.findings:
            writer.writerow([
                report.banner, s.key, f.rank, f.territory, sheet_cell(f.territory_name), sheet_cell(f.title),
                "" if f.priority is None else number_fr(f.priority, 3),
                sheet_cell(" | ".join(f.evidence)), sheet_cell(" | ".join(f.leads)), " | ".join(f.ids),
            ])
    return buf.getvalue()
