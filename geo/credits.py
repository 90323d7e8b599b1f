"""Credits the About page shows: basemap attributions as plain text and links, and the boundaries' attribution."""
from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Iterable

from geo.load import DATA_DIR

BOUNDARY_ATTRIBUTION = DATA_DIR / "boundaries" / "ATTRIBUTION.md"


@dataclass(frozen=True)
class Credit:
    name: str
    text: str
    links: tuple[tuple[str, str], ...]


class _Attribution(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.links: list[tuple[str, str]] = []
        self._href: str | None = None
        self._label: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self._href, self._label = dict(attrs).get("href"), []

    def handle_endtag(self, tag):
        if tag == "a" and self._href:
            self.links.append(("".join(self._label).strip(), self._href))
            self._href = None

    def handle_data(self, data):
        self.text.append(data)
        if self._href:
            self._label.append(data)


def tile_credits(tiles: Iterable[tuple[str, str, str]]) -> tuple[Credit, ...]:
    """Basemap attributions (Leaflet's HTML) as plain text and links, so a page shows them without raw HTML."""
    credits = []
    for name, _url, attribution in tiles:
        parser = _Attribution()
        parser.feed(attribution)
        parser.close()
        text = " ".join("".join(parser.text).split())
        credits.append(Credit(name, text, tuple(parser.links)))
    return tuple(credits)
