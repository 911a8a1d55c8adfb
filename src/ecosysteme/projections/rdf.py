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

import mmap
import re
import tempfile
from array import array
from collections.abc import Iterable, Iterator
from urllib.parse import quote

from ecosysteme import vocab
from ecosysteme.model import Model, PartialDate, Provenance, TerritoryRef, When
from ecosysteme.territories import Territories, load_territories
from ecosysteme.vocab import PREFIXES, concept_iri, eco, resource_iri, territory_iri

__all__ = [
    "ONTOLOGY_GRAPH",
    "TERRITORIES_GRAPH",
    "canonical_decimal",
    "dataset_graph_iri",
    "model_triples",
    "ntriples_chunks",
    "subject_groups",
    "territory_groups",
    "territory_triples",
    "to_ntriples",
    "to_store",
]

RDF_TYPE = PREFIXES["rdf"] + "type"
RDFS_LABEL = PREFIXES["rdfs"] + "label"
SKOS_PREF = PREFIXES["skos"] + "prefLabel"
SKOS_NOTATION = PREFIXES["skos"] + "notation"
IGEO_CODE = PREFIXES["igeo"] + "codeINSEE"
SKOS_ALT = PREFIXES["skos"] + "altLabel"
DCT_ID = PREFIXES["dcterms"] + "identifier"
DCT_DESC = PREFIXES["dcterms"] + "description"
DCT_TITLE = PREFIXES["dcterms"] + "title"
FOAF_HOME = PREFIXES["foaf"] + "homepage"
PROV_DERIVED = PREFIXES["prov"] + "wasDerivedFrom"
QB_DATASET = PREFIXES["qb"] + "dataSet"
QB_DATASET_CLASS = PREFIXES["qb"] + "DataSet"
QB_OBSERVATION = PREFIXES["qb"] + "Observation"
QB_STRUCTURE = PREFIXES["qb"] + "structure"
#: The Data Cube structure (``qb:DataStructureDefinition``) of every dataset's observations.
INDICATORS_STRUCTURE = vocab.ECO_NS + "structureIndicateurs"
XSD = PREFIXES["xsd"]
TERRITORIES_GRAPH = vocab.GRAPH_NS + "territoires"
ONTOLOGY_GRAPH = vocab.GRAPH_NS + "ontologie"

_KIND_CLASS = {"acteur": "Acteur", "programme": "Programme", "besoin": "Besoin"}
_UNRESERVED = re.compile(r"[A-Za-z0-9_.~-]+")  # what urllib.parse.quote never escapes
_TERRITORY_CLASS = vocab.TERRITORY_CLASSES


def dataset_graph_iri(dataset: str) -> str:
    """Named graph holding one dataset's triples."""
    return vocab.GRAPH_NS + quote(dataset, safe="")


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


def _date_type(when: When) -> str:
    """xsd:date for a day, xsd:gYearMonth or xsd:gYear for a date kept at the month or the year."""
    return when.xsd_type if isinstance(when, PartialDate) else "date"


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


def model_triples(model: Model, territories: Territories | None = None, *,
                  with_territories: bool = True) -> Iterator[str]:
    """Yield the N-Triples lines of a model (unsorted).

    With ``with_territories`` (the default, for exports), the descriptions of
    the territories it names and of their ancestors come last; a store, which
    holds every territory once in its own graph, asks for the dataset alone.
    """
    for _subject, lines in subject_groups(model, territories, with_territories=with_territories):
        yield from lines


