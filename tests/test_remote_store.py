"""A remote SPARQL 1.1 server as the store: pushed graph by graph, same answers as embedded."""

import shutil
import urllib.parse

import pytest
from click.testing import CliRunner

from citygraph.cli import cli
from citygraph.query import bundled
from citygraph.store import RemoteStore

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.fixture(scope="module")
def remote(oxigraph_server, fixture_data, tmp_path_factory):
    """The synthetic data built and pushed to the Oxigraph server."""
    out = tmp_path_factory.mktemp("remote-build")
    url = f"{oxigraph_server}/query"
    args = ["build", "--data", str(fixture_data), "--out", str(out), "--store", url]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    return RemoteStore(url)


def _sorted(rows):
    return sorted(tuple(sorted((k, str(v)) for k, v in r.items())) for r in rows)


@pytest.mark.parametrize(
    "name",
    [
        "bridging-cities",
        "network-overlap",
        "both-safe-harbour-alliances",
        "joins-per-network-per-year",
        "network-labels-de-en",
    ],
)
def test_remote_answers_like_the_embedded_store(name, remote, fixture_store):
    query = bundled()[name].text
    assert _sorted(remote.select(query)) == _sorted(fixture_store.select(query))


def test_every_graph_arrives_and_the_default_graph_is_their_merge(remote, fixture_store):
    assert remote.graphs() == {
        str(r["g"])
        for r in fixture_store.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    }
    assert remote.select(COUNT) == fixture_store.select(COUNT)


def test_rebuild_replaces_and_drops_stale_graphs(remote, oxigraph_server, fixture_data, tmp_path):
    before = int(remote.select(COUNT)[0]["n"])
    data = tmp_path / "data"
    shutil.copytree(fixture_data, data)
    (data / "profiles" / "musterstadt.en.txt").unlink()
    args = ["build", "--data", str(data), "--out", str(tmp_path / "b"), "--store", remote.url]
    assert CliRunner().invoke(cli, args).exit_code == 0
    assert "https://w3id.org/citygraph/graph/profile/musterstadt-en" not in remote.graphs()
    assert int(remote.select(COUNT)[0]["n"]) < before
    args[2] = str(fixture_data)
    assert CliRunner().invoke(cli, args).exit_code == 0
    assert int(remote.select(COUNT)[0]["n"]) == before  # rebuilt twice: nothing duplicated


def test_the_web_app_and_the_analysis_read_the_remote_store(
    remote, fixture_settings, fixture_store
):
    from dataclasses import replace

    from citygraph.network import membership_graph
    from tests.server import fetch, running_server

    text = "SELECT ?city WHERE { ?city <https://w3id.org/citygraph/ontology#memberOf> ?n }"
    query = urllib.parse.quote(text)
    with running_server(replace(fixture_settings, store=remote.url)) as base:
        reply = fetch(f"{base}/sparql?query={query}", headers={"Accept": "text/csv"})
        assert reply.status == 200 and reply.media_type == "text/csv"
        assert sorted(reply.text.split()[1:]) == sorted(
            str(r["city"]) for r in fixture_store.select(text)
        )
        refused = fetch(
            f"{base}/sparql?query="
            + urllib.parse.quote("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
        )
        assert refused.status == 400
        page = fetch(f"{base}/city/musterstadt", headers={"Accept": "text/html"})
        assert page.status == 200 and "Musterstadt" in page.text
    remote_graph, local_graph = membership_graph(remote), membership_graph(fixture_store)
    assert set(remote_graph.nodes) == set(local_graph.nodes)
    assert set(remote_graph.edges) == set(local_graph.edges)
