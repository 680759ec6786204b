"""Store -> networkx graphs of cities, networks and topics, their projections and parts.

Graphs are read only through `Store.select` (SPARQL), so they are the same on the embedded store
and on a remote server. Nodes are IRIs; cities carry ``bipartite=0``, networks and topics
``bipartite=1``, as networkx's bipartite algorithms expect.
"""

import re
from collections import Counter, defaultdict

import networkx as nx

from citygraph.errors import CitygraphError
from citygraph.store import Store

__all__ = [
    "membership_graph",
    "topic_graph",
    "city_projection",
    "network_overlap",
    "ego",
    "side",
    "find",
    "around",
    "graph_of",
    "GRAPHS",
]

_PREFIXES = """PREFIX cg: <https://w3id.org/citygraph/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX schema: <https://schema.org/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX wgs: <http://www.w3.org/2003/01/geo/wgs84_pos#>
"""
NODES = (
    _PREFIXES
    + """SELECT ?node ?kind (MIN(?de_) AS ?de) (MIN(?en_) AS ?en) (MIN(?any_) AS ?any)
  (MIN(?iso_) AS ?iso) (MIN(?lat_) AS ?lat) (MIN(?long_) AS ?long) (MIN(STR(?wd_)) AS ?wd)
WHERE {
  VALUES (?class ?kind) { (cg:City "city") (cg:Network "network") (cg:Topic "topic") }
  ?node a ?class .
  OPTIONAL { ?node rdfs:label|skos:prefLabel ?de_ FILTER(lang(?de_) = "de") }
  OPTIONAL { ?node rdfs:label|skos:prefLabel ?en_ FILTER(lang(?en_) = "en") }
  OPTIONAL { ?node rdfs:label|skos:prefLabel ?any_ }
  OPTIONAL { ?node cg:country/schema:identifier ?iso_ }
  OPTIONAL { ?node wgs:lat ?lat_ ; wgs:long ?long_ }
  OPTIONAL { ?node owl:sameAs ?wd_ FILTER(STRSTARTS(STR(?wd_), "http://www.wikidata.org/entity/")) }
} GROUP BY ?node ?kind"""
)
MEMBERSHIPS = (
    _PREFIXES
    + """SELECT ?city ?network ?role ?start ?source WHERE {
  ?city cg:memberOf ?network .
  OPTIONAL { ?m org:member ?city ; org:organization ?network ; org:role ?role .
             OPTIONAL { ?m schema:startDate ?start } OPTIONAL { ?m dcterms:source ?source } }
}"""
)
APPROACHES = (
    _PREFIXES
    + """SELECT DISTINCT ?city ?topic ?approach WHERE {
  ?city cg:hasApproach ?approach . ?approach cg:inCategory ?topic .
}"""
)


def _nodes(store: Store) -> dict[str, dict]:
    """Node attributes by IRI: kind, slug, labels (de, en), country, coordinates, Wikidata."""
    table = {}
    for row in store.select(NODES):
        iri, kind = str(row["node"]), str(row["kind"])
        fallback = str(row.get("en") or row.get("any") or iri.rsplit("/", 1)[-1])
        attrs = {
            "kind": kind,
            "bipartite": int(kind != "city"),
            "slug": iri.rsplit("/", 1)[-1],
            "label": fallback,
            "label_en": fallback,
            "label_de": str(row.get("de") or fallback),
        }
        if "iso" in row:
            attrs["country"] = str(row["iso"])
        if "lat" in row:
            attrs["lat"], attrs["lon"] = float(row["lat"]), float(row["long"])
        if "wd" in row:
            attrs["wikidata"] = str(row["wd"]).rsplit("/", 1)[-1]
        table[iri] = attrs
    return table


def _kebab(role_iri: str) -> str:
    """'...#FoundingMember' -> 'founding-member'.

    >>> _kebab("https://w3id.org/citygraph/ontology#FoundingMember")
    'founding-member'
    """
    local = role_iri.rsplit("#", 1)[-1]
    return re.sub(r"(?<!^)([A-Z])", r"-\1", local).lower()


def _memberships(store: Store) -> dict[tuple[str, str], dict]:
    """Edge attributes per (city, network): roles, the earliest start year, the sources."""
    roles, starts, sources = defaultdict(set), defaultdict(set), defaultdict(set)
    for row in store.select(MEMBERSHIPS):
        pair = (str(row["city"]), str(row["network"]))
        roles[pair].add(_kebab(str(row["role"])) if "role" in row else "member")
        if "start" in row:
            starts[pair].add(int(str(row["start"])[:4]))
        if "source" in row:
            sources[pair].add(str(row["source"]))
    edges = {}
    for pair in roles:
        attrs = {"role": " ".join(sorted(roles[pair]))}
        if starts[pair]:
            attrs["start"] = min(starts[pair])
        if sources[pair]:
            attrs["sources"] = " ".join(sorted(sources[pair]))
        edges[pair] = attrs
    return edges


