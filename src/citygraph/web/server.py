"""`citygraph serve`: the app on granian, over the build's store or a dataset file.

Granian is an HTTP server written in Rust with a WSGI interface: it parses HTTP and moves bytes
outside the GIL, which costs a small query a fraction of what a pure-Python server adds (see
bench/RESULTS.md). It runs the app in one worker process with a pool of threads; the query work
already happens in our own worker processes (`citygraph.web.workers`), so the web process only
needs threads to wait on them. The app and its query pool are created in granian's worker
process, never before the fork.
"""

import tempfile
import threading
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from granian import Granian
from granian.constants import Interfaces

from citygraph.settings import Settings
from citygraph.store import EmbeddedStore
from citygraph.web import create_app, workers

__all__ = ["serve"]


def _app_loader(settings: Settings) -> Callable:
    """What granian's worker calls to get the app: create it and start its query workers in the
    background, the fork server booting while the app is made (a query that comes early waits
    for the first worker)."""

    def load():
        threading.Thread(target=workers.boot, daemon=True).start()
        app = create_app(settings)
        pool = app.extensions.get("citygraph.pool")
        if pool:
            threading.Thread(target=pool.start, name="citygraph-start", daemon=True).start()
        return app

    return load


def serve(
    settings: Settings, dataset: Path | None = None, echo: Callable[[str], None] = print
) -> None:
    """Serve until interrupted (Ctrl-C or SIGTERM), then stop the workers and drop temp files.

    A `dataset` file (TriG, N-Quads, ...) is loaded into a temporary store first, its named
    graphs kept and their merge the default graph, as in a build's store."""
    with tempfile.TemporaryDirectory(prefix="citygraph-") as tmp:
        if dataset:
            settings = replace(settings, build_dir=Path(tmp), store="")
            EmbeddedStore.create(settings.store_dir, dataset)
        echo(
            f"Serving {dataset or settings.store or settings.store_dir} "
            f"with {settings.workers} query workers; SPARQL at /sparql"
        )
        server = Granian(
            "citygraph.web:create_app",  # a name for granian's logs; the loader makes the app
            address=settings.host,
            port=settings.port,
            interface=Interfaces.WSGI,
            workers=1,
            blocking_threads=settings.workers + 4,
            log_access=False,
        )
        server.serve(target_loader=_app_loader(settings), wrap_loader=False)
