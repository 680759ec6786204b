"""Write a built dataset to build/: TriG, N-Quads, Turtle, N-Triples, JSON-LD, atomically."""

import os
import tempfile
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

from rdflib import Dataset

from citygraph.validate import union
from citygraph.vocab import PREFIXES

__all__ = ["DUMPS", "atomic_write", "write_dumps", "jsonld_context"]

# file name -> (rdflib format, whole dataset or union graph)
DUMPS = {
    "citygraph.trig": ("trig", True),
    "citygraph.nq": ("nquads", True),
    "citygraph.ttl": ("turtle", False),
    "citygraph.nt": ("nt", False),
    "citygraph.jsonld": ("json-ld", False),
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


def write_dumps(ds: Dataset, out: Path, progress: Callable[[str], None] = lambda name: None) -> list[Path]:
    """Serialise `ds` into every dump format under `out`; returns the written paths."""
    merged = union(ds)
    for prefix, ns in PREFIXES.items():
        merged.bind(prefix, ns)
    written = []
    for name, (fmt, whole) in DUMPS.items():
        progress(name)
        graph = ds if whole else merged
        extra = {"context": jsonld_context()["@context"], "auto_compact": True} if fmt == "json-ld" else {}
        with atomic_write(out / name) as fh:
            graph.serialize(destination=fh, format=fmt, encoding="utf-8", **extra)
        written.append(out / name)
    return written
