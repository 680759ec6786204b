"""The network views: JSON twins over the synthetic data, and a real browser on a real server."""

import json
import threading
import urllib.request
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from citygraph.build import ROOT
from citygraph.web import create_app

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = ROOT / "build" / "screenshots"


@pytest.fixture(scope="module")
def app(fixture_settings, fixture_store):
    return create_app(fixture_settings, fixture_store)


@pytest.fixture(scope="module")
def server(app):
    """The app behind a threaded HTTP server on a free port of 127.0.0.1, for the browser."""
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    thread.join(timeout=5)


def get_json(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_json()


def test_graph_json_holds_every_member_with_a_position(app):
    data = get_json(app.test_client(), "/graphs/graph.json?network=test-alliance")
    nodes = {n["data"]["slug"]: n for n in data["elements"]["nodes"]}
    assert set(nodes) == {"test-alliance", "beispielburg", "musterstadt", "portotest", "villetest"}
    assert all({"x", "y"} <= set(n["position"]) for n in nodes.values())
    assert len(data["elements"]["edges"]) == 4


def test_graph_json_filters_by_country(app):
    data = get_json(app.test_client(), "/graphs/graph.json?country=IT")
    slugs = {n["data"]["slug"] for n in data["elements"]["nodes"]}
    assert slugs == {"portotest", "test-alliance"}
    assert data["choices"]["countries"] == ["DE", "FR", "IT"]


def test_map_json_lists_cities_with_coordinates(app):
    cities = get_json(app.test_client(), "/graphs/map.json?network=safe-test-harbours")["cities"]
    assert [(c["slug"], c["lat"], c["lon"]) for c in cities] == [
        ("beispielburg", 53.55, 10.0),
        ("musterstadt", 52.4, 13.06),
    ]


def test_timeline_json_counts_joins_per_year(app):
    rows = get_json(app.test_client(), "/graphs/timeline.json?network=test-alliance")
    # musterstadt and portotest joined in 2021-06, beispielburg in 2022; villetest is undated
    assert [(r["year"], r["joins"], r["cumulative"]) for r in rows] == [(2021, 2, 2), (2022, 1, 3)]


def test_unknown_network_is_not_found(app):
    assert app.test_client().get("/graphs/network/no-such-network").status_code == 404


def test_views_load_no_third_party_host(app):
    client = app.test_client()
    for url in ("/graphs/", "/graphs/map", "/graphs/timeline"):
        html = client.get(url).get_data(as_text=True)
        assert "//cdn" not in html and "unpkg" not in html and "tile" not in html, url
    assert client.get("/graphs/lib/vis-network.min.js").status_code == 200
    assert client.get("/graphs/lib/../../secret").status_code == 404


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent (Debian's chromium; .ci/run installs it)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield chromium
        chromium.close()


def open_page(browser, url):
    """A page that fails the test on any request that leaves 127.0.0.1."""
    page = browser.new_page(viewport={"width": 1280, "height": 860})
    outside = []
    page.on(
        "request",
        lambda r: (
            None if r.url.startswith(("http://127.0.0.1", "data:")) else outside.append(r.url)
        ),
    )
    page.goto(url)
    return page, outside


@pytest.mark.browser
@pytest.mark.server
def test_graph_view_draws_every_node(browser, server):
    expected = json.load(urllib.request.urlopen(f"{server}/graphs/graph.json"))
    page, outside = open_page(browser, f"{server}/graphs/")
    page.wait_for_selector("#graph[data-drawn]", timeout=15_000)
    drawn = int(page.get_attribute("#graph", "data-drawn"))
    assert drawn == len(expected["elements"]["nodes"]) == 6  # 4 cities, 2 networks
    assert page.locator("#graph canvas").count() == 1
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "graph-view.png"))
    page.select_option("select[name=country]", "IT")
    page.wait_for_selector("#graph[data-drawn='2']", timeout=15_000)
    assert outside == []


@pytest.mark.browser
@pytest.mark.server
def test_map_draws_every_city_over_country_outlines(browser, server):
    page, outside = open_page(browser, f"{server}/graphs/map")
    page.wait_for_selector("#map[data-drawn]", timeout=15_000)
    assert page.locator("#map circle.city").count() == 4
    assert page.locator("#map path.country").count() > 30
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "map-view.png"))
    page.select_option("select[name=network]", "safe-test-harbours")
    page.wait_for_selector("#map[data-drawn='2']", timeout=15_000)
    assert page.locator("#map circle.city").count() == 2
    assert outside == []
