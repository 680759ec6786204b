"""Reliability under load: 32 clients for a bounded time on normal, slow and malformed
queries against `citygraph serve`; counts every status, samples the memory of the server and
its workers, and checks that it still answers afterwards."""

import threading
import time
from pathlib import Path

import servers
from http_load import Client, load
from query_mix import mix

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
MALFORMED = [
    "SELECT ?s WHERE { ?s ?p",
    "DROP ALL",
    "ASK { ?s <not an iri> ?o }",
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
]
MEMORY_BOUND_MB = 256


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        found += [int(c) for c in task.read_text().split()]
    return found


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants, in MB."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            todo += _children(current)
        except OSError:
            continue
        total += next(
            (int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")), 0
        )
    return total / 1024


def _sample(pid: int, stop: threading.Event, samples: list[float]) -> None:
    while not stop.wait(1.0):
        samples.append(tree_rss_mb(pid))


def _mix(data) -> tuple[list[str], list[str | None]]:
    """7 normal, 1 slow and 4 malformed requests in every 12."""
    normal = list(mix(data).values())[:7]
    texts = normal + [SLOW] + MALFORMED
    return texts, [None] * len(texts)


def run(build, data, clients: int = 32, seconds: float = 60.0, timeout: float = 2.0) -> dict:
    """The load test's figures: statuses, requests per second, memory, answering afterwards."""
    texts, types = _mix(data)
    with servers.citygraph(build, cache=True, timeout=timeout) as server:
        warm = load(server.url, texts, clients, 5.0, types)
        before = tree_rss_mb(server.process.pid)
        stop, samples = threading.Event(), []
        sampler = threading.Thread(target=_sample, args=(server.process.pid, stop, samples))
        sampler.start()
        result = load(server.url, texts, clients, seconds, types)
        stop.set()
        sampler.join()
        time.sleep(timeout)
        after = tree_rss_mb(server.process.pid)
        probe = Client(server.url).query(texts[0])[0]
    server_errors = {s: n for s, n in result.statuses.items() if s >= 500 and s != 503}
    return {
        "clients": clients,
        "seconds": result.seconds,
        "requests": result.requests,
        "per_second": result.requests / result.seconds,
        "timeout_s": timeout,
        "statuses": dict(sorted(result.statuses.items())),
        "warmup": warm.requests,
        "rss_before_mb": before,
        "rss_max_mb": max(samples, default=before),
        "rss_after_mb": after,
        "answers_after": probe == 200,
        "holds": not server_errors
        and 0 not in result.statuses
        and probe == 200
        and after - before <= MEMORY_BOUND_MB,
    }
