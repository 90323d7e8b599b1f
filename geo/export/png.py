"""A print-ready map image drawn on the server: no tiles, no internet, the app's colours and shapes.

The map is in longitude/latitude with the axis ratio set for the map's middle latitude (an equirectangular
projection true to scale there), which keeps the image-to-coordinate mapping linear: tests and the PDF can find
any place's pixel from `MapImage.pixel`. Everything is drawn on a bare `Figure` with the Agg canvas, never through
pyplot, so concurrent app sessions do not share drawing state.
"""
from __future__ import annotations

import datetime as dt
import io
import math
import textwrap
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO, Mapping, Sequence, Union

import geopandas as gpd
import numpy as np
from matplotlib import patheffects
from matplotlib.colors import to_rgba
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Ellipse, PathPatch, Rectangle
from matplotlib.path import Path as MplPath
from matplotlib.transforms import Bbox
from shapely.geometry import box
from shapely.geometry.base import BaseGeometry
from shapely.geometry.polygon import orient

from geo.filters import Selection
from geo.load import COUNTRY_OUTLINES
from geo.model import KINDS, Atlas, Place
from geo.style import (LEADER, LEADER_DOT, STATUS_RANK, UNCERTAINTY, Stroke, is_uncertain, legend, mineral_class,
                       status_shape, stroke_of)
from geo.text import OUTLINE_CREDIT
from geo.export.wording import (FONT, cited_sources, country_name, describe_selection, plural, sources_line,
                                summary_line, wrap)

# The outlines to draw: a frame with iso3, name and geometry; a file; {iso3: geometry}; or None for the shipped file.
Outlines = Union[gpd.GeoDataFrame, Mapping[str, BaseGeometry], str, Path, None]

WIDTH_IN, HEIGHT_IN, DPI = 10.5, 7.0, 300
SLIDE_WIDTH_PX = 3200  # a slide image: 3200 px wide at 300 dpi, its height from the slide's shape
CENTRAL_ASIA = (46.0, 88.0, 35.0, 56.0)  # lon_min, lon_max, lat_min, lat_max: the fallback extent
OUTLINE_BOX = (20.0, 150.0, 20.0, 75.0)  # what countries.geojson covers
REGION = frozenset({"KAZ", "UZB", "KGZ", "TJK", "TKM"})
KM_PER_DEG_LAT = 110.574
KM_PER_DEG_LON_EQUATOR = 111.320

WATER = "#e4edf2"
REGION_FILL = "#ebe7da"
NEIGHBOUR_FILL = "#f7f6f2"
BORDER = "#8f8f8f"
INK = "#222222"
MUTED = "#555555"
EXTENT_RED = "#c0392b"

MARKERS = {"circle": ("o", 1.0), "square": ("s", 0.88), "triangle": ("^", 1.05), "diamond": ("D", 0.78)}
MARKER_PT = 10.0
LABEL_PT = 7.5
# Label directions in the cartographers' order of preference: right, upper right, lower right, left, ...
DIRECTIONS = ((1, 0), (0.7, 0.7), (0.7, -0.7), (-1, 0), (-0.7, 0.7), (-0.7, -0.7), (0, 1), (0, -1))
# A line's label sits above or below it first, not on it.
LINE_DIRECTIONS = ((0, 1), (0, -1), (0.7, 0.7), (-0.7, 0.7), (0.7, -0.7), (-0.7, -0.7), (1, 0), (-1, 0))
KIND_NOUNS = {"country": "country profile"}
# 0 for producing sites, then down the symbology's status rank.
STATUS_ORDER = {key: i for i, key in enumerate(sorted(STATUS_RANK, key=STATUS_RANK.get, reverse=True))}


@dataclass(frozen=True)
class PlacedLabel:
    place_id: str
    text: str
    box: tuple[float, float, float, float]  # left, top, right, bottom in image pixels
    leader: bool = False
    overlaps: bool = False


