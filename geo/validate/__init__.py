"""The data rules: raw atlas data in, an `Atlas` out, or every problem at once.

Only rules live here; `geo.load` reads the files and `python -m geo.validate [FILE ...]` (this package's
`__main__`) is the command line, so this module is never run as `__main__` and its `AtlasError` exists once.

Each problem names the file, the feature, the field, what is wrong and what was expected, so a curator can fix
the data without reading code. Nothing here trusts the input's types: malformed data gives problems, never a
traceback.
"""
from __future__ import annotations

import datetime as dt
import json
import math
import re
from dataclasses import dataclass
from os import PathLike
from typing import Any, Callable, Iterable, Mapping
from urllib.parse import urlsplit

import shapely
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

from geo.dates import PARTIAL_DATE
from geo.text import PROBLEM_VALUE_CHARS, shorten
from geo.model import (ACTOR_TYPES, KINDS, MINERALS, ROLES, STATUSES, VERDICTS, Actor, Atlas, Check, Citation, Figure,
                       Involvement, Place, Precision, Quote, Reference)

__all__ = ["AtlasError", "Problem", "Report", "describe", "type_name", "unusable",  # problems and how rules report
           "check_atlas", "check_sources", "check_record", "check_actors", "is_http_url",  # the rules
           "SLUG", "MAX_DECIMALS", "COUNTRY_TOLERANCE_DEG", "GEOMETRIES_BY_KIND", "PLACE_FIELDS",
           "REQUIRED_PLACE_FIELDS"]

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_DECIMALS = 6
# How far (degrees, about 11 km at these latitudes) a point may lie outside its country's generalised outline.
COUNTRY_TOLERANCE_DEG = 0.1

GEOMETRIES_BY_KIND = {
    "deposit": ("Point",),
    "occurrence": ("Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon"),
    "exploration_area": ("Polygon", "MultiPolygon"),
    "corridor": ("LineString", "MultiLineString"),
    "country": ("Polygon", "MultiPolygon"),
}
# How deep each geometry type nests its positions: 0 = a position, 1 = a list of positions, ...
NESTING = {"Point": 0, "MultiPoint": 1, "LineString": 1, "MultiLineString": 2, "Polygon": 2, "MultiPolygon": 3}

REQUIRED_PLACE_FIELDS = ("id", "name", "aliases", "kind", "countries", "admin_region", "minerals", "status",
                         "location_precision", "location_source", "facts", "quotes", "last_reviewed")
PLACE_FIELDS = (*REQUIRED_PLACE_FIELDS, "actors", "checks")  # who is involved, and the record's verdicts
ELLIPSIS = re.compile(r"\s*(?:\.\.\.|…)\s*")


def squash(text: str) -> str:
    """Whitespace runs as one space: a stored passage and a quote compare as a reader sees them."""
    return " ".join(text.split())


def verbatim(quote: str, stored: str) -> bool:
    """True when the quote appears in the stored text; an ellipsis may join fragments that appear in order."""
    start = 0
    fragments = [f for f in ELLIPSIS.split(squash(quote)) if f]
    for fragment in fragments:
        found = stored.find(fragment, start)
        if found < 0:
            return False
        start = found + len(fragment)
    return bool(fragments)


@dataclass(frozen=True)
class Problem:
    file: str
    feature: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: feature {self.feature}: {self.field}: {self.message}"


