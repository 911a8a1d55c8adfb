"""Safe building blocks for self-contained HTML pages.

Two rules keep user data inert:

- text placed in markup goes through :func:`esc` (``&``, ``<``, ``>``, quotes);
- data for scripts goes into ``<script type="application/json">`` through
  :func:`json_script`, which escapes everything that could close the element
  or open a comment (``</``, ``<!--``), plus U+2028/U+2029. The page's own
  JavaScript then builds the DOM from that data with ``textContent`` only.

Pages reference nothing outside themselves: the vendored vis-network and our
scripts and styles are inlined.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
from collections.abc import Sequence
from functools import cache
from importlib import resources
from string import Template

__all__ = ["FICTIONAL_BANNER", "FICTIONAL_CSS", "asset", "esc", "fictional_banner", "json_script", "page",
           "vis_network_js"]

#: Said once, in the header of every page built from a dataset whose ``jeu`` table says ``fictif: oui``.
FICTIONAL_BANNER = ("DONNÉES FICTIVES — ce jeu de données est déclaré fictif (exemple, démonstration) : "
                    "ses acteurs inventés, ses liens, montants et dates n'existent pas.")


def esc(text: object) -> str:
    """Escape a value for HTML text or a quoted attribute."""
    return html.escape("" if text is None else str(text), quote=True)


def json_script(element_id: str, data: object) -> str:
    """A ``<script type="application/json">`` element holding ``data``, safe whatever the strings.

    ``<``, ``>`` and ``&`` are written as JSON escapes, so neither
    ``</script>`` nor ``<!--`` nor any tag can appear in the page, and so
    are U+2028 and U+2029; ``JSON.parse`` in the page restores them.

    >>> print(json_script("d", {"nom": "</script><img src=x>"}))
    <script type="application/json" id="d">{"nom":"\\u003c/script\\u003e\\u003cimg src=x\\u003e"}</script>
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    text = (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))
    return f'<script type="application/json" id="{esc(element_id)}">{text}</script>'


#: Style of the banner (the map page's stylesheet has the same rule).
FICTIONAL_CSS = (".eco-fictif { margin: 4px 0 8px; padding: 4px 8px; background: #fff3cd; color: #5c4400; "
                 "border: 2px solid #c99a00; border-radius: 4px; font-weight: 600; }")


def fictional_banner(fictional: bool) -> str:
    """The header banner of a page built from a fictional dataset ("" otherwise)."""
    return f'<p class="eco-fictif" id="eco-fictif" role="note">{esc(FICTIONAL_BANNER)}</p>' if fictional else ""


@cache
def asset(name: str) -> str:
    """Text of a file shipped in ``ecosysteme/viz`` (``_map.js``, ``_page.css``, ``assets/…``)."""
    return resources.files("ecosysteme.viz").joinpath(name).read_text(encoding="utf-8")


def vis_network_js() -> str:
    """The vendored vis-network 10.1.5 standalone bundle (CSS included), safe to inline."""
    code = asset("assets/vis-network.min.js")
    if "</script" in code.lower():  # pragma: no cover - the vendored file has none; guard against an update
        code = code.replace("</script", "<\\/script").replace("</SCRIPT", "<\\/SCRIPT")
    return code


_PAGE = Template("""<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src $hashes; \
style-src 'unsafe-inline'; img-src data: blob:; font-src data:; connect-src 'none'; base-uri 'none'; \
form-action 'none'">
<meta name="generator" content="ecosysteme">
<title>$title</title>
<style>
$css
</style>
$head
</head>
<body>
$body
$scripts
</body>
</html>
""")


def page(*, title: str, body: str, css: str = "", head: str = "", scripts: Sequence[str] = ()) -> str:
    """A complete page. ``title`` is escaped here; ``body``/``head`` must already be safe markup.

    ``scripts`` are our own inline scripts, placed at the end of the body. The
    page's Content-Security-Policy allows exactly these scripts (by their
    SHA-256) and forbids every outside resource and connection: a string that
    slipped through escaping could neither run (inline handlers and injected
    scripts are refused) nor load or send anything.
    """
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode("ascii") + "'"
        for code in scripts) or "'none'"
    tags = "\n".join(f"<script>{code}</script>" for code in scripts)
    return _PAGE.substitute(title=esc(title), css=css, head=head, body=body, scripts=tags, hashes=hashes)