@dataclass(frozen=True)
class MapImage:
    """Where things ended up in the image, in pixels from the top-left corner."""

    width: int
    height: int
    dpi: float
    extent: tuple[float, float, float, float]  # lon_min, lon_max, lat_min, lat_max actually shown
    axes_box: tuple[float, float, float, float]  # left, top, right, bottom of the map frame
    anchors: dict[str, tuple[float, float]] = field(default_factory=dict)  # place id: marker or label anchor
    labels: tuple[PlacedLabel, ...] = ()
    alt: str = ""

    def pixel(self, lon: float, lat: float) -> tuple[float, float]:
        lon0, lon1, lat0, lat1 = self.extent
        left, top, right, bottom = self.axes_box
        return (left + (lon - lon0) / (lon1 - lon0) * (right - left),
                bottom - (lat - lat0) / (lat1 - lat0) * (bottom - top))


def read_outlines(path: Path = COUNTRY_OUTLINES) -> gpd.GeoDataFrame:
    """The shipped country outlines (iso3, name, geometry); the app may cache the frame between exports."""
    return gpd.read_file(path)


@lru_cache(maxsize=1)
def _shipped_outlines() -> gpd.GeoDataFrame:
    """Read once per process; the frame is only ever read from, never changed."""
    return read_outlines()


def _outlines(outlines: Outlines) -> gpd.GeoDataFrame:
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


# ---- geometry to matplotlib -----------------------------------------------------------------------------------

def _polygons(geometry: BaseGeometry) -> list:
    if geometry.geom_type == "Polygon":
        return [geometry]
    if geometry.geom_type in ("MultiPolygon", "GeometryCollection"):
        return [g for part in geometry.geoms for g in _polygons(part)]
    return []


def _lines(geometry: BaseGeometry) -> list[np.ndarray]:
    if geometry.geom_type == "LineString":
        return [np.asarray(geometry.coords)[:, :2]]
    if geometry.geom_type in ("MultiLineString", "GeometryCollection"):
        return [line for part in geometry.geoms for line in _lines(part)]
    return []


def _points(geometry: BaseGeometry) -> list[tuple[float, float]]:
    if geometry.geom_type == "Point":
        return [(geometry.x, geometry.y)]
    if geometry.geom_type in ("MultiPoint", "GeometryCollection"):
        return [xy for part in geometry.geoms for xy in _points(part)]
    return []


def polygon_path(geometry: BaseGeometry) -> MplPath | None:
    """One compound path with holes; rings oriented so the non-zero fill rule cuts the holes out."""
    vertices, codes = [], []
    for polygon in _polygons(geometry):
        polygon = orient(polygon, 1.0)
        for ring in (polygon.exterior, *polygon.interiors):
            xy = np.asarray(ring.coords)[:, :2]
            vertices.append(xy)
            codes += [MplPath.MOVETO] + [MplPath.LINETO] * (len(xy) - 2) + [MplPath.CLOSEPOLY]
    return MplPath(np.concatenate(vertices), codes) if vertices else None


# ---- extent and scale -----------------------------------------------------------------------------------------

def _km_per_deg_lon(lat: float) -> float:
    return KM_PER_DEG_LON_EQUATOR * math.cos(math.radians(lat))


def map_extent(places: Sequence[Place]) -> tuple[float, float, float, float]:
    """The places' bounds (with their uncertainty circles) plus padding; Central Asia when there are none."""
    if not places:
        return CENTRAL_ASIA
    boxes = []
    for place in places:
        x0, y0, x1, y1 = place.geometry.bounds
        if is_uncertain(place):
            dx, dy = place.precision.km / _km_per_deg_lon(y0), place.precision.km / KM_PER_DEG_LAT
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


# ---- drawing --------------------------------------------------------------------------------------------------

def _text(target, x, y, text, **kwargs):
    """All text through one door: our font, and no mathtext, so '$500 million' stays money."""
    kwargs.setdefault("fontfamily", FONT)
    return target.text(x, y, text, parse_math=False, **kwargs)


def _halo(width: float = 2.4):
    return [patheffects.withStroke(linewidth=width, foreground="white")]


def _draw_outlines(ax, outlines: gpd.GeoDataFrame, view: BaseGeometry, linewidth: float = 0.5) -> None:
    for iso3, geometry in zip(outlines["iso3"], outlines.geometry):
        if geometry is None or not geometry.intersects(view):
            continue
        path = polygon_path(geometry)
        if path is not None:
            fill = REGION_FILL if iso3 in REGION else NEIGHBOUR_FILL
            ax.add_patch(PathPatch(path, facecolor=fill, edgecolor=BORDER, linewidth=linewidth, zorder=1))