class AtlasError(Exception):
    """Raised with every problem found, so one run shows the curator all there is to fix."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def unusable(file: str | PathLike, why: str) -> AtlasError:
    """The error for a whole file the atlas cannot use, reported like any other problem."""
    return AtlasError([Problem(str(file), "-", "(file)", why)])


def describe(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, float) else repr(value)
    return shorten(text, PROBLEM_VALUE_CHARS)


def type_name(value: Any) -> str:
    return {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null",
            int: "number", float: "number"}.get(type(value), type(value).__name__)


def is_http_url(value: Any) -> bool:
    """Only http(s) links become links: a javascript: or data: address never reaches a page."""
    if not isinstance(value, str):
        return False
    try:
        parts = urlsplit(value.strip())
    except ValueError:  # e.g. "http://[::1", an IPv6 host never closed
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


class Report:
    """Collects problems for one feature (or the file) so checks read as a list of rules."""

    def __init__(self, file: str, feature: str, problems: list[Problem]):
        self.file, self.feature, self._problems = file, feature, problems

    def add(self, field: str, message: str) -> None:
        self._problems.append(Problem(self.file, self.feature, field, message))

    @property
    def found(self) -> int:
        """Problems found so far in this run (all reports of a run share one list): a rule compares before and after."""
        return len(self._problems)

    def text(self, record: Mapping, key: str, field: str, optional: bool = False) -> str | None:
        value = record.get(key)
        if value is None and optional:
            return None
        if not isinstance(value, str) or not value.strip():
            what = "missing" if key not in record else f"got {type_name(value)} {describe(value)}"
            self.add(field, f"expected a non-empty string, {what}")
            return None
        return value

    def strings(self, record: Mapping, key: str, field: str, allow_empty: bool = True) -> tuple[str, ...] | None:
        value = record.get(key)
        if not isinstance(value, list):
            what = "missing" if key not in record else f"got {type_name(value)} {describe(value)}"
            self.add(field, f"expected a list of strings, {what}")
            return None
        bad = [i for i, item in enumerate(value) if not isinstance(item, str) or not item.strip()]
        if bad:
            self.add(f"{field}[{bad[0]}]", f"expected a non-empty string, got {describe(value[bad[0]])}")
            return None
        if not value and not allow_empty:
            self.add(field, "expected at least one entry, got an empty list")
            return None
        return tuple(value)

    def terms(self, values: tuple[str, ...] | None, vocabulary: Mapping, field: str) -> None:
        for i, value in enumerate(values or ()):
            if value not in vocabulary:
                self.add(f"{field}[{i}]", f"unknown term {describe(value)} (expected one of: {', '.join(vocabulary)})")

    def date(self, record: Mapping, key: str, field: str) -> str | None:
        value = self.text(record, key, field)
        if value is None:
            return None
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            self.add(field, f"expected a date as YYYY-MM-DD, got {describe(value)}")
            return None
        return value

    def reference(self, value: Any, field: str) -> Reference | None:
        if not isinstance(value, dict):
            self.add(field, f"expected an object with title, publisher and url, got {type_name(value)}")
            return None
        title = self.text(value, "title", f"{field}.title")
        publisher = self.text(value, "publisher", f"{field}.publisher")
        url = value.get("url")
        if not is_http_url(url):
            self.add(f"{field}.url", f"expected an http(s) address, got {describe(url)}")
        note = self.text(value, "note", f"{field}.note", optional=True)
        if title and publisher and is_http_url(url):
            return Reference(title=title, publisher=publisher, url=url, note=note)
        return None

    def quote(self, value: Any, field: str, sources: Mapping[str, Citation]) -> Quote | None:
        if not isinstance(value, dict):
            self.add(field, f"expected an object with source and text, got {type_name(value)}")
            return None
        source = self.text(value, "source", f"{field}.source")
        text = self.text(value, "text", f"{field}.text")
        if source is not None and source not in sources:
            self.add(f"{field}.source",
                     f"cites unknown source {describe(source)} (expected one of: {', '.join(sources) or 'none'})")
            return None
        stored = sources[source].text if source else None
        if stored is not None and text and not verbatim(text, stored):
            self.add(f"{field}.text", f"is not verbatim in the stored text of {source!r} "
                                      f"(expected an exact excerpt; got {describe(text)})")
            return None
        return Quote(source, text) if source and text else None

    def involvements(self, value: Any, field: str, sources: Mapping[str, Citation],
                     actors: Mapping[str, Actor]) -> tuple[Involvement, ...] | None:
        """Who is involved: [{actor, role, quote}], each actor known and each role from the vocabulary."""
        if value is None:
            return ()
        if not isinstance(value, list):
            self.add(field, f"expected a list of {{actor, role, quote}}, got {type_name(value)}")
            return None
        out: list[Involvement] = []
        for i, item in enumerate(value):
            where = f"{field}[{i}]"
            if not isinstance(item, dict):
                self.add(where, f"expected an object {{actor, role, quote}}, got {type_name(item)}")
                continue
            actor = self.text(item, "actor", f"{where}.actor")
            if actor is not None and actor not in actors:
                self.add(f"{where}.actor", f"unknown actor {describe(actor)} "
                                           f"(expected an id from actors.json: {', '.join(actors) or 'none'})")
                actor = None
            role = item.get("role")
            if not isinstance(role, str) or role not in ROLES:
                self.add(f"{where}.role", f"unknown role {describe(role)} (expected one of: {', '.join(ROLES)})")
                role = None
            quote = self.quote(item.get("quote"), f"{where}.quote", sources)
            if actor and role and quote:
                out.append(Involvement(actor, role, quote, actors[actor].name, actors[actor].group))
        return tuple(out) if len(out) == len(value) else None

    def checks(self, value: Any, field: str, sources: Mapping[str, Citation],
               claims: Iterable[str]) -> tuple[Check, ...] | None:
        """The record's verdicts: [{claim, verdict, how, evidence}]; each claim one the place shows, evidence quoted
        verbatim from an independent source (never one of the articles)."""
        if value is None:
            return ()
        if not isinstance(value, list):
            self.add(field, f"expected a list of {{claim, verdict, how, evidence}}, got {type_name(value)}")
            return None
        known = list(dict.fromkeys(claims))
        out: list[Check] = []
        seen: set[str] = set()
        for i, item in enumerate(value):
            where = f"{field}[{i}]"
            if not isinstance(item, dict):
                self.add(where, f"expected an object {{claim, verdict, how, evidence}}, got {type_name(item)}")
                continue
            before = self.found
            claim = self.text(item, "claim", f"{where}.claim")
            if claim is not None and claim not in known:
                self.add(f"{where}.claim", f"names no claim shown here: {describe(claim)} "
                                           f"(expected one of: {', '.join(known) or 'none'})")
            elif claim in seen:
                self.add(f"{where}.claim", f"checked twice: {describe(claim)}")
            seen.add(claim)
            verdict = item.get("verdict")
            if not isinstance(verdict, str) or verdict not in VERDICTS:
                self.add(f"{where}.verdict",
                         f"unknown verdict {describe(verdict)} (expected one of: {', '.join(VERDICTS)})")
            how = self.text(item, "how", f"{where}.how")
            evidence = item.get("evidence", [])
            quotes: list[Quote] = []
            if not isinstance(evidence, list):
                self.add(f"{where}.evidence", f"expected a list of quotes, got {type_name(evidence)}")
                evidence = []
            for j, raw_quote in enumerate(evidence):
                quote = self.quote(raw_quote, f"{where}.evidence[{j}]", sources)
                if quote is not None and not sources[quote.source].independent:
                    self.add(f"{where}.evidence[{j}].source", f"{quote.source!r} is one of the articles being "
                                                               "checked; evidence must come from an independent source")
                elif quote is not None:
                    quotes.append(quote)
            article = None
            if "article" in item:
                article = self.quote(item["article"], f"{where}.article", sources)
                if article is not None and sources[article.source].independent:
                    self.add(f"{where}.article.source", f"{article.source!r} is an independent source; 'article' "
                                                        "quotes the article whose claim is checked")
            if verdict == "no_record" and evidence:
                self.add(f"{where}.evidence", "a 'no_record' verdict cannot carry evidence")
            elif verdict in VERDICTS and verdict != "no_record" and not evidence:
                self.add(f"{where}.evidence", f"a {verdict!r} verdict needs at least one quote from the record")
            if self.found == before:
                out.append(Check(claim, verdict, how, tuple(quotes), article))
        return tuple(out) if len(out) == len(value) else None

    def figure(self, value: Any, field: str, sources: Mapping[str, Citation]) -> Figure | None:
        if not isinstance(value, dict):
            self.add(field, f"expected an object with label, value and quote or citation, got {type_name(value)}")
            return None
        label = self.text(value, "label", f"{field}.label")
        shown = self.text(value, "value", f"{field}.value")
        reported = value.get("reported", False)
        if not isinstance(reported, bool):
            self.add(f"{field}.reported", f"expected true or false, got {describe(reported)}")
        has_quote, has_citation = "quote" in value, "citation" in value
        if has_quote == has_citation:
            self.add(field, "expected exactly one of quote (from an article) or citation (another public source)")
            return None
        quote = self.quote(value["quote"], f"{field}.quote", sources) if has_quote else None
        citation = self.reference(value["citation"], f"{field}.citation") if has_citation else None
        if label and shown and (quote or citation) and isinstance(reported, bool):
            return Figure(label, shown, quote, citation, reported)
        return None

    def figures(self, value: Any, field: str, sources: Mapping[str, Citation]) -> tuple[Figure, ...] | None:
        if not isinstance(value, list):
            self.add(field, f"expected a list, got {type_name(value)}")
            return None
        checked = [self.figure(item, f"{field}[{i}]", sources) for i, item in enumerate(value)]
        return tuple(checked) if all(checked) else None


# ---- geometry -------------------------------------------------------------------------------------------------

def _decimals_ok(value: float) -> bool:
    return abs(value - round(value, MAX_DECIMALS)) < 1e-9


def finite_number(value: Any) -> bool:
    """A JSON number that is a real, finite float (an integer of hundreds of digits is not: it overflows)."""
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:
        return False


def _check_position(position: Any, field: str, report: Report) -> bool:
    if not isinstance(position, list) or not 2 <= len(position) <= 3:
        report.add(field, f"expected a position [longitude, latitude], got {describe(position)}")
        return False
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in position):
        report.add(field, f"expected numbers, got {describe(position)}")
        return False
    if not all(finite_number(v) for v in position):
        report.add(field, f"expected finite numbers, got {describe(position)}")
        return False
    lon, lat = position[0], position[1]
    if not -90 <= lat <= 90:
        hint = "; longitude and latitude look swapped" if -90 <= lon <= 90 and -180 <= lat <= 180 else ""
        report.add(field, f"latitude {lat} out of range -90..90{hint}")
        return False
    if not -180 <= lon <= 180:
        report.add(field, f"longitude {lon} out of range -180..180")
        return False
    if not (_decimals_ok(lon) and _decimals_ok(lat)):
        report.add(field, f"expected at most {MAX_DECIMALS} decimals (about 10 cm), got {describe(position)}")
        return False
    return True


def _check_nested(coords: Any, depth: int, field: str, report: Report) -> bool:
    if depth == 0:
        return _check_position(coords, field, report)
    if not isinstance(coords, list) or not coords:
        report.add(field, f"expected a non-empty list, got {describe(coords)}")
        return False
    return all([_check_nested(c, depth - 1, f"{field}[{i}]", report) for i, c in enumerate(coords)])


def _positions(coords: list, depth: int, field: str) -> Iterable[tuple[str, list]]:
    if depth == 0:
        yield field, coords
        return
    for i, item in enumerate(coords):
        yield from _positions(item, depth - 1, f"{field}[{i}]")


def _same_dimensions(coords: list, depth: int, field: str, report: Report) -> bool:
    """Every position of one geometry has the same number of values: [lon, lat] and [lon, lat, height] cannot mix."""
    positions = list(_positions(coords, depth, field))
    first = len(positions[0][1])
    odd = next(((where, p) for where, p in positions if len(p) != first), None)
    if odd is not None:
        report.add(odd[0], f"has {len(odd[1])} values where the geometry's first position has {first} "
                           "(every position needs the same: [longitude, latitude] or all with a height)")
        return False
    return True


def _paths(kind: str, coords: list) -> Iterable[tuple[str, list, bool]]:
    """Yield (field suffix, positions, is_ring) for every line and ring of a geometry."""
    if kind == "LineString":
        yield "", coords, False
    elif kind == "MultiLineString":
        for i, line in enumerate(coords):
            yield f"[{i}]", line, False
    elif kind == "Polygon":
        for i, ring in enumerate(coords):
            yield f"[{i}]", ring, True
    elif kind == "MultiPolygon":
        for i, polygon in enumerate(coords):
            for j, ring in enumerate(polygon):
                yield f"[{i}][{j}]", ring, True


def _check_paths(kind: str, coords: list, report: Report) -> bool:
    ok = True
    for suffix, positions, is_ring in _paths(kind, coords):
        field = f"geometry.coordinates{suffix}"
        if is_ring and len(positions) < 4:
            report.add(field, f"ring has {len(positions)} positions, expected at least 4")
            ok = False
        elif is_ring and positions[0] != positions[-1]:
            report.add(field, "ring is not closed: its first and last positions differ")
            ok = False
        elif not is_ring and len(positions) < 2:
            report.add(field, f"line has {len(positions)} position, expected at least 2")
            ok = False
        for i in range(1, len(positions)):
            if abs(positions[i][0] - positions[i - 1][0]) > 180:
                report.add(f"{field}[{i}]", "segment jumps more than 180° of longitude "
                                            "(a sign-flipped longitude, or a line that should be cut at ±180°)")
                ok = False
                break
    return ok


def check_geometry(value: Any, kind: str | None, report: Report) -> BaseGeometry | None:
    if not isinstance(value, dict):
        report.add("geometry", f"expected a GeoJSON geometry object, got {type_name(value)}")
        return None
    geometry_type = value.get("type")
    allowed = GEOMETRIES_BY_KIND.get(kind, tuple(NESTING))
    if not isinstance(geometry_type, str) or geometry_type not in NESTING:
        report.add("geometry.type", f"unknown geometry type {describe(geometry_type)} "
                                    f"(expected one of: {', '.join(NESTING)})")
        return None
    if geometry_type not in allowed:
        report.add("geometry.type", f"a {kind} cannot be a {geometry_type} (expected one of: {', '.join(allowed)})")
        return None
    coords = value.get("coordinates")
    if not _check_nested(coords, NESTING[geometry_type], "geometry.coordinates", report):
        return None
    if not _check_paths(geometry_type, coords, report):
        return None
    if not _same_dimensions(coords, NESTING[geometry_type], "geometry.coordinates", report):
        return None
    geometry = shape({"type": geometry_type, "coordinates": coords})
    if not geometry.is_valid:
        report.add("geometry", f"invalid geometry: {shapely.is_valid_reason(geometry)}")
        return None
    return geometry


def _swap(geometry: BaseGeometry) -> BaseGeometry:
    return shapely.transform(geometry, lambda coords: coords[:, ::-1])


class CountryAreas:
    """Declared countries' outlines grown by the tolerance, built once per set of countries in a validation run."""

    def __init__(self, outlines: Mapping[str, BaseGeometry]):
        self.outlines = outlines
        self._areas: dict[tuple[str, ...], BaseGeometry] = {}

    def __bool__(self) -> bool:
        return bool(self.outlines)

    def __call__(self, countries: tuple[str, ...]) -> BaseGeometry:
        if countries not in self._areas:
            area = unary_union([self.outlines[c] for c in countries if c in self.outlines])
            area = area.buffer(COUNTRY_TOLERANCE_DEG)
            shapely.prepare(area)
            self._areas[countries] = area
        return self._areas[countries]


