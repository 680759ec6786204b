"""HTTP clients for the benchmarks: sequential latency per query, and N concurrent clients
for a bounded time. Keep-alive connections, loopback only, every loop bounded."""

import http.client
import statistics
import threading
import time
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field

from query_mix import accept

TIMEOUT = 60.0


class Client:
    """One keep-alive connection to a SPARQL endpoint on 127.0.0.1."""

    def __init__(self, url: str, timeout: float = TIMEOUT):
        parts = urllib.parse.urlsplit(url)
        if parts.hostname != "127.0.0.1":
            raise ValueError("the benchmarks only talk to 127.0.0.1")
        self.host, self.port, self.path = parts.hostname, parts.port, parts.path
        self.timeout = timeout
        self.conn: http.client.HTTPConnection | None = None

    def query(self, text: str, accept_type: str | None = None) -> tuple[int, float, int]:
        """(HTTP status, seconds, body bytes); status 0 when the connection failed."""
        path = f"{self.path}?{urllib.parse.urlencode({'query': text})}"
        headers = {"Accept": accept_type or accept(text)}
        start = time.perf_counter()
        try:
            self.conn = self.conn or http.client.HTTPConnection(
                self.host, self.port, timeout=self.timeout
            )
            self.conn.request("GET", path, headers=headers)
            response = self.conn.getresponse()
            body = response.read()
            status = response.status
        except (OSError, http.client.HTTPException):
            self.close()
            return 0, time.perf_counter() - start, 0
        if response.will_close:
            self.close()
        return status, time.perf_counter() - start, len(body)

    def close(self) -> None:
        if self.conn:
            self.conn.close()
        self.conn = None


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def latencies(
    url: str, queries: dict[str, str], runs: int = 10, budget: float = 30.0
) -> dict[str, dict]:
    """Per query: one untimed warm-up, then up to `runs` timed runs (fewer past `budget` s)."""
    client, out = Client(url), {}
    for name, text in queries.items():
        status, _, size = client.query(text)
        times: list[float] = []
        spent = 0.0
        while status == 200 and len(times) < runs and spent < budget:
            status, seconds, size = client.query(text)
            times.append(seconds)
            spent += seconds
        out[name] = {
            "status": status,
            "bytes": size,
            "runs": len(times),
            "median_ms": 1000 * statistics.median(times) if times else None,
            "p95_ms": 1000 * percentile(times, 0.95) if times else None,
        }
    client.close()
    return out


@dataclass
class LoadResult:
    """What N clients achieved in a bounded time."""

    clients: int
    seconds: float
    statuses: Counter = field(default_factory=Counter)
    times: list[float] = field(default_factory=list)

    @property
    def requests(self) -> int:
        return sum(self.statuses.values())

    @property
    def per_second(self) -> float:
        return self.statuses.get(200, 0) / self.seconds if self.seconds else 0.0


def load(
    url: str,
    texts: list[str],
    clients: int = 8,
    seconds: float = 10.0,
    accept_types: list[str | None] | None = None,
) -> LoadResult:
    """`clients` threads send the texts round robin (each from its own offset) for `seconds`."""
    result, lock = LoadResult(clients, 0.0), threading.Lock()
    types = accept_types or [None] * len(texts)
    deadline = time.perf_counter() + seconds

    def work(offset: int) -> None:
        client, i = Client(url), offset
        while time.perf_counter() < deadline:
            status, took, _ = client.query(texts[i % len(texts)], types[i % len(texts)])
            with lock:
                result.statuses[status] += 1
                result.times.append(took)
            i += 1
        client.close()

    start = time.perf_counter()
    threads = [threading.Thread(target=work, args=(k * 7,), daemon=True) for k in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + TIMEOUT + 5)
    result.seconds = time.perf_counter() - start
    return result
