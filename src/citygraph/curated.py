"""data/*.csv and data/topics.ttl -> model objects, checked for sources and consistency."""

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import SKOS

from citygraph.errors import DataError
from citygraph.iris import DEFAULT, IriScheme
from citygraph.lexicon import Lexicon
from citygraph.model import City, Country, Membership, Network, Ref, Topic

__all__ = ["Curated", "load_curated", "read_table", "build_lexicon", "ROLES"]

ROLES = ("member", "founding-member", "coordinator", "signatory")
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
URL = re.compile(r"^https?://\S+$")


@dataclass
class Curated:
    """Every curated fact of a data directory, with the problems found while reading it."""

    topics_graph: Graph
    topics: list[Topic] = field(default_factory=list)
    networks: dict[str, Network] = field(default_factory=dict)
    cities: dict[str, City] = field(default_factory=dict)
    countries: dict[str, Country] = field(default_factory=dict)
    memberships: list[Membership] = field(default_factory=list)
    approaches: list[dict] = field(default_factory=list)
    errors: list[DataError] = field(default_factory=list)


def read_table(path: Path) -> list[tuple[int, dict[str, str]]]:
    """Rows of a CSV file with their line numbers; a missing file has no rows."""
    if not path.exists():
        return []
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        return [
            (reader.line_num, {k: (v or "").strip() for k, v in row.items() if k}) for row in reader
        ]


def _split(cell: str, sep: str = "|") -> list[str]:
    return [part.strip() for part in cell.split(sep) if part.strip()]


def _sources(path: Path, row: int, cell: str, errors: list[DataError], required=True) -> list[str]:
    urls = cell.split()
    bad = [u for u in urls if not URL.match(u)]
    if bad or (required and not urls):
        errors.append(DataError(path, row, f"sources must be URLs, got {cell!r}"))
    return [u for u in urls if URL.match(u)]


def _date(path: Path, row: int, value: str, errors: list[DataError]) -> str:
    if value and not DATE.match(value):
        errors.append(DataError(path, row, f"date {value!r} is not YYYY, YYYY-MM or YYYY-MM-DD"))
        return ""
    return value


def _labels(cell: str) -> dict[str, list[str]]:
    labels: dict[str, list[str]] = {}
    for item in _split(cell):
        lang, _, name = item.partition(":")
        labels.setdefault(lang.strip(), []).append(name.strip())
    return labels


def _unique(path: Path, rows, errors: list[DataError], key: str = "slug"):
    seen: set[str] = set()
    for no, row in rows:
        if row.get(key, "") in seen:
            errors.append(DataError(path, no, f"{key} {row[key]!r} is defined twice"))
            continue
        seen.add(row.get(key, ""))
        yield no, row


def _networks(path: Path, errors) -> dict[str, Network]:
    return {
        row["slug"]: Network(
            slug=row["slug"],
            names={
                lang: name
                for lang, name in (
                    (row["lang_local"], row["name_local"]),
                    ("de", row["name_de"]),
                    ("en", row["name_en"]),
                )
                if lang and name
            },
            local_name=row["name_local"],
            aliases=_split(row.get("aliases", "")),
            founded=_date(path, no, row.get("founded", ""), errors),
            founded_place=row.get("founded_place", ""),
            founding_document=row.get("founding_document", ""),
            coordinator=row.get("coordinator", ""),
            website=row.get("website", ""),
            wikidata=row.get("wikidata", ""),
            sources=_sources(path, no, row.get("sources", ""), errors),
        )
        for no, row in _unique(path, read_table(path), errors)
    }


def _float(value: str) -> float | None:
    return float(value) if value else None


def _cities(path: Path, errors) -> dict[str, City]:
    return {
        row["slug"]: City(
            slug=row["slug"],
            names={"": row["name_local"], "de": row["name_de"], "en": row["name_en"]},
            country=row["country"].upper(),
            lat=_float(row.get("lat", "")),
            lon=_float(row.get("lon", "")),
            geonames=row.get("geonames", ""),
            wikidata=row.get("wikidata", ""),
            labels=_labels(row.get("labels", "")),
            sources=_sources(path, no, row.get("sources", ""), errors),
        )
        for no, row in _unique(path, read_table(path), errors)
    }


def _countries(path: Path, errors) -> dict[str, Country]:
    return {
        row["iso2"].upper(): Country(
            row["iso2"].upper(),
            row.get("wikidata", ""),
            _sources(path, no, row.get("sources", ""), errors, False),
        )
        for no, row in _unique(path, read_table(path), errors, key="iso2")
    }


def _memberships(path: Path, cur: Curated) -> list[Membership]:
    out = []
    for no, row in read_table(path):
        problems = [
            f"{kind} {row[col]!r} is not defined"
            for kind, col, table in (
                ("city", "city", cur.cities),
                ("network", "network", cur.networks),
            )
            if row.get(col) not in table
        ]
        if row.get("role") not in ROLES:
            problems.append(f"role {row.get('role')!r} is not one of {', '.join(ROLES)}")
        cur.errors.extend(DataError(path, no, p) for p in problems)
        sources = _sources(path, no, row.get("sources", ""), cur.errors)
        if not problems and sources:
            out.append(
                Membership(
                    row["city"],
                    row["network"],
                    row["role"],
                    _date(path, no, row.get("start", ""), cur.errors),
                    _date(path, no, row.get("end", ""), cur.errors),
                    sources,
                    row.get("note", ""),
                    no,
                )
            )
    return out