def check_location(geometry: BaseGeometry, kind: str, countries: tuple[str, ...], areas: CountryAreas,
                   report: Report) -> None:
    """Catch pins in the wrong place: a site must lie in a country it declares (with a small tolerance)."""
    if kind in ("corridor", "country") or not countries or not areas:
        return
    area = areas(tuple(countries))
    fits = area.intersects if kind == "exploration_area" else area.contains
    if fits(geometry):
        return
    codes = ", ".join(countries)
    if fits(_swap(geometry)):
        report.add("geometry.coordinates", f"lies outside {codes}; longitude and latitude look swapped "
                                           "(GeoJSON order is [longitude, latitude])")
    else:
        report.add("geometry.coordinates", f"lies outside its declared countries ({codes})")


# ---- features -------------------------------------------------------------------------------------------------

def _feature_label(feature: Any, index: int) -> str:
    if isinstance(feature, dict) and isinstance(feature.get("properties"), dict):
        place_id = feature["properties"].get("id")
        if isinstance(place_id, str) and place_id.strip():
            return repr(place_id)
    return f"#{index}"


def claims_of(status: str | None, facts: Iterable[Figure] | None,
              actors: Iterable[Involvement] | None) -> list[str]:
    """Every claim a verdict may be given on: the status, each figure, each actor's role."""
    out = ["status"] if status else []
    out += [f"figure:{f.label}" for f in facts or ()]
    out += [i.claim for i in actors or ()]
    return out


