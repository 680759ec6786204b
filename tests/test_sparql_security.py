"""The endpoint is safe by construction: read-only, no SERVICE, nothing fetched, bounded.

Every test runs against a real `citygraph serve` with small limits; a canary listener on
127.0.0.1 and a FIFO show that no request leaves and no local file is opened.
"""

import csv
import io
import json
import os
import socketserver
import threading
import time
import urllib.parse
import urllib.request

import pyoxigraph as ox
import pytest

from tests.server import fetch, running_server

pytestmark = pytest.mark.server

TIMEOUT, MAX_ROWS, MAX_BYTES, MAX_BODY = 1.5, 50, 8000, 4096
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture(scope="module")
def endpoint(fixture_settings):
    with running_server(
        fixture_settings,
        query_timeout=TIMEOUT,
        max_rows=MAX_ROWS,
        max_bytes=MAX_BYTES,
        max_body=MAX_BODY,
        workers=2,
    ) as base_url:
        yield base_url + "/sparql"


@pytest.fixture
def canary():
    """A TCP listener on 127.0.0.1 that records every connection made to it."""
    hits: list[str] = []

    class Record(socketserver.BaseRequestHandler):
        def handle(self):
            hits.append(self.request.recv(200).decode("latin-1"))

    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Record)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", hits
    server.shutdown()
    server.server_close()


def get(endpoint: str, query: str, headers=None, **params):
    params["query"] = query
    return fetch(f"{endpoint}?{urllib.parse.urlencode(params, doseq=True)}", headers=headers)


def count(endpoint: str) -> int:
    return int(json.loads(get(endpoint, COUNT).body)["results"]["bindings"][0]["n"]["value"])


def test_the_canary_sees_a_request_that_does_leave(canary):
    url, hits = canary
    with pytest.raises(OSError):
        urllib.request.urlopen(url + "/probe", timeout=2)
    assert len(hits) == 1 and "/probe" in hits[0]


def test_pyoxigraph_alone_would_call_a_service(canary):
    url, hits = canary
    with pytest.raises(OSError):
        list(ox.Store().query(f"SELECT * WHERE {{ SERVICE <{url}/direct> {{ ?s ?p ?o }} }}"))
    assert hits and "/direct" in hits[0]


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <{url}/a> { ?s ?p ?o } }",
        "select * where { service silent <{url}/b> { ?s ?p ?o } }",
        "SELECT * WHERE { BIND(<{url}/c> AS ?x) SERVICE ?x { ?s ?p ?o } }",
        "ASK { OPTIONAL { SELECT * WHERE { SERVICE <{url}/d> { ?s ?p ?o } } } }",
        "CONSTRUCT { ?s ?p ?o } WHERE { FILTER EXISTS { SERVICE <{url}/e> { ?s ?p ?o } } }",
        "PREFIX remote: <{url}/> "
        "SELECT * WHERE { ?s ?p ?o MINUS { SERVICE remote:f { ?s ?p ?o } } }",
    ],
)
def test_service_is_refused_with_400_and_never_called(endpoint, canary, query):
    url, hits = canary
    reply = get(endpoint, query.replace("{url}", url))
    assert reply.status == 400 and "SERVICE" in json.loads(reply.body)["message"]
    assert hits == []


def test_no_iri_in_a_query_or_the_protocol_is_dereferenced(endpoint, canary):
    url, hits = canary
    queries = [
        (f"SELECT * FROM <{url}/from> WHERE {{ ?s ?p ?o }}", {}),
        (f"SELECT * FROM NAMED <{url}/named> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}", {}),
        (f"BASE <{url}/> SELECT * FROM <relative> WHERE {{ ?s ?p ?o }}", {}),
        (f"DESCRIBE <{url}/describe>", {}),
        (f"SELECT (IRI('{url}/iri') AS ?i) WHERE {{}}", {}),
        ("ASK { ?s ?p ?o }", {"default-graph-uri": f"{url}/dg", "named-graph-uri": f"{url}/ng"}),
    ]
    for query, params in queries:
        assert get(endpoint, query, **params).status == 200
    time.sleep(0.3)
    assert hits == []


def test_local_files_are_never_opened(endpoint, tmp_path):
    fifo, secret = tmp_path / "secret.fifo", tmp_path / "secret.nt"
    os.mkfifo(fifo)  # opening it for reading would block until the query timed out
    secret.write_text('<http://example.org/s> <http://example.org/p> "TOP-SECRET-42" .\n')
    os.utime(secret, (1_000_000, 2_000_000))  # atime < mtime: even relatime records a read
    queries = [
        (f"SELECT * FROM <{fifo.as_uri()}> WHERE {{ ?s ?p ?o }}", {}),
        (f"SELECT * FROM <{secret.as_uri()}> WHERE {{ ?s ?p ?o }}", {}),
        (f"SELECT * FROM NAMED <{secret.as_uri()}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}", {}),
        ("SELECT * WHERE { ?s ?p ?o }", {"default-graph-uri": fifo.as_uri()}),
        ("SELECT * WHERE { ?s ?p ?o }", {"default-graph-uri": secret.as_uri()}),
    ]
    for query, params in queries:
        reply = get(endpoint, query, **params)
        assert reply.status == 200 and b"TOP-SECRET" not in reply.body
        assert json.loads(reply.body)["results"]["bindings"] == []
    assert os.stat(secret).st_atime == 1_000_000


