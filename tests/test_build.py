"""Building: one dataset, a named graph per source, provenance, validation before writing."""

import pickle
import shutil

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Literal, URIRef

from citygraph.cli import cli
from citygraph.dumps import DUMPS
from citygraph.errors import DataError, ProfileError
from citygraph.pipeline import STAGES, read_rdf, run_build
from citygraph.settings import load_settings
from citygraph.store import EmbeddedStore
from citygraph.validate import union
from citygraph.vocab import CG, DCTERMS, ORG, PROV, RDFS, XSD

BASE = "https://w3id.org/citygraph/"
CITY = URIRef(BASE + "city/musterstadt")


@pytest.fixture(scope="module")
def dataset(fixture_settings) -> Dataset:
    return read_rdf(fixture_settings.build_dir / "citygraph.trig")


def test_german_and_english_profiles_describe_one_city(dataset):
    assert {str(lbl) for lbl in dataset.objects(CITY, RDFS.label)} >= {"Musterstadt", "Sampleton"}
    taglines = {t.language for t in dataset.objects(CITY, CG.tagline)}
    assert taglines == {"de", "en"}
    assert len(set(dataset.objects(CITY, CG.hasProfile))) == 2


def test_one_named_graph_per_source(dataset):
    graphs = {str(g.identifier).removeprefix(BASE) for g in dataset.graphs() if len(g)}
    assert {
        "graph/ontology",
        "graph/topics",
        "graph/cities",
        "graph/networks",
        "graph/memberships",
        "graph/profile/musterstadt-de",
        "graph/profile/musterstadt-en",
    } <= graphs


def test_profile_graph_carries_provenance(dataset):
    graph = dataset.graph(URIRef(BASE + "graph/profile/musterstadt-de"))
    doc = URIRef(BASE + "profile/musterstadt-de")
    assert (graph.identifier, PROV.wasDerivedFrom, doc) in graph
    assert (doc, CG.sourceFile, Literal("profiles/musterstadt.de.txt")) in graph
    assert (doc, CG.reportYear, Literal("2021", datatype=XSD.gYear)) in graph
    assert (doc, CG.reportUpdated, Literal("2023", datatype=XSD.gYear)) in graph
    assert (doc, DCTERMS.source, URIRef("https://example.org/musterstadt")) in graph


def test_curated_approach_title_joins_both_languages(dataset):
    approach = URIRef(BASE + "approach/musterstadt/housing-test")
    titles = {(str(t), t.language) for t in dataset.objects(approach, RDFS.label)}
    assert titles == {("Testansatz für Wohnen", "de"), ("Test approach for housing", "en")}


def test_membership_is_qualified_with_shortcut(dataset):
    m = URIRef(BASE + "membership/musterstadt/safe-test-harbours/founding-member")
    assert (m, ORG.member, CITY) in dataset
    assert (m, ORG.role, CG.FoundingMember) in dataset
    assert (m, DCTERMS.source, URIRef("https://example.org/sth/about")) in dataset
    assert (CITY, CG.memberOf, URIRef(BASE + "network/safe-test-harbours")) in dataset


def test_member_counts_are_materialised(dataset):
    net = URIRef(BASE + "network/test-alliance")
    assert int(dataset.value(net, CG.memberCount)) == 4


@pytest.mark.parametrize("name", sorted(DUMPS))
def test_every_dump_reads_back_complete(fixture_settings, dataset, name):
    back = read_rdf(fixture_settings.build_dir / name)
    whole = DUMPS[name][1]
    expected = dataset if whole else union(dataset)
    count = (lambda d: sum(1 for _ in d.quads())) if whole else len
    assert count(back if whole else union(back)) == count(expected) > 500


def test_store_holds_every_quad_of_the_dump(fixture_store, dataset):
    rows = fixture_store.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert int(rows[0]["n"]) == sum(1 for _ in dataset.quads())


