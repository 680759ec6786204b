"""Linked data: our IRIs dereference by Accept header or suffix; the VoID description; dumps."""

import dataclasses

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from citygraph.build import build
from citygraph.iris import IriScheme
from citygraph.store import EmbeddedStore
from citygraph.vocab import CG, OWL, RDF, VOID
from citygraph.web import create_app

BASE = "https://w3id.org/citygraph/"
TYPES = {"ttl": "text/turtle", "jsonld": "application/ld+json", "nt": "application/n-triples"}
PARSERS = {"ttl": "turtle", "jsonld": "json-ld", "nt": "nt"}
RESOURCES = {  # path -> a triple the description must hold
    "/city/musterstadt": (URIRef(BASE + "city/musterstadt"), RDF.type, CG.City),
    "/network/safe-test-harbours": (
        URIRef(BASE + "network/safe-test-harbours"),
        RDF.type,
        CG.Network,
    ),
    "/approach/musterstadt/housing-test": (
        URIRef(BASE + "approach/musterstadt/housing-test"),
        CG.inCategory,
        URIRef(BASE + "topic/housing"),
    ),
    "/topic/housing": (URIRef(BASE + "topic/housing"), RDF.type, CG.Topic),
    "/profile/musterstadt-en": (URIRef(BASE + "profile/musterstadt-en"), RDF.type, CG.Profile),
    "/membership/musterstadt/test-alliance/founding-member": (
        URIRef(BASE + "membership/musterstadt/test-alliance/founding-member"),
        RDF.type,
        CG.Membership,
    ),
    "/graph/profile/musterstadt-de": (
        URIRef(BASE + "city/musterstadt"),
        CG.hasProfile,
        URIRef(BASE + "profile/musterstadt-de"),
    ),
    "/topic/": (
        URIRef(BASE + "topic/"),
        RDF.type,
        URIRef("http://www.w3.org/2004/02/skos/core#ConceptScheme"),
    ),
}


@pytest.fixture(scope="module")
def client(fixture_settings, fixture_store):
    return create_app(fixture_settings, fixture_store).test_client()


def parse(response, fmt: str) -> Graph:
    return Graph().parse(data=response.get_data(as_text=True), format=PARSERS[fmt])


@pytest.mark.parametrize("path", RESOURCES)
@pytest.mark.parametrize("fmt", TYPES)
def test_every_kind_of_iri_answers_each_format_by_accept_header(client, path, fmt):
    response = client.get(path, headers={"Accept": TYPES[fmt]})
    assert response.status_code == 200
    assert response.mimetype == TYPES[fmt]
    assert RESOURCES[path] in parse(response, fmt)


@pytest.mark.parametrize("fmt", TYPES)
def test_a_suffix_picks_the_same_graph_as_negotiation(client, fmt):
    by_suffix = client.get(f"/city/musterstadt.{fmt}", headers={"Accept": "text/html"})
    negotiated = client.get("/city/musterstadt", headers={"Accept": TYPES[fmt]})
    assert by_suffix.mimetype == TYPES[fmt]
    assert isomorphic(parse(by_suffix, fmt), parse(negotiated, fmt))


def test_q_values_decide_between_formats(client):
    response = client.get(
        "/city/musterstadt", headers={"Accept": "text/turtle;q=0.4, application/n-triples;q=0.9"}
    )
    assert response.mimetype == "application/n-triples"


def test_browsers_get_html(client):
    accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    response = client.get("/city/musterstadt", headers={"Accept": accept})
    assert response.mimetype == "text/html"
    assert "<h1>Sampleton</h1>" in response.get_data(as_text=True)


def test_negotiated_responses_vary_on_accept_and_link_every_format(client):
    response = client.get("/network/safe-test-harbours", headers={"Accept": "text/turtle"})
    assert "Accept" in response.vary
    link = response.headers["Link"]
    for fmt, media_type in {**TYPES, "html": "text/html"}.items():
        assert f'</network/safe-test-harbours.{fmt}>; rel="alternate"; type="{media_type}"' in link


