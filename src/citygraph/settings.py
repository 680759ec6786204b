"""One Settings dataclass: defaults, then a TOML file, then CITYGRAPH_* environment variables."""

import os
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path

DEFAULT_BASE = "https://w3id.org/citygraph/"


@dataclass(frozen=True)
class Settings:
    """Where data and builds live, the IRI base and the endpoint's limits."""

    base_iri: str = DEFAULT_BASE
    data_dir: Path = Path("data")
    build_dir: Path = Path("build")
    store: str = ""  # empty: the embedded store in build_dir/store; else a SPARQL endpoint URL
    graph_store: str = ""  # Graph Store Protocol URL of a remote store (default: beside `store`)
    host: str = "127.0.0.1"
    port: int = 5000
    query_timeout: float = 10.0  # seconds of wall-clock time per query
    max_rows: int = 10_000
    max_bytes: int = 10_000_000
    max_body: int = 1_000_000
    workers: int = 4
    cache_bytes: int = 64_000_000  # SPARQL result cache of the embedded store; 0: off

    @property
    def store_dir(self) -> Path:
        return self.build_dir / "store"


def _coerce(kind: type, value: str):
    return {int: int, float: float, Path: Path}.get(kind, str)(value)


def load_settings(path: str | Path | None = None, **overrides) -> Settings:
    """Settings from defaults, an optional TOML file, the environment, then keyword overrides."""
    values: dict = {}
    config = path or os.environ.get("CITYGRAPH_CONFIG")
    if config:
        with open(config, "rb") as fh:
            values.update(tomllib.load(fh))
    kinds = {f.name: f.type for f in fields(Settings)}
    for name in kinds:
        env = os.environ.get(f"CITYGRAPH_{name.upper()}")
        if env is not None:
            values[name] = env
    values.update({k: v for k, v in overrides.items() if v is not None})
    unknown = set(values) - set(kinds)
    if unknown:
        raise ValueError(f"unknown settings: {', '.join(sorted(unknown))}")
    typed = {k: _coerce(kinds[k], v) if isinstance(v, str) else v for k, v in values.items()}
    return replace(Settings(), **typed)
