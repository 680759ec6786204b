"""The benchmark's synthetic data generator: deterministic, and its output builds and validates."""

import hashlib
import importlib.util
from pathlib import Path

import pytest

from citygraph.build import ROOT, build
from citygraph.validate import validate

N = 100


def _generator():
    spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "bench" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _digest(directory: Path) -> str:
    sha = hashlib.sha256()
    for path in sorted(p for p in directory.rglob("*") if p.is_file()):
        sha.update(path.relative_to(directory).as_posix().encode() + path.read_bytes())
    return sha.hexdigest()


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    return _generator().generate(N, tmp_path_factory.mktemp("syn") / "data")


def test_the_generator_is_deterministic(generated, tmp_path):
    again = _generator().generate(N, tmp_path / "again")
    assert _digest(again) == _digest(generated)


def test_every_generated_name_is_marked_synthetic(generated):
    profiles = sorted((generated / "profiles").glob("*.txt"))
    assert len(profiles) == N
    assert all(p.name.startswith("syn-") for p in profiles)
    assert "generated" in (generated / "README.md").read_text()


def test_the_generator_refuses_to_write_into_data(tmp_path):
    with pytest.raises(ValueError):
        _generator().generate(3, ROOT / "data" / "syn")


def test_generated_data_parses_builds_and_validates(generated):
    result = build(generated)
    assert result.errors == []
    assert len(result.profiles) == N
    assert {p.lang for p in result.profiles} == {"de", "en"}
    assert all(3 <= len(p.approaches) <= 10 for p in result.profiles)
    assert validate(result.dataset).conforms
