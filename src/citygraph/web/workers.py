"""Query worker processes: each holds the store read-only; a query past its time is killed.

The web process never evaluates a query itself. It hands a Job to an idle worker and waits at
most the query timeout; a worker that has not answered by then is killed and replaced, so one
slow query costs one worker for a bounded time and never delays the others. A worker checks
each untrusted query before it runs (`check`), evaluates it and serialises the whole answer,
so the client gets either a complete document or an error, never a truncated 200.
"""

import atexit
import multiprocessing
import multiprocessing.forkserver
import queue
import re
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection

import pyoxigraph as ox
from pyparsing import ParseException, ParseResults
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from citygraph.web import conneg
from citygraph.web.results import write_boolean, write_solutions, write_triples, write_whole

__all__ = [
    "Job",
    "Answer",
    "QueryFailed",
    "QueryPool",
    "inspect",
    "check",
    "answer",
    "pick_format",
    "boot",
]


@dataclass(frozen=True)
class Job:
    """One query with its base IRI, protocol dataset (None: not given), negotiation and caps."""

    query: str
    base_iri: str | None = None
    default_graphs: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None
    accept: str = ""
    override: str | None = None
    max_rows: int = 10_000
    max_bytes: int = 10_000_000


@dataclass(frozen=True)
class Answer:
    """A complete response body, its media type and the cap that cut it, if any."""

    body: bytes
    media_type: str
    truncated: str | None = None


class QueryFailed(Exception):
    """A query the endpoint will not answer, with the HTTP status and a readable message."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


def _names(node):
    """The grammar rule names in an rdflib parse tree, depth first."""
    if isinstance(node, CompValue):
        yield node.name
        node = list(node.values())
    if isinstance(node, list | ParseResults):
        for child in node:
            yield from _names(child)


def inspect(query: str) -> set[str]:
    """Parse an untrusted query; refuse updates, SERVICE and bad syntax before anything runs.

    Returns the grammar rule names of the query (e.g. 'SelectQuery')."""
    try:
        names = set(_names(parseQuery(query)))
    except ParseException as err:
        try:
            parseUpdate(query)
        except (ParseException, RecursionError):
            raise QueryFailed(400, f"malformed query: {err}") from None
        raise QueryFailed(403, "this endpoint is read-only: SPARQL Update is refused") from None
    except RecursionError:
        raise QueryFailed(400, "malformed query: nested too deeply") from None
    if "ServiceGraphPattern" in names:
        raise QueryFailed(400, "SERVICE is not allowed: this endpoint queries only its own data")
    return names


# Words every SPARQL Update form holds (WITH ... holds DELETE or INSERT too).
_UPDATES = ("insert", "delete", "load", "clear", "create", "drop", "copy", "move", "add")
# Text in which a SERVICE call or an update could hide: the words themselves (in any case,
# anywhere, even in strings) or a backslash (codepoint escapes are decoded before parsing).
_SUSPECT = re.compile(rf"\\|service|\b(?:{'|'.join(_UPDATES)}|with)\b", re.IGNORECASE)


def check(query: str) -> None:
    """`inspect` a query whose text could hold SERVICE or an update; pass the rest unparsed.

    A query with none of those words and no backslash anywhere cannot call a service or change
    data, and oxigraph rejects bad syntax itself, so it is spared rdflib's parse, which costs
    milliseconds and dominates small queries. Plain substring tests screen first; the regex only
    runs after a hit.
    """
    folded = query.casefold()
    screened = "\\" in query or any(word in folded for word in ("service", *_UPDATES))
    if screened and _SUSPECT.search(query):
        inspect(query)


def _dataset(job: Job) -> dict:
    """The protocol dataset, if given; else the query's own FROM, or the store's default graph
    (which holds the merge of all named graphs)."""
    if job.default_graphs is None and job.named_graphs is None:
        return {}
    try:
        return {
            "default_graph": [ox.NamedNode(g) for g in job.default_graphs or ()],
            "named_graphs": [ox.NamedNode(g) for g in job.named_graphs or ()],
        }
    except ValueError as err:
        raise QueryFailed(400, f"malformed graph IRI: {err}") from None


def pick_format(job: Job, formats: tuple[conneg.Format, ...], kind: str) -> conneg.Format:
    fmt = conneg.negotiate(job.accept, formats, job.override)
    if fmt is None:
        offered = ", ".join(f.media_type for f in formats)
        raise QueryFailed(406, f"no acceptable format for a {kind} answer; offered: {offered}")
    return fmt


def _evaluate(store: ox.Store, job: Job):
    try:
        return store.query(job.query, base_iri=job.base_iri, **_dataset(job))
    except SyntaxError as err:
        raise QueryFailed(400, f"malformed query: {err}") from None


def answer(store: ox.Store, job: Job) -> Answer:
    """Check a query, evaluate it over `store` and serialise the whole answer.

    A SELECT answer within the caps is serialised by pyoxigraph in one go; one beyond them is
    evaluated again and written row by row up to the cap."""
    check(job.query)
    result = _evaluate(store, job)
    if isinstance(result, ox.QueryBoolean):
        fmt = pick_format(job, conneg.BOOLEAN, "ASK")
        return Answer(write_boolean(bool(result), fmt.name), fmt.media_type)
    if isinstance(result, ox.QuerySolutions):
        fmt = pick_format(job, conneg.RESULTS, "SELECT")
        body = write_whole(result, fmt.name, job.max_rows, job.max_bytes)
        if body is not None:
            return Answer(body, fmt.media_type)
        solutions = _evaluate(store, job)
        body, cut = write_solutions(solutions, fmt.name, job.max_rows, job.max_bytes)
    else:
        fmt = pick_format(job, conneg.RDF, "graph")
        body, cut = write_triples(result, fmt.name, job.max_rows, job.max_bytes)
    return Answer(body, fmt.media_type, cut)


def _serve(conn: Connection, path: str) -> None:
    """A worker's life: open the store, say ready, then answer jobs until the pipe closes."""
    try:
        store = ox.Store.read_only(path)
    except OSError as err:
        conn.send(("failed", f"cannot open the store at {path}: {err}"))
        return
    inspect("ASK {}")  # warms the parser, so the first real query is as fast as the rest
    conn.send(("ready", None))
    while True:
        try:
            job = conn.recv()
        except EOFError:
            return
        try:
            conn.send(("ok", answer(store, job)))
        except QueryFailed as err:
            conn.send(("error", err.status, err.message))
        except OSError as err:
            conn.send(("error", 500, f"the store failed: {err}"))


