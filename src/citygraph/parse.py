"""Profile text -> Profile: the website's layout, read with heading tables per language."""

import logging
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from importlib import resources
from pathlib import Path

from citygraph.errors import ProfileError, UnknownTopic
from citygraph.iris import DEFAULT, IriScheme, slugify
from citygraph.lexicon import Lexicon, normalise
from citygraph.model import Approach, Profile, Ref

__all__ = [
    "HEADINGS",
    "Line",
    "read_lines",
    "heading_matcher",
    "slot_of",
    "detect_language",
    "segments",
    "city_ref",
    "approach_iri",
    "source_urls",
    "parse_profile",
    "profile_json",
]

log = logging.getLogger("citygraph")
HEADINGS: dict = tomllib.loads(resources.files("citygraph").joinpath("headings.toml").read_text())
PROFILE_SLOTS = (
    "label",
    "key_findings",
    "special",
    "focus",
    "key_factors",
    "successes",
    "beyond_local",
    "networks",
    "report",
    "approaches",
    "sources",
)
REQUIRED = ("key_findings", "special", "approaches")
TEXT_SLOTS = ("special", "focus", "key_factors", "successes", "beyond_local")
_NUMBER = re.compile(r"^[-•–*]?\s*\d{1,2}\.?$")
_BULLET = re.compile(r"^[-–]\s*[•·]$|^[•·]$")
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_URL = re.compile(r"^(?:[-•*]\s*)?(https?://\S+)$")


@dataclass(frozen=True)
class Line:
    """A non-blank line of a document and its 1-based number."""

    no: int
    text: str


def read_lines(path: str | Path, data: bytes | None = None) -> list[Line]:
    """The non-blank lines of a UTF-8 document (BOM, CRLF and trailing spaces allowed)."""
    raw = Path(path).read_bytes() if data is None else data
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        found = repr(raw[err.start : err.start + 4])
        raise ProfileError(path, line, "UTF-8 text", found=found) from None
    lines = [Line(no, t.strip()) for no, t in enumerate(text.splitlines(), 1)]
    lines = [line for line in lines if line.text]
    if not lines:
        raise ProfileError(path, 1, "a document, but the file is empty")
    return lines


def _pattern(heading: str) -> re.Pattern:
    core = re.escape(_bare(heading)).replace(r"\*", ".+")
    return re.compile(core)


def _bare(text: str) -> str:
    """A heading without case, quotes and the punctuation that frames questions."""
    return normalise(text).strip("¿?;:. ")


def heading_matcher(table: dict) -> dict[str, dict[str, list[re.Pattern]]]:
    """lang -> slot -> compiled heading patterns."""
    return {
        lang: {slot: [_pattern(h) for h in hs] for slot, hs in slots.items()}
        for lang, slots in table.items()
    }


PROFILE_MATCHER = heading_matcher(HEADINGS["profile"])


_COMBINED: dict[int, tuple[dict, re.Pattern, list[str]]] = {}


def _combined(matcher: dict[str, list[re.Pattern]]) -> tuple[dict, re.Pattern, list[str]]:
    """One alternation of a matcher's patterns, a group per slot in order (the first slot
    that matches wins, as in a loop over them), compiled once per matcher: a line is then
    one regex match instead of one per heading, which makes parsing several times faster."""
    hit = _COMBINED.get(id(matcher))
    if hit is None or hit[0] is not matcher:
        slots = [slot for slot, pats in matcher.items() if pats]
        groups = [
            f"(?P<s{i}>{'|'.join(p.pattern for p in matcher[slot])})"
            for i, slot in enumerate(slots)
        ]
        hit = _COMBINED[id(matcher)] = (matcher, re.compile("|".join(groups) or "(?!)"), slots)
    return hit


def slot_of(matcher: dict[str, list[re.Pattern]], text: str) -> str | None:
    """The slot whose heading this line is, if any."""
    _, pattern, slots = _combined(matcher)
    match = pattern.fullmatch(_bare(text))
    return slots[int(match.lastgroup[1:])] if match else None


def detect_language(path: str | Path, lines: list[Line], matchers: dict, kind: str) -> str:
    """The language whose headings the document uses most; the file name breaks ties."""
    counts = {
        lang: sum(slot_of(m, line.text) is not None for line in lines)
        for lang, m in matchers.items()
    }
    hint = Path(path).name.split(".")[-2] if Path(path).name.count(".") >= 2 else ""
    best = max(counts, key=lambda lang: (counts[lang], lang == hint))
    if counts[best] == 0:
        raise ProfileError(path, lines[0].no, f"a {kind} heading in one of: {', '.join(matchers)}")
    return best


