"""Blueprint: our IRIs dereferenced under the app's own host, the VoID description and the dumps.

One data function builds each resource's graph (web/data.py); content negotiation or a suffix
(`.ttl`, `.jsonld`, `.nt`) picks the renderer: HTML for people, Turtle, JSON-LD, N-Triples.
"""

import re
from collections.abc import Callable

from flask import Blueprint, Response, abort, render_template, request, send_from_directory
from rdflib import BNode, Graph, Literal, URIRef

from citygraph.dumps import DUMPS, jsonld_context
from citygraph.iris import ONTOLOGY, IriScheme
from citygraph.vocab import DCTERMS, VOID, XSD
from citygraph.vocab import RDF as RDFNS
from citygraph.web import data, get_settings, get_store
from citygraph.web.conneg import RDF, Format, by_suffix, negotiate
from citygraph.web.pages import render_resource

__all__ = ["bp", "FORMATS", "serve_graph"]

bp = Blueprint("resources", __name__)

HTML = Format("html", "text/html", ("application/xhtml+xml",))
FORMATS = (HTML, RDF[0], RDF[3], RDF[1])  # html, ttl, jsonld, nt
_SERIALIZERS = {"ttl": "turtle", "jsonld": "json-ld", "nt": "nt"}
_KINDS = "city,network,approach,topic,profile,membership,graph,country,document"
_SLUG_PATH = re.compile(r"[a-z0-9-]+(/[a-z0-9-]+)*")
_SUFFIX = re.compile(r"\.(ttl|jsonld|nt|html)$")
DUMP_TYPES = {
    "trig": "application/trig",
    "nq": "application/n-quads",
    "ttl": "text/turtle",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
}


def _split_suffix(path: str) -> tuple[str, Format | None]:
    match = _SUFFIX.search(path)
    if not match:
        return path, None
    return path[: match.start()], (HTML if match[1] == "html" else by_suffix(match[1]))


def _links(path: str) -> str:
    return ", ".join(f'<{path}.{f.name}>; rel="alternate"; type="{f.media_type}"' for f in FORMATS)


def serialize(graph: Graph, fmt: Format) -> str:
    """One graph in one RDF format; JSON-LD compacted with our prefixes."""
    extra = (
        {"context": jsonld_context()["@context"], "auto_compact": True}
        if fmt.name == "jsonld"
        else {}
    )
    return graph.serialize(format=_SERIALIZERS[fmt.name], **extra)


def serve_graph(path: str, graph: Graph, html: Callable[[], str]) -> Response:
    """A response for the resource at `path` (no suffix) in the negotiated or suffixed format."""
    path, fixed = _split_suffix(request.script_root + path)
    fmt = fixed or negotiate(request.accept_mimetypes, FORMATS)
    if fmt is None:
        types = ", ".join(f.media_type for f in FORMATS)
        return Response(
            f"Not acceptable: this resource is available as {types}\n",
            406,
            mimetype="text/plain",
            headers={"Link": _links(path)},
        )
    if not len(graph):
        abort(404)
    body = html() if fmt is HTML else serialize(graph, fmt)
    response = Response(body, mimetype=fmt.media_type)
    response.headers["Link"] = _links(path)
    if fixed is None:
        response.vary.add("Accept")
    return response


@bp.route(f"/<any({_KINDS}):kind>/<path:rest>")
@bp.route("/<any(topic):kind>/", defaults={"rest": ""})
def resource(kind: str, rest: str):
    """One of our IRIs: {base}{kind}/{rest} described by the store."""
    stem, _ = _split_suffix(rest)
    if stem and not _SLUG_PATH.fullmatch(stem):
        abort(404)
    iri = f"{get_settings().base_iri}{kind}/{stem}"
    store = get_store()
    graph = data.graph_contents(store, iri) if kind == "graph" else data.describe(store, iri)
    return serve_graph(request.path, graph, lambda: render_resource(kind, URIRef(iri), graph))


