"""Approach pages: the parser (case directories), the graph, the bundled queries and data."""

import json
import logging
import shutil
import subprocess
from pathlib import Path

import pytest
from rdflib import URIRef

from citygraph.approach_pages import (
    approach_json,
    document_kind,
    parse_approach_page,
    parse_document,
)
from citygraph.approaches import approach_texts
from citygraph.build import ROOT
from citygraph.curated import build_lexicon, load_curated, read_table
from citygraph.errors import ProfileError
from citygraph.parse import read_lines
from citygraph.pipeline import read_rdf
from citygraph.query import bundled, run
from citygraph.store import EmbeddedStore
from tests.conftest import built_settings

CASES = Path(__file__).parent / "cases" / "approaches"
TEST_APPROACH = "https://w3id.org/citygraph/approach/musterstadt/housing-test"
CITYGRAPH = ROOT / ".venv" / "bin" / "citygraph"


def case_dirs(kind: str) -> list[Path]:
    dirs = sorted(p for p in (CASES / kind).iterdir() if p.is_dir())
    assert dirs, f"no cases under {CASES / kind}"
    return dirs


def page_of(case: Path) -> Path:
    return next(case.glob("page.*.txt"))


@pytest.fixture(scope="module")
def data_dir(fixture_data, tmp_path_factory) -> Path:
    """The fixture data with the test approach titled in every language and a page per case."""
    data = tmp_path_factory.mktemp("approach-data")
    shutil.copytree(fixture_data, data, dirs_exist_ok=True)
    with (data / "approaches.csv").open("a", encoding="utf-8") as table:
        table.write((CASES / "approaches.csv").read_text(encoding="utf-8"))
    (data / "approaches").mkdir()
    for case in case_dirs("pages"):
        page = page_of(case)
        shutil.copy(page, data / "approaches" / f"musterstadt.{case.name}.{page.name[5:]}")
    return data


@pytest.fixture(scope="module")
def lexicon(data_dir):
    return build_lexicon(load_curated(data_dir))


@pytest.mark.parametrize("case", case_dirs("pages"), ids=lambda p: p.name)
def test_page_parses_to_its_expected_json(case, lexicon):
    expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    assert approach_json(parse_approach_page(page_of(case), lexicon)) == expected


@pytest.mark.parametrize("case", case_dirs("pages"), ids=lambda p: p.name)
def test_every_language_resolves_to_the_one_curated_approach(case, lexicon):
    assert parse_approach_page(page_of(case), lexicon).iri == TEST_APPROACH


@pytest.mark.parametrize("case", case_dirs("errors"), ids=lambda p: p.name)
def test_malformed_page_names_line_and_what_was_expected(case, lexicon):
    expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    with pytest.raises(ProfileError) as err:
        parse_approach_page(page_of(case), lexicon)
    assert (err.value.line, err.value.path) == (expected["line"], str(page_of(case)))
    assert expected["expected"] in err.value.expected


def test_unknown_title_gets_a_minted_iri_and_a_warning_naming_file_and_known_titles(
    lexicon, tmp_path, caplog
):
    page = tmp_path / "musterstadt.new.en.txt"
    page.write_text("Musterstadt\nA brand new approach\nWhat is inspiring?\nIt is new.\n")
    with caplog.at_level(logging.WARNING, logger="citygraph"):
        parsed = parse_approach_page(page, lexicon)
    assert parsed.iri == "https://w3id.org/citygraph/approach/musterstadt/a-brand-new-approach"
    assert str(page) in caplog.text and "Test approach for housing" in caplog.text


