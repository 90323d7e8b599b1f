"""What a print map shows and at what scale.

The map is in longitude/latitude with the axis ratio set for the map's middle latitude (an equirectangular
projection true to scale there), which keeps the image-to-coordinate mapping linear.
"""
from __future__ import annotations

import math
from typing import Sequence

from geo.model import Place
from geo.style import is_uncertain

CENTRAL_ASIA = (46.0, 88.0, 35.0, 56.0)  # lon_min, lon_max, lat_min, lat_max: the fallback extent
OUTLINE_BOX = (20.0, 150.0, 20.0, 75.0)  # what countries.geojson covers
KM_PER_DEG_LAT = 110.574
KM_PER_DEG_LON_EQUATOR = 111.320


def km_per_deg_lon(lat: float) -> float:
    return KM_PER_DEG_LON_EQUATOR * math.cos(math.radians(lat))


def map_extent(places: Sequence[Place]) -> tuple[float, float, float, float]:
    """The places' bounds (with their uncertainty circles) plus padding; Central Asia when there are none."""
    if not places:
        return CENTRAL_ASIA
    boxes = []
    for place in places:
        x0, y0, x1, y1 = place.geometry.bounds
        if is_uncertain(place):
            dx, dy = place.precision.km / km_per_deg_lon(y0), place.precision.km / KM_PER_DEG_LAT
            x0, y0, x1, y1 = x0 - dx, y0 - dy, x1 + dx, y1 + dy
        boxes.append((x0, y0, x1, y1))
    x0, y0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
    x1, y1 = max(b[2] for b in boxes), max(b[3] for b in boxes)
    pad_x, pad_y = max((x1 - x0) * 0.08, 1.0), max((y1 - y0) * 0.08, 0.7)
    x0, x1, y0, y1 = x0 - pad_x, x1 + pad_x, y0 - pad_y, y1 + pad_y
    if x1 - x0 < 6:
        mid = (x0 + x1) / 2
        x0, x1 = mid - 3, mid + 3
    if y1 - y0 < 4:
        mid = (y0 + y1) / 2
        y0, y1 = mid - 2, mid + 2
    return x0, x1, max(y0, -80.0), min(y1, 80.0)


def fill_frame(extent: tuple[float, float, float, float], ratio: float) -> tuple[float, float, float, float]:
    """Widen the extent (about its centre) so a frame of width/height `ratio` shows it true to scale at the
    middle latitude; the frame is filled and nothing asked for is cut off."""
    lon0, lon1, lat0, lat1 = extent
    squeeze = math.cos(math.radians((lat0 + lat1) / 2))
    width, height = (lon1 - lon0) * squeeze, lat1 - lat0
    if width / height < ratio:
        grow = (height * ratio / squeeze - (lon1 - lon0)) / 2
        lon0, lon1 = lon0 - grow, lon1 + grow
    else:
        grow = (width / ratio - height) / 2
        lat0, lat1 = lat0 - grow, lat1 + grow
    return float(lon0), float(lon1), float(lat0), float(lat1)


def nice_length(target_km: float) -> float:
    """The largest 1, 2 or 5 times a power of ten not above the target: scale bars read in round numbers."""
    power = 10 ** math.floor(math.log10(target_km))
    return max(step * power for step in (1, 2, 5) if step * power <= target_km)