def subject_groups(model: Model, territories: Territories | None = None, *,
                   with_territories: bool = True) -> Iterator[tuple[str, list[str]]]:
    """The lines of :func:`model_triples`, grouped: ``("<subject>", its lines)``, unsorted.

    Each resource's lines come in one group, with the lines other resources
    give it (a relation's direct triple, a programme's carrier), so that
    sorting is per group; a subject may still come in several groups (two
    relations read from one row), and a group may repeat a line.
    """
    territories = territories or load_territories()
    ds = model.dataset
    dataset_iri = resource_iri(ds, "jeu", ds)
    head = [_t(dataset_iri, RDF_TYPE, _iri(eco("Jeu"))), *_dataset_metadata(dataset_iri, model)]
    if model.observations:  # a Data Cube data set, typed so that a Data Cube tool finds it without reasoning
        head.append(_t(dataset_iri, RDF_TYPE, _iri(QB_DATASET_CLASS)))
        head.append(_t(dataset_iri, QB_STRUCTURE, _iri(INDICATORS_STRUCTURE)))
    yield f"<{dataset_iri}>", head
    files = set()
    # The loops below run once per resource and relation (millions of lines on large inputs):
    # IRIs of terms and concepts are computed once, and resource IRIs without a character to
    # escape skip urllib's quote (which would return them unchanged).
    base = f"{vocab.ID_NS}{quote(ds, safe='')}/"
    e = {term: eco(term) for term in (
        "alias", "monde", "echelon", "nature", "intervientSur", "exprime", "odd", "theme", "domaine", "concerne",
        "porte", "repondA", "axe", "sousSection", "de", "vers", "typeLien", "montant", "dateDebut", "dateFin",
        "unite", "sens", "producteur", "indicateur", "territoireObserve", "periode", "valeur", "ligneSource",
        "citation", "colonnePresumee")}
    acteur_t, besoin_t, programme_t = _iri(eco("Acteur")), _iri(eco("Besoin")), _iri(eco("Programme"))
    lien_t, indicateur_t, observation_t = _iri(eco("Lien")), _iri(eco("Indicateur")), _iri(eco("Observation"))
    qb_observation_t = _iri(QB_OBSERVATION)
    actor_classes = {k: _iri(eco(v)) for k, v in vocab.ACTOR_TYPES.items()}
    concepts: dict[tuple[str, str], str] = {}
    places: dict[TerritoryRef, str] = {}
    file_iris: dict[str, str] = {}
    link_stems: dict[str, str] = {}
    ends: dict[str, str] = {}
    last_quote: list[str | None] = [None, None]  # consecutive rows often share one provenance quote

    def node(kind: str, ident: str) -> str:
        return f"{base}{kind}/{ident if _UNRESERVED.fullmatch(ident) else quote(ident, safe='')}"

    def of(ident: str) -> str:
        found = ends.get(ident)
        if found is None:
            kind = model.kind_of(ident)
            assert kind is not None, ident
            found = ends[ident] = f"<{node(kind, ident)}>"
        return found

    def concept(scheme: str, key: str) -> str:
        found = concepts.get((scheme, key))
        if found is None:
            found = concepts[(scheme, key)] = _iri(concept_iri(scheme, key))
        return found

    def place(ref: TerritoryRef) -> str:
        found = places.get(ref)
        if found is None:
            found = places[ref] = _iri(_ref_iri(ref))
        return found

    def provenance(subject: str, prov: Provenance) -> Iterator[str]:
        derived = file_iris.get(prov.file)
        if derived is None:
            derived = file_iris[prov.file] = _iri(resource_iri(ds, "fichier", prov.file))
        yield _t(subject, PROV_DERIVED, derived)
        if prov.row is not None:
            yield _t(subject, e["ligneSource"], _lit(str(prov.row), datatype="integer"))
        if prov.quote:
            if prov.quote is not last_quote[0]:
                last_quote[0], last_quote[1] = prov.quote, _lit(prov.quote, "fr")
            yield _t(subject, e["citation"], last_quote[1])  # type: ignore[arg-type]

    # Lines whose subject is another resource, keyed by that subject ("<iri>"): a programme's carriers
    # ("porte") and each relation's direct triple(s). They join their subject's group.
    given: dict[str, list[str]] = {}
    for p in model.programmes.values():
        if p.carriers:
            target = f" <{e['porte']}> <{node('programme', p.id)}> ."
            for c in p.carriers:
                carrier = f"<{node('acteur', c)}>"
                given.setdefault(carrier, []).append(carrier + target)
    kinds = {k: (f"<{rt.iri}> ", rt.symmetric) for k, rt in vocab.RELATION_TYPES.items()}
    for r in model.relations:
        p_kind, symmetric = kinds[r.type]
        source_ref, target_ref = of(r.source), of(r.target)
        given.setdefault(source_ref, []).append(f"{source_ref} {p_kind}{target_ref} .")
        if symmetric:
            given.setdefault(target_ref, []).append(f"{target_ref} {p_kind}{source_ref} .")

    for a in model.actors.values():
        s = node("acteur", a.id)
        subject = f"<{s}>"
        files.add(a.provenance.file)
        lines = [_t(s, RDF_TYPE, acteur_t), _t(s, RDF_TYPE, actor_classes[a.type]), _t(s, DCT_ID, _lit(a.id)),
                 _t(s, RDFS_LABEL, _lit(a.name))]
        add = lines.append
        for alias in a.aliases:
            add(_t(s, e["alias"], _lit(alias)))
        if a.world:
            add(_t(s, e["monde"], concept("monde", a.world)))
        if a.level:
            add(_t(s, e["echelon"], concept("echelon", a.level)))
        for n in a.natures:
            add(_t(s, e["nature"], concept("nature", n)))
        for ref in a.territories:
            add(_t(s, e["intervientSur"], place(ref)))
        for n in a.needs:
            add(_t(s, e["exprime"], _iri(node("besoin", n))))
        for g in a.sdgs:
            add(_t(s, e["odd"], concept("odd", g)))
        if a.website:
            add(_t(s, FOAF_HOME, _iri(a.website.replace(" ", "%20").replace(">", "%3E").replace("<", "%3C")
                                      .replace('"', "%22"))))
        if a.description:
            add(_t(s, DCT_DESC, _lit(a.description, "fr")))
        for column in a.presumed:
            add(_t(s, e["colonnePresumee"], _lit(column)))
        lines.extend(provenance(s, a.provenance))
        lines.extend(given.pop(subject, ()))
        yield subject, lines
    for n in model.needs.values():
        s = node("besoin", n.id)
        subject = f"<{s}>"
        files.add(n.provenance.file)
        lines = [_t(s, RDF_TYPE, besoin_t), _t(s, DCT_ID, _lit(n.id)), _t(s, RDFS_LABEL, _lit(n.label, "fr"))]
        add = lines.append
        if n.theme:
            add(_t(s, e["theme"], concept("theme", n.theme)))
        if n.domain:
            add(_t(s, e["domaine"], concept("domaine", n.domain)))
        for ref in n.territories:
            add(_t(s, e["concerne"], place(ref)))
        if n.description:
            add(_t(s, DCT_DESC, _lit(n.description, "fr")))
        lines.extend(provenance(s, n.provenance))
        lines.extend(given.pop(subject, ()))
        yield subject, lines
    for p in model.programmes.values():
        s = node("programme", p.id)
        subject = f"<{s}>"
        files.add(p.provenance.file)
        lines = [_t(s, RDF_TYPE, programme_t), _t(s, DCT_ID, _lit(p.id)), _t(s, RDFS_LABEL, _lit(p.name, "fr"))]
        add = lines.append
        for t in p.themes:
            add(_t(s, e["theme"], concept("theme", t)))
        for n in p.needs:
            add(_t(s, e["repondA"], _iri(node("besoin", n))))
        if p.axis:
            add(_t(s, e["axe"], concept("axe", p.axis)))
        if p.level:
            add(_t(s, e["echelon"], concept("echelon", p.level)))
        for ref in p.territories:
            add(_t(s, e["intervientSur"], place(ref)))
        if p.subsection:
            add(_t(s, e["sousSection"], _lit(p.subsection, "fr")))
        if p.description:
            add(_t(s, DCT_DESC, _lit(p.description, "fr")))
        if p.link:
            add(_t(s, FOAF_HOME, _iri(p.link.replace(" ", "%20").replace(">", "%3E").replace("<", "%3C")
                                      .replace('"', "%22"))))
        for column in p.presumed:
            add(_t(s, e["colonnePresumee"], _lit(column)))
        lines.extend(provenance(s, p.provenance))
        lines.extend(given.pop(subject, ()))
        yield subject, lines
    yield from given.items()  # subjects of none of the loops above (none in a valid model)
    given.clear()
    # The relations make most of the lines: each line is "<link> " + a precomputed "<p> o ." tail.
    link_type = f"<{RDF_TYPE}> {lien_t} ."
    p_de, p_vers = f"<{e['de']}> ", f"<{e['vers']}> "
    p_amount, p_start, p_end = f"<{e['montant']}> ", f"<{e['dateDebut']}> ", f"<{e['dateFin']}> "
    p_row, p_quote = f"<{e['ligneSource']}> ", f"<{e['citation']}> "
    row_type = f'"^^<{XSD}integer> .'
    type_tails = {k: f"<{e['typeLien']}> <{rt.iri}> ." for k, rt in vocab.RELATION_TYPES.items()}
    derived_tails: dict[str, str] = {}
    quote_tail = (None, "")
    for r in model.relations:
        prov = r.provenance
        stem = link_stems.get(prov.file)
        if stem is None:  # resource_iri(ds, "lien", f"{quote(file)}-{row}"), quoted once per file
            stem = link_stems[prov.file] = f"<{base}lien/{quote(quote(prov.file, safe=''), safe='')}-"
            files.add(prov.file)
            derived_tails[prov.file] = f"<{PROV_DERIVED}> {_iri(resource_iri(ds, 'fichier', prov.file))} ."
        subject = f"{stem}{prov.row}>"  # a row number (or None): nothing to quote
        link = subject + " "
        lines = [link + link_type, f"{link}{p_de}{ends[r.source]} .", f"{link}{p_vers}{ends[r.target]} .",
                 link + type_tails[r.type]]
        if r.amount is not None:
            lines.append(f"{link}{p_amount}{_lit(canonical_decimal(format(r.amount, 'f')), datatype='decimal')} .")
        if r.start:
            lines.append(f"{link}{p_start}{_lit(r.start.isoformat(), datatype=_date_type(r.start))} .")
        if r.end:
            lines.append(f"{link}{p_end}{_lit(r.end.isoformat(), datatype=_date_type(r.end))} .")
        # provenance(link, prov), inline
        lines.append(link + derived_tails[prov.file])
        if prov.row is not None:
            lines.append(f'{link}{p_row}"{prov.row}{row_type}')
        if prov.quote:
            if prov.quote is not quote_tail[0]:
                quote_tail = (prov.quote, f"{p_quote}{_lit(prov.quote, 'fr')} .")
            lines.append(link + quote_tail[1])
        yield subject, lines
    for ind in model.indicators.values():
        s = node("indicateur", ind.code)
        files.add(ind.provenance.file)
        lines = [_t(s, RDF_TYPE, indicateur_t), _t(s, SKOS_NOTATION, _lit(ind.code)),
                 _t(s, SKOS_PREF, _lit(ind.label, "fr"))]
        if ind.unit:
            lines.append(_t(s, e["unite"], _lit(ind.unit)))
        if ind.domain:
            lines.append(_t(s, e["domaine"], concept("domaine", ind.domain)))
        if ind.direction:
            lines.append(_t(s, e["sens"], concept("sens", ind.direction)))
        if ind.producer:
            lines.append(_t(s, e["producteur"], _lit(ind.producer)))
        yield f"<{s}>", lines
    for obs in model.observations:
        key = f"{obs.indicator}/{obs.territory[0]}-{obs.territory[1]}/{obs.period or 'na'}"
        s = resource_iri(ds, "observation", key)
        lines = [_t(s, RDF_TYPE, observation_t), _t(s, RDF_TYPE, qb_observation_t),
                 _t(s, QB_DATASET, _iri(dataset_iri)), _t(s, e["indicateur"], _iri(node("indicateur", obs.indicator))),
                 _t(s, e["territoireObserve"], place(obs.territory))]
        if obs.period:
            lines.append(_t(s, e["periode"], _lit(obs.period)))
        if obs.value is not None:
            lines.append(_t(s, e["valeur"], _lit(_decimal(obs.value), datatype="decimal")))
        lines.extend(provenance(s, obs.provenance))
        yield f"<{s}>", lines
    for f in sorted(files):
        fi = resource_iri(ds, "fichier", f)
        yield f"<{fi}>", [_t(fi, RDF_TYPE, _iri(PREFIXES["prov"] + "Entity")), _t(fi, RDFS_LABEL, _lit(f)),
                          _t(fi, PREFIXES["dcterms"] + "isPartOf", _iri(dataset_iri))]
    if with_territories:
        yield from territory_groups(_with_ancestors(model.territories(), territories), territories)


