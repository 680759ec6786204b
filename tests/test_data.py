"""The bundled data: sourced, consistent and large enough to be worth analysing."""

import csv
import shutil

import pytest

from citygraph.build import ROOT
from citygraph.curated import load_curated

DATA = ROOT / "data"


@pytest.fixture(scope="module")
def curated():
    return load_curated(DATA)


def _rows(name):
    with (DATA / name).open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_bundled_tables_have_no_problems(curated):
    assert [str(e) for e in curated.errors] == []


def test_every_membership_row_has_a_source_url():
    rows = _rows("memberships.csv")
    assert len(rows) >= 250
    assert all(
        r["sources"].split() and all(u.startswith("http") for u in r["sources"].split())
        for r in rows
    )


def test_every_referenced_slug_is_defined(curated):
    cities, networks = set(curated.cities), set(curated.networks)
    for row in _rows("memberships.csv"):
        assert row["city"] in cities and row["network"] in networks, row
    for net in curated.networks.values():
        assert not net.founded_place or net.founded_place in cities


def test_required_networks_are_present_and_sourced(curated):
    required = {
        "staedte-sicherer-haefen",
        "international-alliance-of-safe-harbours",
        "eurocities",
        "solidarity-cities",
        "integrating-cities-charter",
        "intercultural-cities",
        "eccar",
        "icorn",
        "anvita",
        "mayors-migration-council",
        "cities-of-sanctuary",
        "from-the-sea-to-the-city",
    }
    assert required <= set(curated.networks)
    assert all(net.sources for net in curated.networks.values())


def test_coordinates_and_identifiers_carry_a_source(curated):
    for city in curated.cities.values():
        if city.lat is not None or city.geonames or city.wikidata:
            assert city.sources, city.slug


def test_profiles_cover_twelve_cities_six_in_both_languages():
    langs: dict[str, set] = {}
    for path in (DATA / "profiles").glob("*.txt"):
        city, lang, _ = path.name.split(".")
        langs.setdefault(city, set()).add(lang)
    assert len(langs) >= 12
    assert sum(1 for v in langs.values() if {"de", "en"} <= v) >= 6


@pytest.mark.parametrize(
    "edit, message",
    [
        (lambda rows: rows.append(dict(rows[0], sources="")), "sources must be URLs"),
        (
            lambda rows: rows.append(dict(rows[0], city="atlantis")),
            "city 'atlantis' is not defined",
        ),
        (lambda rows: rows.append(dict(rows[0], start="1900")), "before its founding"),
        (lambda rows: rows.append(dict(rows[0], role="boss")), "role 'boss' is not one of"),
    ],
)
def test_bad_membership_rows_are_reported(edit, message, fixture_data, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(fixture_data, data)
    with (data / "memberships.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    edit(rows)
    with (data / "memberships.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    assert any(message in str(e) for e in load_curated(data).errors)


def test_two_founding_dates_for_one_network_are_a_contradiction(fixture_data, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(fixture_data, data)
    lines = (data / "networks.csv").read_text(encoding="utf-8").splitlines()
    (data / "networks.csv").write_text(
        "\n".join([*lines, lines[1].replace("2019-06-14", "2020")]) + "\n"
    )
    assert any("defined twice" in str(e) for e in load_curated(data).errors)


def test_every_bundled_approach_title_is_in_the_title_table(caplog, tmp_path):
    import logging

    from citygraph.build import build

    with caplog.at_level(logging.WARNING, logger="citygraph"):
        result = build(DATA)
    assert result.errors == []
    assert "not in the approaches table" not in caplog.text


def test_a_new_title_of_a_known_city_is_warned_about(fixture_data, tmp_path, caplog):
    import logging

    from citygraph.build import build

    data = tmp_path / "data"
    shutil.copytree(fixture_data, data)
    path = data / "profiles" / "musterstadt.de.txt"
    path.write_text(
        path.read_text(encoding="utf-8").replace("Testansatz für Wohnen", "Neuer Ansatz"),
        encoding="utf-8",
    )
    with caplog.at_level(logging.WARNING, logger="citygraph"):
        build(data)
    assert (
        "musterstadt.de.txt" in caplog.text
        and "'Neuer Ansatz' is not in the approaches table" in caplog.text
    )
    assert "Testansatz für Wohnen" in caplog.text  # the known titles are named
