"""The build pipeline as one call: build, validate, write dumps, load the store."""

import multiprocessing
import sys
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset

from citygraph.build import build, stats
from citygraph.dumps import write_dumps, write_nquads
from citygraph.errors import CitygraphError
from citygraph.iris import IriScheme
from citygraph.settings import Settings
from citygraph.store import EmbeddedStore, RemoteStore
from citygraph.validate import validate

__all__ = ["run_build", "read_rdf", "STAGES"]

_FORMATS = {".trig": "trig", ".nq": "nquads", ".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld"}
# The stages whose durations run_build reports to its `stage` callback.
STAGES = ("built", "validated", "dumped", "loaded")


def read_rdf(path: Path) -> Dataset:
    """A dataset read from an RDF file, its format told by the suffix."""
    ds = Dataset(default_union=True)
    ds.parse(path, format=_FORMATS.get(path.suffix, "turtle"))
    return ds


@dataclass
class _Checked:
    """What the build leaves behind once rdflib's dataset is gone."""

    conforms: bool
    report: str = ""
    counts: dict[str, int] = field(default_factory=dict)
    errors: list[CitygraphError] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)


def _check(settings: Settings) -> _Checked:
    """Build and validate; when the graph conforms, write the N-Quads dump."""
    start = time.perf_counter()
    result = build(settings.data_dir, IriScheme(settings.base_iri), progress=sys.stderr.isatty())
    built = time.perf_counter()
    report = validate(result.dataset, base=settings.base_iri)
    validated = time.perf_counter()
    seconds = {"built": built - start, "validated": validated - built}
    if not report.conforms:
        return _Checked(False, report.text, errors=result.errors, seconds=seconds)
    write_nquads(result.dataset, settings.build_dir)
    seconds["nquads"] = time.perf_counter() - validated
    return _Checked(True, counts=stats(result.dataset), errors=result.errors, seconds=seconds)


def _in_child(task: Callable, *args):
    """task(*args) in a fresh child process. rdflib holds about 1.6 KB per triple, and CPython
    keeps freed memory for itself: only a process that ends gives it back to the system, so the
    dumps and the store load do not stack on top of it. (A spawned child is our own child, so
    its peak memory shows in getrusage(RUSAGE_CHILDREN).)"""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(1, mp_context=context) as child:
        return child.submit(task, *args).result()


def run_build(
    settings: Settings,
    echo: Callable[..., None] = print,
    stage: Callable[[str, float], None] = lambda name, seconds: None,
) -> int:
    """Build the data directory; write nothing unless the graph validates. Returns an exit code.

    `stage` is called with each name of STAGES and its duration in seconds.
    """
    checked = _in_child(_check, settings)
    for error in checked.errors:
        echo(f"error: {error}", err=True)
    stage("built", checked.seconds["built"])
    stage("validated", checked.seconds["validated"])
    if not checked.conforms:
        echo(checked.report, err=True)
        echo("Nothing written: the graph does not conform to the shapes.", err=True)
        return 1
    out, start = settings.build_dir, time.perf_counter()
    write_dumps(out)
    stage("dumped", checked.seconds["nquads"] + time.perf_counter() - start)
    start = time.perf_counter()
    if settings.store:
        owns = IriScheme(settings.base_iri).graph("")
        RemoteStore(settings.store, settings.graph_store or None, owns=owns).load(
            out / "citygraph.nq"
        )
    else:
        EmbeddedStore.create(settings.store_dir, out / "citygraph.nq")
    stage("loaded", time.perf_counter() - start)
    echo("Built and validated: " + ", ".join(f"{v} {k}" for k, v in checked.counts.items()))
    names = ", ".join(sorted(p.name for p in out.glob("citygraph.*")))
    echo(f"Wrote {names} and the store to {out}/")
    return 1 if checked.errors else 0
