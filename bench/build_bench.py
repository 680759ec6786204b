"""Build benchmark: parse + build + validate throughput, peak memory, dumps and store load.

Each N runs in a fresh subprocess, so that its peak RSS (getrusage maxrss) is its own.

    python bench/build_bench.py 1000    # one size, prints one JSON line
"""

import json
import resource
import subprocess
import sys
import time
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


def measure(n: int, store: bool = True) -> dict:
    """Time each stage of `citygraph build` on N synthetic cities, in this process (without
    dumps and store when `store` is false)."""
    from citygraph.build import build, stats
    from citygraph.dumps import write_dumps
    from citygraph.store import EmbeddedStore
    from citygraph.validate import validate

    data, out = data_dir(n), build_dir(n)
    t0 = time.perf_counter()
    result = build(data)
    t1 = time.perf_counter()
    report = validate(result.dataset)
    t2 = t3 = t4 = time.perf_counter()
    if store:
        write_dumps(result.dataset, out)
        t3 = time.perf_counter()
        EmbeddedStore.create(out / "store", out / "citygraph.nq")
        t4 = time.perf_counter()
    profiles = len(result.profiles)
    return {
        "n": n,
        "profiles": profiles,
        "triples": stats(result.dataset)["triples"],
        "errors": len(result.errors),
        "conforms": report.conforms,
        "build_s": t1 - t0,
        "validate_s": t2 - t1,
        "dumps_s": t3 - t2 if store else None,
        "store_s": t4 - t3 if store else None,
        "profiles_per_s": profiles / (t2 - t0),
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def run(sizes: list[int], store: bool = True, timeout: float = 3600) -> list[dict]:
    """One subprocess per size; a size that fails or runs out of time is reported, not fatal."""
    rows = []
    for n in sizes:
        data_dir(n)
        argv = [sys.executable, __file__, str(n)] + ([] if store else ["--no-store"])
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
    print(json.dumps(measure(int(sys.argv[1]), store="--no-store" not in sys.argv)))
