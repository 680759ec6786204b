"""`make bench`: every benchmark in turn, tables on stdout and in bench/RESULTS.md.

Environment:
  BENCH_SIZES        sizes for every benchmark (default 100,1000,10000)
  BENCH_BUILD_SIZES  further sizes for the build benchmark only (default 50000)
  BENCH_SECONDS      seconds per throughput run (default 10)
  BENCH_LOAD_SECONDS seconds of the 32-client reliability test (default 60)
  BENCH_PEERS        peers to compare with (default oxigraph,rdflib)
  BENCH_REUSE_BUILD  1: take the build figures (and builds) of the last run instead of building
"""

import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import build_bench  # noqa: E402
import network_bench  # noqa: E402
import query_bench  # noqa: E402
import reliability  # noqa: E402
import report  # noqa: E402
import servers  # noqa: E402


def _sizes(name: str, default: str) -> list[int]:
    return [int(n) for n in os.environ.get(name, default).split(",") if n.strip()]


def _emit(sections: list, heading: str, body: str) -> None:
    sections.append((heading, body))
    print(f"\n## {heading}\n\n{body}", flush=True)
    report.write(sections)


def serve_startup(build: Path, times: int = 3) -> float:
    """Median seconds from `citygraph serve` starting to its first answered query."""
    found = []
    for _ in range(times):
        with servers.citygraph(build, cache=True) as server:
            found.append(server.ready_s)
    return statistics.median(found)


def build_section(sections: list, sizes: list[int], build_only: list[int]) -> list[dict]:
    saved = build_bench.ROOT / "build" / "bench" / "build-rows.json"
    reused = os.environ.get("BENCH_REUSE_BUILD") == "1" and saved.exists()
    if reused:
        rows = json.loads(saved.read_text())
    else:
        rows = build_bench.run(sizes + build_only)
        saved.write_text(json.dumps(rows))
    line = build_bench.linearity(rows)
    peak = {r["n"]: r.get("peak_mb") for r in rows}
    body = report.build_table(rows)
    if reused:
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(saved.stat().st_mtime))
        body += f"\n\nThese rows are reused (BENCH_REUSE_BUILD=1) from the build run of {when}."
    if line:
        body += (
            f"\n\nThroughput at {line['to']:,} cities is {line['ratio']:.2f} times the "
            f"throughput at {line['from']:,} (linear within 20%: "
            f"{'yes' if line['holds'] else 'no'})."
        )
    if 10000 in peak and peak[10000]:
        body += f" Peak memory at 10,000 cities: {peak[10000]:,.0f} MB (target < 2,048 MB)."
    _emit(sections, "Build: parse + build + validate", body)
    return rows


def main() -> None:
    sizes = _sizes("BENCH_SIZES", "100,1000,10000")
    build_only = [n for n in _sizes("BENCH_BUILD_SIZES", "50000") if n not in sizes]
    seconds = float(os.environ.get("BENCH_SECONDS", "10"))
    peers = os.environ.get("BENCH_PEERS", "oxigraph,rdflib").split(",")
    sections: list = []
    build_rows = build_section(sections, sizes, build_only)
    largest = max(sizes)
    build, data = build_bench.build_dir(largest), build_bench.data_dir(largest)
    startup = serve_startup(build)
    store_s = next(r.get("store_s") for r in build_rows if r["n"] == largest)
    _emit(
        sections,
        "Load",
        report.table(
            [
                "at cities",
                "build -> ready embedded store (s)",
                "`citygraph serve` ready (s, median of 3)",
            ],
            [[largest, store_s, startup]],
        ),
    )
    targets = []
    for n in sizes:
        result = query_bench.run(
            build_bench.build_dir(n), build_bench.data_dir(n), seconds=seconds, peers=peers
        )
        rows = query_bench.targets(result)
        body = report.query_table(result) + "\n\n" + report.targets_table(rows)
        _emit(sections, f"Queries over HTTP at {n:,} cities", body)
        targets = rows if n == largest else targets
    networks = {n: network_bench.run(build_bench.build_dir(n)) for n in sizes}
    _emit(sections, "Network analysis", report.network_table(networks))
    load = reliability.run(build, data, seconds=float(os.environ.get("BENCH_LOAD_SECONDS", "60")))
    _emit(sections, f"Reliability under load at {largest:,} cities", report.reliability_table(load))
    _emit(sections, "Targets", summary(targets, build_rows, startup, load))


def summary(query_targets: list[dict], build_rows: list[dict], startup: float, load: dict) -> str:
    """Every target of the issue with whether it holds at the largest query size."""
    rows = list(query_targets)
    line = build_bench.linearity(build_rows)
    if line:
        rows.append(
            query_bench.row(
                f"build linear: profiles/s at {line['to']:,} / at 1,000", line["ratio"], ">=", 0.8
            )
        )
    peak = next((r.get("peak_mb") for r in build_rows if r["n"] == 10000), None)
    if peak:
        rows.append(query_bench.row("memory: peak MB at 10,000 cities", peak, "<=", 2048))
    rows.append(query_bench.row("`citygraph serve` ready (s)", startup, "<=", 2.0))
    rows.append(
        {
            "target": "reliability: no 5xx but 503, memory bounded, answers after",
            "value": str(load["statuses"]),
            "bound": "",
            "holds": load["holds"],
        }
    )
    return report.targets_table(rows)


if __name__ == "__main__":
    main()
