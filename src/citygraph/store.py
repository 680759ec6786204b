"""One Store interface over the embedded pyoxigraph store and a remote SPARQL 1.1 server."""

import json
import shutil
import urllib.error
import urllib.parse
import urllib.request
from abc import ABC, abstractmethod
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from citygraph.errors import QueryError, StoreError

__all__ = ["Store", "EmbeddedStore", "RemoteStore", "open_store", "to_rdflib"]

Row = dict[str, Node]


def to_rdflib(term) -> Node:
    """A pyoxigraph term as the equivalent rdflib term."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def _json_term(cell: dict) -> Node:
    """A term of the SPARQL 1.1 JSON results format as an rdflib term."""
    kind, value = cell["type"], cell["value"]
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if "xml:lang" in cell:
        return Literal(value, lang=cell["xml:lang"])
    return Literal(value, datatype=URIRef(cell["datatype"]) if "datatype" in cell else None)


def rdf_format(path: Path) -> ox.RdfFormat:
    """The RDF format a file's suffix names (.nq, .trig, ...); StoreError for an unknown one."""
    fmt = ox.RdfFormat.from_extension(path.suffix.lstrip("."))
    if fmt is None:
        raise StoreError(f"{path}: unknown RDF format; use .trig or .nq")
    return fmt


def _quads(path: Path):
    return ox.parse(path=str(path), format=rdf_format(path))


class Store(ABC):
    """Where the built graph lives; the web app and the network analysis read it only here.

    Its default graph is the RDF merge (a set) of all named graphs: queries without GRAPH see
    every fact once, whichever sources state it.
    """

    @abstractmethod
    def select(self, query: str) -> list[Row]:
        """Rows of a SELECT query (default graph: the merge of all named graphs)."""

    @abstractmethod
    def ask(self, query: str) -> bool:
        """The answer of an ASK query."""

    @abstractmethod
    def construct(self, query: str) -> Graph:
        """The triples of a CONSTRUCT or DESCRIBE query."""

    @abstractmethod
    def load(self, dataset: Path) -> None:
        """Replace the whole content with a dataset file (N-Quads, TriG, ...), graph by graph,
        and make the merge of its graphs the default graph."""


class EmbeddedStore(Store):
    """pyoxigraph, in memory or on disk."""

    def __init__(self, path: Path | None = None, read_only: bool = False):
        self.path = path
        try:
            if path is None:
                self.ox = ox.Store()
            elif read_only:
                self.ox = ox.Store.read_only(str(path))
            else:
                self.ox = ox.Store(str(path))
        except OSError as err:
            raise StoreError(f"cannot open the store at {path}: {err}") from err

    def _query(self, query: str):
        try:
            return self.ox.query(query)
        except SyntaxError as err:
            raise QueryError(str(err)) from err

    def select(self, query: str) -> list[Row]:
        solutions = self._query(query)
        names = [v.value for v in solutions.variables]
        return [{n: to_rdflib(s[n]) for n in names if s[n] is not None} for s in solutions]

    def ask(self, query: str) -> bool:
        return bool(self._query(query))

    def construct(self, query: str) -> Graph:
        graph = Graph()
        for triple in self._query(query):
            graph.add(tuple(map(to_rdflib, (triple.subject, triple.predicate, triple.object))))
        return graph

    def load(self, dataset: Path) -> None:
        self.ox.clear()
        try:
            self.ox.bulk_load(path=str(dataset), format=rdf_format(dataset))
            self.ox.bulk_extend(ox.Quad(q.subject, q.predicate, q.object) for q in _quads(dataset))
        except SyntaxError as err:
            raise StoreError(f"{dataset}: {err}") from err
        self.ox.optimize()

    @classmethod
    def create(cls, path: Path, dataset: Path) -> "EmbeddedStore":
        """Build an on-disk store from a dataset file beside `path`, then swap it in atomically;
        returned open read-only, as the query workers open it."""
        fresh = path.with_name(path.name + ".new")
        shutil.rmtree(fresh, ignore_errors=True)
        store = cls(fresh)
        store.load(dataset)
        store.ox.flush()
        del store
        old = path.with_name(path.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        if path.exists():
            path.rename(old)
        fresh.rename(path)
        shutil.rmtree(old, ignore_errors=True)
        return cls(path, read_only=True)


class RemoteStore(Store):
    """A SPARQL 1.1 server: Protocol for queries, Graph Store Protocol for loading.

    `url` is the query endpoint; `graph_store` the Graph Store Protocol endpoint
    (Oxigraph: /store, Fuseki: /<dataset>/data); `owns` the prefix of the graph IRIs a load may
    replace or drop, so that a rebuild never duplicates and never touches anyone else's graphs.
    """

    def __init__(
        self, url: str, graph_store: str | None = None, owns: str = "", timeout: float = 60.0
    ):
        self.url, self.timeout, self.owns = url, timeout, owns
        self.graph_store = graph_store or url.rsplit("/", 1)[0] + "/store"

    def _post(self, url: str, body: bytes, content_type: str, accept: str, method="POST") -> bytes:
        request = urllib.request.Request(
            url, data=body, method=method, headers={"Content-Type": content_type, "Accept": accept}
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.read()
        except urllib.error.HTTPError as err:
            detail = err.read().decode("utf-8", "replace")[:500]
            cls = QueryError if err.code == 400 else StoreError
            raise cls(f"{url} answered {err.code}: {detail}") from err
        except urllib.error.URLError as err:
            raise StoreError(f"cannot reach {url}: {err.reason}") from err

    def _results(self, query: str) -> dict:
        body = self._post(
            self.url, query.encode(), "application/sparql-query", "application/sparql-results+json"
        )
        return json.loads(body)

    def select(self, query: str) -> list[Row]:
        return [
            {k: _json_term(v) for k, v in row.items()}
            for row in self._results(query)["results"]["bindings"]
        ]

    def ask(self, query: str) -> bool:
        return bool(self._results(query)["boolean"])

    def construct(self, query: str) -> Graph:
        body = self._post(
            self.url, query.encode(), "application/sparql-query", "application/n-triples"
        )
        return Graph().parse(data=body.decode("utf-8"), format="nt")

    def load(self, dataset: Path) -> None:
        """PUT every named graph, then the merge of all as the default graph; drop owned graphs
        that the new build no longer has."""
        quads = ox.Dataset(_quads(dataset))
        graphs = sorted({q.graph_name.value for q in quads})
        for graph in graphs:
            triples = [q.triple for q in quads.quads_for_graph_name(ox.NamedNode(graph))]
            self._send("PUT", self._graph_url(graph), triples)
        self._send("PUT", f"{self.graph_store}?default", {q.triple for q in quads})
        for stale in self.graphs() - set(graphs):
            if self.owns and stale.startswith(self.owns):
                self._send("DELETE", self._graph_url(stale), [])

    def graphs(self) -> set[str]:
        """The IRIs of the server's non-empty named graphs."""
        return {
            str(r["g"]) for r in self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        }

    def _graph_url(self, graph: str) -> str:
        return f"{self.graph_store}?graph={urllib.parse.quote(graph, safe='')}"

    def _send(self, method: str, url: str, triples) -> None:
        body = ox.serialize(list(triples), format=ox.RdfFormat.N_TRIPLES) if triples else b""
        self._post(url, body, "application/n-triples", "*/*", method=method)


def open_store(location: str | Path, read_only: bool = True) -> Store:
    """A remote store for an http(s) URL, else the embedded store at a path."""
    text = str(location)
    if text.startswith(("http://", "https://")):
        return RemoteStore(text)
    return EmbeddedStore(Path(text), read_only=read_only)
