"""The static pictures: real PNG and SVG files with what they should show."""

import pytest
from click.testing import CliRunner
from lxml import etree

from citygraph import network as N
from citygraph.cli import cli
from citygraph.errors import CitygraphError
from citygraph.plot import draw

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def graph(fixture_store):
    return N.membership_graph(fixture_store)


@pytest.mark.parametrize("chart", ["members", "overlap", "timeline"])
def test_each_chart_writes_a_png(graph, tmp_path, chart):
    path = draw(graph, chart, tmp_path / f"{chart}.png", network="test-alliance")
    assert path.read_bytes()[:8] == PNG and path.stat().st_size > 10_000


def test_members_svg_names_every_member(graph, tmp_path):
    svg = draw(graph, "members", tmp_path / "m.svg", network="test-alliance").read_text()
    etree.fromstring(svg.encode())  # well-formed
    for label in ("Sampleton", "Exampleburg", "Porto Test", "Villetest", "DE", "FR", "IT"):
        assert label in svg


def test_members_chart_needs_a_network(graph, tmp_path):
    with pytest.raises(CitygraphError, match="--network"):
        draw(graph, "members", tmp_path / "m.png")


def test_other_suffixes_are_refused(graph, tmp_path):
    with pytest.raises(ValueError, match=".png or .svg"):
        draw(graph, "timeline", tmp_path / "t.pdf")


def test_cli_plot_writes_the_file(fixture_settings, tmp_path, monkeypatch):
    monkeypatch.setenv("CITYGRAPH_BUILD_DIR", str(fixture_settings.build_dir))
    out = tmp_path / "overlap.svg"
    result = CliRunner().invoke(
        cli, ["network", "plot", "--chart", "overlap", "--format", "svg", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "Safe Test Harbours" in out.read_text()
