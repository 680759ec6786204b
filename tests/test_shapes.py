"""Every SHACL shape rejects data that violates it and accepts data that does not."""

from pathlib import Path

import pytest
from rdflib import Graph, Namespace
from rdflib.namespace import SH

from citygraph.build import ONTOLOGY_FILE
from citygraph.validate import SHAPES_FILE, validate

CASES = sorted((Path(__file__).parent / "cases" / "shapes").glob("*/*"))
CGS = Namespace("https://w3id.org/citygraph/shapes#")
SHAPES = Graph().parse(SHAPES_FILE)


def _data(case: Path) -> Graph:
    return Graph().parse(case / "data.ttl") + Graph().parse(ONTOLOGY_FILE)


def shape_messages(shape) -> set[str]:
    """English messages of a shape, of its property shapes and of shapes that use it by sh:node."""
    nodes = {shape, *SHAPES.objects(shape, SH.property), *SHAPES.subjects(SH.node, shape)}
    nodes |= {o for n in list(nodes) for o in SHAPES.objects(n, SH.sparql)}
    return {str(m) for n in nodes for m in SHAPES.objects(n, SH.message) if m.language == "en"}


def test_every_shape_has_an_invalid_case():
    shapes = {s.split("#")[1] for s in SHAPES.subjects(None, SH.NodeShape)}
    covered = {c.parent.name for c in CASES if c.name.startswith("invalid")}
    assert shapes and shapes <= covered, f"shapes without an invalid case: {shapes - covered}"


@pytest.mark.parametrize(
    "case",
    [c for c in CASES if c.name.startswith("invalid")],
    ids=lambda c: f"{c.parent.name}/{c.name}",
)
def test_invalid_case_violates_its_shape(case):
    report = validate(_data(case))
    assert not report.conforms
    expected = shape_messages(CGS[case.parent.name])
    assert expected & {v.message for v in report.violations}, report.text


@pytest.mark.parametrize(
    "case",
    [c for c in CASES if c.name.startswith("valid")],
    ids=lambda c: f"{c.parent.name}/{c.name}",
)
def test_valid_case_conforms(case):
    report = validate(_data(case))
    assert report.conforms, report.text


def test_messages_exist_in_english_and_german():
    for shape in SHAPES.subjects(None, SH.NodeShape):
        for node in [shape, *SHAPES.objects(shape, SH.property)]:
            langs = {m.language for m in SHAPES.objects(node, SH.message)}
            assert not langs or langs >= {"en", "de"}, node


def test_report_text_in_german_names_focus_and_message():
    report = validate(_data(CASES[0].parent / "invalid-no-city"), lang="de")
    assert "Ein Ansatz gehört zu einer Stadt." in report.text
    assert "https://w3id.org/citygraph/a" in report.text
