"""Model objects -> rdflib Dataset: one named graph per source, with PROV-O provenance."""

import gettext
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pycountry
from rdflib import Dataset, Graph, Literal, URIRef
from tqdm import tqdm

from citygraph.curated import Curated, build_lexicon, load_curated
from citygraph.errors import CitygraphError, ProfileError
from citygraph.iris import DEFAULT, IriScheme, slugify
from citygraph.model import City, Membership, Network, Profile
from citygraph.parse import parse_profile
from citygraph.vocab import (
    CG,
    DCTERMS,
    GEO,
    ORG,
    OWL,
    PREFIXES,
    PROV,
    RDF,
    RDFS,
    SCHEMA,
    SKOS,
    WGS,
    XSD,
)

__all__ = ["ROOT", "BuildResult", "build", "typed_date", "stats", "source_graph", "relative_path"]

ROOT = Path(__file__).resolve().parents[2]
ONTOLOGY_FILE = ROOT / "ontology" / "citygraph.ttl"
WIKIDATA = "http://www.wikidata.org/entity/"
_GERMAN = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["de"], fallback=True)


@dataclass
class BuildResult:
    """The dataset built from a data directory, the profiles in it and what went wrong."""

    dataset: Dataset
    profiles: list[Profile] = field(default_factory=list)
    errors: list[CitygraphError] = field(default_factory=list)


def typed_date(value: str) -> Literal:
    """A date literal typed by its precision.

    >>> [typed_date(v).datatype.split("#")[1] for v in ("2019", "2019-06", "2019-06-14")]
    ['gYear', 'gYearMonth', 'date']
    """
    kind = {4: XSD.gYear, 7: XSD.gYearMonth}.get(len(value), XSD.date)
    return Literal(value, datatype=kind)


def _new_dataset() -> Dataset:
    ds = Dataset(default_union=True)
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns)
    return ds


def source_graph(ds: Dataset, iri: str, source_file: str) -> Graph:
    """The named graph of one source file, typed prov:Entity and naming its file."""
    graph = ds.graph(URIRef(iri))
    graph.add((URIRef(iri), RDF.type, PROV.Entity))
    graph.add((URIRef(iri), CG.sourceFile, Literal(source_file)))
    return graph


def _sources(graph: Graph, subject: URIRef, urls: list[str]) -> None:
    for url in urls:
        graph.add((subject, DCTERMS.source, URIRef(url)))


def _same_as(graph: Graph, subject: URIRef, wikidata: str) -> None:
    if wikidata:
        for prop in (OWL.sameAs, SCHEMA.sameAs):
            graph.add((subject, prop, URIRef(WIKIDATA + wikidata)))


def add_city(graph: Graph, city: City, iris: IriScheme) -> None:
    """A curated city: names per language, country, coordinates, identifiers, sources."""
    s = URIRef(iris.city(city.slug))
    graph.add((s, RDF.type, CG.City))
    for lang, name in city.names.items():
        if name:
            graph.add((s, RDFS.label if lang else SCHEMA.name, Literal(name, lang=lang or None)))
    for lang, names in city.labels.items():
        for name in names:
            graph.add((s, SKOS.altLabel, Literal(name, lang=lang or None)))
    graph.add((s, CG.country, URIRef(iris.country(city.country))))
    if city.lat is not None and city.lon is not None:
        geometry = URIRef(f"{s}#geometry")
        graph.add((s, WGS.lat, Literal(f"{city.lat}", datatype=XSD.decimal)))
        graph.add((s, WGS.long, Literal(f"{city.lon}", datatype=XSD.decimal)))
        graph.add((s, GEO.hasGeometry, geometry))
        graph.add((geometry, RDF.type, GEO.Geometry))
        graph.add(
            (geometry, GEO.asWKT, Literal(f"POINT({city.lon} {city.lat})", datatype=GEO.wktLiteral))
        )
    if city.geonames:
        graph.add((s, OWL.sameAs, URIRef(f"https://sws.geonames.org/{city.geonames}/")))
    _same_as(graph, s, city.wikidata)
    _sources(graph, s, city.sources)


