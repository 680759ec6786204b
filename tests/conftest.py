"""Shared fixtures: the synthetic test data set, built once, and the bundled data."""

import shutil
from pathlib import Path

import pytest

from citygraph.build import ROOT
from citygraph.pipeline import run_build
from citygraph.settings import load_settings
from citygraph.store import EmbeddedStore
from tests.server import free_port

FIXTURES = Path(__file__).parent / "fixtures"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def fixture_data(tmp_path_factory) -> Path:
    """A copy of tests/fixtures/data with the real topic scheme beside it."""
    data = tmp_path_factory.mktemp("data")
    shutil.copytree(FIXTURES / "data", data, dirs_exist_ok=True)
    shutil.copy(ROOT / "data" / "topics.ttl", data / "topics.ttl")
    return data


def built_settings(data_dir: Path, build_dir: Path):
    """Settings whose build directory holds a finished, validated build of `data_dir`."""
    settings = load_settings(data_dir=data_dir, build_dir=build_dir)
    assert run_build(settings, echo=lambda *a, **k: None) == 0
    return settings


@pytest.fixture(scope="session")
def fixture_settings(fixture_data, tmp_path_factory):
    """Settings whose build directory holds a finished build of the synthetic data."""
    return built_settings(fixture_data, tmp_path_factory.mktemp("build"))


@pytest.fixture(scope="session")
def fixture_store(fixture_settings) -> EmbeddedStore:
    return EmbeddedStore(fixture_settings.store_dir, read_only=True)


@pytest.fixture(scope="session")
def bundled_settings(tmp_path_factory):
    """Settings whose build directory holds a finished build of the bundled data/."""
    return built_settings(ROOT / "data", tmp_path_factory.mktemp("bundled"))


@pytest.fixture(scope="session")
def bundled_store(bundled_settings) -> EmbeddedStore:
    return EmbeddedStore(bundled_settings.store_dir, read_only=True)


@pytest.fixture
def shared() -> Path:
    """../shared (profiles, conformance data); tests that need it skip when it is absent."""
    if not SHARED.exists():
        pytest.skip(f"{SHARED} is absent (the project's shared folder is not beside the clone)")
    return SHARED


def wait_for_port(port: int, process, timeout: float = 20.0) -> None:
    """Return once something listens on 127.0.0.1:port; fail if the process dies first."""
    import socket
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port} after {timeout} s")


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory):
    """A real Oxigraph SPARQL server (PyPI `oxigraph`) on 127.0.0.1; yields its base URL."""
    import subprocess
    import sys

    port = free_port()
    binary = Path(sys.executable).parent / "oxigraph"
    location = tmp_path_factory.mktemp("oxigraph")
    process = subprocess.Popen(
        [str(binary), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port, process)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)
