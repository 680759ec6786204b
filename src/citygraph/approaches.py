"""Approach pages in the graph: written at build time (one named graph per page, the title
table as the site's pages per language), and read back per language for the web app."""

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset, Literal, URIRef

from citygraph.approach_pages import SLOTS, parse_approach_page
from citygraph.build import relative_path, source_graph
from citygraph.curated import Curated
from citygraph.errors import CitygraphError, ProfileError
from citygraph.iris import IriScheme
from citygraph.lexicon import Lexicon
from citygraph.model import ApproachPage
from citygraph.store import Store
from citygraph.vocab import CG, DCTERMS, PROV, RDF, RDFS, SCHEMA, XSD

__all__ = [
    "SLOT_PROPERTIES",
    "page_files",
    "add_approach_pages",
    "Section",
    "ApproachTexts",
    "approach_texts",
]

SLOT_PROPERTIES = {
    "inspiring": CG.inspiring,
    "operation": CG.operation,
    "outcome": CG.outcome,
    "initiators": CG.initiators,
    "update": CG.update,
    None: CG.furtherText,
}


def page_files(data_dir: Path) -> list[Path]:
    """The approach pages of a data directory: approaches/<city>.<approach>.<lang>.txt."""
    return sorted((data_dir / "approaches").glob("*.txt"))


def add_approach_pages(
    ds: Dataset, cur: Curated, lexicon: Lexicon, data_dir: Path, iris: IriScheme
) -> list[CitygraphError]:
    """The title table and every approach page of `data_dir`; returns the pages' errors."""
    urls = _add_title_table(ds, cur, iris)
    errors: list[CitygraphError] = []
    for path in page_files(data_dir):
        try:
            page = parse_approach_page(path, lexicon, iris)
        except ProfileError as err:
            errors.append(err)
            continue
        _add_page(
            ds, page, relative_path(page.path, data_dir), urls.get((page.iri, page.lang)), iris
        )
    return errors


def _add_title_table(ds: Dataset, cur: Curated, iris: IriScheme) -> dict[tuple[str, str], str]:
    """Every title as a label; each page found on the site as a schema:WebPage about it."""
    graph = source_graph(ds, iris.graph("approaches"), "approaches.csv")
    urls = {}
    for row in cur.approaches:
        a, lang = URIRef(iris.approach(row["city"], row["approach"])), row["lang"]
        graph.add((a, RDFS.label, Literal(row["title"], lang=lang)))
        if row.get("url"):
            page = URIRef(row["url"])
            urls[(str(a), lang)] = row["url"]
            graph.add((a, SCHEMA.url, page))
            graph.add((page, RDF.type, SCHEMA.WebPage))
            graph.add((page, SCHEMA.about, a))
            graph.add((page, SCHEMA.inLanguage, Literal(lang)))
            graph.add((page, SCHEMA.name, Literal(row["title"], lang=lang)))
    return urls


def _add_page(
    ds: Dataset, page: ApproachPage, source_file: str, url: str | None, iris: IriScheme
) -> None:
    """One page's own graph: its title and section texts on the Approach, with provenance."""
    slug = iris.slug_of(page.iri)
    graph = source_graph(
        ds, iris.graph("approach", page.city_slug, f"{slug}-{page.lang}"), source_file
    )
    a = URIRef(page.iri)
    graph.add((graph.identifier, DCTERMS.language, Literal(page.lang, datatype=XSD.language)))
    for source in filter(None, [url, *page.sources]):
        graph.add((graph.identifier, PROV.wasDerivedFrom, URIRef(source)))
    if url:
        graph.add((a, SCHEMA.url, URIRef(url)))
        graph.add((a, PROV.wasDerivedFrom, URIRef(url)))
    graph.add((a, RDFS.label, Literal(page.title, lang=page.lang)))
    graph.add((a, CG.approachOf, URIRef(page.city_iri)))
    for slot, text in _texts(page).items():
        if slot == "contact":
            contact = URIRef(f"{page.iri}#contact")
            graph.add((a, SCHEMA.contactPoint, contact))
            graph.add((contact, RDF.type, SCHEMA.ContactPoint))
            graph.add((contact, SCHEMA.description, Literal(text, lang=page.lang)))
        else:
            graph.add((a, SLOT_PROPERTIES[slot], Literal(text, lang=page.lang)))


def _texts(page: ApproachPage) -> dict[str | None, str]:
    """One text per slot: sections of one slot joined; a heading of no slot kept with its text."""
    texts: dict[str | None, list[str]] = {}
    for s in page.sections:
        text = s.text if s.slot else f"{s.heading}\n{s.text}"
        texts.setdefault(s.slot, []).append(text)
    return {slot: "\n\n".join(parts) for slot, parts in texts.items()}


@dataclass(frozen=True)
class Section:
    """One section as a reader sees it: its slot ('further' for a heading of no slot), its
    property (whose rdfs:label names it in en and de), its text and the text's language."""

    slot: str
    prop: str
    text: str
    lang: str


@dataclass
class ApproachTexts:
    """An approach's title and sections for a reader of `lang`, other languages filling gaps."""

    iri: str
    lang: str
    title: str = ""
    sections: list[Section] = field(default_factory=list)
    pages: dict[str, str] = field(default_factory=dict)  # lang -> URL of the site's page
    languages: list[str] = field(default_factory=list)  # languages with a text of the approach

    @property
    def fallbacks(self) -> list[Section]:
        """The sections shown in another language, for a note on the page."""
        return [s for s in self.sections if s.lang != self.lang]


_ORDER = [*(slot for slot in SLOTS if slot != "contact"), None, "contact"]
_PROPS = {**SLOT_PROPERTIES, "contact": SCHEMA.contactPoint, "title": RDFS.label}
_QUERY = """
PREFIX schema: <https://schema.org/>
SELECT ?p ?text ?page ?lang WHERE {
  { <IRI> ?p ?text . VALUES ?p { PROPS } }
  UNION { <IRI> schema:contactPoint/schema:description ?text . BIND(schema:contactPoint AS ?p) }
  UNION { <IRI> schema:url ?page . ?page schema:inLanguage ?lang }
}"""


def approach_texts(
    store: Store, iri: str, lang: str, prefer: tuple[str, ...] = ("en", "de")
) -> ApproachTexts:
    """Title, sections and site pages of an approach for a reader of `lang`.

    A text missing in `lang` is taken from the first of `prefer`, else any language, so that
    the page can show it with a note; the site's page per language is for a source link.
    """
    props = " ".join(f"<{p}>" for slot, p in _PROPS.items() if slot != "contact")
    rows = store.select(_QUERY.replace("IRI", iri).replace("PROPS", props))
    texts: dict[str, dict[str, str]] = {}  # property -> lang -> text
    out = ApproachTexts(iri, lang)
    for row in rows:
        if row.get("page") is not None:
            out.pages[str(row["lang"])] = str(row["page"])
        else:
            texts.setdefault(str(row["p"]), {})[row["text"].language or ""] = str(row["text"])
    order = [lang, *prefer]
    pick = lambda by_lang: next(  # noqa: E731
        ((by_lang[x], x) for x in [*order, *sorted(by_lang)] if x in by_lang), ("", "")
    )
    out.title = pick(texts.get(str(RDFS.label), {}))[0]
    for slot in _ORDER:
        text, text_lang = pick(texts.get(str(_PROPS[slot]), {}))
        if text:
            out.sections.append(Section(slot or "further", str(_PROPS[slot]), text, text_lang))
    out.languages = sorted({x for p, t in texts.items() if p != str(RDFS.label) for x in t})
    return out
