"""What the user asked to see, and the places that match it.

Within one facet any chosen value matches (vanadium OR lithium); across facets all must match
(vanadium AND Kazakhstan). An empty facet does not restrict. A mineral filter finds sites, not countries: a country
profile mentions every mineral its country has, so it joins mineral results only when the user chooses the
"Country" kind.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from geo.model import Place, expand_minerals
from geo.search import matching_text

COUNTRY_KIND = "country"


@dataclass(frozen=True)
class Selection:
    minerals: frozenset[str] = frozenset()
    statuses: frozenset[str] = frozenset()
    countries: frozenset[str] = frozenset()
    kinds: frozenset[str] = frozenset()
    query: str = ""
    actors: frozenset[str] = frozenset()  # actor ids or group ids ("united-states": any US agency)

    @property
    def is_empty(self) -> bool:
        return not (self.minerals or self.statuses or self.countries or self.kinds or self.actors
                    or self.query.strip())


def involves(place: Place, actors: frozenset[str]) -> bool:
    """True when an actor (or an actor of a group) the user chose is involved at the place."""
    return any(i.actor in actors or i.group in actors for i in place.actors)


def _matches(place: Place, selection: Selection, minerals: frozenset[str]) -> bool:
    if minerals and (minerals.isdisjoint(place.minerals) or (place.kind == COUNTRY_KIND and not selection.kinds)):
        return False
    if selection.statuses and place.status not in selection.statuses:
        return False
    if selection.countries and selection.countries.isdisjoint(place.countries):
        return False
    if selection.kinds and place.kind not in selection.kinds:
        return False
    if selection.actors and not involves(place, selection.actors):
        return False
    return not selection.query.strip() or matching_text(place, selection.query) is not None


def filter_places(places: Iterable[Place], selection: Selection) -> tuple[Place, ...]:
    """The places that match, in their original order; no places in, none out.

    Runs on every rerun over the whole data set, so the chosen minerals are expanded once, not once per place.
    """
    places = tuple(places)
    if selection.is_empty:
        return places
    minerals = expand_minerals(selection.minerals)
    return tuple(place for place in places if _matches(place, selection, minerals))


def countries_left_out(places: Iterable[Place], selection: Selection) -> tuple[Place, ...]:
    """Country profiles a mineral filter leaves out (they would match if the user chose the Country kind), so the
    page can say so rather than silently drop them."""
    if not selection.minerals or selection.kinds:
        return ()
    widened = Selection(selection.minerals, selection.statuses, selection.countries, frozenset({COUNTRY_KIND}),
                        selection.query, selection.actors)
    return filter_places((p for p in places if p.kind == COUNTRY_KIND), widened)
