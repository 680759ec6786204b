"""Pages for people: home, search, resource pages, German and English, the query page, 404."""

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markupsafe import escape

from citygraph.query import bundled
from citygraph.web import create_app
from citygraph.web.i18n import STRINGS

TEMPLATES = Path(__file__).parents[1] / "src" / "citygraph" / "web" / "templates"


@pytest.fixture(scope="module")
def client(fixture_settings, fixture_store):
    return create_app(fixture_settings, fixture_store).test_client()


def page(client, path: str, lang: str = "en") -> str:
    response = client.get(path, headers={"Accept": "text/html", "Accept-Language": lang})
    assert response.status_code == 200, path
    assert response.mimetype == "text/html"
    return response.get_data(as_text=True)


class _Scripts(HTMLParser):
    """The JSON-LD scripts and the external URLs a page loads."""

    def __init__(self):
        super().__init__()
        self.jsonld, self.loads, self._in_jsonld = [], [], False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self._in_jsonld = tag == "script" and attrs.get("type") == "application/ld+json"
        url = attrs.get("src") if tag == "script" else attrs.get("href") if tag == "link" else None
        if url:
            self.loads.append(url)

    def handle_data(self, data):
        if self._in_jsonld:
            self.jsonld.append(json.loads(data))
            self._in_jsonld = False


def scripts(html: str) -> _Scripts:
    parser = _Scripts()
    parser.feed(html)
    return parser


def test_home_shows_counts_networks_topics_and_profiled_cities(client):
    html = page(client, "/")
    assert re.search(r'<span class="n">4</span> <span class="k">Cities</span>', html)
    assert re.search(r'<span class="n">7</span> <span class="k">Memberships</span>', html)
    assert 'href="/network/safe-test-harbours">Safe Test Harbours</a>' in html
    assert 'href="/topic/housing">Housing</a>' in html
    assert 'href="/city/musterstadt">Sampleton</a>' in html


def test_search_finds_names_and_aliases_in_any_case(client):
    assert 'href="/city/musterstadt"' in page(client, "/search?q=SAMPLE")
    assert 'href="/network/test-alliance"' in page(client, "/search?q=ita")
    assert STRINGS["search.none"][0] in page(client, "/search?q=zzzz")


def test_city_page_lists_networks_with_roles_and_dates(client):
    html = page(client, "/city/musterstadt")
    row = re.search(
        r'href="/network/safe-test-harbours">Safe Test Harbours</a></td>\s*'
        r'<td><a href="[^"]+">founding member</a></td>\s*<td>2019-06-14</td>',
        html,
    )
    assert row
    assert ">coordinator</a>" in html


def test_city_page_groups_approaches_by_topic_in_the_page_language(client):
    html = page(client, "/city/musterstadt")
    housing = html.index('href="/topic/housing">Housing</a>')
    labour = html.index('href="/topic/labour-market">Labour market</a>')
    assert housing < html.index("Test approach for housing", housing) < labour
    assert "Second test approach" in html[labour:]
    assert "Zweiter Testansatz" not in html


def test_city_page_shows_findings_texts_and_sources(client):
    html = page(client, "/city/musterstadt")
    assert "<li>Sampleton founded the Safe Test Harbours alliance.</li>" in html
    assert "It exists only in this test." in html
    assert 'href="https://example.org/musterstadt"' in html


def test_city_page_in_german_by_accept_language(client):
    html = page(client, "/city/musterstadt", lang="de-DE,de;q=0.9")
    assert '<html lang="de">' in html
    assert "<h1>Musterstadt</h1>" in html and "Wichtigste Erkenntnisse" in html
    assert "Zweiter Testansatz" in html and "Sichere Testhäfen" in html


def test_the_language_switch_is_remembered_in_a_cookie(fixture_settings, fixture_store):
    client = create_app(fixture_settings, fixture_store).test_client()
    english = page(client, "/network/test-alliance")
    assert 'href="/network/test-alliance?lang=de"' in english
    assert "Internationale Testallianz" in page(client, "/network/test-alliance?lang=de")
    assert "Internationale Testallianz" in page(client, "/network/test-alliance")