def membership_graph(store: Store) -> nx.Graph:
    """The bipartite City–Network graph: every network, every city that belongs to one.

    Edges carry ``role`` (space-separated roles), ``start`` (year of the earliest dated
    membership, when known) and ``sources``; cities carry ``networks``, networks ``members``.
    """
    nodes = _nodes(store)
    graph = nx.Graph(name="memberships")
    graph.add_nodes_from((iri, a) for iri, a in nodes.items() if a["kind"] == "network")
    for (city, network), attrs in sorted(_memberships(store).items()):
        graph.add_node(city, **nodes.get(city, {"kind": "city", "bipartite": 0}))
        graph.add_edge(city, network, **attrs)
    for node, degree in graph.degree:
        graph.nodes[node]["members" if graph.nodes[node]["bipartite"] else "networks"] = degree
    return graph


def topic_graph(store: Store) -> nx.Graph:
    """The bipartite City–Topic graph; ``weight`` counts the city's approaches in the topic."""
    nodes = _nodes(store)
    weights = Counter((str(r["city"]), str(r["topic"])) for r in store.select(APPROACHES))
    graph = nx.Graph(name="topics")
    graph.add_nodes_from((iri, a) for iri, a in nodes.items() if a["kind"] == "topic")
    for (city, topic), weight in sorted(weights.items()):
        graph.add_node(city, **nodes[city])
        graph.add_edge(city, topic, weight=weight)
    return graph


def side(graph: nx.Graph, bipartite: int) -> set:
    """The nodes of one side: 0 for cities, 1 for networks or topics.

    >>> B = nx.Graph([("a", "N")]); B.nodes["a"]["bipartite"] = 0; B.nodes["N"]["bipartite"] = 1
    >>> side(B, 1)
    {'N'}
    """
    return {n for n, b in graph.nodes(data="bipartite") if b == bipartite}


def city_projection(graph: nx.Graph) -> nx.Graph:
    """City–city graph; ``weight`` is the number of networks two cities share.

    >>> B = nx.Graph([("a", "N"), ("b", "N"), ("b", "M"), ("c", "M"), ("a", "M")])
    >>> nx.set_node_attributes(B, {"a": 0, "b": 0, "c": 0, "N": 1, "M": 1}, "bipartite")
    >>> sorted(city_projection(B).edges(data="weight"))
    [('a', 'b', 2), ('a', 'c', 1), ('b', 'c', 1)]
    """
    projection = nx.bipartite.weighted_projected_graph(graph, sorted(side(graph, 0)))
    projection.graph["name"] = "cities"
    return projection


def network_overlap(graph: nx.Graph) -> nx.Graph:
    """Network–network graph: ``shared`` members and their ``weight``, the Jaccard index.

    >>> B = nx.Graph([("a", "N"), ("b", "N"), ("b", "M"), ("c", "M")])
    >>> nx.set_node_attributes(B, {"a": 0, "b": 0, "c": 0, "N": 1, "M": 1}, "bipartite")
    >>> list(network_overlap(B).edges(data=True))  # 1 shared of 3 members in either
    [('M', 'N', {'weight': 0.3333333333333333, 'shared': 1})]
    """
    networks = sorted(side(graph, 1))
    shared = nx.bipartite.weighted_projected_graph(graph, networks)
    overlap = nx.bipartite.overlap_weighted_projected_graph(graph, networks, jaccard=True)
    for u, v, count in shared.edges(data="weight"):
        overlap.edges[u, v]["shared"] = count
    overlap.graph["name"] = "overlap"
    return overlap


def ego(graph: nx.Graph, node: str, radius: int = 1) -> nx.Graph:
    """The ego network of one city or network: itself and everything within `radius` hops."""
    return nx.ego_graph(graph, node, radius=radius)


def find(graph: nx.Graph, slug: str, kind: str) -> str:
    """The node of the city or network with this slug; CitygraphError names the known ones.

    >>> B = nx.Graph(); B.add_node("https://x/network/n", slug="n", kind="network")
    >>> find(B, "n", "network")
    'https://x/network/n'
    """
    for node, attrs in graph.nodes(data=True):
        if attrs.get("slug") == slug and attrs.get("kind") == kind:
            return node
    known = sorted(a["slug"] for _, a in graph.nodes(data=True) if a.get("kind") == kind)
    raise CitygraphError(f"no {kind} {slug!r}; known: {', '.join(known[:40]) or 'none'}")


def around(graph: nx.Graph, network: str | None = None, city: str | None = None) -> nx.Graph:
    """The part of a membership graph an analyst asks for by slug.

    A network with its members, or a city with its networks and their other members; the
    whole graph when neither is given.
    """
    if network:
        return ego(graph, find(graph, network, "network"), radius=1)
    if city:
        return ego(graph, find(graph, city, "city"), radius=2)
    return graph


GRAPHS = ("memberships", "cities", "overlap", "topics")
"""The graphs `graph_of` builds, by name."""


def graph_of(
    store: Store, kind: str = "memberships", network: str | None = None, city: str | None = None
) -> nx.Graph:
    """One of GRAPHS, built on the part of the membership graph `around` a network or city."""
    graph = around(membership_graph(store), network, city)
    if kind == "topics":
        topics = topic_graph(store)
        return topics.subgraph((side(graph, 0) & set(topics)) | side(topics, 1)).copy()
    builders = {
        "memberships": lambda: graph,
        "cities": lambda: city_projection(graph),
        "overlap": lambda: network_overlap(graph),
    }
    if kind not in builders:
        raise CitygraphError(f"no graph {kind!r}; expected one of {', '.join(GRAPHS)}")
    return builders[kind]()