def segments(
    lines: list[Line], classify: Callable[[str], str | None]
) -> tuple[list[Line], list[tuple[str, Line, list[Line]]]]:
    """Lines before the first heading, then (slot, heading line, body lines) per heading.

    `classify` gives a line's slot if the line is a heading, else None.
    """
    head: list[Line] = []
    parts: list[tuple[str, Line, list[Line]]] = []
    for line in lines:
        slot = classify(line.text)
        if slot:
            parts.append((slot, line, []))
        elif parts:
            parts[-1][2].append(line)
        else:
            head.append(line)
    return head, parts


def parse_profile(
    path: str | Path, lexicon: Lexicon, iris: IriScheme = DEFAULT, data: bytes | None = None
) -> Profile:
    """Parse one city profile; raise ProfileError naming file, line and what was expected."""
    lines = read_lines(path, data)
    lang = detect_language(path, lines, PROFILE_MATCHER, "profile")
    head, parts = segments(lines, partial(slot_of, PROFILE_MATCHER[lang]))
    found = _check_slots(path, lang, parts, lines[-1].no)
    if parts and parts[0][0] == "label" and not head:
        head = parts[0][2]
    city_line, tagline = _header(path, lang, head, lines[0])
    city = city_ref(lexicon, city_line.text, iris)
    sections = {slot: _paragraph(path, found[slot]) for slot in TEXT_SLOTS if slot in found}
    findings = _key_findings(path, found["key_findings"])
    text = " ".join([tagline, *findings, *sections.values()])
    return Profile(
        path=str(path),
        lang=lang,
        city=city_line.text,
        city_iri=city.iri,
        tagline=tagline,
        key_findings=findings,
        sections=sections,
        listed_networks=_listed_networks(path, found.get("networks"), lexicon),
        mentioned_networks=lexicon.localise(lexicon.find("network", text), lang),
        mentioned_cities=lexicon.localise(
            [c for c in lexicon.find("city", text) if c.iri != city.iri], lang
        ),
        report=_report(path, found.get("report")),
        approaches=_approaches(path, lang, found["approaches"], lexicon, city, iris),
        sources=source_urls(path, found.get("sources")),
    )


def city_ref(lexicon: Lexicon, name: str, iris: IriScheme = DEFAULT) -> Ref:
    """The city a document names, by any of its curated names, else one minted from the name."""
    return lexicon.resolve("city", name) or Ref(name, iris.city(slugify(name)))


def _check_slots(path, lang: str, parts, last_line: int) -> dict[str, tuple[Line, list[Line]]]:
    found: dict[str, tuple[Line, list[Line]]] = {}
    for slot, heading, body in parts:
        if slot in found:
            raise ProfileError(path, heading.no, f"the heading {heading.text!r} only once")
        found[slot] = (heading, body)
    for slot in REQUIRED:
        if slot not in found:
            rank = PROFILE_SLOTS.index(slot)
            later = [h.no for s, h, _ in parts if PROFILE_SLOTS.index(s) > rank]
            name = HEADINGS["profile"][lang].get(slot, [slot])[0]
            raise ProfileError(path, min(later, default=last_line), f"the heading {name!r}")
    return found


def _header(path, lang: str, head: list[Line], first: Line) -> tuple[Line, str]:
    if not head:
        raise ProfileError(path, first.no, "the city name on the first line", found=first.text)
    if len(head) > 2:
        name = HEADINGS["profile"][lang]["key_findings"][0]
        raise ProfileError(
            path,
            head[2].no,
            f"the heading {name!r} after city name and tagline",
            found=head[2].text,
        )
    return head[0], head[1].text if len(head) > 1 else ""


def _paragraph(path, part: tuple[Line, list[Line]]) -> str:
    heading, body = part
    if not body:
        raise ProfileError(path, heading.no, f"text under the heading {heading.text!r}")
    return "\n".join(line.text for line in body)


def _key_findings(path, part: tuple[Line, list[Line]]) -> list[str]:
    heading, body = part
    findings: list[list[str]] = []
    for line in body:
        if _NUMBER.match(line.text) or not findings:
            findings.append([])
        if not _NUMBER.match(line.text):
            findings[-1].append(line.text)
    findings = [f for f in findings if f]
    if not findings:
        raise ProfileError(path, heading.no, f"at least one key finding under {heading.text!r}")
    return [" ".join(f) for f in findings]


