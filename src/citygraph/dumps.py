"""Write a built dataset to build/: TriG, N-Quads, Turtle, N-Triples, JSON-LD, atomically."""

import os
import tempfile
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset

from citygraph.jsonld import write_jsonld
from citygraph.vocab import PREFIXES

__all__ = ["DUMPS", "atomic_write", "write_nquads", "write_dumps", "jsonld_context"]

# file name -> (format, whole dataset or the merge of its graphs). rdflib writes the N-Quads
# (`write_nquads`); the rest is written from them (`write_dumps`) by pyoxigraph (rdflib's TriG
# and Turtle writers grow quadratically: 19 s at 1,000 cities, 183 s at 3,000) and by our
# streaming JSON-LD writer.
DUMPS = {
    "citygraph.nq": (ox.RdfFormat.N_QUADS, True),
    "citygraph.trig": (ox.RdfFormat.TRIG, True),
    "citygraph.ttl": (ox.RdfFormat.TURTLE, False),
    "citygraph.nt": (ox.RdfFormat.N_TRIPLES, False),
    "citygraph.jsonld": (ox.RdfFormat.JSON_LD, False),
}


@contextmanager
def atomic_write(path: Path):
    """A temporary file beside `path` that replaces it only when the block succeeds."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def jsonld_context() -> dict:
    """The compact JSON-LD @context: our prefixes."""
    return {"@context": dict(PREFIXES)}


def write_nquads(ds: Dataset, out: Path) -> Path:
    """Write `ds` as `citygraph.nq` under `out`, the dump every other one is written from."""
    path = out / "citygraph.nq"
    with atomic_write(path) as fh:
        ds.serialize(destination=fh, format="nquads", encoding="utf-8")
    return path


def write_dumps(out: Path, progress: Callable[[str], None] = lambda name: None) -> list[Path]:
    """Write every other dump format from `out`/citygraph.nq; returns all the dumps' paths.

    Working from the file, not from rdflib's dataset, lets the caller free the dataset first:
    the whole dataset is streamed from the file, the merge of its graphs read into one
    in-memory pyoxigraph store (a fraction of rdflib's size).
    """
    nquads = out / "citygraph.nq"
    prefixes = {k: str(v) for k, v in PREFIXES.items()}
    merged: ox.Store | None = None
    for name, (fmt, whole) in DUMPS.items():
        if fmt == ox.RdfFormat.N_QUADS:
            continue
        progress(name)
        if not whole and merged is None:
            merged = _merge(nquads)
        with atomic_write(out / name) as fh:
            if whole:
                ox.serialize(
                    ox.parse(path=str(nquads), format=ox.RdfFormat.N_QUADS),
                    fh,
                    fmt,
                    prefixes=prefixes,
                )
            elif fmt == ox.RdfFormat.JSON_LD:
                write_jsonld(_by_subject(merged), fh, prefixes)
            else:
                ox.serialize(_by_subject(merged), fh, fmt, prefixes=prefixes)
    return [out / name for name in DUMPS]


def _merge(nquads: Path) -> ox.Store:
    """An in-memory store whose default graph holds every triple of the dump once."""
    merged = ox.Store()
    quads = ox.parse(path=str(nquads), format=ox.RdfFormat.N_QUADS)
    merged.bulk_extend(ox.Quad(q.subject, q.predicate, q.object) for q in quads)
    return merged


def _by_subject(merged: ox.Store):
    """The merged triples, grouped by subject."""
    for row in merged.query("SELECT DISTINCT ?s WHERE { ?s ?p ?o }"):
        for quad in merged.quads_for_pattern(row["s"], None, None, ox.DefaultGraph()):
            yield quad.triple
