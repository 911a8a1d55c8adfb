"""The Ecosystem: one validated model, its territories, and every projection computed once.

Every analysis, projection and output takes an :class:`Ecosystem` the way
networkx functions take a graph ``G``: the territory hierarchy, the indexes
of the territorial rules (:attr:`Ecosystem.scope`), the networkx graphs, the
N-Triples and the IMPACT fragility scale are computed on first use and kept,
so a gap report, a map and an export of the same data never compute them
twice, and no function needs extra "cache" arguments.

In a notebook::

    import ecosysteme as eco
    e = eco.read("data/exemple-epci")     # raises ValidationFailed (with .report) on errors
    e                                     # Ecosystem('exemple-epci' : 220 acteurs, …)
    e.actors                              # a pandas DataFrame indexed by id
    eco.analysis.coverage(e)
    e.map(centre="le-rameau")             # shows itself in Jupyter; .save("carte.html")
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ecosysteme.model import Model, Provenance

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx
    import pandas as pd

    from ecosysteme.analysis._scope import Scope
    from ecosysteme.analysis.impact import RegionalFragility
    from ecosysteme.analysis.presence import Presence
    from ecosysteme.io.report import Report
    from ecosysteme.stores.rdfstore import RdfStore
    from ecosysteme.territories import Territories
    from ecosysteme.viz.notebook import MapView

__all__ = ["Ecosystem", "as_ecosystem", "read"]

Progress = Callable[[str, int, int], None]


class Ecosystem:
    """A validated ecosystem and its cached projections.

    Parameters
    ----------
    model : Model
        A validated model (see :func:`read`).
    territories : Territories, optional
        The territory hierarchy (default: the bundled Etalab referential).
    report : Report, optional
        The validation report the model came with.
    references : sequence of Model, optional
        Reference datasets the gap analysis reads beside this one (their
        programmes, carriers, relays, answers and IMPACT indices): see
        :mod:`ecosysteme.analysis.presence`.
    """

    def __init__(self, model: Model, *, territories: Territories | None = None,
                 report: Report | None = None, references: Sequence[Model] = ()) -> None:
        self.model = model
        self.report = report
        self.references: tuple[Model, ...] = tuple(r for r in references if r.dataset != model.dataset)
        if territories is not None:
            self.territories = territories

    @classmethod
    def read(cls, source: str | Path, *, dataset: str | None = None, progress: Progress | None = None,
             references: Sequence[Model] = ()) -> Ecosystem:
        """Read and validate a folder of CSV files or an XLSX workbook (see :func:`read`)."""
        from ecosysteme.io import load_valid

        model, report = load_valid(Path(source), dataset=dataset, progress=progress, with_report=True)
        return cls(model, report=report, references=references)

    def with_references(self, references: Sequence[Model]) -> Ecosystem:
        """The same ecosystem read beside other reference datasets (a new object: caches are per references)."""
        return Ecosystem(self.model, territories=self.__dict__.get("territories"), report=self.report,
                         references=references)

    # ------------------------------------------------------------------ identity

    @property
    def name(self) -> str:
        """The dataset's name (its named graph, its Neo4j ``jeu``)."""
        return self.model.dataset

    def __repr__(self) -> str:
        m = self.model
        counts = [f"{len(m.actors)} acteurs", f"{len(m.relations)} relations", f"{len(m.programmes)} programmes",
                  f"{len(m.needs)} besoins"]
        if m.observations:
            counts.append(f"{len(m.observations)} observations")
        fictional = ", fictif" if m.info.fictional else ""
        return f"Ecosystem({m.dataset!r} : {', '.join(counts)}{fictional})"

    # ------------------------------------------------------------------ shared indexes and projections

    @cached_property
    def territories(self) -> Territories:
        """The territory hierarchy (INSEE codes, inclusion, populations)."""
        from ecosysteme.territories import load_territories

        return load_territories()

    @cached_property
    def links(self) -> list[tuple[str, str, str, Provenance]]:
        """Every link once: ``(source, target, type, provenance of its first row)``, in input order."""
        seen: set[tuple[str, str, str]] = set()
        out = []
        for source, target, kind, prov in self.model.links():
            if (source, target, kind) not in seen:
                seen.add((source, target, kind))
                out.append((source, target, kind, prov))
        return out

    @cached_property
    def scope(self) -> Scope:
        """Indexes of the territorial rules (who is present where, what answers what)."""
        from ecosysteme.analysis._scope import Scope

        return Scope(self)

    @cached_property
    def graph(self) -> nx.MultiDiGraph:
        """The whole model as a networkx ``MultiDiGraph`` (resources, territories, every link)."""
        from ecosysteme.projections.graph import to_networkx

        return to_networkx(self.model, self.territories)

    @cached_property
    def ecosystem_graph(self) -> nx.Graph:
        """Undirected graph of actors and programmes joined by the ecosystem's links (``eco:lienEcosysteme``)."""
        from ecosysteme.analysis.fragility import ecosystem_graph

        return ecosystem_graph(self)

    @cached_property
    def dataset_ntriples(self) -> str:
        """The dataset alone as sorted N-Triples (what a store's named graph of this dataset holds)."""
        from ecosysteme.projections.rdf import to_ntriples

        return to_ntriples(self.model, self.territories, with_territories=False)

    @cached_property
    def ntriples(self) -> str:
        """The dataset as sorted N-Triples with the territories it names (the export's ``graphe.nt``)."""
        from ecosysteme.projections.rdf import with_territory_lines

        return with_territory_lines(self.dataset_ntriples, self.model, self.territories)

    def computed(self, name: str) -> Any | None:
        """A cached projection if it was already computed (``"ntriples"``, ``"graph"``…), else None."""
        return self.__dict__.get(name)

    @cached_property
    def presence(self) -> Presence:
        """The gap analysis's rules, indexed: who is present where, what answers what, who meets whom."""
        from ecosysteme.analysis.presence import Presence

        return Presence(self)

    @cached_property
    def fragility(self) -> RegionalFragility:
        """Regional fragility per domain, the IMPACT way (10 = most critical region).

        The indices of this dataset; when it has none, those of its references.
        """
        from ecosysteme.analysis.impact import regional_fragility

        if not any(o.territory[0] == "region" for o in self.model.observations):
            for reference in self.references:
                if any(o.territory[0] == "region" for o in reference.observations):
                    return regional_fragility(reference)
        return regional_fragility(self.model)

    # ------------------------------------------------------------------ tables for notebooks

    def _frame(self, rows: Iterable[Any], index: str | None) -> pd.DataFrame:
        import dataclasses

        import pandas as pd

        records = [{f.name: _cell(f.name, getattr(row, f.name)) for f in dataclasses.fields(row)} for row in rows]
        frame = pd.DataFrame.from_records(records)
        return frame.set_index(index) if index and not frame.empty else frame

    @property
    def actors(self) -> pd.DataFrame:
        """Actors, one row each, indexed by id (lists as tuples, territories as ``niveau:code``)."""
        return self._frame(self.model.actors.values(), "id")

    @property
    def programmes(self) -> pd.DataFrame:
        """Programmes indexed by id."""
        return self._frame(self.model.programmes.values(), "id")

    @property
    def needs(self) -> pd.DataFrame:
        """Needs indexed by id."""
        return self._frame(self.model.needs.values(), "id")

    @property
    def relations(self) -> pd.DataFrame:
        """Rows of the ``relations`` table (source, target, type, amount, dates, provenance)."""
        return self._frame(self.model.relations, None)

    @property
    def observations(self) -> pd.DataFrame:
        """Indicator values (the IMPACT indices), one row per territory and period."""
        return self._frame(self.model.observations, None)

    # ------------------------------------------------------------------ outputs

    def to_store(self, path: str | Path | None = None) -> RdfStore:
        """An RDF store holding this dataset, the territories and the ontology: the shipped queries just work.

        In memory by default; with ``path``, a persistent store (created or updated) opened read-only.
        """
        from ecosysteme.stores.rdfstore import RdfStore, build_store

        if path is not None:
            build_store(path, self)
            return RdfStore.open(path)
        store = RdfStore.memory()
        store.ensure_reference_graphs(self.territories)
        store.load_model(self)
        store.write_description()
        return store

    def map(self, **options: Any) -> MapView:
        """The interactive HTML map (options of :func:`ecosysteme.viz.write_map`); displays itself in Jupyter."""
        from ecosysteme.viz.notebook import map_view

        return map_view(self, **options)

    def export(self, out: str | Path, formats: Sequence[str] | None = None, **options: Any) -> list[Path]:
        """Write the graph exports into ``out``.

        By default ``ttl``, ``nt``, ``jsonld``, ``graphml``, ``gexf``, ``csv``; also ``gephi``, ``kumu``,
        ``neo4j-admin`` when asked (see ``docs/exports.md``).
        """
        from ecosysteme.export import DEFAULT_FORMATS, export_model

        return export_model(self, Path(out), tuple(formats) if formats else DEFAULT_FORMATS, **options)


