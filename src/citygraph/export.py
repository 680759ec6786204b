"""Write and read graphs for analysts' tools: GEXF, GraphML, Cytoscape.js JSON, CSV; and tables.

Every writer round-trips: `read_graph` gives back the same nodes, edges and attributes, without
the bookkeeping a format adds on reading (GEXF edge ids, Cytoscape's id/value/name).
Files are written atomically.
"""

import csv
import io
import json
import re
from pathlib import Path

import networkx as nx
from networkx.readwrite.gexf import GEXFWriter

from citygraph.dumps import atomic_write

__all__ = [
    "FORMATS",
    "write_graph",
    "read_graph",
    "cytoscape_json",
    "write_rows",
    "rows_text",
    "csv_paths",
]

FORMATS = {"gexf": ".gexf", "graphml": ".graphml", "cytoscape": ".cyjs", "csv": ".csv"}
"""Graph format -> file suffix."""

_CYTOSCAPE_KEYS = ("id", "value", "name")
_INT = re.compile(r"-?\d+")
_FLOAT = re.compile(r"-?\d+\.\d*(?:[eE]-?\d+)?")


def csv_paths(path: Path) -> tuple[Path, Path]:
    """The node and edge list beside `path`.

    >>> [p.name for p in csv_paths(Path("out/ssh.csv"))]
    ['ssh.nodes.csv', 'ssh.edges.csv']
    """
    return path.with_suffix(".nodes.csv"), path.with_suffix(".edges.csv")


def cytoscape_json(graph: nx.Graph, positions: dict | None = None) -> dict:
    """Cytoscape.js elements JSON, with each node's ``position`` when `positions` are given."""
    data = nx.cytoscape_data(graph)
    for element in data["elements"]["nodes"]:
        if positions:
            x, y = positions[element["data"]["value"]]
            element["position"] = {"x": round(float(x), 2), "y": round(float(y), 2)}
    return data


def _write_gexf(graph: nx.Graph, fh) -> None:
    writer = GEXFWriter(encoding="utf-8", prettyprint=True, version="1.2draft")
    writer.add_graph(graph)
    # networkx names integer times "long", which GEXF 1.2's timeformat does not allow.
    if writer.graph_element.get("timeformat") == "long":
        writer.graph_element.set("timeformat", "integer")
    writer.write(fh)


def _write_csv_table(path: Path, first: list[str], items) -> None:
    items = list(items)
    columns = first + sorted({k for _, attrs in items for k in attrs})
    with atomic_write(path) as fh, io.TextIOWrapper(fh, encoding="utf-8", newline="") as text:
        writer = csv.DictWriter(text, columns)
        writer.writeheader()
        writer.writerows({**dict(zip(first, keys, strict=True)), **attrs} for keys, attrs in items)


def write_graph(graph: nx.Graph, path: Path, fmt: str) -> list[Path]:
    """Write `graph` to `path` in `fmt` (a key of FORMATS); returns the files written."""
    if fmt == "csv":
        nodes, edges = csv_paths(path)
        _write_csv_table(nodes, ["id"], (((n,), a) for n, a in graph.nodes(data=True)))
        _write_csv_table(
            edges, ["source", "target"], (((u, v), a) for u, v, a in graph.edges(data=True))
        )
        return [nodes, edges]
    with atomic_write(path) as fh:
        if fmt == "gexf":
            _write_gexf(graph, fh)
        elif fmt == "graphml":
            nx.write_graphml(graph, fh)
        elif fmt == "cytoscape":
            fh.write(json.dumps(cytoscape_json(graph), ensure_ascii=False, indent=1).encode())
        else:
            raise ValueError(f"unknown graph format {fmt!r}; expected one of {', '.join(FORMATS)}")
    return [path]


def _typed(cell: str):
    """A CSV cell as int, float or str, the way it was written.

    >>> _typed("2019"), _typed("52.4"), _typed("Q64"), _typed("nan")
    (2019, 52.4, 'Q64', 'nan')
    """
    if _INT.fullmatch(cell):
        return int(cell)
    return float(cell) if _FLOAT.fullmatch(cell) else cell


def _read_csv(path: Path) -> nx.Graph:
    nodes, edges = csv_paths(path)
    graph = nx.Graph()
    with nodes.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            node = row.pop("id")
            graph.add_node(node, **{k: _typed(v) for k, v in row.items() if v != ""})
    with edges.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            u, v = row.pop("source"), row.pop("target")
            graph.add_edge(u, v, **{k: _typed(c) for k, c in row.items() if c != ""})
    return graph


def read_graph(path: Path, fmt: str) -> nx.Graph:
    """Read a graph written by `write_graph` back into networkx."""
    if fmt == "csv":
        return _read_csv(path)
    if fmt == "gexf":
        graph = nx.read_gexf(path)
        for *_, attrs in graph.edges(data=True):
            attrs.pop("id", None)
        graph.graph.pop("mode", None)
        return graph
    if fmt == "graphml":
        return nx.read_graphml(path)
    if fmt == "cytoscape":
        graph = nx.cytoscape_graph(json.loads(path.read_text(encoding="utf-8")))
        for _, attrs in graph.nodes(data=True):
            for key in _CYTOSCAPE_KEYS:
                attrs.pop(key, None)
        for *_, attrs in graph.edges(data=True):
            attrs.pop("source", None)
            attrs.pop("target", None)
        return graph
    raise ValueError(f"unknown graph format {fmt!r}; expected one of {', '.join(FORMATS)}")


def rows_text(rows: list[dict], fmt: str) -> str:
    """Table rows as CSV or JSON text.

    >>> print(rows_text([{"slug": "a", "degree": 2}], "csv"), end="")
    slug,degree
    a,2
    """
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    out = io.StringIO()
    writer = csv.DictWriter(
        out, list(dict.fromkeys(k for r in rows for k in r)), lineterminator="\n"
    )
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def write_rows(rows: list[dict], path: Path, fmt: str) -> Path:
    """Write table rows to `path` as CSV or JSON, atomically."""
    with atomic_write(path) as fh:
        fh.write(rows_text(rows, fmt).encode("utf-8"))
    return path
