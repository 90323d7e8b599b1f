"""The print map's alt text: what it shows, how many places, which filters."""
from __future__ import annotations

from typing import Sequence

from geo.filters import Selection
from geo.model import KINDS, Atlas, Place
from geo.export.wording import describe_selection, plural

KIND_NOUNS = {"country": "country profile"}


def alt_text(atlas: Atlas, places: Sequence[Place], selection: Selection, title: str) -> str:
    """One or two sentences for the image's alt text: what it shows, how many places, which filters."""
    kinds: dict[str, int] = {}
    for place in places:
        kinds[place.kind] = kinds.get(place.kind, 0) + 1
    counted = [plural(n, KIND_NOUNS.get(k, KINDS[k].label.lower())) for k, n in kinds.items()]
    listing = ", ".join(counted[:-1]) + f" and {counted[-1]}" if len(counted) > 1 else "".join(counted)
    shown = f"{plural(len(places), 'place')} ({listing})" if places else "no places"
    what = describe_selection(atlas, places, selection)
    filters = "No filters" if what == "All places" else what if what.startswith("Selected") else f"Filters: {what}"
    return (f"Map “{title}” of Central Asia and its neighbours showing {shown}, coloured by mineral and shaped by "
            f"status. {filters}; data as of {atlas.as_of}.")


