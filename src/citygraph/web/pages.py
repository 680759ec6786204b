"""The HTML renderer of a resource's graph: one page per kind, read through a Lens in one language.

A Lens picks the label or text in the page's language, falling back to English, then to any, and
maps our IRIs to this host's paths, so that links stay on the server that answers for the base.
"""

import json
from collections import defaultdict
from dataclasses import dataclass

from flask import g, render_template, request
from markupsafe import Markup
from rdflib import Graph, Literal, URIRef

from citygraph.iris import ONTOLOGY
from citygraph.vocab import CG, DCTERMS, ORG, OWL, PROV, RDF, RDFS, SCHEMA, SKOS, WGS
from citygraph.web import get_settings

__all__ = ["Link", "Lens", "href", "render_resource", "schema_org", "embed_json"]

_LABELS = (SKOS.prefLabel, RDFS.label, SCHEMA.name)
_SCHEMA = str(SCHEMA)
_PLAIN = {"url", "sameAs", "citation"}
SECTIONS = ("special", "focus", "keyFactors", "successes", "beyondLocal")
APPROACH_SECTIONS = ("inspiring", "operation", "outcome", "initiators", "update", "furtherText")
_SCHEMA_TYPES = {
    CG.City: "City",
    CG.Network: "Organization",
    CG.Approach: "Project",
    CG.Topic: "DefinedTerm",
    CG.Profile: "CreativeWork",
    CG.Membership: "Role",
}
_SCHEMA_PROPS = {
    SKOS.altLabel: "alternateName",
    CG.memberOf: "memberOf",
    CG.approachOf: "sourceOrganization",
    CG.inCategory: "about",
    CG.tagline: "slogan",
    CG.country: "containedInPlace",
    CG.hasProfile: "subjectOf",
    WGS.lat: "latitude",
    WGS.long: "longitude",
    OWL.sameAs: "sameAs",
    DCTERMS.source: "citation",
    SKOS.definition: "description",
}


def href(iri: str) -> str:
    """The path on this host that answers for one of our IRIs; other IRIs unchanged."""
    base = get_settings().base_iri
    if iri.startswith(ONTOLOGY):
        return f"{request.script_root}/ontology#{iri[len(ONTOLOGY) :]}"
    if iri.startswith(base):
        return f"{request.script_root}/{iri[len(base) :]}"
    return iri


@dataclass(frozen=True, order=True)
class Link:
    """A labelled link, sortable by label."""

    label: str
    href: str


class Lens:
    """One graph read in one language."""

    def __init__(self, graph: Graph, lang: str):
        self.graph, self.lang = graph, lang

    def _pick(self, values) -> Literal | None:
        values = [v for v in values if isinstance(v, Literal)]
        for wanted in (self.lang, None, "en"):
            for value in values:
                if value.language == wanted:
                    return value
        return values[0] if values else None

    def text(self, subject, prop) -> str:
        """The value of `prop` in the page's language, or the best fallback; '' if none."""
        return self.text_lang(subject, prop)[0]

    def text_lang(self, subject, prop) -> tuple[str, str]:
        """The text as `text` picks it, with its language ('' for none)."""
        value = self._pick(self.graph.objects(subject, prop))
        return (str(value), value.language or "") if value is not None else ("", "")

    def label(self, node) -> str:
        for prop in _LABELS:
            if text := self.text(node, prop):
                return text
        return (
            self.graph.namespace_manager.normalizeUri(node)
            if isinstance(node, URIRef)
            else str(node)
        )

    def link(self, node) -> Link:
        return Link(self.label(node), href(str(node)))

    def links(self, subject, prop) -> list[Link]:
        return sorted(self.link(o) for o in self.graph.objects(subject, prop))

    def value(self, subject, prop) -> str:
        return str(self.graph.value(subject, prop) or "")

    def in_lang(self, node) -> bool:
        """Whether the node has a label in the page's language."""
        return any(
            getattr(v, "language", None) == self.lang
            for p in _LABELS
            for v in self.graph.objects(node, p)
        )

    def prefer_lang(self, nodes) -> list:
        """The nodes labelled in the page's language, or all of them if none is."""
        nodes = list(nodes)
        return [n for n in nodes if self.in_lang(n)] or nodes


def _membership_rows(lens: Lens, memberships, other) -> list[dict]:
    rows = [
        {
            "other": lens.link(lens.graph.value(m, other)),
            "href": href(str(m)),
            "role": lens.label(lens.graph.value(m, ORG.role)),
            "start": lens.value(m, SCHEMA.startDate),
            "end": lens.value(m, SCHEMA.endDate),
        }
        for m in memberships
    ]
    return sorted(rows, key=lambda r: (r["start"] or "9999", r["other"]))


def city_context(lens: Lens, iri: URIRef) -> dict:
    graph = lens.graph
    by_topic = defaultdict(list)
    for approach in lens.prefer_lang(graph.subjects(CG.approachOf, iri)):
        for topic in list(graph.objects(approach, CG.inCategory)) or [None]:
            by_topic[lens.link(topic) if topic else None].append(lens.link(approach))
    profiles = _profiles(lens, iri)
    findings = sorted(
        (int(lens.value(f, SCHEMA.position) or 0), lens.text(f, RDF.value))
        for p in profiles
        for f in graph.objects(p, CG.keyFinding)
    )
    sources = {str(s) for node in (iri, *profiles) for s in graph.objects(node, DCTERMS.source)}
    return {
        "tagline": lens.text(iri, CG.tagline),
        "country": lens.links(iri, CG.country),
        "sections": [(key, *lens.text_lang(iri, CG[key])) for key in SECTIONS],
        "memberships": _membership_rows(lens, graph.subjects(ORG.member, iri), ORG.organization),
        "approaches": sorted(by_topic.items(), key=lambda kv: (kv[0] is None, kv[0])),
        "findings": [text for _, text in findings],
        "sources": sorted(sources),
        "lat": lens.value(iri, WGS.lat),
        "lon": lens.value(iri, WGS.long),
    }