def _dataset_metadata(dataset_iri: str, model: Model) -> Iterator[str]:
    """Title, description, licence, source and producer of a dataset, from its ``jeu`` table (else its name)."""
    info = model.info
    yield _t(dataset_iri, DCT_TITLE, _lit(info.title, "fr") if info.title else _lit(model.dataset))
    if info.description:
        yield _t(dataset_iri, DCT_DESC, _lit(info.description, "fr"))
    for prop, value in (("license", info.licence), ("source", info.source), ("publisher", info.producer)):
        if value:
            term = PREFIXES["dcterms"] + prop
            yield _t(dataset_iri, term, _iri(value) if _ABSOLUTE_IRI.fullmatch(value) else _lit(value, "fr"))


_ABSOLUTE_IRI = re.compile(r"https?://[^\s<>\"{}|\\^`]+")


def _decimal(value: float) -> str:
    text = repr(float(value))
    if "e" in text or "E" in text:
        text = format(value, "f")
    return canonical_decimal(text)


def canonical_decimal(text: str) -> str:
    """The canonical lexical form of an ``xsd:decimal`` (XSD 1.1, as RDF stores keep it).

    No leading zeros but one before the point, no trailing zeros after it, no
    point without decimals, no sign on zero: ``"15000.0"`` -> ``"15000"``,
    ``"1500.50"`` -> ``"1500.5"``. Writing it once here makes every format
    (N-Triples, Turtle, JSON-LD, a store) hold the same literal.
    """
    sign = "-" if text.startswith("-") else ""
    digits = text.lstrip("+-")
    whole, _dot, fraction = digits.partition(".")
    whole = whole.lstrip("0") or "0"
    fraction = fraction.rstrip("0")
    out = f"{whole}.{fraction}" if fraction else whole
    return out if out == "0" else sign + out


