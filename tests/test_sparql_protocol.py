"""The SPARQL 1.1 Protocol at /sparql, over real HTTP against `citygraph serve`."""

import csv
import io
import json
import urllib.parse

import pyoxigraph as ox
import pytest

from citygraph.iris import IriScheme
from tests.server import fetch, running_server

pytestmark = pytest.mark.server

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
CITIES = "SELECT ?city WHERE { ?city a <https://w3id.org/citygraph/ontology#City> } ORDER BY ?city"
GRAPH = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 20"
SD = "http://www.w3.org/ns/sparql-service-description#"


@pytest.fixture(scope="module")
def base(fixture_settings):
    with running_server(fixture_settings) as base_url:
        yield base_url


@pytest.fixture(scope="module")
def endpoint(base):
    return base + "/sparql"


def get(endpoint: str, query: str | None = None, headers=None, **params):
    if query is not None:
        params["query"] = query
    return fetch(f"{endpoint}?{urllib.parse.urlencode(params, doseq=True)}", headers=headers)


def post_form(endpoint: str, headers=None, **params):
    body = urllib.parse.urlencode(params, doseq=True)
    return fetch(
        endpoint,
        "POST",
        body,
        {"Content-Type": "application/x-www-form-urlencoded", **(headers or {})},
    )


def count(reply) -> int:
    assert reply.status == 200, reply.text
    return int(json.loads(reply.body)["results"]["bindings"][0]["n"]["value"])


def direct_count(store, query: str = COUNT, **dataset) -> int:
    return int(next(iter(store.ox.query(query, **dataset)))["n"].value)


def test_get_post_form_and_post_direct_give_the_same_answer(endpoint):
    answers = [
        get(endpoint, CITIES),
        post_form(endpoint, query=CITIES),
        fetch(endpoint, "POST", CITIES, {"Content-Type": "application/sparql-query"}),
    ]
    assert [a.status for a in answers] == [200, 200, 200]
    assert answers[0].body == answers[1].body == answers[2].body
    assert len(json.loads(answers[0].body)["results"]["bindings"]) >= 3


def test_the_default_graph_is_the_merge_of_all_named_graphs(endpoint, fixture_store):
    quads = "WHERE { GRAPH ?g { ?s ?p ?o } }"
    merge = direct_count(
        fixture_store, f"SELECT (COUNT(*) AS ?n) {{ SELECT DISTINCT ?s ?p ?o {quads} }}"
    )
    everywhere = direct_count(fixture_store, f"SELECT (COUNT(*) AS ?n) {quads}")
    assert 0 < merge < everywhere  # a fact stated by several sources is counted once
    assert count(get(endpoint, COUNT)) == merge


def test_default_graph_uri_picks_local_graphs(endpoint, fixture_settings, fixture_store):
    graphs = [IriScheme(fixture_settings.base_iri).graph(g) for g in ("cities", "networks")]
    expected = direct_count(fixture_store, default_graph=[ox.NamedNode(g) for g in graphs])
    assert 0 < expected < direct_count(fixture_store)
    assert count(get(endpoint, COUNT, **{"default-graph-uri": graphs})) == expected
    assert count(post_form(endpoint, query=COUNT, **{"default-graph-uri": graphs})) == expected


def test_named_graph_uri_limits_the_graphs_graph_sees(endpoint, fixture_settings):
    cities = IriScheme(fixture_settings.base_iri).graph("cities")
    query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    everything = json.loads(get(endpoint, query).body)["results"]["bindings"]
    only = json.loads(get(endpoint, query, **{"named-graph-uri": cities}).body)
    assert len(everything) > 1
    assert [b["g"]["value"] for b in only["results"]["bindings"]] == [cities]


def test_an_unknown_graph_is_empty_and_never_an_error(endpoint):
    reply = get(endpoint, COUNT, **{"default-graph-uri": "http://example.org/no-such-graph"})
    assert count(reply) == 0


