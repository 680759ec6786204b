"""The only pyshacl importer: a graph and the shapes -> a Report."""

import re
from dataclasses import dataclass, field
from pathlib import Path

from pyshacl import validate as shacl_validate
from rdflib import Dataset, Graph, Literal
from rdflib.namespace import SH
from rdflib.paths import Path as PropertyPath

from citygraph.build import ROOT
from citygraph.settings import DEFAULT_BASE

__all__ = ["SHAPES_FILE", "Violation", "Report", "validate", "union", "UnionView"]

SHAPES_FILE = ROOT / "shapes" / "citygraph.shapes.ttl"


@dataclass(frozen=True, order=True)
class Violation:
    """One SHACL result: where, along which path, and what its message says."""

    focus: str
    path: str
    message: str
    severity: str

    def __str__(self) -> str:
        return f"{self.severity}: {self.focus} {self.path}: {self.message}"


@dataclass
class Report:
    """The outcome of a validation, for people (text) and machines (graph)."""

    conforms: bool
    graph: Graph
    violations: list[Violation] = field(default_factory=list)

    @property
    def text(self) -> str:
        if self.conforms:
            return "Conforms: no violations."
        lines = [f"Does not conform: {len(self.violations)} violation(s)."]
        return "\n".join([*lines, *(f"  {v}" for v in self.violations)])


class UnionView(Graph):
    """Every triple of a dataset, each once, as one read-only graph over the dataset's own
    store: no copy, so validating or dumping a large build does not double its memory."""

    def __init__(self, dataset: Dataset):
        super().__init__(store=dataset.store, namespace_manager=dataset.namespace_manager)

    def triples(self, triple):
        s, p, o = triple
        if isinstance(p, PropertyPath):
            yield from ((s_, p, o_) for s_, o_ in p.eval(self, s, o))
            return
        for found, _ in self.store.triples((s, p, o), context=None):
            yield found

    def __len__(self) -> int:
        return self.store.__len__(context=None)

    def add(self, triple):
        raise TypeError("a UnionView is read-only")

    remove = addN = add


def union(data: Graph | Dataset) -> Graph:
    """All triples of a dataset as one graph (SHACL validates one data graph)."""
    return UnionView(data) if isinstance(data, Dataset) else data


def _message(results: Graph, shapes: Graph, result, lang: str) -> str:
    """The result's message in `lang`, taken from its shape where pyshacl kept another one."""
    messages = list(results.objects(result, SH.resultMessage))
    for source in (SH.sourceConstraint, SH.sourceShape):
        node = results.value(result, source)
        messages += list(shapes.objects(node, SH.message)) if node is not None else []
    preferred = [m for m in messages if isinstance(m, Literal) and m.language == lang]
    return str((preferred or messages or ["(no message)"])[0])


def validate(
    data: Graph | Dataset, shapes: Path = SHAPES_FILE, lang: str = "en", base: str = DEFAULT_BASE
) -> Report:
    """Validate `data` (a dataset is validated as the union of its graphs) against `shapes`,
    whose data IRIs (not the ontology's terms) are read under `base`."""
    data_iri = re.compile(re.escape(DEFAULT_BASE) + r"(?!ontology#|shapes#)")
    text = data_iri.sub(base, shapes.read_text(encoding="utf-8"))
    shapes_graph = Graph().parse(data=text, format="turtle")
    # in place: a read-only view cannot be changed, and copying it would double the memory
    conforms, results, _ = shacl_validate(
        union(data),
        shacl_graph=shapes_graph,
        advanced=True,
        allow_warnings=True,
        inplace=isinstance(data, Dataset),
    )
    violations = sorted(
        Violation(
            str(results.value(r, SH.focusNode)),
            str(results.value(r, SH.resultPath) or ""),
            _message(results, shapes_graph, r, lang),
            str(results.value(r, SH.resultSeverity)).rsplit("#")[-1],
        )
        for r in results.subjects(SH.resultSeverity, None)
    )
    return Report(bool(conforms), results, violations)
