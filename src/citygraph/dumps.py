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

__all__ = ["DUMPS", "atomic_write", "write_dumps", "jsonld_context"]

# file name -> (format, whole dataset or the merge of its graphs). rdflib writes the N-Quads;
# the rest is written from them by pyoxigraph (rdflib's TriG and Turtle writers grow
# quadratically: 19 s at 1,000 cities, 183 s at 3,000) and by our streaming JSON-LD writer.
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


def write_dumps(
    ds: Dataset, out: Path, progress: Callable[[str], None] = lambda name: None
) -> list[Path]:
    """Serialise `ds` into every dump format under `out`; returns the written paths."""
    for name, (fmt, whole) in DUMPS.items():
        progress(name)
        with atomic_write(out / name) as fh:
            if fmt == ox.RdfFormat.N_QUADS:
                ds.serialize(destination=fh, format="nquads", encoding="utf-8")
            else:
                _from_nquads(out / "citygraph.nq", fmt, whole, fh)
    return [out / name for name in DUMPS]


def _from_nquads(nquads: Path, fmt: ox.RdfFormat, whole: bool, fh) -> None:
    """The N-Quads dump re-written by pyoxigraph: the whole dataset, or the merge of its graphs
    (each triple once)."""
    quads = ox.parse(path=str(nquads), format=ox.RdfFormat.N_QUADS)
    prefixes = {k: str(v) for k, v in PREFIXES.items()}
    if whole:
        ox.serialize(quads, fh, fmt, prefixes=prefixes)
        return
    merged = ox.Store()  # in memory, default graph: each triple once, found by subject
    merged.bulk_extend(ox.Quad(q.subject, q.predicate, q.object) for q in quads)
    subjects = (row["s"] for row in merged.query("SELECT DISTINCT ?s WHERE { ?s ?p ?o }"))
    triples = (
        q.triple
        for s in subjects
        for q in merged.quads_for_pattern(s, None, None, ox.DefaultGraph())
    )
    if fmt == ox.RdfFormat.JSON_LD:
        write_jsonld(triples, fh, prefixes)
    else:
        ox.serialize(triples, fh, fmt, prefixes=prefixes)