@pytest.mark.parametrize(
    ("accept", "media_type"),
    [
        ("", "application/sparql-results+json"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
        ("text/html, */*;q=0.1", "application/sparql-results+json"),
    ],
)
def test_select_results_are_negotiated_with_q_values(endpoint, accept, media_type):
    reply = get(endpoint, CITIES, headers={"Accept": accept} if accept else {})
    assert reply.status == 200 and reply.media_type == media_type
    assert "Accept" in reply.headers["Vary"]
    if media_type == "text/csv":
        rows = list(csv.reader(io.StringIO(reply.text)))[1:]
    else:
        rows = list(
            ox.parse_query_results(
                reply.body, format=ox.QueryResultsFormat.from_media_type(media_type)
            )
        )
    assert len(rows) >= 3


def test_the_format_parameter_overrides_accept(endpoint):
    reply = get(
        endpoint, CITIES, headers={"Accept": "application/sparql-results+json"}, format="csv"
    )
    assert reply.media_type == "text/csv"
    assert next(csv.reader(io.StringIO(reply.text))) == ["city"]


@pytest.mark.parametrize(
    ("accept", "fmt"),
    [
        ("", ox.RdfFormat.TURTLE),
        ("text/turtle", ox.RdfFormat.TURTLE),
        ("application/n-triples", ox.RdfFormat.N_TRIPLES),
        ("application/rdf+xml", ox.RdfFormat.RDF_XML),
        ("application/ld+json", ox.RdfFormat.JSON_LD),
        ("application/trig", ox.RdfFormat.TRIG),
    ],
)
def test_construct_answers_in_every_rdf_format(endpoint, accept, fmt):
    reply = get(endpoint, GRAPH, headers={"Accept": accept} if accept else {})
    assert reply.status == 200 and reply.media_type == fmt.media_type
    assert len(list(ox.parse(reply.body, format=fmt))) == 20


def test_describe_answers_turtle(endpoint, fixture_settings):
    city = IriScheme(fixture_settings.base_iri).city("musterstadt")
    reply = get(endpoint, f"DESCRIBE <{city}>")
    triples = list(ox.parse(reply.body, format=ox.RdfFormat.TURTLE))
    assert reply.media_type == "text/turtle" and any(t.subject.value == city for t in triples)


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("", {"head": {}, "boolean": True}),
        ("application/sparql-results+xml", "<boolean>true"),
    ],
)
def test_ask_answers_json_or_xml(endpoint, accept, expected):
    reply = get(endpoint, "ASK { ?s ?p ?o }", headers={"Accept": accept} if accept else {})
    assert (json.loads(reply.body) == expected) if accept == "" else (expected in reply.text)


def test_an_unacceptable_format_is_406(endpoint):
    reply = get(endpoint, "ASK {}", headers={"Accept": "text/csv"})
    assert (
        reply.status == 406
        and "application/sparql-results+json" in json.loads(reply.body)["message"]
    )


@pytest.mark.parametrize("accept", ["", "text/turtle", "application/rdf+xml"])
def test_get_without_a_query_describes_the_service(endpoint, accept):
    reply = get(endpoint, headers={"Accept": accept} if accept else {})
    fmt = ox.RdfFormat.from_media_type(reply.media_type)
    graph = list(ox.parse(reply.body, format=fmt))
    endpoints = [t.object.value for t in graph if t.predicate.value == SD + "endpoint"]
    assert endpoints == [endpoint]
    assert any(t.object.value == SD + "SPARQL11Query" for t in graph)


def test_cors_allows_any_origin_without_credentials(endpoint):
    preflight = fetch(
        endpoint,
        "OPTIONS",
        headers={
            "Origin": "https://elsewhere.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert preflight.status == 204
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    assert "content-type" in preflight.headers["Access-Control-Allow-Headers"].lower()
    answer = get(endpoint, "ASK {}", headers={"Origin": "https://elsewhere.example"})
    assert answer.headers["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in answer.headers


@pytest.mark.parametrize(
    ("method", "params", "body", "content_type", "status", "words"),
    [
        ("GET", {"query": "SELECT * WHERE {"}, None, None, 400, "malformed query"),
        ("GET", {"query": ["ASK {}", "ASK {}"]}, None, None, 400, "exactly one query"),
        ("GET", {"query": "ASK {}", "format": "pdf"}, None, None, 400, "unknown format"),
        ("PUT", {}, "ASK {}", "application/sparql-query", 405, "not allowed"),
        ("DELETE", {}, None, None, 405, "not allowed"),
        ("POST", {}, "ASK {}", "text/plain", 415, "application/sparql-query"),
        ("POST", {}, "ASK {}", None, 415, "untyped"),
        ("POST", {}, "ASK {}", "application/sparql-query; charset=latin-1", 415, "UTF-8"),
        ("POST", {}, b"ASK { FILTER(\xff) }", "application/sparql-query", 400, "UTF-8"),
        ("POST", {}, "format=json", "application/x-www-form-urlencoded", 400, "no query"),
    ],
)
def test_bad_requests_get_a_status_and_a_readable_json_message(
    endpoint, method, params, body, content_type, status, words
):
    url = f"{endpoint}?{urllib.parse.urlencode(params, doseq=True)}"
    reply = fetch(url, method, body, {"Content-Type": content_type} if content_type else {})
    assert reply.status == status and reply.media_type == "application/json"
    error = json.loads(reply.body)
    assert error["status"] == status and words in error["message"]
    if status == 405:
        assert reply.headers["Allow"] == "GET, HEAD, POST, OPTIONS"


def test_browsers_get_errors_as_plain_text(endpoint):
    reply = get(endpoint, "ASK {", headers={"Accept": "text/html,*/*;q=0.8"})
    assert reply.status == 400 and reply.media_type == "text/plain"
    assert reply.text.startswith("400 Bad Request: malformed query")


def test_a_browser_asking_for_the_endpoint_is_sent_to_the_query_page(fixture_settings):
    from citygraph.web import create_app

    client = create_app(fixture_settings).test_client()
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    reply = client.get("/sparql", headers={"Accept": browser})
    assert reply.status_code == 303 and reply.headers["Location"].endswith("/query")
    turtle = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert turtle.status_code == 200 and b"sd:endpoint" in turtle.data