def _no_figure_confirms_itself(checks: Iterable[Check], facts: Iterable[Figure], sources: Mapping[str, Citation],
                               report: Report) -> None:
    """A figure taken from a page is not checked by that same page: the record's verdict would call the figure
    confirmed by an independent source when its only evidence is where the figure came from."""
    cited = {f"figure:{f.label}": f.citation.url for f in facts if f.citation is not None}
    for i, check in enumerate(checks):
        url = cited.get(check.claim)
        if url and check.evidence and all(sources[q.source].url == url for q in check.evidence):
            report.add(f"checks[{i}].evidence", f"quotes only {url}, the page the figure itself cites; a figure "
                                                "cannot be confirmed by its own source (leave the figure unchecked, "
                                                "or quote another source)")


def check_feature(feature: Any, report: Report, sources: Mapping[str, Citation],
                  areas: CountryAreas, actors: Mapping[str, Actor] | None = None) -> Place | None:
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        report.add("type", f"expected a GeoJSON Feature, got {describe(feature)}")
        return None
    props = feature.get("properties")
    if not isinstance(props, dict):
        report.add("properties", f"expected an object, got {type_name(props)}")
        return None
    before = report.found
    unknown = sorted(set(props) - set(PLACE_FIELDS))
    for key in unknown:
        report.add(key, f"unknown field (expected only: {', '.join(PLACE_FIELDS)})")

    place_id = report.text(props, "id", "id")
    if place_id is not None and not SLUG.match(place_id):
        report.add("id", f"expected a lowercase slug like 'lisakovsk' or 'middle-corridor', got {describe(place_id)}")
    if "id" in feature and feature["id"] != place_id:
        report.add("id", f"feature id {describe(feature['id'])} differs from properties.id {describe(place_id)}")
    name = report.text(props, "name", "name")
    aliases = report.strings(props, "aliases", "aliases")
    kind = props.get("kind")
    if not isinstance(kind, str) or kind not in KINDS:
        report.add("kind", f"unknown term {describe(kind)} (expected one of: {', '.join(KINDS)})")
        kind = None
    countries = report.strings(props, "countries", "countries", allow_empty=False)
    if areas:
        report.terms(countries, areas.outlines, "countries")
    if "admin_region" not in props:
        report.add("admin_region", "missing (expected a string, or null when the source names no region)")
    admin_region = report.text(props, "admin_region", "admin_region", optional=True)
    minerals = report.strings(props, "minerals", "minerals")
    report.terms(minerals, MINERALS, "minerals")
    status = props.get("status")
    if not isinstance(status, str) or status not in STATUSES:
        report.add("status", f"unknown term {describe(status)} (expected one of: {', '.join(STATUSES)})")

    precision_value = props.get("location_precision")
    precision = None
    if isinstance(precision_value, dict):
        km = precision_value.get("km")
        if not finite_number(km) or km < 0:
            report.add("location_precision.km", f"expected a distance in km (0 or more), got {describe(km)}")
        description = report.text(precision_value, "description", "location_precision.description")
        if description is not None and finite_number(km) and km >= 0:
            precision = Precision(float(km), description)
    else:
        report.add("location_precision", "expected an object {km, description} saying how precise the location is, "
                                         f"got {type_name(precision_value)}")
    location_source = report.reference(props.get("location_source"), "location_source")
    facts = report.figures(props.get("facts"), "facts", sources)

    quotes_value = props.get("quotes")
    quotes = None
    if not isinstance(quotes_value, list) or not quotes_value:
        report.add("quotes", "expected at least one quote from a source article, "
                             f"got {describe(quotes_value) if 'quotes' in props else 'nothing'}")
    else:
        checked = [report.quote(q, f"quotes[{i}]", sources) for i, q in enumerate(quotes_value)]
        quotes = tuple(checked) if all(checked) else None
    last_reviewed = report.date(props, "last_reviewed", "last_reviewed")
    involved = report.involvements(props.get("actors"), "actors", sources, actors or {})
    checks = report.checks(props.get("checks"), "checks", sources,
                           claims_of(status if isinstance(status, str) and status in STATUSES else None, facts,
                                     involved))
    if checks and facts:
        _no_figure_confirms_itself(checks, facts, sources, report)

    geometry = check_geometry(feature.get("geometry"), kind, report)
    if geometry is not None and kind and countries:
        check_location(geometry, kind, countries, areas, report)

    if report.found != before:
        return None
    return Place(id=place_id, name=name, aliases=aliases, kind=kind, countries=countries, admin_region=admin_region,
                 minerals=minerals, status=status, precision=precision, location_source=location_source,
                 facts=facts, quotes=quotes, last_reviewed=last_reviewed, geometry=geometry, actors=involved,
                 checks=checks)


