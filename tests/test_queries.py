"""Every bundled example query returns its known answer on the bundled graph.

The expected facts come from the sources named in ../shared/sources/README.md and data/.
"""

import pytest

from citygraph.query import bundled

CITY = "https://w3id.org/citygraph/city/"
FIRST_SIGNATORIES = {
    "berlin",
    "detmold",
    "flensburg",
    "freiburg",
    "greifswald",
    "hildesheim",
    "kiel",
    "krefeld",
    "marburg",
    "potsdam",
    "rostock",
    "rottenburg-am-neckar",
}
# In both the German alliance's first signatories and the IASH member list (iash-eu.org/who-we-are)
IN_BOTH = {
    "berlin",
    "flensburg",
    "greifswald",
    "kiel",
    "marburg",
    "potsdam",
    "rottenburg-am-neckar",
}


def slugs(rows, key="city"):
    return {str(r[key]).removeprefix(CITY) for r in rows}


def values(rows, *keys):
    return {tuple(str(r.get(k, "")) for k in keys) for r in rows}


def check_safe_harbours_founding_members(rows):
    assert slugs(rows) == FIRST_SIGNATORIES
    assert {str(r["start"]) for r in rows} == {"2019-06-14"}
    assert all(str(r["sources"]).startswith("http") for r in rows)


def check_both_safe_harbour_alliances(rows):
    assert slugs(rows) >= IN_BOTH


def check_bridging_cities(rows):
    counts = [int(r["networks"]) for r in rows]
    assert counts == sorted(counts, reverse=True) and min(counts) >= 3
    assert {"barcelona", "munich", "berlin", "potsdam"} <= slugs(rows)


def check_approaches_per_topic_and_country(rows):
    assert ("Housing", "DE") in values(rows, "topicLabel", "country")
    assert all(int(r["approaches"]) >= 1 for r in rows)


def check_joins_per_network_per_year(rows):
    joined = {(str(r["network"]), int(r["year"])): int(r["joined"]) for r in rows}
    assert joined[("Cities of Safe Harbours Alliance", 2019)] >= 13  # 12 founders + Heidelberg
    assert joined[("International Alliance of Safe Harbours", 2021)] >= 2  # Palermo, Potsdam


def check_network_labels_de_en(rows):
    labels = {str(r["network"]).rsplit("/", 1)[1]: r for r in rows}
    assert str(labels["staedte-sicherer-haefen"]["de"]) == "Bündnis Städte Sicherer Häfen"
    assert str(labels["staedte-sicherer-haefen"]["original"]) == "Städte Sicherer Häfen"
    assert (
        str(labels["international-alliance-of-safe-harbours"]["en"])
        == "International Alliance of Safe Harbours"
    )
    assert len(rows) >= 12


def check_cities_with_wikidata(rows):
    potsdam = [r for r in rows if str(r["city"]) == CITY + "potsdam"]
    assert str(potsdam[0]["geonames"]) == "https://sws.geonames.org/2852458/"
    assert all(
        str(r["wikidata"]).startswith("http://www.wikidata.org/entity/Q")
        for r in rows
        if "wikidata" in r
    )


def check_network_founding_facts(rows):
    facts = values(rows, "network", "founded", "place")
    assert ("Cities of Safe Harbours Alliance", "2019-06-14", "Berlin") in facts
    assert ("International Alliance of Safe Harbours", "2021-06-25", "Palermo") in facts


def check_coordinators_over_time(rows):
    ssh = {
        str(r["coordinator"])
        for r in rows
        if str(r["network"]) == "Cities of Safe Harbours Alliance"
    }
    assert {"Potsdam", "Heidelberg"} <= ssh  # the sources disagree: both claims are kept


def check_memberships_of_a_city(rows):
    roles = values(rows, "network", "role")
    assert ("Cities of Safe Harbours Alliance", "founding member") in roles
    assert ("International Alliance of Safe Harbours", "member") in roles
    assert "https://staedte-sicherer-haefen.de" in {str(r["source"]) for r in rows}


def check_topics_per_profiled_city(rows):
    assert ("Potsdam", "Housing") in values(rows, "city", "topic")
    assert ("Potsdam", "Labour market") in values(rows, "city", "topic")


def check_network_overlap(rows):
    first = rows[0]
    assert {str(first["a"]), str(first["b"])} == {
        "International Alliance of Safe Harbours",
        "Cities of Safe Harbours Alliance",
    }
    assert int(first["shared"]) >= len(IN_BOTH)


def check_profiles_and_languages(rows):
    langs: dict[str, set] = {}
    for r in rows:
        langs.setdefault(str(r["city"]), set()).add(str(r["language"]))
    assert len(langs) >= 12
    assert sum(1 for v in langs.values() if v >= {"de", "en"}) >= 6
    assert ("Potsdam", "de", "2021", "2023") in values(
        rows, "city", "language", "reportYear", "updated"
    )


def check_alliance_members_by_country(rows):
    assert str(rows[0]["country"]) == "Germany"
    assert sum(int(r["members"]) for r in rows) >= 36  # the alliance's own list names 36 cities


def check_approaches_on_housing(rows):
    assert ("Potsdam", "ProPotsdam - Sonderbauprogramm") in values(rows, "city", "de")


CHECKS = {
    name.removeprefix("check_").replace("_", "-"): fn
    for name, fn in globals().items()
    if name.startswith("check_")
}


def test_every_bundled_query_has_a_check():
    assert len(bundled()) >= 12
    assert set(bundled()) <= set(CHECKS) | {q for q in bundled() if q.startswith("approach-")}


@pytest.mark.parametrize("name", sorted(CHECKS))
def test_bundled_query_returns_its_known_answer(name, bundled_store):
    rows = bundled_store.select(bundled()[name].text)
    assert rows, f"{name} returned no rows"
    CHECKS[name](rows)


def test_federated_examples_parse_and_name_only_known_services():
    from pathlib import Path

    from rdflib.plugins.sparql import prepareQuery

    from citygraph.query import QUERIES_DIR, load_query

    files = sorted(Path(QUERIES_DIR, "federated").glob("*.rq"))
    assert files
    for path in files:
        query = load_query(path)
        prepareQuery(query.text)
        assert "http://127.0.0.1:5000/sparql" in query.text
