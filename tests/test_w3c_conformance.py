"""The W3C SPARQL 1.1 protocol, json-res and csv-tsv-res tests, run against `citygraph serve`.

The harness reads the manifests, loads every test's data into one dataset file (each data file
in a named graph of its own), serves it with `citygraph serve --dataset`, replays each test's
HTTP requests and compares answers semantically: result sets as multisets of rows up to a
renaming of blank nodes, literals by value; CSV cells as strings, as the CSV format loses types.
"""

import csv
import functools
import io
import urllib.parse
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection

from citygraph.build import ROOT
from citygraph.store import to_rdflib
from tests.server import fetch, running_server

pytestmark = pytest.mark.server

SUITE = "conformance/w3c-sparql11/sparql/sparql11"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
QT = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-query#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")
STATUS = "http://www.w3.org/2011/http-statusCodes#StatusCode"
ALL_TESTS = {"protocol": 20, "json-res": 4, "csv-tsv-res": 6}


@functools.cache
def manifest(folder: Path) -> tuple[Graph, list[URIRef]]:
    graph = Graph().parse(folder / "manifest.ttl", format="turtle")
    return graph, list(Collection(graph, next(graph.objects(None, MF.entries))))


def is_query_test(test: URIRef) -> bool:
    name = test.split("#")[-1]
    return name.startswith(("query_", "bad_query")) or name == "bad_multiple_queries"


def cases(shared: Path, folder: str) -> list[URIRef]:
    graph, entries = manifest(shared / SUITE / folder)
    return [t for t in entries if folder != "protocol" or is_query_test(t)]


def data_graphs(suite: Path) -> dict[str, Path]:
    """Graph name -> data file, for every test of the three manifests."""
    graphs: dict[str, Path] = {}
    graph, _ = manifest(suite / "protocol")
    for node in graph.objects(None, UT.graphData):
        graphs[str(graph.value(node, RDFS.label))] = Path(
            graph.value(node, UT.graph).removeprefix("file://")
        )
    for folder in ("json-res", "csv-tsv-res"):
        graphs.update(
            {
                (suite / folder / f).as_uri(): suite / folder / f
                for f in ("data.ttl", "data2.ttl")
                if (suite / folder / f).exists()
            }
        )
    return graphs


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory):
    shared = ROOT.parent / "shared"
    if not shared.exists():
        pytest.skip(f"{shared} is absent")
    dataset = tmp_path_factory.mktemp("w3c") / "w3c.nq"
    quads = [
        ox.Quad(q.subject, q.predicate, q.object, ox.NamedNode(name))
        for name, path in data_graphs(shared / SUITE).items()
        for q in ox.parse(path=str(path))
    ]
    ox.serialize(quads, str(dataset), format=ox.RdfFormat.N_QUADS)
    with running_server(dataset) as base_url:
        yield base_url + "/sparql"


def test_every_suite_has_its_tests(shared):
    assert {f: len(cases(shared, f)) for f in ALL_TESTS} == ALL_TESTS


def replay(graph: Graph, request, endpoint: str):
    """Send one ht:Request of the protocol manifest; return the reply."""
    path = str(graph.value(request, HT.absolutePath))
    url = endpoint + path.removeprefix("/sparql/").removeprefix("/sparql")
    headers = {
        str(graph.value(h, HT.fieldName)): str(graph.value(h, HT.fieldValue))
        for h in Collection(graph, graph.value(request, HT.headers) or BNode())
    }
    body = graph.value(request, HT.body)
    data = None
    if body is not None:
        encoding = str(graph.value(body, CNT.characterEncoding) or "UTF-8")
        data = str(graph.value(body, CNT.chars)).encode(encoding)
    return fetch(url, str(graph.value(request, HT.methodName)), data, headers)


def parse_answer(reply, kind: str):
    """A reply's boolean, solutions or triples, parsed by its media type."""
    if kind == "RDF":
        return list(ox.parse(reply.body, format=ox.RdfFormat.from_media_type(reply.media_type)))
    fmt = ox.QueryResultsFormat.from_media_type(reply.media_type)
    answer = ox.parse_query_results(reply.body, format=fmt)
    assert isinstance(answer, ox.QueryBoolean if kind == "boolean" else ox.QuerySolutions)
    return bool(answer) if kind == "boolean" else list(answer)


@pytest.mark.parametrize(
    "name",
    [
        "query_post_form",
        "query_dataset_default_graphs_get",
        "query_dataset_default_graphs_post",
        "query_dataset_named_graphs_post",
        "query_dataset_named_graphs_get",
        "query_dataset_full",
        "query_multiple_dataset",
        "query_get",
        "query_content_type_select",
        "query_content_type_ask",
        "query_content_type_describe",
        "query_content_type_construct",
        "query_post_direct",
        "bad_query_method",
        "bad_multiple_queries",
        "bad_query_wrong_media_type",
        "bad_query_missing_form_type",
        "bad_query_missing_direct_type",
        "bad_query_non_utf8",
        "bad_query_syntax",
    ],
)
def test_protocol(shared, endpoint, name):
    graph, entries = manifest(shared / SUITE / "protocol")
    test = next(t for t in entries if t.endswith("#" + name))
    action = graph.value(test, MF.action)
    for request in Collection(graph, graph.value(action, HT.requests)):
        reply = replay(graph, request, endpoint)
        expected = graph.value(request, HT.resp)
        classes = {str(s).removeprefix(STATUS) for s in graph.objects(expected, MF.expectedStatus)}
        assert f"{reply.status // 100}xx" in classes, reply.text
        kind = graph.value(expected, MF.expectedFormat)
        if kind is not None:
            answer = parse_answer(reply, str(kind))
            boolean = graph.value(expected, MF.expectedBoolean)
            assert boolean is None or answer == boolean.toPython()