def check_sources(raw: Any, file: str) -> dict[str, Citation]:
    """sources.json: the citation of each article a quote may cite."""
    problems: list[Problem] = []
    if not isinstance(raw, list):
        raise unusable(file, f"expected a list of sources, got {type_name(raw)}")
    sources: dict[str, Citation] = {}
    for i, item in enumerate(raw):
        label = repr(item["id"]) if isinstance(item, dict) and isinstance(item.get("id"), str) else f"#{i}"
        report = Report(file, f"source {label}", problems)
        if not isinstance(item, dict):
            report.add("(entry)", f"expected an object, got {type_name(item)}")
            continue
        fields = {key: report.text(item, key, key) for key in ("id", "title", "publisher", "published")}
        optional = {key: report.text(item, key, key, optional=True)
                    for key in ("author", "first_published_by", "title_note")}
        if not is_http_url(item.get("url")):
            report.add("url", f"expected an http(s) address, got {describe(item.get('url'))}")
        elif all(fields.values()):
            if fields["id"] in sources:
                report.add("id", "duplicate id: ids must be unique")
            sources[fields["id"]] = Citation(url=item["url"], **fields, **optional)
    if problems:
        raise AtlasError(problems)
    return sources


def check_record(raw: Any, file: str, read_text: Callable[[str], str | None]) -> dict[str, Citation]:
    """record.json: the independent sources the atlas quotes, each with the stored text its quotes are checked
    against. `read_text(name)` gives a stored file's text, or None when it cannot be read."""
    problems: list[Problem] = []
    entries = raw.get("sources") if isinstance(raw, dict) else None
    if not isinstance(entries, list):
        raise AtlasError([Problem(file, "-", "sources", "expected an object {\"sources\": [...]} listing the stored "
                                                          f"sources, got {type_name(raw)}")])
    record: dict[str, Citation] = {}
    for i, item in enumerate(entries):
        label = repr(item["id"]) if isinstance(item, dict) and isinstance(item.get("id"), str) else f"#{i}"
        report = Report(file, f"source {label}", problems)
        if not isinstance(item, dict):
            report.add("(entry)", f"expected an object, got {type_name(item)}")
            continue
        fields = {key: report.text(item, key, key) for key in ("id", "title", "publisher", "published", "file")}
        optional = {key: report.text(item, key, key, optional=True) for key in ("author", "note")}
        read = report.date(item, "read", "read")
        if fields["id"] is not None and not SLUG.match(fields["id"]):
            report.add("id", f"expected a lowercase slug, got {describe(fields['id'])}")
        if fields["published"] is not None and fields["published"] != "undated" \
                and not PARTIAL_DATE.match(fields["published"]):
            report.add("published",
                       f"expected YYYY-MM-DD, YYYY-MM, YYYY or 'undated', got {describe(fields['published'])}")
        if not is_http_url(item.get("url")):
            report.add("url", f"expected an http(s) address, got {describe(item.get('url'))}")
        text = read_text(fields["file"]) if fields["file"] else None
        if fields["file"] and text is None:
            report.add("file", f"stored text {fields['file']!r} cannot be read (expected a UTF-8 file beside {file})")
        elif text is not None and not text.strip():
            report.add("file", f"stored text {fields['file']!r} is empty")
        if fields["id"] in record:
            report.add("id", "duplicate id: ids must be unique")
        elif all(fields.values()) and read and is_http_url(item.get("url")) and text and text.strip():
            del fields["file"]
            record[fields["id"]] = Citation(url=item["url"], read=read, independent=True, text=squash(text),
                                            **fields, **optional)
    if problems:
        raise AtlasError(problems)
    return record


