"""Blueprint: the SPARQL 1.1 Protocol at /sparql, read-only, answered by the query workers.

GET and POST (form-encoded or application/sparql-query) carry one query; `default-graph-uri`
and `named-graph-uri` pick local graphs; without them the default graph is the union of all
named graphs. GET without a query returns the Service Description. Errors are JSON for API
clients and plain text for browsers.
"""

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, jsonify, redirect, request, url_for
from werkzeug.datastructures import CombinedMultiDict, MultiDict
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.http import HTTP_STATUS_CODES

from citygraph.store import RemoteStore
from citygraph.web import get_settings
from citygraph.web.cache import ResultCache
from citygraph.web.conneg import RDF, known_format, negotiate
from citygraph.web.forward import RemoteRunner
from citygraph.web.results import RDF_FORMATS
from citygraph.web.workers import Job, QueryFailed, QueryPool

__all__ = ["bp", "problem", "describe_service"]

bp = Blueprint("sparql", __name__)
ALLOW = "GET, HEAD, POST, OPTIONS"
QUERY_TYPES = ("application/sparql-query", "application/x-www-form-urlencoded")
TRUNCATED = "X-Citygraph-Truncated"
SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS_NS = "http://www.w3.org/ns/formats/"
ENTAILMENT = "http://www.w3.org/ns/entailment/"
_SD_FORMATS = (
    "SPARQL_Results_JSON",
    "SPARQL_Results_XML",
    "SPARQL_Results_CSV",
    "SPARQL_Results_TSV",
    "Turtle",
    "N-Triples",
    "RDF_XML",
    "JSON-LD",
    "TriG",
)


@bp.record_once
def _attach_pool(state) -> None:
    """One pool per app over the embedded store's directory (workers start on first use), or
    a runner that forwards to the remote store."""
    settings = state.app.config["CITYGRAPH"]
    store = state.app.extensions["citygraph.store"]
    path = getattr(store, "path", None)
    if isinstance(store, RemoteStore):
        pool = RemoteRunner(store.url, settings.query_timeout)
    else:
        pool = QueryPool(path, settings.workers, settings.query_timeout) if path else None
    state.app.extensions["citygraph.pool"] = pool
    cached = settings.cache_bytes if path and not isinstance(store, RemoteStore) else 0
    state.app.extensions["citygraph.cache"] = ResultCache(path, cached)


def problem(status: int, message: str) -> Response:
    """An error response: plain text for browsers, JSON for everyone else."""
    best = request.accept_mimetypes.best_match(["application/json", "text/plain", "text/html"])
    if best in ("text/plain", "text/html"):
        response = Response(
            f"{status} {HTTP_STATUS_CODES[status]}: {message}\n", status, mimetype="text/plain"
        )
    else:
        response = jsonify(status=status, error=HTTP_STATUS_CODES[status], message=message)
        response.status_code = status
    if status == 405:
        response.headers["Allow"] = ALLOW
    return response


@bp.after_request
def _cors_and_vary(response: Response) -> Response:
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Expose-Headers"] = TRUNCATED
    response.vary.add("Accept")
    return response


@bp.route("/sparql", methods=["GET", "POST", "OPTIONS", "PUT", "DELETE", "PATCH"])
def endpoint() -> Response:
    """The SPARQL 1.1 Protocol query operation."""
    if request.method == "OPTIONS":
        return _preflight()
    try:
        if request.method not in ("GET", "HEAD", "POST"):
            raise QueryFailed(405, f"{request.method} is not allowed here; use GET or POST")
        job = _read_post() if request.method == "POST" else _job(request.args)
        if job is None:
            return _service_description()
        answer = current_app.extensions["citygraph.cache"].answer(job, _pool().run)
    except QueryFailed as err:
        return problem(err.status, err.message)
    except RequestEntityTooLarge:
        limit = current_app.config["MAX_CONTENT_LENGTH"]
        return problem(413, f"the request body is larger than the limit of {limit} bytes")
    response = Response(answer.body, mimetype=answer.media_type)
    if answer.truncated:
        response.headers[TRUNCATED] = answer.truncated
    return response


def _preflight() -> Response:
    response = Response(status=204)
    response.headers.update(
        {
            "Allow": ALLOW,
            "Access-Control-Allow-Methods": ALLOW,
            "Access-Control-Allow-Headers": "Accept, Content-Type",
            "Access-Control-Max-Age": "86400",
        }
    )
    return response


