"""``/ontologie`` for a person: documentation generated from the ontology's Turtle files.

Classes, properties (object, datatype, annotation) and SKOS concept schemes of
``ontology/ecosysteme.ttl`` and ``ontology/vocabulaires.ttl``, each with its
French and English labels and definitions, its IRI, and the links between
terms (sub-class, domain, range, inverse, concepts of a scheme) as anchors of
the same page. External terms the ontology declares (ORG, PROV, SKOS…) are
listed, not documented. Every string read from the files is HTML-escaped.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from html import escape
from pathlib import Path

from ecosysteme.server._pages import _layout, local_path, short_iri
from ecosysteme.vocab import PREFIXES

__all__ = ["ontology_page"]

RDF, RDFS, OWL, SKOS = PREFIXES["rdf"], PREFIXES["rdfs"], PREFIXES["owl"], PREFIXES["skos"]
ECO = PREFIXES["eco"]
DCT = PREFIXES["dcterms"]
_PROPERTY_KINDS = ((OWL + "ObjectProperty", "Propriétés d'objet", "objet"),
                   (OWL + "DatatypeProperty", "Propriétés de données", "donnees"),
                   (OWL + "AnnotationProperty", "Propriétés d'annotation", "annotation"))
_LINKED = ("/ontologie", "/vocabulaire/")


class _Graph:
    """The triples of the files, by subject (objects as pyoxigraph terms)."""

    def __init__(self, files: Iterable[Path]) -> None:
        import pyoxigraph as ox

        self.by_subject: dict[object, dict[str, list]] = defaultdict(lambda: defaultdict(list))
        for path in files:
            with open(path, "rb") as fh:
                for t in ox.parse(fh, format=ox.RdfFormat.TURTLE):
                    self.by_subject[t.subject][t.predicate.value].append(t.object)

    def values(self, subject, predicate: str) -> list:
        return self.by_subject.get(subject, {}).get(predicate, [])

    def typed(self, type_iri: str) -> list:
        return sorted((s for s, props in self.by_subject.items()
                       if any(getattr(o, "value", None) == type_iri for o in props.get(RDF + "type", []))
                       and hasattr(s, "value") and type(s).__name__ == "NamedNode"),
                      key=lambda s: s.value)

    def text(self, subject, predicate: str, language: str) -> str | None:
        for o in self.values(subject, predicate):
            if getattr(o, "language", None) == language:
                return o.value
        return None

    def plain(self, subject, predicate: str) -> list[str]:
        return [o.value for o in self.values(subject, predicate)]

    def list_items(self, head) -> list:
        items = []
        while head is not None and getattr(head, "value", None) != RDF + "nil":
            items.extend(self.values(head, RDF + "first"))
            rest = self.values(head, RDF + "rest")
            head = rest[0] if rest else None
        return items


def _anchor(iri: str) -> str:
    """The id of a term's section: its short name with ``:`` and ``/`` made safe."""
    return "t-" + "".join(c if c.isalnum() or c in "-_" else "-" for c in short_iri(iri))


class _Renderer:
    def __init__(self, graph: _Graph) -> None:
        self.g = graph
        self.documented: set[str] = set()

    def term(self, node) -> str:
        """A link to a term: an anchor of this page when documented, else its short name."""
        import pyoxigraph as ox

        if isinstance(node, ox.BlankNode):
            union = self.g.values(node, OWL + "unionOf")
            if union:
                return " ou ".join(self.term(x) for x in self.g.list_items(union[0]))
            return "(nœud anonyme)"
        if isinstance(node, ox.Literal):
            return f"<q>{escape(node.value)}</q>"
        iri = node.value
        label = escape(short_iri(iri))
        if iri in self.documented:
            return f'<a href="#{escape(_anchor(iri))}"><code>{label}</code></a>'
        return f"<code>{label}</code>"

    def labels(self, s) -> str:
        fr = self.g.text(s, RDFS + "label", "fr") or self.g.text(s, SKOS + "prefLabel", "fr")
        en = self.g.text(s, RDFS + "label", "en") or self.g.text(s, SKOS + "prefLabel", "en")
        out = escape(fr or short_iri(s.value))
        if en:
            out += f' <span class="eco-gris" lang="en">({escape(en)})</span>'
        return out

    def definitions(self, s) -> str:
        rows = []
        for predicate in (SKOS + "definition", RDFS + "comment", DCT + "description"):
            for lang, name in (("fr", "fr"), ("en", "en")):
                value = self.g.text(s, predicate, lang)
                if value:
                    rows.append(f'<p lang="{name}">{"" if lang == "fr" else "<em>EN</em> "}{escape(value)}</p>')
        return "".join(dict.fromkeys(rows))

    def facts(self, s, items: Iterable[tuple[str, str]]) -> str:
        rows = [f"<dt>IRI</dt><dd><code>{escape(s.value)}</code></dd>"]
        for label, predicate in items:
            values = self.g.values(s, predicate)
            if values:
                rows.append(f"<dt>{escape(label)}</dt><dd>{', '.join(self.term(v) for v in values)}</dd>")
        alt = self.g.plain(s, SKOS + "altLabel")
        if alt:
            rows.append(f"<dt>Autres noms</dt><dd>{escape(', '.join(alt))}</dd>")
        keys = self.g.plain(s, ECO + "cleEntree") + self.g.plain(s, ECO + "cleLien")
        if keys:
            codes = ", ".join(f"<code>{escape(k)}</code>" for k in dict.fromkeys(keys))
            rows.append(f"<dt>Clé des tableurs et des graphes</dt><dd>{codes}</dd>")
        return f'<dl class="eco-fiche">{"".join(rows)}</dl>'

    def section(self, s, kind: str, facts: Iterable[tuple[str, str]]) -> str:
        local = local_path(s.value)
        own = (f' <a class="eco-aide" href="{escape(local)}">page de la ressource</a>'
               if local and local.startswith(_LINKED[1]) else "")
        return (f'<section class="eco-terme" id="{escape(_anchor(s.value))}">'
                f'<h3>{self.labels(s)} <small class="eco-gris">{escape(kind)}</small>{own}</h3>'
                f"{self.definitions(s)}{self.facts(s, facts)}</section>")


