"""The query mix of the HTTP benchmark: bundled queries plus lookups, joins, GROUP BY, a
property path over the topic hierarchy, a text filter and a CONSTRUCT, for one data set."""

import csv
from pathlib import Path

from generate import ROOT

BASE = "https://w3id.org/citygraph/"
PREFIXES = """PREFIX cg: <https://w3id.org/citygraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <https://schema.org/>
"""
BUNDLED = (
    "approaches-on-housing",
    "approaches-per-topic-and-country",
    "bridging-cities",
    "joins-per-network-per-year",
    "network-overlap",
)
# The hierarchy question twice: as a property path, and over skos:broaderTransitive, which
# the build materialises (citygraph.build.add_derived).
HIERARCHY = (
    PREFIXES
    + """SELECT ?country (COUNT(DISTINCT ?approach) AS ?approaches) WHERE {
  ?approach cg:inCategory/skos:broader* <%stopic/housing> ;
            cg:approachOf/cg:country/schema:identifier ?country .
} GROUP BY ?country ORDER BY ?country"""
)
MATERIALISED = (
    PREFIXES
    + """SELECT ?country (COUNT(DISTINCT ?approach) AS ?approaches) WHERE {
  { SELECT ?topic WHERE { { ?topic skos:broaderTransitive <%stopic/housing> }
                          UNION { BIND(<%stopic/housing> AS ?topic) } } }
  ?approach cg:inCategory ?topic ; cg:approachOf/cg:country/schema:identifier ?country .
} GROUP BY ?country ORDER BY ?country"""
)


def _first_city(data: Path) -> str:
    with (data / "cities.csv").open(encoding="utf-8") as fh:
        return next(csv.DictReader(fh))["name_en"]


def mix(data: Path) -> dict[str, str]:
    """Name -> query text, for the synthetic data set in `data`."""
    name = _first_city(data).replace('"', "")
    queries = {q: (ROOT / "queries" / f"{q}.rq").read_text(encoding="utf-8") for q in BUNDLED}
    queries.update(
        {
            "label-lookup": PREFIXES + f'SELECT ?city WHERE {{ ?city rdfs:label "{name}"@en }}',
            "network-members": PREFIXES
            + f"""SELECT ?name ?country WHERE {{
  ?city cg:memberOf <{BASE}network/syn-network-0002> ; rdfs:label ?name ;
        cg:country/schema:identifier ?country . FILTER(lang(?name) = "en")
}} ORDER BY ?name""",
            "text-filter": PREFIXES
            + """SELECT ?city ?name WHERE {
  ?city a cg:City ; rdfs:label ?name .
  FILTER(lang(?name) = "en" && CONTAINS(LCASE(?name), "burg"))
} ORDER BY ?name LIMIT 100""",
            "construct-city": PREFIXES
            + f"""CONSTRUCT {{ ?city ?p ?o }} WHERE {{
  ?city rdfs:label "{name}"@en ; ?p ?o }}""",
            "topic-hierarchy": HIERARCHY % BASE,
        }
    )
    return queries


def materialised(name: str, text: str) -> str:
    """The form citygraph answers a query in: the hierarchy over the materialised closure."""
    return MATERIALISED % (BASE, BASE) if name == "topic-hierarchy" else text


def accept(text: str) -> str:
    """The media type to ask for: N-Triples for graphs, SPARQL JSON for results."""
    graph = "CONSTRUCT" in text.upper().split("WHERE")[0]
    return "application/n-triples" if graph else "application/sparql-results+json"
