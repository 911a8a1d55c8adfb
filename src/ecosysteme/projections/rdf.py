"""Project the model to RDF (N-Triples lines), aligned with the ontology.

The projection writes N-Triples text directly (fast, and sorted so that the
same input gives byte-identical dumps); :func:`to_store` loads it into an
Oxigraph store for SPARQL and the other serialisations.

Shape of the graph (see ``ontology/ecosysteme.ttl``):

- actors, programmes, needs: typed resources with labels, concepts
  (monde, échelon, nature, thème, domaine, ODD), territories
  (``eco:intervientSur`` / ``eco:concerne``) and provenance
  (``prov:wasDerivedFrom`` the dataset's file, ``eco:ligneSource``,
  ``eco:citation``);
- every relation: the direct triple (``eco:partenaireDe``…) plus a qualified
  ``eco:Lien`` carrying type, amount, dates and provenance;
- indicators: ``eco:Indicateur`` concepts and Data Cube observations;
- territories: the real ones the data refers to and their ancestors, with
  ``eco:inclusDans`` for the direct inclusion.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from urllib.parse import quote

from ecosysteme import vocab
from ecosysteme.model import Model, Provenance, TerritoryRef
from ecosysteme.territories import Territories, load_territories
from ecosysteme.vocab import PREFIXES, concept_iri, eco, resource_iri, territory_iri

__all__ = [
    "ONTOLOGY_GRAPH",
    "TERRITORIES_GRAPH",
    "dataset_graph_iri",
    "model_triples",
    "territory_triples",
    "to_ntriples",
    "to_store",
]

RDF_TYPE = PREFIXES["rdf"] + "type"
RDFS_LABEL = PREFIXES["rdfs"] + "label"
SKOS_PREF = PREFIXES["skos"] + "prefLabel"
SKOS_NOTATION = PREFIXES["skos"] + "notation"
SKOS_ALT = PREFIXES["skos"] + "altLabel"
DCT_ID = PREFIXES["dcterms"] + "identifier"
DCT_DESC = PREFIXES["dcterms"] + "description"
DCT_TITLE = PREFIXES["dcterms"] + "title"
FOAF_HOME = PREFIXES["foaf"] + "homepage"
PROV_DERIVED = PREFIXES["prov"] + "wasDerivedFrom"
QB_DATASET = PREFIXES["qb"] + "dataSet"
XSD = PREFIXES["xsd"]
TERRITORIES_GRAPH = "https://w3id.org/ecosysteme/graphe/territoires"
ONTOLOGY_GRAPH = "https://w3id.org/ecosysteme/graphe/ontologie"

_KIND_CLASS = {"acteur": "Acteur", "programme": "Programme", "besoin": "Besoin"}
_TERRITORY_CLASS = vocab.TERRITORY_CLASSES


def dataset_graph_iri(dataset: str) -> str:
    """Named graph holding one dataset's triples."""
    return f"https://w3id.org/ecosysteme/graphe/{quote(dataset, safe='')}"


def _iri(value: str) -> str:
    return f"<{value}>"


def _escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r"))


def _lit(text: str, lang: str | None = None, datatype: str | None = None) -> str:
    body = f'"{_escape(text)}"'
    if lang:
        return f"{body}@{lang}"
    if datatype:
        return f"{body}^^<{XSD}{datatype}>"
    return body


def _t(s: str, p: str, o: str) -> str:
    return f"<{s}> <{p}> {o} ."


def _ref_iri(ref: TerritoryRef) -> str:
    return territory_iri(*ref)


def _provenance(subject: str, prov: Provenance, dataset: str) -> Iterator[str]:
    yield _t(subject, PROV_DERIVED, _iri(resource_iri(dataset, "fichier", prov.file)))
    if prov.row is not None:
        yield _t(subject, eco("ligneSource"), _lit(str(prov.row), datatype="integer"))
    if prov.quote:
        yield _t(subject, eco("citation"), _lit(prov.quote, "fr"))


