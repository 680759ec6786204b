"""The IRI scheme: the only place that mints IRIs for cities, networks, topics and graphs."""

import re
import unicodedata
from dataclasses import dataclass

from citygraph.settings import DEFAULT_BASE

ONTOLOGY = "https://w3id.org/citygraph/ontology#"
_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})


def slugify(text: str, max_words: int = 0) -> str:
    """Lower-case ASCII slug with transliterated umlauts and hyphens.

    >>> slugify("Städte Sicherer Häfen")
    'staedte-sicherer-haefen'
    >>> slugify("‘Projekt Spurwechsel’ – Integration", max_words=2)
    'projekt-spurwechsel'
    """
    ascii_text = unicodedata.normalize("NFKD", text.translate(_FOLD))
    ascii_text = ascii_text.encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", ascii_text)
    return "-".join(words[:max_words] if max_words else words)


@dataclass(frozen=True)
class IriScheme:
    """Mints the IRIs of one deployment from its base."""

    base: str = DEFAULT_BASE

    def city(self, slug: str) -> str:
        return f"{self.base}city/{slug}"

    def network(self, slug: str) -> str:
        return f"{self.base}network/{slug}"

    def topic(self, slug: str) -> str:
        return f"{self.base}topic/{slug}"

    def topic_scheme(self) -> str:
        return f"{self.base}topic/"

    def country(self, iso2: str) -> str:
        return f"{self.base}country/{iso2.lower()}"

    def approach(self, city_slug: str, slug: str) -> str:
        return f"{self.base}approach/{city_slug}/{slug}"

    def profile(self, city_slug: str, lang: str) -> str:
        return f"{self.base}profile/{city_slug}-{lang}"

    def membership(self, city_slug: str, network_slug: str, role: str) -> str:
        return f"{self.base}membership/{city_slug}/{network_slug}/{role}"

    def role(self, role: str) -> str:
        return f"{ONTOLOGY}{_camel(role)}"

    def document(self, slug: str) -> str:
        return f"{self.base}document/{slug}"

    def graph(self, *parts: str) -> str:
        return f"{self.base}graph/{'/'.join(parts)}"

    def slug_of(self, iri: str) -> str:
        """The last path segment of one of our IRIs."""
        return iri.rstrip("/").rsplit("/", 1)[-1]


def _camel(role: str) -> str:
    """'founding-member' -> 'FoundingMember', the role concept's local name."""
    return "".join(part.capitalize() for part in role.split("-"))


DEFAULT = IriScheme()
