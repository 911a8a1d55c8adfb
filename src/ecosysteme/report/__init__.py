"""Reports: the holes in the net in HTML, Markdown, CSV and JSON, the territory sheets, link suggestions.

:func:`build_gap_report` gathers the findings (pure, no I/O);
:func:`write_gap_report` writes them atomically in the requested formats (with
the HTML, one printable sheet per territory);
:func:`write_suggestions` writes the ranked link suggestions (CSV or text table).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from ecosysteme.analysis.gaps import GapSettings
from ecosysteme.ecosystem import Ecosystem
from ecosysteme.model import Model, TerritoryRef
from ecosysteme.report.gaps import Finding, GapReport, Matrix, Section, build_gap_report
from ecosysteme.report.suggestions import suggestions_csv, suggestions_table, write_suggestions

__all__ = [
    "REPORT_FORMATS",
    "Finding",
    "GapReport",
    "Matrix",
    "Section",
    "build_gap_report",
    "report_stem",
    "suggestions_csv",
    "suggestions_table",
    "write_gap_report",
    "write_suggestions",
]

#: Formats of :func:`write_gap_report`: file suffix per format key.
REPORT_FORMATS = {"html": ".html", "md": ".md", "csv": ".csv", "json": ".json"}


def report_stem(territory: str | None) -> str:
    """File name without suffix: ``trous`` or ``trous-epci-243500139``."""
    return "trous" if not territory else "trous-" + territory.replace(":", "-")


def write_gap_report(ecosystem: Ecosystem | Model, out_dir: Path | str, territory: TerritoryRef | str | None = None, *,
                     formats: Iterable[str] = ("html", "md", "csv", "json"), settings: GapSettings | None = None,
                     complementarity_top: int = 20, suggestions: int = 10, seed: int = 0,
                     report: GapReport | None = None) -> list[Path]:
    """Write the gap report of a model into ``out_dir``.

    Parameters
    ----------
    ecosystem : Ecosystem (or Model)
    out_dir : path
        Created if needed.
    territory : str or (str, str), optional
        Focus on one territory (``epci:243500139``); file names then carry it.
    formats : iterable of str
        Among ``html``, ``md``, ``csv``, ``json``. With ``html``, the territory sheets
        (``fiches.html``, one printable page per territory) are written too.
    settings, complementarity_top, suggestions, seed
        See :func:`build_gap_report`.
    report : GapReport, optional
        An already built report (then the other analysis options are ignored).

    Returns
    -------
    list of pathlib.Path
        The files written, in the order of ``formats``.
    """
    from ecosysteme.fs import atomic_write
    from ecosysteme.report.csvfile import render_csv
    from ecosysteme.report.html import render_html
    from ecosysteme.report.markdown import render_markdown
    from ecosysteme.report.sheets import render_sheets

    formats = list(dict.fromkeys(formats))
    unknown = [f for f in formats if f not in REPORT_FORMATS]
    if unknown:
        raise ValueError(f"format(s) de rapport inconnu(s) : {', '.join(unknown)} ; possibles : "
                         f"{', '.join(REPORT_FORMATS)}")
    if report is None:
        report = build_gap_report(ecosystem, territory, settings=settings, complementarity_top=complementarity_top,
                                  suggestions=suggestions, seed=seed)
    out_dir = Path(out_dir)
    stem = report_stem(report.territory)
    written = []
    for fmt in formats:
        path = out_dir / f"{stem}{REPORT_FORMATS[fmt]}"
        if fmt == "html":
            text, encoding = render_html(report), "utf-8"
        elif fmt == "md":
            text, encoding = render_markdown(report), "utf-8"
        elif fmt == "json":
            text, encoding = json.dumps(report.to_json(), ensure_ascii=False, indent=1) + "\n", "utf-8"
        else:
            text, encoding = render_csv(report), "utf-8-sig"
        with atomic_write(path, encoding=encoding) as fh:
            fh.write(text)
        written.append(path)
    if "html" in formats:
        sheets = out_dir / f"{stem.replace('trous', 'fiches', 1)}.html"
        with atomic_write(sheets) as fh:
            fh.write(render_sheets(ecosystem, report))
        written.append(sheets)
    return written