@pytest.mark.parametrize(
    ("method", "params", "body", "content_type"),
    [
        ("POST", {}, "update=DROP ALL", "application/x-www-form-urlencoded"),
        ("POST", {}, "DROP ALL", "application/sparql-update"),
        ("POST", {}, "CLEAR DEFAULT", "application/sparql-query"),
        ("GET", {"query": "INSERT DATA { <http://x/s> <http://x/p> <http://x/o> }"}, None, None),
        ("GET", {"update": "DELETE WHERE { ?s ?p ?o }"}, None, None),
    ],
)
def test_updates_are_refused_and_change_nothing(endpoint, method, params, body, content_type):
    before = count(endpoint)
    url = f"{endpoint}?{urllib.parse.urlencode(params)}"
    reply = fetch(url, method, body, {"Content-Type": content_type} if content_type else {})
    assert reply.status == 403 and "read-only" in json.loads(reply.body)["message"]
    assert count(endpoint) == before > 0


def test_a_slow_query_gets_503_while_a_trivial_one_answers_at_once(endpoint):
    slow = {}

    def run_slow():
        started = time.monotonic()
        slow["reply"], slow["seconds"] = get(endpoint, SLOW), time.monotonic() - started

    thread = threading.Thread(target=run_slow)
    thread.start()
    time.sleep(0.3)
    started = time.monotonic()
    quick = get(endpoint, "ASK { ?s ?p ?o }")
    quick_seconds = time.monotonic() - started
    thread.join()
    assert quick.status == 200 and quick_seconds < 0.5
    assert slow["reply"].status == 503 and slow["reply"].media_type == "application/json"
    assert f"{TIMEOUT:g} s" in json.loads(slow["reply"].body)["message"]
    assert TIMEOUT <= slow["seconds"] < TIMEOUT + 1.5


def test_the_killed_worker_is_replaced(endpoint):
    assert get(endpoint, SLOW).status == 503
    time.sleep(0.5)
    replies = []
    threads = [
        threading.Thread(target=lambda: replies.append(get(endpoint, COUNT))) for _ in range(6)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [r.status for r in replies] == [200] * 6


def test_rows_beyond_the_cap_are_cut_and_flagged(endpoint):
    reply = get(endpoint, "SELECT (1 AS ?one) WHERE { ?s ?p ?o }")
    assert reply.status == 200 and reply.headers["X-Citygraph-Truncated"] == "rows"
    assert len(json.loads(reply.body)["results"]["bindings"]) == MAX_ROWS
    whole = get(endpoint, "SELECT (1 AS ?one) WHERE { ?s ?p ?o } LIMIT 10")
    assert "X-Citygraph-Truncated" not in whole.headers


FAT = (
    "SELECT ?s ?p (CONCAT(STR(?s), STR(?p), STR(?s), STR(?p)) AS ?fat) WHERE { ?s ?p ?o } LIMIT 49"
)


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_bytes_beyond_the_cap_are_cut_at_a_row_and_flagged(endpoint, fmt):
    reply = get(endpoint, FAT, format=fmt)
    assert reply.status == 200 and reply.headers["X-Citygraph-Truncated"] == "bytes"
    assert MAX_BYTES / 2 < len(reply.body) <= MAX_BYTES
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(reply.text)))[1:]
    else:
        rows = list(
            ox.parse_query_results(
                reply.body, format=ox.QueryResultsFormat.from_media_type(reply.media_type)
            )
        )
    assert 0 < len(rows) < 49


def test_graphs_are_capped_too(endpoint):
    reply = get(endpoint, "CONSTRUCT WHERE { ?s ?p ?o }", format="nt")
    assert reply.headers["X-Citygraph-Truncated"] in ("rows", "bytes")
    triples = list(ox.parse(reply.body, format=ox.RdfFormat.N_TRIPLES))
    assert 0 < len(triples) <= MAX_ROWS and len(reply.body) <= MAX_BYTES


def test_a_body_over_the_limit_is_413(endpoint):
    query = "ASK { ?s ?p ?o } #" + "x" * MAX_BODY
    reply = fetch(endpoint, "POST", query, {"Content-Type": "application/sparql-query"})
    assert reply.status == 413 and str(MAX_BODY) in json.loads(reply.body)["message"]


@pytest.mark.parametrize(
    "query",
    [
        r"SELECT * { \u0053ERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
        "select * { service <http://127.0.0.1:9/> { ?s ?p ?o } }",
        "SELECT * { SeRvIcE SILENT <http://127.0.0.1:9/> { ?s ?p ?o } }",
    ],
)
def test_the_quick_check_sends_every_spelling_of_service_to_the_parser(query):
    from citygraph.web.workers import QueryFailed, check

    with pytest.raises(QueryFailed) as info:
        check(query)
    assert info.value.status == 400
