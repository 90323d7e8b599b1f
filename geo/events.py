"""The dated events and the change log beside an atlas, checked like the atlas, and the tables the other pages show.

`events.json` lists what the articles report happening and when; `changelog.json` says what changed in the
curated data. Both must agree with the atlas they sit beside: every place id and country must be one the map can
open, and every quote must cite a known source. Problems are reported with the atlas's own `Problem` records (file,
entry, field, message), all at once.

The helpers below turn an `Atlas` into plain rows and groups, so the pages only lay them out.
"""
from __future__ import annotations

import datetime as dt
import re
import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence
from urllib.parse import urlencode

from geo.filters import Selection
from geo.load import DATA_DIR, SHIPPED_ATLAS, load_atlas, read_json
from geo.model import KINDS, MINERALS, STATUSES, VERDICTS, Atlas, Check, Figure, Involvement, Place, Quote
from geo.record import involvement_line, verdict_counts
from geo.search import MATCH_RANK, matching_text, snippet
from geo.urlstate import UrlState, write_query
from geo.validate import SLUG, AtlasError, Problem, Report, describe, type_name, unusable

BOUNDARY_ATTRIBUTION = DATA_DIR / "boundaries" / "ATTRIBUTION.md"
EVENTS_FILE = "events.json"
CHANGELOG_FILE = "changelog.json"
EVENT_FIELDS = ("id", "date", "date_note", "title", "places", "countries", "quote", "actors", "checks")
CHANGE_FIELDS = ("date", "change", "places", "source")
# A year, a month or a day: the articles often give only "in April" or "in 2024".
PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


@dataclass(frozen=True)
class Event:
    """Something an article reports as happening at a date, with the quote that says so."""

    id: str
    date: str
    title: str
    places: tuple[str, ...]
    countries: tuple[str, ...]
    quote: Quote
    date_note: str | None = None
    actors: tuple[Involvement, ...] = ()
    checks: tuple[Check, ...] = ()

    def check(self, claim: str) -> Check | None:
        return next((c for c in self.checks if c.claim == claim), None)


@dataclass(frozen=True)
class Change:
    """One entry of the data's change log; `source` is a quote or a free-text citation."""

    date: str
    change: str
    places: tuple[str, ...]
    source: Quote | str


# ---- dates ----------------------------------------------------------------------------------------------------

def date_parts(value: str) -> tuple[int, int, int] | None:
    """(year, month, day), 0 for a part not given; None when the text is not such a date or not a real one."""
    found = PARTIAL_DATE.match(value) if isinstance(value, str) else None
    if not found:
        return None
    year, month, day = (int(part) if part else 0 for part in found.groups())
    try:
        dt.date(year, month or 1, day or 1)
    except ValueError:
        return None
    return year, month, day


def date_label(value: str) -> str:
    """'2026-02-05' -> '5 February 2026', '2025-04' -> 'April 2025', '2024' -> '2024'."""
    parts = date_parts(value)
    if parts is None:
        return value
    year, month, day = parts
    if day:
        return f"{day} {MONTHS[month - 1]} {year}"
    return f"{MONTHS[month - 1]} {year}" if month else str(year)


def date_key(value: str) -> tuple[int, int, int]:
    """Sorts a month before the days in it and a year before its months: the vaguer date comes first."""
    return date_parts(value) or (0, 0, 0)


# ---- loading and checking -------------------------------------------------------------------------------------

def atlas_countries(atlas: Atlas) -> frozenset[str]:
    """The countries the map can filter by: those its places name (the same list the map's address accepts)."""
    return frozenset(c for place in atlas.places for c in place.countries)


def companion_file(atlas: Atlas, name: str) -> Path | None:
    """events.json or changelog.json beside the atlas file: they belong to that data set and no other."""
    if not atlas.path:
        return None
    path = Path(atlas.path).parent / name
    return path if path.is_file() else None


def _unknown_fields(item: Mapping, allowed: Sequence[str], report: Report) -> None:
    for key in sorted(set(item) - set(allowed)):
        report.add(key, f"unknown field (expected only: {', '.join(allowed)})")