def _cell(field: str, value: Any) -> Any:
    """A model value as a notebook reader wants it: territories as ``niveau:code``, provenance as text."""
    from ecosysteme.model import format_ref

    if field == "provenance":
        return str(value)
    if field == "territories":
        return tuple(format_ref(ref) for ref in value)
    if field == "territory":
        return format_ref(value)
    return value


def as_ecosystem(data: Ecosystem | Model) -> Ecosystem:
    """The :class:`Ecosystem` of ``data`` (wrapping a bare :class:`Model`)."""
    if isinstance(data, Ecosystem):
        return data
    if isinstance(data, Model):
        return Ecosystem(data)
    raise TypeError(f"un Ecosystem ou un Model est attendu, pas {type(data).__name__}")


def read(source: str | Path, *, dataset: str | None = None, progress: Progress | None = None,
         references: Sequence[Model] = ()) -> Ecosystem:
    """Read and validate a folder of CSV files or an XLSX workbook into an :class:`Ecosystem`.

    ``references``: models read beside it by the gap analysis (see :class:`Ecosystem`).

    Raises
    ------
    ValidationFailed
        The tables have errors; ``err.report`` lists every one (file, row, column, fix).
    InputError
        A file cannot be read at all.
    """
    return Ecosystem.read(source, dataset=dataset, progress=progress, references=references)