def _pool() -> QueryPool | RemoteRunner:
    pool = current_app.extensions["citygraph.pool"]
    if pool is None:
        raise QueryFailed(501, "this endpoint needs the embedded on-disk store")
    return pool


def _read_post() -> Job:
    """A Job from a POST body: form-encoded or a direct application/sparql-query."""
    kind = request.mimetype
    if kind == "application/sparql-update":
        raise QueryFailed(403, "this endpoint is read-only: SPARQL Update is refused")
    if kind not in QUERY_TYPES:
        raise QueryFailed(
            415, f"a POST body must be {' or '.join(QUERY_TYPES)}, not {kind or 'untyped'}"
        )
    if request.mimetype_params.get("charset", "utf-8").lower() not in ("utf-8", "utf8"):
        raise QueryFailed(415, "the body must be encoded in UTF-8")
    if kind == "application/x-www-form-urlencoded":
        job = _job(CombinedMultiDict([request.args, request.form]))
    else:
        try:
            job = _job(request.args, request.get_data().decode("utf-8"))
        except UnicodeDecodeError as err:
            raise QueryFailed(400, f"the body is not valid UTF-8: {err}") from None
    if job is None:
        raise QueryFailed(400, "the request has no query parameter")
    return job


def _graphs(params: MultiDict, name: str) -> tuple[str, ...] | None:
    return tuple(params.getlist(name)) if name in params else None


def _job(params: MultiDict, body: str | None = None) -> Job | None:
    """A Job from the protocol parameters (and a direct POST's body); None without a query."""
    if "update" in params:
        raise QueryFailed(403, "this endpoint is read-only: SPARQL Update is refused")
    queries = params.getlist("query") + ([body] if body is not None else [])
    if len(queries) > 1:
        raise QueryFailed(400, "a request carries exactly one query")
    override = params.get("format")
    if override and not known_format(override):
        raise QueryFailed(400, f"unknown format {override!r}")
    if not queries:
        return None
    settings = get_settings()
    return Job(
        queries[0],
        request.base_url,
        _graphs(params, "default-graph-uri"),
        _graphs(params, "named-graph-uri"),
        request.headers.get("Accept", ""),
        override,
        settings.max_rows,
        settings.max_bytes,
    )


def _sd(term: str) -> ox.NamedNode:
    return ox.NamedNode(SD + term)


def describe_service(endpoint: str) -> list[ox.Triple]:
    """The Service Description of the endpoint at the URL `endpoint`."""
    a = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    service, dataset, graph = ox.BlankNode(), ox.BlankNode(), ox.BlankNode()
    facts = [
        (a, _sd("Service")),
        (_sd("endpoint"), ox.NamedNode(endpoint)),
        (_sd("supportedLanguage"), _sd("SPARQL11Query")),
        (_sd("feature"), _sd("UnionDefaultGraph")),
        (_sd("defaultEntailmentRegime"), ox.NamedNode(ENTAILMENT + "Simple")),
        (_sd("defaultDataset"), dataset),
        *((_sd("resultFormat"), ox.NamedNode(FORMATS_NS + f)) for f in _SD_FORMATS),
    ]
    return [ox.Triple(service, p, o) for p, o in facts] + [
        ox.Triple(dataset, a, _sd("Dataset")),
        ox.Triple(dataset, _sd("defaultGraph"), graph),
        ox.Triple(graph, a, _sd("Graph")),
    ]


def _service_description() -> Response:
    """The SPARQL Service Description of this endpoint, in a negotiated RDF format; a browser
    that prefers HTML is sent to the query page instead."""
    accept = request.accept_mimetypes
    if not request.args.get("format") and accept["text/html"] > accept["text/turtle"]:
        return redirect(url_for("views.query"), 303)
    fmt = negotiate(request.accept_mimetypes, RDF, request.args.get("format"))
    if fmt is None:
        raise QueryFailed(
            406, "the service description is offered as " + ", ".join(f.media_type for f in RDF)
        )
    triples = describe_service(request.base_url)
    body = ox.serialize(triples, format=RDF_FORMATS[fmt.name], prefixes={"sd": SD})
    return Response(body, mimetype=fmt.media_type)
