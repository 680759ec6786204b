"""The build pipeline as one call: build, validate, write dumps, load the store."""

import gc
import sys
from collections.abc import Callable
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
# The stages run_build reports to its `stage` callback as each one ends.
STAGES = ("built", "validated", "dumped", "loaded")


def read_rdf(path: Path) -> Dataset:
    """A dataset read from an RDF file, its format told by the suffix."""
    ds = Dataset(default_union=True)
    ds.parse(path, format=_FORMATS.get(path.suffix, "turtle"))
    return ds


@dataclass
class _Checked:
    """What is left of a validated build once rdflib's dataset is gone."""

    conforms: bool
    counts: dict[str, int] = field(default_factory=dict)
    errors: list[CitygraphError] = field(default_factory=list)


def _build_checked(settings: Settings, echo: Callable, stage: Callable[[str], None]) -> _Checked:
    """Build and validate; when the graph conforms, write the N-Quads dump. The dataset is
    dropped on return, so the later stages do not hold it in memory."""
    result = build(settings.data_dir, IriScheme(settings.base_iri), progress=sys.stderr.isatty())
    stage("built")
    for error in result.errors:
        echo(f"error: {error}", err=True)
    report = validate(result.dataset, base=settings.base_iri)
    stage("validated")
    if not report.conforms:
        echo(report.text, err=True)
        echo("Nothing written: the graph does not conform to the shapes.", err=True)
        return _Checked(False)
    write_nquads(result.dataset, settings.build_dir)
    return _Checked(True, stats(result.dataset), result.errors)


def run_build(
    settings: Settings, echo: Callable[..., None] = print, stage: Callable[[str], None] = str
) -> int:
    """Build the data directory; write nothing unless the graph validates. Returns an exit code.

    `stage` is called with each name of STAGES as that stage ends (the benchmark times them).
    """
    checked = _build_checked(settings, echo, stage)
    if not checked.conforms:
        return 1
    gc.collect()  # rdflib's dataset holds reference cycles: free it before the next stages
    out = settings.build_dir
    write_dumps(out)
    stage("dumped")
    if settings.store:
        owns = IriScheme(settings.base_iri).graph("")
        RemoteStore(settings.store, settings.graph_store or None, owns=owns).load(
            out / "citygraph.nq"
        )
    else:
        EmbeddedStore.create(settings.store_dir, out / "citygraph.nq")
    stage("loaded")
    echo("Built and validated: " + ", ".join(f"{v} {k}" for k, v in checked.counts.items()))
    names = ", ".join(sorted(p.name for p in out.glob("citygraph.*")))
    echo(f"Wrote {names} and the store to {out}/")
    return 1 if checked.errors else 0
