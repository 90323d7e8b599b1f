"""Names on a print map, placed so that none hides another, a symbol, the scale bar or the north arrow.

The placer is hand-made rather than a library's: it knows the app's symbols, prefers cartographers' positions
around each one, and reports each label's box and whether it still overlaps, which the tests and the PDF read.
"""
from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass
from typing import Mapping, Sequence

import geopandas as gpd
from matplotlib.figure import Figure
from matplotlib.transforms import Bbox
from shapely.geometry.base import BaseGeometry

from geo.model import Place
from geo.export.png.drawing import INK, MUTED, STATUS_ORDER, halo, map_text
from geo.export.png.geometry import point_coords, polygon_parts

LABEL_PT = 7.5
# Label directions in the cartographers' order of preference: right, upper right, lower right, left, ...
DIRECTIONS = ((1, 0), (0.7, 0.7), (0.7, -0.7), (-1, 0), (-0.7, 0.7), (-0.7, -0.7), (0, 1), (0, -1))
# A line's label sits above or below it first, not on it.
LINE_DIRECTIONS = ((0, 1), (0, -1), (0.7, 0.7), (-0.7, 0.7), (0.7, -0.7), (-0.7, -0.7), (1, 0), (-1, 0))


@dataclass(frozen=True)
class PlacedLabel:
    place_id: str
    text: str
    box: tuple[float, float, float, float]  # left, top, right, bottom in image pixels
    leader: bool = False
    overlaps: bool = False


class Labeller:
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
        artist = map_text(self.ax, 0, 0, text, transform=None, **style)
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


def label_text(name: str) -> str:
    return "\n".join(textwrap.wrap(name, 26, break_long_words=False)[:3]) or name


def label_map(ax, places: Sequence[Place], moved: Mapping[str, tuple[float, float]], view: BaseGeometry,
              outlines: gpd.GeoDataFrame, obstacles: list[Bbox], symbol_radius_px: float
              ) -> tuple[dict[str, tuple[float, float]], tuple[PlacedLabel, ...]]:
    """Label every place (points by status rank, then areas and lines), then the outline countries where there is
    room. Returns each place's anchor (pixels from the top-left corner) and its placed label."""
    fig = ax.figure

    def to_px(xy) -> tuple[float, float]:
        x, y = ax.transData.transform(xy)
        return float(x), float(y)

    obstacles = list(obstacles)
    for place in places:
        for xy in point_coords(place.geometry):
            cx, cy = to_px(moved.get(place.id, xy))
            obstacles.append(Bbox.from_extents(cx - symbol_radius_px, cy - symbol_radius_px, cx + symbol_radius_px,
                                               cy + symbol_radius_px))
    labeller = Labeller(fig, ax, obstacles)
    style = dict(fontsize=LABEL_PT, color=INK, zorder=9, path_effects=halo(), linespacing=1.1)
    height_px = float(fig.bbox.height)
    anchors: dict[str, tuple[float, float]] = {}

    def ranked(place: Place):
        return STATUS_ORDER.get(place.status, 9), places.index(place)

    for place in sorted((p for p in places if point_coords(p.geometry)), key=ranked):
        anchor = to_px(moved.get(place.id, point_coords(place.geometry)[0]))
        anchors[place.id] = (anchor[0], height_px - anchor[1])
        labeller.place(place.id, label_text(place.name), anchor, symbol_radius_px + 4, **style)
    for place in places:
        if place.kind == "country" or point_coords(place.geometry):
            continue
        visible = place.geometry.intersection(view)
        if visible.is_empty:
            continue
        if place.kind == "corridor" or not polygon_parts(visible):
            parts = [g for g in getattr(visible, "geoms", [visible]) if g.geom_type == "LineString"]
            point = max(parts, key=lambda g: g.length).interpolate(0.5, normalized=True) if parts \
                else visible.centroid
            anchor = to_px((point.x, point.y))
            label_style = dict(style, fontstyle="italic")
            labeller.place(place.id, label_text(place.name), anchor, 10, directions=LINE_DIRECTIONS, **label_style)
        else:
            point = visible.representative_point()
            anchor = to_px((point.x, point.y))
            labeller.place(place.id, label_text(place.name), anchor, 8, centred=True, **style)
        anchors[place.id] = (anchor[0], height_px - anchor[1])
    for iso3, name, geometry in zip(outlines["iso3"], outlines["name"], outlines.geometry):
        part = geometry.intersection(view) if geometry is not None else None
        if part is None or part.is_empty or part.area < 0.02 * view.area:
            continue
        point = part.representative_point()
        labeller.place(f"country:{iso3}", name.upper(), to_px((point.x, point.y)), 0, centred=True,
                       optional=True, fontsize=6.5, color="#7a7a7a", zorder=2.5, path_effects=halo(1.5))
    return anchors, tuple(label for label in labeller.placed if not label.place_id.startswith("country:"))
