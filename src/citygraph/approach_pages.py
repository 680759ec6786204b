"""Approach page text -> ApproachPage: the site's second document type, read with the heading
tables of parse.py, and `parse_document`, which tells the two document types apart."""

import logging
from functools import partial
from pathlib import Path

from citygraph.errors import ProfileError
from citygraph.iris import DEFAULT, IriScheme
from citygraph.lexicon import Lexicon
from citygraph.model import ApproachPage, Section
from citygraph.parse import (
    HEADINGS,
    PROFILE_MATCHER,
    Line,
    approach_iri,
    city_ref,
    detect_language,
    heading_matcher,
    parse_profile,
    profile_json,
    read_lines,
    segments,
    slot_of,
    source_urls,
)

__all__ = [
    "SLOTS",
    "approach_heading",
    "parse_approach_page",
    "approach_json",
    "document_kind",
    "parse_document",
]

log = logging.getLogger("citygraph")

SLOTS = ("inspiring", "operation", "outcome", "initiators", "contact", "update")
OTHER = "other"  # a question heading that fits no slot
MAX_HEADING_WORDS = 12
_QUESTION_MARKS = ("?", ";", "\u037e")  # the Greek question mark is ';'
_KIND_SLOTS = {
    "profile": ("key_findings", "special", "focus", "key_factors", "successes"),
    "approach": ("inspiring", "operation", "outcome", "initiators"),
}


def _headings(opening: bool) -> dict:
    """The approach tables with only the opening-word headings ('*'), or only the others."""
    return {
        lang: {slot: [h for h in hs if ("*" in h) == opening] for slot, hs in slots.items()}
        for lang, slots in HEADINGS["approach"].items()
    }


APPROACH_MATCHER = heading_matcher(HEADINGS["approach"])
_EXACT, _OPENING = heading_matcher(_headings(False)), heading_matcher(_headings(True))


def approach_heading(lang: str, text: str) -> str | None:
    """The slot of a heading line of an approach page in `lang`; 'other' for a question line
    that fits no slot; None for a line that is no heading."""
    slot = slot_of(_EXACT[lang], text)
    if slot or not text.endswith(_QUESTION_MARKS) or len(text.split()) > MAX_HEADING_WORDS:
        return slot
    return slot_of(_OPENING[lang], text) or OTHER


def parse_approach_page(
    path: str | Path, lexicon: Lexicon, iris: IriScheme = DEFAULT, data: bytes | None = None
) -> ApproachPage:
    """Parse one approach page; raise ProfileError naming file, line and what was expected.

    A title missing from the curated table gets a minted IRI and a warning (logger 'citygraph').
    """
    lines = read_lines(path, data)
    lang = detect_language(path, lines, APPROACH_MATCHER, "section")
    head, parts = segments(lines, partial(approach_heading, lang))
    if parts and parts[0][0] == "label" and not head:
        head, parts = parts[0][2], parts[1:]
    city_line, title_line, contact = _header(path, head, lines[0])
    city = city_ref(lexicon, city_line.text, iris)
    sections = _sections(path, lang, parts, contact, lines[-1].no)
    sources = next((part for part in parts if part[0] == "sources"), None)
    return ApproachPage(
        path=str(path),
        lang=lang,
        city=city_line.text,
        city_iri=city.iri,
        title=title_line.text,
        iri=approach_iri(lexicon, city, title_line.text, iris, path),
        sections=sections,
        sources=source_urls(path, sources[1:] if sources else None),
    )


def _header(path, head: list[Line], first: Line) -> tuple[Line, Line, list[Line]]:
    """City and title; further lines before the first heading are a contact block."""
    if not head:
        raise ProfileError(
            path, first.no, "the city name on the first line (after the label)", found=first.text
        )
    if len(head) < 2:
        raise ProfileError(path, head[0].no + 1, "the approach title after the city name")
    return head[0], head[1], head[2:]


def _sections(path, lang: str, parts, contact: list[Line], last_line: int) -> list[Section]:
    sections = [Section("contact", None, _text(contact), contact[0].no)] if contact else []
    for slot, heading, body in parts:
        if slot == "label":
            raise ProfileError(
                path, heading.no, "the section label only before the city name", found=heading.text
            )
        if slot == "back" and body:
            raise ProfileError(
                path,
                body[0].no,
                "a heading or the end of the page after the back link",
                found=body[0].text,
            )
        if slot in ("back", "sources"):
            continue
        if not body:
            raise ProfileError(path, heading.no, f"text under the heading {heading.text!r}")
        sections.append(
            Section(None if slot == OTHER else slot, heading.text, _text(body), heading.no)
        )
    if not sections:
        name = HEADINGS["approach"][lang]["inspiring"][0]
        raise ProfileError(path, last_line, f"a section heading such as {name!r}")
    return sections


def _text(lines: list[Line]) -> str:
    return "\n".join(line.text for line in lines)


def approach_json(page: ApproachPage) -> dict:
    """The JSON shape of `citygraph parse --format json` for an approach page."""
    return {
        "kind": "approach",
        "lang": page.lang,
        "city": page.city,
        "city_iri": page.city_iri,
        "title": page.title,
        "approach_iri": page.iri,
        "sections": [{"slot": s.slot, "heading": s.heading, "text": s.text} for s in page.sections],
        "sources": page.sources,
    }


def document_kind(lines: list[Line]) -> str:
    """'approach' or 'profile': the type whose own headings (in any language) the lines use more."""
    matchers = {"profile": PROFILE_MATCHER, "approach": APPROACH_MATCHER}
    score = {
        kind: sum(
            any(slot_of(m, line.text) in _KIND_SLOTS[kind] for m in matcher.values())
            for line in lines
        )
        for kind, matcher in matchers.items()
    }
    return "approach" if score["approach"] > score["profile"] else "profile"


def parse_document(path: str | Path, lexicon: Lexicon, iris: IriScheme = DEFAULT) -> dict:
    """A profile or an approach page, told apart by its headings, in its JSON shape."""
    data = Path(path).read_bytes()
    if document_kind(read_lines(path, data)) == "approach":
        return approach_json(parse_approach_page(path, lexicon, iris, data))
    return profile_json(parse_profile(path, lexicon, iris, data))
