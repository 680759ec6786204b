"""The SPARQL servers compared, each started on 127.0.0.1 over the same build, and stopped.

citygraph (`citygraph serve` over the build's store), the `oxigraph` server over a store
loaded from the same N-Quads with the union default graph, and `rdflib-endpoint` over the
same N-Quads file (it loads into an rdflib Dataset whose default graph is the union).
"""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

BIN = Path(sys.executable).parent
PROBE = "ASK { ?s ?p ?o }"
TIME_LIMIT = 60  # seconds per query, the same for citygraph and the oxigraph server


@dataclass
class Server:
    """A running peer: its name, query URL, process and how long it took to answer."""

    name: str
    url: str
    process: subprocess.Popen
    ready_s: float = 0.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _answers(url: str) -> bool:
    request = urllib.request.Request(
        f"{url}?query={urllib.parse.quote(PROBE)}",
        headers={"Accept": "application/sparql-results+json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def wait_ready(url: str, process: subprocess.Popen, timeout: float) -> float:
    """Seconds until the endpoint answers a query; RuntimeError if it dies or times out."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if process.poll() is not None:
            raise RuntimeError(f"{url}: the server exited with {process.returncode}")
        if _answers(url):
            return time.perf_counter() - start
        time.sleep(0.02)
    raise TimeoutError(f"{url} did not answer within {timeout} s")


def stop(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()


@contextmanager
def running(name: str, argv: list[str], url: str, env: dict | None = None, timeout: float = 900):
    """Start a server, wait until it answers, yield it, stop it."""
    started = time.perf_counter()
    process = subprocess.Popen(
        argv,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, **(env or {})},
    )
    server = Server(name, url, process)
    try:
        wait_ready(url, process, timeout)
        server.ready_s = time.perf_counter() - started
        yield server
    finally:
        stop(server)


def citygraph(build: Path, cache: bool = True, workers: int = 4, timeout: float = TIME_LIMIT):
    """`citygraph serve` over the store of a build (result cache on or off)."""
    port = free_port()
    env = {"CITYGRAPH_CACHE_BYTES": "64000000" if cache else "0"}
    argv = [
        str(BIN / "citygraph"),
        "serve",
        "--out",
        str(build),
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--timeout",
        str(timeout),
    ]
    return running(
        "citygraph" + ("" if cache else " (cold)"), argv, f"http://127.0.0.1:{port}/sparql", env
    )


def oxigraph_store(build: Path) -> Path:
    """An oxigraph server store loaded from the build's N-Quads (once per build)."""
    location = build / "oxigraph-server"
    if not (location / "CURRENT").exists():
        shutil.rmtree(location, ignore_errors=True)
        subprocess.run(
            [
                str(BIN / "oxigraph"),
                "load",
                "--location",
                str(location),
                "--file",
                str(build / "citygraph.nq"),
            ],
            check=True,
            capture_output=True,
        )
    return location


def oxigraph(build: Path):
    port = free_port()
    argv = [
        str(BIN / "oxigraph"),
        "serve-read-only",
        "--location",
        str(oxigraph_store(build)),
        "--bind",
        f"127.0.0.1:{port}",
        "--union-default-graph",
        "--timeout-s",
        str(TIME_LIMIT),
    ]
    return running("oxigraph", argv, f"http://127.0.0.1:{port}/query")


def rdflib_endpoint(build: Path):
    port = free_port()
    argv = [
        str(BIN / "rdflib-endpoint"),
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        str(build / "citygraph.nq"),
    ]
    return running("rdflib-endpoint", argv, f"http://127.0.0.1:{port}/")