def model_triples(model: Model, territories: Territories | None = None) -> Iterator[str]:
    """Yield the N-Triples lines of a model (unsorted; territories included)."""
    territories = territories or load_territories()
    ds = model.dataset
    dataset_iri = resource_iri(ds, "jeu", ds)
    yield _t(dataset_iri, RDF_TYPE, _iri(eco("Jeu")))
    yield _t(dataset_iri, DCT_TITLE, _lit(ds))
    files = set()

    def node(kind: str, ident: str) -> str:
        return resource_iri(ds, kind, ident)

    def of(ident: str) -> str:
        kind = model.kind_of(ident)
        assert kind is not None, ident
        return node(kind, ident)

    for a in model.actors.values():
        s = node("acteur", a.id)
        files.add(a.provenance.file)
        yield _t(s, RDF_TYPE, _iri(eco("Acteur")))
        yield _t(s, RDF_TYPE, _iri(eco(vocab.ACTOR_TYPES[a.type])))
        yield _t(s, DCT_ID, _lit(a.id))
        yield _t(s, RDFS_LABEL, _lit(a.name))
        for alias in a.aliases:
            yield _t(s, eco("alias"), _lit(alias))
        if a.world:
            yield _t(s, eco("monde"), _iri(concept_iri("monde", a.world)))
        if a.level:
            yield _t(s, eco("echelon"), _iri(concept_iri("echelon", a.level)))
        for n in a.natures:
            yield _t(s, eco("nature"), _iri(concept_iri("nature", n)))
        for ref in a.territories:
            yield _t(s, eco("intervientSur"), _iri(_ref_iri(ref)))
        for n in a.needs:
            yield _t(s, eco("exprime"), _iri(node("besoin", n)))
        for g in a.sdgs:
            yield _t(s, eco("odd"), _iri(concept_iri("odd", g)))
        if a.website:
            yield _t(s, FOAF_HOME, _iri(a.website.replace(" ", "%20").replace(">", "%3E").replace("<", "%3C")
                                        .replace('"', "%22")))
        if a.description:
            yield _t(s, DCT_DESC, _lit(a.description, "fr"))
        yield from _provenance(s, a.provenance, ds)
    for n in model.needs.values():
        s = node("besoin", n.id)
        files.add(n.provenance.file)
        yield _t(s, RDF_TYPE, _iri(eco("Besoin")))
        yield _t(s, DCT_ID, _lit(n.id))
        yield _t(s, RDFS_LABEL, _lit(n.label, "fr"))
        if n.theme:
            yield _t(s, eco("theme"), _iri(concept_iri("theme", n.theme)))
        if n.domain:
            yield _t(s, eco("domaine"), _iri(concept_iri("domaine", n.domain)))
        for ref in n.territories:
            yield _t(s, eco("concerne"), _iri(_ref_iri(ref)))
        if n.description:
            yield _t(s, DCT_DESC, _lit(n.description, "fr"))
        yield from _provenance(s, n.provenance, ds)
    for p in model.programmes.values():
        s = node("programme", p.id)
        files.add(p.provenance.file)
        yield _t(s, RDF_TYPE, _iri(eco("Programme")))
        yield _t(s, DCT_ID, _lit(p.id))
        yield _t(s, RDFS_LABEL, _lit(p.name, "fr"))
        for c in p.carriers:
            yield _t(node("acteur", c), eco("porte"), _iri(s))
        for t in p.themes:
            yield _t(s, eco("theme"), _iri(concept_iri("theme", t)))
        for n in p.needs:
            yield _t(s, eco("repondA"), _iri(node("besoin", n)))
        if p.axis:
            yield _t(s, eco("axe"), _iri(concept_iri("axe", p.axis)))
        if p.level:
            yield _t(s, eco("echelon"), _iri(concept_iri("echelon", p.level)))
        for ref in p.territories:
            yield _t(s, eco("intervientSur"), _iri(_ref_iri(ref)))
        if p.subsection:
            yield _t(s, eco("sousSection"), _lit(p.subsection, "fr"))
        if p.description:
            yield _t(s, DCT_DESC, _lit(p.description, "fr"))
        if p.link:
            yield _t(s, FOAF_HOME, _iri(p.link.replace(" ", "%20").replace(">", "%3E").replace("<", "%3C")
                                        .replace('"', "%22")))
        yield from _provenance(s, p.provenance, ds)
    for r in model.relations:
        rtype = vocab.RELATION_TYPES[r.type]
        source, target = of(r.source), of(r.target)
        yield _t(source, rtype.iri, _iri(target))
        if rtype.symmetric:
            yield _t(target, rtype.iri, _iri(source))
        stem = quote(r.provenance.file, safe="")
        link = resource_iri(ds, "lien", f"{stem}-{r.provenance.row}")
        files.add(r.provenance.file)
        yield _t(link, RDF_TYPE, _iri(eco("Lien")))
        yield _t(link, eco("de"), _iri(source))
        yield _t(link, eco("vers"), _iri(target))
        yield _t(link, eco("typeLien"), _iri(rtype.iri))
        if r.amount is not None:
            yield _t(link, eco("montant"), _lit(format(r.amount, "f"), datatype="decimal"))
        if r.start:
            yield _t(link, eco("dateDebut"), _lit(r.start.isoformat(), datatype="date"))
        if r.end:
            yield _t(link, eco("dateFin"), _lit(r.end.isoformat(), datatype="date"))
        yield from _provenance(link, r.provenance, ds)
    for ind in model.indicators.values():
        s = node("indicateur", ind.code)
        files.add(ind.provenance.file)
        yield _t(s, RDF_TYPE, _iri(eco("Indicateur")))
        yield _t(s, SKOS_NOTATION, _lit(ind.code))
        yield _t(s, SKOS_PREF, _lit(ind.label, "fr"))
        if ind.unit:
            yield _t(s, eco("unite"), _lit(ind.unit))
        if ind.domain:
            yield _t(s, eco("domaine"), _iri(concept_iri("domaine", ind.domain)))
        if ind.direction:
            yield _t(s, eco("sens"), _iri(concept_iri("sens", ind.direction)))
        if ind.producer:
            yield _t(s, eco("producteur"), _lit(ind.producer))
    for obs in model.observations:
        key = f"{obs.indicator}/{obs.territory[0]}-{obs.territory[1]}/{obs.period or 'na'}"
        s = resource_iri(ds, "observation", key)
        yield _t(s, RDF_TYPE, _iri(eco("Observation")))
        yield _t(s, QB_DATASET, _iri(dataset_iri))
        yield _t(s, eco("indicateur"), _iri(node("indicateur", obs.indicator)))
        yield _t(s, eco("territoireObserve"), _iri(_ref_iri(obs.territory)))
        if obs.period:
            yield _t(s, eco("periode"), _lit(obs.period))
        if obs.value is not None:
            yield _t(s, eco("valeur"), _lit(_decimal(obs.value), datatype="decimal"))
        yield from _provenance(s, obs.provenance, ds)
    for f in sorted(files):
        fi = resource_iri(ds, "fichier", f)
        yield _t(fi, RDF_TYPE, _iri(PREFIXES["prov"] + "Entity"))
        yield _t(fi, RDFS_LABEL, _lit(f))
        yield _t(fi, PREFIXES["dcterms"] + "isPartOf", _iri(dataset_iri))
    yield from territory_triples(_with_ancestors(model.territories(), territories), territories)