def check_actors(raw: Any, file: str) -> tuple[dict[str, Actor], dict[str, str]]:
    """actors.json: {"groups": {id: label}, "actors": [{id, name, type, group}]}."""
    problems: list[Problem] = []
    top = Report(file, "-", problems)
    if not isinstance(raw, dict):
        raise unusable(file, f"expected an object with groups and actors, got {type_name(raw)}")
    groups = raw.get("groups")
    if not isinstance(groups, dict) or not all(isinstance(k, str) and SLUG.match(k) and isinstance(v, str) and v.strip()
                                               for k, v in groups.items()):
        top.add("groups", "expected an object of group id (a slug) to its label")
        groups = {}
    entries = raw.get("actors")
    if not isinstance(entries, list):
        top.add("actors", f"expected a list of actors, got {type_name(entries)}")
        entries = []
    actors: dict[str, Actor] = {}
    for i, item in enumerate(entries):
        if isinstance(item, dict) and item.get("id") in groups:
            Report(file, f"actor {item['id']!r}", problems).add("id", "is also a group id; an actor filter value "
                                                                      "must name one or the other")
            continue
        label = repr(item["id"]) if isinstance(item, dict) and isinstance(item.get("id"), str) else f"#{i}"
        report = Report(file, f"actor {label}", problems)
        if not isinstance(item, dict):
            report.add("(entry)", f"expected an object, got {type_name(item)}")
            continue
        actor_id, name = report.text(item, "id", "id"), report.text(item, "name", "name")
        if actor_id is not None and not SLUG.match(actor_id):
            report.add("id", f"expected a lowercase slug like 'us-dfc', got {describe(actor_id)}")
        kind, group = item.get("type"), item.get("group")
        if kind not in ACTOR_TYPES:
            report.add("type", f"unknown type {describe(kind)} (expected one of: {', '.join(ACTOR_TYPES)})")
        if group not in groups:
            report.add("group", f"unknown group {describe(group)} (expected one of: {', '.join(groups) or 'none'})")
        if actor_id in actors:
            report.add("id", "duplicate id: ids must be unique")
        elif actor_id and name and kind in ACTOR_TYPES and group in groups:
            actors[actor_id] = Actor(actor_id, name, kind, group)
    if problems:
        raise AtlasError(problems)
    return actors, dict(groups)


