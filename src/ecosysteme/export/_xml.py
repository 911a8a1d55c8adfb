"""Helpers shared by the streamed XML writers (GraphML, GEXF): escaping, flat values, typing.

The writers build no tree: they write each element as text, once, which is
what makes them several times faster than networkx's writers on large graphs
(see ``bench/bench_export.py``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

_SCALARS = frozenset({str, int, float, bool})


def flat_value(value: object) -> str | int | float | bool | None:
    """A value GraphML and GEXF can hold: sequences joined by ``|``, ``None`` for nothing or ``()``."""
    if value is None or type(value) in _SCALARS:
        return value
    if isinstance(value, (tuple, list, set, frozenset)):
        return "|".join(map(str, value)) if value else None
    return str(value)


def flat(attrs: dict) -> dict:
    """Scalar attributes only (what GraphML and GEXF hold): see :func:`flat_value`."""
    out = {}
    for key, value in attrs.items():
        value = flat_value(value)
        if value is not None:
            out[key] = value
    return out


def value_kind(value: object) -> str:
    """``string``, ``long``, ``double`` or ``boolean``: the type name GraphML and GEXF share."""
    t = type(value)
    if t is bool:
        return "boolean"
    if t is int:
        return "long"
    if t is float:
        return "double"
    return "string"


def merge_kinds(a: str | None, b: str) -> str:
    """The type that holds values of both types (integers and decimals: ``double``; else ``string``)."""
    if a is None or a == b:
        return b
    if {a, b} == {"long", "double"}:
        return "double"
    return "string"


def text_value(value: object) -> str:
    """A value as GraphML and GEXF spell it (``true``/``false``, ``NaN``, ``INF``)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if type(value) is float:
        text = repr(value)
        return {"inf": "INF", "nan": "NaN", "-inf": "-INF"}.get(text, text)
    return str(value)


#: Characters XML 1.0 forbids even as references (control characters but tab and line ends, U+FFFE, U+FFFF).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_chars(text: str) -> str:
    """``text`` where each character XML cannot hold is U+FFFD (every reader would reject the file)."""
    if _NOT_XML.search(text):
        return _NOT_XML.sub("\ufffd", text)
    return text


def cdata(text: str) -> str:
    """Escape element text (see :func:`xml_chars` for the characters XML cannot hold)."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def attr(text: str) -> str:
    """Escape an attribute value (quotes, and the whitespace an XML parser would otherwise normalise)."""
    text = cdata(text)
    if '"' in text:
        text = text.replace('"', "&quot;")
    if "\r" in text:
        text = text.replace("\r", "&#13;")
    if "\n" in text:
        text = text.replace("\n", "&#10;")
    if "\t" in text:
        text = text.replace("\t", "&#09;")
    return text


def xml_file(path: Path) -> TextIO:
    """A text file for XML (UTF-8, character references for what cannot be encoded, ``\\n`` line ends)."""
    return open(path, "w", encoding="utf-8", errors="xmlcharrefreplace", newline="\n")


def write_lines(fh: TextIO, items: Iterable[str], indent: str) -> None:
    """Write serialised elements, one a line, each preceded by ``indent``, through :func:`xml_chars`.

    One search per element rather than per value: markup never holds those characters.
    """
    search = _NOT_XML.search
    for item in items:
        fh.write(indent)
        fh.write(_NOT_XML.sub("\ufffd", item) if search(item) else item)
        fh.write("\n")
