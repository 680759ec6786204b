"""The Flask app: create_app() wires settings, the store and the blueprints.

Flask is imported where it is used, not here: the query worker processes import this package
(for `citygraph.web.workers`) and start faster without it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from citygraph.settings import Settings, load_settings
from citygraph.store import Store, open_store

if TYPE_CHECKING:
    from flask import Flask

__all__ = ["create_app", "get_store", "get_settings"]


def create_app(settings: Settings | None = None, store: Store | None = None) -> Flask:
    """An app over `store` (default: the build's embedded store, or settings.store's URL)."""
    from flask import Flask, url_for

    settings = settings or load_settings()
    app = Flask(__name__)
    app.config["CITYGRAPH"] = settings
    app.config["MAX_CONTENT_LENGTH"] = settings.max_body
    app.extensions["citygraph.store"] = store or open_store(settings.store or settings.store_dir)
    from citygraph.web import graphs, resources, sparql, views

    for module in (resources, views, graphs):
        app.register_blueprint(module.bp)
    with app.test_request_context():
        sparql.mount(app, query_page=url_for("views.query"))
    return app


def get_store() -> Store:
    from flask import current_app

    return current_app.extensions["citygraph.store"]


def get_settings() -> Settings:
    from flask import current_app

    return current_app.config["CITYGRAPH"]