def add_country(
    graph: Graph, iso2: str, wikidata: str, sources: list[str], iris: IriScheme
) -> None:
    """A country with English and German names from ISO 3166 (pycountry)."""
    s = URIRef(iris.country(iso2))
    graph.add((s, RDF.type, SCHEMA.Country))
    graph.add((s, SCHEMA.identifier, Literal(iso2)))
    record = pycountry.countries.get(alpha_2=iso2)
    if record:
        graph.add((s, RDFS.label, Literal(record.name, lang="en")))
        graph.add((s, RDFS.label, Literal(_GERMAN.gettext(record.name), lang="de")))
    _same_as(graph, s, wikidata)
    _sources(graph, s, sources)


def add_network(graph: Graph, net: Network, iris: IriScheme) -> None:
    """A network: names, aliases, founding facts, website, identifiers, sources."""
    s = URIRef(iris.network(net.slug))
    graph.add((s, RDF.type, CG.Network))
    for lang, name in net.names.items():
        graph.add((s, RDFS.label, Literal(name, lang=lang)))
    if net.local_name:
        graph.add((s, SCHEMA.name, Literal(net.local_name)))
    for alias in net.aliases:
        graph.add((s, SKOS.altLabel, Literal(alias)))
    if net.founded:
        graph.add((s, SCHEMA.foundingDate, typed_date(net.founded)))
    if net.founded_place:
        graph.add((s, SCHEMA.foundingLocation, URIRef(iris.city(net.founded_place))))
    if net.founding_document:
        doc = URIRef(iris.document(slugify(net.founding_document)))
        graph.add((s, CG.foundingDocument, doc))
        graph.add((doc, RDF.type, SCHEMA.CreativeWork))
        graph.add((doc, RDFS.label, Literal(net.founding_document)))
    if net.coordinator:
        graph.add((s, CG.coordinatorName, Literal(net.coordinator)))
    if net.website:
        graph.add((s, SCHEMA.url, URIRef(net.website)))
    _same_as(graph, s, net.wikidata)
    _sources(graph, s, net.sources)


def add_membership(graph: Graph, m: Membership, iri: str, iris: IriScheme) -> None:
    """A qualified membership (W3C ORG) plus the direct cg:memberOf shortcut."""
    s, city, net = URIRef(iri), URIRef(iris.city(m.city)), URIRef(iris.network(m.network))
    graph.add((s, RDF.type, CG.Membership))
    graph.add((s, ORG.member, city))
    graph.add((s, ORG.organization, net))
    graph.add((s, ORG.role, URIRef(iris.role(m.role))))
    if m.start:
        graph.add((s, SCHEMA.startDate, typed_date(m.start)))
    if m.end:
        graph.add((s, SCHEMA.endDate, typed_date(m.end)))
    if m.note:
        graph.add((s, RDFS.comment, Literal(m.note, lang="en")))
    _sources(graph, s, m.sources)
    graph.add((city, CG.memberOf, net))


def add_curated(ds: Dataset, cur: Curated, iris: IriScheme) -> None:
    """One named graph per curated table."""
    topics = source_graph(ds, iris.graph("topics"), "topics.ttl")
    for triple in cur.topics_graph:
        topics.add(triple)
    for topic in cur.topics:
        topics.add((URIRef(topic.iri), RDF.type, CG.Topic))
    countries = source_graph(ds, iris.graph("countries"), "countries.csv")
    for iso2 in sorted({c.country for c in cur.cities.values()} | set(cur.countries)):
        known = cur.countries.get(iso2)
        add_country(
            countries, iso2, known.wikidata if known else "", known.sources if known else [], iris
        )
    cities = source_graph(ds, iris.graph("cities"), "cities.csv")
    for city in cur.cities.values():
        add_city(cities, city, iris)
    networks = source_graph(ds, iris.graph("networks"), "networks.csv")
    for net in cur.networks.values():
        add_network(networks, net, iris)
    memberships = source_graph(ds, iris.graph("memberships"), "memberships.csv")
    seen: dict[str, int] = {}
    for m in cur.memberships:
        iri = iris.membership(m.city, m.network, m.role)
        seen[iri] = seen.get(iri, 0) + 1
        add_membership(memberships, m, iri if seen[iri] == 1 else f"{iri}-{seen[iri]}", iris)


