"""`citygraph serve`: the app on waitress, over the build's store or a dataset file.

Waitress is a pure-Python production WSGI server that runs the same everywhere and needs no
fork model of its own: the query work already happens in our own worker processes
(`citygraph.web.workers`), so the web process only needs threads to wait on them.
"""

import signal
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import waitress

from citygraph.settings import Settings
from citygraph.store import EmbeddedStore
from citygraph.web import create_app

__all__ = ["load_dataset", "serve"]


def load_dataset(file: Path, directory: Path) -> EmbeddedStore:
    """Load an RDF dataset file (TriG, N-Quads, ... told by its suffix) into a new on-disk store
    in `directory`: named graphs kept, their merge the default graph, as in a build's store."""
    return EmbeddedStore.create(directory, file)


def _stop(signum, frame):
    sys.exit(0)


def serve(
    settings: Settings, dataset: Path | None = None, echo: Callable[[str], None] = print
) -> None:
    """Serve until interrupted (Ctrl-C or SIGTERM), then stop the workers and drop temp files."""
    signal.signal(signal.SIGTERM, _stop)
    with tempfile.TemporaryDirectory(prefix="citygraph-") as tmp:
        store = load_dataset(dataset, Path(tmp) / "store") if dataset else None
        app = create_app(settings, store)
        pool = app.extensions.get("citygraph.pool")
        if pool:
            pool.start()
        echo(
            f"Serving {dataset or settings.store or settings.store_dir} "
            f"with {settings.workers} query workers; SPARQL at /sparql"
        )
        try:
            waitress.serve(
                app,
                host=settings.host,
                port=settings.port,
                ident="citygraph",
                threads=settings.workers + 4,
                max_request_body_size=4 * settings.max_body,
            )
        finally:
            if pool:
                pool.close()
