"""Blueprint: pages for people: home with counts and search, the query page, the 404 page."""

from urllib.parse import urlencode

from flask import Blueprint, g, render_template, request
from markupsafe import Markup
from werkzeug.exceptions import NotFound

from citygraph.query import bundled
from citygraph.vocab import CG, RDF
from citygraph.web import data, get_settings, get_store, i18n
from citygraph.web.pages import Lens, embed_json, href

__all__ = ["bp"]

bp = Blueprint("views", __name__)


@bp.record_once
def _setup(state) -> None:
    i18n.init_app(state.app)
    state.app.jinja_env.globals.update(
        href=href, switch_url=switch_url, default_jsonld=default_jsonld
    )


def default_jsonld() -> Markup:
    """schema.org JSON-LD for pages that are not about one resource: the site and its search."""
    doc = {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": "citygraph",
        "url": request.url_root,
        "inLanguage": g.get("lang", "en"),
        "potentialAction": {
            "@type": "SearchAction",
            "query-input": "required name=q",
            "target": request.url_root + "search?q={q}",
        },
    }
    return embed_json(doc)


def switch_url() -> str:
    """This page in the other language."""
    other = "en" if g.get("lang") == "de" else "de"
    return f"{request.path}?{urlencode({**request.args, 'lang': other})}"


@bp.route("/")
def home():
    """What the graph holds: counts, networks, topics, profiled cities, and a search box."""
    store = get_store()
    counts = data.class_counts(store)
    totals = [(key, counts.get(cls, 0)) for cls, key in data.KINDS.items()]
    totals.append(("triples", data.totals(store)["triples"]))
    lens = Lens(data.overview(store), g.lang)

    def listed(cls):
        return sorted(lens.link(s) for s in lens.graph.subjects(RDF.type, cls))

    members = {
        lens.link(n).href: lens.value(n, CG.memberCount)
        for n in lens.graph.subjects(RDF.type, CG.Network)
    }
    return render_template(
        "views/home.html",
        totals=totals,
        networks=listed(CG.Network),
        members=members,
        topics=listed(CG.Topic),
        cities=listed(CG.City),
    )


@bp.route("/search")
def search():
    """Cities, networks, approaches and topics by name."""
    text = request.args.get("q", "").strip()
    results = data.search(get_store(), text) if text else []
    return render_template(
        "views/search.html",
        q=text,
        results=[
            (href(str(thing)), label, data.KINDS.get(cls, "")) for thing, cls, label in results
        ],
    )


@bp.route("/query")
def query():
    """The bundled example queries, an editor and a results table fed by /sparql."""
    examples = list(bundled().values())
    text = request.args.get("query") or (examples[0].text if examples else "")
    return render_template(
        "views/query.html", examples=examples, text=text, base=get_settings().base_iri
    )


@bp.app_errorhandler(NotFound)
def not_found(error: NotFound):
    """An HTML 404 page for browsers; other clients get the plain error."""
    if (
        request.accept_mimetypes.best_match(["text/html", "text/plain"]) == "text/html"
        and request.accept_mimetypes.accept_html
    ):
        return render_template("views/404.html", title=i18n.translate("notfound")), 404
    return error
