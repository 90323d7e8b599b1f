"""The country outlines a print map is drawn on: the shipped file, read once per process, or what a caller gives."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Mapping, Union

import geopandas as gpd
from shapely.geometry.base import BaseGeometry

from geo.load import COUNTRY_OUTLINES
from geo.export.wording import country_name

# The outlines to draw: a frame with iso3, name and geometry; a file; {iso3: geometry}; or None for the shipped file.
Outlines = Union[gpd.GeoDataFrame, Mapping[str, BaseGeometry], str, Path, None]


def read_outlines(path: Path = COUNTRY_OUTLINES) -> gpd.GeoDataFrame:
    """The shipped country outlines (iso3, name, geometry); the app may cache the frame between exports."""
    return gpd.read_file(path)


@lru_cache(maxsize=1)
def _shipped_outlines() -> gpd.GeoDataFrame:
    """Read once per process; the frame is only ever read from, never changed."""
    return read_outlines()


def outline_frame(outlines: Outlines) -> gpd.GeoDataFrame:
    """Accept the frame, a file, or `geo.load.load_outlines()`'s {iso3: geometry} (names then come from the file)."""
    if outlines is None:
        return _shipped_outlines()
    if isinstance(outlines, (str, Path)):
        return read_outlines(Path(outlines))
    if isinstance(outlines, gpd.GeoDataFrame):
        return outlines
    codes = list(outlines)
    return gpd.GeoDataFrame({"iso3": codes, "name": [country_name(c) for c in codes]},
                            geometry=[outlines[c] for c in codes], crs="EPSG:4326")

