"""The profile parser, specified by case directories and the site's own Potsdam profile."""

import json
from pathlib import Path

import pytest

from citygraph import errors
from citygraph.build import ROOT
from citygraph.curated import build_lexicon, load_curated
from citygraph.parse import parse_profile, profile_json

CASES = Path(__file__).parent / "cases"
VALID = sorted((CASES / "profiles").iterdir())
INVALID = sorted((CASES / "profiles-invalid").iterdir())


@pytest.fixture(scope="module")
def fixture_lexicon(fixture_data):
    return build_lexicon(load_curated(fixture_data))


@pytest.fixture(scope="module")
def bundled_lexicon():
    return build_lexicon(load_curated(ROOT / "data"))


def test_case_directories_are_found():
    assert len(VALID) >= 5 and len(INVALID) >= 8


@pytest.mark.parametrize("case", VALID, ids=[c.name for c in VALID])
def test_valid_profile_gives_expected_json(case, fixture_lexicon):
    expected = json.loads((case / "expected.json").read_text())
    got = profile_json(parse_profile(case / "profile.txt", fixture_lexicon))
    assert {key: got[key] for key in expected} == expected


@pytest.mark.parametrize("case", INVALID, ids=[c.name for c in INVALID])
def test_malformed_profile_names_file_line_and_expectation(case, fixture_lexicon):
    expected = json.loads((case / "error.json").read_text())
    with pytest.raises(errors.ProfileError) as info:
        parse_profile(case / "profile.txt", fixture_lexicon)
    err = info.value
    assert type(err).__name__ == expected["class"]
    assert (err.path, err.line) == (str(case / "profile.txt"), expected["line"])
    assert expected["expected"] in err.expected
    assert f"profile.txt:{expected['line']}: expected" in str(err)


def test_unknown_topic_error_lists_the_known_labels(fixture_lexicon):
    with pytest.raises(errors.UnknownTopic) as info:
        parse_profile(CASES / "profiles-invalid/unknown-topic/profile.txt", fixture_lexicon)
    assert info.value.found == "Raumfahrt"
    for label in ("Wohnen", "Arbeitsmarkt", "Kommunale Aufnahme"):
        assert label in info.value.expected


def test_site_profile_of_potsdam(shared, bundled_lexicon):
    doc = profile_json(parse_profile(shared / "profiles/potsdam.de.txt", bundled_lexicon))
    assert (doc["city"], doc["lang"], doc["listed_networks"]) == ("Potsdam", "de", [])
    assert doc["city_iri"] == "https://w3id.org/citygraph/city/potsdam"
    assert len(doc["key_findings"]) == 3
    assert doc["report"] == {"year": 2021, "updated": 2023}
    assert len(doc["approaches"]) == 5
    first, third = doc["approaches"][0], doc["approaches"][2]
    assert first["title"] == "Politischer Verfechter für die kommunale Aufnahme"
    assert [t["label"] for t in first["topics"]] == [
        "Kommunale Aufnahme",
        "Advocacy und Netzwerkarbeit",
    ]
    assert len(third["topics"]) == 3
    assert all(s and s == s.strip() for s in doc["sections"].values())


def test_site_profile_links_named_networks_and_cities(shared, bundled_lexicon):
    doc = profile_json(parse_profile(shared / "profiles/potsdam.de.txt", bundled_lexicon))
    networks = {n["iri"].rsplit("/", 1)[1] for n in doc["mentioned_networks"]}
    assert {"staedte-sicherer-haefen", "international-alliance-of-safe-harbours"} <= networks
    assert "https://w3id.org/citygraph/city/palermo" in {c["iri"] for c in doc["mentioned_cities"]}
    assert "https://w3id.org/citygraph/city/potsdam" not in {
        c["iri"] for c in doc["mentioned_cities"]
    }
    by_iri = {n["iri"]: n["label"] for n in doc["mentioned_networks"]}
    assert by_iri["https://w3id.org/citygraph/network/staedte-sicherer-haefen"] in (
        "Städte Sicherer Häfen",
        "Bündnis Städte Sicherer Häfen",
    )


@pytest.mark.parametrize(
    "path", sorted((ROOT / "data/profiles").glob("*.txt")), ids=lambda p: p.name
)
def test_every_bundled_profile_parses_with_sources(path, bundled_lexicon):
    profile = parse_profile(path, bundled_lexicon)
    assert profile.lang == path.name.split(".")[-2]
    assert profile.sources and profile.approaches and profile.key_findings
