"""The ontology's terms as a DefinedNamespace (a typo raises) and the vocabularies we reuse."""

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, ORG, OWL, PROV, RDF, RDFS, SDO, SKOS, XSD, DefinedNamespace

from citygraph.iris import ONTOLOGY

__all__ = [
    "CG",
    "SCHEMA",
    "ORG",
    "PROV",
    "DCTERMS",
    "SKOS",
    "OWL",
    "RDF",
    "RDFS",
    "XSD",
    "WGS",
    "GEO",
    "VOID",
    "SD",
    "PREFIXES",
]

SCHEMA = SDO
WGS = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
GEO = Namespace("http://www.opengis.net/ont/geosparql#")
VOID = Namespace("http://rdfs.org/ns/void#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")


class CG(DefinedNamespace):
    """Terms of https://w3id.org/citygraph/ontology#."""

    _NS = Namespace(ONTOLOGY)
    _fail = True

    City: URIRef
    Network: URIRef
    Approach: URIRef
    Topic: URIRef
    Profile: URIRef
    KeyFinding: URIRef
    Membership: URIRef
    MembershipRole: URIRef
    Member: URIRef
    FoundingMember: URIRef
    Coordinator: URIRef
    Signatory: URIRef
    memberOf: URIRef
    hasApproach: URIRef
    approachOf: URIRef
    inCategory: URIRef
    hasProfile: URIRef
    keyFinding: URIRef
    country: URIRef
    foundingDocument: URIRef
    tagline: URIRef
    special: URIRef
    focus: URIRef
    keyFactors: URIRef
    successes: URIRef
    beyondLocal: URIRef
    reportYear: URIRef
    reportUpdated: URIRef
    sourceFile: URIRef
    coordinatorName: URIRef
    memberCount: URIRef
    networkCount: URIRef
    inspiring: URIRef
    operation: URIRef
    outcome: URIRef
    initiators: URIRef
    update: URIRef
    furtherText: URIRef


PREFIXES = {
    "cg": ONTOLOGY,
    "schema": str(SCHEMA),
    "org": str(ORG),
    "prov": str(PROV),
    "dcterms": str(DCTERMS),
    "skos": str(SKOS),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "wgs": str(WGS),
    "geo": str(GEO),
}
