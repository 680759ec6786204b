"""What the web layer reads from the store: one resource's graph, counts and name search.

Everything goes through the Store interface (SPARQL), so the pages work the same on the embedded
store and on a remote server.
"""

from rdflib import Graph, Literal, URIRef

from citygraph.store import Store
from citygraph.vocab import CG, PREFIXES

__all__ = [
    "LABELS",
    "KINDS",
    "describe",
    "graph_contents",
    "class_counts",
    "totals",
    "search",
    "overview",
]

_PREFIXES = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())

# Properties that name or order a node: copied for every node a description links to.
LABELS = "rdf:type, rdfs:label, skos:prefLabel, schema:name, rdf:value, schema:position"

# Incoming links from nodes that belong to the resource (its memberships, approaches,
# profiles): those nodes are described in full, other referrers only by their labels.
_PARTS = "org:member, org:organization, cg:approachOf, schema:about, cg:inCategory"

_DESCRIBE = (
    _PREFIXES
    + """
CONSTRUCT {{ {iri} ?p ?o . ?o ?op ?ov . ?s ?ip {iri} . ?s ?sp ?so . ?so ?sop ?sov . }}
WHERE {{
  {{ {iri} ?p ?o .
     OPTIONAL {{ ?o ?op ?ov .
                FILTER(?op IN ({labels}) || STRSTARTS(STR(?o), CONCAT(STR({iri}), "#"))) }} }}
  UNION
  {{ ?s ?ip {iri} . FILTER(?ip IN ({parts})) ?s ?sp ?so .
     OPTIONAL {{ ?so ?sop ?sov . FILTER(?sop IN ({labels})) }} }}
  UNION
  {{ ?s ?ip {iri} ; ?sp ?so . FILTER(?sp IN ({labels})) }}
}}"""
)


def describe(store: Store, iri: str) -> Graph:
    """The resource's own triples, its parts (memberships, approaches, findings) and the labels
    of everything it links to: enough for every renderer, HTML included."""
    query = _DESCRIBE.format(iri=URIRef(iri).n3(), labels=LABELS, parts=_PARTS)
    return _bound(store.construct(query))


def graph_contents(store: Store, graph_iri: str) -> Graph:
    """Every triple of one named graph."""
    query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {URIRef(graph_iri).n3()} {{ ?s ?p ?o }} }}"
    return _bound(store.construct(query))


def _bound(graph: Graph) -> Graph:
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, replace=True)
    return graph


def class_counts(store: Store) -> dict[URIRef, int]:
    """How many distinct instances each class has."""
    rows = store.select(
        "SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class"
    )
    return {row["class"]: int(row["n"]) for row in rows}


def totals(store: Store) -> dict[str, int]:
    """Distinct triples, subjects, properties and objects over all graphs."""
    row = store.select("""SELECT (COUNT(*) AS ?triples) (COUNT(DISTINCT ?s) AS ?subjects)
        (COUNT(DISTINCT ?p) AS ?properties) (COUNT(DISTINCT ?o) AS ?objects)
        WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }""")[0]
    return {key: int(value) for key, value in row.items()}


_SEARCH = (
    _PREFIXES
    + """
SELECT ?thing ?class (SAMPLE(?name) AS ?label) WHERE {{
  VALUES ?class {{ cg:City cg:Network cg:Approach cg:Topic }}
  ?thing a ?class ; rdfs:label|skos:prefLabel|skos:altLabel ?name .
  FILTER(CONTAINS(LCASE(STR(?name)), LCASE({text})))
}} GROUP BY ?thing ?class ORDER BY ?class LCASE(?label) LIMIT {limit}"""
)


def search(store: Store, text: str, limit: int = 100) -> list[tuple[URIRef, URIRef, str]]:
    """Cities, networks, approaches and topics whose name contains `text`, any case."""
    rows = store.select(_SEARCH.format(text=Literal(text).n3(), limit=limit))
    return [(row["thing"], row["class"], str(row["label"])) for row in rows]


KINDS = {
    CG.City: "cities",
    CG.Network: "networks",
    CG.Approach: "approaches",
    CG.Topic: "topics",
    CG.Membership: "memberships",
    CG.Profile: "profiles",
}


_OVERVIEW = (
    _PREFIXES
    + """
CONSTRUCT { ?thing a ?class ; ?lp ?label ; cg:memberCount ?n . } WHERE {
  { VALUES ?class { cg:Network cg:Topic } ?thing a ?class }
  UNION { ?thing a cg:City ; cg:hasProfile [] . BIND(cg:City AS ?class) }
  ?thing ?lp ?label . FILTER(?lp IN (rdfs:label, skos:prefLabel))
  OPTIONAL { ?thing cg:memberCount ?n }
}"""
)


def overview(store: Store) -> Graph:
    """Networks (with member counts), topics and profiled cities, with their labels."""
    return _bound(store.construct(_OVERVIEW))