def _known(values: tuple[str, ...] | None, known: Iterable[str], field: str, what: str, report: Report) -> None:
    known = sorted(set(known))
    for i, value in enumerate(values or ()):
        if value not in known:
            report.add(f"{field}[{i}]", f"unknown {what} {describe(value)} (expected one of: {', '.join(known)})")


def _entries(raw: Any, file: str, what: str) -> list:
    if not isinstance(raw, list):
        raise unusable(file, f"expected a list of {what}, got {type_name(raw)}")
    return raw


def check_events(raw: Any, file: str, atlas: Atlas) -> tuple[Event, ...]:
    """Raw events.json in, events sorted by date out, or an `AtlasError` listing every problem."""
    problems: list[Problem] = []
    events: list[Event] = []
    seen: set[str] = set()
    place_ids = [p.id for p in atlas.places]
    countries = atlas_countries(atlas)
    for i, item in enumerate(_entries(raw, file, "events")):
        label = repr(item["id"]) if isinstance(item, dict) and isinstance(item.get("id"), str) else f"#{i}"
        report = Report(file, f"event {label}", problems)
        if not isinstance(item, dict):
            report.add("(entry)", f"expected an object, got {type_name(item)}")
            continue
        before = len(problems)
        _unknown_fields(item, EVENT_FIELDS, report)
        event_id = report.text(item, "id", "id")
        if event_id is not None and not SLUG.match(event_id):
            report.add("id", f"expected a lowercase slug like 'c5-summit-2025', got {describe(event_id)}")
        elif event_id in seen:
            report.add("id", "duplicate id: ids must be unique")
        seen.add(event_id)
        date = report.text(item, "date", "date")
        if date is not None and date_parts(date) is None:
            report.add("date", f"expected a real date as YYYY-MM-DD, YYYY-MM or YYYY, got {describe(date)}")
        date_note = report.text(item, "date_note", "date_note", optional=True)
        title = report.text(item, "title", "title")
        places = report.strings(item, "places", "places")
        _known(places, place_ids, "places", "place id", report)
        event_countries = report.strings(item, "countries", "countries")
        _known(event_countries, countries, "countries", "country", report)
        quote = report.quote(item.get("quote"), "quote", atlas.sources)
        involved = report.involvements(item.get("actors"), "actors", atlas.sources, atlas.actors)
        checks = report.checks(item.get("checks"), "checks", atlas.sources, event_claims(involved))
        if len(problems) == before:
            events.append(Event(event_id, date, title, places, event_countries, quote, date_note, involved or (),
                                checks or ()))
    if problems:
        raise AtlasError(problems)
    return sort_events(events)


def event_claims(involved: Iterable[Involvement] | None) -> list[str]:
    """What a verdict may be given on for an event: that it happened as and when the article says, and each role."""
    return ["event", *(i.claim for i in involved or ())]


def unchecked_events(events: Iterable[Event]) -> list[str]:
    """'event id: event' for each event without a verdict. An event is who did what and when, so its verdict
    covers the parties it names; a role may carry a verdict of its own where the record says more."""
    return [f"{e.id}: event" for e in events if e.check("event") is None]


def check_changelog(raw: Any, file: str, atlas: Atlas) -> tuple[Change, ...]:
    """Raw changelog.json in, changes newest first out, or an `AtlasError` listing every problem."""
    problems: list[Problem] = []
    changes: list[Change] = []
    place_ids = [p.id for p in atlas.places]
    for i, item in enumerate(_entries(raw, file, "changes")):
        when = item.get("date") if isinstance(item, dict) else None
        report = Report(file, f"change #{i}" + (f" ({when})" if isinstance(when, str) else ""), problems)
        if not isinstance(item, dict):
            report.add("(entry)", f"expected an object, got {type_name(item)}")
            continue
        before = len(problems)
        _unknown_fields(item, CHANGE_FIELDS, report)
        date = report.date(item, "date", "date")
        change = report.text(item, "change", "change")
        places = report.strings(item, "places", "places")
        _known(places, place_ids, "places", "place id", report)
        value = item.get("source")
        source: Quote | str | None = None
        if isinstance(value, dict):
            source = report.quote(value, "source", atlas.sources)
        elif isinstance(value, str) and value.strip():
            source = value
        else:
            what = "missing" if "source" not in item else f"got {type_name(value)} {describe(value)}"
            report.add("source", f"expected a citation as text or a quote object {{source, text}}, {what}")
        if len(problems) == before:
            changes.append(Change(date, change, places, source))
    if problems:
        raise AtlasError(problems)
    return changes_newest_first(changes)


