"""A small SPARQL tokenizer: what a query is, and whether it reaches outside.

The server must refuse federated ``SERVICE`` calls and remote ``LOAD`` unless
they are enabled, and must know whether a query names its own dataset
(``FROM`` / ``FROM NAMED``), because pyoxigraph's dataset options override
the query's. A substring search is not enough (``"service"`` in a literal, an
IRI or a comment is harmless; ``.SERVICE`` right after a triple is not), so
the text is split into the terminals of the SPARQL 1.1 grammar and only
keyword tokens are looked at.

When a character fits no terminal (the query is malformed, or uses syntax this
tokenizer does not know), the analysis becomes conservative: any occurrence of
a guarded word anywhere in the text counts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["QueryShape", "analyse", "token_spans", "tokens", "values_blocks"]

_PN_CHARS_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_PN_CHARS_U = _PN_CHARS_BASE + "_"
_PN_CHARS = _PN_CHARS_U + r"\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_PN_PREFIX = rf"[{_PN_CHARS_BASE}](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?"
_PN_LOCAL = (rf"(?:[{_PN_CHARS_U}:0-9]|{_PLX})"
             rf"(?:(?:[{_PN_CHARS}.:]|{_PLX})*(?:[{_PN_CHARS}:]|{_PLX}))?")
_ECHAR = r"\\[tbnrf\\\"'uU]"

_TOKEN_RES: list[tuple[str, re.Pattern[str]]] = [
    ("ws", re.compile(r"[\x20\t\r\n]+")),
    ("comment", re.compile(r"#[^\r\n]*")),
    ("iri", re.compile(r"<[^<>\"{}|^`\\\x00-\x20]*>")),
    ("string", re.compile(rf"'''(?:(?:'|'')?(?:[^'\\]|{_ECHAR}))*'''")),
    ("string", re.compile(rf'"""(?:(?:"|"")?(?:[^"\\]|{_ECHAR}))*"""')),
    ("string", re.compile(rf"'(?:[^'\\\n\r]|{_ECHAR})*'")),
    ("string", re.compile(rf'"(?:[^"\\\n\r]|{_ECHAR})*"')),
    ("var", re.compile(rf"[?$][{_PN_CHARS_U}0-9][{_PN_CHARS_U}0-9\u00b7\u0300-\u036f\u203f-\u2040]*")),
    ("bnode", re.compile(rf"_:[{_PN_CHARS_U}0-9](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?")),
    ("pname", re.compile(rf"(?:{_PN_PREFIX})?:(?:{_PN_LOCAL})?")),
    ("langtag", re.compile(r"@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*(?:--[a-zA-Z]+)?")),
    ("number", re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?|\.[0-9]+(?:[eE][+-]?[0-9]+)?)")),
    ("word", re.compile(r"[A-Za-z_][A-Za-z0-9_]*")),
    ("punct", re.compile(r"\^\^|&&|\|\||!=|<=|>=|<<|>>|\{\||\|\}|~|[{}()\[\].,;=<>!+\-*/|^?$@]")),
]

_QUERY_FORMS = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}
_UPDATE_OPS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}


def token_spans(text: str) -> list[tuple[str, str, int, int]]:
    """``(kind, value, start, end)`` of every token (whitespace and comments dropped).

    A character that starts no terminal gives a ``("junk", char, …)`` token.
    """
    out: list[tuple[str, str, int, int]] = []
    pos, end = 0, len(text)
    while pos < end:
        for kind, pattern in _TOKEN_RES:
            m = pattern.match(text, pos)
            if m and m.end() > pos:
                if kind not in ("ws", "comment"):
                    out.append((kind, m.group(), pos, m.end()))
                pos = m.end()
                break
        else:
            out.append(("junk", text[pos], pos, pos + 1))
            pos += 1
    return out


def tokens(text: str) -> list[tuple[str, str]]:
    """Split a SPARQL text into ``(kind, value)`` tokens (whitespace and comments dropped)."""
    return [(kind, value) for kind, value, _, _ in token_spans(text)]


def values_blocks(text: str, variable: str) -> list[tuple[int, int]]:
    """Spans ``(start, end)`` of the contents of every ``VALUES ?variable { … }`` block (comments ignored)."""
    spans = token_spans(text)
    out = []
    for i in range(len(spans) - 2):
        kind, value, _, _ = spans[i]
        if kind == "word" and value.upper() == "VALUES" and spans[i + 1][0] == "var" \
                and spans[i + 1][1][1:] == variable and spans[i + 2][1] == "{":
            start = spans[i + 2][3]
            for j in range(i + 3, len(spans)):
                if spans[j][1] == "}":
                    out.append((start, spans[j][2]))
                    break
                if spans[j][1] == "{":
                    break
    return out


@dataclass(frozen=True)
class QueryShape:
    """What the tokenizer learnt about a query or update.

    Attributes
    ----------
    form : str or None
        ``SELECT``, ``ASK``, ``CONSTRUCT``, ``DESCRIBE``, ``UPDATE`` or None when unknown.
    uses_service : bool
        The text calls a remote ``SERVICE`` (federated query).
    uses_load : bool
        The text is an update with ``LOAD`` (fetches a remote document).
    has_dataset : bool
        The query names its dataset itself (``FROM`` or ``FROM NAMED``).
    certain : bool
        False when some character fit no SPARQL terminal: the flags above are
        then conservative guesses (true whenever the word appears anywhere).
    keywords : frozenset of str
        Upper-cased keyword tokens.
    """

    form: str | None
    uses_service: bool
    uses_load: bool
    has_dataset: bool
    certain: bool
    keywords: frozenset[str] = field(default_factory=frozenset)

    @property
    def is_update(self) -> bool:
        return self.form == "UPDATE"

    @property
    def returns_graph(self) -> bool:
        return self.form in ("CONSTRUCT", "DESCRIBE")


def analyse(text: str) -> QueryShape:
    """Tokenize ``text`` and report its form and the features the server guards.

    Examples
    --------
    >>> analyse('SELECT * { ?s ?p "SERVICE" } # SERVICE').uses_service
    False
    >>> analyse("SELECT * { ?s ?p ?o .SERVICE <http://x/> { ?s ?p ?o } }").uses_service
    True
    """
    toks = tokens(text)
    words = [v.upper() for k, v in toks if k == "word"]
    keywords = frozenset(words)
    certain = not any(k == "junk" for k, _ in toks)
    form = None
    for w in words:
        if w in _QUERY_FORMS:
            form = w
            break
        if w in _UPDATE_OPS:
            form = "UPDATE"
            break
    uses_service = "SERVICE" in keywords
    uses_load = "LOAD" in keywords
    has_dataset = "FROM" in keywords
    if not certain:
        upper = text.upper()
        uses_service = uses_service or "SERVICE" in upper
        uses_load = uses_load or "LOAD" in upper
        has_dataset = has_dataset or "FROM" in upper
    return QueryShape(form, uses_service, uses_load, has_dataset, certain, keywords)