def test_a_description_carries_the_parts_a_page_needs(client):
    graph = parse(client.get("/network/safe-test-harbours.ttl"), "ttl")
    membership = URIRef(BASE + "membership/beispielburg/safe-test-harbours/founding-member")
    assert (
        membership,
        URIRef("http://www.w3.org/ns/org#member"),
        URIRef(BASE + "city/beispielburg"),
    ) in graph
    assert (
        URIRef(BASE + "city/beispielburg"),
        URIRef("http://www.w3.org/2000/01/rdf-schema#label"),
        Literal("Exampleburg", lang="en"),
    ) in graph


@pytest.mark.parametrize("accept", ["text/html", "text/turtle"])
def test_an_unknown_iri_is_404(client, accept):
    assert client.get("/city/atlantis", headers={"Accept": accept}).status_code == 404


def test_a_path_that_is_no_slug_is_404(client):
    assert client.get("/city/x%3E%20%3Fs", headers={"Accept": "text/turtle"}).status_code == 404


def test_an_unacceptable_type_gets_406_with_the_alternatives(client):
    response = client.get("/city/musterstadt", headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert ".ttl" in response.headers["Link"]


def test_the_ontology_is_served_with_its_terms_as_anchors(client):
    graph = parse(client.get("/ontology", headers={"Accept": "text/turtle"}), "ttl")
    assert (CG.City, RDF.type, OWL.Class) in graph
    html = client.get("/ontology", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert 'id="City"' in html and 'id="memberOf"' in html


def test_the_base_iri_maps_to_the_apps_own_host(fixture_settings, tmp_path):
    base = "http://data.example.test/cg/"
    nquads = tmp_path / "citygraph.nq"
    build(fixture_settings.data_dir, IriScheme(base)).dataset.serialize(nquads, format="nquads")
    store = EmbeddedStore()
    store.load(nquads)
    settings = dataclasses.replace(fixture_settings, base_iri=base)
    client = create_app(settings, store).test_client()
    graph = parse(client.get("/city/musterstadt.ttl"), "ttl")
    assert (URIRef(base + "city/musterstadt"), RDF.type, CG.City) in graph
    html = client.get("/city/musterstadt", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert 'href="/network/safe-test-harbours"' in html


def test_void_counts_the_triples_and_links_dumps_and_endpoint(client, fixture_settings):
    graph = parse(client.get("/.well-known/void", headers={"Accept": "text/turtle"}), "ttl")
    dataset = graph.value(predicate=RDF.type, object=VOID.Dataset)
    dump_triples = len(Graph().parse(fixture_settings.build_dir / "citygraph.nt", format="nt"))
    assert graph.value(dataset, VOID.triples).toPython() == dump_triples
    assert graph.value(dataset, VOID.sparqlEndpoint) == URIRef("http://localhost/sparql")
    assert {str(d).rsplit("/", 1)[1] for d in graph.objects(dataset, VOID.dataDump)} == {
        "citygraph.trig",
        "citygraph.nq",
        "citygraph.ttl",
        "citygraph.nt",
        "citygraph.jsonld",
    }
    cities = next(
        p
        for p in graph.objects(dataset, VOID.classPartition)
        if graph.value(p, VOID["class"]) == CG.City
    )
    assert graph.value(cities, VOID.entities).toPython() == 4
    assert graph.value(dataset, VOID.properties).toPython() > 20


def test_dumps_are_listed_and_streamed_from_the_build_directory(client, fixture_settings):
    listing = client.get("/dumps/").get_data(as_text=True)
    assert all(
        f'href="/dumps/citygraph.{ext}"' in listing for ext in ("trig", "ttl", "nt", "jsonld", "nq")
    )
    response = client.get("/dumps/citygraph.trig")
    assert response.mimetype == "application/trig"
    assert response.get_data() == (fixture_settings.build_dir / "citygraph.trig").read_bytes()
    assert client.get("/dumps/secrets.txt").status_code == 404
