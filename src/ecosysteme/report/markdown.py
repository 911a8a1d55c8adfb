"""The gap report in Markdown: the same findings as the HTML page, one list item per finding.

Markdown renderers pass raw HTML through and read ``&name;`` as an entity, so
a ``<`` that could open a tag and an ``&`` that could open an entity are
backslash-escaped, as are Markdown's own markup characters: an actor's name
never becomes markup, and the raw file stays readable (no ``&amp;``).
"""

from __future__ import annotations

import re

from ecosysteme.report.gaps import GapReport, Matrix
from ecosysteme.text import number_fr

__all__ = ["md_escape", "render_markdown"]

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
_TAG_OR_ENTITY = re.compile(r"(<(?=[A-Za-z/!?])|&(?=#?\w+;))")
_LINE_START = re.compile(r"^([#+\->=])")
_ORDERED = re.compile(r"^(\d+)([.)])")


def md_escape(text: object) -> str:
    """Neutralise HTML and Markdown markup in a data string (keeps it on one line)."""
    text = " ".join(str(text).split())
    text = _MD_SPECIAL.sub(r"\\\1", text)
    text = _TAG_OR_ENTITY.sub(r"\\\1", text)
    text = _LINE_START.sub(r"\\\1", text)
    return _ORDERED.sub(r"\1\\\2", text)


def _matrix(m: Matrix) -> list[str]:
    lines = [f"#### {md_escape(m.title)}", "", md_escape(m.intro), ""]
    lines.append("| " + " | ".join(md_escape(c) for c in m.columns) + " |")
    lines.append("|" + "|".join("---" for _ in m.columns) + "|")
    for r, row in enumerate(m.rows):
        cells = [f"**{md_escape(c)}**" if (r, k) in m.highlight else md_escape(c) for k, c in enumerate(row)]
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    return lines


def render_markdown(report: GapReport) -> str:
    """The whole report as Markdown text."""
    where = f" — {md_escape(report.territory_name)} ({md_escape(report.territory)})" if report.territory else ""
    n = len(report.territories)
    lines = [f"# Trous dans la raquette — {md_escape(report.dataset)}{where}", ""]
    if report.banner:
        lines += [f"> **{md_escape(report.banner)}**", ""]
    lines += [f"{md_escape(report.audience)} : {n} territoire{'s' if n > 1 else ''} étudié{'s' if n > 1 else ''}.",
              "", "## Synthèse", ""]
    lines += [f"- {md_escape(k)} : **{md_escape(v)}**" for k, v in report.summary]
    lines.append("")
    for s in report.sections:
        lines += [f"## {md_escape(s.title)} ({len(s.findings)})", "", md_escape(s.intro), ""]
        for m in report.matrices:
            if m.section == s.key and m.first:
                lines += _matrix(m)
        if not s.findings:
            lines += [f"_{md_escape(s.empty)}_", ""]
        for f in s.findings:
            prio = ("" if f.priority is None
                    else f" — priorité {number_fr(f.priority, 2)} ({md_escape(s.priority_label)})")
            lines.append(f"### {f.rank}. {md_escape(f.title)}{prio}")
            lines.append("")
            lines += [f"- {md_escape(e)}" for e in f.evidence]
            if f.leads:
                lines.append("- Pistes :")
                lines += [f"  - {md_escape(lead)}" for lead in f.leads]
            lines.append("")
        for m in report.matrices:
            if m.section == s.key and not m.first:
                lines += _matrix(m)
    if report.notes:
        lines += ["## Notes de méthode", ""] + [f"- {md_escape(n)}" for n in report.notes] + [""]
    return "\n".join(lines).rstrip() + "\n"