def add_profile(ds: Dataset, p: Profile, data_dir: Path, iris: IriScheme, curated: bool) -> None:
    """A profile's own named graph: the city's texts in its language, approaches, provenance.

    The name as the profile writes it is the city's schema:name, and its label too where no
    curated table names the city.
    """
    slug = iris.slug_of(p.city_iri)
    doc, city = URIRef(iris.profile(slug, p.lang)), URIRef(p.city_iri)
    source_file = relative_path(p.path, data_dir)
    graph = source_graph(ds, iris.graph("profile", f"{slug}-{p.lang}"), source_file)
    graph.add((graph.identifier, PROV.wasDerivedFrom, doc))
    graph.add((doc, RDF.type, CG.Profile))
    graph.add((doc, RDFS.label, Literal(f"{p.city} ({p.lang})", lang=p.lang)))
    graph.add((doc, SCHEMA.about, city))
    graph.add((doc, DCTERMS.language, Literal(p.lang, datatype=XSD.language)))
    graph.add((doc, CG.sourceFile, Literal(source_file)))
    for key, prop in (("year", CG.reportYear), ("updated", CG.reportUpdated)):
        if p.report.get(key):
            graph.add((doc, prop, Literal(str(p.report[key]), datatype=XSD.gYear)))
    _sources(graph, doc, p.sources)
    for url in p.sources:
        graph.add((doc, PROV.wasDerivedFrom, URIRef(url)))
    graph.add((city, RDF.type, CG.City))
    graph.add((city, CG.hasProfile, doc))
    graph.add((city, SCHEMA.name, Literal(p.city, lang=p.lang)))
    if not curated:
        graph.add((city, RDFS.label, Literal(p.city, lang=p.lang)))
    if p.tagline:
        graph.add((city, CG.tagline, Literal(p.tagline, lang=p.lang)))
    props = {
        "special": CG.special,
        "focus": CG.focus,
        "key_factors": CG.keyFactors,
        "successes": CG.successes,
        "beyond_local": CG.beyondLocal,
    }
    for slot, text in p.sections.items():
        if text:
            graph.add((city, props[slot], Literal(text, lang=p.lang)))
    for n, text in enumerate(p.key_findings, 1):
        finding = URIRef(f"{doc}#finding-{n}")
        graph.add((doc, CG.keyFinding, finding))
        graph.add((finding, RDF.type, CG.KeyFinding))
        graph.add((finding, SCHEMA.position, Literal(n)))
        graph.add((finding, RDF.value, Literal(text, lang=p.lang)))
    for ref in p.listed_networks:
        graph.add((city, CG.memberOf, URIRef(ref.iri)))
    for ref in [*p.mentioned_networks, *p.mentioned_cities]:
        graph.add((doc, SCHEMA.mentions, URIRef(ref.iri)))
    _add_approaches(graph, p, doc, city)


def _add_approaches(graph: Graph, p: Profile, doc: URIRef, city: URIRef) -> None:
    for n, approach in enumerate(p.approaches, 1):
        a = URIRef(approach.iri)
        graph.add((a, RDF.type, CG.Approach))
        graph.add((a, RDFS.label, Literal(approach.title, lang=p.lang)))
        graph.add((a, CG.approachOf, city))
        graph.add((city, CG.hasApproach, a))
        graph.add((a, SCHEMA.position, Literal(n)))
        graph.add((a, PROV.wasDerivedFrom, doc))
        for topic in approach.topics:
            graph.add((a, CG.inCategory, URIRef(topic.iri)))


