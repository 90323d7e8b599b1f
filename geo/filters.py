"""What the user asked to see, and the places that match it.

Within one facet any chosen value matches (vanadium OR lithium); across facets all must match
(vanadium AND Kazakhstan). An empty facet does not restrict.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from geo.model import Place, expand_minerals
from geo.search import matches


@dataclass(frozen=True)
class Selection:
    minerals: frozenset[str] = frozenset()
    statuses: frozenset[str] = frozenset()
    countries: frozenset[str] = frozenset()
    kinds: frozenset[str] = frozenset()
    query: str = ""

    @property
    def is_empty(self) -> bool:
        return not (self.minerals or self.statuses or self.countries or self.kinds or self.query.strip())


def _matches(place: Place, selection: Selection, minerals: frozenset[str]) -> bool:
    if minerals and minerals.isdisjoint(place.minerals):
        return False
    if selection.statuses and place.status not in selection.statuses:
        return False
    if selection.countries and selection.countries.isdisjoint(place.countries):
        return False
    if selection.kinds and place.kind not in selection.kinds:
        return False
    return matches(selection.query, (place.name, place.id, *place.aliases))


def filter_places(places: Iterable[Place], selection: Selection) -> tuple[Place, ...]:
    """The places that match, in their original order; no places in, none out.

    Runs on every rerun over the whole data set, so the chosen minerals are expanded once, not once per place.
    """
    places = tuple(places)
    if selection.is_empty:
        return places
    minerals = expand_minerals(selection.minerals)
    return tuple(place for place in places if _matches(place, selection, minerals))
