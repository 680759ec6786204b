"""Query answers as bytes: SPARQL results (JSON, XML, CSV, TSV) and graphs, within caps.

pyoxigraph serialises a whole answer (`write_whole`) unless it breaks a cap; such an answer is
written row by row (`write_solutions`), so the cap ends the document cleanly after a whole row.
Graphs are serialised by pyoxigraph. The capped writers return the body and why it was cut
("rows", "bytes" or None).
"""

import csv
import io
import json
from collections.abc import Iterable, Iterator
from itertools import islice
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

__all__ = ["write_boolean", "write_whole", "write_solutions", "write_triples", "RDF_FORMATS"]

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_FORMATS = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "rdf": ox.RdfFormat.RDF_XML,
    "jsonld": ox.RdfFormat.JSON_LD,
    "trig": ox.RdfFormat.TRIG,
}
RESULT_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
_RESULTS_NS = "http://www.w3.org/2005/sparql-results#"


class _Overflow(Exception):
    """An answer outgrew its byte cap."""


class _Sink:
    """A binary output for pyoxigraph's serialisers that stops them past `limit` bytes."""

    def __init__(self, limit: int):
        self.parts: list[bytes] = []
        self.size, self.limit = 0, limit

    def write(self, data) -> int:
        self.size += len(data)
        if self.size > self.limit:
            raise _Overflow
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass


def _count_rows(body: bytes, fmt: str) -> int:
    if fmt == "csv":  # pyoxigraph does not read CSV results back (the format is lossy)
        return sum(1 for _ in csv.reader(io.StringIO(body.decode("utf-8"), newline=""))) - 1
    return sum(1 for _ in ox.parse_query_results(body, format=RESULT_FORMATS[fmt]))


def write_whole(
    solutions: ox.QuerySolutions, fmt: str, max_rows: int, max_bytes: int
) -> bytes | None:
    """A SELECT answer in `fmt` serialised by pyoxigraph, or None when it holds more than
    max_rows rows or max_bytes bytes (it must then be evaluated again and cut by
    `write_solutions`)."""
    sink = _Sink(max_bytes)
    try:
        solutions.serialize(sink, format=RESULT_FORMATS[fmt])
    except _Overflow:
        return None
    body = b"".join(sink.parts)
    # a row takes at least one byte, so only a document longer than max_rows needs counting
    if len(body) > max_rows and _count_rows(body, fmt) > max_rows:
        return None
    return body


def _json_term(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Triple):
        return {
            "type": "triple",
            "value": {
                "subject": _json_term(term.subject),
                "predicate": _json_term(term.predicate),
                "object": _json_term(term.object),
            },
        }
    cell = {"type": "literal", "value": term.value}
    if term.language:
        cell["xml:lang"] = term.language
    elif term.datatype.value != XSD_STRING:
        cell["datatype"] = term.datatype.value
    return cell


def _xml_term(term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Triple):
        parts = zip(("subject", "predicate", "object"), term, strict=True)
        return "<triple>" + "".join(f"<{k}>{_xml_term(t)}</{k}>" for k, t in parts) + "</triple>"
    if term.language:
        attr = f" xml:lang={quoteattr(term.language)}"
    elif term.datatype.value != XSD_STRING:
        attr = f" datatype={quoteattr(term.datatype.value)}"
    else:
        attr = ""
    return f"<literal{attr}>{escape(term.value)}</literal>"


def _csv_cell(term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return str(term) if isinstance(term, ox.Triple) else term.value


def _tsv_cell(term) -> str:
    return "" if term is None else str(term).replace("\t", "\\t")


def _csv_line(cells: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(cells)
    return out.getvalue()


def _rows(names: list[str], fmt: str, solutions: Iterable) -> Iterator[str]:
    for solution in solutions:
        if fmt == "json":
            cells = {n: _json_term(solution[n]) for n in names if solution[n] is not None}
            yield json.dumps(cells, ensure_ascii=False)
        elif fmt == "xml":
            bound = [(n, solution[n]) for n in names if solution[n] is not None]
            yield (
                "<result>"
                + "".join(
                    f"<binding name={quoteattr(n)}>{_xml_term(t)}</binding>" for n, t in bound
                )
                + "</result>\n"
            )
        elif fmt == "csv":
            yield _csv_line([_csv_cell(solution[n]) for n in names])
        else:
            yield "\t".join(_tsv_cell(solution[n]) for n in names) + "\n"


def _frame(names: list[str], fmt: str) -> tuple[str, str, str]:
    """Header, row separator and footer of a results document."""
    if fmt == "json":
        head = json.dumps({"head": {"vars": names}})[:-1]
        return head + ', "results": {"bindings": [\n', ",\n", "\n]}}\n"
    if fmt == "xml":
        variables = "".join(f"<variable name={quoteattr(n)}/>" for n in names)
        return (
            f'<?xml version="1.0"?>\n<sparql xmlns="{_RESULTS_NS}"><head>{variables}</head>'
            "<results>\n",
            "",
            "</results></sparql>\n",
        )
    if fmt == "csv":
        return _csv_line(names), "", ""
    return "\t".join(f"?{n}" for n in names) + "\n", "", ""


def write_solutions(
    solutions: ox.QuerySolutions, fmt: str, max_rows: int, max_bytes: int
) -> tuple[bytes, str | None]:
    """A SELECT answer in `fmt` (json, xml, csv, tsv), cut after max_rows or before max_bytes."""
    names = [v.value for v in solutions.variables]
    head, sep, foot = _frame(names, fmt)
    parts, cut = [head.encode()], None
    size = len(parts[0]) + len(foot.encode())
    for n, row in enumerate(_rows(names, fmt, solutions)):
        if n == max_rows:
            cut = "rows"
            break
        data = ((sep if n else "") + row).encode()
        if size + len(data) > max_bytes:
            cut = "bytes"
            break
        parts.append(data)
        size += len(data)
    parts.append(foot.encode())
    return b"".join(parts), cut


def write_boolean(answer: bool, fmt: str) -> bytes:
    """An ASK answer in `fmt` (json or xml)."""
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": answer}).encode()
    return (
        f'<?xml version="1.0"?>\n<sparql xmlns="{_RESULTS_NS}"><head/>'
        f"<boolean>{str(answer).lower()}</boolean></sparql>\n"
    ).encode()


def write_triples(
    triples: Iterable[ox.Triple], fmt: str, max_rows: int, max_bytes: int
) -> tuple[bytes, str | None]:
    """A CONSTRUCT or DESCRIBE answer in `fmt` (see RDF_FORMATS), at most max_rows triples."""
    kept = list(islice(triples, max_rows + 1))
    cut = "rows" if len(kept) > max_rows else None
    kept = kept[:max_rows]
    body = ox.serialize(kept, format=RDF_FORMATS[fmt])
    while len(body) > max_bytes and kept:
        kept = kept[: int(len(kept) * max_bytes / len(body) * 0.9)]
        body, cut = ox.serialize(kept, format=RDF_FORMATS[fmt]), "bytes"
    return body, cut
