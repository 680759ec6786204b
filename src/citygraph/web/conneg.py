"""Content negotiation: an Accept header, a `format=` name or a file suffix -> one Format.

Each table lists the server's preference first; the first entry is the default.

>>> negotiate("text/turtle;q=0.5, application/rdf+xml", RDF).name
'rdf'
>>> negotiate("", RESULTS).name, negotiate("*/*", RDF).name, negotiate("image/png", RDF)
('json', 'ttl', None)
>>> negotiate("text/csv", RESULTS, override="tsv").media_type
'text/tab-separated-values'
"""

from dataclasses import dataclass
from functools import lru_cache

from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

__all__ = ["Format", "RESULTS", "BOOLEAN", "RDF", "negotiate", "by_suffix", "known_format"]


@dataclass(frozen=True)
class Format:
    """A serialisation: its short name (for `format=` and suffixes), media type and aliases."""

    name: str
    media_type: str
    aliases: tuple[str, ...] = ()

    def names(self) -> tuple[str, ...]:
        return (self.name, self.media_type, *self.aliases)


RESULTS = (
    Format("json", "application/sparql-results+json", ("application/json", "srj")),
    Format("xml", "application/sparql-results+xml", ("application/xml", "text/xml", "srx")),
    Format("csv", "text/csv"),
    Format("tsv", "text/tab-separated-values"),
)
BOOLEAN = RESULTS[:2]
RDF = (
    Format(
        "ttl",
        "text/turtle",
        ("application/x-turtle", "application/turtle", "turtle", "text/n3", "n3"),
    ),
    Format("nt", "application/n-triples", ("ntriples", "n-triples")),
    Format("rdf", "application/rdf+xml", ("application/xml", "text/xml", "xml", "rdfxml")),
    Format("jsonld", "application/ld+json", ("application/json", "json", "json-ld")),
    Format("trig", "application/trig"),
)


def negotiate(
    accept: str | MIMEAccept, formats: tuple[Format, ...], override: str | None = None
) -> Format | None:
    """The best of `formats` for an Accept header (q-values count), or the one `override` names.

    An empty Accept header gets the default; None means nothing acceptable is offered.
    Clients send the same few headers again and again, so the choices are remembered.
    """
    header = accept.to_header() if isinstance(accept, MIMEAccept) else accept
    return _choose(header, formats, override)


@lru_cache(maxsize=1024)
def _choose(header: str, formats: tuple[Format, ...], override: str | None) -> Format | None:
    if override:
        wanted = override.strip().lower().split(";")[0].strip()
        return next((f for f in formats if wanted in f.names()), None)
    accept = parse_accept_header(header, MIMEAccept)
    if not accept:
        return formats[0]
    types = [t for f in formats for t in (f.media_type, *f.aliases) if "/" in t]
    best = accept.best_match(types)
    return next((f for f in formats if best in f.names()), None) if best else None


def by_suffix(suffix: str, formats: tuple[Format, ...] = RDF) -> Format | None:
    """The format a file suffix such as `.ttl` or `jsonld` names."""
    return next((f for f in formats if f.name == suffix.lstrip(".").lower()), None)


def known_format(name: str) -> bool:
    """Whether `format=name` selects some format of any table."""
    wanted = name.strip().lower().split(";")[0].strip()
    return any(wanted in f.names() for f in (*RESULTS, *RDF))