def _with_ancestors(refs: Iterable[TerritoryRef], territories: Territories) -> set[TerritoryRef]:
    out: set[TerritoryRef] = set()
    for ref in refs:
        out.add(ref)
        out.update(territories.ancestors(*ref))
    return out


def territory_triples(refs: Iterable[TerritoryRef], territories: Territories) -> Iterator[str]:
    """Triples describing real territories: type, name, code, population, inclusion."""
    for _subject, lines in territory_groups(refs, territories):
        yield from lines


def territory_groups(refs: Iterable[TerritoryRef], territories: Territories) -> Iterator[tuple[str, list[str]]]:
    """:func:`territory_triples`, one ``("<territory>", its lines)`` group per territory."""
    for level, code in sorted(refs):
        t = territories.get(level, code)
        if t is None:
            continue
        s = territory_iri(level, code)
        lines = [_t(s, RDF_TYPE, _iri(eco("Territoire"))), _t(s, RDF_TYPE, _iri(eco(_TERRITORY_CLASS[level]))),
                 _t(s, RDFS_LABEL, _lit(t.name, "fr")), _t(s, eco("codeInsee"), _lit(code))]
        if level != "pays":  # the same literal as INSEE's geography graph: an exact join with it
            lines.append(_t(s, IGEO_CODE, _lit(code)))
        population = territories.population(level, code)
        if population is not None:
            lines.append(_t(s, eco("population"), _lit(str(population), datatype="integer")))
        for parent in territories.parents(level, code):
            lines.append(_t(s, eco("inclusDans"), _iri(territory_iri(*parent))))
        yield f"<{s}>", lines