def ontology_page(files: Iterable[Path]) -> str:
    """The documentation page of the ontology in ``files`` (Turtle)."""
    g = _Graph(files)
    r = _Renderer(g)
    ours = lambda nodes: [n for n in nodes if n.value.startswith(ECO)]  # noqa: E731
    classes = ours(g.typed(OWL + "Class"))
    properties = [(title, slug, ours(g.typed(kind))) for kind, title, slug in _PROPERTY_KINDS]
    schemes = g.typed(SKOS + "ConceptScheme")
    concepts_of: dict[str, list] = defaultdict(list)
    for concept in g.typed(SKOS + "Concept"):
        for scheme in g.values(concept, SKOS + "inScheme"):
            concepts_of[scheme.value].append(concept)
    documented = [*classes, *(p for _, _, ps in properties for p in ps), *schemes,
                  *(c for cs in concepts_of.values() for c in cs)]
    r.documented = {n.value for n in documented}
    external = [n for n in g.typed(OWL + "Class") + [p for k, _, _ in _PROPERTY_KINDS for p in g.typed(k)]
                if not n.value.startswith(ECO)]

    ontology = next(iter(g.typed(OWL + "Ontology")), None)
    head = ""
    if ontology is not None:
        title_fr = g.text(ontology, DCT + "title", "fr") or "Ontologie"
        title_en = g.text(ontology, DCT + "title", "en")
        version = ", ".join(g.plain(ontology, OWL + "versionInfo"))
        head = (f"<h1>{escape(title_fr)}"
                + (f' <span class="eco-gris" lang="en">({escape(title_en)})</span>' if title_en else "")
                + "</h1>" + r.definitions(ontology)
                + r.facts(ontology, (("Version", OWL + "versionIRI"), ("Version précédente", OWL + "priorVersion"),
                                     ("Licence", DCT + "license"), ("Modifiée le", DCT + "modified")))
                + (f"<p>Version {escape(version)}.</p>" if version else ""))
    downloads = " · ".join(f'<a href="/graphe/ontologie.{ext}" download>{label}</a>'
                           for ext, label in (("ttl", "Turtle"), ("nt", "N-Triples"), ("jsonld", "JSON-LD"),
                                              ("rdfxml", "RDF/XML")))
    toc = [("classes", f"Classes ({len(classes)})")]
    toc += [(slug, f"{title} ({len(ps)})") for title, slug, ps in properties]
    toc += [("schemas", f"Schémas de concepts ({len(schemes)})"), ("externes", f"Termes externes ({len(external)})")]
    parts = [head, f"<p>Télécharger l'ontologie et ses schémas de concepts : {downloads}.</p>",
             '<nav class="eco-sommaire"><ul>'
             + "".join(f'<li><a href="#{slug}">{escape(text)}</a></li>' for slug, text in toc) + "</ul></nav>",
             '<h2 id="classes">Classes</h2>']
    parts += [r.section(c, "classe", (("Sous-classe de", RDFS + "subClassOf"),
                                      ("Équivalente à", OWL + "equivalentClass"),
                                      ("Disjointe de", OWL + "disjointWith"))) for c in classes]
    for title, slug, ps in properties:
        parts.append(f'<h2 id="{slug}">{escape(title)}</h2>')
        parts += [r.section(p, "propriété",
                            (("Domaine", RDFS + "domain"), ("Portée", RDFS + "range"),
                             ("Sous-propriété de", RDFS + "subPropertyOf"), ("Inverse de", OWL + "inverseOf"),
                             ("Libellé inverse", ECO + "libelleInverse"))) for p in ps]
    parts.append('<h2 id="schemas">Schémas de concepts</h2>')
    for scheme in schemes:
        parts.append(r.section(scheme, "schéma de concepts", ()))
        parts += [r.section(c, "concept", (("Plus large", SKOS + "broader"),)) for c in concepts_of[scheme.value]]
    parts.append('<h2 id="externes">Termes externes</h2><p>Déclarés avec leur type OWL, documentés par leur '
                 "vocabulaire d'origine :</p><p>" + ", ".join(r.term(n) for n in external) + "</p>")
    return _layout("Ontologie", "\n".join(parts))
