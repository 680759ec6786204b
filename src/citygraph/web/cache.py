"""A result cache for the SPARQL endpoint: the graph is read-only, so an answer stays right
until the next build.

Answers are kept whole (body, media type, truncation) under a key of the normalised query
text, its base IRI, the protocol dataset, the negotiation input (Accept, format) and the caps.
A new build replaces the store directory, which changes its generation (inode and mtime): the
cache then empties itself. Bounded by bytes, least recently used first out; thread-safe.
"""

import os
import re
import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path

from citygraph.web.workers import Answer, Job

__all__ = ["normalise_query", "ResultCache"]

# String literals and IRIs are kept verbatim; between them comments go, whitespace collapses.
_VERBATIM = re.compile(
    r'("""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'|<[^<>\"{}|^`\\\s]*>)"
)
_COMMENT = re.compile(r"#[^\n]*")
_SPACE = re.compile(r"\s+")


def normalise_query(text: str) -> str:
    """The query with comments dropped and whitespace collapsed outside literals and IRIs.

    >>> normalise_query('SELECT  ?s # who\\nWHERE { ?s <http://x#p> "a  b" }')
    'SELECT ?s WHERE { ?s <http://x#p> "a  b" }'
    """
    parts = _VERBATIM.split(text)
    for i in range(0, len(parts), 2):
        parts[i] = _SPACE.sub(" ", _COMMENT.sub(" ", parts[i]))
    return "".join(parts).strip()


def _key(job: Job) -> tuple:
    return (
        normalise_query(job.query),
        job.base_iri,
        job.default_graphs,
        job.named_graphs,
        job.accept,
        job.override,
        job.max_rows,
        job.max_bytes,
    )


class ResultCache:
    """Up to `max_bytes` of answers over the store at `path` (0: the cache is off)."""

    def __init__(self, path: str | Path | None, max_bytes: int = 64_000_000):
        self.path, self.max_bytes, self.size = path, max_bytes, 0
        self.hits = self.misses = 0
        self._entries: OrderedDict[tuple, Answer] = OrderedDict()
        self._lock = threading.Lock()
        self._generation = self._current()

    def _current(self) -> tuple:
        try:
            stat = os.stat(self.path) if self.path else None
        except OSError:
            return ()
        return (stat.st_ino, stat.st_mtime_ns) if stat else ()

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self.size = 0

    def answer(self, job: Job, run: Callable[[Job], Answer]) -> Answer:
        """The cached answer to `job`, else `run(job)`, kept when it fits."""
        if self.max_bytes <= 0:
            return run(job)
        generation = self._current()
        if generation != self._generation:
            self.clear()
            self._generation = generation
        key = _key(job)
        with self._lock:
            hit = self._entries.get(key)
            if hit is not None:
                self._entries.move_to_end(key)
                self.hits += 1
                return hit
            self.misses += 1
        found = run(job)
        self._keep(key, found)
        return found

    def _keep(self, key: tuple, found: Answer) -> None:
        size = len(found.body)
        if size > self.max_bytes // 8:
            return
        with self._lock:
            if key in self._entries:
                return
            self._entries[key] = found
            self.size += size
            while self.size > self.max_bytes:
                _, dropped = self._entries.popitem(last=False)
                self.size -= len(dropped.body)
