"""Answer endpoint queries from a remote SPARQL 1.1 server (`citygraph serve --store URL`).

The same checks as for the embedded store run first (`workers.inspect`: no update, no SERVICE,
valid syntax); the remote server gets the query, the protocol dataset and one negotiated media
type, with the query timeout as its time limit. An answer larger than the byte cap is refused
rather than cut, since a remote document cannot be cut at a whole row.
"""

import socket
import urllib.error
import urllib.parse
import urllib.request

from citygraph.web import conneg
from citygraph.web.workers import Answer, Job, QueryFailed, inspect, pick_format

__all__ = ["RemoteRunner"]

_FORMS = {
    "AskQuery": (conneg.BOOLEAN, "ASK"),
    "SelectQuery": (conneg.RESULTS, "SELECT"),
    "ConstructQuery": (conneg.RDF, "graph"),
    "DescribeQuery": (conneg.RDF, "graph"),
}


class RemoteRunner:
    """Runs checked jobs on the remote query endpoint `url`, each within `timeout` seconds."""

    def __init__(self, url: str, timeout: float = 10.0):
        self.url, self.timeout = url, timeout

    def start(self) -> None:
        """Nothing to start: the remote server is already running."""

    def close(self) -> None:
        """Nothing to stop."""

    def run(self, job: Job) -> Answer:
        names = inspect(job.query)
        formats, kind = next(v for k, v in _FORMS.items() if k in names)
        fmt = pick_format(job, formats, kind)
        params = [("query", job.query)]
        params += [("default-graph-uri", g) for g in job.default_graphs or ()]
        params += [("named-graph-uri", g) for g in job.named_graphs or ()]
        request = urllib.request.Request(
            self.url,
            data=urllib.parse.urlencode(params).encode(),
            method="POST",
            headers={"Accept": fmt.media_type, "Content-Type": "application/x-www-form-urlencoded"},
        )
        body = self._fetch(request, job.max_bytes)
        return Answer(body, fmt.media_type)

    def _fetch(self, request: urllib.request.Request, max_bytes: int) -> bytes:
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                body = response.read(max_bytes + 1)
        except urllib.error.HTTPError as err:
            detail = err.read(2000).decode("utf-8", "replace")
            status = 400 if err.code == 400 else 502
            raise QueryFailed(status, f"the remote store answered {err.code}: {detail}") from None
        except TimeoutError:
            raise QueryFailed(
                503, f"the query ran over {self.timeout:g} s and was stopped"
            ) from None
        except urllib.error.URLError as err:
            if isinstance(err.reason, TimeoutError | socket.timeout):
                raise QueryFailed(503, f"the query ran over {self.timeout:g} s") from None
            raise QueryFailed(502, f"the remote store cannot be reached: {err.reason}") from None
        if len(body) > max_bytes:
            raise QueryFailed(
                503, f"the answer is larger than the cap of {max_bytes} bytes; add a LIMIT"
            )
        return body