def check_atlas(raw: Any, file: str, sources: Mapping[str, Citation],
                outlines: Mapping[str, BaseGeometry], actors: Mapping[str, Actor] | None = None,
                actor_groups: Mapping[str, str] | None = None) -> Atlas:
    """Raw GeoJSON in, an `Atlas` out, or an `AtlasError` listing every problem."""
    problems: list[Problem] = []
    top = Report(file, "-", problems)
    if not isinstance(raw, dict) or raw.get("type") != "FeatureCollection":
        top.add("type", "expected a GeoJSON FeatureCollection")
        raise AtlasError(problems)
    features = raw.get("features")
    if not isinstance(features, list):
        top.add("features", f"expected a list of features, got {type_name(features)}")
        raise AtlasError(problems)
    metadata = raw.get("metadata")
    title = as_of = None
    region_facts: tuple[Figure, ...] | None = ()
    region_checks: tuple[Check, ...] | None = ()
    if isinstance(metadata, dict):
        title = top.text(metadata, "title", "metadata.title")
        as_of = top.date(metadata, "as_of", "metadata.as_of")
        if "facts" in metadata:
            region_facts = top.figures(metadata["facts"], "metadata.facts", sources)
        region_checks = top.checks(metadata.get("checks"), "metadata.checks", sources,
                                   claims_of(None, region_facts, ()))
    else:
        top.add("metadata", "expected an object {title, as_of, facts} describing the data set")

    places: list[Place] = []
    seen: dict[str, str] = {}
    areas = CountryAreas(outlines)
    for index, feature in enumerate(features):
        label = _feature_label(feature, index)
        place = check_feature(feature, Report(file, label, problems), sources, areas, actors)
        if place is None:
            continue
        if place.id in seen:
            problems.append(Problem(file, label, "id", f"duplicate id (also used by feature {seen[place.id]})"))
            continue
        seen[place.id] = f"#{index}"
        places.append(place)
    if problems:
        raise AtlasError(problems)
    return Atlas(title=title, as_of=as_of, places=tuple(places), sources=dict(sources), facts=region_facts,
                 path=file, actors=dict(actors or {}), actor_groups=dict(actor_groups or {}),
                 checks=region_checks or ())
