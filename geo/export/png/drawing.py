"""Drawing on a print map: the paper palette, text, country outlines, and each place in the app's symbology.

Everything is drawn on a bare `Figure` (the Agg canvas, never pyplot), so concurrent app sessions do not share
drawing state. Colours, shapes and line styles come from `geo.style`; only paper sizes are set here.
"""
from __future__ import annotations

import math
from typing import Mapping, Sequence

import geopandas as gpd
from matplotlib import patheffects
from matplotlib.colors import to_rgba
from matplotlib.patches import Ellipse, PathPatch
from shapely.geometry.base import BaseGeometry

from geo.model import Place
from geo.style import (LEADER, LEADER_DOT, STATUS_RANK, UNCERTAINTY, Stroke, is_uncertain, mineral_class,
                       status_shape, stroke_of)
from geo.export.png.extent import KM_PER_DEG_LAT, km_per_deg_lon
from geo.export.png.geometry import line_coords, point_coords, polygon_path
from geo.export.wording import FONT

REGION = frozenset({"KAZ", "UZB", "KGZ", "TJK", "TKM"})
WATER = "#e4edf2"
REGION_FILL = "#ebe7da"
NEIGHBOUR_FILL = "#f7f6f2"
BORDER = "#8f8f8f"
INK = "#222222"
MUTED = "#555555"
EXTENT_RED = "#c0392b"

MARKERS = {"circle": ("o", 1.0), "square": ("s", 0.88), "triangle": ("^", 1.05), "diamond": ("D", 0.78)}
MARKER_PT = 10.0
# 0 for producing sites, then down the symbology's status rank.
STATUS_ORDER = {key: i for i, key in enumerate(sorted(STATUS_RANK, key=STATUS_RANK.get, reverse=True))}


def map_text(target, x, y, text, **kwargs):
    """All text through one door: our font, and no mathtext, so '$500 million' stays money."""
    kwargs.setdefault("fontfamily", FONT)
    return target.text(x, y, text, parse_math=False, **kwargs)


def halo(width: float = 2.4):
    return [patheffects.withStroke(linewidth=width, foreground="white")]


def draw_outlines(ax, outlines: gpd.GeoDataFrame, view: BaseGeometry, linewidth: float = 0.5) -> None:
    for iso3, geometry in zip(outlines["iso3"], outlines.geometry):
        if geometry is None or not geometry.intersects(view):
            continue
        path = polygon_path(geometry)
        if path is not None:
            fill = REGION_FILL if iso3 in REGION else NEIGHBOUR_FILL
            ax.add_patch(PathPatch(path, facecolor=fill, edgecolor=BORDER, linewidth=linewidth, zorder=1))


def line_options(stroke: Stroke, colour: str | None = None) -> dict:
    """matplotlib line options for a symbology stroke; `colour` is the mineral colour, for a stroke with none."""
    dashes = stroke.print_dashes()
    return dict(color=to_rgba(stroke.colour or colour, stroke.opacity), linewidth=stroke.print_weight,
                linestyle=(0, dashes) if dashes else "solid")


def patch_options(stroke: Stroke, colour: str | None = None) -> dict:
    """matplotlib patch options for a symbology stroke with its fill."""
    line = line_options(stroke, colour)
    fill = to_rgba(stroke.fill or stroke.colour or colour, stroke.fill_opacity) if stroke.fill_opacity else "none"
    return dict(facecolor=fill, edgecolor=line["color"], linewidth=line["linewidth"], linestyle=line["linestyle"])


def marker_style(place: Place) -> dict:
    return symbol_options(*status_shape(place.status), mineral_class(place).colour, MARKER_PT)


def symbol_options(shape: str, hollow: bool, colour: str, size: float) -> dict:
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


def draw_place(ax, place: Place, moved_to: tuple[float, float] | None = None) -> None:
    """One place in its symbol; a point moved apart from another keeps a dot at its true position and a leader
    line to its symbol."""
    geometry = place.geometry
    colour = mineral_class(place).colour
    stroke = stroke_of(place)
    path = polygon_path(geometry)
    if path is not None:
        ax.add_patch(PathPatch(path, zorder=2 if place.kind == "country" else 3, **patch_options(stroke, colour)))
    if place.kind == "country":
        return
    for line in line_coords(geometry):
        ax.plot(line[:, 0], line[:, 1], solid_capstyle="round", zorder=4, **line_options(stroke, colour))
    points = point_coords(geometry)
    if points and is_uncertain(place):
        for x, y in points:
            ax.add_patch(Ellipse((x, y), 2 * place.precision.km / km_per_deg_lon(y),
                                 2 * place.precision.km / KM_PER_DEG_LAT, zorder=5, **patch_options(UNCERTAINTY)))
    for x, y in points:
        if moved_to is not None:
            ax.plot([x, moved_to[0]], [y, moved_to[1]], zorder=5.5, **line_options(LEADER))
            ax.plot([x], [y], marker="o", markersize=2.6, color=LEADER_DOT.colour, linestyle="none", zorder=5.6)
            x, y = moved_to
        ax.plot([x], [y], linestyle="none", zorder=6, **marker_style(place))


def layer_rank(place: Place) -> int:
    if place.kind == "country":
        return 0
    if place.geometry.geom_type in ("Polygon", "MultiPolygon"):
        return 1
    if place.geometry.geom_type in ("LineString", "MultiLineString"):
        return 2
    return 3


def draw_places(ax, places: Sequence[Place]) -> dict[str, tuple[float, float]]:
    """Every place on the map axes; returns where symbols moved apart were drawn (place id: lon, lat).

    Symbols that would hide one another are moved apart (producing sites keep their place), and producing sites
    are drawn last, so the most certain one stays on top."""
    singles = {p.id: tuple(ax.transData.transform(point_coords(p.geometry)[0])) for p in places
               if p.geometry.geom_type == "Point"}
    symbol_px = MARKER_PT * 1.05 * ax.figure.dpi / 72
    moved_px = spread_symbols(singles, {p.id: STATUS_ORDER.get(p.status, 9) for p in places},
                              symbol_px + 6, [symbol_px * k for k in (1.5, 2.2, 3.0, 4.0)])
    to_data = ax.transData.inverted()
    moved = {place_id: tuple(float(v) for v in to_data.transform(xy)) for place_id, xy in moved_px.items()}
    for place in sorted(places, key=lambda p: (layer_rank(p), -STATUS_ORDER.get(p.status, -1))):
        draw_place(ax, place, moved.get(place.id))
    return moved
