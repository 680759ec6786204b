"""Build benchmark: parse + build + validate throughput, peak memory, dumps and store load.

Each N runs in a fresh subprocess, so that its peak RSS (getrusage maxrss) is its own.

    python bench/build_bench.py 1000    # one size, prints one JSON line
"""

import json
import resource
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from generate import ROOT, generate  # noqa: E402


def data_dir(n: int) -> Path:
    """The synthetic data for `n` cities, generated once."""
    out = ROOT / "build" / "bench" / f"n{n}"
    if not (out / "README.md").exists():
        generate(n, out)
    return out


def build_dir(n: int) -> Path:
    return ROOT / "build" / "bench" / f"build{n}"


def measure(n: int) -> dict:
    """Time each stage of `citygraph build` (the pipeline's own run_build) on N synthetic
    cities, with the peak memory of the whole run."""
    from citygraph.build import profile_files
    from citygraph.pipeline import STAGES, run_build
    from citygraph.settings import load_settings
    from citygraph.store import EmbeddedStore

    data, out = data_dir(n), build_dir(n)
    settings = load_settings(data_dir=data, build_dir=out)
    took: dict[str, float] = {}
    code = run_build(settings, echo=lambda *a, **k: None, stage=took.__setitem__)
    if code or set(took) != set(STAGES):
        raise SystemExit(f"the build of {n} cities failed (exit {code}, stages {sorted(took)})")
    profiles = len(profile_files(data))
    store = EmbeddedStore(settings.store_dir, read_only=True)
    triples = int(store.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[0]["n"])
    # build and validation run in a child process (see citygraph.pipeline): the peak is the
    # larger of the child's and this process's own
    peaks = (
        resource.getrusage(who).ru_maxrss
        for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
    )
    return {
        "n": n,
        "profiles": profiles,
        "triples": triples,
        "conforms": True,
        "build_s": took["built"],
        "validate_s": took["validated"],
        "dumps_s": took["dumped"],
        "store_s": took["loaded"],
        "profiles_per_s": profiles / (took["built"] + took["validated"]),
        "peak_mb": max(peaks) / 1024,
    }


def run(sizes: list[int], timeout: float = 3600) -> list[dict]:
    """One subprocess per size; a size that fails or runs out of time is reported, not fatal."""
    rows = []
    for n in sizes:
        data_dir(n)
        argv = [sys.executable, __file__, str(n)]
        proc = subprocess.run(argv, capture_output=True, text=True, timeout=timeout, check=False)
        if proc.returncode:
            rows.append({"n": n, "error": proc.stderr.strip().splitlines()[-1:]})
            continue
        rows.append(json.loads(proc.stdout.strip().splitlines()[-1]))
    return rows


def linearity(rows: list[dict], low: int = 1000) -> dict | None:
    """Throughput at the largest size relative to `low` cities (1.0: perfectly linear)."""
    ok = {r["n"]: r for r in rows if "error" not in r}
    high = max(ok, default=0)
    if low not in ok or high <= low:
        return None
    ratio = ok[high]["profiles_per_s"] / ok[low]["profiles_per_s"]
    return {"from": low, "to": high, "ratio": ratio, "holds": ratio >= 0.8}


if __name__ == "__main__":
    print(json.dumps(measure(int(sys.argv[1]))))
