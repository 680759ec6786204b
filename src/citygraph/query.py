"""The bundled example queries (queries/*.rq) by name, with their title and description."""

import re
from dataclasses import dataclass
from pathlib import Path

from citygraph.build import ROOT
from citygraph.errors import QueryError
from citygraph.store import Row, Store

__all__ = ["QUERIES_DIR", "BundledQuery", "bundled", "load_query", "run"]

QUERIES_DIR = ROOT / "queries"
_META = re.compile(r"^#\s*(title|description)\s*:\s*(.+)$", re.MULTILINE)


@dataclass(frozen=True)
class BundledQuery:
    """A query file: its name (file stem), title, one-line description and text."""

    name: str
    title: str
    description: str
    text: str


def load_query(path: Path) -> BundledQuery:
    text = path.read_text(encoding="utf-8")
    meta = dict(_META.findall(text))
    if "title" not in meta or "description" not in meta:
        raise QueryError(f"{path}: expected '# title:' and '# description:' comment lines")
    return BundledQuery(path.stem, meta["title"].strip(), meta["description"].strip(), text)


def bundled(directory: Path = QUERIES_DIR) -> dict[str, BundledQuery]:
    """Every bundled query, by name, in file-name order."""
    return {q.name: q for q in map(load_query, sorted(directory.glob("*.rq")))}


def run(store: Store, name_or_text: str) -> list[Row]:
    """Run a bundled query by name, or a query text, as SELECT."""
    queries = bundled()
    text = queries[name_or_text].text if name_or_text in queries else name_or_text
    return store.select(text)
