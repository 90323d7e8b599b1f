"""An `Atlas` as the plain rows and groups the pages lay out: places, quotes by source, figures, problems."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from geo.links import map_link
from geo.model import KINDS, MINERALS, STATUSES, VERDICTS, Atlas, Figure, Place, Quote
from geo.record import involvement_line, verdict_counts
from geo.search import MATCH_RANK, matching_text, snippet
from geo.validate import AtlasError

REGION = "Region-wide"


def problem_rows(error: AtlasError) -> list[dict[str, str]]:
    return [{"File": p.file, "Entry": p.feature, "Field": p.field, "Problem": p.message} for p in error.problems]



# ---- places ---------------------------------------------------------------------------------------------------

def key_figure(place: Place) -> str | None:
    """The place's first figure, which the curators list first because it matters most."""
    if not place.facts:
        return None
    figure = place.facts[0]
    return f"{figure.label}: {figure.value}"


def place_rows(atlas: Atlas, country_names: Mapping[str, str], query: str = "") -> list[dict[str, Any]]:
    """One row per place matching the query (names, actors, quote and figure words; any spelling or script), in
    the atlas's order, with who is involved, the record's verdicts and where the search matched."""
    rows = []
    for place in atlas.places:
        found = matching_text(place, query)
        if found is None:
            continue
        counts = verdict_counts([place])
        rows.append({
            "Place": place.name,
            "Kind": KINDS[place.kind].label,
            "Countries": ", ".join(country_names.get(c, c) for c in place.countries),
            "Minerals": ", ".join(MINERALS[m].label for m in place.minerals),
            "Status": STATUSES[place.status].label,
            "Precision (km)": place.precision.km,
            "Key figure": key_figure(place),
            "Who is involved": involvement_line(place),
            "Record check": ", ".join(f"{n} {VERDICTS[v].label.split(' ')[0].lower()}" if v != "no_record"
                                      else f"{n} no record" for v, n in counts.items() if n),
            "Search match": f"{found[0]}: {snippet(found[1], query)}" if query.strip() else "",
            "Map": map_link(site=place.id),
            "_rank": MATCH_RANK[found[0]],
        })
    rows.sort(key=lambda row: row["_rank"])  # stable: the atlas's order within each rank
    for row in rows:
        del row["_rank"]
    return rows


# ---- quotes by source -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class QuoteUse:
    """A quote as one place uses it: said of the place, and/or backing some of its figures."""

    quote: Quote
    figures: tuple[str, ...]
    about_place: bool


@dataclass(frozen=True)
class QuoteGroup:
    """The quotes of one source that one place (or, with place None, the region-wide figures) uses."""

    place: Place | None
    uses: tuple[QuoteUse, ...]


def _uses(quotes: Iterable[Quote], figures: Iterable[Figure], source: str) -> tuple[QuoteUse, ...]:
    """Each quote once, with the labels of the figures it backs; the same words are never shown twice."""
    about: dict[str, bool] = {}
    backs: dict[str, list[str]] = {}
    for quote in quotes:
        if quote.source == source:
            about[quote.text] = True
            backs.setdefault(quote.text, [])
    for figure in figures:
        if figure.quote is not None and figure.quote.source == source:
            about.setdefault(figure.quote.text, False)
            backs.setdefault(figure.quote.text, []).append(figure.label)
    return tuple(QuoteUse(Quote(source, text), tuple(backs[text]), about[text]) for text in about)


def quotes_by_source(atlas: Atlas) -> dict[str, tuple[QuoteGroup, ...]]:
    """For each source (in sources.json order) the quotes it supports, grouped by place; region-wide figures first."""
    grouped: dict[str, tuple[QuoteGroup, ...]] = {}
    for source in atlas.sources:
        groups = []
        region = _uses((), atlas.facts, source)
        if region:
            groups.append(QuoteGroup(None, region))
        for place in atlas.places:
            uses = _uses(place.quotes, place.facts, source)
            if uses:
                groups.append(QuoteGroup(place, uses))
        grouped[source] = tuple(groups)
    return grouped


# ---- figures --------------------------------------------------------------------------------------------------

def figure_groups(atlas: Atlas) -> tuple[tuple[Place | None, tuple[Figure, ...]], ...]:
    """Region-wide figures, then each place that has figures, in the atlas's order."""
    groups: list[tuple[Place | None, tuple[Figure, ...]]] = []
    if atlas.facts:
        groups.append((None, tuple(atlas.facts)))
    groups.extend((place, place.facts) for place in atlas.places if place.facts)
    return tuple(groups)


def figure_rows(atlas: Atlas) -> list[dict[str, Any]]:
    """Every figure as one flat row, for a table a reader can sort and scan."""
    rows = []
    for place, figures in figure_groups(atlas):
        checks = {c.claim: c for c in (place.checks if place else atlas.checks)}
        for figure in figures:
            if figure.quote is not None:
                citation = atlas.sources[figure.quote.source]
                source = f"{citation.publisher}, {citation.published} (quoted)"
            else:
                source = figure.citation.publisher
            check = checks.get(f"figure:{figure.label}")
            record = VERDICTS[check.verdict].label if check else ("Independent source" if figure.quote is None
                                                                  else "Not checked")
            rows.append({"Place": place.name if place else REGION, "Figure": figure.label, "Value": figure.value,
                         "Reported": figure.reported, "Source": source, "Record check": record})
    return rows
