"""A remote SPARQL 1.1 server as the store: pushed graph by graph, same answers as embedded."""

import shutil

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


@pytest.mark.parametrize("name", ["bridging-cities", "network-overlap", "both-safe-harbour-alliances",
                                  "joins-per-network-per-year", "network-labels-de-en"])
def test_remote_answers_like_the_embedded_store(name, remote, fixture_store):
    query = bundled()[name].text
    assert _sorted(remote.select(query)) == _sorted(fixture_store.select(query))


def test_every_graph_arrives_and_the_default_graph_is_their_merge(remote, fixture_store):
    assert remote.graphs() == {str(r["g"]) for r in fixture_store.select(
        "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")}
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
