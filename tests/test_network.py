"""Graphs from the store and their metrics, checked against values worked out by hand."""

import networkx as nx
import pytest

from citygraph import metrics as M
from citygraph import network as N
from citygraph.errors import CitygraphError

BASE = "https://w3id.org/citygraph/"


@pytest.fixture
def small():
    """Networks A, B, C; city x in A and B, y in B and C, a only in A, c only in C.

    a - A - x - B - y - C - c
    """
    graph = nx.Graph()
    for net in "ABC":
        graph.add_node(net, bipartite=1, slug=net.lower(), label=net, kind="network")
    for city in "axyc":
        graph.add_node(city, bipartite=0, slug=city, label=city, kind="city")
    graph.add_edges_from(
        [
            ("a", "A", {"start": 2019}),
            ("x", "A", {"start": 2019}),
            ("x", "B", {"start": 2020}),
            ("y", "B", {"start": 2022}),
            ("y", "C"),
            ("c", "C", {"start": 2021}),
        ]
    )
    return graph


def by_slug(rows, key):
    return {r["slug"]: r[key] for r in rows}


def test_projection_links_cities_that_share_a_network(small):
    # a-x share A; x-y share B; y-c share C: the path a - x - y - c, each weight 1
    projection = N.city_projection(small)
    assert sorted(map(sorted, projection.edges)) == [["a", "x"], ["c", "y"], ["x", "y"]]
    assert {w for *_, w in projection.edges(data="weight")} == {1}


def test_centrality_of_a_path_worked_by_hand(small):
    rows = M.centrality(N.city_projection(small))
    # Path a - x - y - c. Betweenness of x: pairs (a,y) and (a,c) pass through it = 2;
    # normalised by (n-1)(n-2)/2 = 3*2/2 = 3 -> 2/3. Same for y; the ends 0.
    assert by_slug(rows, "betweenness") == {
        "x": round(2 / 3, 6),
        "y": round(2 / 3, 6),
        "a": 0.0,
        "c": 0.0,
    }
    assert by_slug(rows, "degree") == {"a": 1, "x": 2, "y": 2, "c": 1}
    # Eigenvector of the path P4: the ends get 1, the middle phi = (1 + sqrt 5) / 2 = 1.618
    # times that; normalised to unit length: end = 1 / sqrt(2 + 2 phi^2) = 0.371748.
    phi = (1 + 5**0.5) / 2
    end = 1 / (2 + 2 * phi**2) ** 0.5
    eigen = by_slug(rows, "eigenvector")
    assert eigen["a"] == pytest.approx(end, abs=1e-4)
    assert eigen["x"] == pytest.approx(phi * end, abs=1e-4)


def test_overlap_counts_shared_members_and_jaccard(small):
    overlap = M.overlap_table(N.network_overlap(small))
    # A = {a, x}, B = {x, y}: shared {x}, union {a, x, y} -> 1/3; B and C share y -> 1/3;
    # A and C share nobody, so there is no edge.
    assert overlap == [
        {"network_a": "a", "network_b": "b", "shared": 1, "jaccard": round(1 / 3, 6)},
        {"network_a": "b", "network_b": "c", "shared": 1, "jaccard": round(1 / 3, 6)},
    ]


def test_bridging_cities_are_the_sole_links_between_networks(small):
    rows = M.bridging_cities(small)
    # x alone joins A and B, y alone joins B and C: one sole link each. Bipartite
    # betweenness: x lies on the paths between {a, A} and {B, y, C, c}; it is symmetric to y.
    assert [(r["slug"], r["networks"], r["sole_links"]) for r in rows] == [("x", 2, 1), ("y", 2, 1)]
    assert rows[0]["betweenness"] == rows[1]["betweenness"] > 0


def test_louvain_splits_two_triangles_joined_by_one_edge():
    # Two triangles {1,2,3} and {4,5,6} joined by 3-4: modularity is highest for the split.
    graph = nx.Graph([(1, 2), (2, 3), (1, 3), (4, 5), (5, 6), (4, 6), (3, 4)])
    rows = M.communities(graph, seed=1)
    groups = {}
    for row in rows:
        groups.setdefault(row["community"], set()).add(row["slug"])
    assert sorted(map(sorted, groups.values())) == [[1, 2, 3], [4, 5, 6]]


