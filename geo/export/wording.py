"""The words every export shares: what was filtered, where the data comes from, and text wrapped to a width.

PNG, PDF and HTML exports state their filters, dates and sources in the same wording, so a slide and the memo
it came from never disagree.
"""
from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Iterable, Sequence

from matplotlib.font_manager import FontProperties
from matplotlib.textpath import TextToPath

from geo.filters import Selection
from geo.load import country_names
from geo.model import KINDS, MINERALS, STATUSES, Atlas, Citation, Place

FONT = "DejaVu Sans"  # matplotlib's bundled font; it has Cyrillic and the typographic quotes the sources use
BOUNDARIES = "Boundaries: Natural Earth (public domain; de facto boundaries, no endorsement implied)"
BOUNDARIES_SHORT = "Boundaries: Natural Earth"


def country_name(code: str) -> str:
    return country_names().get(code, code)


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def filter_parts(selection: Selection) -> list[str]:
    """Each active facet as one phrase, values in vocabulary order so the same filter always reads the same."""
    parts = []
    for chosen, vocabulary in ((selection.minerals, MINERALS), (selection.statuses, STATUSES)):
        if chosen:
            parts.append(", ".join(term.label for key, term in vocabulary.items() if key in chosen))
    if selection.countries:
        parts.append(", ".join(sorted(country_name(c) for c in selection.countries)))
    if selection.kinds:
        parts.append(", ".join(term.label for key, term in KINDS.items() if key in selection.kinds))
    if selection.query.strip():
        parts.append(f"names matching “{selection.query.strip()}”")
    return parts


def describe_selection(atlas: Atlas, places: Sequence[Place], selection: Selection) -> str:
    """'Vanadium · In production, Exploration · Kazakhstan', or what else explains the set shown."""
    parts = filter_parts(selection)
    if parts:
        return " · ".join(parts)
    if len(places) == len(atlas.places):
        return "All places"
    if not places:
        return "No places selected"
    if len(places) <= 3:
        return "Selected: " + ", ".join(p.name for p in places)
    return f"{len(places)} selected places"


def iso_date(value: dt.date | str | None) -> str:
    if value is None:
        return dt.date.today().isoformat()
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def dates_line(atlas: Atlas, export_date: dt.date | str | None) -> str:
    return f"Data as of {atlas.as_of} · Exported {iso_date(export_date)}"


def summary_line(atlas: Atlas, places: Sequence[Place], selection: Selection,
                 export_date: dt.date | str | None) -> str:
    """One caption line: filters, how many places, and both dates."""
    count = f"{len(places)} of {plural(len(atlas.places), 'place')}"
    return f"{describe_selection(atlas, places, selection)} · {count} · {dates_line(atlas, export_date)}"


def cited_sources(atlas: Atlas, places: Iterable[Place]) -> list[Citation]:
    """The articles the exported places quote (in their facts or quotes), in order of first citation."""
    seen: dict[str, Citation] = {}
    for place in places:
        quotes = [f.quote for f in place.facts if f.quote] + list(place.quotes)
        for quote in quotes:
            if quote.source in atlas.sources and quote.source not in seen:
                seen[quote.source] = atlas.sources[quote.source]
    return list(seen.values())


def short_citation(citation: Citation) -> str:
    return f"“{citation.title}”, {citation.publisher}, {citation.published}"


def full_citation(citation: Citation) -> str:
    """Author, title, publisher, date (and first publisher) as a briefing's reference list writes them."""
    parts = [citation.author] if citation.author else []
    parts += [f"“{citation.title}”", citation.publisher, citation.published]
    text = ", ".join(parts)
    if citation.first_published_by:
        text += f" (first published by {citation.first_published_by})"
    return text


def sources_line(citations: Sequence[Citation]) -> str:
    cited = "; ".join(short_citation(c) for c in citations) or "none cited"
    return f"Sources: {cited}. {BOUNDARIES_SHORT}."


def key_figures(place: Place) -> str:
    return " | ".join(f"{f.value} — {f.label}" for f in place.facts)


def place_countries(place: Place) -> str:
    return ", ".join(country_name(c) for c in place.countries)


# ---- wrapping ------------------------------------------------------------------------------------------------

_TEXT_TO_PATH = TextToPath()


@lru_cache(maxsize=20000)
def text_width(text: str, size: float, weight: str = "normal", style: str = "normal") -> float:
    """Width in points of one line of text as matplotlib will draw it."""
    prop = FontProperties(family=FONT, size=size, weight=weight, style=style)
    return _TEXT_TO_PATH.get_text_width_height_descent(text, prop, ismath=False)[0]


def _split_long(word: str, width: float, size: float, weight: str, style: str) -> list[str]:
    """Break a word wider than the line (a URL, mostly), after '/', '-', '?' or '&' when possible.

    Widths are summed per character (kerning ignored, a 3% margin kept), so even a pathological
    100,000-character word costs one measurement per distinct character.
    """
    limit = width * 0.97
    pieces, current, current_width = [], "", 0.0
    for char in word:
        char_width = text_width(char, size, weight, style)
        if current and current_width + char_width > limit:
            cut = max(current.rfind(c) for c in "/-?&")
            if cut > len(current) // 3:
                pieces.append(current[:cut + 1])
                current = current[cut + 1:]
            else:
                pieces.append(current)
                current = ""
            current_width = sum(text_width(c, size, weight, style) for c in current)
        current += char
        current_width += char_width
    return pieces + [current] if current else pieces


def wrap(text: str, width: float, size: float, weight: str = "normal", style: str = "normal") -> list[str]:
    """Greedy word wrap to `width` points, measured with the real font; paragraphs at newlines are kept."""
    lines: list[str] = []
    space = text_width(" ", size, weight, style)
    for paragraph in text.split("\n"):
        current, current_width = "", 0.0
        for word in paragraph.split():
            word_width = text_width(word, size, weight, style)
            pieces = [word] if word_width <= width else _split_long(word, width, size, weight, style)
            for piece in pieces:
                piece_width = text_width(piece, size, weight, style)
                if current and current_width + space + piece_width <= width:
                    current, current_width = f"{current} {piece}", current_width + space + piece_width
                else:
                    if current:
                        lines.append(current)
                    current, current_width = piece, piece_width
        lines.append(current)
    return lines