def test_network_page_lists_members_with_roles_and_join_dates_and_founding_facts(client):
    html = page(client, "/network/test-alliance")
    assert re.search(
        r'href="/city/beispielburg">Exampleburg</a></td>\s*'
        r'<td><a href="[^"]+">member</a></td>\s*<td>2022</td>',
        html,
    )
    assert '<h2 id="members-h">Members (4)</h2>' in html
    assert 'href="/city/portotest">Porto Test</a>' in html  # founded in
    assert "Porto Test Declaration" in html and "ITA" in html


def test_topic_page_lists_approaches_across_cities(client):
    html = page(client, "/topic/housing")
    assert re.search(
        r'href="/city/musterstadt">Sampleton</a></td><td><a '
        r'href="/approach/musterstadt/housing-test">Test approach for housing',
        html,
    )


def test_approach_page_links_city_topics_and_profile(client):
    html = page(client, "/approach/musterstadt/housing-test")
    for href in (
        "/city/musterstadt",
        "/topic/housing",
        "/topic/community-reception",
        "/profile/musterstadt-en",
    ):
        assert f'href="{href}"' in html


@pytest.mark.parametrize(
    "path, kind",
    [
        ("/city/musterstadt", "City"),
        ("/network/test-alliance", "Organization"),
        ("/approach/musterstadt/housing-test", "Project"),
        ("/topic/housing", "DefinedTerm"),
        ("/", "WebSite"),
    ],
)
def test_every_page_embeds_schema_org_json_ld(client, path, kind):
    (doc,) = scripts(page(client, path)).jsonld
    assert doc["@context"] == "https://schema.org" and doc["@type"] == kind
    assert doc.get("name") or doc["@type"] == "WebSite"


def test_city_json_ld_names_its_networks(client):
    (doc,) = scripts(page(client, "/city/musterstadt")).jsonld
    assert doc["name"] == "Sampleton"
    assert {n["name"] for n in doc["memberOf"]} == {
        "Safe Test Harbours",
        "International Test Alliance",
    }


def test_query_page_offers_every_bundled_query_and_loads_only_our_own_files(client):
    html = page(client, "/query")
    for query in bundled().values():
        assert query.title.replace("'", "&#39;") in html
    assert '<textarea id="query-text" name="query"' in html
    loads = scripts(html).loads
    assert "/static/query.js" in loads
    assert all(url.startswith("/") for url in loads), loads


def test_static_files_are_served(client):
    assert client.get("/static/query.js").status_code == 200
    assert client.get("/static/citygraph.css").mimetype == "text/css"


def test_unknown_iri_gets_a_404_page(client):
    response = client.get("/network/nowhere", headers={"Accept": "text/html"})
    assert response.status_code == 404
    assert "<h1>Not found</h1>" in response.get_data(as_text=True)


def test_every_ui_string_used_in_a_template_exists_in_both_languages():
    used = {
        key
        for path in TEMPLATES.rglob("*.html")
        for key in re.findall(r"_\('([^']+)'\)", path.read_text())
    }
    assert used and used <= set(STRINGS)
    assert all(en and de for en, de in STRINGS.values())


def test_approach_text_missing_in_the_readers_language_comes_with_a_note(bundled_settings):
    from citygraph.store import EmbeddedStore
    from citygraph.web import create_app

    store = EmbeddedStore(bundled_settings.store_dir, read_only=True)
    rows = store.select("""PREFIX cg: <https://w3id.org/citygraph/ontology#>
        SELECT ?a ?t ?have ?want WHERE {
          VALUES (?have ?want) { ("de" "en") ("en" "de") }
          ?a cg:inspiring ?t . FILTER(lang(?t) = ?have)
          FILTER NOT EXISTS { ?a cg:inspiring ?other . FILTER(lang(?other) = ?want) } } LIMIT 1""")
    assert rows, "the bundled data should have an approach with a text in only one of de, en"
    row = rows[0]
    path = str(row["a"]).removeprefix("https://w3id.org/citygraph")
    client = create_app(bundled_settings, store=store).test_client()

    def page(lang):
        headers = {"Accept": "text/html", "Accept-Language": lang}
        return client.get(path, headers=headers).get_data(as_text=True)

    missing, present = page(str(row["want"])), page(str(row["have"]))
    assert f'data-fallback="{row["have"]}"' in missing
    assert str(escape(str(row["t"])[:40])) in missing
    assert "data-fallback" not in present