def test_timeline_fills_the_years_and_accumulates(small):
    rows = [(r["slug"], r["year"], r["joins"], r["cumulative"]) for r in M.timeline(small)]
    # A: a and x in 2019. B: x 2020, y 2022 (nothing in 2021). C: c 2021, y undated.
    assert rows == [
        ("a", 2019, 2, 2),
        ("b", 2020, 1, 1),
        ("b", 2021, 0, 1),
        ("b", 2022, 1, 2),
        ("c", 2021, 1, 1),
    ]


def test_topic_profiles_count_member_cities_per_topic(small):
    topics = nx.Graph()
    topics.add_node("T", bipartite=1, slug="housing")
    topics.add_edges_from([("x", "T", {"weight": 2}), ("y", "T", {"weight": 1})])
    rows = M.topic_profiles(small, topics)
    # A has one member (x) with 2 housing approaches; B has x and y: 2 cities, 3 approaches
    assert [(r["slug"], r["cities"], r["approaches"]) for r in rows] == [
        ("a", 1, 2),
        ("b", 2, 3),
        ("c", 1, 1),
    ]


def test_membership_graph_from_the_store(fixture_store):
    graph = N.membership_graph(fixture_store)
    musterstadt, sth = BASE + "city/musterstadt", BASE + "network/safe-test-harbours"
    expected = {
        "label_de": "Musterstadt",
        "label_en": "Sampleton",
        "country": "DE",
        "lat": 52.4,
        "lon": 13.06,
        "bipartite": 0,
        "networks": 2,
    }
    assert {k: graph.nodes[musterstadt].get(k) for k in expected} == expected
    edge = graph.edges[musterstadt, sth]
    # founding member 2019-06-14 and coordinator 2019: both roles, the earliest year
    assert edge == {
        "role": "coordinator founding-member",
        "start": 2019,
        "sources": "https://example.org/sth/about",
    }
    assert "start" not in graph.edges[BASE + "city/villetest", BASE + "network/test-alliance"]
    assert graph.nodes[sth]["members"] == 2


def test_topic_graph_from_the_store(fixture_store):
    topics = N.topic_graph(fixture_store)
    cities = N.side(topics, 0)
    assert cities == {BASE + "city/musterstadt"}
    assert all(topics.nodes[t]["label_de"] for t in N.side(topics, 1))


def test_ego_of_a_city_reaches_its_fellow_members(fixture_store):
    part = N.around(N.membership_graph(fixture_store), city="beispielburg")
    assert {part.nodes[n]["slug"] for n in part} == {
        "beispielburg",
        "safe-test-harbours",
        "test-alliance",
        "musterstadt",
        "portotest",
        "villetest",
    }


def test_unknown_slug_names_the_known_ones(fixture_store):
    with pytest.raises(CitygraphError, match="known: safe-test-harbours, test-alliance"):
        N.around(N.membership_graph(fixture_store), network="nope")


def test_every_table_has_rows_on_the_fixture(fixture_store):
    tables = M.tables(fixture_store)
    assert tuple(tables) == M.TABLES
    assert all(tables[name]() for name in M.TABLES), "a table came back empty"


def test_betweenness_of_a_large_projection_is_estimated_from_a_sample():
    import networkx as nx

    big = nx.barabasi_albert_graph(M.SAMPLE * 2, 2, seed=1)
    nx.set_edge_attributes(big, 1, "weight")
    nx.set_node_attributes(big, {n: {"slug": str(n), "label": str(n)} for n in big})
    rows = {r["slug"]: r["betweenness"] for r in M.centrality(big)}
    exact = nx.betweenness_centrality(big)
    hub = max(exact, key=exact.get)
    assert max(rows, key=rows.get) == str(hub)  # the estimate finds the same hub
    assert abs(rows[str(hub)] - exact[hub]) < 0.25 * exact[hub]