def relative_path(path: str, data_dir: Path) -> str:
    """A data file's path relative to the data directory (its name if it lies elsewhere)."""
    try:
        return Path(path).resolve().relative_to(data_dir.resolve()).as_posix()
    except ValueError:
        return Path(path).name


def add_derived(ds: Dataset, iris: IriScheme) -> None:
    """Materialise what queries would otherwise compute: member and network counts, and the
    topic hierarchy's skos:broaderTransitive closure (so no query needs `skos:broader*`)."""
    derived = source_graph(ds, iris.graph("derived"), "(computed at build time)")
    pairs = set(ds.subject_objects(CG.memberOf))
    members, networks = Counter(n for _, n in pairs), Counter(c for c, _ in pairs)
    for net in set(ds.subjects(RDF.type, CG.Network)):
        derived.add((net, CG.memberCount, Literal(members[net])))
    for city in set(ds.subjects(RDF.type, CG.City)):
        derived.add((city, CG.networkCount, Literal(networks[city])))
    for narrower, broader in broader_closure(set(ds.subject_objects(SKOS.broader))):
        derived.add((narrower, SKOS.broaderTransitive, broader))


def broader_closure(pairs: set[tuple]) -> set[tuple]:
    """The transitive closure of (narrower, broader) pairs; cycles end the walk.

    >>> sorted(broader_closure({("c", "b"), ("b", "a")}))
    [('b', 'a'), ('c', 'a'), ('c', 'b')]
    """
    parents: dict = {}
    for narrower, broader in pairs:
        parents.setdefault(narrower, set()).add(broader)
    closure = set()
    for start in parents:
        seen, todo = set(), list(parents[start])
        while todo:
            node = todo.pop()
            if node not in seen:
                seen.add(node)
                todo.extend(parents.get(node, ()))
        closure |= {(start, node) for node in seen}
    return closure


def profile_files(data_dir: Path) -> list[Path]:
    return sorted((data_dir / "profiles").glob("*.txt"))


def build(data_dir: Path, iris: IriScheme = DEFAULT, progress: bool = False) -> BuildResult:
    """Parse every profile and curated table of `data_dir` into one Dataset.

    A profile that fails to parse is reported in `errors`; every other one is still built.
    """
    cur = load_curated(data_dir, iris)
    lexicon = build_lexicon(cur, iris)
    result = BuildResult(_new_dataset(), errors=list(cur.errors))
    ontology = source_graph(result.dataset, iris.graph("ontology"), "ontology/citygraph.ttl")
    ontology.parse(ONTOLOGY_FILE, format="turtle")
    add_curated(result.dataset, cur, iris)
    for path in tqdm(profile_files(data_dir), desc="profiles", unit="file", disable=not progress):
        try:
            profile = parse_profile(path, lexicon, iris)
        except ProfileError as err:
            result.errors.append(err)
            continue
        result.profiles.append(profile)
        add_profile(result.dataset, profile, data_dir, iris, profile.city_slug in cur.cities)
    from citygraph.approaches import add_approach_pages  # imported here: it builds on this module

    result.errors += add_approach_pages(result.dataset, cur, lexicon, data_dir, iris)
    add_derived(result.dataset, iris)
    return result


def stats(ds: Dataset) -> dict[str, int]:
    """Counts of the main kinds of things in a dataset."""

    def count(cls):
        return len(set(ds.subjects(RDF.type, cls)))

    return {
        "cities": count(CG.City),
        "networks": count(CG.Network),
        "memberships": count(CG.Membership),
        "approaches": count(CG.Approach),
        "topics": count(CG.Topic),
        "profiles": count(CG.Profile),
        "graphs": sum(1 for g in ds.graphs() if len(g)),
        "quads": sum(len(g) for g in ds.graphs()),
        "triples": len(ds),  # the union: each triple once, whichever graphs state it
    }
