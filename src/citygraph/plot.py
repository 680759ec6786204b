"""Static pictures (PNG or SVG, by suffix) of an alliance, the network overlap and the timeline.

Uses matplotlib's object API (no pyplot state), so it runs headless and in threads.
"""

from pathlib import Path

import networkx as nx
from matplotlib import colormaps
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from citygraph.dumps import atomic_write
from citygraph.errors import CitygraphError
from citygraph.metrics import timeline
from citygraph.network import around, ego, find, network_overlap, side

__all__ = [
    "CHARTS",
    "draw",
    "plot_members",
    "plot_overlap",
    "plot_timeline",
    "country_colours",
    "save",
]

CHARTS = ("members", "overlap", "timeline")


def country_colours(countries) -> dict[str, tuple]:
    """A stable colour per country code, in sorted order.

    >>> sorted(country_colours(["IT", "DE", "DE"]))
    ['DE', 'IT']
    """
    palette = colormaps["tab20"]
    return {c: palette(i % 20) for i, c in enumerate(sorted(set(countries)))}


def save(figure: Figure, path: Path) -> Path:
    """Write `figure` as PNG or SVG (told by the suffix), atomically."""
    fmt = path.suffix.lstrip(".").lower()
    if fmt not in ("png", "svg"):
        raise ValueError(f"{path}: expected a .png or .svg file")
    with atomic_write(path) as fh:
        figure.savefig(fh, format=fmt, dpi=150, bbox_inches="tight")
    return path


def plot_members(graph: nx.Graph, network: str, path: Path) -> Path:
    """An alliance's members coloured by country, sized by their number of networks.

    The members' other networks are drawn as grey squares, so shared memberships show.
    """
    sub = ego(graph, network, radius=2)
    cities, networks = sorted(side(sub, 0)), sorted(side(sub, 1))
    pos = nx.spring_layout(sub, seed=7, k=1.5 / max(len(sub), 1) ** 0.5)
    colours = country_colours(sub.nodes[c].get("country", "?") for c in cities)
    figure = Figure(figsize=(11, 9))
    ax = figure.add_subplot()
    nx.draw_networkx_edges(sub, pos, ax=ax, alpha=0.25, edge_color="#555")
    nx.draw_networkx_nodes(
        sub,
        pos,
        nodelist=networks,
        ax=ax,
        node_shape="s",
        node_color=["#d62728" if n == network else "#bbb" for n in networks],
        node_size=[300 if n == network else 160 for n in networks],
    )
    nx.draw_networkx_nodes(
        sub,
        pos,
        nodelist=cities,
        ax=ax,
        edgecolors="#333",
        linewidths=0.5,
        node_color=[colours[sub.nodes[c].get("country", "?")] for c in cities],
        node_size=[40 + 60 * sub.nodes[c].get("networks", 1) for c in cities],
    )
    nx.draw_networkx_labels(
        sub, pos, ax=ax, font_size=6, labels={n: sub.nodes[n].get("label", n) for n in sub}
    )
    handles = [Line2D([], [], marker="o", ls="", color=col, label=c) for c, col in colours.items()]
    ax.legend(handles=handles, title="country", loc="upper left", fontsize=7, frameon=False)
    ax.set_title(
        f"{graph.nodes[network].get('label', network)}: {len(cities)} members "
        "(size: number of networks; squares: their other networks)"
    )
    ax.set_axis_off()
    return save(figure, path)


def plot_overlap(overlap: nx.Graph, path: Path) -> Path:
    """Networks sized by members, linked by shared members (width) with the count on the edge."""
    pos = nx.circular_layout(overlap)
    figure = Figure(figsize=(10, 10))
    ax = figure.add_subplot()
    widths = [0.5 + d for *_, d in overlap.edges(data="shared")]
    nx.draw_networkx_edges(overlap, pos, ax=ax, width=widths, alpha=0.35, edge_color="#1f77b4")
    nx.draw_networkx_nodes(
        overlap,
        pos,
        ax=ax,
        node_color="#ff7f0e",
        node_size=[80 + 25 * overlap.nodes[n].get("members", 0) for n in overlap],
    )
    nx.draw_networkx_edge_labels(
        overlap,
        pos,
        ax=ax,
        font_size=6,
        edge_labels=dict(((u, v), s) for u, v, s in overlap.edges(data="shared")),
    )
    nx.draw_networkx_labels(
        overlap,
        pos,
        ax=ax,
        font_size=7,
        labels={n: overlap.nodes[n].get("label", n) for n in overlap},
    )
    ax.set_title("City networks and their shared members")
    ax.set_axis_off()
    ax.margins(0.2)
    return save(figure, path)


def plot_timeline(rows: list[dict], path: Path) -> Path:
    """Cumulative members per network over the years, from `network.timeline` rows."""
    figure = Figure(figsize=(10, 5.5))
    ax = figure.add_subplot()
    ax.set_prop_cycle(color=colormaps["tab20"].colors)
    series: dict[str, list[tuple[int, int]]] = {}
    for row in rows:
        series.setdefault(row["label"], []).append((row["year"], row["cumulative"]))
    for label, points in sorted(series.items(), key=lambda kv: -kv[1][-1][1]):
        years, totals = zip(*points, strict=True)
        ax.step(years, totals, where="post", marker="o", markersize=3, label=label)
    ax.set_xlabel("year")
    ax.set_ylabel("members with a dated membership (cumulative)")
    ax.set_title("Membership timeline")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=7, loc="upper left", frameon=False)
    return save(figure, path)


def draw(
    graph: nx.Graph, chart: str, path: Path, network: str | None = None, city: str | None = None
) -> Path:
    """Draw one of CHARTS of a membership graph: members needs a network slug; the others
    are drawn on the part `around` the network or city, if one is given."""
    if chart == "members":
        if not network:
            raise CitygraphError("the members chart needs a network (--network SLUG)")
        return plot_members(graph, find(graph, network, "network"), path)
    part = around(graph, network, city)
    if chart == "overlap":
        return plot_overlap(network_overlap(part), path)
    if chart == "timeline":
        return plot_timeline(timeline(part), path)
    raise CitygraphError(f"no chart {chart!r}; expected one of {', '.join(CHARTS)}")