def _stroke(stroke: Stroke, colour: str | None = None) -> dict:
    """matplotlib line options for a symbology stroke; `colour` is the mineral colour, for a stroke with none."""
    dashes = stroke.print_dashes()
    return dict(color=to_rgba(stroke.colour or colour, stroke.opacity), linewidth=stroke.print_weight,
                linestyle=(0, dashes) if dashes else "solid")


def _outlined(stroke: Stroke, colour: str | None = None) -> dict:
    """matplotlib patch options for a symbology stroke with its fill."""
    line = _stroke(stroke, colour)
    fill = to_rgba(stroke.fill or stroke.colour or colour, stroke.fill_opacity) if stroke.fill_opacity else "none"
    return dict(facecolor=fill, edgecolor=line["color"], linewidth=line["linewidth"], linestyle=line["linestyle"])


def _marker_style(place: Place) -> dict:
    return _symbol(*status_shape(place.status), mineral_class(place).colour, MARKER_PT)


def _symbol(shape: str, hollow: bool, colour: str, size: float) -> dict:
    """matplotlib marker options for a status shape: hollow ones white with a thick coloured outline."""
    marker, scale = MARKERS[shape]
    if hollow:
        return dict(marker=marker, markersize=size * scale, markerfacecolor="white", markeredgecolor=colour,
                    markeredgewidth=size / 5)
    return dict(marker=marker, markersize=size * scale, markerfacecolor=colour, markeredgecolor="white",
                markeredgewidth=size * 0.09)


def spread_symbols(centres: Mapping[str, tuple[float, float]], ranks: Mapping[str, int],
                   apart: float, rings: Sequence[float]) -> dict[str, tuple[float, float]]:
    """New pixel positions for symbols that would hide one another, so every place stays visible on paper as on
    screen: the best-ranked symbol (lowest rank: producing sites first) keeps its place, each other one that
    would come within `apart` px moves to the first free spot on rings around its true position."""
    taken: list[tuple[float, float]] = []
    moved: dict[str, tuple[float, float]] = {}

    def free(x: float, y: float) -> bool:
        return all(math.hypot(x - tx, y - ty) >= apart for tx, ty in taken)

    for place_id in sorted(centres, key=lambda i: (ranks.get(i, 9), i)):
        x, y = centres[place_id]
        spot = (x, y) if free(x, y) else next(
            ((x + r * math.cos(a), y + r * math.sin(a)) for r in rings
             for a in (math.radians(d) for d in (-30, 30, 150, 210, 90, 270, 0, 180))
             if free(x + r * math.cos(a), y + r * math.sin(a))), (x, y))
        taken.append(spot)
        if spot != (x, y):
            moved[place_id] = spot
    return moved


def _draw_place(ax, place: Place, moved_to: tuple[float, float] | None = None) -> None:
    """One place in its symbol; a point moved apart from another keeps a dot at its true position and a leader
    line to its symbol."""
    geometry = place.geometry
    colour = mineral_class(place).colour
    stroke = stroke_of(place)
    path = polygon_path(geometry)
    if path is not None:
        ax.add_patch(PathPatch(path, zorder=2 if place.kind == "country" else 3, **_outlined(stroke, colour)))
    if place.kind == "country":
        return
    for line in _lines(geometry):
        ax.plot(line[:, 0], line[:, 1], solid_capstyle="round", zorder=4, **_stroke(stroke, colour))
    points = _points(geometry)
    if points and is_uncertain(place):
        for x, y in points:
            ax.add_patch(Ellipse((x, y), 2 * place.precision.km / _km_per_deg_lon(y),
                                 2 * place.precision.km / KM_PER_DEG_LAT, zorder=5, **_outlined(UNCERTAINTY)))
    for x, y in points:
        if moved_to is not None:
            ax.plot([x, moved_to[0]], [y, moved_to[1]], zorder=5.5, **_stroke(LEADER))
            ax.plot([x], [y], marker="o", markersize=2.6, color=LEADER_DOT.colour, linestyle="none", zorder=5.6)
            x, y = moved_to
        ax.plot([x], [y], linestyle="none", zorder=6, **_marker_style(place))


