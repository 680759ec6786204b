"""Run `citygraph serve` on a free 127.0.0.1 port in a subprocess, for tests over real HTTP.

    with running_server(fixture_settings, query_timeout=2) as base_url:
        reply = fetch(base_url + "/sparql?query=ASK%7B%7D")

The target is a Settings (its build directory's store is served; keyword overrides change
settings) or an RDF dataset file (`citygraph serve --dataset FILE`).
"""

import http.client
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields, replace
from pathlib import Path

from citygraph.settings import Settings

__all__ = ["running_server", "fetch", "free_port", "Reply"]

SERVE = [sys.executable, "-c", "from citygraph.cli import main; main()", "serve"]


@dataclass
class Reply:
    """An HTTP response, read whole."""

    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    @property
    def media_type(self) -> str:
        return self.headers.get("Content-Type", "").split(";")[0].strip()


def fetch(
    url: str,
    method: str = "GET",
    body: bytes | str | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 30,
) -> Reply:
    """One request exactly as given (no default Content-Type, no redirects followed)."""
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        conn.request(
            method,
            target,
            body=body.encode() if isinstance(body, str) else body,
            headers=headers or {},
        )
        response = conn.getresponse()
        return Reply(response.status, response.headers, response.read())
    finally:
        conn.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _environment(settings: Settings) -> dict[str, str]:
    """CITYGRAPH_* variables that reproduce `settings` in the child process."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CITYGRAPH_")}
    env.update(
        {
            f"CITYGRAPH_{f.name.upper()}": str(getattr(settings, f.name))
            for f in fields(settings)
            if f.name not in ("host", "port")
        }
    )
    return env


def _wait_ready(process: subprocess.Popen, base_url: str, log: Path, deadline: float) -> None:
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"citygraph serve exited:\n{log.read_text()}")
        try:
            if fetch(base_url + "/sparql?query=ASK%7B%7D", timeout=5).status == 200:
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"citygraph serve did not answer in time:\n{log.read_text()}")


@contextmanager
def running_server(target: Settings | Path, **overrides) -> Iterator[str]:
    """The base URL of a server over `target` that runs for the duration of the block."""
    port = free_port()
    args = [*SERVE, "--port", str(port)]
    settings = target if isinstance(target, Settings) else Settings()
    if not isinstance(target, Settings):
        args += ["--dataset", str(target)]
    base_url = f"http://127.0.0.1:{port}"
    with tempfile.NamedTemporaryFile("w+", suffix=".log") as log:
        process = subprocess.Popen(
            args,
            env=_environment(replace(settings, **overrides)),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            _wait_ready(process, base_url, Path(log.name), time.monotonic() + 60)
            yield base_url
        finally:
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