def to_ntriples(model: Model, territories: Territories | None = None, *, with_territories: bool = True) -> str:
    """The model as sorted, duplicate-free N-Triples text (deterministic); see :func:`model_triples`."""
    return b"".join(ntriples_chunks(model, territories, with_territories=with_territories)).decode("utf-8")


def with_territory_lines(dataset_text: str, model: Model, territories: Territories | None = None) -> str:
    """``to_ntriples(model)`` from ``to_ntriples(model, with_territories=False)``, without projecting twice.

    The territories' lines are sorted and merged in; their subjects (under
    ``TERRITORY_NS``) sort after the dataset's (under ``ID_NS``), so the merge
    is an append unless a dataset subject sorts later.
    """
    territories = territories or load_territories()
    lines = sorted(set(territory_triples(_with_ancestors(model.territories(), territories), territories)))
    if not lines:
        return dataset_text
    if dataset_text and dataset_text[:-1].rsplit("\n", 1)[-1] > lines[0]:
        lines = sorted(set(dataset_text[:-1].split("\n")) | set(lines))
        return "\n".join(lines) + "\n"
    return dataset_text + "\n".join(lines) + "\n"


#: Size from which :func:`ntriples_chunks` hands a chunk over.
CHUNK_BYTES = 1 << 20


def ntriples_chunks(model: Model, territories: Territories | None = None, *,
                    with_territories: bool = True) -> Iterator[bytes]:
    """The text of :func:`to_ntriples` as UTF-8, in chunks of whole lines (about a mebibyte each), in order.

    ``b"".join(chunks)`` is ``to_ntriples(model).encode()``, produced without
    ever holding the whole text: it can be streamed to a file.

    Sorting millions of long lines that share long prefixes is slow, and
    holding them all is heavy. The lines of each subject (grouped by
    :func:`subject_groups`) are sorted and spilled to a temporary file as one
    block; the blocks are then read back in the order of their subjects,
    blocks that follow each other in the file as one slice. A subject IRI
    holds neither ``>`` nor a space, so two lines with different subjects
    compare as their ``<subject>`` parts, and the order of the whole text is
    the subjects' order, then each subject's lines in order. UTF-8 bytes
    compare as the code points they encode.
    """
    from ecosysteme.io.tables import gc_paused

    subjects: list[str] = []
    starts, sizes = array("q"), array("q")
    with tempfile.TemporaryFile(prefix="ecosysteme-nt-") as spill, gc_paused():
        position = 0
        pending: list[bytes] = []
        pending_size = 0
        for subject, lines in subject_groups(model, territories, with_territories=with_territories):
            if len(lines) > 1:
                lines = sorted(set(lines))
            lines.append("")  # each block ends with its line break
            data = "\n".join(lines).encode("utf-8")
            pending.append(data)
            pending_size += len(data)
            if pending_size > CHUNK_BYTES:
                spill.write(b"".join(pending))
                pending.clear()
                pending_size = 0
            subjects.append(subject)
            starts.append(position)
            sizes.append(len(data))
            position += len(data)
        spill.write(b"".join(pending))
        del pending
        if not subjects:
            return
        spill.flush()
        order = sorted(range(len(subjects)), key=subjects.__getitem__)
        with mmap.mmap(spill.fileno(), 0, access=mmap.ACCESS_READ) as view:
            out: list[bytes] = []
            out_size = 0
            run_start = run_end = 0  # a slice of the spill not yet copied to ``out``
            i, n = 0, len(order)
            while i < n:
                first = order[i]
                j = i + 1
                while j < n and subjects[order[j]] == subjects[first]:
                    j += 1
                if j == i + 1 and starts[first] == run_end and run_end - run_start < CHUNK_BYTES:
                    run_end += sizes[first]
                else:
                    if run_end > run_start:
                        out.append(view[run_start:run_end])
                        out_size += run_end - run_start
                    if j == i + 1:
                        run_start, run_end = starts[first], starts[first] + sizes[first]
                    else:  # a subject in several groups (relations read from one row)
                        merged: set[bytes] = set()
                        for k in order[i:j]:
                            merged.update(view[starts[k]:starts[k] + sizes[k] - 1].split(b"\n"))
                        out.append(b"\n".join(sorted(merged)) + b"\n")
                        out_size += len(out[-1])
                        run_start = run_end = 0
                    if out_size > CHUNK_BYTES:
                        yield b"".join(out)
                        out.clear()
                        out_size = 0
                i = j
            if run_end > run_start:
                out.append(view[run_start:run_end])
            if out:
                yield b"".join(out)


def to_store(ntriples: str | bytes, store=None, graph: str | None = None):
    """Load N-Triples (text, or UTF-8 bytes as :func:`ntriples_chunks` gives) into a pyoxigraph store.

    A new in-memory store unless ``store`` is given; the default graph unless
    ``graph`` names one. The text is this module's own output, so it is loaded
    leniently (Oxigraph skips re-checking each IRI).
    """
    import pyoxigraph as ox

    store = store if store is not None else ox.Store()
    to_graph = ox.NamedNode(graph) if graph else ox.DefaultGraph()
    data = ntriples if isinstance(ntriples, bytes) else ntriples.encode("utf-8")
    store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=to_graph, lenient=True)
    return store
