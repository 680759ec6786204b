"""Real SPARQL clients, SPARQLWrapper and rdflib's SPARQLStore, query the running server."""

import pytest
from rdflib import RDF, Graph, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, POST, TURTLE, XML, SPARQLWrapper

from citygraph.iris import IriScheme
from tests.server import running_server

pytestmark = pytest.mark.server

CITY = URIRef("https://w3id.org/citygraph/ontology#City")
CITIES = f"SELECT ?city WHERE {{ ?city a <{CITY}> }} ORDER BY ?city"


@pytest.fixture(scope="module")
def endpoint(fixture_settings):
    with running_server(fixture_settings) as base_url:
        yield base_url + "/sparql"


@pytest.fixture(scope="module")
def cities(fixture_store) -> list[str]:
    return [str(row["city"]) for row in fixture_store.select(CITIES)]


@pytest.mark.parametrize("method", ["GET", POST])
def test_sparqlwrapper_select_as_json(endpoint, cities, method):
    client = SPARQLWrapper(endpoint)
    client.setQuery(CITIES)
    client.setMethod(method)
    client.setReturnFormat(JSON)
    bindings = client.query().convert()["results"]["bindings"]
    assert [b["city"]["value"] for b in bindings] == cities and len(cities) >= 3


def test_sparqlwrapper_select_as_xml_and_csv(endpoint, cities):
    client = SPARQLWrapper(endpoint)
    client.setQuery(CITIES)
    client.setReturnFormat(XML)
    xml = client.query().convert()
    assert [u.firstChild.data for u in xml.getElementsByTagName("uri")] == cities
    client.setReturnFormat(CSV)
    assert client.query().convert().decode().split()[1:] == cities


def test_sparqlwrapper_ask_and_construct(endpoint, fixture_settings):
    city = IriScheme(fixture_settings.base_iri).city("musterstadt")
    client = SPARQLWrapper(endpoint)
    client.setQuery(f"ASK {{ <{city}> a <{CITY}> }}")
    client.setReturnFormat(JSON)
    assert client.query().convert()["boolean"] is True
    client.setQuery(f"CONSTRUCT {{ <{city}> ?p ?o }} WHERE {{ <{city}> ?p ?o }}")
    client.setReturnFormat(TURTLE)
    graph = Graph().parse(data=client.query().convert(), format="turtle")
    assert (URIRef(city), None, CITY) in graph


def test_sparqlwrapper_sees_a_refusal_as_an_error(endpoint):
    from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

    client = SPARQLWrapper(endpoint)
    client.setQuery("SELECT * WHERE { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }")
    with pytest.raises(QueryBadFormed, match="SERVICE is not allowed"):
        client.query()


def test_rdflib_sparqlstore_queries_and_iterates(endpoint, cities, fixture_settings):
    graph = Graph(store=SPARQLStore(endpoint))
    assert [str(row.city) for row in graph.query(CITIES)] == cities
    assert graph.query(f"ASK {{ ?c a <{CITY}> }}").askAnswer is True
    city = URIRef(IriScheme(fixture_settings.base_iri).city("musterstadt"))
    assert (city, RDF.type, CITY) in set(graph.triples((city, None, None)))
    assert sorted(map(str, graph.subjects(RDF.type, CITY))) == cities
