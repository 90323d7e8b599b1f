"""Links from the other pages into the map, in the map's own address format."""
from __future__ import annotations

from urllib.parse import urlencode

from geo.filters import Selection
from geo.urlstate import UrlState, write_query


def map_link(site: str | None = None, country: str | None = None) -> str:
    """A relative link that opens the map page with a place selected or a country filtered."""
    selection = Selection(countries=frozenset({country})) if country else Selection()
    return "/?" + urlencode(write_query(UrlState(selection, site)))