def _layer_rank(place: Place) -> int:
    if place.kind == "country":
        return 0
    if place.geometry.geom_type in ("Polygon", "MultiPolygon"):
        return 1
    if place.geometry.geom_type in ("LineString", "MultiLineString"):
        return 2
    return 3


# ---- labels ---------------------------------------------------------------------------------------------------

class _Labeller:
    """Greedy placement: each label takes the first of 8 positions around its anchor that is free of the labels
    and markers already placed; failing that, a farther ring with a leader line; failing that, the least crowded
    position (flagged, so tests and callers can tell)."""

    def __init__(self, fig: Figure, ax, obstacles: list[Bbox]):
        self.fig, self.ax = fig, ax
        self.renderer = fig.canvas.get_renderer()
        frame = ax.get_window_extent(self.renderer)
        self.frame = Bbox.from_extents(frame.x0 + 4, frame.y0 + 4, frame.x1 - 4, frame.y1 - 4)
        self.taken: list[Bbox] = list(obstacles)
        self.placed: list[PlacedLabel] = []

    def _inside(self, bb: Bbox) -> bool:
        return self.frame.contains(bb.x0, bb.y0) and self.frame.contains(bb.x1, bb.y1)

    def _fits(self, bb: Bbox) -> bool:
        return self._inside(bb) and not any(bb.overlaps(other) for other in self.taken)

    def _crowding(self, bb: Bbox) -> float:
        outside = 0.0 if self._inside(bb) else 1e9
        return outside + sum(_overlap_area(bb, other) for other in self.taken)

    def place(self, place_id: str, text: str, anchor: tuple[float, float], radius: float, centred: bool = False,
              optional: bool = False, directions=DIRECTIONS, **style) -> PlacedLabel | None:
        artist = _text(self.ax, 0, 0, text, transform=None, **style)
        extent = artist.get_window_extent(self.renderer)
        width, height = extent.width + 4, extent.height + 4
        candidates = []
        if centred:
            candidates.append((0.0, 0.0, 0.0, False))
        rings = ((radius, False), (radius + 1.3 * height + 10, True), (radius + 2.6 * height + 22, True))
        for ring, leader in rings[:1] if optional else rings:
            candidates += [(dx, dy, ring, leader) for dx, dy in directions]
        chosen = None
        for dx, dy, distance, leader in candidates:
            bb = _box(anchor, dx, dy, distance, width, height)
            if self._fits(bb):
                chosen = (dx, dy, distance, leader, bb, False)
                break
        if chosen is None:
            if optional:
                artist.remove()
                return None
            scored = [(self._crowding(_box(anchor, dx, dy, d, width, height)), i)
                      for i, (dx, dy, d, _) in enumerate(candidates)]
            dx, dy, distance, leader = candidates[min(scored)[1]]
            chosen = (dx, dy, distance, leader, _box(anchor, dx, dy, distance, width, height), True)
        dx, dy, distance, leader, bb, overlaps = chosen
        artist.set_position(((bb.x0 + bb.x1) / 2, (bb.y0 + bb.y1) / 2))
        artist.set_horizontalalignment("center")
        artist.set_verticalalignment("center")
        if leader:
            self._leader(anchor, dx, dy, radius, bb)
        self.taken.append(bb)
        height_px = self.fig.bbox.height
        label = PlacedLabel(place_id, text, (float(bb.x0), float(height_px - bb.y1), float(bb.x1),
                                            float(height_px - bb.y0)), leader, overlaps)
        self.placed.append(label)
        return label

    def _leader(self, anchor, dx, dy, radius, bb: Bbox) -> None:
        norm = math.hypot(dx, dy) or 1.0
        start = (anchor[0] + dx / norm * radius * 0.8, anchor[1] + dy / norm * radius * 0.8)
        end = (min(max(start[0], bb.x0), bb.x1), min(max(start[1], bb.y0), bb.y1))
        to_data = self.ax.transData.inverted()
        (x0, y0), (x1, y1) = to_data.transform([start, end])
        self.ax.plot([x0, x1], [y0, y1], color=MUTED, linewidth=0.6, zorder=7)


