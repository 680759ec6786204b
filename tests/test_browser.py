"""A real headless Chromium against a running server: home, a city, the query page; screenshots."""

import re
import shutil

import pytest

from citygraph.build import ROOT
from citygraph.query import bundled
from tests.server import running_server

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = ROOT / "build" / "screenshots"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.server,
    pytest.mark.skipif(not CHROMIUM, reason="no Chromium: apt-get install chromium"),
]


@pytest.fixture(scope="module")
def base_url(bundled_settings):
    with running_server(bundled_settings) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def tab(browser):
    context = browser.new_context(viewport={"width": 1200, "height": 900}, locale="en-GB")
    yield context.new_page()
    context.close()


def shoot(tab, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    tab.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000


def test_home_page_shows_what_the_graph_holds(tab, base_url):
    tab.goto(base_url + "/")
    assert tab.inner_text("h1") == "citygraph"
    assert tab.locator(".counts li").count() == 7
    assert tab.locator("text=Sichere Häfen").count() >= 1
    shoot(tab, "home")


def test_a_city_page_and_its_german_twin(tab, base_url):
    tab.goto(base_url + "/city/potsdam")
    assert tab.inner_text("h1") == "Potsdam"
    assert tab.locator("table tbody tr").count() >= 3
    shoot(tab, "city")
    tab.click("a.lang")
    assert tab.locator("html").get_attribute("lang") == "de"
    assert tab.locator("#findings-h").inner_text() == "Wichtigste Erkenntnisse"


def test_the_query_page_runs_an_example_and_shows_its_results(tab, base_url, bundled_store):
    example = next(iter(bundled().values()))
    expected = len(bundled_store.select(example.text))
    assert expected > 0
    tab.goto(base_url + "/query")
    tab.click(f'button.use-example[data-name="{example.name}"]')
    tab.wait_for_selector("#query-results table", timeout=15_000)
    assert tab.locator("#query-results tbody tr").count() == expected
    assert re.fullmatch(rf"{expected} rows", tab.inner_text("#query-status"))
    shoot(tab, "query")


def test_a_bad_query_shows_the_endpoints_message(tab, base_url):
    tab.goto(base_url + "/query")
    tab.fill("#query-text", "SELECT WHERE {")
    tab.click("#run-query")
    tab.wait_for_selector("#query-status.error", timeout=15_000)
    assert "400" in tab.inner_text("#query-status")
