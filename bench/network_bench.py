"""Network-analysis timings on a build's store: graph, projections, centralities, communities.

Each size runs in a subprocess that prints one JSON line per finished step, so a step that
outruns the time budget is reported as such and the steps before it still count.

    python bench/network_bench.py build/bench/build1000
"""

import json
import subprocess
import sys
import time
from pathlib import Path


def steps(store) -> None:
    """Time every analysis step in order, printing each as it finishes."""
    from citygraph import metrics
    from citygraph import network as nx_

    def timed(name, func):
        start = time.perf_counter()
        value = func()
        size = value.number_of_edges() if hasattr(value, "number_of_edges") else len(value)
        print(
            json.dumps({"step": name, "s": time.perf_counter() - start, "size": size}), flush=True
        )
        return value

    graph = timed("membership graph (SPARQL)", lambda: nx_.membership_graph(store))
    projection = timed("city projection", lambda: nx_.city_projection(graph))
    timed("network overlap", lambda: nx_.network_overlap(graph))
    timed("communities (Louvain)", lambda: metrics.communities(projection))
    timed("bridging cities", lambda: metrics.bridging_cities(graph))
    timed("centrality", lambda: metrics.centrality(projection))


def run(build: Path, budget: float = 300.0) -> list[dict]:
    """The steps that finished within `budget` seconds, and the one that did not."""
    proc = subprocess.Popen(
        [sys.executable, __file__, str(build)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        out, _ = proc.communicate(timeout=budget)
        late = None
    except subprocess.TimeoutExpired:
        proc.kill()
        out, _ = proc.communicate()
        late = {"step": "(next step)", "s": None, "size": None, "over_budget_s": budget}
    rows = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    return rows + ([late] if late else [])


if __name__ == "__main__":
    from citygraph.store import EmbeddedStore

    steps(EmbeddedStore(Path(sys.argv[1]) / "store", read_only=True))