def _box(anchor, dx, dy, distance, width, height) -> Bbox:
    norm = math.hypot(dx, dy) or 1.0
    x = anchor[0] + dx / norm * distance
    y = anchor[1] + dy / norm * distance
    left = x if dx > 0.3 else x - width if dx < -0.3 else x - width / 2
    bottom = y if dy > 0.3 else y - height if dy < -0.3 else y - height / 2
    return Bbox.from_bounds(left, bottom, width, height)


def _overlap_area(a: Bbox, b: Bbox) -> float:
    w = min(a.x1, b.x1) - max(a.x0, b.x0)
    h = min(a.y1, b.y1) - max(a.y0, b.y0)
    return w * h if w > 0 and h > 0 else 0.0


def _label_text(name: str) -> str:
    return "\n".join(textwrap.wrap(name, 26, break_long_words=False)[:3]) or name


# ---- map furniture --------------------------------------------------------------------------------------------

def _scale_bar(ax, extent, fig: Figure) -> Bbox:
    lon0, lon1, lat0, lat1 = extent
    lat_mid = (lat0 + lat1) / 2
    per_deg = _km_per_deg_lon(lat_mid)
    length = nice_length((lon1 - lon0) * per_deg / 5)
    length_deg = length / per_deg
    x = lon0 + 0.035 * (lon1 - lon0)
    y = lat0 + 0.06 * (lat1 - lat0)
    bar_h = 0.011 * (lat1 - lat0)
    for i, fill in enumerate(("#222222", "white", "#222222", "white")):
        ax.add_patch(Rectangle((x + i * length_deg / 4, y), length_deg / 4, bar_h, facecolor=fill,
                               edgecolor="#222222", linewidth=0.6, zorder=8))
    for fraction, text in ((0, "0"), (0.5, f"{length / 2:g}"), (1, f"{length:g} km")):
        _text(ax, x + fraction * length_deg, y + bar_h * 1.8, text, fontsize=6.5, color=INK, ha="center",
              va="bottom", zorder=8, path_effects=_halo(2))
    hemisphere = "N" if lat_mid >= 0 else "S"
    _text(ax, x, y - bar_h * 0.9, f"Scale true at {abs(lat_mid):.0f}° {hemisphere}", fontsize=5.5, color=MUTED,
          ha="left", va="top", zorder=8, path_effects=_halo(2))
    renderer = fig.canvas.get_renderer()
    a = ax.transData.transform((x, y - bar_h * 2.5))
    b = ax.transData.transform((x + length_deg, y + bar_h * 4.2))
    width_note = _text(ax, 0, 0, "Scale true at 00° N", fontsize=5.5, transform=None)
    note_w = width_note.get_window_extent(renderer).width
    width_note.remove()
    return Bbox.from_extents(a[0] - 18, a[1] - 4, max(b[0], a[0] + note_w) + 28, b[1] + 4)


def _north_arrow(ax, fig: Figure) -> Bbox:
    x, y0, y1 = 0.965, 0.855, 0.945
    ax.annotate("", xy=(x, y1), xytext=(x, y0), xycoords="axes fraction",
                arrowprops=dict(arrowstyle="-|>,head_width=0.35,head_length=0.7", color=INK, linewidth=1.4),
                zorder=8)
    _text(ax, x, y1 + 0.008, "N", transform=ax.transAxes, fontsize=9, fontweight="bold", color=INK, ha="center",
          va="bottom", zorder=8, path_effects=_halo(2))
    (ax0, ay0), (ax1, ay1) = ax.transAxes.transform([(x - 0.02, y0 - 0.01), (x + 0.02, y1 + 0.06)])
    return Bbox.from_extents(ax0, ay0, ax1, ay1)


def page_inches(shape: tuple[float, float] | None = None) -> tuple[float, float]:
    """The image's width and height in inches: the 3:2 sheet, or a slide of the given shape (16:9 is
    3200 x 1800 px), so an image downloaded from a slide drops onto that slide without bars or cropping."""
    if shape is None:
        return WIDTH_IN, HEIGHT_IN
    width = SLIDE_WIDTH_PX / DPI
    return width, round(SLIDE_WIDTH_PX * shape[1] / shape[0]) / DPI