def _listed_networks(path, part, lexicon: Lexicon) -> list[Ref]:
    refs = []
    for line in part[1] if part else []:
        ref = lexicon.resolve("network", line.text)
        if ref is None:
            raise ProfileError(
                path, line.no, "the name of a network in data/networks.csv", found=line.text
            )
        refs.append(Ref(line.text, ref.iri))
    return refs


def _report(path, part) -> dict[str, int | None]:
    if not part:
        return {}
    years = [int(y) for y in _YEAR.findall(" ".join(line.text for line in part[1]))]
    if not years:
        raise ProfileError(
            path,
            part[0].no,
            "a report sentence with its year, e.g. "
            "'Report aus dem Jahr 2021, aktualisiert im Jahr 2023'",
        )
    return {"year": years[0], "updated": years[1] if len(years) > 1 else None}


def source_urls(path, part: tuple[Line, list[Line]] | None) -> list[str]:
    """The URLs listed under a sources heading, one a line."""
    urls = []
    for line in part[1] if part else []:
        match = _URL.match(line.text)
        if not match:
            raise ProfileError(
                path, line.no, "a source URL starting with http:// or https://", found=line.text
            )
        urls.append(match.group(1))
    return urls


def _approaches(path, lang, part, lexicon: Lexicon, city: Ref, iris: IriScheme) -> list[Approach]:
    """Titles followed by topic categories, '- •' between two categories of one approach."""
    heading, body = part
    approaches: list[Approach] = []
    want_topic = False
    for line in body:
        if _BULLET.match(line.text):
            if not approaches or want_topic:
                raise ProfileError(path, line.no, "a topic category before the separator '- •'")
            want_topic = True
            continue
        topic = lexicon.topic(lang, line.text)
        if want_topic or (approaches and not approaches[-1].topics):
            if topic is None:
                raise _unknown_topic(path, line, lang, approaches[-1].title, lexicon)
            approaches[-1].topics.append(Ref(line.text, topic.iri))
            want_topic = False
        elif topic is not None and approaches:
            approaches[-1].topics.append(Ref(line.text, topic.iri))
        else:
            iri = approach_iri(lexicon, city, line.text, iris, path, warn_new_city=False)
            approaches.append(Approach(line.text, [], line.no, iri))
    if want_topic or (approaches and not approaches[-1].topics):
        where = body[-1].no if body else heading.no
        raise ProfileError(path, where, "a topic category after the last approach title")
    if not approaches:
        raise ProfileError(path, heading.no, f"at least one approach under {heading.text!r}")
    return approaches


def _unknown_topic(path, line: Line, lang: str, title: str, lexicon: Lexicon) -> UnknownTopic:
    known = "; ".join(lexicon.topic_labels(lang))
    return UnknownTopic(
        path, line.no, f"a topic category of approach {title!r}, one of: {known}", found=line.text
    )


def approach_iri(
    lexicon: Lexicon,
    city: Ref,
    title: str,
    iris: IriScheme = DEFAULT,
    path=None,
    warn_new_city: bool = True,
) -> str:
    """The curated IRI of a city's approach by its title in any language, else one minted from
    city and title, with a warning naming `path` and the city's known titles (for a city the
    table does not know at all, only if `warn_new_city`)."""
    ref = lexicon.approach(city.iri, title)
    if ref:
        return ref.iri
    known = lexicon.approach_titles(city.iri)
    if path is not None and (known or warn_new_city):
        log.warning(
            "%s: the title %r is not in the approaches table, so its IRI is minted; "
            "known titles of %s: %s",
            path,
            title,
            city.label,
            "; ".join(known) or "(none)",
        )
    return iris.approach(iris.slug_of(city.iri), slugify(title, max_words=8))


def profile_json(profile: Profile) -> dict:
    """The JSON shape of `citygraph parse --format json`."""
    refs = lambda items: [{"label": r.label, "iri": r.iri} for r in items]  # noqa: E731
    sections = {slot: profile.sections.get(slot) for slot in TEXT_SLOTS if slot != "focus"}
    if "focus" in profile.sections:
        sections["focus"] = profile.sections["focus"]
    return {
        "kind": "profile",
        "city": profile.city,
        "city_iri": profile.city_iri,
        "lang": profile.lang,
        "tagline": profile.tagline,
        "key_findings": profile.key_findings,
        "sections": sections,
        "listed_networks": refs(profile.listed_networks),
        "mentioned_networks": refs(profile.mentioned_networks),
        "mentioned_cities": refs(profile.mentioned_cities),
        "report": profile.report,
        "approaches": [
            {"title": a.title, "iri": a.iri, "topics": refs(a.topics)} for a in profile.approaches
        ],
        "sources": profile.sources,
    }
