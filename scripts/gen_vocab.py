"""Generate ``src/ecosysteme/vocab/_generated.py`` from the Turtle ontology.

The Turtle files in ``ontology/`` are the single source of truth; this script
derives the Python view of them. ``tests/test_vocab.py`` fails when the
committed module and the Turtle drift apart.

Usage: ``python scripts/gen_vocab.py [--check]``
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal, URIRef

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY = ROOT / "ontology"
TARGET = ROOT / "src" / "ecosysteme" / "vocab" / "_generated.py"
ECO = "https://w3id.org/ecosysteme/ontologie#"
VOC = "https://w3id.org/ecosysteme/vocabulaire/"


def _label(g: Graph, s: URIRef, p: URIRef, lang: str) -> str:
    for o in g.objects(s, p):
        if isinstance(o, Literal) and o.language == lang:
            return str(o)
    return ""


def _local(iri: URIRef) -> str:
    return str(iri)[len(ECO):]


def _kinds(g: Graph, node) -> tuple[str, ...]:
    """Return the local class names a domain/range node stands for."""
    if node is None:
        return ()
    if isinstance(node, URIRef):
        return (_local(node),) if str(node).startswith(ECO) else ()
    members = []
    for lst in g.objects(node, OWL.unionOf):
        from rdflib.collection import Collection

        members.extend(_local(m) for m in Collection(g, lst))
    return tuple(sorted(members))


def generate() -> str:
    g = Graph()
    for path in sorted(ONTOLOGY.glob("*.ttl")):
        if path.name.startswith("formes"):
            continue
        g.parse(path)
    key = URIRef(ECO + "cleEntree")
    classes = sorted(_local(c) for c in g.subjects(RDF.type, OWL.Class) if str(c).startswith(ECO))
    obj_props = sorted(_local(p) for p in g.subjects(RDF.type, OWL.ObjectProperty) if str(p).startswith(ECO))
    data_props = sorted(_local(p) for p in g.subjects(RDF.type, OWL.DatatypeProperty) if str(p).startswith(ECO))
    annotation_props = sorted(_local(p) for p in g.subjects(RDF.type, OWL.AnnotationProperty)
                              if str(p).startswith(ECO))
    class_keys = sorted((str(k), _local(c)) for c, k in g.subject_objects(key) if (c, RDF.type, OWL.Class) in g)
    actor_keys = [(k, c) for k, c in class_keys if (URIRef(ECO + c), RDFS.subClassOf, URIRef(ECO + "Acteur")) in g]
    territory_keys = [
        (k, c) for k, c in class_keys if (URIRef(ECO + c), RDFS.subClassOf, URIRef(ECO + "Territoire")) in g
    ]
    default_world = URIRef(ECO + "mondeParDefaut")
    world_defaults = sorted(
        (k, str(g.value(URIRef(ECO + c), default_world)).rsplit("/", 1)[1])
        for k, c in actor_keys
        if g.value(URIRef(ECO + c), default_world) is not None
    )
    link_key, order = URIRef(ECO + "cleLien"), URIRef(ECO + "ordre")
    inverse, noun = URIRef(ECO + "libelleInverse"), URIRef(ECO + "nomDuLien")
    link_types = []
    for p, k in g.subject_objects(link_key):
        supers = sorted(_local(s) for s in g.transitive_objects(p, RDFS.subPropertyOf)
                        if s != p and str(s).startswith(ECO))
        entry = g.value(p, key)
        link_types.append((int(g.value(p, order)), (
            str(k), _local(p), str(entry) if entry is not None else None,
            _kinds(g, g.value(p, RDFS.domain)), _kinds(g, g.value(p, RDFS.range)),
            (p, RDF.type, OWL.SymmetricProperty) in g,
            _label(g, p, RDFS.label, "fr"), _label(g, p, RDFS.label, "en"),
            _label(g, p, inverse, "fr"), _label(g, p, inverse, "en"),
            _label(g, p, noun, "fr"), _label(g, p, noun, "en"),
            tuple(sorted(str(a) for a in g.objects(p, SKOS.altLabel))), tuple(supers))))
    link_types.sort()
    orders = [o for o, _ in link_types]
    if len(set(orders)) != len(orders):
        raise SystemExit("eco:ordre must be unique among link types")
    schemes: dict[str, list] = {}
    for scheme in sorted(g.subjects(RDF.type, SKOS.ConceptScheme)):
        sid = str(scheme)[len(VOC):]
        concepts = []
        for c in sorted(g.subjects(SKOS.inScheme, scheme)):
            broader = g.value(c, SKOS.broader)
            concepts.append((
                str(g.value(c, key)),
                _label(g, c, SKOS.prefLabel, "fr"),
                _label(g, c, SKOS.prefLabel, "en"),
                str(broader)[len(str(scheme)) + 1:] if broader else None,
            ))
        schemes[sid] = concepts
    lines = [
        '"""Vocabulary derived from ontology/*.ttl by scripts/gen_vocab.py. Do not edit."""',
        "",
        "from __future__ import annotations",
        "",
        f"ECO_NS = {ECO!r}",
        f"VOC_NS = {VOC!r}",
        "",
        f"CLASSES = {tuple(classes)!r}",
        f"OBJECT_PROPERTIES = {tuple(obj_props)!r}",
        f"DATATYPE_PROPERTIES = {tuple(data_props)!r}",
        f"ANNOTATION_PROPERTIES = {tuple(annotation_props)!r}",
        "",
        "# actor `type` input key -> class local name",
        "ACTOR_CLASS_BY_KEY = {",
        *(f"    {k!r}: {c!r}," for k, c in actor_keys),
        "}",
        "",
        "# actor `type` input key -> default world key (eco:mondeParDefaut)",
        "DEFAULT_WORLD_BY_ACTOR_KEY = {",
        *(f"    {k!r}: {w!r}," for k, w in world_defaults),
        "}",
        "",
        "# territory level -> class local name",
        "TERRITORY_CLASS_BY_LEVEL = {",
        *(f"    {k!r}: {c!r}," for k, c in territory_keys),
        "}",
        "",
        "# link key (eco:cleLien) -> (property, relations-table key (eco:cleEntree) or None, domain classes,",
        "# range classes, symmetric, label fr, label en, inverse fr, inverse en, noun fr, noun en,",
        "# input aliases (skos:altLabel), super-properties); in eco:ordre order",
        "LINK_TYPES = {",
        *(f"    {row[0]!r}: {row[1:]!r}," for _o, row in link_types),
        "}",
        "",
        "# scheme -> ((key, French label, English label, broader key or None), ...)",
        "SCHEMES = {",
    ]
    for sid, concepts in sorted(schemes.items()):
        lines.append(f"    {sid!r}: (")
        lines.extend(f"        {c!r}," for c in concepts)
        lines.append("    ),")
    lines.append("}")
    lines += [
        "",
        "",
        "class ECO:",
        '    """IRIs of the ontology\'s terms: ``ECO.Acteur``; a typo raises AttributeError where it is written."""',
        "",
        '    __slots__ = ()',
        "",
        *(f"    {t} = {ECO + t!r}" for t in sorted(set(classes) | set(obj_props) | set(data_props)
                                                 | set(annotation_props))),
    ]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="fail if the module is stale")
    args = parser.parse_args()
    text = generate()
    if args.check:
        if TARGET.read_text(encoding="utf-8") != text:
            print("vocab/_generated.py is stale: run scripts/gen_vocab.py", file=sys.stderr)
            return 1
        return 0
    TARGET.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
