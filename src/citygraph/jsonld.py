"""Compact JSON-LD of a graph, written as a stream: {"@context": prefixes, "@graph": [nodes]}.

Property names and types become prefixed names of the context; each subject's triples form one
node object. rdflib's JSON-LD writer builds the whole document in memory first, which pushed a
large build's peak memory up by half; this writer holds one subject at a time.
"""

import json
from itertools import groupby
from typing import BinaryIO

import pyoxigraph as ox

__all__ = ["write_jsonld"]

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _curie(iri: str, prefixes: dict[str, str]) -> str:
    for prefix, namespace in prefixes.items():
        if iri.startswith(namespace) and not iri[len(namespace) :].startswith("//"):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


def _node_id(term) -> str:
    return f"_:{term.value}" if isinstance(term, ox.BlankNode) else term.value


def _value(term, prefixes: dict[str, str]) -> dict:
    if not isinstance(term, ox.Literal):
        return {"@id": _node_id(term)}
    if term.language:
        return {"@value": term.value, "@language": term.language}
    if term.datatype.value == XSD_STRING:
        return {"@value": term.value}
    return {"@value": term.value, "@type": _curie(term.datatype.value, prefixes)}


def _node(subject, triples, prefixes: dict[str, str]) -> dict:
    node: dict = {"@id": _node_id(subject)}
    for triple in triples:
        p, o = triple.predicate.value, triple.object
        if p == RDF_TYPE and isinstance(o, ox.NamedNode):
            node.setdefault("@type", []).append(_curie(o.value, prefixes))
        else:
            node.setdefault(_curie(p, prefixes), []).append(_value(o, prefixes))
    return node


def write_jsonld(triples, out: BinaryIO, prefixes: dict[str, str]) -> None:
    """Write `triples` (each once, grouped by subject) as compact JSON-LD to `out`.

    >>> import io
    >>> s, p = ox.NamedNode("http://x.org/a"), ox.NamedNode("http://x.org/p")
    >>> buf = io.BytesIO()
    >>> write_jsonld([ox.Triple(s, p, ox.Literal("A", language="de"))], buf, {"x": "http://x.org/"})
    >>> json.loads(buf.getvalue())["@graph"]
    [{'@id': 'http://x.org/a', 'x:p': [{'@value': 'A', '@language': 'de'}]}]
    """
    out.write(json.dumps({"@context": prefixes}, ensure_ascii=False)[:-1].encode())
    out.write(b', "@graph": [\n')
    for i, (subject, group) in enumerate(groupby(triples, key=lambda t: t.subject)):
        out.write(b",\n" if i else b"")
        out.write(json.dumps(_node(subject, group, prefixes), ensure_ascii=False).encode())
    out.write(b"\n]}\n")
