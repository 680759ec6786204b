"""Store -> networkx graphs of cities, networks and topics; their metrics, timeline and profiles.

Graphs are read only through `Store.select` (SPARQL), so they are the same on the embedded store
and on a remote server. Nodes are IRIs; cities carry ``bipartite=0``, networks and topics
``bipartite=1``, as networkx's bipartite algorithms expect.
"""

import re
from collections import Counter, defaultdict
from itertools import combinations

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
    "tables",
    "graph_of",
    "GRAPHS",
    "TABLES",
    "centrality",
    "bridging_cities",
    "communities",
    "timeline",
    "topic_profiles",
    "summary",
    "overlap_table",
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


def _row(graph: nx.Graph, node: str, **values) -> dict:
    attrs = graph.nodes[node]
    return {"slug": attrs.get("slug", node), "label": attrs.get("label", node), **values}


def centrality(projection: nx.Graph) -> list[dict]:
    """Degree, strength (summed weight), betweenness and eigenvector centrality per node.

    Betweenness counts hops (weights are similarities, not distances); eigenvector centrality
    uses the weights. Rows are sorted by betweenness, then degree.
    """
    if not projection:
        return []
    between = nx.betweenness_centrality(projection)
    eigen = nx.eigenvector_centrality(projection, weight="weight", max_iter=1000)
    rows = [
        _row(
            projection,
            n,
            degree=projection.degree(n),
            strength=projection.degree(n, weight="weight"),
            betweenness=round(between[n], 6),
            eigenvector=round(eigen[n], 6),
        )
        for n in projection
    ]
    return sorted(rows, key=lambda r: (-r["betweenness"], -r["degree"], r["slug"]))


def bridging_cities(graph: nx.Graph) -> list[dict]:
    """Cities in several networks, with how many network pairs they alone connect.

    ``sole_links`` counts pairs of the city's networks that share no other member;
    ``betweenness`` is the city's bipartite betweenness centrality.
    """
    cities = side(graph, 0)
    if not cities or len(side(graph, 1)) < 2:
        return []  # nothing to bridge (and networkx's normalisation would divide by zero)
    between = nx.bipartite.betweenness_centrality(graph, cities)
    rows = []
    for city in cities:
        networks = sorted(graph[city])
        if len(networks) < 2:
            continue
        sole = sum(
            1 for a, b in combinations(networks, 2) if set(graph[a]) & set(graph[b]) == {city}
        )
        rows.append(
            _row(
                graph,
                city,
                networks=len(networks),
                sole_links=sole,
                betweenness=round(between[city], 6),
            )
        )
    return sorted(rows, key=lambda r: (-r["sole_links"], -r["betweenness"], r["slug"]))


def communities(projection: nx.Graph, seed: int = 42) -> list[dict]:
    """Louvain communities of a weighted projection, largest first, one row per node."""
    found = nx.community.louvain_communities(projection, weight="weight", seed=seed)
    ordered = sorted(found, key=lambda c: (-len(c), min(c)))
    return [
        _row(projection, n, community=i, size=len(c))
        for i, c in enumerate(ordered)
        for n in sorted(c)
    ]


def timeline(graph: nx.Graph) -> list[dict]:
    """Joins per network per year and the cumulative count, years without joins included.

    >>> B = nx.Graph(); B.add_node("N", bipartite=1, slug="n", label="N")
    >>> B.add_edges_from([("a", "N", {"start": 2019}), ("b", "N", {"start": 2021}), ("c", "N")])
    >>> [(r["year"], r["joins"], r["cumulative"]) for r in timeline(B)]
    [(2019, 1, 1), (2020, 0, 1), (2021, 1, 2)]
    """
    rows = []
    for network in sorted(side(graph, 1)):
        years = Counter(y for _, _, y in graph.edges(network, data="start") if y is not None)
        total = 0
        for year in range(min(years, default=0), max(years, default=-1) + 1):
            total += years[year]
            rows.append(_row(graph, network, year=year, joins=years[year], cumulative=total))
    return rows


def topic_profiles(graph: nx.Graph, topics: nx.Graph) -> list[dict]:
    """Per network and topic: how many member cities have approaches in it, and how many."""
    rows = []
    for network in sorted(side(graph, 1)):
        members = [c for c in graph[network] if c in topics]
        cities, approaches = Counter(), Counter()
        for city in members:
            for topic, weight in topics[city].items():
                cities[topic] += 1
                approaches[topic] += weight["weight"]
        rows.extend(
            _row(graph, network, topic=topics.nodes[t]["slug"], cities=n, approaches=approaches[t])
            for t, n in cities.most_common()
        )
    return rows


def summary(graph: nx.Graph) -> list[dict]:
    """One row per network: members, their countries, first and last dated join."""
    rows = []
    for network in sorted(side(graph, 1)):
        members = graph[network]
        years = [a["start"] for a in members.values() if "start" in a]
        countries = {graph.nodes[c].get("country") for c in members} - {None}
        rows.append(
            _row(
                graph,
                network,
                members=len(members),
                countries=len(countries),
                first_join=min(years, default=""),
                last_join=max(years, default=""),
            )
        )
    return sorted(rows, key=lambda r: (-r["members"], r["slug"]))


def overlap_table(overlap: nx.Graph) -> list[dict]:
    """The overlap graph's edges as rows, most shared members first."""
    nodes = overlap.nodes
    rows = [
        {
            "network_a": nodes[u].get("slug", u),
            "network_b": nodes[v].get("slug", v),
            "shared": d["shared"],
            "jaccard": round(d["weight"], 6),
        }
        for u, v, d in overlap.edges(data=True)
    ]
    return sorted(rows, key=lambda r: (-r["shared"], r["network_a"], r["network_b"]))


def tables(
    store: Store, network: str | None = None, city: str | None = None, only: str | None = None
) -> dict:
    """Every table by name, computed lazily on the graph `around` the network or city.

    `only` names the table the caller wants: CitygraphError lists the names if there is none.
    """
    if only is not None and only not in TABLES:
        raise CitygraphError(f"no table {only!r}; expected one of {', '.join(TABLES)}")
    graph = graph_of(store, "memberships", network, city)
    projection = city_projection(graph)
    return {
        "summary": lambda: summary(graph),
        "centrality": lambda: centrality(projection),
        "bridging": lambda: bridging_cities(graph),
        "communities": lambda: communities(projection),
        "overlap": lambda: overlap_table(network_overlap(graph)),
        "timeline": lambda: timeline(graph),
        "topics": lambda: topic_profiles(graph, topic_graph(store)),
    }


GRAPHS = ("memberships", "cities", "overlap", "topics")
TABLES = ("summary", "centrality", "bridging", "communities", "overlap", "timeline", "topics")
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
