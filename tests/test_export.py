"""Every graph format round-trips through networkx; the GEXF follows the GEXF 1.2 schema rules."""

import pytest
from click.testing import CliRunner
from lxml import etree

from citygraph import network as N
from citygraph.cli import cli
from citygraph.export import FORMATS, csv_paths, read_graph, rows_text, write_graph

GEXF = "{http://www.gexf.net/1.2draft}"


def canonical(graph):
    """Nodes and undirected edges with their attributes, comparable across formats."""
    nodes = {str(n): dict(a) for n, a in graph.nodes(data=True)}
    edges = {frozenset((str(u), str(v))): dict(a) for u, v, a in graph.edges(data=True)}
    return nodes, edges


@pytest.fixture(scope="module")
def graphs(fixture_store):
    return {kind: N.graph_of(fixture_store, kind) for kind in N.GRAPHS}


@pytest.mark.parametrize("fmt", list(FORMATS))
@pytest.mark.parametrize("kind", N.GRAPHS)
def test_every_format_round_trips(graphs, tmp_path, fmt, kind):
    graph = graphs[kind]
    assert graph.number_of_edges() > 0
    path = tmp_path / f"graph{FORMATS[fmt]}"
    written = write_graph(graph, path, fmt)
    assert all(p.exists() for p in written)
    assert canonical(read_graph(path, fmt)) == canonical(graph)


def test_network_export_keeps_every_member_and_attribute(fixture_store, tmp_path):
    graph = N.graph_of(fixture_store, network="test-alliance")
    back = read_graph(write_graph(graph, tmp_path / "ita.gexf", "gexf")[0], "gexf")
    slugs = {a["slug"] for _, a in back.nodes(data=True)}
    assert slugs == {"test-alliance", "musterstadt", "beispielburg", "portotest", "villetest"}
    city = back.nodes["https://w3id.org/citygraph/city/portotest"]
    assert (city["country"], city["lat"], city["label_en"]) == ("IT", 38.1, "Porto Test")


def test_gexf_follows_the_schema_rules(graphs, tmp_path):
    """The rules of the GEXF 1.2draft XSD this file relies on, checked with lxml.

    No package ships gexf.xsd, so the schema's constraints are written out here: root and
    version, graph mode and timeformat enumerations, declared attribute types, attvalues that
    refer to declared attributes, edges between declared nodes, integer spell starts.
    """
    path = write_graph(graph := graphs["memberships"], tmp_path / "g.gexf", "gexf")[0]
    root = etree.parse(str(path)).getroot()
    assert root.tag == f"{GEXF}gexf" and root.get("version") == "1.2"
    (graph_el,) = root.findall(f"{GEXF}graph")
    assert graph_el.get("defaultedgetype") in {"directed", "undirected", "mutual"}
    assert graph_el.get("mode") == "dynamic"  # memberships have start years
    assert graph_el.get("timeformat") in {"integer", "double", "date", "dateTime"}
    declared = {}
    for block in graph_el.findall(f"{GEXF}attributes"):
        assert block.get("class") in {"node", "edge"}
        for attr in block.findall(f"{GEXF}attribute"):
            assert attr.get("type") in {
                "integer",
                "long",
                "double",
                "float",
                "boolean",
                "liststring",
                "string",
                "anyURI",
            }
            declared[(block.get("class"), attr.get("id"))] = attr.get("title")
    node_ids = [n.get("id") for n in graph_el.iter(f"{GEXF}node")]
    assert len(node_ids) == len(set(node_ids)) == len(graph)
    for kind in ("node", "edge"):
        for value in graph_el.iter(f"{GEXF}{kind}"):
            for att in value.iter(f"{GEXF}attvalue"):
                assert (kind, att.get("for")) in declared
    edges = list(graph_el.iter(f"{GEXF}edge"))
    assert len(edges) == graph.number_of_edges()
    assert all(e.get("source") in node_ids and e.get("target") in node_ids for e in edges)
    assert {int(e.get("start")) for e in edges if e.get("start")} == {2019, 2021, 2022}


def test_csv_writes_node_and_edge_lists(graphs, tmp_path):
    write_graph(graphs["overlap"], tmp_path / "o.csv", "csv")
    nodes, edges = csv_paths(tmp_path / "o.csv")
    assert nodes.read_text().splitlines()[0].startswith("id,")
    assert edges.read_text().splitlines()[0].startswith("source,target,")


def test_unknown_format_is_refused(graphs, tmp_path):
    with pytest.raises(ValueError, match="expected one of gexf"):
        write_graph(graphs["memberships"], tmp_path / "g.dot", "dot")


def test_tables_as_json_keep_numbers():
    assert rows_text([{"slug": "a", "jaccard": 0.5}], "json").split() == [
        "[",
        "{",
        '"slug":',
        '"a",',
        '"jaccard":',
        "0.5",
        "}",
        "]",
    ]


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_cli_export_writes_a_file_networkx_reads(fixture_settings, tmp_path, fmt, monkeypatch):
    monkeypatch.setenv("CITYGRAPH_BUILD_DIR", str(fixture_settings.build_dir))
    out = tmp_path / f"sth{FORMATS[fmt]}"
    result = CliRunner().invoke(
        cli,
        [
            "network",
            "export",
            "--network",
            "safe-test-harbours",
            "--format",
            fmt,
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    back = read_graph(out, fmt)
    assert sorted(a["slug"] for _, a in back.nodes(data=True)) == [
        "beispielburg",
        "musterstadt",
        "safe-test-harbours",
    ]


def test_cli_stats_prints_a_table(fixture_settings, monkeypatch):
    monkeypatch.setenv("CITYGRAPH_BUILD_DIR", str(fixture_settings.build_dir))
    result = CliRunner().invoke(cli, ["network", "stats", "overlap", "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "network_a,network_b,shared,jaccard",
        # Sichere Testhäfen {musterstadt, beispielburg}, Testallianz {those two, portotest,
        # villetest}: shared 2 of 4 -> 0.5
        "safe-test-harbours,test-alliance,2,0.5",
    ]


def test_cli_stats_rejects_an_unknown_table(fixture_settings, monkeypatch):
    monkeypatch.setenv("CITYGRAPH_BUILD_DIR", str(fixture_settings.build_dir))
    result = CliRunner().invoke(cli, ["network", "stats", "nope"])
    assert result.exit_code == 1 and "expected one of summary" in result.output