def _check_dates(data_dir: Path, cur: Curated) -> None:
    """Dates that contradict each other: a join before the network existed (signing its founding
    document may come first), an end before a start."""
    path = data_dir / "memberships.csv"
    for m in cur.memberships:
        founded = cur.networks[m.network].founded
        early = m.start and founded and m.start[: len(founded)] < founded[: len(m.start)]
        if early and m.role != "signatory":
            cur.errors.append(
                DataError(
                    path,
                    m.line,
                    f"{m.city} joined {m.network} on {m.start}, before its founding on {founded}",
                )
            )
        if m.start and m.end and m.end < m.start:
            cur.errors.append(
                DataError(
                    path, m.line, f"{m.city} in {m.network}: end {m.end} before start {m.start}"
                )
            )


def _approaches(path: Path, cur: Curated) -> list[dict[str, str]]:
    """The approach title table: one title per approach and language, with its page's URL
    (empty where the site's page in that language was not found)."""
    rows, seen = [], set()
    for no, row in read_table(path):
        key = (row.get("city"), row.get("approach"), row.get("lang"))
        problems = [f"{col} is empty" for col in ("approach", "lang", "title") if not row.get(col)]
        if cur.cities and row.get("city") not in cur.cities:
            problems.append(f"city {row.get('city')!r} is not defined")
        if row.get("url") and not URL.match(row["url"]):
            problems.append(f"url {row['url']!r} is not a URL")
        if key in seen:
            problems.append(f"approach {key[1]!r} of {key[0]!r} has two titles in {key[2]!r}")
        seen.add(key)
        cur.errors.extend(DataError(path, no, p) for p in problems)
        if not problems:
            rows.append(row)
    return rows


def _check_references(data_dir: Path, cur: Curated) -> None:
    for net in cur.networks.values():
        if net.founded_place and net.founded_place not in cur.cities:
            cur.errors.append(
                DataError(
                    data_dir / "networks.csv",
                    0,
                    f"founded_place {net.founded_place!r} of {net.slug} is not a city",
                )
            )
    for city in cur.cities.values():
        if cur.countries and city.country not in cur.countries:
            cur.errors.append(
                DataError(
                    data_dir / "cities.csv",
                    0,
                    f"country {city.country!r} of {city.slug} is not in countries.csv",
                )
            )


def _topics(graph: Graph) -> list[Topic]:
    topics = []
    for concept in sorted(set(graph.subjects(SKOS.inScheme, None))):
        labels: dict[str, list[str]] = {}
        for prop in (SKOS.prefLabel, SKOS.altLabel):
            for label in graph.objects(concept, prop):
                labels.setdefault(label.language or "", []).append(str(label))
        topics.append(Topic(str(concept), labels))
    return topics


def load_curated(data_dir: Path, iris: IriScheme = DEFAULT) -> Curated:
    """Read every curated table of `data_dir`; problems are collected in `errors`, not raised."""
    graph = Graph()
    topics_file = data_dir / "topics.ttl"
    if topics_file.exists():
        graph.parse(topics_file, format="turtle", publicID=iris.base)
    cur = Curated(graph, _topics(graph))
    cur.networks = _networks(data_dir / "networks.csv", cur.errors)
    cur.cities = _cities(data_dir / "cities.csv", cur.errors)
    cur.countries = _countries(data_dir / "countries.csv", cur.errors)
    cur.memberships = _memberships(data_dir / "memberships.csv", cur)
    cur.approaches = _approaches(data_dir / "approaches.csv", cur)
    _check_references(data_dir, cur)
    _check_dates(data_dir, cur)
    return cur


def build_lexicon(cur: Curated, iris: IriScheme = DEFAULT) -> Lexicon:
    """The names a parser resolves: topic labels, network names and aliases, city names."""
    lex = Lexicon()
    for topic in cur.topics:
        for lang, labels in topic.labels.items():
            for label in labels:
                lex.add_topic(lang, label, Ref(labels[0], topic.iri))
    for net in cur.networks.values():
        ref = Ref(net.names.get("en") or net.local_name or net.slug, iris.network(net.slug))
        for name in {*net.names.values(), *net.aliases} - {""}:
            lex.add_name("network", name, ref)
        for lang, name in net.names.items():
            if name:
                lex.add_label(ref.iri, lang, name)
    for city in cur.cities.values():
        ref = Ref(city.names.get("") or city.slug, iris.city(city.slug))
        names = {*city.names.values(), *(n for ns in city.labels.values() for n in ns)} - {""}
        for name in names:
            lex.add_name("city", name, ref)
        for lang, name in city.names.items():
            if name:
                lex.add_label(ref.iri, lang, name)
    for row in cur.approaches:
        ref = Ref(row["title"], iris.approach(row["city"], row["approach"]))
        lex.add_approach(iris.city(row["city"]), row["title"], ref)
    return lex