def test_cli_prints_warnings_on_stderr_and_only_json_on_stdout(data_dir, tmp_path):
    page = tmp_path / "musterstadt.new.en.txt"
    page.write_text("Musterstadt\nA brand new approach\nWhat is inspiring?\nIt is new.\n")
    done = subprocess.run(
        [CITYGRAPH, "parse", page, "--data", data_dir, "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(done.stdout)["kind"] == "approach"
    assert "A brand new approach" in done.stderr


@pytest.mark.parametrize(
    "kind, path",
    [
        ("approach", CASES / "pages" / "german-project-heading" / "page.de.txt"),
        ("profile", ROOT / "tests" / "fixtures" / "data" / "profiles" / "musterstadt.de.txt"),
    ],
)
def test_document_kind_is_told_by_the_headings(kind, path):
    assert document_kind(read_lines(path)) == kind


def test_profile_json_gains_kind_and_approach_iris(lexicon):
    doc = parse_document(
        ROOT / "tests" / "fixtures" / "data" / "profiles" / "musterstadt.de.txt", lexicon
    )
    assert doc["kind"] == "profile" and doc["approaches"][0]["iri"] == TEST_APPROACH


def test_shared_potsdam_pages_and_profile_share_one_approach_iri(shared):
    def parse(name):
        done = subprocess.run(
            [CITYGRAPH, "parse", shared / "profiles" / name, "--format", "json"],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        )
        return json.loads(done.stdout)

    en, de = parse("potsdam.approach-1.en.txt"), parse("potsdam.approach-1.de.txt")
    profile = parse("potsdam.de.txt")
    assert en["kind"] == de["kind"] == "approach"
    assert en["approach_iri"] == de["approach_iri"] == profile["approaches"][0]["iri"]


# ---------------------------------------------------------------- graph, queries, web


@pytest.fixture(scope="module")
def built(data_dir, tmp_path_factory):
    return built_settings(data_dir, tmp_path_factory.mktemp("build"))


@pytest.fixture(scope="module")
def store(built) -> EmbeddedStore:
    return EmbeddedStore(built.store_dir, read_only=True)


def test_each_page_is_its_own_graph_derived_from_the_sites_page(built):
    ds = read_rdf(built.build_dir / "citygraph.trig")
    graph = ds.graph(
        URIRef("https://w3id.org/citygraph/graph/approach/musterstadt/housing-test-pl")
    )
    derived = set(
        graph.objects(graph.identifier, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"))
    )
    assert URIRef("https://example.org/pl/wzorowo/mieszkanie") in derived


def test_outcome_query_puts_every_language_side_by_side(store):
    rows = run(store, "approach-outcome-by-language")
    assert [str(r["approach"]) for r in rows] == [TEST_APPROACH]
    outcomes = {k: str(v) for k, v in rows[0].items() if k != "approach"}
    assert outcomes == {
        "en": "Green tests.",
        "de": "Grüne Tests.",
        "es": "Pruebas en verde.",
        "it": "Test verdi.",
        "fr": "Des tests verts.",
    }


def test_fewest_languages_query_finds_the_approaches_without_pages(store):
    rows = run(store, "approach-fewest-languages")
    assert [(str(r["approach"]).rsplit("/", 1)[-1], int(r["languages"])) for r in rows] == [
        ("second-test-approach", 0),
        ("zweiter-testansatz", 0),
    ]


def test_bundled_approach_queries_have_title_and_description():
    queries = bundled()
    for name in ("approach-outcome-by-language", "approach-fewest-languages"):
        assert queries[name].title and queries[name].description


def test_reader_gets_sections_in_their_language_and_a_fallback_elsewhere(store):
    texts = approach_texts(store, TEST_APPROACH, "pl")
    by_slot = {s.slot: s for s in texts.sections}
    assert texts.title == "Testowa strategia mieszkaniowa"
    assert (by_slot["update"].text, by_slot["update"].lang) == ("Nowe testy.", "pl")
    assert (by_slot["outcome"].lang, by_slot["initiators"].lang) == ("en", "en")
    assert {s.slot for s in texts.fallbacks} == {"outcome", "initiators", "further"}
    assert texts.pages["pl"] == "https://example.org/pl/wzorowo/mieszkanie"
    assert texts.languages == ["de", "el", "en", "es", "fr", "it", "pl"]


# ---------------------------------------------------------------- the bundled data


def test_every_bundled_profile_title_is_in_the_title_table():
    lexicon = build_lexicon(load_curated(ROOT / "data"))
    for path in sorted((ROOT / "data" / "profiles").glob("*.txt")):
        doc = parse_document(path, lexicon)
        for approach in doc["approaches"]:
            assert lexicon.approach(doc["city_iri"], approach["title"]), approach["title"]


def test_bundled_table_rows_with_a_url_point_at_the_site():
    rows = [row for _, row in read_table(ROOT / "data" / "approaches.csv") if row["url"]]
    assert rows and all(row["url"].startswith("https://moving-cities.eu/") for row in rows)


def test_bundled_build_has_ten_approaches_with_texts_in_two_languages(bundled_store):
    rows = bundled_store.select("""
        PREFIX cg: <https://w3id.org/citygraph/ontology#>
        SELECT ?a (COUNT(DISTINCT lang(?t)) AS ?n) WHERE {
          ?a cg:inspiring ?t } GROUP BY ?a HAVING (COUNT(DISTINCT lang(?t)) >= 2)""")
    assert len(rows) >= 10
