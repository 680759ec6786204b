"""Metrics of the alliance graphs: centralities, bridging cities, communities, the membership
timeline, topic profiles and summaries, as tables (lists of dicts) ready for CSV and JSON.

The graphs come from `citygraph.network`; the algorithms are networkx's own.
"""

from collections import Counter
from itertools import combinations

import networkx as nx

from citygraph.errors import CitygraphError
from citygraph.network import city_projection, graph_of, network_overlap, side, topic_graph
from citygraph.store import Store

__all__ = [
    "SAMPLE",
    "TABLES",
    "tables",
    "centrality",
    "bridging_cities",
    "communities",
    "timeline",
    "topic_profiles",
    "summary",
    "overlap_table",
]

SAMPLE = 500  # source nodes that estimate betweenness in projections larger than this

TABLES = ("summary", "centrality", "bridging", "communities", "overlap", "timeline", "topics")


def _row(graph: nx.Graph, node: str, **values) -> dict:
    attrs = graph.nodes[node]
    return {"slug": attrs.get("slug", node), "label": attrs.get("label", node), **values}


def centrality(projection: nx.Graph) -> list[dict]:
    """Degree, strength (summed weight), betweenness and eigenvector centrality per node.

    Betweenness counts hops (weights are similarities, not distances); it is exact up to
    SAMPLE nodes and estimated from SAMPLE seeded source nodes above, which keeps it linear in
    the size of the graph. Eigenvector centrality uses the weights. Rows are sorted by
    betweenness, then degree.
    """
    if not projection:
        return []
    sample = SAMPLE if len(projection) > SAMPLE else None
    between = nx.betweenness_centrality(projection, k=sample, seed=42)
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
