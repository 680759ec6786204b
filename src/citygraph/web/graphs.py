"""Blueprint: interactive network views, the timeline and the map, each with its JSON twin.

Everything is served from here or from installed packages: vis-network comes from the pyvis
package's files, country outlines from data/countries-europe.geojson (Natural Earth). No CDN.
"""

import importlib.resources
import tempfile
from pathlib import Path

import networkx as nx
from flask import (
    Blueprint,
    abort,
    jsonify,
    render_template,
    request,
    send_file,
    send_from_directory,
)

from citygraph.build import ROOT
from citygraph.errors import CitygraphError
from citygraph.export import cytoscape_json
from citygraph.metrics import timeline
from citygraph.network import around, membership_graph, side
from citygraph.web import get_store
from citygraph.web.i18n import translate

__all__ = ["bp", "view_graph", "COUNTRIES_FILE"]

bp = Blueprint(
    "graphs",
    __name__,
    url_prefix="/graphs",
    static_folder="static/graphs",
    static_url_path="/static",
)
COUNTRIES_FILE = ROOT / "data" / "countries-europe.geojson"
VIS_DIR = importlib.resources.files("pyvis") / "templates" / "lib" / "vis-9.1.2"
VIS_FILES = {"vis-network.min.js", "vis-network.css"}


def _choices(graph: nx.Graph) -> dict:
    """The networks and countries a view can be filtered by."""
    networks = sorted((graph.nodes[n]["slug"], graph.nodes[n]["label"]) for n in side(graph, 1))
    countries = sorted({graph.nodes[c].get("country", "") for c in side(graph, 0)} - {""})
    return {
        "networks": [{"slug": s, "label": label} for s, label in networks],
        "countries": countries,
    }


def _part(network: str | None) -> tuple[nx.Graph, nx.Graph]:
    """The whole membership graph and the part around `network`; 404 for an unknown slug."""
    graph = membership_graph(get_store())
    try:
        return graph, around(graph, network or None)
    except CitygraphError:
        abort(404)


def view_graph(graph: nx.Graph, country: str | None = None) -> nx.Graph:
    """The cities of `country` (all when None) with the networks they belong to.

    >>> B = nx.Graph([("a", "N"), ("b", "N")])
    >>> nx.set_node_attributes(B, {"a": 0, "b": 0, "N": 1}, "bipartite")
    >>> B.nodes["a"]["country"], B.nodes["b"]["country"] = "DE", "IT"
    >>> sorted(view_graph(B, "IT"))
    ['N', 'b']
    """
    if not country:
        return graph
    cities = {c for c in side(graph, 0) if graph.nodes[c].get("country") == country}
    return graph.subgraph(cities | {n for c in cities for n in graph[c]})


@bp.get("/")
@bp.get("/network/<slug>")
def graph_page(slug=None):
    whole, part = _part(slug)
    title = (
        part.nodes[next(iter(side(part, 1)))]["label"] if slug else translate("graphs.landscape")
    )
    return render_template(
        "graphs/graph.html", title=title, slug=slug or "", choices=_choices(whole)
    )


@bp.get("/graph.json")
def graph_json():
    whole, part = _part(request.args.get("network"))
    shown = view_graph(part, request.args.get("country"))
    size = max(len(shown), 1) ** 0.5  # spread so that nodes keep their drawn size at any count
    positions = nx.spring_layout(shown, seed=7, scale=max(150.0, 70 * size), k=2 / size)
    return jsonify({**cytoscape_json(shown, positions), "choices": _choices(whole)})


@bp.get("/map")
def map_page():
    whole, _ = _part(request.args.get("network"))
    return render_template(
        "graphs/map.html",
        title=translate("graphs.map_title"),
        slug=request.args.get("network", ""),
        choices=_choices(whole),
    )


@bp.get("/map.json")
def map_json():
    _, part = _part(request.args.get("network"))
    keys = ("slug", "label", "label_de", "country", "lat", "lon", "networks", "wikidata")
    cities = [
        {k: part.nodes[c][k] for k in keys if k in part.nodes[c]}
        for c in sorted(side(part, 0))
        if "lat" in part.nodes[c]
    ]
    return jsonify({"cities": cities})


@bp.get("/timeline")
def timeline_page():
    return render_template("graphs/timeline.html", title=translate("graphs.timeline_title"))


@bp.get("/timeline.json")
def timeline_json():
    return jsonify(timeline(_part(request.args.get("network"))[1]))


@bp.get("/timeline.svg")
def timeline_svg():
    from citygraph.plot import plot_timeline  # matplotlib takes a second to import: on first use

    rows = timeline(_part(request.args.get("network"))[1])
    with tempfile.TemporaryDirectory() as tmp:
        svg = plot_timeline(rows, Path(tmp) / "timeline.svg").read_bytes()
    return svg, 200, {"Content-Type": "image/svg+xml"}


@bp.get("/countries.geojson")
def countries():
    return send_file(COUNTRIES_FILE, mimetype="application/geo+json")


@bp.get("/lib/<name>")
def vis_file(name):
    if name not in VIS_FILES:
        abort(404)
    return send_from_directory(str(VIS_DIR), name)