def _locator(fig: Figure, rect, extent, outlines: gpd.GeoDataFrame) -> None:
    """A small overview: where the main map sits in the wider region."""
    lon0, lon1, lat0, lat1 = extent
    c0, c1, c2, c3 = CENTRAL_ASIA
    wide = (max(min(lon0, c0) - 12, OUTLINE_BOX[0]), min(max(lon1, c1) + 12, OUTLINE_BOX[1]),
            max(min(lat0, c2) - 8, OUTLINE_BOX[2]), min(max(lat1, c3) + 8, OUTLINE_BOX[3]))
    fig_w, fig_h = fig.get_size_inches()
    wide = fill_frame(wide, (rect[2] * fig_w) / (rect[3] * fig_h))
    ax = fig.add_axes(rect)
    ax.set_facecolor(WATER)
    _draw_outlines(ax, outlines, box(wide[0], wide[2], wide[1], wide[3]), linewidth=0.25)
    ax.add_patch(Rectangle((lon0, lat0), lon1 - lon0, lat1 - lat0, facecolor=(0.75, 0.22, 0.17, 0.12),
                           edgecolor=EXTENT_RED, linewidth=1.1, zorder=5))
    ax.set_xlim(wide[0], wide[1])
    ax.set_ylim(wide[2], wide[3])
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_edgecolor(BORDER)
        spine.set_linewidth(0.6)
    _text(ax, 0.03, 0.04, "Map area", transform=ax.transAxes, fontsize=6, color=EXTENT_RED, ha="left",
          va="bottom", path_effects=_halo(2))


def _legend(fig: Figure, rect, places: Sequence[Place]) -> None:
    """The legend rows for what is on this map only (a printed map has no room for unused entries), from the
    same entries, labels and strokes as the web legend."""
    ax = fig.add_axes(rect)
    fig_w, fig_h = fig.get_size_inches()
    width_pt = rect[2] * fig_w * 72
    height_pt = rect[3] * fig_h * 72
    ax.set_xlim(0, width_pt)
    ax.set_ylim(height_pt, 0)
    ax.axis("off")
    y = 4.0
    step = 11.5
    for heading, entries in legend(places):
        _text(ax, 0, y, heading, fontsize=7.5, fontweight="bold", color=INK, va="top")
        y += step
        for entry in entries:
            _swatch(ax, entry, y)
            lines = wrap(entry.label, width_pt - 24, 7)
            for i, line in enumerate(lines):
                _text(ax, 22, y + i * 8.5, line, fontsize=7, color=INK, va="top")
            y += step + 8.5 * (len(lines) - 1)
    if not places:
        _text(ax, 0, y, "No places match these filters.", fontsize=7.5, color=MUTED, va="top")


def _swatch(ax, entry, y: float) -> None:
    """One legend entry's picture, in a 16 x 8 pt cell left of its label."""
    if entry.swatch == "fill":
        ax.add_patch(Rectangle((4, y), 12, 8, facecolor=entry.colour, edgecolor=entry.colour))
    elif entry.swatch == "symbol":
        ax.plot([10], [y + 4.5], linestyle="none", **_symbol(entry.shape, entry.hollow, entry.colour, 8))
    elif entry.swatch == "line":
        ax.plot([2, 18], [y + 4.5, y + 4.5], **_stroke(entry.stroke, entry.colour))
    elif entry.swatch == "circle":
        ax.add_patch(Ellipse((10, y + 4.5), 9, 9, **_outlined(entry.stroke, entry.colour)))
    else:
        ax.add_patch(Rectangle((2, y + 0.5), 16, 8, **_outlined(entry.stroke, entry.colour)))


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


