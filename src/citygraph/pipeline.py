"""The build pipeline as one call: build, validate, write dumps, load the store."""

import sys
from collections.abc import Callable
from pathlib import Path

from rdflib import Dataset

from citygraph.build import build, stats
from citygraph.dumps import write_dumps
from citygraph.iris import IriScheme
from citygraph.settings import Settings
from citygraph.store import EmbeddedStore, RemoteStore
from citygraph.validate import validate

__all__ = ["run_build", "read_rdf"]

_FORMATS = {".trig": "trig", ".nq": "nquads", ".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld"}


def read_rdf(path: Path) -> Dataset:
    """A dataset read from an RDF file, its format told by the suffix."""
    ds = Dataset(default_union=True)
    ds.parse(path, format=_FORMATS.get(path.suffix, "turtle"))
    return ds


def run_build(settings: Settings, echo: Callable[..., None] = print) -> int:
    """Build the data directory; write nothing unless the graph validates. Returns an exit code."""
    result = build(settings.data_dir, IriScheme(settings.base_iri), progress=sys.stderr.isatty())
    for error in result.errors:
        echo(f"error: {error}", err=True)
    report = validate(result.dataset, base=settings.base_iri)
    if not report.conforms:
        echo(report.text, err=True)
        echo("Nothing written: the graph does not conform to the shapes.", err=True)
        return 1
    out = settings.build_dir
    write_dumps(result.dataset, out)
    if settings.store:
        owns = IriScheme(settings.base_iri).graph("")
        RemoteStore(settings.store, settings.graph_store or None, owns=owns).load(
            out / "citygraph.nq"
        )
    else:
        EmbeddedStore.create(settings.store_dir, out / "citygraph.nq")
    counts = stats(result.dataset)
    echo("Built and validated: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
    names = ", ".join(sorted(p.name for p in out.glob("citygraph.*")))
    echo(f"Wrote {names} and the store to {out}/")
    return 1 if result.errors else 0
