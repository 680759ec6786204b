"""The ontology: every term labelled and defined in English and German, aligned, and in vocab."""

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from citygraph.build import ONTOLOGY_FILE
from citygraph.iris import ONTOLOGY
from citygraph.vocab import CG

GRAPH = Graph().parse(ONTOLOGY_FILE)
KINDS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
TERMS = sorted(t for kind in KINDS for t in GRAPH.subjects(RDF.type, kind))


def test_ontology_declares_the_core_terms():
    for name in (
        "City",
        "Network",
        "Approach",
        "Topic",
        "Profile",
        "Membership",
        "memberOf",
        "hasApproach",
        "inCategory",
    ):
        assert URIRef(ONTOLOGY + name) in TERMS


@pytest.mark.parametrize("term", TERMS, ids=lambda t: t.split("#")[1])
def test_term_is_labelled_and_defined_in_english_and_german(term):
    for prop in (RDFS.label, SKOS.definition):
        assert {lit.language for lit in GRAPH.objects(term, prop)} >= {"en", "de"}, (term, prop)


@pytest.mark.parametrize(
    "term", [t for t in TERMS if (t, RDF.type, OWL.Class) in GRAPH], ids=lambda t: t.split("#")[1]
)
def test_class_is_aligned_to_a_standard_vocabulary(term):
    parents = {str(p) for p in GRAPH.objects(term, RDFS.subClassOf)}
    assert any(not p.startswith(ONTOLOGY) for p in parents), term


def test_every_vocab_term_exists_in_the_ontology():
    declared = {str(s) for s in GRAPH.subjects()}
    missing = [name for name in CG.__annotations__ if str(CG[name]) not in declared]
    assert missing == []