def load_events(path: Path, atlas: Atlas) -> tuple[Event, ...]:
    return check_events(read_json(path), str(path), atlas)


def load_changelog(path: Path, atlas: Atlas) -> tuple[Change, ...]:
    return check_changelog(read_json(path), str(path), atlas)


def sort_events(events: Iterable[Event]) -> tuple[Event, ...]:
    """Oldest first; events on the same date keep their order in the file."""
    return tuple(sorted(events, key=lambda e: date_key(e.date)))


def changes_newest_first(changes: Iterable[Change]) -> tuple[Change, ...]:
    """Newest date first; of changes on one date, the one later in the file is taken to be newer."""
    indexed = sorted(enumerate(changes), key=lambda pair: (pair[1].date, pair[0]), reverse=True)
    return tuple(change for _, change in indexed)


def problem_rows(error: AtlasError) -> list[dict[str, str]]:
    return [{"File": p.file, "Entry": p.feature, "Field": p.field, "Problem": p.message} for p in error.problems]


# ---- links to the map -----------------------------------------------------------------------------------------

def map_link(site: str | None = None, country: str | None = None) -> str:
    """A relative link that opens the map page with a place selected or a country filtered."""
    selection = Selection(countries=frozenset({country})) if country else Selection()
    return "/?" + urlencode(write_query(UrlState(selection, site)))


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

REGION = "Region-wide"


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


_TONNAGE = re.compile(r"^\s*(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?\s*(thousand|million|billion)?\s*(?:metric\s+)?"
                      r"(?:tons|tonnes|t)\b", re.IGNORECASE)
_SCALE = {None: 1, "thousand": 1e3, "million": 1e6, "billion": 1e9}


def parse_tonnes(value: str) -> float:
    """The tonnage a figure's value starts with: '14,000 metric tons' -> 14000.0, '32.9 million tons' -> 3.29e7."""
    found = _TONNAGE.match(value)
    if not found:
        raise ValueError(f"no tonnage at the start of {value!r}")
    whole, fraction, scale = found.groups()
    return float(whole.replace(",", "") + (fraction or "")) * _SCALE[scale.lower() if scale else None]


@dataclass(frozen=True)
class Bar:
    measure: str
    tonnes: float
    figure: Figure


_VANADIUM_2024 = {"Consumed": re.compile(r"^US vanadium consumption in 2024\b"),
                  "Produced domestically": re.compile(r"^US domestic vanadium production in 2024\b")}


def us_vanadium_2024(atlas: Atlas) -> tuple[Bar, ...]:
    """US vanadium consumed and produced at home in 2024, read from the region-wide figures; () if either is absent.

    The numbers come from the figures' values, so the chart can never disagree with the quoted text beside it.
    """
    bars = []
    for measure, label in _VANADIUM_2024.items():
        figure = next((f for f in atlas.facts if label.match(f.label)), None)
        if figure is None:
            return ()
        bars.append(Bar(measure, parse_tonnes(figure.value), figure))
    return tuple(bars)


# ---- attributions ---------------------------------------------------------------------------------------------

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


def main(argv: list[str]) -> int:
    """`python -m geo.events [ATLAS]`: check the events and change log beside an atlas, one line per problem."""
    path = Path(argv[0]) if argv else SHIPPED_ATLAS
    try:
        atlas = load_atlas(path)
    except AtlasError as error:
        print("\n".join(str(p) for p in error.problems))
        return 1
    failed = False
    for name, load in ((EVENTS_FILE, load_events), (CHANGELOG_FILE, load_changelog)):
        found = companion_file(atlas, name)
        if found is None:
            print(f"{path.parent / name}: not found (optional)")
            continue
        try:
            entries = load(found, atlas)
        except AtlasError as error:
            failed = True
            print("\n".join(str(p) for p in error.problems))
        else:
            print(f"{found}: {len(entries)} entries valid")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