def _context():
    """Workers fork from a server process that has imported this module once."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__])
    return context


def boot() -> None:
    """Start the fork server now (it takes most of a second), e.g. while the app is made."""
    _context()
    multiprocessing.forkserver.ensure_running()


@dataclass
class _Worker:
    process: multiprocessing.Process
    conn: Connection


class QueryPool:
    """`size` worker processes over the on-disk store at `path`; each query gets `timeout` s."""

    def __init__(self, path, size: int = 4, timeout: float = 10.0):
        self.path, self.size, self.timeout = str(path), size, timeout
        self._ctx = _context()
        self._idle: queue.LifoQueue[_Worker] = queue.LifoQueue()  # warmest first
        self._all: list[_Worker] = []
        self._lock = threading.Lock()

    def start(self) -> None:
        """Start the workers; return once the first has opened the store (the others get ready
        in the background). Once: later calls return at once."""
        with self._lock:
            if self._all:
                return
            starting = [self._spawn() for _ in range(self.size)]
            self._ready(starting[0])
            atexit.register(self.close)
        rest = starting[1:]
        threading.Thread(target=lambda: [self._ready(w) for w in rest], daemon=True).start()

    def _spawn(self) -> _Worker:
        mine, theirs = self._ctx.Pipe()
        process = self._ctx.Process(
            target=_serve, args=(theirs, self.path), daemon=True, name="citygraph-query"
        )
        process.start()
        theirs.close()
        worker = _Worker(process, mine)
        self._all.append(worker)
        return worker

    def _ready(self, worker: _Worker) -> None:
        if not worker.conn.poll(60):
            raise RuntimeError("a query worker did not start within 60 s")
        status, message = worker.conn.recv()
        if status != "ready":
            raise RuntimeError(message)
        self._idle.put(worker)

    def _replace(self, worker: _Worker) -> None:
        """Kill a worker now; start its successor in the background."""
        worker.process.kill()
        worker.conn.close()

        def respawn():
            worker.process.join()
            self._all.remove(worker)
            self._ready(self._spawn())

        threading.Thread(target=respawn, daemon=True).start()

    def run(self, job: Job) -> Answer:
        """The answer to `job` from an idle worker, or QueryFailed (503 when time runs out)."""
        self.start()
        deadline = time.monotonic() + self.timeout
        try:
            worker = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            raise QueryFailed(503, "all query workers are busy; try again shortly") from None
        try:
            worker.conn.send(job)
            if not worker.conn.poll(max(0.0, deadline - time.monotonic())):
                self._replace(worker)
                raise QueryFailed(503, f"the query ran over {self.timeout:g} s and was stopped")
            reply = worker.conn.recv()
        except (EOFError, OSError):
            self._replace(worker)
            raise QueryFailed(500, "the query worker died; try again") from None
        self._idle.put(worker)
        if reply[0] == "ok":
            return reply[1]
        raise QueryFailed(reply[1], reply[2])

    def close(self) -> None:
        """Stop every worker."""
        for worker in list(self._all):
            worker.process.kill()
            worker.process.join()
        self._all.clear()
