"""The main job on the bundled data, with no server: what ``make demo`` runs.

For the network's data (``data/reseau``, from the seed deck) and the
fictional local ecosystem of a real EPCI (``data/exemple-epci``): validation
reports, every export, one persistent RDF store holding both (plus the real
territories and the ontology), interactive maps, the territory view, the
IMPACT fragility radars, the secretariat's gap report and ranked link
suggestions; and an ``index.html`` that links them all.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ecosysteme.datasets import bundled
from ecosysteme.ecosystem import Ecosystem
from ecosysteme.export import DEFAULT_FORMATS
from ecosysteme.fs import atomic_write
from ecosysteme.io import load
from ecosysteme.pipeline import build_outputs

__all__ = ["DEMO_DATASETS", "DemoResult", "run_demo"]

#: Bundled datasets the demo runs on, with their French titles.
DEMO_DATASETS = {
    "reseau": "Réseau des pionniers des alliances en territoire (données du diaporama 2020)",
    "exemple-epci": "Écosystème local fictif d'un EPCI réel (comme l'expérimentation PEMB)",
}

Step = Callable[[str], None]


@dataclass
class DemoResult:
    """What the demo wrote, by dataset and section, for the index page and the CLI."""

    out: Path
    files: dict[str, list[tuple[str, Path]]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def add(self, section: str, label: str, path: Path) -> None:
        self.files.setdefault(section, []).append((label, path))


def run_demo(out: Path, *, step: Step | None = None) -> DemoResult:
    """Run the whole embedded pipeline on the bundled data into ``out``."""
    from ecosysteme.analysis import AnalysisError
    from ecosysteme.report import write_gap_report, write_suggestions
    from ecosysteme.stores.rdfstore import build_store
    from ecosysteme.viz import write_map, write_radars, write_territory_view

    say = step or (lambda _m: None)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    result = DemoResult(out)
    ecosystems: list[Ecosystem] = []
    for name, title in DEMO_DATASETS.items():
        section = f"{title}"
        say(f"{name} : validation")
        model, report = load(bundled(name), dataset=name)
        if not report.ok:  # bundled data must stay valid: a bug, not a user error
            raise RuntimeError(f"données fournies invalides ({name}) : {report.errors[0]}")
        target = out / name
        with atomic_write(target / "validation.csv") as fh:
            fh.write(report.to_csv())
        result.add(section, f"rapport de validation ({len(report.warnings)} avertissement(s))",
                   target / "validation.csv")
        e = Ecosystem(model, report=report)
        say(f"{name} : exports")
        e.ntriples  # noqa: B018  (computed once, for the exports and the store)
        for path in build_outputs(e, target / "exports", formats=DEFAULT_FORMATS):  # the demo shows them all
            result.add(section, f"export {path.name}", path)
        say(f"{name} : carte")
        result.add(section, "carte interactive", write_map(model, target / "carte.html",
                                                           title=f"Carte — {title}"))
        result.add(section, "vue par territoire", write_territory_view(model, target / "territoires.html"))
        say(f"{name} : trous dans la raquette")
        # a local ecosystem is read against the network's inventory (its programmes and IMPACT indices)
        studied = e.with_references([ecosystems[0].model]) if ecosystems else e
        for path in write_gap_report(studied, target / "trous"):
            what = "fiches des territoires" if path.name.startswith("fiches") else \
                f"rapport des trous ({path.suffix.lstrip('.')})"
            result.add(section, what, path)
        try:
            result.add(section, "suggestions de liens (CSV)",
                       write_suggestions(e, target / "suggestions.csv", top=30))
        except AnalysisError as exc:
            result.notes.append(f"{name} : pas de suggestions de liens ({exc})")
        ecosystems.append(e)
    say("radars de fragilité IMPACT")
    for path in write_radars(ecosystems[0].model, out / "radars"):
        if path.suffix == ".html":
            result.add("Radars de fragilité IMPACT (13 régions)", path.stem, path)
    say("magasin RDF (Oxigraph)")
    build_store(out / "magasin", ecosystems, progress=None)
    result.add("Magasin RDF", "magasin persistant : `ecosysteme serve --magasin " + str(out / "magasin") + "`",
               out / "magasin")
    write_index(result)
    return result


def write_index(result: DemoResult) -> Path:
    """Write ``index.html``: a French page linking every output (all text escaped)."""
    parts = [
        "<!doctype html><html lang='fr'><head><meta charset='utf-8'>",
        "<meta http-equiv='Content-Security-Policy' content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        "<title>ecosysteme — démonstration</title><style>body{font-family:system-ui,sans-serif;max-width:60rem;"
        "margin:2rem auto;padding:0 1rem;color:#222}h2{border-bottom:1px solid #ccc}li{margin:.2rem 0}"
        "code{background:#f3f3f3;padding:0 .2rem}</style></head><body>",
        "<h1>ecosysteme — démonstration sur les données fournies</h1>",
        "<p>Tout a été produit sans serveur, à partir des tableaux de <code>data/</code>.</p>",
    ]
    for section, files in result.files.items():
        parts.append(f"<h2>{html.escape(section)}</h2><ul>")
        for label, path in files:
            rel = path.relative_to(result.out).as_posix()
            parts.append(f"<li><a href='{html.escape(rel, quote=True)}'>{html.escape(label)}</a> "
                         f"<code>{html.escape(rel)}</code></li>")
        parts.append("</ul>")
    if result.notes:
        parts.append("<h2>Remarques</h2><ul>")
        parts.extend(f"<li>{html.escape(n)}</li>" for n in result.notes)
        parts.append("</ul>")
    parts.append("</body></html>")
    path = result.out / "index.html"
    with atomic_write(path) as fh:
        fh.write("\n".join(parts) + "\n")
    return path
