"""Names to IRIs: tolerant matching of topic labels, network names and city names in text."""

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from citygraph.model import Ref

__all__ = ["normalise", "stems", "name_words", "Lexicon"]

_QUOTES = dict.fromkeys(map(ord, "'\"‘’‚‛“”„‟«»‹›`´"), None)
_DASHES = dict.fromkeys(map(ord, "‐‑‒–—―−"), "-")
_ENDINGS = ("ern", "em", "en", "er", "es", "e", "n", "s")


@lru_cache(maxsize=65536)
def normalise(text: str) -> str:
    """Case-, quote-, dash- and space-insensitive form of a label (memoised: a parser asks
    for the same line once per language).

    >>> normalise("  Bündnis ‘Städte  sicherer Häfen’ ")
    'bündnis städte sicherer häfen'
    """
    text = unicodedata.normalize("NFC", text).translate(_QUOTES).translate(_DASHES)
    return re.sub(r"\s*-\s*", "-", " ".join(text.casefold().split()))


def _stem(word: str) -> str:
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    return word


def stems(text: str) -> list[str]:
    """Words of a text reduced to crude stems, so that inflected names still match.

    >>> stems("der internationalen Allianz für sichere Häfen")
    ['der', 'international', 'allianz', 'fur', 'sicher', 'haf']
    """
    return [_stem(w) for w in _folded_words(text)]


def _folded_words(text: str) -> list[str]:
    """Words without accents or umlauts: 'Häfen' and 'Hafen', 'Liège' and 'Liege' agree."""
    decomposed = unicodedata.normalize("NFKD", normalise(text))
    return re.findall(r"\w+", "".join(c for c in decomposed if not unicodedata.combining(c)))


def name_words(kind: str, text: str) -> list[str]:
    """Words as names of `kind` are compared: networks by stems (their names inflect), cities
    by whole words less a genitive s, so that 'liegen' is not Liège nor 'Hall' Halle.

    >>> name_words("city", "Potsdams Partnerstadt Liège")
    ['potsdam', 'partnerstadt', 'liege']
    """
    if kind == "network":
        return stems(text)
    return [w[:-1] if w.endswith("s") and len(w) > 4 else w for w in _folded_words(text)]


@dataclass
class Lexicon:
    """What a parser needs to resolve names: topics by label, networks and cities by name."""

    topics: dict[str, dict[str, Ref]] = field(default_factory=dict)  # lang -> label -> ref
    approaches: dict[str, dict[str, Ref]] = field(default_factory=dict)  # city -> title -> ref
    labels: dict[str, dict[str, str]] = field(default_factory=dict)  # iri -> lang -> name
    # kind -> first word -> [(words, ref)]: an index that keeps find() linear in the text
    _names: dict[str, dict[str, list[tuple[tuple[str, ...], Ref]]]] = field(default_factory=dict)

    def add_topic(self, lang: str, label: str, ref: Ref) -> None:
        self.topics.setdefault(lang, {})[normalise(label)] = ref

    def topic(self, lang: str, label: str) -> Ref | None:
        """The topic whose label in `lang` (or, failing that, any language) is `label`."""
        key = normalise(label)
        hit = self.topics.get(lang, {}).get(key)
        return hit or next((t[key] for t in self.topics.values() if key in t), None)

    def topic_labels(self, lang: str) -> list[str]:
        return sorted(ref.label for ref in self.topics.get(lang, {}).values())

    def add_label(self, iri: str, lang: str, label: str) -> None:
        self.labels.setdefault(iri, {})[lang] = label

    def localise(self, refs: list[Ref], lang: str) -> list[Ref]:
        """The same entities, each labelled in `lang` where a name in it is known."""
        return [Ref(self.labels.get(r.iri, {}).get(lang, r.label), r.iri) for r in refs]

    def add_approach(self, city_iri: str, title: str, ref: Ref) -> None:
        self.approaches.setdefault(city_iri, {})[normalise(title)] = ref

    def approach(self, city_iri: str, title: str) -> Ref | None:
        """The curated approach of a city with this title in any language."""
        return self.approaches.get(city_iri, {}).get(normalise(title))

    def approach_titles(self, city_iri: str) -> list[str]:
        return sorted({ref.label for ref in self.approaches.get(city_iri, {}).values()})

    def add_name(self, kind: str, name: str, ref: Ref) -> None:
        words = tuple(name_words(kind, name))
        if words:
            self._names.setdefault(kind, {}).setdefault(words[0], []).append((words, ref))

    def resolve(self, kind: str, name: str) -> Ref | None:
        """The entity of `kind` ('network' or 'city') whose name is exactly `name`."""
        words = tuple(name_words(kind, name))
        candidates = self._names.get(kind, {}).get(words[0] if words else "", [])
        return next((ref for w, ref in candidates if w == words), None)

    def find(self, kind: str, text: str) -> list[Ref]:
        """Entities of `kind` named in `text`, longest name first at each place, in text order."""
        words = name_words(kind, text)
        found: dict[str, Ref] = {}
        i = 0
        while i < len(words):
            match = self._longest_at(kind, words, i)
            if match:
                found.setdefault(match[1].iri, match[1])
                i += len(match[0])
            else:
                i += 1
        return list(found.values())

    def _longest_at(self, kind: str, words: list[str], i: int):
        candidates = self._names.get(kind, {}).get(words[i], [])
        hits = [(w, r) for w, r in candidates if tuple(words[i : i + len(w)]) == w]
        return max(hits, key=lambda hit: len(hit[0]), default=None)