def _copy(fixture_data, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(fixture_data, data)
    return data


def test_malformed_profile_is_reported_and_the_rest_still_builds(fixture_data, tmp_path):
    data = _copy(fixture_data, tmp_path)
    (data / "profiles" / "broken.de.txt").write_text("Kaputt\nWichtigste Erkenntnisse\n- 1\nx\n")
    result = CliRunner().invoke(cli, ["build", "--data", str(data), "--out", str(tmp_path / "b")])
    assert result.exit_code == 1
    assert "broken.de.txt:" in result.stderr and "expected the heading" in result.stderr
    store = EmbeddedStore(tmp_path / "b" / "store", read_only=True)
    assert store.ask(f"ASK {{ <{CITY}> <{CG.hasProfile}> ?p }}")


def test_nonconforming_graph_is_not_written(fixture_data, tmp_path):
    data = _copy(fixture_data, tmp_path)
    (data / "topics.ttl").write_text(
        (data / "topics.ttl").read_text().replace('"Housing"@en', '"Housing"@fr')
    )
    result = CliRunner().invoke(cli, ["build", "--data", str(data), "--out", str(tmp_path / "b")])
    assert result.exit_code == 1
    assert "Does not conform" in result.stderr
    assert not (tmp_path / "b" / "citygraph.trig").exists()


def test_validate_command_passes_a_good_build_and_fails_a_bad_graph(fixture_settings, tmp_path):
    good = CliRunner().invoke(cli, ["validate", str(fixture_settings.build_dir / "citygraph.trig")])
    assert good.exit_code == 0 and "Conforms" in good.output
    bad = tmp_path / "bad.ttl"
    bad.write_text(
        "@prefix cg: <https://w3id.org/citygraph/ontology#> .\n<http://x/c> a cg:City .\n"
    )
    result = CliRunner().invoke(cli, ["validate", str(bad), "--lang", "de"])
    assert result.exit_code == 1
    assert "Eine Stadt braucht eine Bezeichnung." in result.output and "http://x/c" in result.output


def test_no_temporary_files_are_left_behind(fixture_settings):
    leftovers = [p.name for p in fixture_settings.build_dir.iterdir() if p.name.startswith(".")]
    assert leftovers == []


def test_another_base_iri_builds_and_validates(fixture_data, tmp_path):
    base = "http://data.example.org/cg/"
    result = CliRunner().invoke(
        cli, ["build", "--data", str(fixture_data), "--out", str(tmp_path), "--base", base]
    )
    assert result.exit_code == 0, result.stderr
    store = EmbeddedStore(tmp_path / "store", read_only=True)
    assert store.ask(
        f"ASK {{ <{base}city/musterstadt> <{CG.hasProfile}> <{base}profile/musterstadt-de> }}"
    )
    assert not store.ask(f"ASK {{ ?s ?p ?o FILTER(STRSTARTS(STR(?s), '{BASE}city/')) }}")


def test_jsonld_dump_is_compact_with_one_node_per_subject(fixture_settings):
    import json

    doc = json.loads((fixture_settings.build_dir / "citygraph.jsonld").read_text(encoding="utf-8"))
    assert doc["@context"]["cg"] == "https://w3id.org/citygraph/ontology#"
    ids = [node["@id"] for node in doc["@graph"]]
    assert len(ids) == len(set(ids)) > 20
    city = next(n for n in doc["@graph"] if n["@id"] == str(CITY))
    assert "cg:City" in city["@type"] and "rdfs:label" in city


def test_errors_keep_their_details_across_processes():
    for error in (ProfileError("p.de.txt", 3, "a heading", "x"), DataError("cities.csv", 7, "bad")):
        copy = pickle.loads(pickle.dumps(error))
        assert type(copy) is type(error) and str(copy) == str(error)
        assert copy.path == error.path


def test_the_build_reports_each_stage_in_order(fixture_data, tmp_path):
    settings = load_settings(data_dir=fixture_data, build_dir=tmp_path / "b")
    took: list[tuple[str, float]] = []
    assert run_build(settings, echo=lambda *a, **k: None, stage=lambda *s: took.append(s)) == 0
    assert [name for name, _ in took] == list(STAGES)
    assert all(seconds > 0 for _, seconds in took)
