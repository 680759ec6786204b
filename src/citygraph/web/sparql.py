"""The SPARQL 1.1 Protocol at /sparql, read-only, answered by the query workers.

GET and POST (form-encoded or application/sparql-query) carry one query; `default-graph-uri`
and `named-graph-uri` pick local graphs; without them the default graph is the union of all
named graphs. GET without a query returns the Service Description. Errors are JSON for API
clients and plain text for browsers.

The endpoint is a plain WSGI app on werkzeug, mounted in front of Flask (`mount`): every
query pays only for what the protocol needs, not for Flask's routing and contexts, which cost
more than a small query's evaluation.
"""

import json

import pyoxigraph as ox
from flask import Flask
from werkzeug.datastructures import CombinedMultiDict, MultiDict
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.http import HTTP_STATUS_CODES
from werkzeug.wrappers import Request, Response

from citygraph.settings import Settings
from citygraph.store import RemoteStore
from citygraph.web.cache import ResultCache
from citygraph.web.conneg import RDF, known_format, negotiate
from citygraph.web.forward import RemoteRunner
from citygraph.web.results import RDF_FORMATS
from citygraph.web.workers import Job, QueryFailed, QueryPool

__all__ = ["PATH", "SparqlEndpoint", "mount", "problem", "describe_service"]

PATH = "/sparql"
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


def mount(app: Flask, query_page: str) -> None:
    """Answer /sparql ahead of Flask with a SparqlEndpoint over the app's store; browsers that
    ask it for HTML are sent to `query_page`."""
    settings: Settings = app.config["CITYGRAPH"]
    store = app.extensions["citygraph.store"]
    path = getattr(store, "path", None)
    if isinstance(store, RemoteStore):
        pool = RemoteRunner(store.url, settings.query_timeout)
    else:
        pool = QueryPool(path, settings.workers, settings.query_timeout) if path else None
    cached = settings.cache_bytes if path and not isinstance(store, RemoteStore) else 0
    endpoint = SparqlEndpoint(settings, pool, ResultCache(path, cached), query_page)
    app.extensions["citygraph.pool"] = pool
    app.extensions["citygraph.sparql"] = endpoint
    flask_app = app.wsgi_app

    def dispatch(environ, start_response):
        if environ.get("PATH_INFO") == PATH:
            return endpoint(environ, start_response)
        return flask_app(environ, start_response)

    app.wsgi_app = dispatch


def problem(request: Request, status: int, message: str) -> Response:
    """An error response: plain text for browsers, JSON for everyone else."""
    best = request.accept_mimetypes.best_match(["application/json", "text/plain", "text/html"])
    if best in ("text/plain", "text/html"):
        body, kind = f"{status} {HTTP_STATUS_CODES[status]}: {message}\n", "text/plain"
    else:
        doc = {"status": status, "error": HTTP_STATUS_CODES[status], "message": message}
        body, kind = json.dumps(doc) + "\n", "application/json"
    response = Response(body, status, mimetype=kind)
    if status == 405:
        response.headers["Allow"] = ALLOW
    return response


class SparqlEndpoint:
    """The SPARQL 1.1 Protocol query operation as a WSGI app.

    `pool` answers Jobs (worker processes, or a remote server); `cache` keeps answers."""

    def __init__(
        self,
        settings: Settings,
        pool: QueryPool | RemoteRunner | None,
        cache: ResultCache,
        query_page: str,
    ):
        self.settings, self.pool, self.cache, self.query_page = settings, pool, cache, query_page

    def __call__(self, environ, start_response):
        request = Request(environ)
        request.max_content_length = self.settings.max_body
        response = self.respond(request)
        response.headers["Access-Control-Allow-Origin"] = "*"
        response.headers["Access-Control-Expose-Headers"] = TRUNCATED
        response.vary.add("Accept")
        return response(environ, start_response)

    def respond(self, request: Request) -> Response:
        if request.method == "OPTIONS":
            return _preflight()
        try:
            if request.method not in ("GET", "HEAD", "POST"):
                raise QueryFailed(405, f"{request.method} is not allowed here; use GET or POST")
            job = self._read_post(request) if request.method == "POST" else self._job(request)
            if job is None:
                return self._service_description(request)
            answer = self.cache.answer(job, self._run)
        except QueryFailed as err:
            return problem(request, err.status, err.message)
        except RequestEntityTooLarge:
            limit = self.settings.max_body
            return problem(
                request, 413, f"the request body is larger than the limit of {limit} bytes"
            )
        response = Response(answer.body, mimetype=answer.media_type)
        if answer.truncated:
            response.headers[TRUNCATED] = answer.truncated
        return response

    def _run(self, job: Job):
        if self.pool is None:
            raise QueryFailed(501, "this endpoint needs the embedded on-disk store")
        return self.pool.run(job)

    def _read_post(self, request: Request) -> Job:
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
            job = self._job(request, CombinedMultiDict([request.args, request.form]))
        else:
            try:
                job = self._job(request, body=request.get_data().decode("utf-8"))
            except UnicodeDecodeError as err:
                raise QueryFailed(400, f"the body is not valid UTF-8: {err}") from None
        if job is None:
            raise QueryFailed(400, "the request has no query parameter")
        return job

    def _job(
        self, request: Request, params: MultiDict | None = None, body: str | None = None
    ) -> Job | None:
        """A Job from the protocol parameters (and a direct POST's body); None without a query."""
        params = request.args if params is None else params
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
        return Job(
            queries[0],
            request.base_url,
            _graphs(params, "default-graph-uri"),
            _graphs(params, "named-graph-uri"),
            request.headers.get("Accept", ""),
            override,
            self.settings.max_rows,
            self.settings.max_bytes,
        )

    def _service_description(self, request: Request) -> Response:
        """The SPARQL Service Description of this endpoint, in a negotiated RDF format; a
        browser that prefers HTML is sent to the query page instead."""
        accept = request.accept_mimetypes
        if not request.args.get("format") and accept["text/html"] > accept["text/turtle"]:
            location = request.script_root + self.query_page
            return Response(status=303, headers={"Location": location})
        fmt = negotiate(accept, RDF, request.args.get("format"))
        if fmt is None:
            offered = ", ".join(f.media_type for f in RDF)
            raise QueryFailed(406, "the service description is offered as " + offered)
        triples = describe_service(request.base_url)
        body = ox.serialize(triples, format=RDF_FORMATS[fmt.name], prefixes={"sd": SD})
        return Response(body, mimetype=fmt.media_type)


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


def _graphs(params: MultiDict, name: str) -> tuple[str, ...] | None:
    return tuple(params.getlist(name)) if name in params else None


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