def draw_map(atlas: Atlas, places: Sequence[Place], selection: Selection, title: str,
             outlines: Outlines = None,
             export_date: dt.date | str | None = None, show_title: bool = True,
             shape: tuple[float, float] | None = None) -> tuple[Figure, MapImage]:
    """The whole image as a matplotlib figure, plus where its places ended up. A page that prints the title
    itself (the PDF) asks for the image without it; a briefing slide asks for its own shape."""
    outlines = _outlines(outlines)
    places = tuple(places)
    width_in, height_in = page_inches(shape)
    fig = Figure(figsize=(width_in, height_in), dpi=DPI, facecolor="white")
    FigureCanvasAgg(fig)
    margin, panel_w, gap = 0.22, 2.3, 0.18
    map_w = width_in - 2 * margin - panel_w - gap

    title_lines = wrap(title, map_w * 72, 16, weight="bold")[:2] if show_title else []
    summary = wrap(summary_line(atlas, places, selection, export_date), (width_in - 2 * margin) * 72, 8.5)
    sources = wrap(sources_line(cited_sources(atlas, places)), (width_in - 2 * margin) * 72, 7)
    top = height_in - margin
    for i, line in enumerate(title_lines):
        _text(fig, margin / width_in, (top - i * 0.26) / height_in, line, fontsize=16, fontweight="bold",
              color=INK, va="top")
    map_top = top - 0.26 * len(title_lines) - (0.1 if title_lines else 0)
    bottom_text = margin + 0.13 * len(sources) + 0.15 * len(summary)
    y = margin
    for line in reversed(sources):
        _text(fig, margin / width_in, y / height_in, line, fontsize=7, color=MUTED, va="bottom")
        y += 0.13
    for line in reversed(summary):
        _text(fig, margin / width_in, y / height_in, line, fontsize=8.5, color=INK, va="bottom")
        y += 0.15
    map_bottom = bottom_text + 0.08
    map_h = map_top - map_bottom

    ax = fig.add_axes((margin / width_in, map_bottom / height_in, map_w / width_in, map_h / height_in))
    ax.set_facecolor(WATER)
    extent = fill_frame(map_extent(places), map_w / map_h)
    lon0, lon1, lat0, lat1 = extent
    ax.set_xlim(lon0, lon1)
    ax.set_ylim(lat0, lat1)
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_edgecolor("#777777")
        spine.set_linewidth(0.8)
    view = box(lon0, lat0, lon1, lat1)
    _draw_outlines(ax, outlines, view)
    # Symbols that would hide one another are moved apart (producing sites keep their place), and producing
    # sites are drawn last, so the most certain one stays on top.
    singles = {p.id: tuple(ax.transData.transform(_points(p.geometry)[0])) for p in places
               if p.geometry.geom_type == "Point"}
    symbol_px = MARKER_PT * 1.05 * DPI / 72
    moved_px = spread_symbols(singles, {p.id: STATUS_ORDER.get(p.status, 9) for p in places},
                              symbol_px + 6, [symbol_px * k for k in (1.5, 2.2, 3.0, 4.0)])
    to_data = ax.transData.inverted()
    moved = {place_id: tuple(float(v) for v in to_data.transform(xy)) for place_id, xy in moved_px.items()}
    for place in sorted(places, key=lambda p: (_layer_rank(p), -STATUS_ORDER.get(p.status, -1))):
        _draw_place(ax, place, moved.get(place.id))
    ax.set_xlim(lon0, lon1)
    ax.set_ylim(lat0, lat1)

    panel_x = (margin + map_w + gap) / width_in
    locator_h = 1.45
    _locator(fig, (panel_x, (map_top - locator_h) / height_in, panel_w / width_in, locator_h / height_in), extent,
             outlines)
    legend_top = map_top - locator_h - 0.15
    _legend(fig, (panel_x, map_bottom / height_in, panel_w / width_in, (legend_top - map_bottom) / height_in), places)

    obstacles = [_scale_bar(ax, extent, fig), _north_arrow(ax, fig)]
    def to_px(xy) -> tuple[float, float]:
        x, y = ax.transData.transform(xy)
        return float(x), float(y)

    radius_px = (MARKER_PT * 1.05 / 2 + 1.2) * DPI / 72 + 2  # the largest symbol, with its outline
    anchors: dict[str, tuple[float, float]] = {}
    for place in places:
        for xy in _points(place.geometry):
            cx, cy = (float(v) for v in to_px(moved.get(place.id, xy)))
            obstacles.append(Bbox.from_extents(cx - radius_px, cy - radius_px, cx + radius_px, cy + radius_px))
    labeller = _Labeller(fig, ax, obstacles)
    style = dict(fontsize=LABEL_PT, color=INK, zorder=9, path_effects=_halo(), linespacing=1.1)
    height_px = float(fig.bbox.height)

    def ranked(place: Place):
        return STATUS_ORDER.get(place.status, 9), places.index(place)

    for place in sorted((p for p in places if _points(p.geometry)), key=ranked):
        anchor = tuple(to_px(moved.get(place.id, _points(place.geometry)[0])))
        anchors[place.id] = (anchor[0], height_px - anchor[1])
        labeller.place(place.id, _label_text(place.name), anchor, radius_px + 4, **style)
    for place in places:
        if place.kind == "country" or _points(place.geometry):
            continue
        visible = place.geometry.intersection(view)
        if visible.is_empty:
            continue
        if place.kind == "corridor" or not _polygons(visible):
            parts = [g for g in getattr(visible, "geoms", [visible]) if g.geom_type == "LineString"]
            point = max(parts, key=lambda g: g.length).interpolate(0.5, normalized=True) if parts \
                else visible.centroid
            anchor = tuple(to_px((point.x, point.y)))
            label_style = dict(style, fontstyle="italic")
            labeller.place(place.id, _label_text(place.name), anchor, 10, directions=LINE_DIRECTIONS, **label_style)
        else:
            point = visible.representative_point()
            anchor = tuple(to_px((point.x, point.y)))
            labeller.place(place.id, _label_text(place.name), anchor, 8, centred=True, **style)
        anchors[place.id] = (anchor[0], height_px - anchor[1])
    for iso3, name, geometry in zip(outlines["iso3"], outlines["name"], outlines.geometry):
        part = geometry.intersection(view) if geometry is not None else None
        if part is None or part.is_empty or part.area < 0.02 * view.area:
            continue
        point = part.representative_point()
        labeller.place(f"country:{iso3}", name.upper(), tuple(to_px((point.x, point.y))), 0, centred=True,
                       optional=True, fontsize=6.5, color="#7a7a7a", zorder=2.5, path_effects=_halo(1.5))

    frame = ax.get_window_extent()
    image = MapImage(width=int(round(width_in * DPI)), height=int(round(height_in * DPI)), dpi=DPI, extent=extent,
                     axes_box=(float(frame.x0), float(height_px - frame.y1), float(frame.x1),
                               float(height_px - frame.y0)), anchors=anchors,
                     labels=tuple(label for label in labeller.placed if not label.place_id.startswith("country:")),
                     alt=alt_text(atlas, places, selection, title))
    return fig, image