NUMBERS = {
    "integer": (
        "integer",
        "nonPositiveInteger",
        "negativeInteger",
        "long",
        "int",
        "short",
        "byte",
        "nonNegativeInteger",
        "unsignedLong",
        "unsignedInt",
        "unsignedShort",
        "unsignedByte",
        "positiveInteger",
    ),
    "decimal": ("decimal",),
    "double": ("double", "float"),
}
FAMILY = {
    f"http://www.w3.org/2001/XMLSchema#{t}": family
    for family, types in NUMBERS.items()
    for t in types
}


def _key(term):
    """An RDF term, with numbers compared by value within their family.

    The store keeps numbers as values, so it answers "1.0E6"^^xsd:double as "1000000" and
    "-3"^^xsd:negativeInteger as "-3"^^xsd:integer: the same values, other lexical forms.
    """
    if isinstance(term, Literal) and str(term.datatype) in FAMILY:
        return FAMILY[str(term.datatype)], term.value
    if type(term) is str:  # a CSV cell
        try:
            return "number", float(term)
        except ValueError:
            return term
    return term


def _unify(row: dict, other: dict, mapping: dict) -> dict | None:
    if row.keys() != other.keys():
        return None
    mapping = dict(mapping)
    for var, term in row.items():
        twin = other[var]
        if isinstance(term, BNode) and isinstance(twin, BNode):
            if mapping.setdefault(term, twin) != twin or list(mapping.values()).count(twin) > 1:
                return None
        elif _key(term) != _key(twin):
            return None
    return mapping


def same_rows(rows: list[dict], others: list[dict], mapping: dict | None = None) -> bool:
    """Whether two lists of solutions are equal as multisets up to blank node renaming."""
    if not rows:
        return not others
    for i, other in enumerate(others):
        extended = _unify(rows[0], other, mapping or {})
        if extended is not None and same_rows(rows[1:], others[:i] + others[i + 1 :], extended):
            return True
    return False


def test_the_comparison_maps_blank_nodes_one_to_one():
    a, b, c = BNode("a"), BNode("b"), BNode("c")
    one = Literal("1", datatype=URIRef("http://www.w3.org/2001/XMLSchema#integer"))
    assert same_rows([{"x": a}, {"x": b, "y": one}], [{"x": c, "y": one}, {"x": a}])
    assert not same_rows([{"x": a}, {"x": a}], [{"x": b}, {"x": c}])
    assert not same_rows([{"x": a}, {"x": b}], [{"x": c}, {"x": c}])
    assert not same_rows([{"x": one}], [{"x": Literal("1")}])
    assert same_rows([{"x": "1.0E6"}], [{"x": "1000000"}]) and not same_rows([{"x": "a"}], [{}])


def solutions(answer) -> list[dict] | bool:
    if isinstance(answer, ox.QueryBoolean):
        return bool(answer)
    names = [v.value for v in answer.variables]
    return [{n: to_rdflib(s[n]) for n in names if s[n] is not None} for s in answer]


def csv_rows(text: str) -> list[dict]:
    """CSV rows as dicts of strings; a "_:" cell is a blank node, empty cells are unbound."""
    table = list(csv.reader(io.StringIO(text)))
    return [
        {
            name: BNode(v[2:]) if v.startswith("_:") else v
            for name, v in zip(table[0], row, strict=True)
            if v
        }
        for row in table[1:]
    ]


def ask(endpoint: str, folder: Path, action, graph: Graph, media_type: str):
    query = Path(graph.value(action, QT.query).removeprefix("file://")).read_text()
    data = Path(graph.value(action, QT.data).removeprefix("file://"))
    params = urllib.parse.urlencode({"query": query, "default-graph-uri": data.as_uri()})
    reply = fetch(f"{endpoint}?{params}", headers={"Accept": media_type})
    assert reply.status == 200 and reply.media_type == media_type, reply.text
    return reply


def test_json_results(shared, endpoint):
    folder = shared / SUITE / "json-res"
    graph, entries = manifest(folder)
    for test in entries:
        action = graph.value(test, MF.action)
        reply = ask(endpoint, folder, action, graph, "application/sparql-results+json")
        expected = Path(graph.value(test, MF.result).removeprefix("file://")).read_bytes()
        got = solutions(ox.parse_query_results(reply.body, format=ox.QueryResultsFormat.JSON))
        want = solutions(ox.parse_query_results(expected, format=ox.QueryResultsFormat.JSON))
        assert got == want if isinstance(want, bool) else same_rows(got, want), test


@pytest.mark.parametrize("suffix", ["csv", "tsv"])
def test_csv_and_tsv_results(shared, endpoint, suffix):
    folder = shared / SUITE / "csv-tsv-res"
    graph, entries = manifest(folder)
    tests = [t for t in entries if str(graph.value(t, MF.result)).endswith(suffix)]
    media_type = {"csv": "text/csv", "tsv": "text/tab-separated-values"}[suffix]
    assert len(tests) == 3
    for test in tests:
        reply = ask(endpoint, folder, graph.value(test, MF.action), graph, media_type)
        expected = Path(graph.value(test, MF.result).removeprefix("file://")).read_bytes()
        if suffix == "csv":
            header = set(reply.text.splitlines()[0].split(","))
            assert header == set(expected.decode().splitlines()[0].split(","))
            assert same_rows(csv_rows(reply.text), csv_rows(expected.decode())), test
        else:
            got = solutions(ox.parse_query_results(reply.body, format=ox.QueryResultsFormat.TSV))
            want = solutions(ox.parse_query_results(expected, format=ox.QueryResultsFormat.TSV))
            assert same_rows(got, want), test