def _decimal(value: float) -> str:
    text = repr(float(value))
    if "e" in text or "E" in text:
        text = format(value, "f")
    return text


def _with_ancestors(refs: Iterable[TerritoryRef], territories: Territories) -> set[TerritoryRef]:
    out: set[TerritoryRef] = set()
    for ref in refs:
        out.add(ref)
        out.update(territories.ancestors(*ref))
    return out


def territory_triples(refs: Iterable[TerritoryRef], territories: Territories) -> Iterator[str]:
    """Triples describing real territories: type, name, code, population, inclusion."""
    for level, code in sorted(refs):
        t = territories.get(level, code)
        if t is None:
            continue
        s = territory_iri(level, code)
        yield _t(s, RDF_TYPE, _iri(eco("Territoire")))
        yield _t(s, RDF_TYPE, _iri(eco(_TERRITORY_CLASS[level])))
        yield _t(s, RDFS_LABEL, _lit(t.name, "fr"))
        yield _t(s, eco("codeInsee"), _lit(code))
        population = territories.population(level, code)
        if population is not None:
            yield _t(s, eco("population"), _lit(str(population), datatype="integer"))
        for parent in territories.parents(level, code):
            yield _t(s, eco("inclusDans"), _iri(territory_iri(*parent)))


def to_ntriples(model: Model, territories: Territories | None = None) -> str:
    """The model as sorted, duplicate-free N-Triples text (deterministic)."""
    lines = sorted(set(model_triples(model, territories)))
    return "\n".join(lines) + "\n" if lines else ""


def to_store(ntriples: str, store=None, graph: str | None = None):
    """Load N-Triples text into a (new in-memory) pyoxigraph store, optionally in a named graph."""
    import pyoxigraph as ox

    store = store if store is not None else ox.Store()
    to_graph = ox.NamedNode(graph) if graph else ox.DefaultGraph()
    store.bulk_load(ntriples.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES, to_graph=to_graph)
    return store
