"""Write a built dataset to build/: TriG, N-Quads, Turtle, N-Triples, JSON-LD, atomically."""

import os
import tempfile
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset

from citygraph.vocab import PREFIXES

__all__ = ["DUMPS", "atomic_write", "write_dumps", "jsonld_context"]

# file name -> (format, whole dataset or the merge of its graphs). rdflib writes the N-Quads
# and the JSON-LD (with a compact @context); pyoxigraph writes the rest from the N-Quads, since
# rdflib's TriG and Turtle writers grow quadratically (19 s at 1,000 cities, 183 s at 3,000).
DUMPS = {
    "citygraph.nq": (ox.RdfFormat.N_QUADS, True),
    "citygraph.trig": (ox.RdfFormat.TRIG, True),
    "citygraph.ttl": (ox.RdfFormat.TURTLE, False),
    "citygraph.nt": (ox.RdfFormat.N_TRIPLES, False),
    "citygraph.jsonld": (ox.RdfFormat.JSON_LD, True),
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
            elif fmt == ox.RdfFormat.JSON_LD:
                ds.serialize(
                    destination=fh,
                    format="json-ld",
                    encoding="utf-8",
                    context=jsonld_context()["@context"],
                    auto_compact=True,
                )
            else:
                _from_nquads(out / "citygraph.nq", fmt, whole, fh)
    return [out / name for name in DUMPS]


def _from_nquads(nquads: Path, fmt: ox.RdfFormat, whole: bool, fh) -> None:
    """The N-Quads dump re-written by pyoxigraph: the whole dataset, or the merge of its graphs
    (each triple once)."""
    quads = ox.parse(path=str(nquads), format=ox.RdfFormat.N_QUADS)
    items = quads if whole else dict.fromkeys(q.triple for q in quads)
    ox.serialize(items, fh, fmt, prefixes={k: str(v) for k, v in PREFIXES.items()})