def _profiles(lens: Lens, iri: URIRef) -> list:
    """The city's profiles in the page's language, else all of them."""
    profiles = [
        p for p in lens.graph.subjects(SCHEMA.about, iri) if (p, RDF.type, CG.Profile) in lens.graph
    ]
    return [p for p in profiles if lens.value(p, DCTERMS.language) == lens.lang] or profiles


def network_context(lens: Lens, iri: URIRef) -> dict:
    graph = lens.graph
    return {
        "aliases": sorted({str(a) for a in graph.objects(iri, SKOS.altLabel)}),
        "founded": lens.value(iri, SCHEMA.foundingDate),
        "place": lens.links(iri, SCHEMA.foundingLocation),
        "document": lens.links(iri, CG.foundingDocument),
        "coordinator": lens.value(iri, CG.coordinatorName),
        "website": lens.value(iri, SCHEMA.url),
        "members": _membership_rows(lens, graph.subjects(ORG.organization, iri), ORG.member),
        "sources": sorted(str(s) for s in graph.objects(iri, DCTERMS.source)),
    }


def topic_context(lens: Lens, iri: URIRef) -> dict:
    graph = lens.graph
    rows = [
        (lens.link(graph.value(a, CG.approachOf)), lens.link(a))
        for a in lens.prefer_lang(graph.subjects(CG.inCategory, iri))
    ]
    return {"definition": lens.text(iri, SKOS.definition), "rows": sorted(rows)}


def approach_context(lens: Lens, iri: URIRef) -> dict:
    pages = {str(u) for u in lens.graph.objects(iri, SCHEMA.url)}
    return {
        "city": lens.links(iri, CG.approachOf),
        "topics": lens.links(iri, CG.inCategory),
        "profiles": [p for p in lens.links(iri, PROV.wasDerivedFrom) if p.href not in pages],
        "sections": [(key, *lens.text_lang(iri, CG[key])) for key in APPROACH_SECTIONS],
        "contact": [
            lens.text_lang(c, SCHEMA.description)
            for c in lens.graph.objects(iri, SCHEMA.contactPoint)
        ],
        "sources": sorted(pages),
    }


def generic_context(lens: Lens, iri: URIRef) -> dict:
    """Every subject of the graph, the resource first, as property/value tables."""
    subjects = sorted(set(lens.graph.subjects()), key=lambda s: (s != iri, str(s)))
    return {"subjects": [(s, _rows(lens, s)) for s in subjects]}


def _rows(lens: Lens, subject) -> list[tuple[Link, list]]:
    by_prop = defaultdict(list)
    for prop, value in lens.graph.predicate_objects(subject):
        by_prop[prop].append(lens.link(value) if isinstance(value, URIRef) else str(value))
    return sorted((lens.link(prop), sorted(values, key=str)) for prop, values in by_prop.items())


_CONTEXTS = {
    "city": city_context,
    "network": network_context,
    "topic": topic_context,
    "approach": approach_context,
}


def schema_org(lens: Lens, iri: URIRef) -> Markup:
    """The resource as schema.org JSON-LD, safe to embed in a <script> element."""
    props = defaultdict(list)
    for prop, value in lens.graph.predicate_objects(iri):
        key = _SCHEMA_PROPS.get(prop) or (
            prop[len(_SCHEMA) :] if prop.startswith(_SCHEMA) else None
        )
        if (
            not key
            or key == "name"
            or (isinstance(value, Literal) and value.language not in (None, lens.lang))
        ):
            continue
        plain = isinstance(value, Literal) or key in _PLAIN
        item = str(value) if plain else {"@id": str(value), "name": lens.label(value)}
        if item not in props[key]:
            props[key].append(item)
    kind = next(
        (_SCHEMA_TYPES[t] for t in lens.graph.objects(iri, RDF.type) if t in _SCHEMA_TYPES), "Thing"
    )
    doc = {
        "@context": "https://schema.org",
        "@type": kind,
        "@id": str(iri),
        "name": lens.label(iri),
        "mainEntityOfPage": request.base_url,
    }
    doc.update({k: v[0] if len(v) == 1 else v for k, v in sorted(props.items())})
    return embed_json(doc)


def embed_json(doc: dict) -> Markup:
    """JSON that is safe inside a <script> element."""
    return Markup(json.dumps(doc, ensure_ascii=False).replace("</", "<\\/"))


def render_resource(kind: str, iri: URIRef, graph: Graph) -> str:
    """The HTML page of one resource, from the same graph the data formats serialise."""
    lens = Lens(graph, g.get("lang", "en"))
    context = _CONTEXTS.get(kind, generic_context)(lens, iri)
    template = kind if kind in _CONTEXTS else "generic"
    return render_template(
        f"resources/{template}.html",
        kind=kind,
        iri=iri,
        lens=lens,
        title=lens.label(iri),
        jsonld=schema_org(lens, iri),
        **context,
    )
