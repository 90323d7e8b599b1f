"""The shareable part of what a user sees, to and from the page address.

`?mineral=vanadium&status=production&country=KAZ&site=balasausqandiq&lat=45&lon=68&zoom=6` reproduces the
sender's view; `&mode=briefing&title=...&aspect=4:3` their briefing slide. Values are read against allow-lists:
anything unknown or malformed is dropped (or clamped, for the map view) and reported in a notice, never passed on.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Iterable, Mapping

from geo.text import NOTICE_VALUE_CHARS, shorten
from geo.filters import Selection
from geo.model import KINDS, MINERALS, STATUSES

FACETS = {"mineral": "minerals", "status": "statuses", "country": "countries", "kind": "kinds", "actor": "actors"}
VIEW_KEYS = ("lat", "lon", "zoom")
KNOWN_KEYS = (*FACETS, "q", "site", "mode", "title", "aspect", *VIEW_KEYS)
BRIEFING = "briefing"
# Briefing slide shapes: label and width/height. The first is the default (a 16:9 slide).
ASPECTS = {"16:9": ("16:9 slide", 16, 9), "4:3": ("4:3 slide", 4, 3), "a4": ("A4 landscape", 297, 210)}
DEFAULT_ASPECT = "16:9"
MAX_QUERY = 100
MAX_TITLE = 120
MIN_ZOOM, MAX_ZOOM = 2, 18
MAX_LAT = 85.0
_MINERAL_SYNONYMS = {"rare-earths": "rare_earth_elements", "rare-earth": "rare_earth_elements",
                     "ree": "rare_earth_elements", "rare-earth-elements": "rare_earth_elements"}


@dataclass(frozen=True)
class View:
    """Map centre and zoom; latitude first, as Leaflet wants it."""

    lat: float
    lon: float
    zoom: int


@dataclass(frozen=True)
class UrlState:
    selection: Selection = Selection()
    site: str | None = None
    view: View | None = None
    notices: tuple[str, ...] = field(default=())
    briefing: bool = False
    title: str | None = None  # the title typed for the briefing slide and the exports; None is the atlas's own
    aspect: str = DEFAULT_ASPECT


def _shown(value: str) -> str:
    """A value as quoted back to the user: short, and never more than plain text."""
    return repr(shorten(value, NOTICE_VALUE_CHARS))


def _values(raw: Iterable[str]) -> list[str]:
    return [part.strip() for value in raw for part in value.split(",") if part.strip()]


def _term(value: str, facet: str, countries: Iterable[str], actors: Iterable[str] = ()) -> str | None:
    if facet == "country":
        code = value.upper()
        return code if code in set(countries) else None
    if facet == "actor":
        return value.lower() if value.lower() in set(actors) else None
    key = value.lower().replace(" ", "_")
    vocabulary = {"mineral": MINERALS, "status": STATUSES, "kind": KINDS}[facet]
    if facet == "mineral":
        key = _MINERAL_SYNONYMS.get(value.lower(), key.replace("-", "_"))
    else:
        key = key.replace("-", "_")
    return key if key in vocabulary else None


def _number(raw: list[str], key: str, notices: list[str]) -> float | None:
    try:
        number = float(raw[-1])
    except ValueError:
        notices.append(f"Ignored {key}={_shown(raw[-1])}: not a number.")
        return None
    if not math.isfinite(number):
        notices.append(f"Ignored {key}={_shown(raw[-1])}: not a finite number.")
        return None
    return number


def _clamped(value: float, low: float, high: float, key: str, notices: list[str]) -> float:
    if low <= value <= high:
        return value
    kept = min(max(value, low), high)
    notices.append(f"{key}={value:g} is outside {low:g}..{high:g}; used {kept:g}.")
    return kept


def _view(params: Mapping[str, list[str]], notices: list[str]) -> View | None:
    given = [key for key in VIEW_KEYS if params.get(key)]
    if not given:
        return None
    numbers = {key: _number(params[key], key, notices) for key in given}
    if len(given) < 3 or None in numbers.values():
        if len(given) < 3:
            notices.append("Ignored the map view: lat, lon and zoom must be given together.")
        return None
    return View(lat=_clamped(numbers["lat"], -MAX_LAT, MAX_LAT, "lat", notices),
                lon=_clamped(numbers["lon"], -180.0, 180.0, "lon", notices),
                zoom=int(round(_clamped(numbers["zoom"], MIN_ZOOM, MAX_ZOOM, "zoom", notices))))


MAX_NOTICES = 5  # lines about a link's problems shown above the map


def read_query(params: Mapping[str, list[str]], place_ids: Iterable[str], countries: Iterable[str],
               actors: Iterable[str] = ()) -> UrlState:
    """Query parameters (each key with all its values) to a state the app can trust; `actors` are the actor and
    actor-group ids the data set knows."""
    notices: list[str] = []
    for key in params:
        if key not in KNOWN_KEYS:
            notices.append(f"Ignored unknown parameter {_shown(key)}.")
    facets: dict[str, frozenset[str]] = {}
    countries, actors = tuple(countries), tuple(actors)
    for key, attribute in FACETS.items():
        chosen = []
        for value in _values(params.get(key, ())):
            term = _term(value, key, countries, actors)
            if term is None:
                notices.append(f"Ignored {key}={_shown(value)}: not a known {key}.")
            elif term not in chosen:
                chosen.append(term)
        facets[attribute] = frozenset(chosen)
    query = (params.get("q") or [""])[-1].strip()
    if len(query) > MAX_QUERY:
        notices.append(f"Shortened the search text to {MAX_QUERY} characters.")
        query = query[:MAX_QUERY]
    site = (params.get("site") or [""])[-1].strip() or None
    if site is not None and site not in set(place_ids):
        notices.append(f"Ignored site={_shown(site)}: no such place in this data set.")
        site = None
    mode = (params.get("mode") or [""])[-1].strip().lower()
    if mode not in ("", BRIEFING):
        notices.append(f"Ignored mode={_shown(mode)}: the only mode is 'briefing'.")
    view = _view(params, notices)
    title = " ".join((params.get("title") or [""])[-1].split()) or None
    if title is not None and len(title) > MAX_TITLE:
        notices.append(f"Shortened the title to {MAX_TITLE} characters.")
        title = title[:MAX_TITLE]
    aspect = (params.get("aspect") or [DEFAULT_ASPECT])[-1].strip().lower()
    if aspect not in ASPECTS:
        notices.append(f"Ignored aspect={_shown(aspect)}: use one of {', '.join(ASPECTS)}.")
        aspect = DEFAULT_ASPECT
    return UrlState(Selection(query=query, **facets), site, view, capped(notices), briefing=mode == BRIEFING,
                    title=title, aspect=aspect)


def capped(notices: list[str], limit: int = MAX_NOTICES) -> tuple[str, ...]:
    """At most `limit` notices: a link with thousands of junk values gets a few lines and a count, not a wall."""
    if len(notices) <= limit:
        return tuple(notices)
    rest = len(notices) - (limit - 1)
    return (*notices[:limit - 1], f"…and {rest} more parts of the address were ignored or corrected.")


def write_query(state: UrlState) -> dict[str, str]:
    """The state as query parameters: only what differs from the defaults, in a stable order."""
    selection = state.selection
    params: dict[str, str] = {}
    for key, attribute in FACETS.items():
        values = getattr(selection, attribute)
        if values:
            params[key] = ",".join(sorted(values))
    if selection.query.strip():
        params["q"] = selection.query.strip()
    if state.site:
        params["site"] = state.site
    if state.briefing:
        params["mode"] = BRIEFING
    if state.title and state.title.strip():
        params["title"] = " ".join(state.title.split())
    if state.briefing and state.aspect != DEFAULT_ASPECT:
        params["aspect"] = state.aspect
    if state.view:
        params.update(lat=f"{state.view.lat:.4f}", lon=f"{state.view.lon:.4f}", zoom=str(state.view.zoom))
    return params
