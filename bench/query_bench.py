"""HTTP query benchmark: citygraph (cold and warm) beside the oxigraph server and
rdflib-endpoint, all on 127.0.0.1 over the same build, one after the other."""

import math

import servers
from http_load import Client, latencies, load
from query_mix import materialised, mix


def geomean(values: list[float]) -> float:
    values = [v for v in values if v]
    return math.exp(sum(map(math.log, values)) / len(values)) if values else float("nan")


def _peer(server, queries: dict[str, str], runs: int, seconds: float) -> dict:
    texts = list(queries.values())
    return {
        "ready_s": server.ready_s,
        "latency": latencies(server.url, queries, runs),
        "throughput": load(server.url, texts, 8, seconds).per_second,
    }


def _citygraph(build, queries: dict[str, str], runs: int, seconds: float) -> dict:
    """Cold (no result cache), then warm (cache on, filled by one pass over the mix)."""
    ours = {name: materialised(name, text) for name, text in queries.items()}
    with servers.citygraph(build, cache=False) as server:
        cold = _peer(server, ours, runs, seconds)
        cold["path_latency"] = latencies(
            server.url, {"topic-hierarchy (path)": queries["topic-hierarchy"]}, runs
        )
    with servers.citygraph(build, cache=True) as server:
        client = Client(server.url)
        for text in ours.values():
            client.query(text)
        client.close()
        warm = _peer(server, ours, runs, seconds)
    return {"cold": cold, "warm": warm}


def run(build, data, runs: int = 10, seconds: float = 10.0, peers=("oxigraph", "rdflib")) -> dict:
    """Every peer's latencies and throughput on the mix for one build."""
    queries = mix(data)
    result = {"queries": list(queries), "citygraph": _citygraph(build, queries, runs, seconds)}
    if "oxigraph" in peers:
        with servers.oxigraph(build) as server:
            result["oxigraph"] = _peer(server, queries, runs, seconds)
    if "rdflib" in peers:
        with servers.rdflib_endpoint(build) as server:
            result["rdflib-endpoint"] = _peer(server, queries, max(3, runs // 3), seconds)
    return result


def medians(peer: dict) -> dict[str, float]:
    return {q: v["median_ms"] for q, v in peer["latency"].items()}


def targets(result: dict) -> list[dict]:
    """The issue's targets at this size: measured ratio, bound, and whether it holds."""
    cold, warm = result["citygraph"]["cold"], result["citygraph"]["warm"]
    ox, rows = result.get("oxigraph"), []
    if ox:
        ratios = {
            q: medians(cold)[q] / medians(ox)[q]
            for q in result["queries"]
            if medians(cold).get(q) and medians(ox).get(q)
        }
        worst = max(ratios, key=ratios.get)
        path_ox = medians(ox)["topic-hierarchy"]
        rows += [
            row("cold geo-mean latency / oxigraph", geomean(list(ratios.values())), "<=", 1.2),
            row(f"cold worst query / oxigraph ({worst})", ratios[worst], "<=", 2.0),
            row("cold throughput / oxigraph", cold["throughput"] / ox["throughput"], ">=", 0.9),
            row("warm throughput / oxigraph", warm["throughput"] / ox["throughput"], ">=", 2.0),
            row(
                "oxigraph path / citygraph hierarchy (cold, materialised)",
                path_ox / medians(cold)["topic-hierarchy"],
                ">=",
                3.0,
            ),
            row(
                "oxigraph path / citygraph hierarchy (warm)",
                path_ox / medians(warm)["topic-hierarchy"],
                ">=",
                3.0,
            ),
        ]
    rl = result.get("rdflib-endpoint")
    if rl:
        both = [q for q in result["queries"] if medians(rl).get(q) and medians(cold).get(q)]
        speed = geomean([medians(rl)[q] / medians(cold)[q] for q in both])
        rows += [
            row("rdflib-endpoint geo-mean latency / citygraph (cold)", speed, ">=", 3.0),
            row(
                "throughput / rdflib-endpoint (cold)",
                cold["throughput"] / rl["throughput"],
                ">=",
                7.0,
            ),
        ]
    return rows


def row(name: str, value: float, op: str, bound: float) -> dict:
    holds = value <= bound if op == "<=" else value >= bound
    return {"target": name, "value": value, "bound": f"{op} {bound:g}", "holds": holds}
