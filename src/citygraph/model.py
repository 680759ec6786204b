"""The parsed and curated forms of the data: plain dataclasses, no rdflib."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Ref:
    """A label as written in a document and the IRI it resolves to."""

    label: str
    iri: str


@dataclass
class Approach:
    """An inspiring approach as a profile lists it: a title and its topic categories."""

    title: str
    topics: list[Ref]
    line: int
    iri: str = ""


@dataclass
class Profile:
    """One city profile in one language."""

    path: str
    lang: str
    city: str
    city_iri: str
    tagline: str
    key_findings: list[str]
    sections: dict[str, str]
    listed_networks: list[Ref]
    mentioned_networks: list[Ref]
    mentioned_cities: list[Ref]
    report: dict[str, int]
    approaches: list[Approach]
    sources: list[str]

    @property
    def city_slug(self) -> str:
        return self.city_iri.rsplit("/", 1)[-1]


@dataclass
class Section:
    """One section of an approach page; `slot` is None where the heading fits no slot."""

    slot: str | None
    heading: str | None  # None for a contact block without its heading
    text: str
    line: int


@dataclass
class ApproachPage:
    """One approach page in one language: city and title as written, sections in page order."""

    path: str
    lang: str
    city: str
    city_iri: str
    title: str
    iri: str
    sections: list[Section]
    sources: list[str]

    @property
    def city_slug(self) -> str:
        return self.city_iri.rsplit("/", 1)[-1]


@dataclass
class City:
    """A city as the curated table describes it."""

    slug: str
    names: dict[str, str]  # language tag ('' for the local name) -> name
    country: str
    lat: float | None = None
    lon: float | None = None
    geonames: str = ""
    wikidata: str = ""
    labels: dict[str, list[str]] = field(default_factory=dict)  # lang -> further names
    sources: list[str] = field(default_factory=list)


@dataclass
class Network:
    """A city network with its names, founding facts and sources."""

    slug: str
    names: dict[str, str]  # language -> name: 'en', 'de' and the original language where given
    aliases: list[str]
    local_name: str = ""  # the name in the original language
    founded: str = ""
    founded_place: str = ""
    founding_document: str = ""
    coordinator: str = ""
    website: str = ""
    wikidata: str = ""
    sources: list[str] = field(default_factory=list)


@dataclass
class Membership:
    """A city's membership of a network in one role, qualified by dates and sources."""

    city: str
    network: str
    role: str
    start: str = ""
    end: str = ""
    sources: list[str] = field(default_factory=list)
    note: str = ""
    line: int = 0  # the row's line in its table, for error messages


@dataclass
class Country:
    """A country by ISO 3166-1 alpha-2 code."""

    iso2: str
    wikidata: str = ""
    sources: list[str] = field(default_factory=list)


@dataclass
class Topic:
    """A topic category of the scheme with its labels per language."""

    iri: str
    labels: dict[str, list[str]]  # lang -> preferred then alternative labels