def _metadata(atlas: Atlas, title: str, alt: str) -> dict:
    return {"Title": title, "Description": alt, "Source": f"{atlas.title}, data as of {atlas.as_of}",
            "Copyright": OUTLINE_CREDIT}


def export_png(atlas: Atlas, places: Sequence[Place], selection: Selection, title: str,
               outlines: Outlines, path: str | Path | BinaryIO,
               export_date: dt.date | str | None = None, show_title: bool = True,
               shape: tuple[float, float] | None = None) -> MapImage:
    """Write the map as a 300 dpi PNG (3150 x 2100 px, or a slide's shape) to a path or binary file; the alt text
    rides along in the PNG's Description field."""
    fig, image = draw_map(atlas, places, selection, title, outlines, export_date, show_title, shape)
    target = str(path) if isinstance(path, Path) else path
    fig.savefig(target, format="png", dpi=DPI, facecolor="white", metadata=_metadata(atlas, title, image.alt))
    return image


def png_bytes(atlas: Atlas, places: Sequence[Place], selection: Selection, title: str,
              outlines: Outlines = None,
              export_date: dt.date | str | None = None, show_title: bool = True,
              shape: tuple[float, float] | None = None) -> tuple[bytes, MapImage]:
    buffer = io.BytesIO()
    image = export_png(atlas, places, selection, title, outlines, buffer, export_date, show_title, shape)
    return buffer.getvalue(), image