@bp.route("/ontology")
@bp.route("/ontology.<any(ttl,jsonld,nt,html):suffix>")
def ontology(suffix: str = ""):
    """The ontology: its named graph, with each term's # IRI as an anchor in the HTML."""
    graph = data.graph_contents(get_store(), IriScheme(get_settings().base_iri).graph("ontology"))
    iri = URIRef(ONTOLOGY.rstrip("#"))
    return serve_graph(request.path, graph, lambda: render_resource("ontology", iri, graph))


@bp.route("/.well-known/void")
@bp.route("/.well-known/void.<any(ttl,jsonld,nt,html):suffix>")
def void(suffix: str = ""):
    """The VoID description of the dataset: sizes, classes, dumps, the SPARQL endpoint."""
    graph, dataset = void_graph()
    return serve_graph(request.path, graph, lambda: render_resource("void", dataset, graph))


_VOID_TOTALS = {
    "triples": "triples",
    "subjects": "distinctSubjects",
    "properties": "properties",
    "objects": "distinctObjects",
}


def void_graph() -> tuple[Graph, URIRef]:
    """VoID for the store's content; dumps and endpoint at this host, which answers for the base."""
    settings, store, host = get_settings(), get_store(), request.host_url
    dataset = URIRef(f"{settings.base_iri}.well-known/void#dataset")
    graph = Graph(bind_namespaces="rdflib")
    graph.bind("void", VOID)
    add = graph.add
    add((dataset, RDFNS.type, VOID.Dataset))
    add((dataset, DCTERMS.title, Literal("citygraph", lang="en")))
    add((dataset, VOID.uriSpace, Literal(settings.base_iri)))
    add((dataset, VOID.sparqlEndpoint, URIRef(host + "sparql")))
    add((dataset, VOID.rootResource, URIRef(settings.base_iri + "topic/")))
    add((dataset, DCTERMS.license, URIRef("https://creativecommons.org/licenses/by/4.0/")))
    add((dataset, DCTERMS.source, URIRef("https://www.geonames.org/")))
    add(
        (
            dataset,
            DCTERMS.rights,
            Literal(
                "Texts and curated tables: CC BY 4.0, citygraph contributors. "
                "Coordinates and GeoNames ids: GeoNames (geonames.org), CC BY 4.0. "
                "Country outlines: Natural Earth, public domain. "
                "Every fact carries the source that states it (dcterms:source).",
                lang="en",
            ),
        )
    )
    for key, value in data.totals(store).items():
        add((dataset, VOID[_VOID_TOTALS[key]], Literal(value, datatype=XSD.integer)))
    counts = data.class_counts(store)
    add((dataset, VOID.classes, Literal(len(counts), datatype=XSD.integer)))
    for cls, n in sorted(counts.items()):
        partition = BNode()
        add((dataset, VOID.classPartition, partition))
        add((partition, VOID["class"], cls))
        add((partition, VOID.entities, Literal(n, datatype=XSD.integer)))
    for name in _built_dumps():
        add((dataset, VOID.dataDump, URIRef(f"{host}dumps/{name}")))
    return graph, dataset


def _built_dumps() -> list[str]:
    build_dir = get_settings().build_dir
    return [name for name in DUMPS if (build_dir / name).is_file()]


@bp.route("/dumps/")
def dumps():
    """The list of dump files in the build directory."""
    build_dir = get_settings().build_dir
    files = [
        (name, DUMP_TYPES[name.rsplit(".", 1)[1]], (build_dir / name).stat().st_size)
        for name in _built_dumps()
    ]
    return render_template("resources/dumps.html", files=files)


@bp.route("/dumps/<any(" + ",".join(DUMPS) + "):name>")
def dump(name: str):
    """One dump file, streamed from the build directory."""
    return send_from_directory(
        get_settings().build_dir.resolve(), name, mimetype=DUMP_TYPES[name.rsplit(".", 1)[1]]
    )
