"""The dated events and the change log beside an atlas, checked like the atlas.

`events.json` lists what the articles report happening and when; `changelog.json` says what changed in the
curated data. Both must agree with the atlas they sit beside: every place id and country must be one the map can
open, and every quote must cite a known source. Problems are reported with the atlas's own `Problem` records (file,
entry, field, message), all at once. `python -m geo.events [ATLAS]` (this package's `__main__`) checks them.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from geo.dates import date_key, date_parts
from geo.load import read_json
from geo.model import Atlas, Check, Involvement, Quote
from geo.validate import SLUG, AtlasError, Problem, Report, describe, type_name, unusable

__all__ = ["Event", "Change", "EVENTS_FILE", "CHANGELOG_FILE", "companion_file", "check_events", "check_changelog",
           "load_events", "load_changelog", "event_claims", "unchecked_events", "sort_events", "changes_newest_first"]

EVENTS_FILE = "events.json"
CHANGELOG_FILE = "changelog.json"
EVENT_FIELDS = ("id", "date", "date_note", "title", "places", "countries", "quote", "actors", "checks")
CHANGE_FIELDS = ("date", "change", "places", "source")


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
